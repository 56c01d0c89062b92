"""One error shape for every error, as JSON and as an HTML page:

    {"error": {"status": 404, "title": "Not Found", "detail": "what happened and what to do"}}

A SPARQL syntax error adds "line" and "column" to the same object.
"""

from __future__ import annotations

import logging

from flask import Flask, jsonify, render_template
from werkzeug.exceptions import HTTPException

from kg.errors import (
    ArticleNotFoundError, DocumentTooLargeError, LoreError, PrivateAddressError, QueryRejectedError,
    QuerySyntaxError, QueryTimeoutError, SourceError, StoreError, StoreLockedError, UnknownEntityError,
)
from web.render import wants_json

log = logging.getLogger(__name__)

# Most specific first.
STATUS: list[tuple[type[LoreError], int, str]] = [
    (UnknownEntityError, 404, "Not Found"),
    (ArticleNotFoundError, 404, "Not Found"),
    (QuerySyntaxError, 400, "Invalid SPARQL"),
    (QueryRejectedError, 403, "Query Not Allowed"),
    (QueryTimeoutError, 503, "Query Timed Out"),
    (DocumentTooLargeError, 413, "Content Too Large"),
    (PrivateAddressError, 422, "Address Not Allowed"),
    (SourceError, 422, "Cannot Read the Article"),
    (StoreLockedError, 409, "Store Busy"),
    (StoreError, 503, "Store Unavailable"),
    (LoreError, 400, "Bad Request"),
]


def error_payload(status: int, title: str, detail: str, **extra) -> dict:
    return {"error": {"status": int(status), "title": str(title), "detail": str(detail), **extra}}


def error_response(status: int, title: str, detail: str, **extra):
    payload = error_payload(status, title, detail, **extra)
    if wants_json():
        return jsonify(payload), status
    return render_template("error.html", error=payload["error"]), status


def lore_error_response(exc: LoreError):
    for cls, status, title in STATUS:
        if isinstance(exc, cls):
            break
    extra = {}
    if isinstance(exc, QuerySyntaxError) and exc.line is not None:
        extra = {"line": exc.line, "column": exc.column}
    return error_response(status, title, str(exc), **extra)


def init_app(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        response = error_response(exc.code or 500, exc.name, exc.description or exc.name)
        if exc.code == 405 and exc.valid_methods:
            body, status = response
            return body, status, {"Allow": ", ".join(exc.valid_methods)}
        return response

    @app.errorhandler(LoreError)
    def lore_error(exc: LoreError):
        return lore_error_response(exc)

    if app.testing:
        return  # let tests see the traceback

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):
        log.exception("unexpected error")
        return error_response(500, "Internal Server Error",
                              "something went wrong on the server; the log has the details")
