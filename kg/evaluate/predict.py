"""What the graph says about one article, read back in the terms of the gold (EVAL.md).

`predicted(store, article_iri)` reads the article's named graph (docs/DESIGN.md) with SPARQL:
the entities of the five gold classes with their labels and altLabels, and the facts of the
gold predicates. Seasons, the article node, evidence and mention nodes are not entities.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from rdflib import Literal, URIRef
from rdflib.namespace import RDFS

from kg.evaluate.gold import ENTITY_CLASSES
from kg.query.sparql import values_block
from kg.store.base import Store
from kg.vocab import LORE

__all__ = ["Name", "PredEntity", "PredRelation", "Predicted", "predicted", "harmed_subproperties"]


@dataclass(frozen=True)
class Name:
    """A subject or object as the graph names it: a label and altLabels, or a literal value."""

    label: str
    aliases: frozenset[str] = frozenset()
    literal: bool = False
    iri: str | None = None
    classes: frozenset[str] = frozenset()  # its lore classes in the article's graph


@dataclass(frozen=True)
class PredEntity:
    cls: str  # Show, Book, Person, Character or Organization
    name: Name


@dataclass(frozen=True)
class PredRelation:
    subject: Name
    predicate: str  # a gold predicate name (basedOn, harmed, adapts, ...)
    object: Name


@dataclass
class Predicted:
    article: str
    entities: list[PredEntity] = field(default_factory=list)
    relations: list[PredRelation] = field(default_factory=list)
    pipelines: list[tuple[str, str]] = field(default_factory=list)  # (name, version) of the run


_CLASS_IRIS = {LORE[c]: c for c in ENTITY_CLASSES}
_DIRECT = {LORE[p]: p for p in (
    "basedOn", "sequel", "author", "createdBy", "character", "portrayedBy", "network",
    "releaseDate", "renewalStatus", "sibling", "romantic", "parent", "harmed", "framed", "adapts",
)}
_STATUS = {LORE.Renewed: "renewed", LORE.Canceled: "canceled", LORE.Pending: "pending"}
_FALLBACK_HARMS = ("pushed", "stabbed", "poisoned", "attacked", "shot", "killed")


@cache
def harmed_subproperties() -> frozenset[URIRef]:
    """Properties scored as harmed: lore:harmed's sub-properties in the ontology, except framed
    (a gold predicate of its own)."""
    try:
        from kg.ontology import load_ontology

        graph = load_ontology()
        subs = set(graph.transitive_subjects(RDFS.subPropertyOf, LORE.harmed))
    except (FileNotFoundError, ImportError):  # pragma: no cover - ontology always shipped
        subs = {LORE[p] for p in _FALLBACK_HARMS}
    subs.discard(LORE.harmed)
    subs.discard(LORE.framed)
    return frozenset(s for s in subs if isinstance(s, URIRef))


def _predicate_map() -> dict[URIRef, str]:
    mapping = dict(_DIRECT)
    for prop in harmed_subproperties():
        mapping.setdefault(prop, "harmed")
    mapping[LORE.prequel] = "prequel"  # read as the inverse of sequel
    return mapping


_TYPES = "SELECT DISTINCT ?x ?cls WHERE { $g $cls GRAPH ?g { ?x a ?cls } }"
_LABELS = "SELECT DISTINCT ?x ?l WHERE { $g GRAPH ?g { ?x rdfs:label ?l } }"
_ALTS = "SELECT DISTINCT ?x ?l WHERE { $g GRAPH ?g { ?x skos:altLabel ?l } }"
_ANY_LABEL = "SELECT DISTINCT ?x ?l WHERE { $x ?x rdfs:label ?l }"
_FACTS = "SELECT DISTINCT ?s ?p ?o WHERE { $g $p GRAPH ?g { ?s ?p ?o } }"
_SEASONS = """SELECT DISTINCT ?season ?show ?n WHERE { $g
  GRAPH ?g {
    { ?season a lore:Season } UNION { ?anyShow lore:season ?season } UNION { ?season lore:seasonNumber ?anyN }
    OPTIONAL { ?show lore:season ?season }
    OPTIONAL { ?season lore:seasonNumber ?n }
  }
}"""
_PIPELINES = """SELECT DISTINCT ?name ?version WHERE { $g
  GRAPH ?g { ?g prov:wasGeneratedBy ?run }
  OPTIONAL { ?run lore:pipelineName ?name }
  OPTIONAL { ?run lore:pipelineVersion ?version }
}"""


def _q(store: Store, template: str, **blocks: str):
    text = template
    for name, block in blocks.items():
        text = text.replace(f"${name}", block)
    return store.query(text).rows


def _fallback_label(term) -> str:
    text = str(term).rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]
    return text.replace("-", " ")


def predicted(store: Store, article_iri: str | URIRef) -> Predicted:
    """The entities and relations the article's named graph holds, labelled for scoring."""
    graph = URIRef(str(article_iri))
    g = values_block(["g"], [[graph]])
    out = Predicted(article=str(graph))

    types: dict[URIRef, set[str]] = {}
    cls_block = values_block(["cls"], [[iri] for iri in _CLASS_IRIS] + [[LORE.Season]])
    for x, cls in _q(store, _TYPES, g=g, cls=cls_block):
        types.setdefault(x, set()).add("Season" if cls == LORE.Season else _CLASS_IRIS[cls])

    labels: dict = {}
    for x, label in _q(store, _LABELS, g=g):
        labels.setdefault(x, []).append(label)
    alts: dict = {}
    for x, label in _q(store, _ALTS, g=g):
        alts.setdefault(x, set()).add(str(label))

    pmap = _predicate_map()
    facts = _q(store, _FACTS, g=g, p=values_block(["p"], [[p] for p in pmap]))
    nodes = set(types) | {s for s, _, _ in facts} | {o for _, _, o in facts if isinstance(o, URIRef)}
    missing = [x for x in nodes if x not in labels and isinstance(x, URIRef)]
    if missing:  # labelled in another graph only: take the label from the union
        for x, label in _q(store, _ANY_LABEL, x=values_block(["x"], [[m] for m in missing])):
            labels.setdefault(x, []).append(label)

    def name(term) -> Name:
        found = sorted(labels.get(term, []), key=lambda lit: (getattr(lit, "language", None) not in (None, "en"), str(lit)))
        label = str(found[0]) if found else _fallback_label(term)
        others = {str(lit) for lit in found[1:]} | alts.get(term, set())
        return Name(label, frozenset(others - {label}), iri=str(term), classes=frozenset(types.get(term, ())))

    seasons = _season_names(store, g, name)

    for x, classes in sorted(types.items()):
        for cls in sorted(classes - {"Season"}):
            out.entities.append(PredEntity(cls, name(x)))

    for s, p, o in facts:
        pred = pmap[p]
        subj = seasons.get(s) or name(s)
        if pred in ("releaseDate", "renewalStatus"):
            if isinstance(o, Literal):
                obj = Name(str(o), literal=True)
            elif o in _STATUS:
                obj = Name(_STATUS[o], literal=True, iri=str(o))
            else:
                obj = Name(_fallback_label(o).lower(), literal=True, iri=str(o))
        else:
            obj = seasons.get(o) or name(o)
        if pred == "prequel":  # B2 prequel B1 is B1 sequel B2
            subj, pred, obj = obj, "sequel", subj
        elif pred == "basedOn" and s in seasons:  # a season based on a book adapts it
            pred = "adapts"
        out.relations.append(PredRelation(subj, pred, obj))

    for name_, version in _q(store, _PIPELINES, g=g):
        out.pipelines.append((str(name_) if name_ is not None else "?", str(version) if version is not None else "?"))
    return out


def _season_names(store: Store, g: str, name) -> dict:
    """Season IRI -> Name "SHOW season N" (one spelling per label of the show)."""
    out, rendered = {}, set()
    rows = _q(store, _SEASONS, g=g)
    for season, show, n in sorted(rows, key=lambda r: (r[1] is None, r[2] is None, str(r[1]), str(r[2]))):
        if season in rendered:
            continue
        number = str(n) if n is not None else None
        if number is None:
            tail = str(season).rstrip("/").rsplit("/", 1)[-1]
            number = tail if tail.isdigit() else None
        if show is None or number is None:
            out.setdefault(season, name(season))
            continue
        show_name = name(show)
        forms = [f"{form} season {number}" for form in [show_name.label, *sorted(show_name.aliases)]]
        out[season] = Name(forms[0], frozenset(forms[1:]), iri=str(season), classes=frozenset({"Season"}))
        rendered.add(season)
    return out
