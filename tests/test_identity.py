import re

from rdflib import Literal, URIRef

from kg.extraction import EntityKey
from kg.identity import (
    activity_iri, article_iri, entity_iri, evidence_iri, mention_iri, slug,
    status_report_iri,
)
from kg.vocab import LORE

ID = "https://w3id.org/lore-kg/id/"


def test_identity_same_key_same_iri():
    a = EntityKey("Show", "Tiny Pretty Things")
    b = EntityKey("Show", "Tiny Pretty Things")
    assert entity_iri(a) == entity_iri(b) == URIRef(ID + "show/tiny-pretty-things")


def test_identity_show_and_book_with_one_title_differ():
    show = entity_iri(EntityKey("Show", "Tiny Pretty Things"))
    book = entity_iri(EntityKey("Book", "Tiny Pretty Things"))
    assert show != book
    assert book == URIRef(ID + "book/tiny-pretty-things")


def test_identity_characters_of_two_shows_differ():
    a = entity_iri(EntityKey("Character", "Bette", scope="Tiny Pretty Things"))
    b = entity_iri(EntityKey("Character", "Bette", scope="The L Word"))
    assert a != b
    assert a == URIRef(ID + "character/tiny-pretty-things/bette")
    assert entity_iri(EntityKey("Character", "Bette")) == URIRef(ID + "character/_/bette")


def test_identity_season_iri_uses_show_and_number():
    s2 = entity_iri(EntityKey("Season", "Season 2", scope="Tiny Pretty Things", number=2))
    assert s2 == URIRef(ID + "season/tiny-pretty-things/2")
    other = entity_iri(EntityKey("Season", "Season 2", scope="Elite", number=2))
    assert other != s2


def test_identity_person_and_organization_kinds():
    assert entity_iri(EntityKey("Person", "Michael MacLennan")) == URIRef(ID + "person/michael-maclennan")
    assert entity_iri(EntityKey("Organization", "Netflix")) == URIRef(ID + "organization/netflix")


def test_identity_unknown_class_raises():
    import pytest

    with pytest.raises(ValueError, match="unknown entity class"):
        entity_iri(EntityKey("Planet", "Mars"))


def test_identity_slug_of_odd_unicode():
    assert slug("Élite") == "elite"
    assert slug("Grey’s Anatomy") == slug("Grey's Anatomy") == "greys-anatomy"
    assert slug("Law & Order") == "law-and-order"
    assert slug("  Señor   Ávila!! ") == "senor-avila"
    assert re.fullmatch(r"[a-z0-9-]+", slug("東京ラブストーリー"))


def test_identity_slug_of_emoji_and_empty_labels_is_stable_and_distinct():
    a, b, empty = slug("🎉🎉"), slug("💔"), slug("")
    assert a and b and empty
    assert a == slug("🎉🎉")
    assert len({a, b, empty}) == 3
    assert re.fullmatch(r"x-[0-9a-f]{10}", a)
    assert entity_iri(EntityKey("Show", "!!!")) == entity_iri(EntityKey("Show", "!!!"))
    assert entity_iri(EntityKey("Show", "!!!")) != entity_iri(EntityKey("Show", "???"))


def test_identity_long_slug_is_cut_and_kept_distinct():
    a = slug("word " * 40 + "one")
    b = slug("word " * 40 + "two")
    assert len(a) <= 80 and len(b) <= 80
    assert a != b


def test_identity_article_iri_from_source_stem_and_hash():
    a = article_iri("/data/articles/Tiny Pretty Things renewed.html", "Some title")
    assert re.fullmatch(ID + r"article/tiny-pretty-things-renewed-[0-9a-f]{8}", str(a))
    # the title does not matter when the source names the article
    assert article_iri("/data/articles/Tiny Pretty Things renewed.html", "Other") == a
    assert article_iri("/other/Tiny Pretty Things renewed.html") != a
    url = article_iri("https://example.com/tv/elite-season-8/", None)
    assert str(url).startswith(ID + "article/elite-season-8-")
    stdin = article_iri("<stdin>", "A title from the text")
    assert str(stdin).startswith(ID + "article/a-title-from-the-text-")
    long = article_iri("/x/" + "very-long-name-" * 10 + ".txt")
    assert len(str(long).rsplit("/", 1)[1]) <= 60 + 9


def test_identity_evidence_mention_status_activity_iris():
    art = article_iri("/a/b.txt")
    s, o = entity_iri(EntityKey("Show", "A")), entity_iri(EntityKey("Book", "B"))
    e1 = evidence_iri(art, s, LORE.basedOn, o, 10)
    assert e1 == evidence_iri(art, s, LORE.basedOn, o, 10)
    assert e1 != evidence_iri(art, s, LORE.basedOn, o, 11)
    assert re.fullmatch(re.escape(str(art)) + r"/evidence/[0-9a-f]{16}", str(e1))
    assert evidence_iri(art, s, LORE.releaseDate, Literal("2020"), 0) != evidence_iri(
        art, s, LORE.releaseDate, Literal("2021"), 0)
    assert mention_iri(art, 3, 9) == URIRef(f"{art}/mention/3-9")
    r1 = status_report_iri(art, s, LORE.Renewed, "2021-01-01")
    assert r1 != status_report_iri(art, s, LORE.Renewed, "2022-01-01")
    assert str(r1).startswith(f"{art}/status/")
    assert activity_iri("lore-kg-rules", "0.1.0") == URIRef(ID + "activity/lore-kg-rules/0.1.0")
    assert activity_iri("lore-kg-rules", "0.1.0") != activity_iri("lore-kg-rules", "0.2.0")
