"""`SparqlStore`: the Store interface over a remote SPARQL 1.1 endpoint (see the package docstring).

The class holds the endpoint's settings, its transport and dialect, and the plumbing the reads and
writes of kg.store.sparql.reads and kg.store.sparql.writes go through: `select` (lore-kg's own
SELECT, raw JSON bindings) and `update`.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator

from rdflib import URIRef
from rdflib.term import Node

from kg.errors import LoreError, StoreError
from kg.query.result import QueryResult
from kg.query.sparql import PAGE, prologue
from kg.store.base import Quad, Store, Triple
from kg.store.sparql import reads, writes
from kg.store.sparql.config import EndpointConfig, safe_url
from kg.store.sparql.dialect import (
    HIDDEN_VAR, Dialect, EndpointSyntaxError, check_form, graph_constants_as_variables, probe, syntax_error,
    time_limit_form,
)
from kg.store.sparql.results import JSON, NTRIPLES, parse_ask, parse_graph, parse_select
from kg.store.sparql.transport import Transport

__all__ = ["SparqlStore"]


class SparqlStore(Store):
    name = "sparql"

    @classmethod
    def serving(cls, location: str, *, workers: int = 2):
        from kg.store.sparql.serving import RemoteServing

        return RemoteServing(cls, location, workers=workers)

    def __init__(self, location: str, *, read_only: bool = False, chunk: int = writes.CHUNK, page: int = PAGE,
                 **settings):
        self.config = EndpointConfig.load(location, **settings)
        self.transport = Transport(self.config)
        self.location = self.transport.location
        self.read_only = read_only
        self.chunk = max(1, int(chunk))
        self.page = max(2, int(page))
        self.default_graph = URIRef(self.config.default_graph)
        self._lock = threading.Lock()
        self._dialect: Dialect | None = None
        self._cleaned = False

    # --- the endpoint --------------------------------------------------------------------------

    @property
    def dialect(self) -> Dialect:
        """What the endpoint is (kg.store.sparql.dialect.probe), asked at the first use."""
        if self._dialect is None:
            with self._lock:
                if self._dialect is None:
                    self._dialect = probe(self.transport, self.config)
        return self._dialect

    @property
    def is_virtuoso(self) -> bool:
        return self.dialect.virtuoso

    def visible(self, graph: Node | None) -> bool:
        """A graph of lore-kg's dataset (not a system or staging graph)."""
        if graph is None:
            return True
        text = str(graph)
        return not text.startswith(writes.STAGING_PREFIX) and text not in self.dialect.hidden

    def select(self, text: str) -> tuple[list[str], list[tuple], int | None]:
        """lore-kg's own SELECT (pragmas and prefixes added): (variables, rows of raw JSON
        bindings, the endpoint's row cap when it cut the answer, else None)."""
        head = self.dialect.pragmas + prologue()
        try:
            answer = self.transport.post(self.config.query_url, {"query": head + text}, JSON, what="query")
        except EndpointSyntaxError as exc:
            raise StoreError(f"the SPARQL endpoint {self.location} rejected lore-kg's own query: {exc}") from None
        return self._select_answer(answer, raw=True)

    def _select_answer(self, answer, *, raw: bool) -> tuple[list[str], list[tuple], int | None]:
        variables, rows, cap = parse_select(answer, self.location, raw=raw)
        if cap is not None:
            self.cuts_answers = True
        return variables, rows, cap

    def update(self, text: str) -> None:
        """Send lore-kg's own update (refused when the store was opened read-only)."""
        if self.read_only:
            raise StoreError(f"the store at {self.location} was opened read-only")
        try:
            self.transport.post(self.config.update_url, {"update": text}, JSON, what="update")
        except EndpointSyntaxError as exc:
            raise StoreError(f"the SPARQL endpoint {safe_url(self.config.update_url)} rejected lore-kg's update: "
                             f"{exc} (if it says the request is too large, lower the store's chunk size)") from None

    # --- queries -------------------------------------------------------------------------------

    def query(self, sparql: str, *, limit: int | None = None, timeout: float | None = None) -> QueryResult:
        """`Store.query`; with `timeout`, this query's own time limit in seconds instead of the
        store's (kg.store.sparql.transport): a QueryTimeoutError past it."""
        kind = check_form(sparql)
        pragmas = self.dialect.pragmas
        head = pragmas + prologue()
        text, rewritten = graph_constants_as_variables(sparql) if pragmas else (sparql, False)
        accept = JSON if kind in ("SELECT", "ASK") else NTRIPLES
        form = {"query": head + text}
        if timeout is not None:
            form.update(time_limit_form(self.dialect, timeout))
        try:
            answer = self.transport.post(self.config.query_url, form, accept, what="query", timeout=timeout)
        except EndpointSyntaxError as exc:
            raise syntax_error(sparql, exc, head.count("\n")) from None
        if kind == "ASK":
            return QueryResult("ASK", boolean=parse_ask(answer, self.location))
        if kind in ("CONSTRUCT", "DESCRIBE"):
            return QueryResult("CONSTRUCT", graph=parse_graph(answer, self.location))
        variables, rows, capped = self._select_answer(answer, raw=False)
        if rewritten and any(v.startswith(HIDDEN_VAR) for v in variables):  # SELECT * shows them
            keep = [i for i, v in enumerate(variables) if not v.startswith(HIDDEN_VAR)]
            variables = [variables[i] for i in keep]
            rows = [tuple(row[i] for i in keep) for row in rows]
        truncated = False
        if limit is not None and len(rows) > limit:
            rows, truncated = rows[:limit], True
        elif capped is not None:
            if limit is None:
                raise StoreError(f"the SPARQL endpoint {self.location} cut the answer at its maximum of {capped:,} "
                                 "rows (Virtuoso: ResultSetMaxRows); narrow the query or add LIMIT")
            truncated = True
        return QueryResult("SELECT", vars=variables, rows=rows, truncated=truncated)

    # --- reading the dataset (kg.store.sparql.reads) -------------------------------------------

    def graphs(self) -> list[URIRef]:
        return reads.graphs(self)

    def has_graph(self, graph: URIRef) -> bool:
        if graph == self.default_graph or not self.visible(graph):
            return False
        # A graph variable, not GRAPH <g>: see kg.store.sparql.dialect.graph_constants_as_variables.
        text = f"ASK {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g = {URIRef(graph).n3()}) }}"
        answer = self.transport.post(self.config.query_url, {"query": self.dialect.pragmas + text}, JSON,
                                     what="query")
        return parse_ask(answer, self.location)

    def quads(self, graph: URIRef | None = None) -> Iterator[Quad]:
        return reads.quads(self, graph)

    def default_triples(self) -> Iterator[Triple]:
        """The triples of the default graph (the stand-in graph), without reading the others."""
        for s, p, o, _ in reads.graph_quads(self, self.default_graph):
            yield s, p, o

    def __len__(self) -> int:
        return reads.count(self)

    # --- writing (kg.store.sparql.writes) ------------------------------------------------------

    def _check_writable(self) -> None:
        if self.read_only:
            raise StoreError(f"the store at {self.location} was opened read-only")
        if not self._cleaned:
            self._cleaned = True
            try:
                self.cleanup_staging()
            except LoreError:
                pass  # best effort; the write itself will report a broken endpoint

    def _target(self, graph: URIRef | None) -> URIRef:
        if graph is None:
            return self.default_graph
        if not isinstance(graph, URIRef):
            raise StoreError(f"graph names must be IRIs on a remote store, not {graph!r}")
        if str(graph).startswith((writes.STAGING_PREFIX, writes.STAGED_PREFIX)):
            raise StoreError(f"{graph} is reserved for lore-kg's staging graphs")
        return graph

    def replace_graph(self, graph: URIRef, triples: Iterable[Triple]) -> None:
        self._check_writable()
        target = self._target(graph)
        writes.replace_graph(self, target, list(triples))  # a failing iterator must not leave half a graph

    def add_quads(self, quads: Iterable[Quad]) -> int:
        self._check_writable()
        by_graph: dict[URIRef, list[Triple]] = {}
        n = 0
        for s, p, o, g in quads:  # materialised first: a failing iterator writes nothing
            by_graph.setdefault(self._target(g), []).append((s, p, o))
            n += 1
        writes.add_quads(self, by_graph)
        return n

    def remove_graph(self, graph: URIRef) -> bool:
        self._check_writable()
        target = self._target(graph)
        existed = self.has_graph(target) if graph is not None else False
        if existed:
            self.update(f"DROP SILENT GRAPH {target.n3()}")
        return existed

    def clear(self) -> int:
        """Drop every graph of the dataset (named graphs, the default graph, staging graphs), never
        the endpoint's system graphs; return how many named graphs were dropped."""
        self._check_writable()
        doomed = self.graphs()
        writes.drop_graphs(self, [*doomed, self.default_graph, *reads.staging_graph_names(self)])
        return len(doomed)

    def cleanup_staging(self, max_age: float = writes.STAGING_MAX_AGE) -> list[URIRef]:
        """Drop staging graphs older than `max_age` seconds (left by writers that died); return them."""
        return writes.cleanup_staging(self, max_age)

    def describe(self) -> dict[str, str]:
        out = {"store": self.name, "location": self.location}
        if self.config.update_url != self.config.query_url:
            out["update"] = safe_url(self.config.update_url)
        return out
