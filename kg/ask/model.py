"""The data kg.ask passes around: linked entities, mentions, cues, parsed questions and answers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rdflib import URIRef

__all__ = ["Answer", "Cue", "Entity", "Mention", "Parsed", "CLASS_ORDER"]

# The lore classes an entity of the index can have, in the order '*' (any class) prefers them.
CLASS_ORDER = ("Character", "Person", "Show", "Book", "Organization")

# Statuses of an answer: the question was answered (possibly with no answers: the graph does not
# know), it named something ambiguous, or it could not be understood (no intent / no entity).
ANSWERED, AMBIGUOUS, NOT_UNDERSTOOD, NO_ENTITY = "answered", "ambiguous", "not_understood", "no_entity"


@dataclass(frozen=True)
class Entity:
    """A node of the graph that questions can name."""

    iri: URIRef
    label: str
    types: frozenset[str]
    aliases: tuple[str, ...] = ()
    shows: frozenset[URIRef] = frozenset()  # for a character: the shows it belongs to

    @property
    def kind(self) -> str:
        for cls in CLASS_ORDER:
            if cls in self.types:
                return cls
        return next(iter(sorted(self.types)), "Thing")

    def ref(self) -> dict:
        return {"label": self.label, "iri": str(self.iri)}


@dataclass
class Mention:
    """A span of the question (token offsets) that names one or more entities."""

    start: int
    end: int
    text: str
    entities: list[Entity]
    score: float = 1.0  # 1.0 for an exact (normalised) match, the similarity for a fuzzy one
    weak: bool = False  # matched a first name, a last name or a name without its title only
    hint: str | None = None  # "Book" or "Show" when the question says "the novel X" / "the show X"

    def of_type(self, cls: str) -> list[Entity]:
        if cls == "*":
            return list(self.entities)
        return [e for e in self.entities if cls in e.types]

    def overlaps(self, start: int, end: int) -> bool:
        return self.start < end and start < self.end


@dataclass(frozen=True)
class Cue:
    name: str
    start: int
    end: int
    text: str


@dataclass
class Parsed:
    """What the parser read in a question (before the intent is chosen)."""

    question: str
    tokens: list[str]  # the normalised question's tokens, as typed
    lower: list[str]
    cues: list[Cue]
    season: int | str | None = None  # a number, or "next" / "last"
    season_span: tuple[int, int] | None = None
    mentions: list[Mention] = field(default_factory=list)
    runs: list[tuple[int, int]] = field(default_factory=list)  # spans left over: unknown names?

    def has(self, name: str) -> bool:
        return any(c.name == name for c in self.cues)

    def cue(self, names) -> Cue | None:
        found = [c for c in self.cues if c.name in names]
        return min(found, key=lambda c: c.start) if found else None

    def text(self, start: int, end: int) -> str:
        return " ".join(self.tokens[start:end])


@dataclass
class Answer:
    """The answer to one question. `to_json()` is the `kg ask --json` contract."""

    question: str
    intent: str | None = None
    family: str | None = None
    answers: list[dict] = field(default_factory=list)  # {"label": ..., "iri": ...}
    inferred: bool = False
    chain: list[dict] = field(default_factory=list)  # the facts (and inferences) behind the answer
    sparql: str = ""
    evidence: list[dict] = field(default_factory=list)  # {"text": ..., "article": ..., "title": ...}
    explanation: str = ""
    status: str = ANSWERED
    candidates: list[dict] = field(default_factory=list)  # when the question is ambiguous
    entities: list[dict] = field(default_factory=list)  # what the question was linked to
    notes: list[str] = field(default_factory=list)

    @property
    def understood(self) -> bool:
        return self.status not in (NOT_UNDERSTOOD, NO_ENTITY)

    @property
    def ok(self) -> bool:
        """Answered (even if the answer is that the graph does not know)."""
        return self.status == ANSWERED

    def to_json(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "intent": self.intent,
            "answers": [{"label": a["label"], "iri": a.get("iri")} for a in self.answers],
            "inferred": bool(self.inferred),
            "chain": list(self.chain),
            "sparql": self.sparql,
            "evidence": list(self.evidence),
        }

    def to_dict(self) -> dict[str, Any]:
        """Everything, for the web UI: the contract keys plus explanation, status, candidates."""
        data = self.to_json()
        data.update(family=self.family, explanation=self.explanation, status=self.status,
                    candidates=list(self.candidates), entities=list(self.entities), notes=list(self.notes))
        return data
