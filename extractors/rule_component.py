"""The shape the lore rule components share, after spaCy's `SpanRuler`.

A component's rules (pattern lists, lemma lexicons) are data documents, loaded by `initialize`
(from the package's `data/` files, or from paths given in the config's
`[initialize.components.NAME]` block), saved with the pipeline by `to_disk` and read back by
`from_disk`: a saved pipeline carries its own rules and runs as it was saved, whatever the
installed package's data files say. Subclasses name their documents in `RULES` and turn them
into matchers in `set_rules`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from kg.errors import LoreError

from extractors.lexicons import DATA

RULES_DIR = "rules"


class RulesNotLoadedError(LoreError):
    """A lore component was called before its rules were loaded."""


class RuleComponent:
    RULES: dict[str, str] = {}  # document name -> default file under extractors/data

    def __init__(self, name: str):
        self.name = name
        self.rules: dict[str, object] | None = None

    def read_rules(self, **paths: str | None) -> None:
        """Load each rules document from its path in `paths` (None: the package's file).
        Subclasses call it from an `initialize` that names its documents as keyword arguments
        (spaCy checks the [initialize.components.NAME] settings against that signature)."""
        docs = {}
        for key, default in self.RULES.items():
            path = Path(paths.get(key) or DATA / default)
            try:
                docs[key] = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise LoreError(f"{self.name}: cannot read its {key} rules from {path}: {exc}") from exc
        self.load(docs)

    def load(self, docs: dict[str, object]) -> None:
        self.rules = docs
        self.set_rules(docs)

    def set_rules(self, docs: dict[str, object]) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def require_rules(self) -> None:
        if self.rules is None:
            raise RulesNotLoadedError(
                f"{self.name} has no rules: call nlp.initialize() or the component's initialize() first")

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        self.require_rules()
        where = Path(path) / RULES_DIR
        where.mkdir(parents=True, exist_ok=True)
        for key, doc in self.rules.items():
            (where / f"{key}.json").write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> "RuleComponent":
        where = Path(path) / RULES_DIR
        docs = {}
        for key in self.RULES:
            file = where / f"{key}.json"
            if not file.is_file():
                raise LoreError(f"{self.name}: the saved pipeline lacks {file}; save it again with this lore-kg")
            docs[key] = json.loads(file.read_text(encoding="utf-8"))
        self.load(docs)
        return self
