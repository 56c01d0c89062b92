"""What the endpoint is and how it differs from the standard: Virtuoso's quirks, handled here.

- Virtuoso keeps about 2,500 quads of its own in system graphs (virtrdf#, ldp#, the service
  description), which a query over all graphs would see. On Virtuoso every query carries
  ``DEFINE input:default-graph-exclude`` / ``input:named-graph-exclude`` pragmas for them (found
  once per store by `probe`: the two fixed schema graphs plus the graphs that hold an
  ``sd:Service``, plus KG_SPARQL_HIDDEN_GRAPHS); the store's reads skip them everywhere.
- Virtuoso 7.2 then answers a pattern on a constant graph wrongly (``GRAPH <g> {...}`` finds
  nothing and ``ASK`` is always true), so such patterns are sent as
  ``BIND(<g> AS ?_kg_g1) GRAPH ?_kg_g1 {...}`` (`graph_constants_as_variables`; the extra
  variables are dropped from answers).
- A query may carry its own time limit: Virtuoso is asked to stop the query there (its
  ``timeout`` request parameter, in ms: `time_limit_form`); it answers with what it has and says
  so, which the transport reports as a timeout.
- Syntax errors: the endpoint's message is recognised (`looks_like_syntax_error`) and becomes a
  QuerySyntaxError with the caller's line and column (`syntax_error`); a compiler "Internal
  error" on valid SPARQL is a StoreError, not a QuerySyntaxError.
- Updates are never run as queries (`check_form`): an endpoint would run them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg.errors import QuerySyntaxError, StoreError
from kg.query.sparql import query_form
from kg.store.sparql.results import JSON, parse_select
from kg.vocab import PREFIXES

if TYPE_CHECKING:
    from kg.store.sparql.config import EndpointConfig
    from kg.store.sparql.transport import Transport

__all__ = ["Dialect", "EndpointSyntaxError", "HIDDEN_VAR", "check_form", "graph_constants_as_variables",
           "looks_like_syntax_error", "probe", "syntax_error", "time_limit_form"]

VIRTUOSO_SYSTEM_GRAPHS = ("http://www.openlinksw.com/schemas/virtrdf#", "http://www.w3.org/ns/ldp#")
SD_SERVICE = "http://www.w3.org/ns/sparql-service-description#Service"
HIDDEN_VAR = "_kg_g"


@dataclass(frozen=True)
class Dialect:
    """What `probe` found: whether the endpoint is Virtuoso, the graphs to hide, and the pragmas
    that hide them (prepended to every query; empty elsewhere than on Virtuoso)."""

    virtuoso: bool
    hidden: frozenset[str]
    pragmas: str


def probe(transport: Transport, config: EndpointConfig) -> Dialect:
    """Ask the endpoint once what it is (its Server header) and which graphs describe the service."""
    text = f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s a <{SD_SERVICE}> }} }}"
    answer = transport.post(config.query_url, {"query": text}, JSON, what="query")
    virtuoso = "virtuoso" in answer.server.lower()
    hidden = set(config.hidden_graphs)
    if virtuoso:
        hidden |= set(VIRTUOSO_SYSTEM_GRAPHS)
        _, rows, _ = parse_select(answer, transport.location)
        hidden |= {str(row[0]) for row in rows if row[0] is not None}
    pragmas = ""
    if virtuoso and hidden:
        pragmas = " ".join(f"DEFINE input:default-graph-exclude <{g}> DEFINE input:named-graph-exclude <{g}>"
                           for g in sorted(hidden)) + "\n"
    return Dialect(virtuoso, frozenset(hidden), pragmas)


def time_limit_form(dialect: Dialect, timeout: float) -> dict[str, str]:
    """Request parameters asking the endpoint itself to stop a query after `timeout` seconds
    (Virtuoso's, in ms; other endpoints read a `timeout` otherwise, Fuseki as seconds: none sent)."""
    return {"timeout": str(max(1, int(timeout * 1000)))} if dialect.virtuoso else {}


def check_form(sparql: str) -> str:
    """The query form; a QuerySyntaxError for updates (an endpoint would run them)."""
    form, update = query_form(sparql)
    if update:
        raise QuerySyntaxError(f"{form} is an update, not a query; "
                               "only SELECT, ASK, CONSTRUCT and DESCRIBE are run here")
    return form


_TOKENS = re.compile(r"""
    (?P<string>'{3}(?:[^'\\]|\\.|'(?!''))*'{3}|"{3}(?:[^"\\]|\\.|"(?!""))*"{3}
              |'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<comment>\#[^\n]*)
  | (?P<graph>(?<![\w?$:])GRAPH\b)
""", re.X | re.I | re.S)
_GRAPH_NAME = re.compile(r"""((?:\s|\#[^\n]*)+)(<[^<>"{}|^`\\\x00-\x20]*>|(?:[A-Za-z][\w.\-]*)?:[^\s{}()#,;]*)(?=\s*\{)""")


def graph_constants_as_variables(text: str) -> tuple[str, bool]:
    """`GRAPH <g> {` becomes `BIND(<g> AS ?_kg_gN) GRAPH ?_kg_gN {`, outside strings and comments.

    Virtuoso 7.2 answers a pattern on a constant graph wrongly (no rows; ASK always true) once a
    query carries `input:*-graph-exclude` pragmas; a graph variable bound first works (measured).
    """
    out, pos, n = [], 0, 0
    for m in _TOKENS.finditer(text):
        if m.lastgroup != "graph":
            continue
        name = _GRAPH_NAME.match(text, m.end())
        if not name:
            continue
        n += 1
        var = f"?{HIDDEN_VAR}{n}"
        out.append(text[pos:m.start()])
        out.append(f"BIND({name.group(2)} AS {var}) GRAPH{name.group(1)}{var}")
        pos = name.end()
    if not n:
        return text, False
    out.append(text[pos:])
    return "".join(out), True


class EndpointSyntaxError(StoreError):
    """The endpoint says a text is malformed; `query` turns it into a QuerySyntaxError with the
    caller's line and column, the store's own requests into a StoreError."""

    def __init__(self, message: str, raw: str):
        super().__init__(message)
        self.message, self.raw = message, raw


def looks_like_syntax_error(line: str) -> bool:
    """Does the endpoint say the text is malformed (not that it broke on a well-formed query)?"""
    text = line.lower()
    if "internal error" in text:
        return False
    return any(k in text for k in ("sp030", "sp031", "syntax error", "parse error", "lexical error",
                                   "encountered", "malformed query", "undefined namespace prefix"))


def syntax_error(user_text: str, exc: EndpointSyntaxError, offset: int) -> QuerySyntaxError:
    """A QuerySyntaxError with the caller's line and column: from rdflib's parser when it also
    rejects the text, else from the endpoint's message (its line numbers shifted back by the
    `offset` lines lore-kg put before the caller's text)."""
    from pyparsing import ParseException

    from kg.query.sparql import syntax_error_from_pyparsing

    try:
        from rdflib.plugins.sparql import prepareQuery

        prepareQuery(user_text, initNs=PREFIXES)
    except ParseException as parse_error:
        return syntax_error_from_pyparsing(parse_error)
    except Exception:  # noqa: BLE001 - rdflib's other errors carry no position
        pass
    message = re.sub(r"^SPARQL compiler,?\s*(line \d+)?:?\s*", "", exc.message).strip() or exc.message
    m = re.search(r"line (\d+)", exc.raw)
    if not m:
        return QuerySyntaxError(message)
    line = max(1, int(m.group(1)) - offset)
    column = None
    token = re.search(r"at '([^']*)'", exc.raw)
    lines = user_text.splitlines()
    if token and 0 < line <= len(lines):
        found = lines[line - 1].find(token.group(1))
        column = found + 1 if found >= 0 else None
    return QuerySyntaxError(message, line, column if column is not None else 1)
