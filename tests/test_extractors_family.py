"""A parent of one child is the parent of that child's brothers and sisters (extractors/family.py),
except across half-, step-, adoptive and foster relations. Sentences are our own."""

import pytest

from extractors.family import family_facts
from kg.extraction import EntityKey, Evidence, Fact
from kg.sources import parse_text


def _char(name: str) -> EntityKey:
    return EntityKey("Character", name)


def _fact(a: str, predicate: str, b: str, sentence: str) -> Fact:
    return Fact(_char(a), predicate, _char(b), Evidence(sentence, 0, len(sentence), "lore_relations:test", 0.8))


def _triples(facts):
    return {(f.subject.label, f.predicate, f.object.label) for f in facts}


def test_family_a_parent_of_one_child_is_the_parent_of_her_brother():
    facts = [_fact("Oswin", "parent", "Marta", "Marta's father, Oswin, keeps the lighthouse."),
             _fact("Marta", "sibling", "Pell", "Pell is Marta's younger brother.")]
    got = family_facts(facts)
    assert _triples(got) == {("Oswin", "parent", "Pell")}
    assert got[0].inferred and got[0].evidence.extractor == "lore_relations:parent-of-sibling"


@pytest.mark.parametrize("sibling_sentence", [
    "Pell is Marta's half-brother.",
    "Pell, Marta's adopted brother, sails.",
    "Pell is Marta's stepbrother.",
])
def test_family_half_step_and_adoptive_kin_share_no_parent(sibling_sentence):
    facts = [_fact("Oswin", "parent", "Marta", "Marta's father, Oswin, keeps the lighthouse."),
             _fact("Marta", "sibling", "Pell", sibling_sentence)]
    assert family_facts(facts) == []


def test_family_a_child_with_two_parents_named_gets_no_third():
    facts = [_fact("Oswin", "parent", "Marta", "Marta's father, Oswin, keeps the lighthouse."),
             _fact("Marta", "sibling", "Pell", "Pell is Marta's brother."),
             _fact("Greer", "parent", "Pell", "Pell's mother is Greer."),
             _fact("Tam", "parent", "Pell", "Pell's father is Tam.")]
    assert ("Oswin", "parent", "Pell") not in _triples(family_facts(facts))


def test_family_from_an_article(pipeline):
    text = ("Saltmarsh is a BBC drama about a fishing town. Its heroine is Marta Quill (Ines Marlow), a ferry "
            "pilot. Marta's father, Oswin Quill, keeps the lighthouse. Her younger brother, Pell Quill, mends the nets.")
    x = pipeline.extract(parse_text(text, source="t.txt"))
    got = {(f.subject.label, f.predicate, f.object.label) for f in x.facts if f.predicate == "parent"}
    assert {("Oswin Quill", "parent", "Marta Quill"), ("Oswin Quill", "parent", "Pell Quill")} <= got
