"""The graph page's data: class counts, the whole graph cut to its most connected entities, neighbourhoods, relation choices."""

from __future__ import annotations

from collections import defaultdict

from rdflib import URIRef

from kg.explore import (
    DOMAIN_CLASSES, DOMAIN_FILTER, MAX_DEPTH, all_rows, as_iri, class_label, labels_of, make_node, relation_label,
)
from kg.query.sparql import chunks, values_block
from kg.store.base import Store

__all__ = ["EDGES", "class_counts", "graph_data", "neighbourhood", "relation_choices"]

CLASS_COUNTS = """SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c }
GROUP BY ?c ORDER BY DESC(?n) ?c"""


def class_counts(store: Store) -> list[dict]:
    """[{"class", "label", "count", "domain"}]: domain classes first, then the rest."""
    rows = [(r[0], int(r[1])) for r in store.query(CLASS_COUNTS).rows if isinstance(r[0], URIRef)]
    out = [{"class": str(c), "label": class_label(c), "count": n, "domain": c in DOMAIN_CLASSES}
           for c, n in rows]
    return sorted(out, key=lambda d: (not d["domain"], -d["count"], d["label"]))


# --- the graph -------------------------------------------------------------------------------

# Edges and nodes check classes with FILTER EXISTS or a DISTINCT subquery rather than joins: a
# type triple restated in many graphs would multiply the rows (see LABELS). At 1M quads: the
# 2-hop neighbourhood 190 -> 7 ms, the whole graph's edges 12 -> 2.7 s and nodes 3.4 -> 1.6 s.
NODES = """SELECT ?n (MIN(?c) AS ?class) (MIN(?l) AS ?label) WHERE {
  { SELECT DISTINCT ?n ?c WHERE { ?n a ?c . FILTER(?c IN (%s)) } }
  OPTIONAL { ?n rdfs:label ?l }
} GROUP BY ?n"""
EDGES = """SELECT DISTINCT ?s ?p ?o WHERE {
  { SELECT DISTINCT ?s WHERE { ?s a ?sc . FILTER(?sc IN (%s)) } }
  ?s ?p ?o . FILTER(isIRI(?o))
  FILTER EXISTS { ?o a ?oc . FILTER(?oc IN (%s)) }
}"""
# With chosen relations (a VALUES block for ?p first), starting from the relations' triples is
# quicker than from the entities of the classes.
EDGES_OF_RELATIONS = """SELECT DISTINCT ?s ?p ?o WHERE {
  %s
  ?s ?p ?o . FILTER(isIRI(?o))
  FILTER EXISTS { ?s a ?sc . FILTER(?sc IN (%s)) }
  FILTER EXISTS { ?o a ?oc . FILTER(?oc IN (%s)) }
}"""
AROUND = """SELECT DISTINCT ?s ?p ?o WHERE {
  %s
  { ?n ?p ?o . BIND(?n AS ?s) } UNION { ?s ?p ?n . BIND(?n AS ?o) }
  FILTER(isIRI(?s) && isIRI(?o))
  %s
  FILTER EXISTS { ?s a ?sc . FILTER(?sc IN (%s)) }
  FILTER EXISTS { ?o a ?oc . FILTER(?oc IN (%s)) }
}"""


def _class_filter(classes) -> str:
    chosen = [c for c in DOMAIN_CLASSES if not classes or c in set(classes)]
    return ", ".join(c.n3() for c in chosen) or DOMAIN_FILTER


def _relation_filter(relations) -> str:
    if not relations:
        return ""
    return values_block(["p"], [(URIRef(r),) for r in sorted(set(map(str, relations)))])


def _edges_query(classes, relations) -> str:
    cls = _class_filter(classes)
    if relations:
        return EDGES_OF_RELATIONS % (_relation_filter(relations), cls, cls)
    return EDGES % (cls, cls)


def relation_choices(store: Store) -> list[dict]:
    """The relations that link two domain entities: [{"relation", "label", "count"}]."""
    edges = _edges_query(None, None)
    # The inner DISTINCT keeps a fact stated by two articles one edge, as the graph draws it.
    rows = all_rows(store, f"SELECT ?p (COUNT(*) AS ?n) WHERE {{ {{ {edges} }} }} GROUP BY ?p", "p")
    rows = sorted(((p, int(n)) for p, n in rows), key=lambda r: (-r[1], str(r[0])))
    return [{"relation": str(p), "label": relation_label(p), "count": n} for p, n in rows]


def graph_data(store: Store, classes=None, relations=None, *, limit: int = 300,
               focus: URIRef | str | None = None, depth: int = 1, isolated: bool = True) -> dict:
    """Nodes and edges of the whole graph, or of `focus`'s neighbourhood within `depth` hops.

    Only domain entities are nodes (shows, seasons, books, characters, people, organizations);
    `classes` and `relations` (IRIs) narrow them; without `isolated`, entities with no link are
    left out (`hidden_isolated` counts them). More than `limit` nodes are cut to the most
    connected ones (the focus and the nearest hops first), and `message` says so.
    """
    classes = [URIRef(str(c)) for c in classes or ()]
    relations = [URIRef(str(r)) for r in relations or ()]
    if focus is not None:
        return neighbourhood(store, focus, depth, classes=classes, relations=relations, limit=limit)
    edges = _edges(all_rows(store, _edges_query(classes, relations), "s"))
    if relations:  # only what the chosen relations connect
        ids = {e[0] for e in edges} | {e[2] for e in edges}
        nodes = labels_of(store, ids)
        nodes = {i: n for i, n in nodes.items() if n["class"] is not None}
    else:
        nodes = {}
        for n, cls, label in all_rows(store, NODES % _class_filter(classes), "n"):
            nodes[n] = make_node(n, label, cls, None, None)
    hidden = 0
    if not isolated:
        linked = {e[0] for e in edges} | {e[2] for e in edges}
        hidden = sum(1 for n in nodes if n not in linked)
        nodes = {i: n for i, n in nodes.items() if i in linked}
    data = _assemble(nodes, edges, limit, rank={})
    data["hidden_isolated"] = hidden
    return data


def neighbourhood(store: Store, iri: URIRef | str, depth: int = 1, *, classes=None, relations=None,
                  limit: int = 300) -> dict:
    """The entities within `depth` (1-3) hops of `iri`, and the edges between them."""
    focus = as_iri(iri)
    depth = max(1, min(MAX_DEPTH, int(depth)))
    rank = {focus: 0}
    edges: set[tuple] = set()
    frontier = {focus}
    cls, rel = _class_filter(classes), _relation_filter(relations)
    for hop in range(1, depth + 1):
        if not frontier:
            break
        found = set()
        for chunk in chunks(sorted(frontier)):
            found |= _edges(all_rows(store, AROUND % (values_block(["n"], [(n,) for n in chunk]), rel, cls, cls), "s"))
        edges |= found
        reached = {e[0] for e in found} | {e[2] for e in found}
        frontier = {n for n in reached if n not in rank}
        for n in frontier:
            rank[n] = hop
    nodes = labels_of(store, rank)
    data = _assemble(nodes, edges, limit, rank=rank)
    data.update(focus=str(focus), depth=depth)
    return data


def _edges(rows) -> set[tuple]:
    return {(s, p, o) for s, p, o in rows if isinstance(s, URIRef) and isinstance(o, URIRef)}


def _assemble(nodes: dict[URIRef, dict], edges: set[tuple], limit: int, *, rank: dict) -> dict:
    edges = {e for e in edges if e[0] in nodes and e[2] in nodes}
    degree: dict[URIRef, int] = defaultdict(int)
    for s, _, o in edges:
        degree[s] += 1
        degree[o] += 1
    order = sorted(nodes, key=lambda n: (rank.get(n, 0), -degree[n], nodes[n]["label"].casefold(), str(n)))
    kept = set(order[:limit])
    cut = len(nodes) > limit
    shown_edges = sorted((e for e in edges if e[0] in kept and e[2] in kept), key=lambda e: tuple(map(str, e)))
    out_nodes = [dict(nodes[n], id=str(n), degree=degree[n]) for n in order if n in kept]
    if rank:
        for node in out_nodes:
            node["hops"] = rank.get(URIRef(node["id"]))
    message = None
    if cut:
        message = (f"Showing the {len(kept)} most connected of {len(nodes)} entities; filter by class "
                   "or relation, or open an entity's neighbourhood, to see the rest.")
    return {
        "nodes": out_nodes,
        "edges": [{"source": str(s), "target": str(o), "relation": str(p), "label": relation_label(p)}
                  for s, p, o in shown_edges],
        "total_nodes": len(nodes), "total_edges": len(edges), "cut": cut, "limit": limit,
        "message": message,
    }

