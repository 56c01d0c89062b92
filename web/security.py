"""CSRF tokens, the ingest token, and the headers every response carries.

- CSRF: one random token per session (in Flask's signed session cookie), sent back by every
  POST that changes the store (the ingest form's hidden field, or an X-CSRF-Token header).
  The SPARQL endpoint's POST is read-only and exempt: standard clients post queries.
- Ingest on a server bound to anything but a loopback address needs INGEST_TOKEN, and is off
  without one.
- Content-Security-Policy: scripts from this site only (plus a per-request nonce for the graph
  frame's inline script), so that even a stored `<script>` that escaped escaping would not run.
"""

from __future__ import annotations

import hmac
import ipaddress
import secrets

from flask import Flask, current_app, g, request, session
from werkzeug.exceptions import Forbidden

CSRF_KEY = "csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"


def csrf_token() -> str:
    if CSRF_KEY not in session:
        session[CSRF_KEY] = secrets.token_urlsafe(32)
    return session[CSRF_KEY]


def check_csrf() -> None:
    sent = request.form.get(CSRF_FIELD) or request.headers.get(CSRF_HEADER) or ""
    expected = session.get(CSRF_KEY) or ""
    if not expected or not hmac.compare_digest(sent.encode(), expected.encode()):
        raise Forbidden("the form's CSRF token is missing or does not match this session; "
                        "reload the page and submit the form again")


def is_loopback(host: str | None) -> bool:
    host = (host or "").strip().strip("[]")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def ingest_policy() -> dict:
    """{"enabled", "token_required", "reason"} for this server's HOST and INGEST_TOKEN."""
    host, token = current_app.config["HOST"], current_app.config["INGEST_TOKEN"]
    if is_loopback(host):
        return {"enabled": True, "token_required": bool(token), "reason": None}
    if token:
        return {"enabled": True, "token_required": True, "reason": None}
    return {"enabled": False, "token_required": True,
            "reason": f"ingest is off: this server listens on {host}, not on a loopback address, "
                      "and no INGEST_TOKEN is set; set one (LORE_INGEST_TOKEN) to allow ingest"}


def check_ingest_allowed() -> None:
    policy = ingest_policy()
    if not policy["enabled"]:
        raise Forbidden(policy["reason"])
    if policy["token_required"]:
        sent = request.form.get("token") or ""
        auth = request.headers.get("Authorization", "")
        if auth.startswith("Bearer "):
            sent = sent or auth[len("Bearer "):]
        if not hmac.compare_digest(sent.encode(), str(current_app.config["INGEST_TOKEN"]).encode()):
            raise Forbidden("ingest needs the server's ingest token (field 'token' or an "
                            "'Authorization: Bearer' header); it is missing or wrong")


def csp_nonce() -> str:
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return g.csp_nonce


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(csrf_token=csrf_token, csp_nonce=csp_nonce)

    @app.after_request
    def headers(response):
        script = "'self'" + (f" 'nonce-{g.csp_nonce}'" if "csp_nonce" in g else "")
        response.headers.setdefault(
            "Content-Security-Policy",
            f"default-src 'self'; script-src {script}; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; "
            "frame-ancestors 'self'")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response
