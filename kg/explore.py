"""What the web explorer shows, as plain data: entities and their facts, articles with their
mentions, neighbourhoods and the whole graph.

Every query lives here and binds user-derived values as rdflib terms (`kg.query.sparql.bind`,
`values_block`), so the views in `web/` never build SPARQL. Results are dicts and lists of
strings, ready for a template or a JSON response. The queries whose answers grow with the graph
(the whole graph's nodes and edges, neighbourhoods, labels, relations) are read with
`kg.query.sparql.select_all`, in keyset pages from a store that cuts answers (Virtuoso's
ResultSetMaxRows); long IRI lists go in several VALUES blocks (`kg.query.sparql.chunks`).
"""

from __future__ import annotations

import re
from collections import defaultdict

from rdflib import Literal, URIRef
from rdflib.term import Node

from kg.errors import ArticleNotFoundError, UnknownEntityError
from kg.query.formats import short
from kg.ontology import class_labels, property_labels
from kg.query.sparql import bind, chunks, select_all, values_block
from kg.store.base import Store
from kg.vocab import DCTERMS, ID, LORE, RDF, RDFS, SKOS

__all__ = [
    "DOMAIN_CLASSES", "article_view", "as_iri", "class_counts", "entity_facts", "entity_summary",
    "graph_data", "highlight_segments", "labels_of", "neighbourhood", "relation_choices",
]

# The classes drawn as nodes of the graph (articles, evidence and mentions are provenance).
DOMAIN_CLASSES = (LORE.Show, LORE.Season, LORE.Book, LORE.Character, LORE.Person, LORE.Organization)
_DOMAIN_FILTER = ", ".join(c.n3() for c in DOMAIN_CLASSES)
# Plumbing kept off the entity page's facts (labels and classes are shown in its header).
_HIDDEN = (RDF.type, RDFS.label, SKOS.altLabel, LORE.text, LORE.mentions, LORE.contentHash, DCTERMS.title)
_HIDDEN_FILTER = ", ".join(p.n3() for p in _HIDDEN)
_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+$")
_ID_PATH = re.compile(r"^[a-z]+/[^\s<>\"{}|\\^`:]+$")
MAX_DEPTH = 3


# --- names -----------------------------------------------------------------------------------


def as_iri(text: str | URIRef) -> URIRef:
    """`text` as an IRI, or UnknownEntityError when it cannot be one (spaces, <, >, quotes...).

    Accepts a full IRI, ``<IRI>``, or a path under the lore-kg id namespace
    (``show/tiny-pretty-things``).
    """
    text = str(text).strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    if _ID_PATH.match(text):
        return ID[text]
    if _IRI.match(text):
        return URIRef(text)
    raise UnknownEntityError(f"{text!r} is not an IRI; give a full IRI or a path like show/tiny-pretty-things")


def _relation_label(p: URIRef) -> str:
    return property_labels().get(p) or short(p)


def _class_label(c: URIRef | None) -> str:
    if c is None:
        return "thing"
    return class_labels().get(c) or short(c)


def _fallback_label(iri: URIRef) -> str:
    text = str(iri)
    return re.split(r"[/#]", text.rstrip("/"))[-1] or text


# One row per entity and predicate looked up (label, class, status, date), not their product:
# OPTIONALs side by side multiply the rows (an entity restated by 100 articles has 100 copies of
# each in the union of graphs), which took 300-500 ms at 1M quads where this takes 1-7 ms, on
# Oxigraph and Virtuoso alike (a UNION of four patterns was slower on Virtuoso). Grouping by ?p
# too keeps every aggregated value bound: MIN over a group with unbound rows is unbound on
# Oxigraph (unbound sorts first), and rdflib drops such a row.
LABELS = """SELECT ?n ?p (MIN(?v) AS ?value) WHERE {
  %s
  ?n ?p ?v .
  FILTER(?p IN (rdfs:label, rdf:type, lore:status, lore:asOf))
  FILTER(?p != rdf:type || STRSTARTS(STR(?v), STR(lore:)))
} GROUP BY ?n ?p"""
_LABEL_PARTS = {RDFS.label: "label", RDF.type: "class", LORE.status: "status", LORE.asOf: "asof"}


def _all(store: Store, sparql: str, key: str):
    """Every row of `sparql`, read in pages by ?key from a store that cuts answers."""
    return select_all(store, sparql, key, who="the explorer").rows


def labels_of(store: Store, iris) -> dict[URIRef, dict]:
    """{iri: {"iri", "label", "class", "class_label"}} for the given IRIs (one query per
    VALUES_CHUNK of them, kg.query.sparql.chunks)."""
    iris = sorted({i for i in iris if isinstance(i, URIRef)})
    out: dict[URIRef, dict] = {}
    if not iris:
        return out
    found: dict[URIRef, dict[str, Node]] = defaultdict(dict)
    for chunk in chunks(iris):
        for n, p, value in _all(store, LABELS % values_block(["n"], [(i,) for i in chunk]), "n"):
            if n is not None and value is not None and p in _LABEL_PARTS:
                found[n][_LABEL_PARTS[p]] = value
    for iri in iris:
        f = found.get(iri, {})  # (_node reads the date only beside a status, as a status report's label)
        out[iri] = _node(iri, f.get("label"), f.get("class"), f.get("status"), f.get("asof"))
    return out


def _node(iri: URIRef, label, cls, status, asof) -> dict:
    if cls is not None and not isinstance(cls, URIRef):  # rdflib's MIN() turns IRIs into literals
        cls = URIRef(str(cls))
    if label is not None:
        text = str(label)
    elif status is not None:  # a lore:StatusReport: "pending (as of 2021-09-22)"
        text = _fallback_label(status).lower() + (f" (as of {asof})" if asof is not None else "")
    elif iri in property_labels():
        text = property_labels()[iri]
    else:
        text = _fallback_label(iri)
    return {"iri": str(iri), "label": text, "class": str(cls) if cls is not None else None,
            "class_label": _class_label(cls)}


def _value(term: Node, labels: dict[URIRef, dict]) -> dict:
    if isinstance(term, URIRef):
        return dict(labels.get(term) or _node(term, None, None, None, None))
    if isinstance(term, Literal):
        return {"literal": str(term), "datatype": str(term.datatype) if term.datatype else None,
                "lang": term.language}
    return {"literal": str(term), "datatype": None, "lang": None}


# --- home ------------------------------------------------------------------------------------

CLASS_COUNTS = """SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c }
GROUP BY ?c ORDER BY DESC(?n) ?c"""


def class_counts(store: Store) -> list[dict]:
    """[{"class", "label", "count", "domain"}]: domain classes first, then the rest."""
    rows = [(r[0], int(r[1])) for r in store.query(CLASS_COUNTS).rows if isinstance(r[0], URIRef)]
    out = [{"class": str(c), "label": _class_label(c), "count": n, "domain": c in DOMAIN_CLASSES}
           for c, n in rows]
    return sorted(out, key=lambda d: (not d["domain"], -d["count"], d["label"]))


# --- entities --------------------------------------------------------------------------------

EXISTS = "ASK { { $e ?p ?o } UNION { ?s ?p $e } }"
SUMMARY = """SELECT ?kind ?v WHERE {
  { $e rdfs:label ?v BIND("label" AS ?kind) }
  UNION { $e skos:altLabel ?v BIND("alias" AS ?kind) }
  UNION { $e a ?v BIND("class" AS ?kind) }
}"""
MENTIONED_IN = """SELECT DISTINCT ?a (MIN(?t) AS ?title) WHERE {
  ?a lore:mentions $e . OPTIONAL { ?a dcterms:title ?t }
} GROUP BY ?a ORDER BY ?title ?a"""


def entity_summary(store: Store, iri: URIRef | str) -> dict:
    """Label, aliases, classes and the articles that mention it; UnknownEntityError if absent."""
    e = as_iri(iri)
    if not store.query(bind(EXISTS, e=e)).boolean:
        raise UnknownEntityError(f"nothing in the graph is {e}; check the link or search the graph")
    labels, aliases, classes = [], [], []
    for kind, v in store.query(bind(SUMMARY, e=e)).rows:
        {"label": labels, "alias": aliases, "class": classes}[str(kind)].append(v)
    labels = sorted({str(x) for x in labels})
    fallback = _node(e, None, None, None, None)["label"]
    label = labels[0] if labels else fallback
    aliases = sorted({str(a) for a in aliases} | set(labels[1:]))
    # sets: a store whose union of graphs repeats a triple per graph (Oxigraph, Virtuoso) repeats rows
    lore_classes = sorted({c for c in classes if isinstance(c, URIRef) and c in LORE})
    other_classes = sorted({c for c in classes if isinstance(c, URIRef) and c not in LORE})
    cls = lore_classes[0] if lore_classes else (other_classes[0] if other_classes else None)
    articles = [{"iri": str(r["a"]), "title": str(r["title"]) if "title" in r else _fallback_label(r["a"])}
                for r in store.query(bind(MENTIONED_IN, e=e)).dicts()]
    articles.sort(key=lambda a: (a["title"], a["iri"]))  # in code point order on every store
    return {"iri": str(e), "label": label, "aliases": aliases,
            "class": str(cls) if cls is not None else None, "class_label": _class_label(cls),
            "classes": [str(c) for c in lore_classes + other_classes], "articles": articles}


# Facts with their evidence, in one direction. ?x is the entity, ?y the other end. The distinct
# facts come first: a fact restated by many articles is in as many graphs (one row each in the
# union), and each copy would repeat the evidence lookup (at 1M quads: 6.4 -> 3.6 ms on Oxigraph,
# 37 -> 24 ms on Virtuoso).
FACTS_OUT = """SELECT ?p ?y ?e ?sentence ?article ?title ?inferred WHERE {
  { SELECT DISTINCT ?p ?y WHERE { $x ?p ?y . FILTER(?p NOT IN (%s)) } }
  FILTER NOT EXISTS { ?y a ?pc . FILTER(?pc IN (lore:Evidence, lore:Mention)) }
  OPTIONAL {
    ?e rdf:subject $x ; rdf:predicate ?p ; rdf:object ?y .
    OPTIONAL { ?e lore:sentence ?sentence }
    OPTIONAL { ?e lore:inferred ?inferred }
    OPTIONAL { ?e prov:wasDerivedFrom ?article . OPTIONAL { ?article dcterms:title ?title } }
  }
}""" % _HIDDEN_FILTER
FACTS_IN = """SELECT ?p ?y ?e ?sentence ?article ?title ?inferred WHERE {
  { SELECT DISTINCT ?p ?y WHERE {
      ?y ?p $x . FILTER(?p NOT IN (%s, rdf:subject, rdf:object, lore:refersTo, prov:wasDerivedFrom)) } }
  FILTER NOT EXISTS { ?y a ?pc . FILTER(?pc IN (lore:Evidence, lore:Mention)) }
  OPTIONAL {
    ?e rdf:subject ?y ; rdf:predicate ?p ; rdf:object $x .
    OPTIONAL { ?e lore:sentence ?sentence }
    OPTIONAL { ?e lore:inferred ?inferred }
    OPTIONAL { ?e prov:wasDerivedFrom ?article . OPTIONAL { ?article dcterms:title ?title } }
  }
}""" % _HIDDEN_FILTER


def entity_facts(store: Store, iri: URIRef | str) -> list[dict]:
    """The entity's facts grouped by relation and direction, each with its evidence.

    [{"relation", "relation_label", "direction": "out"|"in", "facts": [{"value": {...},
    "status": "stated"|"inferred"|"unevidenced", "evidence": [{"sentence", "article",
    "article_title", "inferred"}]}]}], outgoing groups first, then by relation label.
    """
    x = as_iri(iri)
    found: dict[tuple, dict[Node, list]] = defaultdict(lambda: defaultdict(list))
    for direction, template in (("out", FACTS_OUT), ("in", FACTS_IN)):
        for row in store.query(bind(template, x=x)).dicts():
            evidence = found[(direction, row["p"])][row["y"]]
            if "e" in row:
                evidence.append(_evidence(row))
    others = {y for groups in found.values() for y in groups}
    labels = labels_of(store, others)
    groups = []
    for (direction, p), values in found.items():
        facts = [_fact(y, ev, labels) for y, ev in values.items()]
        facts.sort(key=lambda f: (f["value"].get("label") or f["value"].get("literal") or "").casefold())
        groups.append({"relation": str(p), "relation_label": _relation_label(p), "direction": direction,
                       "facts": facts})
    return sorted(groups, key=lambda g: (g["direction"] != "out", g["relation_label"], g["relation"]))


def _evidence(row: dict) -> dict:
    article = row.get("article")
    return {"evidence": str(row["e"]), "sentence": str(row["sentence"]) if "sentence" in row else None,
            "article": str(article) if article is not None else None,
            "article_title": str(row["title"]) if "title" in row else (
                _fallback_label(article) if article is not None else None),
            "inferred": _true(row.get("inferred"))}


def _fact(y: Node, evidence: list[dict], labels: dict) -> dict:
    unique = list({e["evidence"]: e for e in evidence}.values())
    unique.sort(key=lambda e: (e["inferred"], e["article_title"] or "", e["sentence"] or "", e["evidence"]))
    if not unique:
        status = "unevidenced"
    elif any(not e["inferred"] for e in unique):
        status = "stated"
    else:
        status = "inferred"
    return {"value": _value(y, labels), "status": status, "evidence": unique}


def _true(term) -> bool:
    return term is not None and str(term).lower() in ("true", "1")


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
    return ", ".join(c.n3() for c in chosen) or _DOMAIN_FILTER


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
    rows = _all(store, f"SELECT ?p (COUNT(*) AS ?n) WHERE {{ {{ {edges} }} }} GROUP BY ?p", "p")
    rows = sorted(((p, int(n)) for p, n in rows), key=lambda r: (-r[1], str(r[0])))
    return [{"relation": str(p), "label": _relation_label(p), "count": n} for p, n in rows]


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
    edges = _edges(_all(store, _edges_query(classes, relations), "s"))
    if relations:  # only what the chosen relations connect
        ids = {e[0] for e in edges} | {e[2] for e in edges}
        nodes = labels_of(store, ids)
        nodes = {i: n for i, n in nodes.items() if n["class"] is not None}
    else:
        nodes = {}
        for n, cls, label in _all(store, NODES % _class_filter(classes), "n"):
            nodes[n] = _node(n, label, cls, None, None)
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
            found |= _edges(_all(store, AROUND % (values_block(["n"], [(n,) for n in chunk]), rel, cls, cls), "s"))
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
        "edges": [{"source": str(s), "target": str(o), "relation": str(p), "label": _relation_label(p)}
                  for s, p, o in shown_edges],
        "total_nodes": len(nodes), "total_edges": len(edges), "cut": cut, "limit": limit,
        "message": message,
    }


# --- articles --------------------------------------------------------------------------------

ARTICLE = """SELECT ?title ?source ?date ?text ?author ?authorLabel WHERE {
  GRAPH $a {
    $a a lore:Article .
    OPTIONAL { $a dcterms:title ?title }
    OPTIONAL { $a lore:source ?source }
    OPTIONAL { $a schema:datePublished ?date }
    OPTIONAL { $a lore:text ?text }
    OPTIONAL { $a schema:author ?author . OPTIONAL { ?author rdfs:label ?authorLabel } }
  }
} LIMIT 1"""
MENTIONS = """SELECT ?start ?end ?entity ?class WHERE {
  GRAPH $a { ?m a lore:Mention ; lore:start ?start ; lore:end ?end ; lore:refersTo ?entity .
             OPTIONAL { ?m lore:mentionClass ?class } }
}"""
ARTICLE_FACTS = """SELECT ?e ?s ?p ?o ?sentence ?start ?end ?inferred WHERE {
  GRAPH $a {
    ?e a lore:Evidence ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
    FILTER(?p != lore:status)
    OPTIONAL { ?e lore:sentence ?sentence }
    OPTIONAL { ?e lore:start ?start }
    OPTIONAL { ?e lore:end ?end }
    OPTIONAL { ?e lore:inferred ?inferred }
  }
}"""


def article_view(store: Store, iri: URIRef | str) -> dict:
    """An article's description, text, mentions (with the text cut into highlighted segments)
    and the facts drawn from it; ArticleNotFoundError when there is no such article."""
    a = as_iri(iri)
    rows = store.query(bind(ARTICLE, a=a)).dicts()
    if not rows:
        raise ArticleNotFoundError(f"no article {a} in the store; the home page lists the articles")
    row = rows[0]
    text = str(row.get("text") or "")
    mentions = _mentions(store, a)
    facts = _article_facts(store, a)
    return {
        "iri": str(a), "title": str(row.get("title") or _fallback_label(a)),
        "source": _str(row.get("source")), "date": _str(row.get("date")),
        "author": ({"iri": str(row["author"]), "label": str(row.get("authorLabel") or _fallback_label(row["author"]))}
                   if "author" in row else None),
        "text": text, "mentions": mentions, "segments": highlight_segments(text, mentions), "facts": facts,
    }


def _str(term) -> str | None:
    return None if term is None else str(term)


def _mentions(store: Store, a: URIRef) -> list[dict]:
    rows = store.query(bind(MENTIONS, a=a)).dicts()
    labels = labels_of(store, {r["entity"] for r in rows})
    out = []
    for r in rows:
        entity = labels[r["entity"]]
        cls = r.get("class")
        out.append({"start": int(r["start"]), "end": int(r["end"]), "entity": entity["iri"],
                    "label": entity["label"], "class": str(cls) if cls is not None else entity["class"],
                    "class_label": _class_label(cls) if cls is not None else entity["class_label"]})
    return sorted(out, key=lambda m: (m["start"], -m["end"], m["entity"]))


def _article_facts(store: Store, a: URIRef) -> list[dict]:
    rows = store.query(bind(ARTICLE_FACTS, a=a)).dicts()
    labels = labels_of(store, {r["s"] for r in rows} | {r["o"] for r in rows})
    facts = []
    for r in rows:
        facts.append({"evidence": str(r["e"]), "subject": _value(r["s"], labels),
                      "relation": str(r["p"]), "relation_label": _relation_label(r["p"]),
                      "object": _value(r["o"], labels), "sentence": _str(r.get("sentence")),
                      "start": int(r["start"]) if "start" in r else None,
                      "end": int(r["end"]) if "end" in r else None,
                      "status": "inferred" if _true(r.get("inferred")) else "stated"})
    return sorted(facts, key=lambda f: (f["start"] if f["start"] is not None else -1,
                                        f["relation_label"], f["subject"].get("label", "")))


def highlight_segments(text: str, mentions: list[dict]) -> list[dict]:
    """The text cut into [{"text", "mention": mention or None}] pieces; overlapping mentions
    keep the earliest (then longest) one, and spans outside the text are dropped."""
    segments, pos = [], 0
    for m in sorted(mentions, key=lambda m: (m["start"], -m["end"])):
        start, end = m["start"], m["end"]
        if start < pos or end <= start or end > len(text):
            continue
        if start > pos:
            segments.append({"text": text[pos:start], "mention": None})
        segments.append({"text": text[start:end], "mention": m})
        pos = end
    if pos < len(text):
        segments.append({"text": text[pos:], "mention": None})
    return segments
