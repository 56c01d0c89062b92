"""`kg ask` on the command line (click's CliRunner over an embedded store)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from kg.cli import cli
from kg.store import open_store
from kg.vocab import LORE
from tests.test_ask import KEYS, Article, tpt_world


@pytest.fixture
def tpt_dir(store_dir):
    with open_store(store_dir) as s:
        tpt_world(s)
    return store_dir


def kg_ask(runner, store, *args):
    return runner.invoke(cli, ["--store", store, "ask", *args])


def test_ask_cli_plain_answer_comes_first(runner, tpt_dir):
    r = kg_ask(runner, tpt_dir, "Who created Tiny Pretty Things?")
    assert r.exit_code == 0, r.output
    lines = r.stdout.splitlines()
    assert lines[0] == "Michael MacLennan"
    assert "created by Michael MacLennan" in lines[1]
    assert "Evidence:" in r.stdout and "The series was created by Michael MacLennan." in r.stdout
    assert "Tiny Pretty Things Season 2: Has Netflix Renewed or Canceled?" in r.stdout  # the article


def test_ask_cli_plain_shows_the_inference_chain_and_sparql_on_request(runner, tpt_dir):
    r = kg_ask(runner, tpt_dir, "Which book would season 2 of Tiny Pretty Things adapt?", "--sparql")
    assert r.exit_code == 0, r.output
    assert r.stdout.splitlines()[0] == "Shiny Broken Pieces  (inferred)"
    assert "Chain: Tiny Pretty Things basedOn Tiny Pretty Things" in r.stdout
    assert "SPARQL:" in r.stdout and "lore:season" in r.stdout


def test_ask_cli_question_words_need_no_quotes(runner, tpt_dir):
    r = kg_ask(runner, tpt_dir, "Who", "pushed", "Cassie?")
    assert r.exit_code == 0 and r.stdout.startswith("Delia\n")


def test_ask_cli_json_shape(runner, tpt_dir):
    r = kg_ask(runner, tpt_dir, "--json", "Has Netflix renewed Tiny Pretty Things?")
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert set(data) == KEYS
    assert data["intent"] == "renewal_status"
    assert data["answers"] == [{"label": "pending", "iri": "https://w3id.org/lore-kg/ontology#Pending"}]
    assert data["inferred"] is False and data["sparql"].startswith("SELECT")
    assert data["evidence"][0]["text"].startswith("Official Netflix Renewal Status")
    assert data["evidence"][0]["article"].startswith("https://w3id.org/lore-kg/id/article/")


@pytest.mark.parametrize("q", ["What is the meaning of life?", "Who created Breaking Bad?"])
def test_ask_cli_unknown_exits_1_plain_and_0_json(runner, tpt_dir, q):
    plain = kg_ask(runner, tpt_dir, q)
    assert plain.exit_code == 1
    assert "I can answer questions like these" in plain.stdout
    as_json = kg_ask(runner, tpt_dir, "--json", q)
    assert as_json.exit_code == 0
    data = json.loads(as_json.stdout)
    assert set(data) == KEYS and data["answers"] == []
    assert "I can answer questions like these" in as_json.stderr


def test_ask_cli_ambiguous_lists_candidates(runner, store_dir):
    with open_store(store_dir) as s:
        for name, label in (("w1-00000001", "The Witcher"), ("w2-00000002", "Witcher")):
            a = Article(name)
            show = a.show(label)
            a.fact(show, LORE.createdBy, a.person(f"Creator of {label}"))
            a.save(s)
    r = kg_ask(runner, store_dir, "Who created The Witcher?")
    assert r.exit_code == 1
    assert "Candidates:" in r.stdout and "show/the-witcher" in r.stdout and "show/witcher" in r.stdout
    data = json.loads(kg_ask(runner, store_dir, "--json", "Who created The Witcher?").stdout)
    assert data["answers"] == []


def test_ask_cli_graph_does_not_know_exits_0(runner, tpt_dir):
    r = kg_ask(runner, tpt_dir, "Who poisoned Cassie?")
    assert r.exit_code == 0
    assert r.stdout.startswith("I don't know")


def test_ask_import_does_not_load_spacy():
    code = "import sys, kg, kg.ask; from kg.ask import ask, answer; print('spacy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_ask_cli_help_does_not_load_spacy():
    code = ("import sys; from kg.cli import cli\ntry:\n    cli(['ask', '--help'])\nexcept SystemExit: pass\n"
            "print('spacy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "False"
