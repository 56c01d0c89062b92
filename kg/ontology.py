"""Access to the ontology (``ontology/lore.ttl``) and the SHACL shapes (``ontology/shapes.ttl``).

The files are found next to the ``kg`` package in a source checkout or editable install, else
under ``{sys.prefix}/share/lore-kg/ontology/`` where a wheel install puts them (the data-files of
pyproject.toml). The parsed graphs are cached: treat them as read-only (copy before changing).
"""

from __future__ import annotations

import sys
import sysconfig
from functools import cache
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from kg.vocab import LORE, bind_prefixes

__all__ = [
    "class_labels",
    "inverse_of",
    "load_ontology",
    "load_shapes",
    "ontology_path",
    "property_labels",
    "shapes_path",
]

ONTOLOGY_FILE = "lore.ttl"
SHAPES_FILE = "shapes.ttl"

# ontology/ at the root of the repository, next to the kg package directory.
_REPO_ONTOLOGY_DIR = Path(__file__).resolve().parent.parent / "ontology"
_INSTALLED_SUBDIR = Path("share", "lore-kg", "ontology")

_PROPERTY_TYPES = (OWL.ObjectProperty, OWL.DatatypeProperty, RDF.Property)


def _candidate_dirs() -> list[Path]:
    dirs = [_REPO_ONTOLOGY_DIR, Path(sys.prefix) / _INSTALLED_SUBDIR]
    data = sysconfig.get_path("data")  # differs from sys.prefix for --user installs
    if data:
        dirs.append(Path(data) / _INSTALLED_SUBDIR)
    unique: list[Path] = []
    for d in dirs:
        if d not in unique:
            unique.append(d)
    return unique


def _find(name: str) -> Path:
    candidates = _candidate_dirs()
    for directory in candidates:
        path = directory / name
        if path.is_file():
            return path
    looked = ", ".join(str(d / name) for d in candidates)
    raise FileNotFoundError(
        f"cannot find the lore-kg file {name!r} (looked in: {looked}). "
        "Run from a checkout of the repository, or reinstall the package "
        "(pip install lore-kg) so that it installs share/lore-kg/ontology/."
    )


def ontology_path() -> Path:
    """The path of ``lore.ttl``; raises FileNotFoundError if it is not installed."""
    return _find(ONTOLOGY_FILE)


def shapes_path() -> Path:
    """The path of ``shapes.ttl``; raises FileNotFoundError if it is not installed."""
    return _find(SHAPES_FILE)


@cache
def load_ontology() -> Graph:
    """The ontology as a graph (parsed once; do not modify it)."""
    graph = bind_prefixes(Graph())
    graph.parse(ontology_path(), format="turtle")
    return graph


@cache
def load_shapes() -> Graph:
    """The SHACL shapes as a graph (parsed once; do not modify it).

    Validate data without inference, e.g.
    ``pyshacl.validate(data, shacl_graph=load_shapes(), inference="none")``: with RDFS
    inference the ontology's ranges would type any value as what the shapes expect.
    """
    graph = bind_prefixes(Graph())
    graph.parse(shapes_path(), format="turtle")
    return graph


def _label(graph: Graph, term: URIRef) -> str | None:
    """The English label of `term`, else a label without language, else any label."""
    labels = [o for o in graph.objects(term, RDFS.label) if isinstance(o, Literal)]
    for wanted in ("en", None):
        for label in labels:
            if label.language == wanted:
                return str(label)
    return str(labels[0]) if labels else None


@cache
def _labels_of(types: tuple[URIRef, ...]) -> dict[URIRef, str]:
    graph = load_ontology()
    out: dict[URIRef, str] = {}
    for rdf_type in types:
        for term in graph.subjects(RDF.type, rdf_type):
            if isinstance(term, URIRef) and term not in out:
                label = _label(graph, term)
                if label is not None:
                    out[term] = label
    return dict(sorted(out.items()))


def class_labels() -> dict[URIRef, str]:
    """Every labelled class of the ontology -> its English label (``lore:Show`` -> "show")."""
    return dict(_labels_of((OWL.Class, RDFS.Class)))


def property_labels() -> dict[URIRef, str]:
    """Every labelled property of the ontology -> its English label (``lore:basedOn`` -> "based on")."""
    return dict(_labels_of(_PROPERTY_TYPES))


def _as_iri(prop: URIRef | str) -> URIRef:
    text = str(prop)
    if text.startswith("lore:"):
        text = text[len("lore:") :]
    if ":" not in text:  # a bare local name such as "sequel"
        return LORE[text]
    return URIRef(text)


def inverse_of(prop: URIRef | str, *, lore_only: bool = True) -> URIRef | None:
    """The inverse of a property, or None if the ontology declares none.

    Reads ``owl:inverseOf`` in both directions; a symmetric property is its own inverse
    (``lore:sibling`` -> ``lore:sibling``, ``lore:sequel`` -> ``lore:prequel``). By default only
    lore terms are returned, so the result can be written into the graph; with
    ``lore_only=False`` an alignment inverse is returned too (``lore:parent`` -> ``schema:parent``).
    Accepts an IRI, ``"lore:sequel"`` or a bare lore local name (``"sequel"``; a name the
    ontology does not define raises AttributeError).
    """
    iri = _as_iri(prop)
    graph = load_ontology()
    if (iri, RDF.type, OWL.SymmetricProperty) in graph:
        return iri
    candidates = {o for o in graph.objects(iri, OWL.inverseOf) if isinstance(o, URIRef)}
    candidates |= {s for s in graph.subjects(OWL.inverseOf, iri) if isinstance(s, URIRef)}
    if lore_only:
        candidates = {term for term in candidates if term in LORE}
    if not candidates:
        return None
    # Prefer a lore term over an alignment, then the first by IRI (deterministic).
    return min(candidates, key=lambda term: (term not in LORE, str(term)))
