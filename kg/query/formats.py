"""Formats: RDF serialisations for import/export, and SPARQL result formats for `kg query`."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from kg.errors import UnknownFormatError
from kg.query.result import QueryResult
from kg.vocab import PREFIXES

# name -> (rdflib format, keeps named graphs, file extensions)
RDF_FORMATS: dict[str, tuple[str, bool, tuple[str, ...]]] = {
    "turtle": ("turtle", False, (".ttl", ".turtle")),
    "nt": ("nt", False, (".nt", ".ntriples")),
    "nquads": ("nquads", True, (".nq", ".nquads")),
    "trig": ("trig", True, (".trig",)),
    "jsonld": ("json-ld", True, (".jsonld", ".json-ld", ".json")),
}
RESULT_FORMATS = ("table", "json", "csv", "tsv")


def rdf_format(name: str) -> tuple[str, bool]:
    try:
        fmt, keeps_graphs, _ = RDF_FORMATS[name]
    except KeyError:
        raise UnknownFormatError(f"unknown RDF format {name!r}; use one of: {', '.join(RDF_FORMATS)}") from None
    return fmt, keeps_graphs


def guess_rdf_format(path: str | Path) -> str:
    suffix = Path(path).suffix.lower()
    for name, (_, _, exts) in RDF_FORMATS.items():
        if suffix in exts:
            return name
    raise UnknownFormatError(
        f"cannot tell the RDF format of {path!s} from its extension; pass --format "
        f"({', '.join(RDF_FORMATS)})"
    )


# --- SPARQL results ---------------------------------------------------------------------------


def format_result(result: QueryResult, fmt: str = "table") -> str:
    if fmt not in RESULT_FORMATS:
        raise UnknownFormatError(f"unknown result format {fmt!r}; use one of: {', '.join(RESULT_FORMATS)}")
    if result.kind == "CONSTRUCT":
        return result.graph.serialize(format="json-ld" if fmt == "json" else "turtle")
    return {"table": _table, "json": _json, "csv": _csv, "tsv": _tsv}[fmt](result)


def short(term: Node | None) -> str:
    """A readable form of a term: prefixed names for IRIs, plain text for literals."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        iri = str(term)
        for prefix, ns in PREFIXES.items():
            if iri.startswith(ns) and len(iri) > len(ns):
                return f"{prefix}:{iri[len(ns):]}"
        return f"<{iri}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def json_term(term: Node) -> dict:
    """A term in the SPARQL 1.1 Query Results JSON Format."""
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype is not None:
        out["datatype"] = str(term.datatype)
    return out


def result_json(result: QueryResult) -> dict:
    if result.kind == "ASK":
        return {"head": {}, "boolean": result.boolean}
    bindings = [{v: json_term(t) for v, t in zip(result.vars, row) if t is not None} for row in result.rows]
    return {"head": {"vars": result.vars}, "results": {"bindings": bindings}}


def _json(result: QueryResult) -> str:
    return json.dumps(result_json(result), indent=2, ensure_ascii=False)


def _csv(result: QueryResult) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    if result.kind == "ASK":
        writer.writerow(["boolean"])
        writer.writerow(["true" if result.boolean else "false"])
        return out.getvalue()
    writer.writerow(result.vars)
    for row in result.rows:
        writer.writerow(["" if t is None else str(t) for t in row])
    return out.getvalue()


def _tsv(result: QueryResult) -> str:
    if result.kind == "ASK":
        return "?boolean\n" + ("true" if result.boolean else "false") + "\n"
    lines = ["\t".join(f"?{v}" for v in result.vars)]
    for row in result.rows:
        lines.append("\t".join("" if t is None else _tsv_term(t) for t in row))
    return "\n".join(lines) + "\n"


def _tsv_term(term: Node) -> str:
    if isinstance(term, Literal) and term.datatype is None and not term.language:
        return '"' + str(term).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t") + '"'
    return term.n3()


def _table(result: QueryResult) -> str:
    if result.kind == "ASK":
        return "yes" if result.boolean else "no"
    cells = [[short(t).replace("\n", " ") for t in row] for row in result.rows]
    widths = [len(v) for v in result.vars]
    for row in cells:
        widths = [min(max(w, len(c)), 60) for w, c in zip(widths, row)]

    def line(values):
        return "  ".join((v if len(v) <= 60 else v[:59] + "…").ljust(w) for v, w in zip(values, widths)).rstrip()

    out = [line(result.vars), line(["-" * w for w in widths])]
    out += [line(row) for row in cells]
    footer = f"{len(cells)} row{'s' if len(cells) != 1 else ''}"
    if result.truncated:
        footer += " (cut at the row limit)"
    out.append(footer)
    return "\n".join(out)
