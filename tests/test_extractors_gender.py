"""The gender an article gives its people and characters (extractors/gender.py): a title in the
name, a kinship word attached to the name, else the given name's usual gender marked as an
inference. Sentences are our own."""

import pytest

from kg.sources import parse_text


def genders(pipeline, text: str) -> dict[str, set[tuple[str, bool]]]:
    x = pipeline.extract(parse_text(text, source="t.md", media_type="text/plain"))
    out: dict[str, set[tuple[str, bool]]] = {}
    for g in x.genders:
        out.setdefault(g.entity.label, set()).add((g.value, g.inferred))
    return out


def statements(pipeline, text: str):
    return pipeline.extract(parse_text(text, source="t.md", media_type="text/plain")).genders


@pytest.mark.parametrize("text,name,gender", [
    ("Saltmarsh is a Hulu drama.\n\nKip Arden never forgave her sister Sable.", "Sable", "female"),
    ("Saltmarsh is a Hulu drama.\n\nMarla Quist's eldest brother, Tobin, runs the ferry.", "Tobin", "male"),
    ("Saltmarsh is a Hulu drama.\n\nOrrin Vale (Sam Stone), Edith's younger brother, keeps bees.", "Orrin Vale", "male"),
    ("Saltmarsh is a Hulu drama.\n\nThe ferryman's daughter is Ysolt Brack.", "Ysolt Brack", "female"),
    ("Saltmarsh is a Hulu drama.\n\nDestry Vaun, his wife, sells nets.", "Destry Vaun", "female"),
])
def test_gender_from_a_kinship_word_attached_to_the_name(pipeline, text, name, gender):
    assert genders(pipeline, text).get(name) == {(gender, False)}


def test_gender_from_a_plural_kinship_word_before_a_list_of_names(pipeline):
    got = genders(pipeline, "Saltmarsh is a Hulu drama.\n\nGerald Marsh's sons, Tavish Marsh and Corrin Marsh, fish.")
    assert got.get("Tavish Marsh") == {("male", False)} and got.get("Corrin Marsh") == {("male", False)}


def test_gender_from_a_title_in_the_name(pipeline):
    got = statements(pipeline, "Saltmarsh is a Hulu drama.\n\nQueen Ysmay rules the marsh with her brother Dace.")
    queen = [g for g in got if g.entity.label == "Queen Ysmay"]
    assert [(g.value, g.inferred, g.evidence.extractor) for g in queen] == [("female", False, "lore_gender:title")]


def test_gender_a_gendered_noun_heading_a_clause_says_nothing_of_the_next_name(pipeline):
    # "the woman Arlo Venn loved" makes Wrenna a woman, not Arlo (whose given name says nothing)
    got = genders(pipeline, "Saltmarsh is a Hulu drama.\n\nWrenna Holt, the woman Arlo Venn loved, left the island.")
    assert got.get("Wrenna Holt") == {("female", False)}
    assert ("female", False) not in got.get("Arlo Venn", set())


def test_gender_by_the_given_name_only_when_the_text_says_nothing_and_marked_inferred(pipeline):
    got = statements(pipeline, "Saltmarsh is a Hulu drama.\n\nMargaret Quill runs the inn with Tobin Quill.")
    margaret = [g for g in got if g.entity.label == "Margaret Quill"]
    assert [(g.value, g.inferred, g.evidence.extractor) for g in margaret] == [("female", True, "lore_gender:given-name")]
    assert margaret[0].evidence.sentence == "Margaret Quill runs the inn with Tobin Quill."


def test_gender_stated_in_the_text_wins_over_the_given_name(pipeline):
    # "Nora" would be read as a woman's name; the text says brother
    got = genders(pipeline, "Saltmarsh is a Hulu drama.\n\nNora Vale (Sam Stone), Edith's younger brother, keeps bees.")
    assert got.get("Nora Vale") == {("male", False)}


def test_gender_nothing_for_shows_books_or_organizations(pipeline):
    got = statements(pipeline, "Saltmarsh is a Hulu drama based on the novel Queen Tide by Rhona Marsh.")
    assert all(g.entity.cls in ("Person", "Character") for g in got)
