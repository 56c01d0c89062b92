"""SHACL validation of the whole graph against ontology/shapes.ttl."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph
from rdflib.namespace import SH

from kg.query.formats import short
from kg.ontology import load_ontology, load_shapes
from kg.store.base import Store


@dataclass
class Violation:
    focus: str
    path: str
    message: str
    value: str
    severity: str

    def __str__(self) -> str:
        where = f" {self.path}" if self.path else ""
        got = f" (value: {self.value})" if self.value else ""
        return f"{self.severity}: {self.focus}{where}: {self.message}{got}"


@dataclass
class Report:
    conforms: bool
    violations: list[Violation]
    triples: int

    def text(self) -> str:
        if self.conforms:
            return f"valid: {self.triples} triples conform to the lore-kg shapes"
        lines = [f"invalid: {len(self.violations)} problem(s) in {self.triples} triples"]
        lines += [f"  {v}" for v in self.violations]
        return "\n".join(lines)


def union_graph(store: Store) -> Graph:
    g = Graph()
    for s, p, o, _ in store.quads():
        g.add((s, p, o))
    return g


def validate(store: Store) -> Report:
    from pyshacl import validate as shacl_validate

    data = union_graph(store)
    conforms, results, _ = shacl_validate(
        data, shacl_graph=load_shapes(), ont_graph=load_ontology(), inference="none", allow_warnings=True
    )
    violations = []
    for r in results.subjects(SH.focusNode, None):
        violations.append(
            Violation(
                focus=short(results.value(r, SH.focusNode)),
                path=short(results.value(r, SH.resultPath)) if results.value(r, SH.resultPath) else "",
                message=str(results.value(r, SH.resultMessage) or "constraint not met"),
                value=short(results.value(r, SH.value)) if results.value(r, SH.value) is not None else "",
                severity=short(results.value(r, SH.resultSeverity)).removeprefix("sh:").lower(),
            )
        )
    violations.sort(key=lambda v: (v.focus, v.path, v.message))
    return Report(conforms=bool(conforms), violations=violations, triples=len(data))
