"""Gold annotations (/work/shared/EVAL.md): the file format, label normalisation, name matching.

A gold file sits beside its article as ``NAME.gold.json``. `load_gold` reads and checks one;
`kg.text.label_key` is the one label comparison of the evaluation; `GoldNames` maps every spelling the
gold knows (canonical labels and their aliases) to the canonical label's normalised form.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import LoreError
from kg.text import label_key

__all__ = [
    "ENTITY_CLASSES",
    "LITERAL_PREDICATES",
    "PREDICATES",
    "SYMMETRIC",
    "Gold",
    "GoldFormatError",
    "GoldNames",
    "Question",
    "load_gold",
]

ENTITY_CLASSES = ("Show", "Book", "Person", "Character", "Organization")
PREDICATES = (
    "basedOn", "sequel", "author", "createdBy", "character", "portrayedBy", "network",
    "releaseDate", "renewalStatus", "sibling", "romantic", "parent", "harmed", "framed", "adapts",
)
SYMMETRIC = frozenset({"sibling", "romantic"})
LITERAL_PREDICATES = frozenset({"releaseDate", "renewalStatus"})
STATUS_WORDS = ("renewed", "canceled", "pending")

_SEASON = re.compile(r"^(.+) season (\d+)$")


class GoldFormatError(LoreError):
    """A gold file that does not follow EVAL.md."""

    exit_code = 2


def literal_key(predicate: str, value: str) -> str:
    """Objects of releaseDate and renewalStatus compare as values, not as names."""
    value = unicodedata.normalize("NFKC", value or "").strip()
    if predicate == "renewalStatus":
        value = value.lower()
        return "canceled" if value == "cancelled" else value
    return value


@dataclass(frozen=True)
class Question:
    q: str
    answer: tuple[str, ...]


@dataclass
class Gold:
    """One gold file: `file` is the article's file name, `article_path` where it lies."""

    path: Path
    file: str
    entities: dict[str, list[str]]
    relations: list[tuple[str, str, str]]
    optional_relations: list[tuple[str, str, str]] = field(default_factory=list)
    aliases: dict[str, list[str]] = field(default_factory=dict)
    questions: list[Question] = field(default_factory=list)

    @property
    def article_path(self) -> Path:
        return self.path.parent / self.file

    def names(self) -> "GoldNames":
        return GoldNames(self)


def _triples(value, where: str, path: Path) -> list[tuple[str, str, str]]:
    if not isinstance(value, list):
        raise GoldFormatError(f"{path}: {where} must be a list of [subject, predicate, object]")
    out = []
    for i, item in enumerate(value):
        if not (isinstance(item, list) and len(item) == 3 and all(isinstance(x, str) for x in item)):
            raise GoldFormatError(f"{path}: {where}[{i}] must be [subject, predicate, object] strings")
        if item[1] not in PREDICATES:
            raise GoldFormatError(
                f"{path}: {where}[{i}] has unknown predicate {item[1]!r}; use one of {', '.join(PREDICATES)}"
            )
        if item[1] == "renewalStatus" and literal_key("renewalStatus", item[2]) not in STATUS_WORDS:
            raise GoldFormatError(f"{path}: {where}[{i}]: renewalStatus must be renewed, canceled or pending")
        out.append((item[0], item[1], item[2]))
    return out


def load_gold(path: str | Path) -> Gold:
    """Read and check a ``NAME.gold.json`` file (EVAL.md); the article is the file beside it."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise GoldFormatError(f"no such gold file: {path}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise GoldFormatError(f"{path}: not valid JSON: {exc}") from None
    if not isinstance(data, dict):
        raise GoldFormatError(f"{path}: a gold file is a JSON object")
    file = data.get("file")
    if not isinstance(file, str) or not file:
        raise GoldFormatError(f"{path}: 'file' (the article's file name) is missing")
    entities = data.get("entities", {})
    if not isinstance(entities, dict):
        raise GoldFormatError(f"{path}: 'entities' must map a class to a list of labels")
    for cls, labels in entities.items():
        if cls not in ENTITY_CLASSES:
            raise GoldFormatError(f"{path}: unknown entity class {cls!r}; use one of {', '.join(ENTITY_CLASSES)}")
        if not (isinstance(labels, list) and all(isinstance(x, str) for x in labels)):
            raise GoldFormatError(f"{path}: entities.{cls} must be a list of labels")
    aliases = data.get("aliases", {})
    if not (isinstance(aliases, dict) and all(
        isinstance(k, str) and isinstance(v, list) and all(isinstance(x, str) for x in v) for k, v in aliases.items()
    )):
        raise GoldFormatError(f"{path}: 'aliases' must map a canonical label to a list of other forms")
    questions = []
    for i, q in enumerate(data.get("questions", [])):
        if not (isinstance(q, dict) and isinstance(q.get("q"), str) and isinstance(q.get("answer"), list)):
            raise GoldFormatError(f"{path}: questions[{i}] must be {{\"q\": text, \"answer\": [labels]}}")
        questions.append(Question(q["q"], tuple(str(a) for a in q["answer"])))
    return Gold(
        path=path,
        file=file,
        entities={cls: list(entities.get(cls, [])) for cls in ENTITY_CLASSES},
        relations=_triples(data.get("relations", []), "relations", path),
        optional_relations=_triples(data.get("optional_relations", []), "optional_relations", path),
        aliases={k: list(v) for k, v in aliases.items()},
        questions=questions,
    )


class GoldNames:
    """Every spelling the gold knows, mapped to its canonical label's normalised form (its key).

    Entity labels and the keys of ``aliases`` stand for themselves; an alias stands for its
    canonical label; a label used only in a relation stands for the canonical label it is an
    alias of, else for itself.
    """

    def __init__(self, gold: Gold):
        self.display: dict[str, str] = {}  # key -> the label as the gold writes it
        self.spellings: dict[str, set[str]] = {}  # key -> every normalised form that means it
        self._to_key: dict[str, str] = {}
        primary = [label for labels in gold.entities.values() for label in labels] + list(gold.aliases)
        for label in primary:
            self._add(label_key(label), label)
        for canonical, others in gold.aliases.items():
            key = label_key(canonical)
            for other in others:
                form = label_key(other)
                self.spellings[key].add(form)
                self._to_key.setdefault(form, key)
        for s, p, o in gold.relations + gold.optional_relations:
            for label in (s,) if p in LITERAL_PREDICATES else (s, o):
                if label_key(label) not in self._to_key:
                    self._add(label_key(label), label)
        # "SHOW season N" is also spelt with any alias of SHOW
        for key in list(self.display):
            m = _SEASON.match(key)
            if m and m.group(1) in self.spellings:
                for form in self.spellings[m.group(1)]:
                    spelt = f"{form} season {m.group(2)}"
                    self.spellings[key].add(spelt)
                    self._to_key.setdefault(spelt, key)

    def _add(self, key: str, label: str) -> None:
        self._to_key[key] = key
        self.display.setdefault(key, label)
        self.spellings.setdefault(key, {key})

    def key(self, label: str) -> str:
        """The key a label stands for (its own normalised form when the gold does not know it)."""
        form = label_key(label)
        return self._to_key.get(form, form)

    def match(self, label: str, aliases=(), candidates=None) -> str | None:
        """The key a predicted name (its label, then its altLabels) matches, or None.

        `candidates` limits the keys that may match (the gold labels of one class).
        """
        for form in [label_key(label)] + [label_key(a) for a in sorted(aliases)]:
            key = self._to_key.get(form)
            if key is not None and (candidates is None or key in candidates):
                return key
            if candidates is not None:  # a form listed as an alias of two labels
                for cand in sorted(candidates):
                    if form in self.spellings.get(cand, ()):
                        return cand
        return None
