"""The one store interface lore-kg talks to. Implementations live beside it in this package."""

from __future__ import annotations

import abc
from collections.abc import Hashable, Iterable, Iterator
from typing import TYPE_CHECKING

from rdflib.term import Node, URIRef

from kg.errors import BackupError
from kg.store.serving import Serving, ThreadRunner

if TYPE_CHECKING:
    from kg.backup import Backup
    from kg.query.result import QueryResult

Triple = tuple[Node, Node, Node]
Quad = tuple[Node, Node, Node, URIRef | None]  # graph None = the default graph


class Store(abc.ABC):
    """A dataset of named graphs, one per article, queried as their union.

    Every write is all-or-nothing: a failure leaves the store as it was.
    """

    name: str = "store"  # the name the class is registered under (kg.store): what describe() reports
    location: str = ""
    # Learned, never configured: an answer came back cut at the store's own row maximum
    # (Virtuoso's ResultSetMaxRows). Readers of long answers then go to keyset pages at once
    # (kg.query.sparql.select_all) instead of reading the whole answer first.
    cuts_answers: bool = False
    # Declared by a store whose writes release the GIL and may run while the same process reads it
    # (an ingest then writes one article while it extracts the next: kg.ingest.Writer).
    background_writes: bool = False

    @abc.abstractmethod
    def query(self, sparql: str, *, limit: int | None = None) -> QueryResult:
        """Run a SPARQL 1.1 query over the union of all graphs (prefixes of kg.vocab predeclared)."""

    @abc.abstractmethod
    def replace_graph(self, graph: URIRef, triples: Iterable[Triple]) -> None:
        """Atomically make `graph` hold exactly `triples`."""

    @abc.abstractmethod
    def remove_graph(self, graph: URIRef) -> bool:
        """Drop a named graph; return whether it existed."""

    @abc.abstractmethod
    def add_quads(self, quads: Iterable[Quad]) -> int:
        """Atomically add quads; return how many were given."""

    @abc.abstractmethod
    def quads(self, graph: URIRef | None = None) -> Iterator[Quad]:
        """Every quad, or those of one named graph."""

    @abc.abstractmethod
    def graphs(self) -> list[URIRef]:
        """The named graphs in the store."""

    @abc.abstractmethod
    def __len__(self) -> int:
        """Number of quads."""

    def has_graph(self, graph: URIRef) -> bool:
        return graph in set(self.graphs())

    def default_triples(self) -> Iterator[Triple]:
        """The triples of the default graph (lore-kg's ingest writes none; `kg import` may)."""
        for s, p, o, g in self.quads():
            if g is None:
                yield s, p, o

    def change_token(self) -> Hashable | None:
        """A value that changes whenever the data this store answers from may have changed, or
        None when nothing cheap and safe can tell (callers then read again every time). Tokens
        of one store object compare with each other only."""
        return None

    def close(self) -> None:
        """Release files and connections."""

    def checkpoint(self, path: str) -> Store | None:
        """A consistent copy of the whole store written to the new directory `path`, opened
        read-only; None when this kind of store cannot copy itself (`kg backup` then exports it
        through `dump_trig` alone). OSError or RuntimeError when the copy cannot be written."""
        return None

    def dump_trig(self, path: str) -> None:
        """Write the dataset to the file `path` as TriG, one named graph per article. This
        default goes through rdflib in memory; a store that can stream declares its own."""
        from pathlib import Path

        from kg.rdfio import export

        Path(path).write_text(export(self, "trig"), encoding="utf-8")

    @classmethod
    def restore(cls, location: str, backup: Backup, *, force: bool = False) -> str:
        """Fill the store of this class at `location` with `backup` (a kg.backup.Backup: the
        manifest's counts, the store copy, the TriG checked against its SHA-256); return what was
        loaded, "trig" or "checkpoint". This default opens the store, refuses one that holds
        anything (`force` replaces only stores that declare their own restore), and loads the TriG
        in one all-or-nothing `add_quads`. The embedded store declares its own (build beside the
        target, then swap it in)."""
        from kg.rdfio import parse_dataset

        trig = backup.trig()
        with cls(location) as store:
            held = len(store)
            if held:
                raise BackupError(f"the {cls.name} store holds {held} quads; restore only into an empty store "
                                  "(--force replaces embedded stores only), or restore into a store "
                                  "directory and copy it over with `kg push --mirror`")
            store.add_quads(parse_dataset(trig.read_bytes(), "trig", source=str(trig)))
        return "trig"

    @classmethod
    def serving(cls, location: str, *, workers: int = 2) -> Serving:
        """How a long-running server (`kg serve`) uses a store of this class at `location`.
        This default suits a store that lives in the server's process: one instance for reads
        and writes, writes one at a time, guarded queries in threads, described as the store
        describes itself. The embedded and remote stores declare their own."""
        store = cls(location)
        return Serving(store, ThreadRunner(lambda: store), store.describe())

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def describe(self) -> dict[str, str]:
        return {"store": self.name, "location": self.location}

