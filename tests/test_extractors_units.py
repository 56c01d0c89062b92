"""Units of the extractors that need no pipeline: dates, patterns, skeleton keys, lexicons."""

import pytest

from extractors.dates import find_dates
from extractors.lexicons import lexicons
from extractors.patterns import Pattern, match_all
from kg.text import name_key


@pytest.mark.parametrize(
    "text, value, datatype",
    [
        ("December 14th, 2020 was the day", "2020-12-14", "date"),
        ("Last Updated: 22/09/2021", "2021-09-22", "date"),
        ("on 3 March 2021", "2021-03-03", "date"),
        ("Sept. 5, 2022", "2022-09-05", "date"),
        ("in May 2024", "2024-05", "gYearMonth"),
        ("2021-06-01", "2021-06-01", "date"),
        ("sometime in 2023", "2023", "gYear"),
    ],
)
def test_extractors_dates_normalised(text, value, datatype):
    found = find_dates(text)
    assert [(d.value, d.datatype) for d in found] == [(value, datatype)]


def test_extractors_dates_reject_impossible_days():
    assert find_dates("February 30, 2020") == []


def test_extractors_patterns_lists_and_gaps():
    p = Pattern.from_spec({"id": "t", "pattern": "{SHOW:s} {GAP} created by {PERSON+:p}"})
    [m] = match_all([p], "§SHOW1 , the hit drama , was created by §PERSON3 , §PERSON5 , and §PERSON4 .")
    assert m.groups == {"s": [("SHOW", 1)], "p": [("PERSON", 3), ("PERSON", 5), ("PERSON", 4)]}


def test_extractors_patterns_gap_never_crosses_a_name():
    p = Pattern.from_spec({"id": "t", "pattern": "{CHAR:a} {GAP} pushed {CHAR:b}"})
    [m] = match_all([p], "§CHAR1 said §CHAR2 pushed §CHAR3")
    assert m.groups["a"] == [("CHAR", 2)]


def test_extractors_patterns_bad_regex_names_the_pattern():
    with pytest.raises(ValueError, match="broken"):
        Pattern.from_spec({"id": "broken", "pattern": "(unclosed {SHOW:s}"})


@pytest.mark.parametrize(
    "a, b", [("The Queen's Gambit", "Queen’s Gambit"), ("Lockwood & Co.", "lockwood & co"), ("THE EXPANSE", "Expanse")]
)
def test_extractors_label_key_ignores_case_article_and_quotes(a, b):
    assert name_key(a) == name_key(b)


def test_extractors_lexicons_tell_names_from_words():
    lex = lexicons()
    assert lex.is_given_name("Cassie") and not lex.is_given_name("cassie")
    assert lex.is_common("despite") and not lex.is_common("bridgerton")
    assert lex.gender("Delia") == "f"
    assert "Netflix" in lex.organizations
    assert "chicago" in lex.places


def _sentences(text):
    import spacy

    from extractors.segmenter import Segmenter

    doc = Segmenter()(spacy.blank("en").make_doc(text))
    return [s.text.strip() for s in doc.sents if s.text.strip()]


def test_extractors_segmenter_splits_at_end_punctuation_and_line_breaks():
    assert _sentences('Heading line\nFirst one. Second! Third? "Quoted." (Aside.) Last') == [
        "Heading line", "First one.", "Second!", "Third?", '"Quoted."', "(Aside.)", "Last",
    ]


def test_extractors_segmenter_keeps_abbreviations_and_lower_case_inside():
    assert _sentences("Mr. Smith came. e.g. this one. Dr. Who left.") == [
        "Mr. Smith came. e.g. this one.", "Dr. Who left.",
    ]


def test_extractors_segmenter_a_transcript_speaker_tag_is_its_own_sentence():
    assert _sentences("Q: And the show?\nMARLOWE: It is her second novel. ANN ROE: Yes.\nNote: a colon inside.") == [
        "Q:", "And the show?", "MARLOWE:", "It is her second novel.", "ANN ROE:", "Yes.", "Note: a colon inside.",
    ]


def test_extractors_a_speaker_tag_names_nothing():
    from extractors.pipeline import load_pipeline
    from kg.sources import parse_text

    x = load_pipeline().extract(parse_text("Q: What is Gull Point?\n\nMARLOWE: Gull Point is Ann Cole's second novel, "
                                           "published in 2018.\n", source="t.txt"))
    assert "MARLOWE" not in {k.label.upper() for k in x.entities}
    assert ("Gull Point", "author", "Ann Cole") in {(f.subject.label, f.predicate, f.object.label) for f in x.facts
                                                   if f.predicate == "author"}


@pytest.mark.parametrize("pattern, n", [
    ("{SHOW:x} was renewed", 1),
    ("{CHAR|PERSON+:p} (?:'s )?{DESC} {CHAR:c}", 2),
    ("(?:the |a ){SHOW:x} (?:and {SHOW:y})? {GAP}aired on {ORG:n}", 2),
    ("{SHOW:x} was renewed|{SHOW:x} , {BOOK:y}", 0),
])
def test_extractors_patterns_count_the_atoms_every_match_holds(pattern, n):
    from extractors.patterns import Pattern, match_all, required_atoms

    assert required_atoms(pattern) == n
    one = Pattern.from_spec({"id": "p", "pattern": "{SHOW:x} aired on {ORG:n}"})
    assert match_all([one], "§SHOW1 aired on §ORG2") and not match_all([one], "§SHOW1 aired on hbo")


@pytest.mark.parametrize("pattern, words", [
    ("{SHOW:x} was renewed", [{"was"}, {"renewed"}]),
    # an optional word or group requires nothing; a group of plain words requires one of them
    ("{SHOW:x} (?:is |was )?(?:loosely )?(?:based on|adapted from) {BOOK:y}", [{"based", "adapted"}]),
    ("{PERSON:p} (?:plays|played) {CHAR:c}", [{"plays", "played"}]),
    # a word glued to a group, a word inside a character class or after a lookahead: not whole tokens
    ("co(?:-| - )created by {PERSON:p}", [{"by"}]),
    ("{SHOW:x} [,;(] (?!not )aired", [{"aired"}]),
    ("{SHOW:x} airs(?:on)? now", [{"now"}]),
    ("{SHOW:x} was renewed|{SHOW:x} , {BOOK:y}", []),  # alternatives at the top
])
def test_extractors_patterns_know_the_words_every_match_holds(pattern, words):
    from extractors.patterns import Pattern, match_all, required_words

    assert [set(w) for w in required_words(pattern)] == words
    compiled = Pattern.from_spec({"id": "p", "pattern": "{SHOW:x} (?:is |was )?(?:based on|adapted from) {BOOK:y}"})
    assert match_all([compiled], "§SHOW1 was adapted from §BOOK2")
    assert not match_all([compiled], "§SHOW1 was taken from §BOOK2")


def test_extractors_pattern_words_skip_only_what_cannot_match():
    """Every pattern of the shipped data finds the same matches with and without its word check."""
    import json
    from pathlib import Path

    from extractors.patterns import Pattern, match_all

    skeletons = ["§SHOW1 , created by §PERSON2 , is based on §BOOK3 , the first book of §BOOK4",
                 "§PERSON1 plays §CHAR2 , whose sister §CHAR3 was pushed by §CHAR4",
                 "§BOOK1 was followed by §BOOK2 and §BOOK3 , the third novel",
                 "§SHOW1 premiered on §ORG2 on §DATE3 and was renewed for a second season",
                 "season 2 will adapt §BOOK1 , the sequel to §BOOK2 by §PERSON3"]
    data = Path(__file__).resolve().parent.parent / "extractors" / "data"
    for name in ("relations", "typing"):
        for pattern in map(Pattern.from_spec, json.loads((data / f"{name}.json").read_text())):
            bare = Pattern(pattern.id, pattern.regex, pattern.spec, pattern.atoms)
            for text in skeletons + [s.replace("§SHOW", "§NAME").replace("§BOOK", "§NAME") for s in skeletons]:
                assert [(m.start_token, m.end_token) for m in match_all([pattern], text)] == \
                    [(m.start_token, m.end_token) for m in match_all([bare], text)], pattern.id


def test_extractors_find_names_one_scan_for_many_names():
    from extractors.doc_model import find_names

    text = "Okafor met Brandt-Weiss; later Okafor's aide and Brandt argued in Okaforville."
    found = [(text[s:e], name) for s, e, name in find_names(text, ["Okafor", "Brandt", "Brandt-Weiss"])]
    # a possessive keeps the name; a longer word or a hyphenated compound does not hold it
    assert found == [("Okafor", "Okafor"), ("Brandt-Weiss", "Brandt-Weiss"), ("Okafor", "Okafor"), ("Brandt", "Brandt")]
    titles = list(find_names("read The Long Road's sequel", ["The Long Road"], left=r"\w'’", right=r"\w'’"))
    assert titles == []  # a title followed by an apostrophe is part of a longer word here
    assert list(find_names("anything", [])) == []


def test_extractors_typo_fixer_mends_slips_and_leaves_long_words_alone():
    from extractors.skeleton import TypoFixer

    fix = TypoFixer({"created", "based", "series"}, frozenset())
    assert fix("creatd") == "created" and fix("baesd") == "based"
    # no keyword is one edit from a word this long: returned as it is, without trying its edits
    assert fix("a" * 20_000) == "a" * 20_000 and fix.longest == len("created") + 1


def test_a_pattern_set_tries_only_the_patterns_whose_words_a_sentence_holds():
    from extractors.patterns import Pattern, PatternSet, match_all

    specs = [{"id": "plays", "pattern": "{PERSON:p} plays {CHAR:c}", "predicate": "portrayedBy"},
             {"id": "wrote", "pattern": "{PERSON:p} wrote {BOOK:b}", "predicate": "author"},
             {"id": "any", "pattern": "{PERSON:p} , {CHAR:c}", "predicate": "portrayedBy"}]
    patterns = [Pattern.from_spec(s) for s in specs]
    indexed = PatternSet(patterns)
    assert [p.id for p in indexed.candidates({"§PERSON1", "plays", "§CHAR2"})] == ["plays", "any"]
    for text in ("§PERSON1 plays §CHAR2", "§PERSON1 wrote §BOOK3", "§PERSON1 , §CHAR2 and x"):
        assert [(m.pattern.id, m.groups) for m in match_all(indexed, text)] == \
            [(m.pattern.id, m.groups) for m in match_all(patterns, text)]
