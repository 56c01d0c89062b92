"""Extraction quality held to its bars on the gold sets (figures in docs/EVALUATION.md)."""

from pathlib import Path

import pytest

from kg.evaluate import evaluate_dir

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "articles"
DEV = ROOT / "eval" / "dev"


@pytest.fixture(scope="module")
def extractor():
    from extractors.pipeline import load_pipeline

    return load_pipeline()


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/articles is not beside this checkout")
def test_extractors_eval_conceiving_article_meets_the_bars(extractor):
    report = evaluate_dir(SHARED, extractor=extractor).to_json()
    assert report["entities_overall"]["f1"] >= 0.95
    assert report["relations_overall"]["f1"] >= 0.90


def test_extractors_eval_dev_set_meets_the_bars(extractor):
    report = evaluate_dir(DEV, extractor=extractor).to_json()
    assert report["entities_overall"]["f1"] >= 0.85
    assert report["relations_overall"]["f1"] >= 0.85
