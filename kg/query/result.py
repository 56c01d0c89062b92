"""The answer to a SPARQL query, as every store gives it and every reader takes it."""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Graph
from rdflib.term import Node


@dataclass
class QueryResult:
    """The answer to a SPARQL query, with rdflib terms whatever store produced it."""

    kind: str  # "SELECT", "ASK", "CONSTRUCT" (DESCRIBE answers as CONSTRUCT)
    vars: list[str] = field(default_factory=list)
    rows: list[tuple[Node | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    graph: Graph | None = None
    truncated: bool = False  # rows were cut at the caller's row cap

    def dicts(self) -> list[dict[str, Node]]:
        return [{v: t for v, t in zip(self.vars, row) if t is not None} for row in self.rows]

    def column(self, var: str) -> list[Node]:
        i = self.vars.index(var)
        return [row[i] for row in self.rows if row[i] is not None]
