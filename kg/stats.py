"""Counts per class and per predicate, and the articles in the store."""

from __future__ import annotations

from kg.query.formats import short
from kg.store.base import Store

CLASS_COUNTS = """
SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?class }
GROUP BY ?class ORDER BY DESC(?n) ?class
"""
PREDICATE_COUNTS = """
SELECT ?p (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }
GROUP BY ?p ORDER BY DESC(?n) ?p
"""
ARTICLE_COUNT = "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a lore:Article }"


def stats(store: Store) -> dict:
    classes = {short(r[0]): int(r[1]) for r in store.query(CLASS_COUNTS).rows}
    predicates = {short(r[0]): int(r[1]) for r in store.query(PREDICATE_COUNTS).rows}
    articles = int(store.query(ARTICLE_COUNT).rows[0][0])
    return {
        **store.describe(),
        "quads": len(store),
        "graphs": len(store.graphs()),
        "articles": articles,
        "classes": classes,
        "predicates": predicates,
    }


def format_stats(data: dict) -> str:
    lines = [
        f"store     {data['store']} {data['location']}".rstrip(),
        f"quads     {data['quads']}",
        f"graphs    {data['graphs']}",
        f"articles  {data['articles']}",
        "",
        "per class:",
    ]
    lines += [f"  {n:>8}  {c}" for c, n in data["classes"].items()] or ["  (none)"]
    lines += ["", "per predicate:"]
    lines += [f"  {n:>8}  {p}" for p, n in data["predicates"].items()] or ["  (none)"]
    return "\n".join(lines)
