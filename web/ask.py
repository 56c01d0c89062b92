"""Ask: a question in English, its answer, the chain of facts, the evidence and the SPARQL."""

from __future__ import annotations

from flask import Blueprint, request, url_for
from werkzeug.exceptions import BadRequest, ServiceUnavailable

from web.render import page
from web.state import get_store

bp = Blueprint("ask", __name__)

MAX_QUESTION = 500


@bp.get("/ask")
def ask_page():
    question = (request.args.get("q") or "").strip()
    if not question:
        return page("ask.html", {"question": None})
    if len(question) > MAX_QUESTION:
        raise BadRequest(f"the question is {len(question)} characters long; ask in at most {MAX_QUESTION}")
    result = dict(_ask()(get_store(), question))
    result.setdefault("question", question)
    if result.get("sparql"):
        result["console_url"] = url_for("sparql.console", query=result["sparql"])
    return page("ask.html", result)


def _ask():
    try:
        from kg.ask import ask
    except ImportError as exc:
        raise ServiceUnavailable(f"question answering (kg.ask) is not available in this install: {exc}") from None
    return ask
