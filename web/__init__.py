"""The lore-kg web explorer: a Flask app over the knowledge graph.

    app = create_app({"STORE": "var/demo-store"})

One blueprint per page group (home and ingest, graph, entity, article, ask, SPARQL console and
endpoint); the queries live in `kg.explore` and `kg.sparql_guard`, never in the views. Every
HTML page has a JSON twin (``?format=json``) and every error one JSON shape (`web.errors`).
Settings: `web.settings.SETTINGS`.
"""

from __future__ import annotations

import atexit
import secrets

from flask import Flask

from web.settings import DEFAULTS

__all__ = ["create_app"]


def create_app(config: dict | None = None) -> Flask:
    """The app: settings' defaults, then LORE_* environment variables, then `config`."""
    app = Flask(__name__)
    app.config.update(DEFAULTS)
    app.config.from_prefixed_env("LORE")
    app.config.update(config or {})
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = secrets.token_hex(32)
    app.config.setdefault("MAX_FORM_MEMORY_SIZE", app.config["MAX_CONTENT_LENGTH"])
    app.config["MAX_FORM_MEMORY_SIZE"] = app.config["MAX_CONTENT_LENGTH"]  # pasted text up to the cap
    app.config.update(SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax", JSON_SORT_KEYS=False)

    from web import errors, security, state
    from web.render import entity_url

    state.init_app(app)
    atexit.register(app.extensions["lore"].close)
    errors.init_app(app)
    security.init_app(app)
    app.jinja_env.globals.update(entity_url=entity_url)

    from web import article, ask, entity, graph, home, sparql

    for module in (home, graph, entity, article, ask, sparql):
        app.register_blueprint(module.bp)
    return app
