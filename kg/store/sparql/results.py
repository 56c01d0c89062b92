"""The endpoint's answers decoded: SPARQL JSON results and RDF graphs as rdflib terms, given as
the other stores give them (plain literals untyped, not ``xsd:string``).

A SELECT answer also tells whether the endpoint cut it at its own row maximum: Virtuoso cuts at its
ResultSetMaxRows (10,000 by default) and says so in its X-SPARQL-MaxRows header (`parse_select`).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from kg.errors import StoreError, first_line
from kg.vocab import bind_prefixes

if TYPE_CHECKING:
    from kg.store.sparql.transport import Answer

__all__ = ["JSON", "NTRIPLES", "json_term", "parse_ask", "parse_graph", "parse_select"]

JSON = "application/sparql-results+json"
NTRIPLES = "application/n-triples"
_XSD_STRING = str(XSD.string)
_GRAPH_FORMATS = {"application/n-triples": "nt", "text/plain": "nt", "text/turtle": "turtle",
                  "application/rdf+xml": "xml", "application/ld+json": "json-ld", "application/n-quads": "nquads"}


def json_term(binding: dict) -> Node:
    """A SPARQL JSON results term as an rdflib term (SPARQL 1.0's "typed-literal" included)."""
    kind, value = binding.get("type"), binding.get("value", "")
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value.removeprefix("nodeID://"))
    if kind in ("literal", "typed-literal"):
        lang = binding.get("xml:lang")
        if lang:
            return Literal(value, lang=lang)
        datatype = binding.get("datatype")
        if datatype and datatype != _XSD_STRING:
            return Literal(value, datatype=URIRef(datatype))
        return Literal(value)
    raise StoreError(f"unsupported term in the endpoint's answer: {kind!r}")


def _plain(term: Node) -> Node:
    """rdflib parses plain literals from N-Triples as untyped already; typed xsd:string -> plain."""
    if isinstance(term, Literal) and term.datatype is not None and str(term.datatype) == _XSD_STRING:
        return Literal(str(term))
    return term


def parse_select(answer: Answer, where: str, *, raw: bool = False) -> tuple[list[str], list[tuple], int | None]:
    """(variables, rows, cap): rows of rdflib terms (raw: the JSON bindings); cap is the
    endpoint's row maximum when it says it cut the answer there, else None. `where` names the
    endpoint in messages."""
    data = _json(answer, where)
    try:
        variables = list(data["head"]["vars"])
        bindings = data["results"]["bindings"]
    except (KeyError, TypeError):
        raise StoreError(f"the SPARQL endpoint {where} gave an answer that is not a SELECT result") from None
    if raw:
        rows = [tuple(b.get(v) for v in variables) for b in bindings]
    else:
        rows = [tuple(json_term(b[v]) if v in b else None for v in variables) for b in bindings]
    max_rows = (answer.headers.get("X-SPARQL-MaxRows") or "").strip()
    cap = int(max_rows) if max_rows.isdigit() and len(rows) >= int(max_rows) else None
    return variables, rows, cap


def parse_ask(answer: Answer, where: str) -> bool:
    data = _json(answer, where)
    if not isinstance(data, dict) or "boolean" not in data:
        raise StoreError(f"the SPARQL endpoint {where} gave an answer that is not an ASK result")
    value = data["boolean"]
    return value if isinstance(value, bool) else str(value).lower() in ("true", "1")


def parse_graph(answer: Answer, where: str) -> Graph:
    fmt = _GRAPH_FORMATS.get(answer.content_type, "nt")
    parsed = Graph()
    try:
        parsed.parse(data=answer.body.decode("utf-8"), format=fmt)
    except Exception as exc:  # rdflib's parsers raise many types
        raise StoreError(f"the SPARQL endpoint {where} sent a graph that does not parse as "
                         f"{answer.content_type or fmt}: {first_line(exc)}") from None
    g = Graph()
    bind_prefixes(g)
    for s, p, o in parsed:
        g.add((s, p, _plain(o)))
    return g


def _json(answer: Answer, where: str):
    if answer.content_type not in (JSON, "application/json"):
        raise StoreError(f"the SPARQL endpoint {where} answered {answer.content_type or 'no content type'} "
                         f"instead of {JSON}")
    try:
        return json.loads(answer.body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise StoreError(f"the SPARQL endpoint {where} sent JSON that does not parse: {exc}") from None
