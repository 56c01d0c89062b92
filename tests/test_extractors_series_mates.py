"""Books of one series named together ("part of a trilogy along with A and B") share the writer
stated for one of them; "created the show with B" makes B a creator too. Sentences are our own."""

import pytest

from kg.sources import parse_text


def facts(pipeline, text: str) -> set[tuple[str, str, str]]:
    x = pipeline.extract(parse_text(text, source="t.txt"))
    return {(f.subject.label, f.predicate, getattr(f.object, "label", None) or f.object.value) for f in x.facts}


@pytest.mark.parametrize("text", [
    "Salt Roads is a Welsh novel by the writer Owen Pryce, first published in 1951. The book is part of a trilogy "
    "(along with Red Fields and The Long Walk) that follows a miner's son.",
    "Salt Roads is a Welsh novel by the writer Owen Pryce. Together with Red Fields and The Long Walk, it forms his "
    "Valley trilogy.",
])
def test_series_mates_share_the_stated_writer(pipeline, text):
    got = facts(pipeline, text)
    assert {("Red Fields", "author", "Owen Pryce"), ("The Long Walk", "author", "Owen Pryce")} <= got


def test_series_mates_keep_a_writer_of_their_own(pipeline):
    got = facts(pipeline, "Salt Roads is a Welsh novel by Owen Pryce. Red Fields is a novel by Ann Vey. Salt Roads "
                          "is part of a trilogy (along with Red Fields and The Long Walk).")
    assert ("Red Fields", "author", "Ann Vey") in got and ("Red Fields", "author", "Owen Pryce") not in got


def test_series_mates_a_show_series_with_a_person_is_a_co_creator_not_a_book(pipeline):
    text = "Moorfield is an HBO drama. Ana Ruiz developed the series with Tom Hale."
    x = pipeline.extract(parse_text(text, source="t.txt"))
    assert ("Person", "Tom Hale") in {(e.cls, e.label) for e in x.entities}
    assert {("Moorfield", "createdBy", "Ana Ruiz"), ("Moorfield", "createdBy", "Tom Hale")} <= facts(pipeline, text)


def test_series_mates_with_an_actor_in_the_lead_is_no_co_creator(pipeline):
    got = facts(pipeline, "Moorfield is an HBO drama. Ana Ruiz created the show with Mira Dalton in the lead.")
    assert ("Moorfield", "createdBy", "Mira Dalton") not in got
