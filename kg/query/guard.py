"""Untrusted SPARQL, run safely: read-only, local, within a time limit and a row cap.

`check_query` parses the text with rdflib's query parser, which knows only the four query
forms: an update (INSERT, DELETE, LOAD, CLEAR, DROP, CREATE, ADD, MOVE, COPY) does not parse as
a query and is rejected as an update. In a query, SERVICE (anywhere: inside OPTIONAL, GRAPH,
subqueries...) is rejected so that no query makes the server call another host, and so are
FROM / FROM NAMED (rdflib loads such graphs from the web; ask for a graph with GRAPH <iri>).
A query that rdflib cannot parse is never handed to the store.

`run_query` checks a query and hands it to the runner the served store provides
(`Store.serving`, kg/store/serving.py), which enforces the time limit and the row cap: rows
beyond the cap are not read, and the result says `truncated`.
"""

from __future__ import annotations

import re
import threading
from typing import TYPE_CHECKING

from rdflib import Graph

from kg.errors import QueryRejectedError, QuerySyntaxError
from kg.query.sparql import query_form, syntax_error_from_pyparsing
from kg.vocab import PREFIXES, bind_prefixes

if TYPE_CHECKING:
    from kg.query.result import QueryResult
    from kg.store.serving import QueryRunner

__all__ = ["DEFAULT_MAX_ROWS", "DEFAULT_TIMEOUT", "MAX_QUERY_CHARS", "check_query", "run_query"]

DEFAULT_TIMEOUT = 10.0  # seconds
DEFAULT_MAX_ROWS = 10_000
MAX_QUERY_CHARS = 100_000
_PARSE_LOCK = threading.Lock()  # pyparsing grammars are shared objects: one parse at a time



def check_query(text: str) -> str:
    """The query form (SELECT, ASK, CONSTRUCT or DESCRIBE) of an allowed query.

    Raises QuerySyntaxError (with line and column) when it does not parse and QueryRejectedError
    for an update, SERVICE, FROM / FROM NAMED, or a text over MAX_QUERY_CHARS.
    """
    if not text or not text.strip():
        raise QuerySyntaxError("the query is empty; write a SELECT, ASK, CONSTRUCT or DESCRIBE query")
    if len(text) > MAX_QUERY_CHARS:
        raise QueryRejectedError(f"the query is {len(text)} characters long, over the {MAX_QUERY_CHARS} limit")
    parsed = _parse(text)
    names = set(_comp_names(parsed))
    if "ServiceGraphPattern" in names:
        raise QueryRejectedError("SERVICE is not allowed: queries run over this store only, "
                                 "never against other endpoints")
    if "DatasetClause" in names:
        raise QueryRejectedError("FROM and FROM NAMED are not supported: every query runs over all "
                                 "articles; use GRAPH <article-iri> { ... } to read one article's graph")
    return query_form(text)[0]


def _parse(text: str):
    from pyparsing import ParseException

    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    with _PARSE_LOCK:
        try:
            return parseQuery(text)
        except ParseException as exc:
            error = exc
        except Exception as exc:  # noqa: BLE001 - rdflib raises plain exceptions for some bad input
            raise QuerySyntaxError(str(exc)) from None
        try:
            parseUpdate(text)
        except Exception:  # noqa: BLE001 - not an update either: report the query's syntax error
            raise syntax_error_from_pyparsing(error) from None
    raise QueryRejectedError("updates (INSERT, DELETE, LOAD, CLEAR, DROP, CREATE, ADD, MOVE, COPY) are "
                             "not allowed: this interface is read-only; use `kg ingest` or `kg import` "
                             "to change the store")


def _comp_names(node):
    from rdflib.plugins.sparql.parserutils import CompValue

    if isinstance(node, CompValue):
        yield node.name
        for value in node.values():
            yield from _comp_names(value)
    elif isinstance(node, (list, tuple)) or type(node).__name__ == "ParseResults":
        for value in node:
            yield from _comp_names(value)


def run_query(runner: QueryRunner, text: str, *, timeout: float = DEFAULT_TIMEOUT,
              max_rows: int = DEFAULT_MAX_ROWS) -> QueryResult:
    """Check `text` (check_query) and run it with `runner` within `timeout` seconds and at most
    `max_rows` rows (or triples, for CONSTRUCT and DESCRIBE); `truncated` says when cut."""
    check_query(text)
    try:
        result = runner.run(text, timeout=timeout, max_rows=max_rows)
    except QuerySyntaxError as exc:  # the store's parser: an unknown prefix, say
        raise _tidy(exc, text) from None
    if result.kind == "CONSTRUCT" and result.graph is not None and len(result.graph) > max_rows:
        kept = bind_prefixes(Graph())
        for i, triple in enumerate(sorted(result.graph)):
            if i >= max_rows:
                break
            kept.add(triple)
        result.graph, result.truncated = kept, True
    return result


def _tidy(exc: QuerySyntaxError, text: str) -> QuerySyntaxError:
    """Oxigraph's message, shortened: "expected one of" lists run to hundreds of characters."""
    message = str(exc).split(": ", 1)[-1]
    if "Prefix not found" in message and exc.line is not None:
        line = text.splitlines()[exc.line - 1] if exc.line <= len(text.splitlines()) else ""
        names = re.findall(r"([A-Za-z][\w.-]*)?:", line[: (exc.column or 1)])
        prefix = names[-1] if names else ""
        known = ", ".join(PREFIXES)
        message = (f"unknown prefix {prefix + ':' if prefix else ''!r}: declare it with "
                   f"PREFIX {prefix}: <...>, or use a predeclared one ({known})")
    elif len(message) > 200:
        message = message[:200].rsplit(" ", 1)[0] + " ..."
    return QuerySyntaxError(message, exc.line, exc.column)
