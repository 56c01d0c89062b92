"""Evaluation harness: score the graph lore-kg builds from articles against gold annotations.

The gold format and the scoring rules are /work/shared/EVAL.md. For every ``NAME.gold.json`` of
a directory the article beside it is ingested into a fresh in-memory store, its named graph is
read back (`predicted`) and compared with the gold (`score`); the figures are summed over the
directory (micro average) into an `EvalReport`. Questions are asked through ``kg.ask`` when it
can be imported; otherwise QA is reported as not available.

The pieces live in ``kg/evaluate/gold.py`` (format; labels compare by `kg.text.label_key`), ``kg/evaluate/predict.py``
(reading the graph), ``kg/evaluate/score.py`` (matching, QA) and ``kg/evaluate/report.py``.

Command line: ``kg eval [--markdown|--json] DIR...``.
"""

from __future__ import annotations

import datetime as _dt
import importlib
from pathlib import Path

from rdflib import URIRef

from kg.errors import LoreError
from kg.evaluate.gold import ENTITY_CLASSES, PREDICATES, Gold, GoldFormatError, Question, load_gold
from kg.evaluate.predict import Name, PredEntity, Predicted, PredRelation, predicted
from kg.evaluate.report import EvalReport
from kg.evaluate.score import ArticleScore, Counts, QAItem, question_family, score, score_questions
from kg.pipelines import Pipeline
from kg.store import open_store
from kg.store.base import Store

__all__ = [
    "ENTITY_CLASSES", "PREDICATES", "ArticleScore", "Counts", "EvalReport", "Gold", "GoldFormatError",
    "Name", "NoGoldFilesError", "PredEntity", "PredRelation", "Predicted", "QAItem", "Question",
    "evaluate_article", "evaluate_dir", "find_article", "gold_files", "load_ask",
    "load_gold", "markdown_document", "evaluate_dirs", "predicted", "question_family", "score", "score_article",
    "score_questions",
]

GOLD_GLOB = "*.gold.json"


class NoGoldFilesError(LoreError):
    """A directory given to the evaluation that holds no ``*.gold.json`` file."""


def gold_files(directory: str | Path) -> list[Path]:
    """The gold files of a directory, sorted; raises NoGoldFilesError when there are none."""
    directory = Path(directory)
    if not directory.is_dir():
        raise NoGoldFilesError(f"{directory} is not a directory; give a directory of *.gold.json files")
    found = sorted(directory.glob(GOLD_GLOB))
    if not found:
        raise NoGoldFilesError(f"no gold files ({GOLD_GLOB}) in {directory}; see EVAL.md for the format")
    return found


def load_ask():
    """(kg.ask.ask, None) when kg.ask imports, else (None, the reason)."""
    try:
        module = importlib.import_module("kg.ask")
    except ImportError as exc:
        return None, f"kg.ask cannot be imported: {exc}"
    fn = getattr(module, "ask", None)
    if not callable(fn):
        return None, "kg.ask has no ask() function"
    return fn, None


_ARTICLES = "SELECT DISTINCT ?g ?src WHERE { GRAPH ?g { ?g a lore:Article . OPTIONAL { ?g lore:source ?src } } }"


def find_article(store: Store, gold: Gold) -> URIRef | None:
    """The IRI of the article graph the gold's article was ingested as (None if it is not there)."""
    rows = store.query(_ARTICLES).rows
    graphs = sorted({g for g, _ in rows})
    if len(graphs) == 1:
        return graphs[0]
    for g, src in rows:
        if src is not None and str(src).replace("\\", "/").rsplit("/", 1)[-1] == gold.file:
            return g
    return None


def score_article(store: Store, article_iri, gold: Gold, *, ask=None) -> ArticleScore:
    """Score what `store` holds for one article against its gold (and ask its questions)."""
    result = score(gold, predicted(store, article_iri))
    if ask is not None:
        result.qa = score_questions(store, gold, ask)
    return result


def evaluate_article(gold: Gold, *, pipeline: Pipeline, ask=None) -> ArticleScore:
    """Ingest the gold's article into a fresh memory store and score it.

    A failure to read or ingest the article is recorded in `ArticleScore.error` and scored as
    an empty prediction, so one bad article does not stop the evaluation of a directory.
    """
    from kg.ingest import ingest_paths

    store = open_store("memory")
    try:
        error = None
        if not gold.article_path.is_file():
            error = f"article file {gold.article_path} not found"
        else:
            try:
                outcome = ingest_paths(store, [str(gold.article_path)], pipeline=pipeline)
            except LoreError as exc:
                error, outcome = f"ingest failed: {exc}", None
            if error is None and find_article(store, gold) is None:
                failures = getattr(outcome, "failures", None) or []
                detail = "; ".join(reason for _, reason in failures)
                error = "the article was not ingested" + (f": {detail}" if detail else "")
        iri = find_article(store, gold) if error is None else None
        if iri is None:
            result = score(gold, Predicted(article=""))
            result.article = None
            if ask is not None:
                result.qa = score_questions(store, gold, ask)
        else:
            result = score_article(store, iri, gold, ask=ask)
        result.error = error
        return result
    finally:
        store.close()


def evaluate_dir(directory: str | Path, *, pipeline: Pipeline) -> EvalReport:
    """Evaluate every ``*.gold.json`` of `directory`; figures summed over it (micro average).
    The pipeline is loaded once, after every gold file was read and checked."""
    files = gold_files(directory)
    golds = [load_gold(path) for path in files]  # check every gold file before the slow part
    ask, note = load_ask()
    report = EvalReport(str(directory), qa_available=ask is not None, qa_note=note)
    for gold in golds:
        report.articles.append(evaluate_article(gold, pipeline=pipeline, ask=ask))
    return report


def evaluate_dirs(directories: list[str], *, pipeline: Pipeline,
                  skip_missing: bool = False) -> dict[str, EvalReport | str]:
    """A report per directory. With `skip_missing`, a directory without gold files gets the reason
    instead of a report (a Markdown document notes it and goes on); at least one must have some."""
    reports: dict[str, EvalReport | str] = {}
    for directory in directories:
        try:
            gold_files(directory)  # fail before loading the pipeline
        except NoGoldFilesError as exc:
            if not skip_missing:
                raise
            reports[directory] = str(exc)
    if len(reports) == len(directories):
        raise NoGoldFilesError("none of the directories holds gold files")
    for directory in directories:
        if directory not in reports:
            reports[directory] = evaluate_dir(directory, pipeline=pipeline)
    return {d: reports[d] for d in directories}


def markdown_document(reports: dict[str, EvalReport | str], pipeline: Pipeline) -> str:
    """docs/EVALUATION.md: the reports with the pipeline and the library versions."""
    from kg.info import info

    data = info(None, pipeline)
    pipe = data["pipeline"]
    today = _dt.datetime.now(_dt.timezone.utc).date().isoformat()
    lines = [
        "# Evaluation",
        "",
        "<!-- generated by `make eval` (kg eval --markdown); do not edit by hand -->",
        "",
        f"- Date: {today}",
        f"- Pipeline: {pipe['name']} {pipe['version']} on {pipe['base']}",
        "- Libraries: " + ", ".join(f"{k} {v}" for k, v in data["versions"].items()),
        "- Scoring: /work/shared/EVAL.md (labels normalised; aliases and altLabels match; optional "
        "relations neither reward nor cost; sums of TP/FP/FN over the articles of a directory).",
        "",
    ]
    for directory, item in reports.items():
        if isinstance(item, str):
            lines += [f"## `{directory}`", "", f"Not evaluated: {item}", ""]
        else:
            lines.append(item.to_markdown(level=2))
    return "\n".join(lines).rstrip() + "\n"
