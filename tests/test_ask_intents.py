"""kg.ask's intents as registered objects (kg/ask/intents): every intent of the data answers its
question, an intent declared in data alone answers, and data that names no way to answer is
refused with a message that says what to give."""

from __future__ import annotations

import pytest

from kg.ask import answer
from kg.ask.intents import IntentDataError, Intents, registry
from kg.ask.parser import load_data
from kg.vocab import LORE
from tests.test_ask import ID, labels, tpt_world

# one question per intent name, asked of the Tiny Pretty Things world of tests/test_ask.py
QUESTIONS = {
    "path": "How is Delia connected to Netflix?",
    "central_character": "Who is the most central character in Tiny Pretty Things?",
    "creator": "Who created Tiny Pretty Things?",
    "season_adaptation": "Which book would season 2 of Tiny Pretty Things adapt?",
    "source_author": "Who wrote the book Tiny Pretty Things is based on?",
    "network_status": "Which Netflix shows are still pending?",
    "renewal_status": "Has Netflix renewed Tiny Pretty Things?",
    "network": "Which network is Tiny Pretty Things on?",
    "release_date": "When was Tiny Pretty Things released?",
    "sequel": "What is the sequel to the novel Tiny Pretty Things?",
    "prequel": "What is the prequel to Shiny Broken Pieces?",
    "based_on": "What is Tiny Pretty Things based on?",
    "author": "Who wrote the novel Tiny Pretty Things?",
    "plays": "Who plays Cassie?",
    "cast": "Who is in the cast of Tiny Pretty Things?",
    "harm": "Who pushed Cassie?",
    "sibling": "Who is Delia's sister?",
    "parent": "Who is Delia's mother?",
    "child": "Who are Monique's children?",
    "romantic": "Who is Cassie dating?",
    "characters": "Who are the characters of Tiny Pretty Things?",
}


@pytest.fixture(scope="module")
def world():
    from kg.store import open_store

    store = open_store("memory")
    tpt_world(store)
    return store


def test_intents_every_registered_intent_has_a_question_here():
    assert set(registry().names()) == set(QUESTIONS)


@pytest.mark.parametrize("name", sorted(QUESTIONS))
def test_intents_each_registered_intent_answers(world, name):
    r = answer(world, QUESTIONS[name])
    assert r.intent == name and r.ok and r.answers, (r.intent, r.explanation)
    assert r.explanation and r.sparql


def _with(entry: dict) -> Intents:
    """The registry of the package's data with `entry` tried first."""
    return Intents.from_data([entry, *load_data("intents.json")["intents"]])


SEQUEL_AUTHOR = {
    "name": "sequel_author", "family": "source", "any": ["SEQUEL"], "all": ["WRITE"], "slot": ["Book", "Show"],
    "answers": {"Book": {"steps": ["sequel|^prequel", "author"], "say": "{a} wrote the sequel to {k}.",
                         "nothing": "The graph does not say who wrote the sequel to {k}."}},
}


def test_intents_an_intent_declared_in_data_alone_answers(store):
    a = tpt_world(store)
    a.fact(ID["book/shiny-broken-pieces"], LORE.author, ID["person/sona-charaipotra"], "Sona Charaipotra wrote it too.")
    a.save(store)
    q = "Who wrote the sequel to the novel Tiny Pretty Things?"
    assert answer(store, q).intent != "sequel_author"
    r = answer(store, q, intents=_with(SEQUEL_AUTHOR))
    assert r.intent == "sequel_author" and labels(r) == ["Sona Charaipotra"]
    assert r.explanation == "Sona Charaipotra wrote the sequel to Tiny Pretty Things."
    assert {"sequel", "author"} <= {c["predicate"] for c in r.chain}
    assert "Sona Charaipotra wrote it too." in {e["text"] for e in r.evidence}


def test_intents_a_data_intent_of_a_class_it_has_no_answers_for_says_so(world):
    r = answer(world, "Who wrote the sequel to Netflix?", intents=_with({**SEQUEL_AUTHOR, "slot": ["Organization"]}))
    assert r.intent == "sequel_author" and r.status == "no_entity"
    assert r.explanation == "I cannot answer that about Netflix, a organization."


@pytest.mark.parametrize("entry,message", [
    ({"name": "x", "family": "source", "any": ["SEQUEL"]}, "no class and no 'answers'"),
    ({"name": "x", "family": "source", "answers": {"Book": {"steps": ["author"]}}}, "lack nothing, say"),
    ({"name": "x", "family": "source", "class": "kg.ask.model:Answer"}, "no subclass of kg.ask.intents.Intent"),
    ({"family": "source"}, "needs a 'name' and a 'family'"),
])
def test_intents_data_that_cannot_answer_is_refused(entry, message):
    with pytest.raises(IntentDataError, match=message):
        Intents.from_data([entry])


def test_intents_a_second_entry_of_a_name_answers_as_the_first():
    intents = registry()
    creators = [i for i in intents.all if i.name == "creator"]
    assert len(creators) == 2 and creators[0].any != creators[1].any
    assert creators[0].options["answers"] == creators[1].options["answers"]
    assert intents.named("creator") is creators[0]
