"""The embedded, persistent store: Oxigraph (RocksDB) through pyoxigraph, results as rdflib terms.

Chosen over rdflib's own store and oxrdflib by measurement (docs/BENCHMARKS.md). We talk to
pyoxigraph directly: oxrdflib evaluates prepared queries with rdflib's slow engine and returns
plain literals typed xsd:string, two traps recorded in shared/STORES.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from kg.errors import StoreError, StoreLockedError
from kg.sparql import syntax_error_from_oxigraph
from kg.store.base import QueryResult, Quad, Store, Triple
from kg.vocab import PREFIXES, bind_prefixes

_XSD_STRING = str(XSD.string)


def to_rdflib(term) -> Node | None:
    if term is None or isinstance(term, ox.DefaultGraph):
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        dt = term.datatype.value
        return Literal(term.value) if dt == _XSD_STRING else Literal(term.value, datatype=URIRef(dt))
    raise StoreError(f"unsupported RDF term from Oxigraph: {term!r}")


def to_oxigraph(term: Node):
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise StoreError(f"unsupported RDF term for Oxigraph: {term!r}")


class OxigraphStore(Store):
    name = "oxigraph"

    def __init__(self, location: str, *, read_only: bool = False):
        path = Path(location).expanduser()
        self.location = str(path)
        self.read_only = read_only
        try:
            if read_only:
                if not path.is_dir():
                    raise StoreError(f"no store at {path}; ingest or import something first")
                self._store = ox.Store.read_only(str(path))
            else:
                path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(path))
        except (OSError, RuntimeError) as exc:  # RuntimeError: a file a writer just compacted away
            raise _open_error(path, exc) from None

    def query(self, sparql: str, *, limit: int | None = None) -> QueryResult:
        try:
            result = self._store.query(sparql, use_default_graph_as_union=True, prefixes=PREFIXES)
        except SyntaxError as exc:
            raise syntax_error_from_oxigraph(exc) from None
        except OSError as exc:
            raise StoreError(f"query failed in {self.location}: {exc}") from None
        if isinstance(result, ox.QueryBoolean):
            return QueryResult("ASK", boolean=bool(result))
        if isinstance(result, ox.QueryTriples):
            g = Graph()
            bind_prefixes(g)
            for t in result:
                g.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
            return QueryResult("CONSTRUCT", graph=g)
        variables = [v.value for v in result.variables]
        rows, truncated = [], False
        for solution in result:
            if limit is not None and len(rows) >= limit:
                truncated = True
                break
            rows.append(tuple(to_rdflib(solution[v]) for v in variables))
        return QueryResult("SELECT", vars=variables, rows=rows, truncated=truncated)

    def replace_graph(self, graph: URIRef, triples: Iterable[Triple]) -> None:
        # One SPARQL update is one Oxigraph transaction: the old graph goes and the new one
        # arrives together, or neither happens (a kill -9 mid-write included).
        body = " .\n".join(f"{s.n3()} {p.n3()} {o.n3()}" for s, p, o in triples)
        update = f"DROP SILENT GRAPH {graph.n3()} ;\nINSERT DATA {{ GRAPH {graph.n3()} {{\n{body}\n}} }}"
        self._update(update)

    def remove_graph(self, graph: URIRef) -> bool:
        existed = self.has_graph(graph)
        if existed:
            self._update(f"DROP SILENT GRAPH {graph.n3()}")
        return existed

    def has_graph(self, graph: URIRef) -> bool:
        return self._store.contains_named_graph(ox.NamedNode(str(graph)))

    def add_quads(self, quads: Iterable[Quad]) -> int:
        staged = [
            ox.Quad(
                to_oxigraph(s),
                to_oxigraph(p),
                to_oxigraph(o),
                ox.DefaultGraph() if g is None else ox.NamedNode(str(g)),
            )
            for s, p, o, g in quads
        ]
        try:
            self._store.extend(staged)  # transactional: all or nothing
        except OSError as exc:
            raise StoreError(f"write to {self.location} failed, nothing was written: {exc}") from None
        return len(staged)

    def quads(self, graph: URIRef | None = None) -> Iterator[Quad]:
        g = None if graph is None else ox.NamedNode(str(graph))
        for q in self._store.quads_for_pattern(None, None, None, g):
            yield (to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object), to_rdflib(q.graph_name))

    def graphs(self) -> list[URIRef]:
        return sorted(URIRef(g.value) for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def __len__(self) -> int:
        return len(self._store)

    def close(self) -> None:
        store = getattr(self, "_store", None)
        if store is not None and not self.read_only:
            try:
                store.flush()
            except OSError:
                pass
        self._store = None

    def _update(self, update: str) -> None:
        if self.read_only:
            raise StoreError(f"the store at {self.location} was opened read-only")
        try:
            self._store.update(update)
        except SyntaxError as exc:
            raise syntax_error_from_oxigraph(exc) from None
        except OSError as exc:
            raise StoreError(f"write to {self.location} failed, nothing was written: {exc}") from None


def _open_error(path: Path, exc: OSError) -> StoreError:
    text = str(exc)
    if "lock" in text.lower():
        return StoreLockedError(
            f"the store at {path} is in use by another kg process; wait for it to finish, "
            "or point --store at another directory"
        )
    return StoreError(f"cannot open the store at {path}: {text.splitlines()[0] if text else exc}")
