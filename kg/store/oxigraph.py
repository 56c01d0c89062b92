"""The embedded, persistent store: Oxigraph (RocksDB) through pyoxigraph, results as rdflib terms.

Chosen over rdflib's own store and oxrdflib by measurement (docs/BENCHMARKS.md). We talk to
pyoxigraph directly: oxrdflib evaluates prepared queries with rdflib's slow engine and returns
plain literals typed xsd:string, two traps recorded in shared/STORES.md.
"""

from __future__ import annotations

import os
import time
from collections.abc import Hashable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from kg.errors import NoStoreError, StoreError, StoreLockedError, first_line
from kg.query.result import QueryResult
from kg.query.sparql import syntax_error_from_oxigraph
from kg.store.base import Quad, Store, Triple
from kg.vocab import PREFIXES, bind_prefixes

if TYPE_CHECKING:
    from kg.backup import Backup

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


def directory_signature(path: str | Path) -> tuple | None:
    """The names, sizes and modification times of a store directory's files (RocksDB's LOG and
    LOCK files left out), or None when it cannot be read. Every write of Oxigraph (an update, an
    `extend`, a bulk load) appends to RocksDB's write-ahead log or adds files before it returns,
    whichever process wrote, so a write always changes it; background compactions change it too.
    Reading it costs tens of microseconds."""
    try:
        entries = list(os.scandir(path))
    except OSError:
        return None
    return tuple(sorted((e.name, *_stat(e)) for e in entries if not e.name.startswith(("LOG", "LOCK"))))


def _stat(entry: os.DirEntry) -> tuple[int, int]:
    try:
        st = entry.stat()
    except OSError:
        return (-1, -1)
    return (st.st_size, st.st_mtime_ns)


class OxigraphStore(Store):
    name = "oxigraph"
    background_writes = True  # Store.extend leaves the GIL; readers see the last committed state

    def checkpoint(self, path: str) -> OxigraphStore:
        self._store.backup(str(path))  # RocksDB's checkpoint: hard links where it can
        return OxigraphStore(str(path), read_only=True)

    def dump_trig(self, path: str) -> None:
        from kg.vocab import PREFIXES

        self._store.dump(str(path), format=ox.RdfFormat.TRIG, prefixes=PREFIXES)  # streamed

    @classmethod
    def restore(cls, location: str, backup: Backup, *, force: bool = False) -> str:
        from kg.store.oxigraph_restore import restore

        return restore(cls, location, backup, force=force)

    @classmethod
    def serving(cls, location: str, *, workers: int = 2):
        from kg.store.oxigraph_serving import SnapshotServing

        return SnapshotServing(cls, location, workers=workers)

    def __init__(self, location: str, *, read_only: bool = False):
        path = Path(location).expanduser()
        self.location = str(path)
        self.read_only = read_only
        if read_only:
            if not path.is_dir():
                raise NoStoreError(f"no store at {path}; ingest or import something first")
            self._store = _open_read_only(path)
            return
        try:
            path.mkdir(parents=True, exist_ok=True)
            self._store = ox.Store(str(path))
        except (OSError, RuntimeError) as exc:
            raise _open_error(path, exc) from None

    def change_token(self) -> Hashable | None:
        """(the handle, the directory's signature): a new handle or any write changes it. A
        read-only handle sees its snapshot whatever the directory says: a change there only
        makes callers read again."""
        handle = self._store
        if handle is None or not self.location:
            return None
        signature = directory_signature(self.location)
        if not signature:
            return None
        return (id(handle), signature)

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
        if not self.read_only and not self.has_graph(graph):
            # a new graph (what most ingests write): one `extend`, also one transaction, without
            # serialising and parsing an update (about a quarter of the write's time)
            self.add_quads((s, p, o, graph) for s, p, o in triples)
            return
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
        terms: dict = {}  # an article's triples repeat their IRIs, predicates and graph many times

        def term(t):
            found = terms.get(t)
            if found is None:
                found = terms[t] = ox.DefaultGraph() if t is None else to_oxigraph(t)
            return found

        staged = [ox.Quad(term(s), term(p), term(o), term(g)) for s, p, o, g in quads]
        try:
            self._store.extend(staged)  # transactional: all or nothing
        except OSError as exc:
            raise StoreError(f"write to {self.location} failed, nothing was written: {exc}") from None
        return len(staged)

    def quads(self, graph: URIRef | None = None) -> Iterator[Quad]:
        g = None if graph is None else ox.NamedNode(str(graph))
        for q in self._store.quads_for_pattern(None, None, None, g):
            yield (to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object), to_rdflib(q.graph_name))

    def default_triples(self) -> Iterator[Triple]:
        for q in self._store.quads_for_pattern(None, None, None, ox.DefaultGraph()):
            yield to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)

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


def _open_read_only(path: Path):
    """A read-only handle on `path`. Opening reads the files RocksDB's manifest lists; a writer
    compacting meanwhile may delete one of them ("No such file ... .sst", a RuntimeError), and
    the next try reads the new manifest: tried twice, then reported as a change to retry."""
    try:
        return ox.Store.read_only(str(path))
    except (OSError, RuntimeError) as exc:
        if not _vanished_file(exc):
            raise _open_error(path, exc) from None
    time.sleep(0.05)
    try:
        return ox.Store.read_only(str(path))
    except (OSError, RuntimeError) as exc:
        raise _open_error(path, exc) from None


def _vanished_file(exc: BaseException) -> bool:
    """A file the manifest listed is gone (not CURRENT: a directory that holds no store)."""
    text = str(exc)
    return "no such file" in text.lower() and "/CURRENT" not in text and "\\CURRENT" not in text


def _open_error(path: Path, exc: OSError | RuntimeError) -> StoreError:
    text = str(exc)
    if _vanished_file(exc) and path.is_dir():
        return StoreError(f"the store at {path} changed while opening (another process is writing to it); "
                          "run the command again")
    if "lock" in text.lower():
        return StoreLockedError(
            f"the store at {path} is in use by another kg process; wait for it to finish, "
            "or point --store at another directory"
        )
    return StoreError(f"cannot open the store at {path}: {first_line(exc)}")
