"""What the web explorer shows, as plain data: entities and their facts, articles with their
mentions, neighbourhoods and the whole graph: `entities`, `graph`, `articles`; this module holds
what they share (IRIs from user text, labels, node shapes).

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

from kg.errors import UnknownEntityError
from kg.query.formats import short
from kg.ontology import class_labels, property_labels
from kg.query.sparql import chunks, select_all, values_block
from kg.store.base import Store
from kg.vocab import DCTERMS, ID, LORE, RDF, RDFS, SKOS

__all__ = [
    "DOMAIN_CLASSES", "DOMAIN_FILTER", "HIDDEN_FILTER", "MAX_DEPTH", "as_iri", "class_label", "all_rows",
    "fallback_label", "is_true", "labels_of", "make_node", "relation_label", "value",
]

# The classes drawn as nodes of the graph (articles, evidence and mentions are provenance).
DOMAIN_CLASSES = (LORE.Show, LORE.Season, LORE.Book, LORE.Character, LORE.Person, LORE.Organization)
DOMAIN_FILTER = ", ".join(c.n3() for c in DOMAIN_CLASSES)
# Plumbing kept off the entity page's facts (labels and classes are shown in its header).
_HIDDEN = (RDF.type, RDFS.label, SKOS.altLabel, LORE.text, LORE.mentions, LORE.contentHash, DCTERMS.title)
HIDDEN_FILTER = ", ".join(p.n3() for p in _HIDDEN)
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


def relation_label(p: URIRef) -> str:
    return property_labels().get(p) or short(p)


def class_label(c: URIRef | None) -> str:
    if c is None:
        return "thing"
    return class_labels().get(c) or short(c)


def fallback_label(iri: URIRef) -> str:
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


def all_rows(store: Store, sparql: str, key: str):
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
        for n, p, value in all_rows(store, LABELS % values_block(["n"], [(i,) for i in chunk]), "n"):
            if n is not None and value is not None and p in _LABEL_PARTS:
                found[n][_LABEL_PARTS[p]] = value
    for iri in iris:
        f = found.get(iri, {})  # (make_node reads the date only beside a status, as a status report's label)
        out[iri] = make_node(iri, f.get("label"), f.get("class"), f.get("status"), f.get("asof"))
    return out


def make_node(iri: URIRef, label, cls, status, asof) -> dict:
    if cls is not None and not isinstance(cls, URIRef):  # rdflib's MIN() turns IRIs into literals
        cls = URIRef(str(cls))
    if label is not None:
        text = str(label)
    elif status is not None:  # a lore:StatusReport: "pending (as of 2021-09-22)"
        text = fallback_label(status).lower() + (f" (as of {asof})" if asof is not None else "")
    elif iri in property_labels():
        text = property_labels()[iri]
    else:
        text = fallback_label(iri)
    return {"iri": str(iri), "label": text, "class": str(cls) if cls is not None else None,
            "class_label": class_label(cls)}


def value(term: Node, labels: dict[URIRef, dict]) -> dict:
    if isinstance(term, URIRef):
        return dict(labels.get(term) or make_node(term, None, None, None, None))
    if isinstance(term, Literal):
        return {"literal": str(term), "datatype": str(term.datatype) if term.datatype else None,
                "lang": term.language}
    return {"literal": str(term), "datatype": None, "lang": None}

def is_true(term) -> bool:
    return term is not None and str(term).lower() in ("true", "1")
