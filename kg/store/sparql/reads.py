"""The remote store's own reads of the dataset (`quads`, `graphs`, `len`), whole or in pages.

Virtuoso cuts SELECT answers at its ResultSetMaxRows (10,000 by default). These reads take one
answer while the endpoint has never cut one, and keyset pages (`kg.query.sparql.keyset_rows`:
ordered by STR(), never an OFFSET past Virtuoso's 10,000-row sort limit) once it has
(`Store.cuts_answers`, learned from the endpoint's X-SPARQL-MaxRows header). `quads()` reads
whole graphs, up to 50 in one UNION query. System graphs (kg.store.sparql.dialect), staging
graphs (kg.store.sparql.writes) and the graph standing for the default graph are left out as the
Store interface says: the default graph's quads come with graph None.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from rdflib import URIRef

from kg.errors import StoreError
from kg.query.sparql import keyset_rows
from kg.store.sparql.results import json_term
from kg.store.sparql.writes import STAGING_PREFIX, staging_graphs

if TYPE_CHECKING:
    from kg.store.base import Quad
    from kg.store.sparql.store import SparqlStore

__all__ = ["count", "graph_keys", "graph_quads", "graphs", "quads", "staging_graph_names"]

BATCH_GRAPHS = 50  # graphs per UNION query of `quads`


def graph_keys(store: SparqlStore, *, counts: bool) -> Iterator[tuple[str, dict, int]]:
    """(sort key, graph binding, count) of every graph, staging and system graphs included: in one
    answer while the endpoint has not cut one, else in keyset pages by STR(?g)."""
    count_ = "(COUNT(*) AS ?n)" if counts else ""
    text = f"SELECT ?g (STR(?g) AS ?k) {count_} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }} GROUP BY ?g"
    rows: Iterable[tuple] | None = None
    if not store.cuts_answers:
        _, whole, cap = store.select(text)
        if cap is None:
            rows = sorted(whole, key=lambda r: r[1]["value"])
    if rows is None:
        rows = _pages(store, text, "g", lambda r: r[1]["value"],
                      lambda n: StoreError(f"the SPARQL endpoint {store.location} repeats graphs in its answer"))
    for row in rows:
        yield row[1]["value"], row[0], int(row[2]["value"]) if counts and row[2] else 0


def graphs(store: SparqlStore) -> list[URIRef]:
    out = []
    for _, binding, _ in graph_keys(store, counts=False):
        g = json_term(binding)
        if isinstance(g, URIRef) and g != store.default_graph and store.visible(g):
            out.append(g)
    return sorted(out)


def quads(store: SparqlStore, graph: URIRef | None = None) -> Iterator[Quad]:
    if graph is not None:
        if graph == store.default_graph or not store.visible(graph):
            return
        yield from graph_quads(store, URIRef(graph))
        return
    batch: list[tuple[URIRef, int]] = []
    total = 0
    budget = store.page * 9 // 10
    for _, binding, n in graph_keys(store, counts=True):
        g = json_term(binding)
        if not isinstance(g, URIRef) or not store.visible(g):
            continue
        if n > budget:
            yield from graph_quads(store, g)
            continue
        if batch and (total + n > budget or len(batch) >= BATCH_GRAPHS):
            yield from _batch_quads(store, batch)
            batch, total = [], 0
        batch.append((g, n))
        total += n
    if batch:
        yield from _batch_quads(store, batch)


def _as_quad(store: SparqlStore, s, p, o, g: URIRef) -> Quad:
    return (json_term(s), json_term(p), json_term(o), None if g == store.default_graph else g)


def _batch_quads(store: SparqlStore, batch: list[tuple[URIRef, int]]) -> Iterator[Quad]:
    # A UNION of one branch per graph: Virtuoso runs it three times faster than VALUES ?g or
    # FILTER(?g IN (...)) over the same graphs (measured at 1M quads).
    union = " UNION ".join(f"{{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g = {g.n3()}) }}" for g, _ in batch)
    _, rows, cap = store.select(f"SELECT ?g ?s ?p ?o WHERE {{ {union} }}")
    if cap is not None:  # the endpoint cuts answers below our page size: graph by graph, in pages
        for g, _ in batch:
            yield from graph_quads(store, g)
        return
    if len(rows) < sum(n for _, n in batch):
        raise StoreError(f"the SPARQL endpoint {store.location} returned fewer quads than it counted "
                         f"({len(rows)} < {sum(n for _, n in batch)}); is a writer busy? try again")
    for g, s, p, o in rows:
        yield _as_quad(store, s, p, o, URIRef(g["value"]))


def graph_quads(store: SparqlStore, graph: URIRef) -> Iterator[Quad]:
    """The triples of one graph, in keyset pages of whole subjects (by STR(?s))."""
    text = f"SELECT ?s ?p ?o (STR(?s) AS ?k) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g = {graph.n3()}) }}"

    def too_many(n: int) -> StoreError:
        return StoreError(f"one subject has more than {n:,} triples in {graph}; lore-kg cannot read it in "
                          "pages: raise the endpoint's row cap (Virtuoso: ResultSetMaxRows in virtuoso.ini [SPARQL])")

    for s, p, o, _ in _pages(store, text, "s", lambda r: r[3]["value"], too_many):
        yield _as_quad(store, s, p, o, graph)


def _pages(store: SparqlStore, text: str, key: str, key_of, too_many) -> Iterator[tuple]:
    """The rows (raw JSON bindings) of the store's own `text`, in keyset pages of `store.page`
    by STR(?key) (kg.query.sparql.keyset_rows)."""
    def fetch(page_text: str) -> tuple[list[tuple], bool]:
        _, rows, cap = store.select(page_text)
        return rows, cap is not None

    return keyset_rows(fetch, text, key, key_of, page=store.page, too_many=too_many)


def count(store: SparqlStore) -> int:
    """Quads in the dataset: everything, less the hidden and the staging graphs."""
    hidden = sorted(store.dialect.hidden)
    not_hidden = ""
    if hidden and not store.dialect.virtuoso:  # Virtuoso: the pragmas hide them already
        not_hidden = f"FILTER(?g NOT IN ({', '.join(URIRef(g).n3() for g in hidden)}))"
    # Everything, less the staging graphs: a STRSTARTS filter on every quad costs 25 times more.
    _, rows, _ = store.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {not_hidden} }}")
    total = int(rows[0][0]["value"]) if rows and rows[0][0] else 0
    for staging, _ in staging_graphs(store):
        _, rows, _ = store.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g = {staging.n3()}) }}")
        total -= int(rows[0][0]["value"]) if rows and rows[0][0] else 0
    return total


def staging_graph_names(store: SparqlStore) -> list[URIRef]:
    """Every staging graph, found by its name (a staging graph whose marker is gone included)."""
    return [URIRef(b["value"]) for _, b, _ in graph_keys(store, counts=False)
            if b and b.get("value", "").startswith(STAGING_PREFIX)]
