"""The question side alone: every gold question asked of a graph built from its gold file.

The gold sets: eval/dev (this repository) and, when ../shared is beside the repository (as on CI),
../shared/eval/unseen, ../shared/eval/wikipedia and ../shared/articles (a set that is not here is
skipped, saying so). Whatever gold files a set holds when the tests are collected are asked.

Each gold file is written as a graph in the docs/DESIGN.md layout (its entities with
their aliases, its required relations, status reports, seasons; optional relations are left out as
the answers do not count them), each fact backed by the article's own sentence that names both
ends (as an extractor would find it). An entity the gold does not list (the wikipedia set lists
none) takes its class from the relation's domain or range. With the
facts known to be there, every question must be answered right (but those of NOT_IN_THE_GOLD_FACTS,
whose answer rests on what a gold file cannot state): what fails in `kg eval` beyond this is
extraction. A gold file that cannot be read is a failing case of its own.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest
from rdflib import URIRef

from kg.ask import answer
from kg.evaluate.gold import GoldFormatError, load_gold
from kg.text import label_key
from kg.evaluate.score import answer_label, question_family
from kg.identity import slug
from kg.rdfize import typed_date
from kg.store import open_store
from kg.vocab import LORE
from tests.test_ask import Article

DEV = Path(__file__).resolve().parents[1] / "eval" / "dev"
SHARED = Path(__file__).resolve().parents[2] / "shared"
SETS = {"dev": DEV, "unseen": SHARED / "eval" / "unseen", "wikipedia": SHARED / "eval" / "wikipedia",
        "articles": SHARED / "articles"}


def golds(directory: Path) -> list[Path]:
    return sorted(directory.glob("*.gold.json")) if directory.is_dir() else []


GOLDS = golds(DEV)

_DOMAIN = {"basedOn": "Show", "sequel": "Book", "author": "Book", "createdBy": "Show", "character": "Show",
           "portrayedBy": "Character", "network": "Show", "releaseDate": "Show", "renewalStatus": "Show",
           "sibling": "Character", "romantic": "Character", "parent": "Character", "harmed": "Character",
           "framed": "Character"}
_RANGE = {"basedOn": "Book", "sequel": "Book", "author": "Person", "createdBy": "Person", "character": "Character",
          "portrayedBy": "Person", "network": "Organization", "sibling": "Character", "romantic": "Character",
          "parent": "Character", "harmed": "Character", "framed": "Character", "adapts": "Book"}
_STATUS = {"renewed": LORE.Renewed, "canceled": LORE.Canceled, "cancelled": LORE.Canceled, "pending": LORE.Pending}


def _sentences(gold) -> list[str]:
    from kg.sources import read_document

    text = read_document(str(gold.article_path)).text
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n+", text) if s.strip()]


def _words(text: str) -> str:
    """The text normalised, a possessive 's apart ("Dexter's brother" names Dexter), in spaces."""
    return " " + re.sub(r"'s\b", " 's", label_key(text)) + " "


def _sentence_for(sentences, names_a, names_b) -> str | None:
    def has(sentence, names):
        low = _words(sentence)
        return any(_words(n) in low for n in names if label_key(n))
    for s in sentences:
        if has(s, names_a) and has(s, names_b):
            return s
    return None


def gold_graph(store, gold_path: Path):
    gold = load_gold(gold_path)
    sentences = _sentences(gold)
    article = Article(gold_path.stem.replace(".gold", "").replace("_", "-"), f"Gold of {gold.file}", None)
    aliases = {label_key(k): v for k, v in gold.aliases.items()}

    def names(label):
        return [label, *aliases.get(label_key(label), [])]

    shows_of: dict[str, str] = {}
    for s, p, o in gold.relations + gold.optional_relations:
        if p == "character":
            shows_of.setdefault(label_key(o), s)
    iris: dict[tuple[str, str], URIRef] = {}
    label_of: dict[URIRef, str] = {}
    typed = {label_key(label) for labels in gold.entities.values() for label in labels}
    for cls, labels in gold.entities.items():
        for label in labels:
            scope = None
            if cls == "Character":
                show = shows_of.get(label_key(label)) or (gold.entities.get("Show") or ["_"])[0]
                scope = slug(show)
            iris[(cls, label_key(label))] = article.entity(cls, label, *aliases.get(label_key(label), []), scope=scope)
            label_of[iris[(cls, label_key(label))]] = label

    def node(label, cls):
        key = (cls, label_key(label))
        if key in iris:
            return iris[key]
        if label_key(label) in typed:  # a name the gold types otherwise (a character as a person)
            for (c, n), iri in iris.items():
                if n == label_key(label):
                    return iri
        iris[key] = article.entity(cls, label)
        label_of[iris[key]] = label
        return iris[key]

    seasons: dict[tuple, URIRef] = {}
    for s, p, o in gold.relations:
        if p == "adapts":
            m = re.match(r"^(.*) season (\d+)$", s)
            show = node(m.group(1), "Show")
            key = (show, int(m.group(2)))
            if key not in seasons:
                seasons[key] = article.season(show, int(m.group(2)))
            sentence = _sentence_for(sentences, names(o), [f"season {m.group(2)}", "series", "season"]) or f"{s} adapts {o}."
            article.fact(seasons[key], LORE.adapts, node(o, "Book"), sentence)
            continue
        subject = node(s, _DOMAIN[p])
        if p == "releaseDate":
            obj = typed_date(o)
            sentence = _sentence_for(sentences, names(s), [o[:4]]) or f"{s} was released on {o}."
            article.fact(subject, LORE.releaseDate, obj, sentence)
        elif p == "renewalStatus":
            article.status(subject, _STATUS[o], None, f"{s}: {o}.")
        else:
            obj = node(o, _RANGE[p])
            sentence = _sentence_for(sentences, names(s), names(o)) or f"{s} {p} {o}."
            article.fact(subject, LORE[p], obj, sentence)
    _genders(article, sentences, {(cls, iri): label_of[iri] for (cls, _), iri in iris.items()}, names)
    article.save(store)
    return gold


def _genders(article: Article, sentences: list[str], entities: dict, names) -> None:
    """The genders the gender extractor reads in the article's sentences, as ingest states them."""
    import spacy

    from extractors.gender import GIVEN_NAME, genders_of, sentence_words

    nlp = spacy.blank("en")
    words = [sentence_words(nlp.make_doc(s)) for s in sentences]
    for (cls, iri), label in entities.items():
        if cls not in ("Character", "Person"):
            continue
        for gender, n, rule in genders_of(names(label), words):
            sentence = sentences[n] if n is not None else (_sentence_for(sentences, names(label), names(label))
                                                           or f"{label}.")
            article.gender(iri, gender, sentence, inferred=rule == GIVEN_NAME)


def _cases(paths=GOLDS):
    return [(g, q) for g in paths for q in load_gold(g).questions]


# Questions whose gold answer rests on what a gold file cannot state (EVAL.md has no "season N did
# not adapt BOOK"): on a graph of the gold's facts the adaptation chain infers the next book. They
# fail until the graph can say so; strict, so that one passing is noticed.
NOT_IN_THE_GOLD_FACTS = {
    ("unseen", "dexter_review", "Which book would season 2 of Dexter adapt?"):
        "the article says season 2 went its own way; the gold facts (season 1 adapts Darkly Dreaming "
        "Dexter, which Dearly Devoted Dexter follows) make it Dearly Devoted Dexter",
    ("unseen", "handmaids_tale_sequel_news", "Which book would season 2 of The Handmaid's Tale adapt?"):
        "the article says the series went past the novel and The Testaments goes to another series; "
        "the gold facts (season 1 adapts The Handmaid's Tale, which The Testaments follows) make it The Testaments",
}


def _set_cases():
    """One case per gold question of every set; a set that is not here is one skipped case, and
    a gold file that cannot be read (being written) one failing case."""
    out = []
    for name, directory in SETS.items():
        paths = golds(directory)
        if not paths:
            out.append(pytest.param(None, None, id=name,
                                    marks=pytest.mark.skip(reason=f"{directory} is not here (no gold files)")))
        for path in paths:
            stem = path.name.removesuffix(".gold.json")
            try:
                questions = load_gold(path).questions
            except GoldFormatError:
                out.append(pytest.param(path, None, id=f"{name}/{stem}"))
                continue
            for q in questions:
                known = NOT_IN_THE_GOLD_FACTS.get((name, stem, q.q))
                marks = [pytest.mark.xfail(strict=True, reason=known)] if known else []
                out.append(pytest.param(path, q, id=f"{name}/{stem}/{q.q}", marks=marks))
    return out


@pytest.fixture(scope="module")
def graphs():
    stores = {}
    yield stores
    for s in stores.values():
        s.close()


def ask_on_gold_graph(graphs, gold_path: Path, question) -> None:
    """Ask `question` of the graph of `gold_path` (built once per module) and compare as kg eval."""
    gold = load_gold(gold_path)
    assert question is not None, f"{gold_path} has no question"
    if gold_path not in graphs:
        graphs[gold_path] = open_store("memory")
        gold_graph(graphs[gold_path], gold_path)
    names = gold.names()
    result = answer(graphs[gold_path], question.q)
    got = {names.key(answer_label(a)) for a in result.to_json()["answers"]}
    assert got == {names.key(a) for a in question.answer}, (result.intent, result.explanation)


@pytest.mark.parametrize("gold_path,question", _set_cases())
def test_ask_gold_question_on_its_gold_graph(graphs, gold_path, question):
    ask_on_gold_graph(graphs, gold_path, question)


def test_ask_dev_set_covers_every_family():
    families = defaultdict(int)
    for _, q in _cases():
        families[question_family(q.q)] += 1
    assert {"adaptation", "source", "people", "story", "status"} <= set(families)
