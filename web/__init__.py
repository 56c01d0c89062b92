"""The lore-kg web explorer: a Flask app over the knowledge graph.

    app = create_app({"STORE": "var/demo-store"})

One blueprint per page group (home and ingest, graph, entity, article, ask, SPARQL console and
endpoint); the queries live in `kg.explore` and `kg.query.guard`, never in the views. Every
HTML page has a JSON twin (``?format=json``) and every error one JSON shape (`web.errors`).
Settings: `web.settings.SETTINGS`.
"""

from __future__ import annotations

import atexit
import secrets

from flask import Flask

from web.settings import DEFAULTS

__all__ = ["create_app"]


def create_app(config: dict | None = None, *, lore=None) -> Flask:
    """The app: settings' defaults, then LORE_* environment variables, then `config`.

    `lore`: the core object (kg.core.Lore) to serve, as `kg serve` gives it; by default one is
    made from the STORE, MODEL and EXTRACTOR settings."""
    from web import article, ask, entity, errors, graph, home, security, sparql, state
    from web.render import entity_url, json_url, relation_label

    app = Flask(__name__)
    app.config.update(DEFAULTS)
    app.config.from_prefixed_env("LORE")
    app.config.update(config or {})
    _derived_settings(app)
    app.json.sort_keys = False  # keep the documented order: {"error": {"status", "title", "detail"}}

    state.init_app(app, lore)
    atexit.register(app.extensions["lore"].close)
    errors.init_app(app)
    security.init_app(app)
    app.jinja_env.globals.update(entity_url=entity_url, json_url=json_url, relation_label=relation_label)
    for module in (home, graph, entity, article, ask, sparql):
        app.register_blueprint(module.bp)
    return app


def _derived_settings(app: Flask) -> None:
    from web.security import is_loopback

    config = app.config
    if not config.get("SECRET_KEY"):
        config["SECRET_KEY"] = secrets.token_hex(32)
    config["MAX_FORM_MEMORY_SIZE"] = config["MAX_CONTENT_LENGTH"]  # pasted text up to the cap
    config.update(SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax")
    host = str(config["HOST"])
    # No DNS rebinding onto a loopback server. (Werkzeug cannot match IPv6 host names: ::1 is left open.)
    if config.get("TRUSTED_HOSTS") is None and is_loopback(host) and ":" not in host:
        config["TRUSTED_HOSTS"] = sorted({"localhost", "127.0.0.1", host})
