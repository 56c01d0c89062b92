"""How a name's class and identity are decided from its contexts (extractors/data/typing.json
votes, the parse's describing nouns and the NER): cases where one weak cue must not win, and a
short name that must join its full one. Sentences are our own."""

import pytest

from kg.sources import parse_text

INVENTED_COUNTRY = """<html><head><title>Netflix renews The Iron Orchard for a last season</title></head><body>
<h1>Netflix renews The Iron Orchard for a last season</h1>
<p>On Monday Netflix confirmed a fourth and final season of <em>The Iron Orchard</em>.</p>
<p>Hana Sato's arc is ending, yet viewers may see more of Corvane on Netflix soon. Creator Ilse Brandt
is writing <em>The Glass Orchard</em>, a spin-off set years later.</p>
<p>The series follows Hana Sato (Mei Ito), a farmer's daughter. Long before Corvane, Hana was married to
Ken Abe (Jo Tan). The spin-off centres on Rina, a girl raised inside Corvane.</p>
<p>The series stars Mei Ito and Jo Tan. It streams on Netflix.</p>
</body></html>"""


def test_typing_a_place_the_story_is_set_in_is_no_show(pipeline):
    """"X on NETWORK" is a weak cue for a show; "grown up inside X" says X is a place, and a place
    is no entity: the cast stays with the show the article is about."""
    x = pipeline.extract(parse_text(INVENTED_COUNTRY, source="t.html", media_type="text/html"))
    assert "Corvane" not in {e.label for e in x.entities}
    got = {(f.subject.label, f.predicate, getattr(f.object, "label", None)) for f in x.facts}
    assert {("The Iron Orchard", "character", "Hana Sato"), ("The Iron Orchard", "network", "Netflix")} <= got


def test_typing_a_short_name_joins_the_full_name_the_ner_calls_a_person(pipeline):
    """"Devlin" is a surname, not a given name, so only the NER says "Devlin Reyes" is a person:
    the character's short name still joins it, and there is one entity, not two."""
    text = ("Tidewater is a BBC Three drama based on the novel Tidewater by Nuala Hart.\n\n"
            "It follows Marta Kell and Devlin Reyes from their last year at school to university in Galway.\n\n"
            "Jo Tan plays Devlin and Ada Lin plays Marta. Devlin's mother, Fiona, played by Rita Moss, cleans houses.")
    x = pipeline.extract(parse_text(text, source="t.txt"))
    assert [e.label for e in x.entities if "Devlin" in e.label] == ["Devlin Reyes"]
    got = {(f.subject.label, f.predicate, getattr(f.object, "label", None)) for f in x.facts}
    assert {("Fiona", "parent", "Devlin Reyes"), ("Devlin Reyes", "portrayedBy", "Jo Tan")} <= got


def test_typing_a_film_is_no_show_but_the_novel_it_shares_a_name_with_is_a_book(pipeline):
    text = ("The Glass Harbour is a 1931 British silent film based on the 1929 novel of the same name by "
            "Edith Marlow, and adapted for the screen by Tom Bale.")
    x = pipeline.extract(parse_text(text, source="t.txt"))
    assert {(e.cls, e.label) for e in x.entities if "Harbour" in e.label} == {("Book", "The Glass Harbour")}
    assert ("The Glass Harbour", "author", "Edith Marlow") in {
        (f.subject.label, f.predicate, getattr(f.object, "label", None)) for f in x.facts}


def test_typing_a_title_with_a_comma_and_a_question_mark_stays_whole(pipeline):
    text = "Cold Rivers, Deep Water? is a 1975 American drama film based on Ivo Lamb's 1961 novel of the same name."
    x = pipeline.extract(parse_text(text, source="t.txt"))
    assert ("Cold Rivers, Deep Water?", "author", "Ivo Lamb") in {
        (f.subject.label, f.predicate, getattr(f.object, "label", None)) for f in x.facts}


def test_typing_a_name_after_the_nth_book_comma_that_acts_is_a_subject_not_a_title(pipeline):
    """"By the fourth book, Reyes investigates ...": Reyes does something, so Reyes is no title;
    "the fourth book, Salt Wind, ..." closes the title with a comma."""
    text = ("Harbour Lights is an ITV drama based on the novels of Chidi Okafor.\n\nOkafor introduced Sergeant Dan "
            "Reyes in his 1999 debut; by the fourth book, Reyes investigates the death of his father.")
    x = pipeline.extract(parse_text(text, source="t.txt"))
    assert "Reyes" not in {e.label for e in x.entities if e.cls == "Book"}
    assert "Dan Reyes" in {e.label for e in x.entities}


def test_typing_a_film_taken_from_the_book_of_the_same_title(pipeline):
    """The same rule in other words: "taken from", "book", "same title"."""
    x = pipeline.extract(parse_text("Harbour Lights is a 1948 British film taken from the book of the same title by "
                                    "Ann Vey.", source="t.txt"))
    assert {(e.cls, e.label) for e in x.entities if "Harbour" in e.label} == {("Book", "Harbour Lights")}
    assert ("Harbour Lights", "author", "Ann Vey") in {
        (f.subject.label, f.predicate, getattr(f.object, "label", None)) for f in x.facts}


def test_typing_a_given_name_the_ner_calls_a_nationality_stays_in_the_name():
    """The NER's NORP on a given name ("Annelise" has the shape of "Japanese") is a slip: the
    name stays whole. A real nationality before a full name ("Welsh Owen Pryce") still goes."""
    import spacy
    from spacy.tokens import Doc, Span

    from extractors.candidates import Candidate
    from extractors.name_evidence import with_model_entities

    given = {"Annelise", "Owen"}.__contains__
    words = ["by", "Annelise", "Dorn", "and", "by", "Welsh", "Owen", "Pryce", "."]
    doc = Doc(spacy.blank("en").vocab, words=words)
    doc.ents = [Span(doc, 1, 2, "NORP"), Span(doc, 5, 6, "NORP"), Span(doc, 6, 8, "PERSON")]
    cands = [Candidate(doc[1].idx, doc[2].idx + 4, "Annelise Dorn", "body", False),
             Candidate(doc[5].idx, doc[7].idx + 5, "Welsh Owen Pryce", "body", False)]
    assert [c.text for c in with_model_entities(doc, cands, given)] == ["Annelise Dorn", "Owen Pryce"]


@pytest.mark.parametrize("text, book", [
    ("Where Are You Going, Little Fox? is a 1972 Swedish novel by Hanna Berg. It was adapted as a film in 1980.",
     "Where Are You Going, Little Fox?"),
    # an encyclopedia entry on a film: the film is no show, the novel it shares a title with is a book
    ("Will You Stay, Mr Grey? (film)\n\nWill You Stay, Mr Grey? is a 1981 British drama film taken from Hanna Berg's "
     "1972 book of the same title. Tom Ilves directed it, and it stars Ada Moss and Kit Lane.\n",
     "Will You Stay, Mr Grey?"),
    # a title shaped like a clause, with a "not" in it: its verb acts on nothing and negates nothing
    ("They Sell Lamps, Don't They? is a 1975 British comedy film based on Hanna Berg's 1961 novel of the same "
     "name. It stars Ada Moss.", "They Sell Lamps, Don't They?"),
])
def test_typing_a_title_ending_in_a_question_mark_that_a_sentence_defines(pipeline, text, book):
    x = pipeline.extract(parse_text(text, source="t.txt"))
    assert {(e.cls, e.label) for e in x.entities if e.cls in ("Show", "Book")} == {("Book", book)}
    assert (book, "author", "Hanna Berg") in {(f.subject.label, f.predicate, getattr(f.object, "label", None))
                                              for f in x.facts}


def test_typing_an_entry_on_a_film_of_a_novel_holds_the_book_and_no_show(pipeline):
    text = ("Marsh Road (film)\n\nMarsh Road is a 1970 British drama film directed by Tom Ilves. It is based on Hanna "
            "Berg's novel Marsh Road. The film stars Ada Moss.\n")
    x = pipeline.extract(parse_text(text, source="t.txt"))
    assert {(e.cls, e.label) for e in x.entities if e.cls in ("Show", "Book")} == {("Book", "Marsh Road")}


@pytest.mark.parametrize("text, title", [
    ("Harbour Lights is an ITV drama based on the 2004 book Salt Marsh: A Year on the Estuary by the naturalist "
     "Ann Vey.", "Salt Marsh: A Year on the Estuary"),
    ("ITV adapted the novel 2030: The Drowned Coast, written by Ann Vey in 2011.", "2030: The Drowned Coast"),
])
def test_typing_a_title_with_a_subtitle_after_a_colon_is_one_name(pipeline, text, title):
    x = pipeline.extract(parse_text(text, source="t.txt"))
    assert ("Book", title) in {(e.cls, e.label) for e in x.entities}
    assert (title, "author", "Ann Vey") in {(f.subject.label, f.predicate, getattr(f.object, "label", None))
                                            for f in x.facts}


@pytest.mark.parametrize("text", [
    "Cast: Ada Moss as Nell Reed.\n\nUpdate: ITV renewed Harbour Lights.",  # labels open their lines
    "Harbour Lights is a drama. It is the third in a trilogy by Ann Vey: Salt Ledger and Glass Tide came first.",
    "Harbour Lights returned in 2023: Ada Moss stars.",  # a year and a clause
])
def test_typing_a_colon_after_a_label_a_writer_or_a_year_joins_nothing(pipeline, text):
    x = pipeline.extract(parse_text(text, source="t.txt"))
    assert not [e.label for e in x.entities if ":" in e.label]


def test_typing_a_spin_off_with_a_subtitle_stays_apart_from_its_parent_show(pipeline):
    """"X: The Early Years" is another show: X's own facts stay X's, and ordering it renews nothing."""
    text = ("Harbour Lights is an ITV drama based on Salt Ledger by Ruth Okoro. Its fourth season arrives on Friday, "
            "and ITV has already renewed the seaside mystery for a fifth and final season. ITV has also ordered a "
            "prequel series, Harbour Lights: The Early Years, which tells the story of Nell's parents.")
    x = pipeline.extract(parse_text(text, source="t.txt"))
    shows = {e.label for e in x.entities if e.cls == "Show"}
    assert shows == {"Harbour Lights", "Harbour Lights: The Early Years"}
    status = {(f.subject.label, f.object.value) for f in x.facts if f.predicate == "renewalStatus"}
    assert status == {("Harbour Lights", "renewed")}


def test_typing_the_article_s_title_with_a_subtitle_is_the_book_s_full_title(pipeline):
    """An entry titled "X" on a show based on the book "X: A Subtitle": the book's name is whole."""
    text = ("Marsh Road (TV series)\n\nMarsh Road is an ITV drama developed by Ann Vey and adapted from the 1990 "
            "non-fiction book Marsh Road: A Town, a Tide, and a Storm by the journalist P. J. Lamb.\n")
    x = pipeline.extract(parse_text(text, source="t.txt"))
    got = {(f.subject.label, f.predicate, getattr(f.object, "label", None)) for f in x.facts}
    assert {("Marsh Road", "basedOn", "Marsh Road: A Town, a Tide, and a Storm"),
            ("Marsh Road: A Town, a Tide, and a Storm", "author", "P. J. Lamb")} <= got


def test_typing_the_page_s_publication_is_an_organisation_wherever_it_is_named(pipeline):
    text = ("---\ntitle: ITV renews Harbour Lights\nsite: Tidewater Review\nauthor: Nell Ashby\n---\n\n"
            "ITV has renewed Harbour Lights, the drama starring Ada Moss, for a third season.\n\n"
            "Author Tidewater Review avatar\n\n"
            "Nell joined Tidewater Review in 2020 and writes about crime drama.\n")
    x = pipeline.extract(parse_text(text, source="t.md", media_type="text/markdown"))
    named = {e.label: e.cls for e in x.entities}
    assert named.get("Tidewater Review") == "Organization"
    assert not [label for label, cls in named.items() if "Tidewater" in label and cls != "Organization"]


@pytest.mark.parametrize("text, name, cls", [
    # a title running on through "for" stops at a known network
    ("Harbour Lights is a drama based on the novel Salt Ledger. Ann Vey adapted Salt Ledger for Hulu in 2021.",
     "Hulu", "Organization"),
    # a company's name ends at its suffix word before "of" and a place
    ("Salt Ledger is a 1975 memoir by Ann Vey, published by Cedar & Vine Press of Grand Rapids, Michigan.",
     "Cedar & Vine Press", "Organization"),
])
def test_typing_a_name_stops_before_a_network_or_a_company_s_town(pipeline, text, name, cls):
    x = pipeline.extract(parse_text(text, source="t.txt"))
    labels = {e.label: e.cls for e in x.entities}
    assert labels.get(name) == cls
    assert not [label for label in labels if label != name and name in label]


def extract(pipeline, text):
    return pipeline.extract(parse_text(text, source="t.txt", media_type="text/plain"))


@pytest.mark.parametrize("text, label, alias", [
    ("Le Dernier Phare (French: The Last Lighthouse) is a 1921 novel by Maurice Delvaux.",
     "Le Dernier Phare", "The Last Lighthouse"),
    ("Le Dernier Phare (The Last Lighthouse) is the closing novel of Maurice Delvaux's coastal trilogy.",
     "Le Dernier Phare", "The Last Lighthouse"),
    ("Salt Hour (Cornish: Our Hollen) or Tidewater Clock is a comedy authored by Edith Lanyon, first staged in 1790.",
     "Salt Hour", "Tidewater Clock"),
    # (a sentence's opening "The" is no part of a label: scoring drops it too)
    ("The Tidewater Clock, originally published as Salt Hour, is a novel by Edith Lanyon.",
     "Tidewater Clock", "Salt Hour"),
])
def test_typing_a_second_name_the_text_gives_a_work_is_an_alias(pipeline, text, label, alias):
    x = extract(pipeline, text)
    books = [e for e in x.entities.values() if e.cls == "Book"]
    assert [b.label for b in books] == [label]
    assert alias in books[0].aliases
    assert not [e for e in x.entities.values() if e.label == alias]
    writer = "Edith Lanyon" if "Lanyon" in text else "Maurice Delvaux"
    assert {(f.subject.label, f.object.label) for f in x.facts if f.predicate == "author"} == {(label, writer)}


def test_typing_a_character_and_the_actor_in_brackets_stay_two(pipeline):
    x = extract(pipeline, "Jerry Voss (Sam Odum) is the detective's partner in the first season of Harrow Road.")
    classes = {(e.cls, e.label) for e in x.entities.values()}
    assert {("Character", "Jerry Voss"), ("Person", "Sam Odum")} <= classes


def test_typing_a_comedy_authored_by_a_writer_is_a_play_not_a_show(pipeline):
    x = extract(pipeline, "Harrow Fair is a Georgian comedy authored by Edith Lanyon.")
    assert {(e.cls, e.label) for e in x.entities.values()} >= {("Book", "Harrow Fair")}
    assert not [e for e in x.entities.values() if e.cls == "Show"]


def test_typing_a_bracketed_aside_does_not_hide_what_defines_a_name(pipeline):
    x = extract(pipeline, "Harbour Lights: The Return\n\nHarbour Lights: The Return (HL:TR; sometimes informally called Harbour Return) is an American "
                          "reality television series hosted by Tom Reed.")
    shows = [e for e in x.entities.values() if e.cls == "Show"]
    assert [s.label for s in shows] == ["Harbour Lights: The Return"]
    assert "Harbour Return" in shows[0].aliases


def test_typing_a_bracketed_actor_is_no_other_name_of_the_character(pipeline):
    from extractors.entity_merging import _ALIAS_GAP

    x = extract(pipeline, "Jerry Voss (Sam Odum) is the show's moral centre. Harbour Road airs on ITV.")
    assert {("Character", "Jerry Voss"), ("Person", "Sam Odum")} <= {(e.cls, e.label) for e in x.entities.values()}
    # a credit's label before a colon is no language: "(Played by: A)", "(Author: B)"
    assert _ALIAS_GAP.match(" (French: ") and not _ALIAS_GAP.match(" (Played by: ")
    assert not _ALIAS_GAP.match(" (Author: ")


SPIN_OFF = ("Galaxy Rangers: Deep Frontier (GR: DF; often informally referred to as Deep Galaxy Rangers) is an "
            "American science fiction series about a starship crew. Its host was the former astronaut "
            "Mara Quell. GR: DF is seen as a spin-off of Galaxy Rangers, an older series set on a space station. "
            "Oddly for a spin-off, Deep Frontier outlived its parent show by three seasons. The crew of the "
            "original Galaxy Rangers never left orbit. The programme moved to Fridays in 2011. After its last "
            "episode aired, it remained NBC's final series shot on film.")


def test_typing_a_title_with_a_subtitle_that_opens_its_defining_sentence_stays_whole(pipeline):
    """A colon at a sentence's start usually ends a label ("Cast: ..."), but not in "X: Y (...)
    is an American series"; the subtitle alone ("Deep Frontier") is the same show, the name after
    a long "often informally referred to as" is an alias, and "a science fiction series" is
    a show: the genre names no medium."""
    x = extract(pipeline, SPIN_OFF)
    shows = {e.label: e for e in x.entities.values() if e.cls == "Show"}
    assert set(shows) == {"Galaxy Rangers: Deep Frontier", "Galaxy Rangers"}
    assert {"Deep Frontier", "Deep Galaxy Rangers"} <= set(shows["Galaxy Rangers: Deep Frontier"].aliases)
    assert not [e for e in x.entities.values() if e.cls in ("Book", "Person") and "Frontier" in e.label]


def test_typing_it_after_a_fronted_clause_is_the_work_the_sentence_before_spoke_of(pipeline):
    """"After its last episode aired, it remained NBC's final series": "it" is the subject the
    text kept, the spin-off, not the older show named last."""
    got = {(f.subject.label, f.predicate, getattr(f.object, "label", None)) for f in extract(pipeline, SPIN_OFF).facts}
    assert ("Galaxy Rangers: Deep Frontier", "network", "NBC") in got
    assert ("Galaxy Rangers", "network", "NBC") not in got


def test_typing_what_a_director_adapted_is_a_book_by_its_owner(pipeline):
    x = extract(pipeline, "Salt Wind is a 1970 drama film directed by Ivo Lamb. "
                          "Lamb had earlier adapted Edith Marlow's The Glass Harbour.")
    assert ("Book", "The Glass Harbour") in {(e.cls, e.label) for e in x.entities.values()}
    got = {(f.subject.label, f.predicate, getattr(f.object, "label", None)) for f in x.facts}
    assert ("The Glass Harbour", "author", "Edith Marlow") in got
    assert not [f for f in x.facts if f.predicate == "portrayedBy"]


@pytest.mark.parametrize("text, show", [
    ("Verdict: Harrow Road is a masterpiece of slow television. The BBC drama returns in May.", "Harrow Road"),
])
def test_typing_a_label_before_a_colon_is_no_part_of_the_title_it_opens(pipeline, text, show):
    """A one-word label ("Verdict:") opening a sentence that defines a title stays a label."""
    x = extract(pipeline, text)
    assert show in {e.label for e in x.entities.values()}
    assert not [e for e in x.entities.values() if e.label.startswith("Verdict")]


def test_typing_titles_whose_subtitles_are_each_other_do_not_break_the_merge(pipeline):
    x = extract(pipeline, "Ivo Lamb wrote the novels Saga: Alpha Beta, then Alpha: Beta and finally Beta.")
    assert "Ivo Lamb" in {e.label for e in x.entities.values()}
