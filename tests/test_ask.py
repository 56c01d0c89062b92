"""kg.ask: questions answered from small hand-built graphs in the docs/DESIGN.md layout.

Every test builds its graph with `Article` (one named graph per article: types, labels, facts
and their lore:Evidence nodes, status reports) and asks through the public API.
"""

from __future__ import annotations

import hashlib

import pytest
from rdflib import Literal, Namespace, URIRef

from kg.ask import Answer, answer, ask
from kg.text import label_key
from kg.identity import slug
from kg.vocab import DCTERMS, LORE, PROV, RDF, RDFS, SCHEMA, SKOS, XSD

ID = Namespace("https://w3id.org/lore-kg/id/")


class Article:
    """One article's named graph, written as kg ingest writes it."""

    def __init__(self, name: str, title: str = "An article", published: str | None = None):
        self.iri = ID[f"article/{name}"]
        self.triples = [(self.iri, RDF.type, LORE.Article), (self.iri, DCTERMS.title, Literal(title)),
                        (self.iri, RDFS.label, Literal(title))]
        if published:
            self.triples.append((self.iri, SCHEMA.datePublished, Literal(published, datatype=XSD.date)))
        self.offset = 0

    def entity(self, kind: str, label: str, *aliases: str, scope: str | None = None) -> URIRef:
        iri = ID[f"{kind.lower()}/{scope + '/' if scope else ''}{slug(label)}"]
        self.triples += [(iri, RDF.type, LORE[kind]), (iri, RDFS.label, Literal(label)), (self.iri, LORE.mentions, iri)]
        self.triples += [(iri, SKOS.altLabel, Literal(a)) for a in aliases]
        return iri

    def show(self, label, *aliases):
        return self.entity("Show", label, *aliases)

    def book(self, label, *aliases):
        return self.entity("Book", label, *aliases)

    def person(self, label, *aliases):
        return self.entity("Person", label, *aliases)

    def org(self, label, *aliases):
        return self.entity("Organization", label, *aliases)

    def character(self, label, show: URIRef, *aliases, sentence: str | None = None):
        iri = self.entity("Character", label, *aliases, scope=str(show).rsplit("/", 1)[-1])
        self.fact(show, LORE.character, iri, sentence)
        return iri

    def season(self, show: URIRef, n: int) -> URIRef:
        iri = ID[f"season/{str(show).rsplit('/', 1)[-1]}/{n}"]
        self.triples += [(iri, RDF.type, LORE.Season), (iri, LORE.seasonNumber, Literal(n)),
                         (show, LORE.season, iri), (iri, RDFS.label, Literal(f"season {n}"))]
        return iri

    def _evidence(self, s, p, o, sentence: str, *, inferred: bool = False):
        node = URIRef(f"{self.iri}/evidence/{hashlib.sha1(f'{s}{p}{o}{self.offset}'.encode()).hexdigest()[:16]}")
        start = self.offset
        self.offset += len(sentence) + 1
        self.triples += [
            (node, RDF.type, LORE.Evidence), (node, RDF.type, RDF.Statement),
            (node, RDF.subject, s), (node, RDF.predicate, p), (node, RDF.object, o),
            (node, LORE.sentence, Literal(sentence)), (node, LORE.start, Literal(start)),
            (node, LORE.end, Literal(start + len(sentence))), (node, LORE.extractor, Literal("test")),
            (node, LORE.confidence, Literal("0.9", datatype=XSD.decimal)),
            (node, LORE.inferred, Literal(inferred)), (node, PROV.wasDerivedFrom, self.iri),
        ]

    def fact(self, s, p, o, sentence: str | None = None):
        sentence = sentence or f"{s} {p} {o}."
        self.triples.append((s, p, o))
        self._evidence(s, p, o, sentence)
        if p == LORE.sequel:  # written in both directions, with the same evidence
            self.triples.append((o, LORE.prequel, s))
            self._evidence(o, LORE.prequel, s, sentence)
        return self

    def gender(self, entity: URIRef, gender: str, sentence: str, *, inferred: bool = False):
        """schema:gender ("female" or "male") with its evidence, as extractors/gender.py states it
        (`inferred` when only the given name says it)."""
        value = SCHEMA.Female if gender == "female" else SCHEMA.Male
        self.triples.append((entity, SCHEMA.gender, value))
        self._evidence(entity, SCHEMA.gender, value, sentence, inferred=inferred)
        return self

    def status(self, show: URIRef, status: URIRef, as_of: str | None = None, sentence: str = "Status line.",
               current: bool = True):
        report = URIRef(f"{self.iri}/status/{hashlib.sha1(f'{show}{status}{as_of}'.encode()).hexdigest()[:16]}")
        self.triples += [(show, LORE.statusReport, report), (report, RDF.type, LORE.StatusReport),
                         (report, LORE.status, status)]
        if as_of:
            self.triples.append((report, LORE.asOf, Literal(as_of, datatype=XSD.date)))
        self._evidence(report, LORE.status, status, sentence)
        if current:
            self.triples.append((show, LORE.renewalStatus, status))
            self._evidence(show, LORE.renewalStatus, status, sentence)
        return report

    def save(self, store):
        store.replace_graph(self.iri, self.triples)
        return self


def labels(result) -> list[str]:
    data = result.to_json() if isinstance(result, Answer) else result
    return sorted(a["label"] for a in data["answers"])


def same(result, *expected) -> bool:
    return sorted(label_key(x) for x in labels(result)) == sorted(label_key(x) for x in expected)


# --- the Tiny Pretty Things world ------------------------------------------------------------------

SENT_BASED = "Tiny Pretty Things is based on the book of the same name by Sona Charaipotra and Dhonielle Clayton."
SENT_SEQUEL = "There is in fact a sequel to the novel titled Shiny Broken Pieces."


def tpt_world(store):
    a = Article("tpt-1234abcd", "Tiny Pretty Things Season 2: Has Netflix Renewed or Canceled?", "2021-09-22")
    show = a.show("Tiny Pretty Things")
    book = a.book("Tiny Pretty Things")
    sbp = a.book("Shiny Broken Pieces")
    sona, dho = a.person("Sona Charaipotra"), a.person("Dhonielle Clayton")
    michael = a.person("Michael MacLennan", "MacLennan")
    netflix = a.org("Netflix")
    cassie = a.character("Cassie", show, "Cassie Shore")
    delia = a.character("Delia", show)
    bette = a.character("Bette Whitlaw", show, "Bette")
    ramon = a.character("Ramon", show)
    oren = a.character("Oren", show)
    monique = a.character("Monique", show)
    kylie = a.person("Kylie Jefferson")
    anna = a.person("Anna Maiche")
    a.fact(show, LORE.basedOn, book, SENT_BASED)
    a.fact(book, LORE.author, sona, SENT_BASED).fact(book, LORE.author, dho, SENT_BASED)
    a.fact(book, LORE.sequel, sbp, SENT_SEQUEL)
    a.fact(show, LORE.createdBy, michael, "The series was created by Michael MacLennan.")
    a.fact(show, LORE.network, netflix, "Tiny Pretty Things is a Netflix Original.")
    a.fact(show, LORE.releaseDate, Literal("2020-12-14", datatype=XSD.date), "December 14th, 2020 was the release date.")
    a.fact(delia, LORE.pushed, cassie, "Cassie revealed that Delia had pushed her.")
    a.fact(delia, LORE.framed, bette, "Delia got away with it by framing her sister Bette.")
    a.fact(delia, LORE.sibling, bette, "Delia got away with it by framing her sister Bette.")
    a.fact(delia, LORE.sibling, oren, "Delia and her brother Oren never speak.")
    a.fact(monique, LORE.parent, delia, "Their mother, Monique, knew about Delia's crimes.")
    a.fact(monique, LORE.parent, bette, "Their mother, Monique, knew about Delia's crimes.")
    a.fact(cassie, LORE.romantic, ramon, "Cassie and Ramon were having an affair.")
    a.fact(cassie, LORE.portrayedBy, kylie, "Kylie Jefferson plays Cassie.")
    a.fact(delia, LORE.portrayedBy, anna, "Delia is played by Anna Maiche.")
    a.gender(bette, "female", "Delia got away with it by framing her sister Bette.")
    a.gender(oren, "male", "Delia and her brother Oren never speak.")
    a.gender(monique, "female", "Their mother, Monique, knew about Delia's crimes.")
    a.gender(delia, "female", "Cassie revealed that Delia had pushed her.", inferred=True)
    a.status(show, LORE.Pending, "2021-09-22", "Official Netflix Renewal Status: Pending (Last Updated: 22/09/2021)")
    a.save(store)
    return a


@pytest.fixture
def tpt(store):
    tpt_world(store)
    return store


@pytest.fixture(scope="module")
def phrasing():
    """The same world, built once in memory for the phrasing cases, which only read it: how a
    question is worded does not depend on the store (test_ask_answers_alike_on_every_store and
    the tests on `tpt` keep the stores honest)."""
    from kg.store import open_store

    store = open_store("memory")
    tpt_world(store)
    return store


# --- adaptation ----------------------------------------------------------------------------------


@pytest.mark.parametrize("q", [
    "Which book would season 2 of Tiny Pretty Things adapt?",
    "What will the second season of Tiny Pretty Things be based on?",
    "what would season two of tiny pretty things adapt",
    "Which novel will the 2nd season of TINY PRETTY THINGS cover?",
    "What book is season 2 of Tiny Pretty Things going to adapt?",
])
def test_ask_adaptation_phrasings_infer_the_sequel(phrasing, q):
    r = answer(phrasing, q)
    assert r.intent == "season_adaptation" and r.family == "adaptation"
    assert labels(r) == ["Shiny Broken Pieces"]
    assert r.answers[0]["iri"] == str(ID["book/shiny-broken-pieces"])
    assert r.inferred is True
    steps = [(c["predicate"], c["inferred"]) for c in r.chain]
    assert ("basedOn", False) in steps and ("sequel", False) in steps and ("adapts", True) in steps
    texts = {e["text"] for e in r.evidence}
    assert SENT_BASED in texts and SENT_SEQUEL in texts
    assert all(e["article"] == str(ID["article/tpt-1234abcd"]) for e in r.evidence)


def _series(store, *, stated: dict[int, list[int]] | None = None, based_on: int | None = 1, books: int = 5,
            prequel_only: bool = False):
    a = Article("series-0000aaaa", "A series article")
    show = a.show("The Lantern Keepers")
    ids = [a.book(f"Lantern Book {i}") for i in range(1, books + 1)]
    for first, then in zip(ids, ids[1:]):
        if prequel_only:
            a.triples.append((then, LORE.prequel, first))
            a._evidence(then, LORE.prequel, first, f"{first} is followed by {then}.")
        else:
            a.fact(first, LORE.sequel, then, f"Book {first} is followed by {then}.")
    if based_on:
        a.fact(show, LORE.basedOn, ids[based_on - 1], "The show is based on the first book.")
    for n, bs in (stated or {}).items():
        season = a.season(show, n)
        for b in bs:
            a.fact(season, LORE.adapts, ids[b - 1], f"Season {n} adapted book {b}.")
    a.save(store)
    return show, ids


def test_ask_adaptation_stated_adapts_wins(store):
    _series(store, stated={2: [4]})  # season 2 skipped ahead to book 4
    r = answer(store, "Which book did season 2 of The Lantern Keepers adapt?")
    assert labels(r) == ["Lantern Book 4"] and r.inferred is False
    assert r.chain[0]["predicate"] == "adapts" and not r.chain[0]["inferred"]
    assert r.evidence and r.evidence[0]["text"] == "Season 2 adapted book 4."


def test_ask_adaptation_next_season_follows_the_last_adapted_book(store):
    _series(store, stated={1: [1, 2]})  # season 1 covered the first two books
    r = answer(store, "Which book would season 2 of The Lantern Keepers adapt?")
    assert labels(r) == ["Lantern Book 3"] and r.inferred is True
    assert "season 1" in r.explanation.lower()
    r3 = answer(store, "What will the third season of the Lantern Keepers be based on?")
    assert labels(r3) == ["Lantern Book 4"] and r3.inferred


def test_ask_adaptation_after_a_skip_follows_the_skip(store):
    _series(store, stated={2: [2], 3: [4]})
    assert labels(answer(store, "What would season 4 of The Lantern Keepers adapt?")) == ["Lantern Book 5"]


def test_ask_adaptation_season_n_is_the_nth_minus_one_sequel(store):
    _series(store)
    r = answer(store, "Which book would season 3 of The Lantern Keepers adapt?")
    assert labels(r) == ["Lantern Book 3"] and r.inferred
    links = [(c["subject"], c["predicate"], c["object"]) for c in r.chain if not c["inferred"]]
    assert links == [("The Lantern Keepers", "basedOn", "Lantern Book 1"),
                     ("Lantern Book 1", "sequel", "Lantern Book 2"), ("Lantern Book 2", "sequel", "Lantern Book 3")]
    first = answer(store, "Which book did the first season of The Lantern Keepers adapt?")
    assert labels(first) == ["Lantern Book 1"]


def test_ask_adaptation_reads_prequel_links_backwards(store):
    _series(store, prequel_only=True)
    assert labels(answer(store, "Which book would season 2 of The Lantern Keepers adapt?")) == ["Lantern Book 2"]


def test_ask_adaptation_without_a_sequel_answers_nothing_and_says_why(store):
    _series(store, books=1)
    r = answer(store, "Which book would season 2 of The Lantern Keepers adapt?")
    assert r.answers == [] and r.ok
    assert "no sequel" in r.explanation
    assert r.to_json()["answers"] == []
    stated = Article("series-0000bbbb")
    stated.fact(stated.season(ID["show/the-lantern-keepers"], 1), LORE.adapts, ID["book/lantern-book-1"], "S1 adapted book 1.")
    stated.save(store)
    r2 = answer(store, "Which book would season 2 of The Lantern Keepers adapt?")
    assert r2.answers == [] and "no sequel" in r2.explanation


def test_ask_adaptation_of_an_original_show_answers_nothing(store):
    a = Article("orig-0000cccc")
    a.show("Glasshouse")
    a.save(store)
    r = answer(store, "Which book would season 2 of Glasshouse adapt?")
    assert r.answers == [] and r.ok and not r.inferred


def test_ask_adaptation_without_a_show_name_uses_the_only_adapted_show(tpt):
    r = answer(tpt, "What would season 2 adapt?")
    assert labels(r) == ["Shiny Broken Pieces"]


# --- source --------------------------------------------------------------------------------------


@pytest.mark.parametrize("q", [
    "What is Tiny Pretty Things based on?",
    "Which book is tiny pretty things based on",
    "What is the source material of Tiny Pretty Things?",
    "Is Tiny Pretty Things adapted from a novel?",
])
def test_ask_based_on_phrasings(phrasing, q):
    r = answer(phrasing, q)
    assert r.intent == "based_on" and labels(r) == ["Tiny Pretty Things"]
    assert r.answers[0]["iri"] == str(ID["book/tiny-pretty-things"])  # the book, not the show
    assert SENT_BASED in {e["text"] for e in r.evidence}


@pytest.mark.parametrize("q", [
    "Who wrote the book Tiny Pretty Things is based on?",
    "Who is the author of the novel Tiny Pretty Things was adapted from?",
    "Who wrote Tiny Pretty Things?",
    "Who are the authors of the book Tiny Pretty Things?",
    "tiny pretty things was written by whom",
])
def test_ask_author_phrasings(phrasing, q):
    r = answer(phrasing, q)
    assert r.family == "source"
    assert labels(r) == ["Dhonielle Clayton", "Sona Charaipotra"]


def test_ask_author_inverse_lists_the_books(tpt):
    assert labels(answer(tpt, "Which books did Sona Charaipotra write?")) == ["Tiny Pretty Things"]


@pytest.mark.parametrize("q", [
    "What is the sequel to the novel Tiny Pretty Things?",
    "Is there a sequel to Tiny Pretty Things?",
    "Which book comes after Tiny Pretty Things?",
    "What follows the book Tiny Pretty Things?",
    "What is Tiny Pretty Things's sequel?",
    "Which book follows Tiny Pretty Things?",
    "What novel follows tiny pretty things in the series",
])
def test_ask_sequel_phrasings(phrasing, q):
    r = answer(phrasing, q)
    assert r.intent == "sequel" and labels(r) == ["Shiny Broken Pieces"]
    assert SENT_SEQUEL in {e["text"] for e in r.evidence}


@pytest.mark.parametrize("q", [
    "What is the prequel to Shiny Broken Pieces?",
    "Which book comes before Shiny Broken Pieces?",
    "What book precedes shiny broken pieces",
    "What is Shiny Broken Pieces the sequel to?",
])
def test_ask_prequel_phrasings(phrasing, q):
    r = answer(phrasing, q)
    assert labels(r) == ["Tiny Pretty Things"]
    assert r.answers[0]["iri"] == str(ID["book/tiny-pretty-things"])


def test_ask_sequel_unknown_answers_nothing(tpt):
    r = answer(tpt, "What is the sequel to Shiny Broken Pieces?")
    assert r.answers == [] and r.ok and "no sequel" in r.explanation


# --- people --------------------------------------------------------------------------------------


@pytest.mark.parametrize("q", [
    "Who created Tiny Pretty Things?",
    "Who developed Tiny Pretty Things?",
    "Who is the creator of tiny pretty things",
    "Who is the showrunner of Tiny Pretty Things?",
    "Who's behind Tiny Pretty Things?",
])
def test_ask_creator_phrasings(phrasing, q):
    r = answer(phrasing, q)
    assert r.intent == "creator" and labels(r) == ["Michael MacLennan"]
    assert r.evidence[0]["text"] == "The series was created by Michael MacLennan."
    assert r.evidence[0]["title"].startswith("Tiny Pretty Things Season 2")


@pytest.mark.parametrize("q", [
    "Who plays Cassie?",
    "Who portrays Cassie in Tiny Pretty Things?",
    "Which actress plays Cassie Shore?",
    "Who stars as Cassie?",
    "Cassie is played by whom?",
    "Who voices Cassie?",
    "Who is the voice of Cassie Shore?",
    "Who provides the voice of cassie",
])
def test_ask_who_plays_phrasings(phrasing, q):
    r = answer(phrasing, q)
    assert r.intent == "plays" and labels(r) == ["Kylie Jefferson"]


@pytest.mark.parametrize("q", [
    "Whom does Kylie Jefferson play?",
    "Who does Kylie Jefferson play in Tiny Pretty Things?",
    "Which character does kylie jefferson portray?",
    "What role does Kylie Jefferson play?",
    "Whom does Kylie Jefferson voice?",
    "Which character is voiced by Kylie Jefferson?",
])
def test_ask_whom_does_actor_play_phrasings(phrasing, q):
    assert labels(answer(phrasing, q)) == ["Cassie Shore"]


@pytest.mark.parametrize("q", [
    "Who are the characters of Tiny Pretty Things?",
    "Which characters are in Tiny Pretty Things?",
    "List the characters in tiny pretty things",
])
def test_ask_characters_phrasings(phrasing, q):
    r = answer(phrasing, q)
    assert r.intent == "characters"
    assert labels(r) == ["Bette Whitlaw", "Cassie Shore", "Delia", "Monique", "Oren", "Ramon"]


# --- story ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("q", [
    "Who pushed Cassie?",
    "Who was Cassie pushed by?",
    "By whom was Cassie pushed?",
    "Which character pushed cassie",
])
def test_ask_who_harmed_phrasings(phrasing, q):
    r = answer(phrasing, q)
    assert r.family == "story" and labels(r) == ["Delia"]
    assert r.evidence[0]["text"] == "Cassie revealed that Delia had pushed her."


def test_ask_harm_question_about_the_harm_done(tpt):
    assert labels(answer(tpt, "Whom did Delia push?")) == ["Cassie Shore"]
    assert labels(answer(tpt, "Who harmed Cassie?")) == ["Delia"]  # the general relation covers pushing
    assert answer(tpt, "Who poisoned Cassie?").answers == []  # pushing is not poisoning


@pytest.mark.parametrize("q", [
    "Whom did Delia frame?",
    "Who did Delia frame?",
    "Who was framed by Delia?",
])
def test_ask_whom_did_frame_phrasings(phrasing, q):
    assert labels(answer(phrasing, q)) == ["Bette Whitlaw"]


def test_ask_who_framed(tpt):
    assert labels(answer(tpt, "Who framed Bette?")) == ["Delia"]


@pytest.mark.parametrize("q,expected", [
    ("Who is Delia's sister?", ["Bette Whitlaw"]),
    ("Who is the sister of Delia?", ["Bette Whitlaw"]),
    ("Who is Delia's brother?", ["Oren"]),
    ("Who are Delia's siblings?", ["Bette Whitlaw", "Oren"]),
    ("Who is Bette's sister?", ["Delia"]),  # symmetric
])
def test_ask_sibling_phrasings_and_gender_from_evidence(phrasing, q, expected):
    r = answer(phrasing, q)
    assert r.intent == "sibling" and labels(r) == expected


@pytest.mark.parametrize("q,expected", [
    ("Who is Delia's mother?", ["Monique"]),
    ("Who are the parents of Bette?", ["Monique"]),
    ("Who is Bette's mom?", ["Monique"]),
    ("Who are Monique's children?", ["Bette Whitlaw", "Delia"]),
    ("Whose mother is Monique?", ["Bette Whitlaw", "Delia"]),
])
def test_ask_parent_and_child_phrasings(phrasing, q, expected):
    assert labels(answer(phrasing, q)) == expected


@pytest.mark.parametrize("q", [
    "Who is Cassie involved with?",
    "Who is Cassie dating?",
    "Who is Cassie in love with?",
    "Who is Ramon in a relationship with?",
])
def test_ask_romantic_phrasings(phrasing, q):
    r = answer(phrasing, q)
    assert r.intent == "romantic"
    assert labels(r) == (["Ramon"] if "Cassie" in q else ["Cassie Shore"])


# --- status --------------------------------------------------------------------------------------


@pytest.mark.parametrize("q", [
    "Has Netflix renewed Tiny Pretty Things?",
    "Has Tiny Pretty Things been renewed?",
    "Has Tiny Pretty Things been cancelled?",
    "Is tiny pretty things renewed or canceled?",
    "What is the renewal status of Tiny Pretty Things?",
])
def test_ask_renewal_phrasings(phrasing, q):
    r = answer(phrasing, q)
    assert r.intent == "renewal_status" and r.family == "status"
    assert r.to_json()["answers"] == [{"label": "pending", "iri": str(LORE.Pending)}]
    assert "2021-09-22" in r.explanation
    assert r.evidence[0]["text"].startswith("Official Netflix Renewal Status: Pending")


def test_ask_renewal_newest_report_wins_across_articles(tpt):
    later = Article("tpt-later-5678efgh", "Netflix renews Tiny Pretty Things", "2022-01-10")
    later.status(ID["show/tiny-pretty-things"], LORE.Renewed, "2022-01-10", "Netflix has renewed Tiny Pretty Things.")
    later.save(tpt)
    r = answer(tpt, "Has Tiny Pretty Things been renewed?")
    assert labels(r) == ["renewed"] and r.answers[0]["iri"] == str(LORE.Renewed)
    assert "2022-01-10" in r.explanation and "pending" in r.explanation  # the older report is mentioned
    assert r.evidence[0]["article"] == str(later.iri)


def test_ask_renewal_without_as_of_falls_back_to_article_date(store):
    old = Article("a-old-00000001", "Old news", "2020-01-01")
    show = old.show("Harrowgate")
    old.status(show, LORE.Canceled)
    old.save(store)
    new = Article("a-new-00000002", "New news", "2023-05-01")
    new.show("Harrowgate")
    new.status(show, LORE.Renewed)
    new.save(store)
    r = answer(store, "Has Hulu renewed Harrowgate?")
    assert labels(r) == ["renewed"] and "2023-05-01" in r.explanation


def test_ask_renewal_restated_in_one_article_takes_the_newest(store):
    a = Article("a-one-00000003", "Update", "2023-03-03")
    show = a.show("Harrowgate")
    a.status(show, LORE.Pending, "2023-01-10", "Hulu has not renewed Harrowgate.", current=False)
    a.status(show, LORE.Renewed, "2023-03-03", "UPDATE: Hulu has renewed Harrowgate.")
    a.save(store)
    assert labels(answer(store, "Has Harrowgate been renewed?")) == ["renewed"]


@pytest.mark.parametrize("q", [
    "When was Tiny Pretty Things released?",
    "When did Tiny Pretty Things premiere?",
    "What is the release date of Tiny Pretty Things?",
    "When did tiny pretty things come out",
])
def test_ask_release_phrasings(phrasing, q):
    r = answer(phrasing, q)
    assert r.intent == "release_date"
    assert r.to_json()["answers"] == [{"label": "2020-12-14", "iri": None}]
    assert r.evidence[0]["text"] == "December 14th, 2020 was the release date."


def test_ask_release_prefers_the_first_and_most_precise_date(store):
    a = Article("rel-00000004")
    show = a.show("Normal People")
    a.fact(show, LORE.releaseDate, Literal("2020", datatype=XSD.gYear))
    a.fact(show, LORE.releaseDate, Literal("2020-04", datatype=XSD.gYearMonth))
    a.fact(show, LORE.releaseDate, Literal("2022-05-01", datatype=XSD.date))
    a.save(store)
    assert labels(answer(store, "When was Normal People released?")) == ["2020-04"]


@pytest.mark.parametrize("q", [
    "Which network is Tiny Pretty Things on?",
    "Where can I watch Tiny Pretty Things?",
    "What channel airs tiny pretty things",
    "Which streaming service is Tiny Pretty Things on?",
    "Which network aired Tiny Pretty Things?",
    "What channel was tiny pretty things broadcast on",
    "On which streamer did Tiny Pretty Things air?",
])
def test_ask_network_phrasings(phrasing, q):
    r = answer(phrasing, q)
    assert r.intent == "network" and labels(r) == ["Netflix"]


def test_ask_network_inverse_lists_shows(tpt):
    assert labels(answer(tpt, "Which shows does Netflix stream?")) == ["Tiny Pretty Things"]


# --- graph ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("q", [
    "How is Delia connected to Netflix?",
    "What connects Delia and Netflix?",
    "How are Delia and Netflix related?",
])
def test_ask_path_phrasings(phrasing, q):
    r = answer(phrasing, q)
    assert r.intent == "path" and r.family == "graph"
    assert [a["label"] for a in r.answers] == ["Delia", "Tiny Pretty Things", "Netflix"]
    assert [c["predicate"] for c in r.chain] == ["character", "network"]
    assert "2 steps" in r.explanation
    assert {e["text"] for e in r.evidence} >= {"Tiny Pretty Things is a Netflix Original."}


@pytest.mark.parametrize("q", [
    "Who is the most central character in Tiny Pretty Things?",
    "Who is the main character of Tiny Pretty Things?",
    "Which character is most connected in tiny pretty things",
])
def test_ask_centrality_phrasings(phrasing, q):
    r = answer(phrasing, q)
    assert r.intent == "central_character"
    assert labels(r) == ["Delia"]  # pushed Cassie, framed and is sister of Bette, brother Oren, mother
    assert "degree centrality" in r.explanation


# --- linking -------------------------------------------------------------------------------------


@pytest.mark.parametrize("q", [
    "Who created TINY PRETTY THINGS???",
    "who created tiny-pretty things",
    "Who created Tiny Pretty Thngs?",  # a typo
    "Who created Tiny Prety Things?",
    "Who created The Tiny Pretty Things?",  # a "The" too many
])
def test_ask_linking_is_case_punctuation_and_typo_tolerant(phrasing, q):
    assert labels(answer(phrasing, q)) == ["Michael MacLennan"]


def test_ask_linking_leading_the_is_optional(store):
    a = Article("the-00000005")
    show = a.show("The Ember Court")
    a.fact(show, LORE.createdBy, a.person("Naledi Dube"))
    a.save(store)
    assert labels(answer(store, "Who created Ember Court?")) == ["Naledi Dube"]
    assert labels(answer(store, "Who created the ember court?")) == ["Naledi Dube"]


def test_ask_linking_by_alias(tpt):
    assert labels(answer(tpt, "Who plays Cassie Shore?")) == ["Kylie Jefferson"]
    assert labels(answer(tpt, "What did MacLennan create?")) == ["Tiny Pretty Things"]


def test_ask_show_or_book_of_one_name_is_decided_by_the_intent(tpt):
    assert answer(tpt, "Who created Tiny Pretty Things?").entities[0]["iri"] == str(ID["show/tiny-pretty-things"])
    assert answer(tpt, "Which network is Tiny Pretty Things on?").entities[0]["type"] == "Show"
    assert answer(tpt, "Who wrote Tiny Pretty Things?").entities[0]["iri"] == str(ID["book/tiny-pretty-things"])
    assert answer(tpt, "What is the sequel to the novel Tiny Pretty Things?").entities[0]["type"] == "Book"
    assert answer(tpt, "Who wrote the book Tiny Pretty Things is based on?").entities[0]["type"] == "Show"


def test_ask_names_inside_titles_are_not_cues(store):
    a = Article("kill-00000006")
    show = a.show("Killing Eve")
    a.fact(show, LORE.createdBy, a.person("Phoebe Waller-Bridge"))
    a.save(store)
    r = answer(store, "Who created Killing Eve?")
    assert r.intent == "creator" and labels(r) == ["Phoebe Waller-Bridge"]


# --- ambiguity -----------------------------------------------------------------------------------


def _two_witchers(store, *, second_has_creator=True):
    a = Article("w1-00000007")
    s1 = a.show("The Witcher")
    a.fact(s1, LORE.createdBy, a.person("Lauren Schmidt Hissrich"))
    a.save(store)
    b = Article("w2-00000008")
    s2 = b.show("Witcher")
    if second_has_creator:
        b.fact(s2, LORE.createdBy, b.person("Someone Else"))
    b.save(store)
    return s1, s2


def test_ask_two_shows_named_alike_lists_candidates(store):
    s1, s2 = _two_witchers(store)
    r = answer(store, "Who created The Witcher?")
    assert r.status == "ambiguous" and r.answers == [] and r.to_json()["answers"] == []
    assert {c["iri"] for c in r.candidates} == {str(s1), str(s2)}
    assert "Which" in r.explanation


def test_ask_two_shows_named_alike_but_one_answers(store):
    s1, _ = _two_witchers(store, second_has_creator=False)
    r = answer(store, "Who created The Witcher?")
    assert r.ok and labels(r) == ["Lauren Schmidt Hissrich"]


def _two_cassies(store, *, both_pushed=True):
    tpt_world(store)
    b = Article("other-00000009", "Another show")
    show = b.show("Pointe Academy")
    cassie = b.character("Cassie", show)
    if both_pushed:
        b.fact(b.character("Nadia", show), LORE.pushed, cassie, "Nadia pushed Cassie down the stairs.")
    b.fact(cassie, LORE.portrayedBy, b.person("Mara Lee"), "Mara Lee plays Cassie.")
    b.save(store)


def test_ask_characters_named_alike_in_two_shows_are_ambiguous(store):
    _two_cassies(store)
    r = answer(store, "Who pushed Cassie?")
    assert r.status == "ambiguous" and r.answers == []
    assert {c.get("show") for c in r.candidates} == {"Tiny Pretty Things", "Pointe Academy"}


def test_ask_characters_named_alike_answer_when_only_one_fits(store):
    _two_cassies(store, both_pushed=False)
    assert labels(answer(store, "Who pushed Cassie?")) == ["Delia"]


def test_ask_characters_named_alike_are_scoped_by_the_show_named(store):
    _two_cassies(store)
    assert labels(answer(store, "Who plays Cassie in Pointe Academy?")) == ["Mara Lee"]
    assert labels(answer(store, "Who plays Cassie in Tiny Pretty Things?")) == ["Kylie Jefferson"]
    assert labels(answer(store, "Who pushed Cassie in Pointe Academy?")) == ["Nadia"]


# --- questions it cannot answer ------------------------------------------------------------------


@pytest.mark.parametrize("q", ["What is the meaning of life?", "Hello", "", "???"])
def test_ask_unknown_intent_gives_a_helpful_message(phrasing, q):
    r = answer(phrasing, q)
    assert r.status == "not_understood" and r.answers == [] and not r.ok
    assert "Which book would season 2" in r.explanation  # lists what it can answer
    assert ask(phrasing, q)["answers"] == []


def test_ask_unknown_entity_gives_a_helpful_message(tpt):
    r = answer(tpt, "Who created Breaking Bad?")
    assert r.status == "no_entity" and r.answers == [] and r.intent == "creator"
    assert "Breaking Bad" in r.explanation and "Which book would season 2" in r.explanation


def test_ask_never_invents_answers(tpt):
    for q in ["Who created Netflix?", "Who plays Monique?", "Who is Ramon's mother?", "Who killed Ramon?"]:
        r = answer(tpt, q)
        assert r.answers == [], q


def test_ask_empty_store(store):
    r = answer(store, "Who created Tiny Pretty Things?")
    assert r.answers == [] and r.status == "no_entity"


# --- the JSON contract ---------------------------------------------------------------------------

KEYS = {"question", "intent", "answers", "inferred", "chain", "sparql", "evidence"}


def test_ask_json_shape(tpt):
    data = ask(tpt, "Which book would season 2 of Tiny Pretty Things adapt?")
    assert set(data) == KEYS
    assert data["question"] == "Which book would season 2 of Tiny Pretty Things adapt?"
    assert data["intent"] == "season_adaptation"
    assert data["answers"] == [{"label": "Shiny Broken Pieces", "iri": str(ID["book/shiny-broken-pieces"])}]
    assert data["inferred"] is True
    assert isinstance(data["chain"], list) and data["chain"]
    assert "SELECT" in data["sparql"] and "tiny-pretty-things" in data["sparql"]
    assert data["evidence"] and all({"text", "article"} <= set(e) for e in data["evidence"])
    import json

    json.dumps(data)  # serialisable as is


def test_ask_sparql_field_is_the_query_that_answers(tpt):
    data = ask(tpt, "Who created Tiny Pretty Things?")
    assert "lore:createdBy" in data["sparql"]  # readable in the console: the predeclared prefix
    rows = tpt.query(data["sparql"]).rows
    assert any(str(ID["person/michael-maclennan"]) in {str(t) for t in row} for row in rows)


def test_ask_importing_kg_imports_neither_the_question_answering_nor_spacy():
    import subprocess
    import sys

    code = "import sys, kg; print('kg.ask' in sys.modules, 'spacy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


# --- injection safety ----------------------------------------------------------------------------

NASTY = [
    'Who created Tiny Pretty Things"} ; DROP ALL ; {?',
    "Who created } ; DROP ALL ; { ?",
    "Who plays '> } INSERT DATA { <a> <b> <c> } #?",
    'Who created """ UNION { ?s ?p ?o } """?',
    "Who created Tiny Pretty Things\\\" } ; CLEAR DEFAULT ; SELECT * WHERE { \\\"",
    "Who wrote <https://evil.example/x> } DELETE WHERE { ?s ?p ?o }",
    "What is the sequel to SELECT * WHERE { ?s ?p ?o } LIMIT 1?",
    "Has FILTER(true) renewed \n\n} DROP GRAPH <x> {\nTiny Pretty Things?",
]


@pytest.mark.parametrize("q", NASTY)
def test_ask_injection_does_not_change_the_store_or_the_query(tpt, q):
    from rdflib.plugins.sparql import prepareQuery

    from kg.vocab import PREFIXES

    before = sorted(tpt.quads(), key=lambda quad: tuple(str(t) for t in quad))
    data = ask(tpt, q)
    after = sorted(tpt.quads(), key=lambda quad: tuple(str(t) for t in quad))
    assert before == after
    if data["sparql"]:
        prepareQuery(data["sparql"], initNs=PREFIXES)  # parses
        tpt.query(data["sparql"])  # and runs
        for word in ("DROP", "INSERT", "DELETE", "CLEAR", "evil.example"):
            assert word not in data["sparql"]
    assert set(data) == KEYS


# --- speed ---------------------------------------------------------------------------------------


def test_ask_is_fast_on_a_small_graph(store):
    import time

    tpt_world(store)
    answer(store, "Who created Tiny Pretty Things?")  # loads spaCy and builds the matchers
    questions = ["Which book would season 2 of Tiny Pretty Things adapt?", "Who pushed Cassie?",
                 "Has Netflix renewed Tiny Pretty Things?", "Who is Delia's sister?"]
    for q in questions:
        start = time.perf_counter()
        answer(store, q)
        assert time.perf_counter() - start < 0.5, q  # ~100 ms budget, slack for slow CI machines


# --- more reasoning ------------------------------------------------------------------------------


def test_ask_siblings_inferred_from_a_shared_parent(store):
    a = Article("kin-0000000a")
    show = a.show("The Cartographer's Daughters")
    ambrose = a.character("Ambrose Calloway", show)
    wren = a.character("Wren Calloway", show, "Wren")
    isolde = a.character("Isolde Calloway", show, "Isolde")
    a.fact(ambrose, LORE.parent, wren, "Ambrose raised his daughters Wren and Isolde alone.")
    a.fact(ambrose, LORE.parent, isolde, "Ambrose raised his daughters Wren and Isolde alone.")
    a.gender(wren, "female", "Ambrose raised his daughters Wren and Isolde alone.")
    a.gender(isolde, "female", "Ambrose raised his daughters Wren and Isolde alone.")
    a.save(store)
    r = answer(store, "Who is Wren's sister?")
    assert labels(r) == ["Isolde Calloway"] and r.inferred
    assert [(c["predicate"], c["inferred"]) for c in r.chain].count(("parent", False)) == 2
    assert ("sibling", True) in [(c["predicate"], c["inferred"]) for c in r.chain]
    assert r.evidence[0]["text"] == "Ambrose raised his daughters Wren and Isolde alone."


def test_ask_parent_inferred_from_a_sibling(tpt):
    r = answer(tpt, "Who is Oren's mother?")  # Oren is Delia's brother; Monique is Delia's mother
    assert labels(r) == ["Monique"] and r.inferred


def test_ask_stated_kinship_is_not_inferred(tpt):
    r = answer(tpt, "Who is Delia's mother?")
    assert labels(r) == ["Monique"] and not r.inferred


def test_ask_character_written_twice_in_one_show(store):
    a = Article("twice-0000000b")
    show = a.show("The Ember Court")
    full = a.character("Princess Seraphine Vale", show)
    short = a.character("Seraphine", show)
    a.fact(full, LORE.portrayedBy, a.person("Leila Haddad"), "Leila Haddad will portray Princess Seraphine Vale.")
    a.fact(a.character("Queen Ottilie", show), LORE.parent, short, "Seraphine's mother, Queen Ottilie, rules.")
    a.save(store)
    r = answer(store, "Who plays Seraphine in The Ember Court?")
    assert labels(r) == ["Leila Haddad"] and r.notes
    assert labels(answer(store, "Who is Princess Seraphine Vale's mother?")) == ["Queen Ottilie"]


def test_ask_next_season(store):
    _series(store, stated={1: [1]})
    r = answer(store, "Which book would the next season of The Lantern Keepers adapt?")
    assert labels(r) == ["Lantern Book 2"]


def test_ask_season_without_a_show_name_and_several_shows_lists_them(tpt):
    _series(tpt)
    r = answer(tpt, "What would season 3 adapt?")
    assert r.status == "ambiguous" and r.answers == []
    assert {c["label"] for c in r.candidates} == {"Tiny Pretty Things", "The Lantern Keepers"}


def test_ask_short_names_need_a_close_match(store):
    a = Article("short-0000000c")
    a.fact(a.show("The Witcher"), LORE.createdBy, a.person("Lauren Schmidt Hissrich"))
    a.save(store)
    assert labels(answer(store, "Who created The Witchr?")) == ["Lauren Schmidt Hissrich"]
    assert answer(store, "Who created The Watcher?").answers == []


def test_ask_unknown_name_suggests_close_ones(tpt):
    r = answer(tpt, "Who created Tiny Kings?")
    assert r.status == "no_entity" and "Did you mean 'Tiny Pretty Things'?" in r.explanation
    assert "Shows in the graph: Tiny Pretty Things." in r.explanation


def test_ask_reasoning_newest_status_and_first_release():
    from kg.ask.reasoning import first_release, newest_status

    a1, a2 = ID["article/a"], ID["article/b"]
    rows = [
        {"kind": "report", "report": ID["r1"], "status": LORE.Pending, "asOf": Literal("2021-01-01"), "article": a1},
        {"kind": "report", "report": ID["r2"], "status": LORE.Renewed, "article": a2, "published": Literal("2022-02-02")},
        {"kind": "current", "status": LORE.Pending, "article": a1},
        {"kind": "report", "report": ID["r3"], "status": LORE.Canceled, "article": ID["article/c"]},  # undated
    ]
    newest, ordered = newest_status(rows)
    assert newest.status == LORE.Renewed and newest.as_of == "2022-02-02" and newest.dated_by == "article"
    assert [r.status for r in ordered] == [LORE.Renewed, LORE.Pending, LORE.Canceled]
    assert first_release(["2021-03-01", "2020", "2020-06", "2020-06-15"]) == ["2020-06-15"]
    assert first_release([]) == []


def test_ask_renewal_dated_reports_beat_undated_ones(store):
    a = Article("undated-0000000d", "Harrowgate update")  # no date: its undated line cannot be placed
    show = a.show("Harrowgate")
    a.status(show, LORE.Renewed, "2023-03-03", "UPDATE (March 3rd, 2023): Hulu has renewed Harrowgate.", current=False)
    a.status(show, LORE.Pending, None, "As of this writing, Hulu has not renewed Harrowgate.")
    a.save(store)
    r = answer(store, "Has Hulu renewed Harrowgate?")
    assert labels(r) == ["renewed"] and "as of 2023-03-03" in r.explanation
    assert "pending (undated)" in r.explanation


def test_ask_renewal_same_date_the_articles_own_newest_wins(store):
    a = Article("same-0000000e", "Harrowgate update", "2023-03-03")
    show = a.show("Harrowgate")
    a.status(show, LORE.Pending, "2023-03-03", "Earlier today Hulu had not renewed Harrowgate.", current=False)
    a.status(show, LORE.Renewed, "2023-03-03", "Update: Hulu has now renewed Harrowgate.")
    a.save(store)
    assert labels(answer(store, "Has Hulu renewed Harrowgate?")) == ["renewed"]


# --- the same answers on every store, at any size (issue #6) ---------------------------------------


def test_ask_season_question_reads_only_the_sequels_it_follows(store, monkeypatch):
    """The season query holds no sequel links; they are read from the show's books on, one step
    per query, as far as the season asked for (not every sequel link of the graph)."""
    _series(store, books=5)
    other = Article("other-series-0000dddd", "Another series")
    x, y = other.book("Unrelated One"), other.book("Unrelated Two")
    other.fact(x, LORE.sequel, y, "Unrelated One is followed by Unrelated Two.")
    other.save(store)
    sent = []
    original = type(store).query

    def spy(self, sparql, **kw):
        sent.append(sparql)
        return original(self, sparql, **kw)

    monkeypatch.setattr(type(store), "query", spy)
    r = answer(store, "Which book would season 3 of The Lantern Keepers adapt?")
    assert labels(r) == ["Lantern Book 3"]
    sequel_queries = [q for q in sent if q.startswith("SELECT DISTINCT ?kind ?s ?o")]
    assert len(sequel_queries) == 2  # book 1 -> book 2, book 2 -> book 3
    assert all("unrelated" not in q for q in sent)
    assert "lore:sequel" not in r.sparql and "lore:season" in r.sparql  # the answer's own query


def test_ask_index_follows_new_articles_in_the_same_store(store):
    """The label index is cached per store; a new article, a replaced one or a removed one is
    seen by the next question."""
    assert answer(store, "Who created Glasshouse?").status == "no_entity"
    a = Article("glass-0000eeee", "Glasshouse news")
    show = a.show("Glasshouse")
    a.fact(show, LORE.createdBy, a.person("Ines Moreau"), "Glasshouse was created by Ines Moreau.")
    a.save(store)
    assert labels(answer(store, "Who created Glasshouse?")) == ["Ines Moreau"]
    renamed = Article("glass-0000eeee", "Glasshouse news")  # the same graph, another label
    show = renamed.entity("Show", "Greenhouse")
    renamed.fact(show, LORE.createdBy, renamed.person("Ines Moreau"), "Greenhouse was created by Ines Moreau.")
    renamed.save(store)
    assert labels(answer(store, "Who created Greenhouse?")) == ["Ines Moreau"]
    assert answer(store, "Who created Glasshouse?").status == "no_entity"
    store.add_quads([(ID["show/greenhouse"], SKOS.altLabel, Literal("Serre"), ID["article/glass-0000eeee"])])
    assert labels(answer(store, "Who created Serre?")) == ["Ines Moreau"]
    store.remove_graph(ID["article/glass-0000eeee"])
    assert answer(store, "Who created Greenhouse?").status == "no_entity"


def test_ask_index_is_read_once_while_the_store_is_unchanged(store, monkeypatch):
    from kg.ask import linking
    from kg.ask.cache import change_token
    from kg.ask.parser import get_parser

    tpt_world(store)
    reads = []
    original = linking.index_rows

    def counting(s):
        reads.append(s)
        return original(s)

    monkeypatch.setattr(linking, "index_rows", counting)
    parser = get_parser(None)
    if store.name == "oxigraph":
        _settled_token(store)
    first = linking.load_index(store, parser)
    before = change_token(store)
    assert linking.load_index(store, parser) is first  # the same index object, read or not
    answer(store, "Who created Tiny Pretty Things?")
    token = change_token(store)
    if store.name in ("oxigraph", "memory"):
        assert token is not None
        # never read again while nothing changed (a background RocksDB flush may still rewrite
        # the files, and with them the token, after the settling: then one re-read is right)
        assert len(reads) == 1 if token == before else len(reads) <= 2
    else:
        assert token is None  # endpoints are read every time
    news = Article("new-0000ffff", "News")
    news.show("Glasshouse")
    news.save(store)
    assert change_token(store) != token or token is None
    assert linking.load_index(store, parser) is not first
    assert len(reads) >= 2


def _settled_token(store):
    """The change token once RocksDB's background flushes are done: they rewrite files (a token
    may change without a write, costing one re-read), a write always changes it."""
    import time

    from kg.ask.cache import change_token

    token = change_token(store)
    for _ in range(100):
        time.sleep(0.02)
        again = change_token(store)
        if again == token:
            return token
        token = again
    return token


def test_ask_change_token_of_the_embedded_store_follows_every_write(tmp_path):
    from kg.ask.cache import change_token
    from kg.store import open_store

    with open_store(str(tmp_path / "store")) as s:
        seen = [_settled_token(s)]
        g = ID["article/t-00000001"]
        s.replace_graph(g, [(ID["show/x"], RDFS.label, Literal("X"))])
        seen.append(change_token(s))
        seen.append(_settled_token(s))
        s.add_quads([(ID["show/x"], SKOS.altLabel, Literal("Ex"), g)])
        seen.append(change_token(s))
        seen.append(_settled_token(s))
        s.remove_graph(g)
        seen.append(change_token(s))
        seen.append(_settled_token(s))
        s.query("SELECT * WHERE { ?s ?p ?o }")
        seen.append(change_token(s))
    assert None not in seen
    assert seen[1] != seen[0] and seen[3] != seen[2] and seen[5] != seen[4]  # every write changes it
    assert seen[7] == seen[6]  # a read does not


class CappedStore:
    """A store that cuts SELECT answers at `cap` rows and says so, as Virtuoso does at its
    ResultSetMaxRows (10,000 by default): a query without a limit that is cut raises."""

    def __init__(self, inner, cap: int):
        self.inner, self.cap = inner, cap

    def query(self, sparql, *, limit=None):
        from kg.errors import StoreError

        res = self.inner.query(sparql, limit=limit)
        if res.kind == "SELECT" and len(res.rows) > self.cap:
            if limit is None:
                raise StoreError(f"cut at {self.cap} rows")
            res.rows, res.truncated = res.rows[:self.cap], True
        return res

    def __getattr__(self, name):
        return getattr(self.inner, name)


CAPPED_QUESTIONS = [
    "Who created Tiny Pretty Things?", "How is Delia connected to Netflix?",
    "Which book would season 2 of Tiny Pretty Things adapt?", "What would season 3 adapt?",
    "Which book would season 4 of The Lantern Keepers adapt?", "Who are the characters of Tiny Pretty Things?",
    "Who is the most central character in Tiny Pretty Things?", "Who plays Cassie?", "Who are Delia's siblings?",
    "Who is Oren's mother?", "Has Netflix renewed Tiny Pretty Things?", "When was Tiny Pretty Things released?",
]


def test_ask_reads_every_row_from_a_store_that_cuts_answers(store):
    """Every query of kg.ask (the label index, the relation graph of a path question, the
    characters of a show...) is read in pages when the store cuts the answer: the same answers as
    from the whole answer."""
    tpt_world(store)
    _series(store)
    capped = CappedStore(store, 10)
    for q in CAPPED_QUESTIONS:
        whole, cut = answer(store, q).to_dict(), answer(capped, q).to_dict()
        assert cut == whole, q
    from kg.ask.linking import INDEX_QUERY, index_rows

    assert len(store.query(INDEX_QUERY).rows) >= 30  # pages of 10 and fewer
    assert sorted(index_rows(capped), key=str) == sorted(index_rows(store), key=str)


class CountingStore(CappedStore):
    """A CappedStore that keeps the queries it was asked."""

    def __init__(self, inner, cap: int):
        super().__init__(inner, cap)
        self.asked: list[str] = []

    def query(self, sparql, *, limit=None):
        self.asked.append(sparql)
        return super().query(sparql, limit=limit)


def test_ask_remembers_a_store_that_cuts_answers_and_goes_to_pages_at_once(store):
    """The first long read from a store that cuts answers is wasted (read whole, found cut);
    from then on the store is known to cut, and reads go to keyset pages at once."""
    from kg.ask.linking import INDEX_QUERY
    from kg.ask.queries import select_all

    tpt_world(store)
    whole = sorted(store.query(INDEX_QUERY).rows, key=str)
    capped = CountingStore(store, 10)
    assert sorted(select_all(capped, INDEX_QUERY, "x").rows, key=str) == whole
    assert capped.asked[0] == INDEX_QUERY and capped.cuts_answers
    capped.asked.clear()
    assert sorted(select_all(capped, INDEX_QUERY, "x").rows, key=str) == whole
    assert INDEX_QUERY not in capped.asked and all("ORDER BY STR(?x)" in q for q in capped.asked)
    assert not store.cuts_answers  # the store itself never cut an answer


def test_ask_says_what_to_do_when_one_entity_has_more_rows_than_a_page(store):
    from kg.ask.queries import select_all
    from kg.errors import StoreError

    tpt_world(store)
    capped = CappedStore(store, 3)
    query = "SELECT ?x ?l WHERE { ?x a lore:Show . ?x (lore:character/rdfs:label) ?l }"  # 6 rows, one ?x
    with pytest.raises(StoreError) as caught:
        select_all(capped, query, "x")
    assert str(caught.value) == (
        "kg ask cannot read this answer in pages (more than 3 rows for one entity); raise the endpoint's row cap "
        "(Virtuoso: ResultSetMaxRows in virtuoso.ini [SPARQL])")


BLANK_QUESTIONS = [
    "Who wrote the book Tiny Pretty Things is based on?", "Which book would season 6 of The Lantern Keepers adapt?",
    "Who is the most central character in Tiny Pretty Things?", "How is Delia connected to Netflix?",
]


def test_ask_never_goes_through_blank_nodes(store):
    """Blank nodes are no entities: chains, sequel links, the relation graph and the relations
    between characters skip them on every store (Virtuoso's isIRI() is true of blank nodes:
    the queries say !isBlank too)."""
    from rdflib import BNode

    from kg.store import open_store

    plain = open_store("memory")
    try:
        for s in (store, plain):
            tpt_world(s)
            _series(s, stated={1: [1]})
        b1, b2, b3 = BNode(), BNode(), BNode()
        a = Article("blank-0000bbbb", "Blank nodes")
        a.triples += [
            (ID["show/tiny-pretty-things"], LORE.basedOn, b1), (b1, LORE.author, ID["person/kylie-jefferson"]),
            (ID["book/lantern-book-5"], LORE.sequel, b2), (b2, LORE.sequel, ID["book/lantern-book-1"]),
            (ID["character/tiny-pretty-things/cassie"], LORE.romantic, b3),
            (ID["character/tiny-pretty-things/delia"], LORE.sibling, b3), (b3, LORE.network, ID["organization/netflix"]),
        ]
        a.save(store)
        for q in BLANK_QUESTIONS:
            assert answer(store, q).to_dict() == answer(plain, q).to_dict(), q
    finally:
        plain.close()


ALIKE_QUESTIONS = [
    "Which book would season 2 of Tiny Pretty Things adapt?", "What would season 3 adapt?",
    "Which book would season 4 of The Lantern Keepers adapt?", "What would season 5 of the Lantern Keepers adapt?",
    "Which book would the next season of The Lantern Keepers adapt?", "What is Tiny Pretty Things based on?",
    "Who wrote the book Tiny Pretty Things is based on?", "What is Shiny Broken Pieces the sequel to?",
    "What is the sequel to Lantern Book 2?", "Who created The Witcher?", "Who created Tiny Kings?",
    "Who plays Cassie?", "Who plays Cassie in Pointe Academy?", "Whom does Kylie Jefferson play?",
    "Who are the characters of Tiny Pretty Things?", "Who pushed Cassie?", "Whom did Delia frame?",
    "Who are Delia's siblings?", "Who is Oren's mother?", "Who are Monique's children?", "Who is Cassie dating?",
    "Has Netflix renewed Tiny Pretty Things?", "When was Tiny Pretty Things released?",
    "Which network is Tiny Pretty Things on?", "How is Delia connected to Netflix?",
    "Who is the most central character in Tiny Pretty Things?", "What is the meaning of life?",
    "Which of the shows did Netflix cancel?", "Who adapted Tiny Pretty Things for television?",
    "Who is the mother of Delia's sister Bette?", "Who are Monique's daughters?", "Who imprisoned Cassie?",
    "Who voices Cassie?",
]


@pytest.fixture
def every_store(tmp_path, request):
    """rdflib in memory, the embedded store and (when it runs) Virtuoso, by name."""
    from kg.store import open_store

    stores = {"memory": open_store("memory"), "oxigraph": open_store(str(tmp_path / "store"))}
    try:
        stores["virtuoso"] = request.getfixturevalue("virtuoso_store")
    except pytest.skip.Exception:
        pass
    yield stores
    stores["memory"].close()
    stores["oxigraph"].close()


def _alike(stores: dict, questions: list[str]) -> None:
    for q in questions:
        got = {name: answer(s, q).to_dict() for name, s in stores.items()}
        for name, data in got.items():
            assert data == got["memory"], (q, name)


def test_ask_answers_alike_on_every_store(every_store):
    """Every field of every answer (chain, evidence and their order, explanation, SPARQL) is the
    same from rdflib in memory, the embedded store and Virtuoso."""
    for s in every_store.values():
        _two_cassies(s)
        _series(s, stated={1: [1]})
        _two_witchers(s)
    _alike(every_store, ALIKE_QUESTIONS)


def test_ask_phrasing_questions_answer_alike_on_every_store(every_store):
    """The phrasing cases run on one store (`phrasing`); one question of each of their intents
    here gets the same answer, field for field, from every store."""
    for s in every_store.values():
        tpt_world(s)
    _alike(every_store, PHRASING_SAMPLES)
    assert all(answer(every_store["memory"], q).answers for q in PHRASING_SAMPLES)


PHRASING_SAMPLES = [
    "Which book would season 2 of Tiny Pretty Things adapt?", "What is Tiny Pretty Things based on?",
    "Who wrote the book Tiny Pretty Things?", "What is the sequel to Tiny Pretty Things?",
    "Who created Tiny Pretty Things?", "Who plays Cassie in Tiny Pretty Things?", "Who pushed Cassie?",
    "Who is Delia's sister?", "Who is Delia's mother?", "Who framed Bette?", "Has Netflix renewed Tiny Pretty Things?",
    "When was Tiny Pretty Things released?", "Which network aired Tiny Pretty Things?",
]


def test_ask_on_a_virtuoso_that_cuts_answers_reads_them_in_pages(cutting_virtuoso):
    from kg.ask.linking import INDEX_QUERY
    from kg.errors import StoreError
    from kg.store import open_store
    from tests.conftest import remote_store

    cut = remote_store(cutting_virtuoso)
    whole = open_store("memory")
    try:
        cut.clear()
        for s in (cut, whole):
            tpt_world(s)
            _series(s, stated={1: [1]})
            _two_witchers(s)
        with pytest.raises(StoreError):
            cut.query(INDEX_QUERY)  # more rows than the endpoint gives at once
        for q in CAPPED_QUESTIONS + ["Who created The Witcher?", "What is the meaning of life?"]:
            assert answer(cut, q).to_dict() == answer(whole, q).to_dict(), q
    finally:
        cut.clear()
        cut.close()
        whole.close()
