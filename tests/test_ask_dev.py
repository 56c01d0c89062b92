"""The question side alone: every dev question asked of a graph built from its gold file.

Each eval/dev/*.gold.json is written as a graph in the docs/DESIGN.md layout (its entities with
their aliases, its required relations, status reports, seasons; optional relations are left out as
the answers do not count them), each fact backed by the article's own sentence that names both
ends (as an extractor would find it). With the
facts known to be there, every question must be answered right: what fails in `kg eval` beyond
this is extraction.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest
from rdflib import URIRef

from kg.ask import answer
from kg.evaluate_gold import load_gold, normalise
from kg.evaluate_score import answer_label, question_family
from kg.identity import slug
from kg.rdfize import typed_date
from kg.store import open_store
from kg.vocab import LORE
from tests.test_ask import Article

DEV = Path(__file__).resolve().parents[1] / "eval" / "dev"
GOLDS = sorted(DEV.glob("*.gold.json"))

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


def _sentence_for(sentences, names_a, names_b) -> str | None:
    def has(sentence, names):
        low = " " + normalise(sentence) + " "
        return any(f" {normalise(n)} " in low for n in names if normalise(n))
    for s in sentences:
        if has(s, names_a) and has(s, names_b):
            return s
    return None


def gold_graph(store, gold_path: Path):
    gold = load_gold(gold_path)
    sentences = _sentences(gold)
    article = Article(gold_path.stem.replace(".gold", "").replace("_", "-"), f"Gold of {gold.file}", None)
    aliases = {normalise(k): v for k, v in gold.aliases.items()}

    def names(label):
        return [label, *aliases.get(normalise(label), [])]

    shows_of: dict[str, str] = {}
    for s, p, o in gold.relations + gold.optional_relations:
        if p == "character":
            shows_of.setdefault(normalise(o), s)
    iris: dict[tuple[str, str], URIRef] = {}
    for cls, labels in gold.entities.items():
        for label in labels:
            scope = None
            if cls == "Character":
                show = shows_of.get(normalise(label)) or (gold.entities.get("Show") or ["_"])[0]
                scope = slug(show)
            iris[(cls, normalise(label))] = article.entity(cls, label, *aliases.get(normalise(label), []), scope=scope)

    def node(label, cls):
        key = (cls, normalise(label))
        if key in iris:
            return iris[key]
        for (c, n), iri in iris.items():  # a name the gold types otherwise (a character as a person)
            if n == normalise(label):
                return iri
        iris[key] = article.entity(cls, label)
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
    article.save(store)
    return gold


def _cases():
    return [(g, q) for g in GOLDS for q in load_gold(g).questions]


@pytest.fixture(scope="module")
def graphs():
    stores = {}
    yield stores
    for s in stores.values():
        s.close()


@pytest.mark.skipif(not GOLDS, reason="eval/dev is not here")
@pytest.mark.parametrize("gold_path,question", _cases(), ids=lambda x: getattr(x, "q", getattr(x, "stem", "")))
def test_ask_dev_question_on_its_gold_graph(graphs, gold_path, question):
    if gold_path not in graphs:
        graphs[gold_path] = open_store("memory")
        gold_graph(graphs[gold_path], gold_path)
    names = load_gold(gold_path).names()
    result = answer(graphs[gold_path], question.q)
    got = {names.key(answer_label(a)) for a in result.to_json()["answers"]}
    assert got == {names.key(a) for a in question.answer}, (result.intent, result.explanation)


def test_ask_dev_set_covers_every_family():
    families = defaultdict(int)
    for _, q in _cases():
        families[question_family(q.q)] += 1
    assert {"adaptation", "source", "people", "story", "status"} <= set(families)
