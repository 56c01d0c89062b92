"""SPARQL helpers shared by every store: predeclared prefixes, safe value binding, error shapes."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from rdflib.term import Node

from kg.errors import QuerySyntaxError
from kg.vocab import PREFIXES


def prologue() -> str:
    """PREFIX lines for stores that cannot take prefixes separately (remote endpoints)."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


def values_block(variables: Sequence[str], rows: Iterable[Sequence[Node]]) -> str:
    """A VALUES block binding `variables` to rdflib terms, serialised by rdflib (never raw text)."""
    head = " ".join(f"?{v}" for v in variables)
    body = " ".join("(" + " ".join(term.n3() for term in row) + ")" for row in rows)
    return f"VALUES ({head}) {{ {body} }}"


def bind(template: str, **terms: Node) -> str:
    """Fill `$name` placeholders with rdflib terms serialised by `n3()`.

    Used for the project's own query templates; the terms come from rdflib, so a label holding
    quotes, braces or SPARQL keywords stays a literal.
    """

    def sub(match: re.Match) -> str:
        name = match.group(1)
        if name not in terms:
            raise KeyError(f"query template needs a value for ${name}")
        return terms[name].n3()

    return re.sub(r"\$([A-Za-z_][A-Za-z0-9_]*)", sub, template)


_OX_POSITION = re.compile(r"error at (\d+):(\d+):\s*(.*)", re.S)


def syntax_error_from_oxigraph(exc: SyntaxError) -> QuerySyntaxError:
    message = str(exc)
    m = _OX_POSITION.search(message)
    if m:
        return QuerySyntaxError(m.group(3).strip(), int(m.group(1)), int(m.group(2)))
    return QuerySyntaxError(message)


def syntax_error_from_pyparsing(exc: Exception) -> QuerySyntaxError:
    line = getattr(exc, "lineno", None)
    col = getattr(exc, "col", None)
    msg = getattr(exc, "msg", None) or str(exc)
    return QuerySyntaxError(str(msg), line, col)


def query_kind(sparql: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the first query-form keyword after the prologue."""
    text = re.sub(r"#[^\n]*", " ", sparql)
    text = re.sub(r"<[^>\s]*>", " ", text)  # IRIs in PREFIX/BASE lines
    m = re.search(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", text, re.I)
    return m.group(1).upper() if m else "SELECT"
