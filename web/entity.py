"""Entity page: label, aliases, class, facts in both directions with their evidence."""

from __future__ import annotations

from flask import Blueprint, redirect, request, url_for
from werkzeug.exceptions import NotFound

from kg.explore import as_iri
from kg.explore.entities import entity_facts, entity_summary
from kg.vocab import ID, LORE
from web.render import entity_url, page
from web.state import get_store

bp = Blueprint("entity", __name__)


@bp.get("/entity/<path:key>")
def show(key: str):
    return _entity(as_iri(str(ID) + key))


@bp.get("/entity/")
def by_iri():
    iri = (request.args.get("iri") or "").strip()
    if not iri:
        raise NotFound("give the entity's IRI: /entity/?iri=...")
    return _entity(as_iri(iri))


def _entity(iri):
    store = get_store()
    summary = entity_summary(store, iri)
    if summary["class"] == str(LORE.Article) and entity_url(iri).startswith("/article/"):
        return redirect(entity_url(iri))
    data = {
        "entity": summary,
        "facts": entity_facts(store, iri),
        "graph_url": url_for("graph.network", focus=summary["iri"], depth=1),
        "explore_url": url_for("graph.show", focus=summary["iri"], depth=2),
    }
    return page("entity.html", data)
