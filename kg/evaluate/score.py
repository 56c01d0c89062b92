"""Scoring one article: entities per class, relations per predicate, and questions (EVAL.md).

Labels are compared as canonical keys (`GoldNames`): a predicted name matches a gold label when
their normalised forms are equal or equal to an alias of either side (gold ``aliases``,
predicted ``skos:altLabel``). Entities are compared within their class, so a Show and a Book
with one title are two entities; relations carry the class in the predicate's domain and range.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.evaluate.gold import (
    ENTITY_CLASSES, LITERAL_PREDICATES, PREDICATES, SYMMETRIC, Gold, GoldNames, literal_key,
)
from kg.evaluate.predict import Name, Predicted
from kg.text import label_key

__all__ = [
    "FAMILIES", "ArticleScore", "Counts", "QAItem", "answer_label", "question_family", "score",
    "score_questions",
]


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __iadd__(self, other: "Counts") -> "Counts":
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        return self

    # Nothing to find and nothing found is perfect; a side with no denominator but errors on
    # the other side scores 0.
    @property
    def precision(self) -> float:
        if self.tp + self.fp:
            return self.tp / (self.tp + self.fp)
        return 1.0 if self.fn == 0 else 0.0

    @property
    def recall(self) -> float:
        if self.tp + self.fn:
            return self.tp / (self.tp + self.fn)
        return 1.0 if self.fp == 0 else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_json(self) -> dict:
        return {"p": round(self.precision, 4), "r": round(self.recall, 4), "f1": round(self.f1, 4),
                "tp": self.tp, "fp": self.fp, "fn": self.fn}


@dataclass
class QAItem:
    q: str
    family: str
    expected: list[str]
    got: list[str]
    correct: bool
    error: str | None = None


@dataclass
class ArticleScore:
    file: str
    article: str | None = None
    entities: dict[str, Counts] = field(default_factory=lambda: {c: Counts() for c in ENTITY_CLASSES})
    relations: dict[str, Counts] = field(default_factory=lambda: {p: Counts() for p in PREDICATES})
    fp: dict[str, list] = field(default_factory=lambda: {"entities": [], "relations": []})
    fn: dict[str, list] = field(default_factory=lambda: {"entities": [], "relations": []})
    qa: list[QAItem] | None = None
    error: str | None = None
    pipelines: list[tuple[str, str]] = field(default_factory=list)

    def entities_overall(self) -> Counts:
        total = Counts()
        for c in self.entities.values():
            total += c
        return total

    def relations_overall(self) -> Counts:
        total = Counts()
        for c in self.relations.values():
            total += c
        return total


# Classes each end of a predicate may have (EVAL.md). A predicted end typed with none of them
# does not match (so "Book X basedOn Show X" is not "Show X basedOn Book X"); an untyped end is
# given the benefit of the doubt.
_SHOWISH = frozenset({"Show"})
_CHAR = frozenset({"Character"})
_DOMAIN = {
    "basedOn": _SHOWISH, "sequel": frozenset({"Book"}), "author": frozenset({"Book"}), "createdBy": _SHOWISH,
    "character": _SHOWISH, "portrayedBy": _CHAR, "network": _SHOWISH, "releaseDate": _SHOWISH,
    "renewalStatus": _SHOWISH, "sibling": _CHAR, "romantic": _CHAR, "parent": _CHAR, "harmed": _CHAR,
    "framed": _CHAR, "adapts": frozenset({"Season"}),
}
_RANGE = {
    "basedOn": frozenset({"Book"}), "sequel": frozenset({"Book"}), "author": frozenset({"Person"}),
    "createdBy": frozenset({"Person"}), "character": _CHAR, "portrayedBy": frozenset({"Person"}),
    "network": frozenset({"Organization"}), "sibling": _CHAR, "romantic": _CHAR, "parent": _CHAR,
    "harmed": _CHAR, "framed": _CHAR, "adapts": frozenset({"Book"}),
}


def _pred_key(names: GoldNames, name: Name, predicate: str, end: str) -> tuple[str, str]:
    """(key, label to show) of one end of a predicted relation."""
    if name.literal:
        return literal_key(predicate, name.label), name.label
    key = names.match(name.label, name.aliases) or label_key(name.label)
    allowed = (_DOMAIN if end == "subject" else _RANGE).get(predicate)
    if allowed and name.classes and not name.classes & allowed:  # right name, wrong kind of thing
        kinds = "/".join(sorted(name.classes))
        return f"{key} <{kinds}>", f"{name.label} ({kinds})"
    return key, name.label


def _gold_key(names: GoldNames, label: str, predicate: str | None = None) -> str:
    return literal_key(predicate or "", label) if predicate in LITERAL_PREDICATES else names.key(label)


def _triple_key(s: str, p: str, o: str) -> tuple[str, str, str]:
    if p in SYMMETRIC and o < s:
        s, o = o, s
    return s, p, o


def score(gold: Gold, pred: Predicted) -> ArticleScore:
    """Compare what the graph holds for an article with its gold annotations."""
    names = gold.names()
    result = ArticleScore(file=gold.file, article=pred.article, pipelines=list(pred.pipelines))

    for cls in ENTITY_CLASSES:
        wanted = {names.key(label): label for label in gold.entities.get(cls, [])}
        found: dict[str, str] = {}
        for entity in pred.entities:
            if entity.cls == cls:
                key = names.match(entity.name.label, entity.name.aliases, candidates=set(wanted))
                found.setdefault(key or label_key(entity.name.label), entity.name.label)
        counts = result.entities[cls]
        counts.tp = len(found.keys() & wanted.keys())
        counts.fp = len(found.keys() - wanted.keys())
        counts.fn = len(wanted.keys() - found.keys())
        result.fp["entities"] += [[cls, found[k]] for k in sorted(found.keys() - wanted.keys())]
        result.fn["entities"] += [[cls, wanted[k]] for k in sorted(wanted.keys() - found.keys())]

    def gold_keys(triples) -> dict[tuple, list[str]]:
        return {_triple_key(names.key(s), p, _gold_key(names, o, p)): [s, p, o] for s, p, o in triples}

    wanted = gold_keys(gold.relations)
    optional = gold_keys(gold.optional_relations)
    found: dict[tuple, list[str]] = {}
    for rel in pred.relations:
        s_key, s_label = _pred_key(names, rel.subject, rel.predicate, "subject")
        o_key, o_label = _pred_key(names, rel.object, rel.predicate, "object")
        found.setdefault(_triple_key(s_key, rel.predicate, o_key), [s_label, rel.predicate, o_label])
    ignored = optional.keys() - wanted.keys()  # true but not required: neither TP nor FP nor FN
    scored = found.keys() - ignored
    for p in PREDICATES:
        mine = {k for k in scored if k[1] == p}
        theirs = {k for k in wanted if k[1] == p}
        c = result.relations[p]
        c.tp, c.fp, c.fn = len(mine & theirs), len(mine - theirs), len(theirs - mine)
    result.fp["relations"] = [found[k] for k in sorted(scored - wanted.keys())]
    result.fn["relations"] = [wanted[k] for k in sorted(wanted.keys() - found.keys())]
    return result


# --- questions -------------------------------------------------------------------------------

FAMILIES = ("adaptation", "source", "people", "story", "status", "graph")
_FAMILY_RULES = (
    ("adaptation", r"\bseasons?\b.*\b(adapt\w*|cover\w*|based)\b|\b(adapt\w*|cover\w*)\b.*\bseasons?\b"),
    ("status", r"\b(renew\w*|cancel\w*|release\w*|premier\w*|air(s|ed|ing)?|return\w*|come back|coming back"
               r"|status|when)\b"),
    ("source", r"\b(book|books|novel\w*|wrote|written|writer|author\w*|sequel\w*|prequel\w*|based on|adapt\w*"
               r"|series of books)\b"),
    ("story", r"\b(push\w*|stab\w*|kill\w*|murder\w*|poison\w*|shot|shoot\w*|attack\w*|harm\w*|hurt\w*|fram\w*"
              r"|sister\w*|brother\w*|sibling\w*|mother|father|parent\w*|son|daughter|child\w*|love\w*|dat(e|es|ed|ing)"
              r"|romanc\w*|romantic\w*|involved|boyfriend|girlfriend|married|marr\w*|kiss\w*|relationship)\b"),
    ("people", r"\b(creat\w*|develop\w*|showrunner|plays?|played|actor|actress|cast|star\w*|portray\w*"
               r"|direct\w*|produc\w*|network|stream\w*|channel)\b"),
)


def question_family(question: str) -> str:
    """The family of a gold question, by keywords: adaptation, status, source, story, people,
    else graph (questions about the graph itself: counts, lists, articles)."""
    text = question.lower()
    for family, pattern in _FAMILY_RULES:
        if re.search(pattern, text):
            return family
    return "graph"


_STATUS_IRIS = {
    "https://w3id.org/lore-kg/ontology#Renewed": "renewed",
    "https://w3id.org/lore-kg/ontology#Canceled": "canceled",
    "https://w3id.org/lore-kg/ontology#Pending": "pending",
}


def answer_label(answer) -> str:
    """The label of one answer of kg.ask: a dict with label (or value) and iri, or a string."""
    if isinstance(answer, str):
        return answer
    iri = str(answer.get("iri") or "")
    if iri in _STATUS_IRIS:
        return _STATUS_IRIS[iri]
    for key in ("label", "value", "text"):
        if answer.get(key) not in (None, ""):
            return str(answer[key])
    return iri.rstrip("/").rsplit("/", 1)[-1].replace("-", " ")


def score_questions(store, gold: Gold, ask) -> list[QAItem]:
    """Ask every gold question with `ask(store, q)` and compare the answer sets."""
    names = gold.names()
    items = []
    for question in gold.questions:
        expected = {names.key(a): a for a in question.answer}
        got: dict[str, str] = {}
        error = None
        try:
            reply = ask(store, question.q) or {}
            for answer in reply.get("answers") or []:
                label = answer_label(answer)
                got.setdefault(names.key(label), label)
        except Exception as exc:  # a failing question is a wrong answer, not a failed run
            error = f"{type(exc).__name__}: {exc}"
        items.append(QAItem(
            q=question.q, family=question_family(question.q), expected=list(question.answer),
            got=sorted(got.values()), correct=error is None and got.keys() == expected.keys(), error=error,
        ))
    return items
