"""Every rule data file of the extractors speaks the ontology's language: its predicates are
lore: properties (or internal ones convert.py consumes), its classes are lore: classes, and the
classes a parse frame gives each predicate's ends agree with the ontology's domain and range."""

import json
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, Graph

from extractors import frame_facts, frames
from extractors.doc_model import GRAPH_TYPES
from kg.vocab import LORE

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "extractors" / "data"
INTERNAL = {"_ordinal", "_series_author"}  # read by extractors/convert.py, never stored as such
TYPING_KINDS = set(GRAPH_TYPES) | {"PLACE"}


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ROOT / "ontology" / "lore.ttl")


def _is_property(ontology: Graph, name: str) -> bool:
    iri = getattr(LORE, name)  # raises AttributeError for a term lore.ttl does not define
    return any((iri, RDF.type, t) in ontology for t in (OWL.ObjectProperty, OWL.DatatypeProperty))


def _classes(ontology: Graph, node) -> set:
    """A class, or the members of an owl:unionOf."""
    members = ontology.value(node, OWL.unionOf)
    if members is None:
        return {node}
    from rdflib.collection import Collection

    return set(Collection(ontology, members))


def test_extractors_data_relation_patterns_name_ontology_properties(ontology):
    specs = json.loads((DATA / "relations.json").read_text(encoding="utf-8"))
    assert specs
    for spec in specs:
        pred = spec["predicate"]
        assert pred in INTERNAL or _is_property(ontology, pred), f"{spec['id']}: {pred} is not a lore: property"


def test_extractors_data_harm_verbs_map_to_subproperties_of_harmed(ontology):
    for act in set(frames.lexicon()["harm_acts"].values()):
        assert (getattr(LORE, act), RDFS.subPropertyOf, LORE.harmed) in ontology, act


def test_extractors_data_typing_patterns_vote_for_known_kinds():
    specs = json.loads((DATA / "typing.json").read_text(encoding="utf-8"))
    for spec in specs:
        assert set(spec["types"].values()) <= TYPING_KINDS, spec["id"]


def test_extractors_data_entity_kinds_are_ontology_classes(ontology):
    for kind, cls in GRAPH_TYPES.items():
        assert (getattr(LORE, cls), RDF.type, OWL.Class) in ontology, kind


def test_extractors_data_frame_signatures_agree_with_domain_and_range(ontology):
    for pred, (subjects, objects) in frame_facts.SIGNATURES.items():
        domain = _classes(ontology, ontology.value(getattr(LORE, pred), RDFS.domain))
        rng = _classes(ontology, ontology.value(getattr(LORE, pred), RDFS.range))
        for kind in subjects:
            assert getattr(LORE, GRAPH_TYPES[kind]) in domain or pred in ("sibling", "parent", "romantic", "harmed",
                                                                           "framed"), (pred, kind)
        for kind in objects - {"DATE"}:  # a literal: lore:releaseDate's range is a date datatype
            assert getattr(LORE, GRAPH_TYPES[kind]) in rng or pred in ("sibling", "parent", "romantic", "harmed",
                                                                        "framed"), (pred, kind)


def test_extractors_data_frame_lexicon_has_every_role_the_code_reads():
    text = "".join((ROOT / "extractors" / name).read_text(encoding="utf-8")
                   for name in ("frames.py", "noun_frames.py", "noun_referents.py", "verb_frames.py", "frame_base.py",
                                "frame_facts.py"))
    import re

    used = set(re.findall(r'lex\["(\w+)"\]', text))
    assert {"season_nouns", "harm_acts", "author_verbs"} <= used
    assert used <= set(frames.lexicon()), used - set(frames.lexicon())
    for role, words in frames.lexicon().items():
        assert words and all(w == w.lower() for w in words), role
    assert set(frames.lexicon()["harm_acts"]) <= frames.lexicon()["harm_verbs"]  # every act is a harm verb
