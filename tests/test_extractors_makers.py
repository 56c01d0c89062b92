"""Who made a work: books of one series named together ("one of a trilogy, with A and B") share the writer
stated for one of them; "created the show with B" makes B a creator too. Sentences are our own."""

import pytest

from kg.sources import parse_text


def facts(pipeline, text: str) -> set[tuple[str, str, str]]:
    x = pipeline.extract(parse_text(text, source="t.txt"))
    return {(f.subject.label, f.predicate, getattr(f.object, "label", None) or f.object.value) for f in x.facts}


@pytest.mark.parametrize("text", [
    "Salt Roads is a Welsh novel by the writer Owen Pryce, first published in 1951. The novel belongs to a trilogy "
    "(with Red Fields and The Long Walk) about a miner's son.",
    "Salt Roads is a Welsh novel by the writer Owen Pryce. Together with Red Fields and The Long Walk, it forms his "
    "Valley trilogy.",
])
def test_makers_series_mates_share_the_stated_writer(pipeline, text):
    got = facts(pipeline, text)
    assert {("Red Fields", "author", "Owen Pryce"), ("The Long Walk", "author", "Owen Pryce")} <= got


def test_makers_series_mates_keep_a_writer_of_their_own(pipeline):
    got = facts(pipeline, "Salt Roads is a Welsh novel by Owen Pryce. Red Fields is a novel by Ann Vey. Salt Roads "
                          "belongs to a trilogy (with Red Fields and The Long Walk).")
    assert ("Red Fields", "author", "Ann Vey") in got and ("Red Fields", "author", "Owen Pryce") not in got


def test_makers_a_show_series_with_a_person_is_a_co_creator_not_a_book(pipeline):
    text = "Moorfield is an HBO drama. Ana Ruiz developed the series with Tom Hale."
    x = pipeline.extract(parse_text(text, source="t.txt"))
    assert ("Person", "Tom Hale") in {(e.cls, e.label) for e in x.entities}
    assert {("Moorfield", "createdBy", "Ana Ruiz"), ("Moorfield", "createdBy", "Tom Hale")} <= facts(pipeline, text)


def test_makers_with_an_actor_in_the_lead_is_no_co_creator(pipeline):
    got = facts(pipeline, "Moorfield is an HBO drama. Ana Ruiz created the show with Mira Dalton in the lead.")
    assert ("Moorfield", "createdBy", "Mira Dalton") not in got


def test_makers_a_creator_read_by_a_pattern_stays_beside_a_developer_read_from_the_parse(pipeline):
    got = facts(pipeline, "Moorfield is an HBO drama. Ana Ruiz is the show's creator and showrunner, with Tom Hale "
                          "credited for developing it for television.")
    assert {("Moorfield", "createdBy", "Ana Ruiz"), ("Moorfield", "createdBy", "Tom Hale")} <= got


def test_makers_a_work_noun_after_a_by_list_describes_the_work_not_the_last_writer(pipeline):
    text = ("Moorfield is an HBO series. The drama comes from the 1987 novel of the same name by Ann Vey and "
            "Tom Hale, a sprawling comedy about an angel.")
    x = pipeline.extract(parse_text(text, source="t.txt"))
    assert ("Person", "Tom Hale") in {(e.cls, e.label) for e in x.entities}
    assert {("Moorfield", "author", "Tom Hale"), ("Moorfield", "author", "Ann Vey")} <= facts(pipeline, text)


@pytest.mark.parametrize("text, expected", [
    ("Moorfield is an HBO drama. Ana Ruiz is the show's creator and showrunner.", ("Moorfield", "createdBy", "Ana Ruiz")),
    ("Moorfield is an HBO drama. Ana Ruiz is its creator.", ("Moorfield", "createdBy", "Ana Ruiz")),
    ("Low Tide is a novel. Ann Vey is the book's author.", ("Low Tide", "author", "Ann Vey")),
])
def test_makers_named_by_a_possessive_maker_noun(pipeline, text, expected):
    assert expected in facts(pipeline, text)


def test_makers_its_is_the_work_its_clause_is_about_not_the_book_named_last(pipeline):
    got = facts(pipeline, "Moorfield is an HBO drama based on the novel Cold Rain by Ann Vey. The HBO series was "
                          "created by Ana Ruiz and Tom Hale, the pair who ran its writers' room until the finale.")
    assert ("Moorfield", "createdBy", "Tom Hale") in got
    assert not any(s == "Cold Rain" and o in ("Ana Ruiz", "Tom Hale") for s, _, o in got)


def test_makers_a_later_book_that_followed_follows_the_book_named_before(pipeline):
    assert ("Low Tide", "sequel", "High Water") in facts(
        pipeline, "Ann Vey wrote Low Tide in 2012. Vey's second book, High Water, followed in 2015.")
    # a debut follows nothing
    assert not any(p == "sequel" for _, p, _ in facts(
        pipeline, "Ann Vey wrote Low Tide in 2012. Her debut, High Water, followed in 2015."))


def test_makers_the_writer_of_a_named_series_a_show_adapts_wrote_the_books_its_seasons_take(pipeline):
    text = ("Moorfield returns to Apple TV+ for a third season.\n\nTom Hale's drama works through Ann Walsh's "
            "Harbour novels one at a time: season 1 adapted Low Tide (2010), season 2 adapted High Water.")
    got = facts(pipeline, text)
    assert {(b, "author", "Ann Walsh") for b in ("Low Tide", "High Water")} <= got


def test_makers_the_sequel_named_after_the_first_book_and_a_relative_clause_of_its_writer(pipeline):
    """"the follow-up to A, B, which Y published": the small parser hangs B (and the relative clause)
    on A; B is the sequel and a book, and "which Y published" names its writer."""
    text = ("Tamsin Hale's novel The Brass Lantern became a cult hit. The second season will draw on the "
            "follow-up to The Brass Lantern, Pale Meridian, which Hale published in 2021.")
    x = pipeline.extract(parse_text(text, source="t.txt"))
    assert ("Book", "Pale Meridian") in {(e.cls, e.label) for e in x.entities}
    # the surname alone later does not become the entity's name
    assert ("Person", "Tamsin Hale") in {(e.cls, e.label) for e in x.entities}
    assert {("The Brass Lantern", "sequel", "Pale Meridian"), ("Pale Meridian", "author", "Tamsin Hale")} <= \
        facts(pipeline, text)


def test_makers_published_by_names_a_publisher_not_a_writer(pipeline):
    got = facts(pipeline, "The Quiet Fields is a novel by Greta Lund. Marlowe Books published The Quiet Fields in "
                          "1998, and Greta Lund published its sequel, Open Water, herself in 2003.")
    assert ("The Quiet Fields", "author", "Marlowe Books") not in got
    assert ("Open Water", "author", "Greta Lund") in got


def test_makers_a_writer_s_follow_up_is_the_writer_s_book_not_a_sequel_of_the_writer(pipeline):
    """"B, Y's follow-up": Y wrote B (the possessive of a sequel noun may be a writer or a book);
    "based on A by Y": Y wrote A, the show is not based on Y."""
    text = ("Harbour Lights is an ITV drama based on Salt Ledger by Ruth Okoro. The next series will adapt "
            "Glass Tide, Okoro's 2014 follow-up.")
    x = pipeline.extract(parse_text(text, source="t.txt"))
    assert ("Person", "Ruth Okoro") in {(e.cls, e.label) for e in x.entities}
    got = facts(pipeline, text)
    assert {("Salt Ledger", "author", "Ruth Okoro"), ("Glass Tide", "author", "Ruth Okoro")} <= got
    assert not {f for f in got if f[1] in ("basedOn", "sequel") and "Ruth Okoro" in f}
    book_poss = facts(pipeline, "Salt Ledger is a novel by Ruth Okoro. Glass Tide, Salt Ledger's follow-up, came "
                                "out in 2014.")
    assert ("Salt Ledger", "sequel", "Glass Tide") in book_poss


def test_makers_a_list_after_a_writer_s_plural_work_noun_and_a_colon(pipeline):
    """"three Okoro novels: A, B and C": the parser hangs the list on the clause's subject."""
    got = facts(pipeline, "Harbour Lights is an ITV drama based on the novels of Ruth Okoro. The first series, "
                          "which premiered on ITV in 2015, stitched together plots from three Okoro novels: Salt "
                          "Ledger (2009), Glass Tide (2012) and Iron Bell (2005).")
    assert {(b, "author", "Ruth Okoro") for b in ("Salt Ledger", "Glass Tide", "Iron Bell")} <= got


@pytest.mark.parametrize("text, title, writer", [
    ("Salt Road (film)\n\nSalt Road is a 1984 British drama film directed by Ada Frost and written by Ben Hale and Ada "
     "Frost. It is based on Tom Reed's debut novel Salt Road.", "Salt Road", "Tom Reed"),
    ("Salt Road is a 1984 British drama film written by Ben Hale. It is based on Tom Reed's debut novel Salt Road.",
     "Salt Road", "Tom Reed"),
    # the parser hangs "written" on "is" here, not on "directed"
    ("Glass Hours is a 1975 British drama film directed by Tom Reed and written by Ana Ruiz and Tom Reed. It is "
     "based on Iona Pell's debut novel Glass Hours.", "Glass Hours", "Iona Pell"),
])
def test_makers_the_writers_of_a_film_did_not_write_the_novel_of_its_title(pipeline, text, title, writer):
    assert {f for f in facts(pipeline, text) if f[1] == "author"} == {(title, "author", writer)}


def test_makers_a_story_collected_in_her_collection_makes_it_her_book(pipeline):
    got = facts(pipeline, "\"The Weir\", a short story Iona Pell wrote in 1979, was collected in her 1981 collection "
                          "Salt Houses, from Tern Press.")
    assert {("Salt Houses", "author", "Iona Pell")} <= got


def test_makers_sequels_all_written_by_a_writer_are_each_his(pipeline):
    got = facts(pipeline, "Salt Road is a novel by Tom Reed. The novel Salt Road was followed by two sequels, both "
                          "written by Reed: Tide Road (1990) and Harbour Road (1994).")
    assert {("Tide Road", "author", "Tom Reed"), ("Harbour Road", "author", "Tom Reed")} <= got


def test_makers_her_debut_beside_her_third_book_is_a_book(pipeline):
    got = facts(pipeline, "Ana Ruiz wrote Salt Road. Salt Road is Ana Ruiz's third book and came out in 2019, two "
                          "years on from her debut, Tide Road.")
    assert ("Tide Road", "author", "Ana Ruiz") in got
