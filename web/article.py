"""Article page: the text with its mentions highlighted by class, and the facts drawn from it."""

from __future__ import annotations

from flask import Blueprint

from kg.explore import as_iri
from kg.explore.articles import article_view
from kg.vocab import ID
from web.render import page, wants_json
from web.state import get_store

bp = Blueprint("article", __name__)


@bp.get("/article/<path:key>")
def show(key: str):
    view = article_view(get_store(), as_iri(f"{ID}article/{key}"))
    segments = view.pop("segments")
    if wants_json():
        return page("article.html", view)
    return page("article.html", view, segments=segments)
