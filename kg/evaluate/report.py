"""The evaluation report of one directory: micro-averaged figures, per-article figures, errors."""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.evaluate.gold import ENTITY_CLASSES, PREDICATES
from kg.evaluate.score import FAMILIES, ArticleScore, Counts

__all__ = ["EvalReport"]


def _sum(rows) -> Counts:
    total = Counts()
    for c in rows:
        total += c
    return total


@dataclass
class EvalReport:
    """Scores of every gold file of `directory`, summed (micro average) and per article.

    `qa_available` is False when kg.ask cannot be imported: QA is then "not available", not 0.
    """

    directory: str
    articles: list[ArticleScore] = field(default_factory=list)
    qa_available: bool = False
    qa_note: str | None = None

    # --- figures ---------------------------------------------------------------------------
    def entities(self) -> dict[str, Counts]:
        return {c: _sum(a.entities[c] for a in self.articles) for c in ENTITY_CLASSES}

    def relations(self) -> dict[str, Counts]:
        return {p: _sum(a.relations[p] for a in self.articles) for p in PREDICATES}

    def entities_overall(self) -> Counts:
        return _sum(self.entities().values())

    def relations_overall(self) -> Counts:
        return _sum(self.relations().values())

    def qa(self) -> dict | None:
        if not self.qa_available:
            return None
        items = [item for a in self.articles for item in (a.qa or [])]
        by_family = {}
        for family in FAMILIES:
            mine = [i for i in items if i.family == family]
            if mine:
                by_family[family] = _acc(sum(i.correct for i in mine), len(mine))
        return {**_acc(sum(i.correct for i in items), len(items)), "by_family": by_family}

    def pipelines(self) -> list[str]:
        return sorted({f"{n} {v}" for a in self.articles for n, v in a.pipelines})

    # --- renderings ------------------------------------------------------------------------
    def to_json(self) -> dict:
        return {
            "directory": self.directory,
            "pipelines": self.pipelines(),
            "entities": {c: n.to_json() for c, n in self.entities().items()},
            "entities_overall": self.entities_overall().to_json(),
            "relations": {p: n.to_json() for p, n in self.relations().items()},
            "relations_overall": self.relations_overall().to_json(),
            "qa": self.qa(),
            "articles": [_article_json(a, self.qa_available) for a in self.articles],
        }

    def to_text(self, *, errors: bool = False) -> str:
        lines = [f"evaluation of {self.directory}: {len(self.articles)} article(s)"]
        if self.pipelines():
            lines.append(f"pipeline: {', '.join(self.pipelines())}")
        head = f"  {'':<16}{'P':>7}{'R':>7}{'F1':>7}{'TP':>6}{'FP':>6}{'FN':>6}"

        def row(name, c: Counts):
            return f"  {name:<16}{c.precision:7.3f}{c.recall:7.3f}{c.f1:7.3f}{c.tp:6d}{c.fp:6d}{c.fn:6d}"

        lines += ["", "entities", head]
        lines += [row(c, n) for c, n in self.entities().items()] + [row("overall", self.entities_overall())]
        lines += ["", "relations", head]
        lines += [row(p, n) for p, n in self.relations().items() if n.tp + n.fp + n.fn]
        lines.append(row("overall", self.relations_overall()))
        lines += ["", _qa_line(self.qa(), self.qa_note)]
        qa = self.qa()
        if qa:
            lines += [f"  {f:<16}{v['accuracy']:7.3f}  ({v['correct']}/{v['total']})" for f, v in qa["by_family"].items()]
        lines += ["", "articles", f"  {'entity F1':>9}  {'rel F1':>6}  {'QA':>7}  file"]
        for a in self.articles:
            qa_cell = _qa_cell(a) if self.qa_available else "n/a"
            lines.append(f"  {a.entities_overall().f1:9.3f}  {a.relations_overall().f1:6.3f}  {qa_cell:>7}  {a.file}"
                         + (f"  ERROR: {a.error}" if a.error else ""))
        if errors:
            lines += ["", "errors per article"]
            for a in self.articles:
                lines += ["", f"{a.file}" + (f" ({a.article})" if a.article else "")]
                lines += _error_lines(a, "  ")
        return "\n".join(lines)

    def to_markdown(self, *, errors: bool = True, level: int = 2) -> str:
        lines = [f"{'#' * level} `{self.directory}`: {len(self.articles)} article(s)", ""]
        if self.pipelines():
            lines += [f"Pipeline recorded in the graphs: {', '.join(self.pipelines())}.", ""]
        head = ["| | P | R | F1 | TP | FP | FN |", "|---|---:|---:|---:|---:|---:|---:|"]

        def row(name, c: Counts):
            return f"| {name} | {c.precision:.3f} | {c.recall:.3f} | {c.f1:.3f} | {c.tp} | {c.fp} | {c.fn} |"

        lines += ["**Entities** (micro-averaged over articles)", "", *head]
        lines += [row(c, n) for c, n in self.entities().items()] + [row("**overall**", self.entities_overall()), ""]
        lines += ["**Relations** (predicates with no gold and no prediction left out)", "", *head]
        lines += [row(p, n) for p, n in self.relations().items() if n.tp + n.fp + n.fn]
        lines += [row("**overall**", self.relations_overall()), ""]
        qa = self.qa()
        lines += [f"**Questions**: {_qa_line(qa, self.qa_note).removeprefix('questions: ')}", ""]
        if qa and qa["by_family"]:
            lines += ["| family | accuracy | correct | total |", "|---|---:|---:|---:|"]
            lines += [f"| {f} | {v['accuracy']:.3f} | {v['correct']} | {v['total']} |" for f, v in qa["by_family"].items()]
            lines.append("")
        lines += ["**Articles**", "", "| file | entity F1 | relation F1 | QA |", "|---|---:|---:|---:|"]
        for a in self.articles:
            qa_cell = _qa_cell(a) if self.qa_available else "n/a"
            err = f" (error: {a.error})" if a.error else ""
            lines.append(f"| `{a.file}`{err} | {a.entities_overall().f1:.3f} | {a.relations_overall().f1:.3f} | {qa_cell} |")
        if errors:
            lines += ["", "<details><summary>False positives and negatives per article</summary>", ""]
            for a in self.articles:
                lines += [f"`{a.file}`", "", "```text", *_error_lines(a, ""), "```", ""]
            lines.append("</details>")
        return "\n".join(lines) + "\n"


def _acc(correct: int, total: int) -> dict:
    return {"accuracy": round(correct / total, 4) if total else None, "total": total, "correct": int(correct)}


def _qa_line(qa: dict | None, note: str | None) -> str:
    if qa is None:
        return "questions: not available" + (f" ({note})" if note else "")
    if not qa["total"]:
        return "questions: none in the gold files"
    return f"questions: accuracy {qa['accuracy']:.3f} ({qa['correct']}/{qa['total']})"


def _qa_cell(a: ArticleScore) -> str:
    if a.qa is None:
        return "n/a"
    return f"{sum(i.correct for i in a.qa)}/{len(a.qa)}"


def _article_json(a: ArticleScore, qa_available: bool) -> dict:
    qa = None
    if qa_available and a.qa is not None:
        qa = {**_acc(sum(i.correct for i in a.qa), len(a.qa)),
              "wrong": [{"q": i.q, "family": i.family, "expected": i.expected, "got": i.got, "error": i.error}
                        for i in a.qa if not i.correct]}
    return {
        "file": a.file,
        "article": a.article,
        "entity_f1": round(a.entities_overall().f1, 4),
        "relation_f1": round(a.relations_overall().f1, 4),
        "fp": a.fp,
        "fn": a.fn,
        "qa": qa,
        "error": a.error,
    }


def _error_lines(a: ArticleScore, indent: str) -> list[str]:
    lines = []
    if a.error:
        lines.append(f"{indent}error: {a.error}")
    for kind, sign in (("fp", "+"), ("fn", "-")):
        bucket = getattr(a, kind)
        for cls, label in bucket["entities"]:
            lines.append(f"{indent}{kind.upper()} {sign} entity    {cls}: {label}")
        for s, p, o in bucket["relations"]:
            lines.append(f"{indent}{kind.upper()} {sign} relation  {s} --{p}--> {o}")
    for item in a.qa or []:
        if not item.correct:
            got = item.error or (", ".join(item.got) or "(nothing)")
            lines.append(f"{indent}QA wrong [{item.family}] {item.q} expected {item.expected or '(nothing)'} got {got}")
    if not lines:
        lines.append(f"{indent}(no errors)")
    return lines
