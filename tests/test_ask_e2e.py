"""End to end: ingest the shared article with the real extractor and answer its gold questions.

Scored as `kg eval` scores them (kg.text.label_key, gold aliases). Skipped when
../shared/articles (beside the repository) is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.ask import answer
from kg.evaluate import load_ask
from kg.evaluate.gold import load_gold
from kg.evaluate.score import answer_label, score_questions

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "articles"
GOLDS = sorted(SHARED.glob("*.gold.json")) if SHARED.is_dir() else []

pytestmark = pytest.mark.skipif(not GOLDS, reason=f"{SHARED} is not here (the shared gold articles)")


@pytest.fixture(scope="module")
def shared_store():
    from kg.ingest import ingest_paths
    from kg.store import open_store

    store = open_store("memory")
    report = ingest_paths(store, [str(SHARED)])
    assert not report.failures, report.failures
    yield store
    store.close()


def _questions():
    return [(g, q) for g in GOLDS for q in load_gold(g).questions]


@pytest.mark.parametrize("gold_path,question", _questions() if GOLDS else [], ids=lambda x: getattr(x, "q", ""))
def test_ask_e2e_gold_question(shared_store, gold_path, question):
    names = load_gold(gold_path).names()
    result = answer(shared_store, question.q)
    got = {names.key(answer_label(a)) for a in result.to_json()["answers"]}
    assert got == {names.key(a) for a in question.answer}, (question.q, result.explanation)
    if question.answer:
        assert result.evidence, "an answer comes with its evidence"


def test_ask_e2e_scored_by_kg_eval(shared_store):
    ask, note = load_ask()
    assert ask is not None, note
    for gold_path in GOLDS:
        items = score_questions(shared_store, load_gold(gold_path), ask)
        assert all(i.correct for i in items), [(i.q, i.expected, i.got, i.error) for i in items if not i.correct]
