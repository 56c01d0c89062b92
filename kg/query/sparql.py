"""SPARQL helpers shared by every store: predeclared prefixes, safe value binding, error shapes,
VALUES blocks of a size every store takes, and reading long answers in keyset pages."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import islice
from typing import TYPE_CHECKING, TypeVar

from rdflib import Literal
from rdflib.term import Node

from kg.errors import QuerySyntaxError, StoreError
from kg.query.result import QueryResult
from kg.vocab import PREFIXES

if TYPE_CHECKING:
    from kg.store.base import Store

T = TypeVar("T")
Row = TypeVar("Row")

# Rows per VALUES block: Virtuoso 7.2 refuses some queries with 4,096 rows or more in one ("Too
# many arguments for standard built-in function"), so longer lists go in several queries.
VALUES_CHUNK = 1000
# Rows per keyset page, under Virtuoso's 10,000-row limits (ResultSetMaxRows by default, and the
# most rows it sorts for an OFFSET).
PAGE = 5_000
_NO_LIMIT = 1 << 62


def prologue() -> str:
    """PREFIX lines for stores that cannot take prefixes separately (remote endpoints)."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


def values_block(variables: Sequence[str], rows: Iterable[Sequence[Node]]) -> str:
    """A VALUES block binding `variables` to rdflib terms, serialised by rdflib (never raw text)."""
    head = " ".join(f"?{v}" for v in variables)
    body = " ".join("(" + " ".join(term.n3() for term in row) + ")" for row in rows)
    return f"VALUES ({head}) {{ {body} }}"


def chunks(items: Iterable[T], size: int | None = None) -> Iterator[list[T]]:
    """`items` in lists of at most `size` (default VALUES_CHUNK, the most rows one VALUES block
    should hold), in order."""
    size = size or VALUES_CHUNK
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


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


_QUERY_FORMS = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.I)
_UPDATE_FORMS = re.compile(r"\b(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b", re.I)
_NOT_KEYWORDS = re.compile(r"(?i:\bPREFIX\s+[^\s:<]*:)|#[^\n]*|<[^<>\s]*>|\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'")


def query_form(sparql: str) -> tuple[str, bool]:
    """(form, is_update): the first form keyword outside comments, IRIs, prefix names and strings; SELECT, ASK,
    CONSTRUCT or DESCRIBE for a query (SELECT when none is found), the update's own keyword
    (INSERT, DELETE, LOAD, ...) when an update keyword comes first. The one classification of a
    query text: the store adapters and the guard use it."""
    text = _NOT_KEYWORDS.sub(" ", sparql)
    q, u = _QUERY_FORMS.search(text), _UPDATE_FORMS.search(text)
    if u and (not q or u.start() < q.start()):
        return u.group(1).upper(), True
    return (q.group(1).upper() if q else "SELECT"), False


# --- long answers, in keyset pages -----------------------------------------------------------


_SELECT_HEAD = re.compile(r"\s*SELECT\s+(?:DISTINCT\s+|REDUCED\s+)?(.*?)\bWHERE\b", re.S | re.I)
_HEAD_TOKEN = re.compile(r"[()]|[?$]\w+|\bAS\b", re.I)


def projected(sparql: str) -> list[str]:
    """The variables a SELECT query projects, in order (``?x`` and ``(... AS ?y)``; not ``*``)."""
    m = _SELECT_HEAD.match(sparql)
    if not m or m.group(1).strip() == "*":
        raise ValueError("a query read in pages must name its variables (SELECT ?a ?b ..., not SELECT *)")
    names, depth, named = [], 0, False
    for token in _HEAD_TOKEN.finditer(m.group(1)):
        t = token.group()
        if t == "(":
            depth += 1
        elif t == ")":
            depth -= 1
        elif t.upper() == "AS":
            named = depth == 1
        elif depth == 0 or named:
            names.append(t[1:])
            named = False
    return names


def keyset_query(sparql: str, key: str, after: str | None, page: int) -> str:
    """One page of `sparql` (a SELECT naming its variables, without ORDER BY, LIMIT or OFFSET):
    its rows whose STR(?key) sorts after `after` (all when None), ordered by STR(?key), at most
    `page` of them. Keyset, never an OFFSET: Virtuoso sorts at most 10,000 rows for one.

    The query becomes a subquery and the filter goes around it: Virtuoso 7.2 ignores a filter
    beside a subquery and an OPTIONAL in one group (measured), and filters a subquery's rows as
    fast as its own (the label index of kg.ask, 60,000 rows: 3.2 s paged so, 3.3 s filtered
    inside)."""
    tail = sparql[sparql.rfind("}") + 1:]
    if re.search(r"\b(ORDER|LIMIT|OFFSET)\b", tail, re.I):
        raise ValueError("a query read in pages must not have ORDER BY, LIMIT or OFFSET")
    head = " ".join(f"?{v}" for v in projected(sparql))
    where = f"\n  FILTER(STR(?{key}) > {Literal(after).n3()})" if after is not None else ""
    return f"SELECT {head} WHERE {{\n  {{ {sparql.strip()} }}{where}\n}}\nORDER BY STR(?{key})\nLIMIT {page}"


def keyset_rows(fetch: Callable[[str], tuple[list[Row], bool]], sparql: str, key: str,
                key_of: Callable[[Row], str], *, page: int = PAGE,
                too_many: Callable[[int], Exception]) -> Iterator[Row]:
    """Every row of `sparql`, read in keyset pages (`keyset_query`) by `fetch(text) -> (rows,
    cut)`, where `cut` says the store stopped the answer at its own maximum. A full page may end
    in the middle of a key's rows, so it yields only the rows of its complete keys, and the next
    page starts after the last of them. `key_of(row)` is STR(?key) of a row (?key is bound in
    every row). When one key has a whole page of rows, paging cannot go on: `too_many(rows in the
    page)` is raised."""
    after: str | None = None
    seen: set[str] = set()
    while True:
        rows, cut = fetch(keyset_query(sparql, key, after, page))
        if not cut and len(rows) < page:
            yield from rows
            return
        last = key_of(rows[-1]) if rows else None
        complete = [r for r in rows if key_of(r) != last]
        if not complete:
            raise too_many(len(rows))
        after = key_of(complete[-1])
        if after in seen:  # never loop on an endpoint that ignores the filter
            raise StoreError(f"the store answered a page of rows after {after!r} with rows up to it again; "
                             "it cannot be read in pages")
        seen.add(after)
        yield from complete


def select_all(store: Store, sparql: str, key: str, *, page: int = PAGE, who: str = "lore-kg") -> QueryResult:
    """Every row of `sparql` (a SELECT as `keyset_query` takes) from `store`, even from one that
    cuts answers at a maximum (Virtuoso's ResultSetMaxRows): read whole while the store has never
    cut an answer, and in keyset pages by STR(?key) once it has (`Store.cuts_answers`, set here
    or by the store itself: later calls go to pages at once). ?key must be bound in every row.
    `who` names the reader in the error raised when one key has more rows than a page."""
    if not store.cuts_answers:
        whole = store.query(sparql, limit=_NO_LIMIT)
        if not whole.truncated:
            return whole
        store.cuts_answers = True
    variables: list[str] = []
    at = [0]  # the column of ?key

    def fetch(text: str) -> tuple[list[tuple], bool]:
        part = store.query(text, limit=page)
        variables[:] = part.vars
        at[0] = part.vars.index(key)
        return part.rows, part.truncated

    def key_of(row: tuple) -> str:
        return str(row[at[0]])

    def too_many(n: int) -> StoreError:
        return StoreError(f"{who} cannot read this answer in pages (more than {n:,} rows for one entity); raise "
                          "the endpoint's row cap (Virtuoso: ResultSetMaxRows in virtuoso.ini [SPARQL])")

    rows = list(keyset_rows(fetch, sparql, key, key_of, page=page, too_many=too_many))
    return QueryResult("SELECT", vars=variables, rows=rows)
