"""rdflib's in-memory Dataset: for tests and one-shot runs (`--store memory`)."""

from __future__ import annotations

import threading
from collections.abc import Hashable, Iterable, Iterator

from rdflib import Dataset, Graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import URIRef

from kg.errors import QuerySyntaxError
from kg.query.result import QueryResult
from kg.query.sparql import syntax_error_from_pyparsing
from kg.store.base import Quad, Store, Triple
from kg.vocab import PREFIXES, bind_prefixes


class MemoryStore(Store):
    name = "memory"

    def __init__(self, location: str = "", *, read_only: bool = False):
        self.location = "memory"
        self._ds = Dataset(default_union=True)
        bind_prefixes(self._ds)
        self._lock = threading.RLock()
        self._version = 0  # bumped by every write, under the lock: the change token

    def change_token(self) -> Hashable | None:
        return self._version

    def query(self, sparql: str, *, limit: int | None = None) -> QueryResult:
        from pyparsing import ParseException

        from rdflib.plugins.sparql import prepareQuery

        try:
            prepared = prepareQuery(sparql, initNs=PREFIXES)
        except ParseException as exc:
            raise syntax_error_from_pyparsing(exc) from None
        except Exception as exc:  # rdflib raises plain Exceptions for unknown prefixes and the like
            raise QuerySyntaxError(str(exc)) from None
        with self._lock:
            result = self._ds.query(prepared)
        return _to_result(result, limit)

    def replace_graph(self, graph: URIRef, triples: Iterable[Triple]) -> None:
        staged = list(triples)  # materialise first: a failing iterator must not leave half a graph
        with self._lock:
            self._version += 1
            self._ds.remove_graph(graph)
            g = self._ds.graph(graph)
            for t in staged:
                g.add(t)

    def remove_graph(self, graph: URIRef) -> bool:
        with self._lock:
            existed = graph in self._graph_ids()
            if existed:
                self._version += 1
                self._ds.remove_graph(graph)
            return existed

    def add_quads(self, quads: Iterable[Quad]) -> int:
        staged = [(s, p, o, g if g is not None else DATASET_DEFAULT_GRAPH_ID) for s, p, o, g in quads]
        with self._lock:
            self._version += 1
            self._ds.addN((s, p, o, self._ds.graph(g)) for s, p, o, g in staged)
        return len(staged)

    def quads(self, graph: URIRef | None = None) -> Iterator[Quad]:
        with self._lock:
            items = list(self._ds.quads((None, None, None, graph)))
        for s, p, o, g in items:
            gid = g.identifier if isinstance(g, Graph) else g
            if graph is not None and gid != graph:
                continue  # rdflib yields a triple once per graph holding it, whatever was asked
            yield s, p, o, (None if gid == DATASET_DEFAULT_GRAPH_ID else gid)

    def default_triples(self) -> Iterator[Triple]:
        with self._lock:
            items = list(self._ds.graph(DATASET_DEFAULT_GRAPH_ID).triples((None, None, None)))
        yield from items

    def graphs(self) -> list[URIRef]:
        with self._lock:
            return sorted(self._graph_ids())

    def _graph_ids(self) -> set[URIRef]:
        ids = set()
        for g in self._ds.graphs():
            if g.identifier != DATASET_DEFAULT_GRAPH_ID and len(g):
                ids.add(g.identifier)
        return ids

    def __len__(self) -> int:
        with self._lock:
            return sum(1 for _ in self._ds.quads((None, None, None, None)))


def _to_result(result, limit: int | None) -> QueryResult:
    if result.type == "ASK":
        return QueryResult("ASK", boolean=bool(result.askAnswer))
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        g = Graph()
        bind_prefixes(g)
        for t in result:
            g.add(t)
        return QueryResult("CONSTRUCT", graph=g)
    variables = [str(v) for v in result.vars]
    rows, truncated = [], False
    for row in result:
        if limit is not None and len(rows) >= limit:
            truncated = True
            break
        rows.append(tuple(row))
    return QueryResult("SELECT", vars=variables, rows=rows, truncated=truncated)
