"""SPARQL 1.1 Protocol plumbing: which media type a client gets, and the results in it.

SELECT and ASK: SPARQL Results JSON (the default), XML, CSV and TSV. CONSTRUCT and DESCRIBE:
Turtle (the default), N-Triples, JSON-LD and RDF/XML. A ``format`` parameter (json, xml, csv,
tsv, turtle, nt, jsonld, rdfxml) overrides the Accept header, for links and downloads.
"""

from __future__ import annotations

import json
import re
from xml.sax.saxutils import escape, quoteattr

from rdflib import BNode, Literal, URIRef
from werkzeug.datastructures import MIMEAccept
from werkzeug.exceptions import NotAcceptable

from kg.query.formats import format_result, result_json
from kg.query.result import QueryResult

# media type -> our format name, default first
RESULT_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
GRAPH_TYPES = {
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/n-triples": "nt",
    "text/plain": "nt",
    "application/ld+json": "json-ld",
    "application/rdf+xml": "xml",
}
FORMAT_PARAM = {
    "json": ("application/sparql-results+json", "json"), "xml": ("application/sparql-results+xml", "xml"),
    "csv": ("text/csv", "csv"), "tsv": ("text/tab-separated-values", "tsv"),
    "turtle": ("text/turtle", "turtle"), "ttl": ("text/turtle", "turtle"),
    "nt": ("application/n-triples", "nt"), "ntriples": ("application/n-triples", "nt"),
    "jsonld": ("application/ld+json", "json-ld"), "rdfxml": ("application/rdf+xml", "xml"),
}
EXTENSIONS = {"json": "json", "xml": "xml", "csv": "csv", "tsv": "tsv", "turtle": "ttl", "nt": "nt",
              "json-ld": "jsonld"}
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def negotiate(kind: str, accept: MIMEAccept, fmt: str | None = None) -> tuple[str, str]:
    """(media type, format) for a result of `kind`; NotAcceptable when nothing fits."""
    table = GRAPH_TYPES if kind == "CONSTRUCT" else RESULT_TYPES
    if fmt:
        media, name = FORMAT_PARAM.get(fmt.lower(), (None, None))
        if media not in table:
            raise NotAcceptable(f"format={fmt!r} does not fit a {kind} query; use one of: "
                                f"{', '.join(sorted({k for k, (m, _) in FORMAT_PARAM.items() if m in table}))}")
        return media, name
    if not accept or not accept.values():
        media = next(iter(table))
        return media, table[media]
    best = accept.best_match(list(table))
    if best is None:
        raise NotAcceptable(f"cannot answer a {kind} query in {accept.to_header()}; "
                            f"this endpoint offers: {', '.join(table)}")
    return best, table[best]


def serialize(result: QueryResult, name: str, *, note: str | None = None) -> str:
    """The result in format `name` (from `negotiate`); `note` (a cut at the row cap) is added
    where the format has room for it (JSON and XML results)."""
    if result.kind == "CONSTRUCT":
        return result.graph.serialize(format=name)
    if name == "json":
        data = result_json(result)
        if note:
            data["truncated"] = True
            data["message"] = note
        return json.dumps(data, ensure_ascii=False)
    if name == "xml":
        return results_xml(result, note=note)
    return format_result(result, name)


def results_xml(result: QueryResult, *, note: str | None = None) -> str:
    """SPARQL Query Results XML Format."""
    out = ['<?xml version="1.0" encoding="utf-8"?>', '<sparql xmlns="http://www.w3.org/2005/sparql-results#">']
    if note:
        out.append(f"<!-- {_xml_text(note).replace('--', '- -')} -->")
    if result.kind == "ASK":
        out += ["<head/>", f"<boolean>{'true' if result.boolean else 'false'}</boolean>", "</sparql>"]
        return "\n".join(out) + "\n"
    out.append("<head>" + "".join(f"<variable name={quoteattr(v)}/>" for v in result.vars) + "</head>")
    out.append("<results>")
    for row in result.rows:
        cells = "".join(f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
                        for v, t in zip(result.vars, row) if t is not None)
        out.append(f"<result>{cells}</result>")
    out += ["</results>", "</sparql>"]
    return "\n".join(out) + "\n"


def _xml_text(text: str) -> str:
    return escape(_XML_BAD.sub("\ufffd", str(text)))


def _xml_term(term) -> str:
    if isinstance(term, URIRef):
        return f"<uri>{_xml_text(term)}</uri>"
    if isinstance(term, BNode):
        return f"<bnode>{_xml_text(term)}</bnode>"
    attrs = ""
    if isinstance(term, Literal) and term.language:
        attrs = f" xml:lang={quoteattr(term.language)}"
    elif isinstance(term, Literal) and term.datatype is not None:
        attrs = f" datatype={quoteattr(str(term.datatype))}"
    return f"<literal{attrs}>{_xml_text(term)}</literal>"
