"""Copy a whole dataset between stores (`kg push --to` / `kg pull --from`), graph by graph.

Each named graph of the source replaces the graph of the same name in the target with
`Store.replace_graph`, so every graph arrives whole or not at all, and a copy that stops half-way
(network, endpoint) leaves the target with some graphs new and the others as they were; running
it again finishes the job. Articles keep their provenance because it lives in their own graphs
(`lore:Article` description, content hash, pipeline activity, evidence).

The default graph (lore-kg's ingest writes nothing there; `kg import` of Turtle or N-Triples
does) is merged into the target's default graph with `add_quads`, not replaced: a store has no
"replace the default graph" operation. With `mirror=True`, graphs of the target that the source
does not have are dropped at the end, so the target ends up with the source's named graphs only.

A copy that fails part-way raises the error it met (same type), its message saying how many
graphs were copied and to run the command again.
"""

from __future__ import annotations

import copy
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

from rdflib import URIRef

from kg.errors import LoreError
from kg.store.base import Store, Triple

__all__ = ["TransferReport", "copy_dataset"]


@dataclass
class TransferReport:
    graphs: int = 0
    quads: int = 0
    default_quads: int = 0
    removed: list[URIRef] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self, source: str, target: str) -> str:
        text = (f"copied {self.graphs} graph{'s' if self.graphs != 1 else ''} ({self.quads} quads"
                + (f", {self.default_quads} in the default graph" if self.default_quads else "")
                + f") from {source} to {target} in {self.seconds:.1f} s")
        if self.removed:
            text += f"; removed {len(self.removed)} graph{'s' if len(self.removed) != 1 else ''} the source lacks"
        return text

    def to_dict(self) -> dict:
        return {"graphs": self.graphs, "quads": self.quads, "default_quads": self.default_quads,
                "removed": [str(g) for g in self.removed], "seconds": round(self.seconds, 3)}


def _graph_triples(source: Store, graph: URIRef) -> Iterator[Triple]:
    for s, p, o, _ in source.quads(graph):
        yield s, p, o


def copy_dataset(source: Store, target: Store, *, mirror: bool = False, progress: bool = False) -> TransferReport:
    """Copy every graph of `source` into `target` (see the module docstring)."""
    started = time.perf_counter()
    report = TransferReport()
    graphs = source.graphs()
    try:
        _copy(source, target, graphs, report, mirror=mirror, progress=progress)
    except LoreError as exc:
        again = copy.copy(exc)  # the same type (and exit code), its message telling how far it got
        again.args = (f"{exc}; copied {report.graphs} of {len(graphs)} graphs, run the same command again to finish",)
        raise again from None
    report.seconds = time.perf_counter() - started
    return report


def _copy(source: Store, target: Store, graphs: list[URIRef], report: TransferReport, *, mirror: bool,
          progress: bool) -> None:
    from tqdm import tqdm

    with tqdm(total=len(graphs), unit="graph", file=sys.stderr, disable=not progress, dynamic_ncols=True,
              desc="copy") as bar:
        for graph in graphs:
            triples = list(_graph_triples(source, graph))
            target.replace_graph(graph, triples)
            report.graphs += 1
            report.quads += len(triples)
            bar.update()
    default = list(source.default_triples())
    if default:
        target.add_quads((s, p, o, None) for s, p, o in default)
        report.default_quads = len(default)
        report.quads += len(default)
    if mirror:
        keep = set(graphs)
        for graph in target.graphs():
            if graph not in keep:
                target.remove_graph(graph)
                report.removed.append(graph)
