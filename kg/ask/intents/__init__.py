"""The intents of kg.ask: one object per way of asking, declared in data/intents.json.

Each entry of "intents" is one `Intent`: its cues (which question it is), the classes of the
entity it takes, and how it answers. An entry without "class" is answered by `StepsIntent` from
its "answers" alone (per class of the entity: the hops to follow, the sentence that says the
answer, the one that says there is none); an entry with "class" ("module:Name", loaded through
kg.plugins) is answered by that subclass of `Intent`, which reads its own options from the entry.
The entries keep their order: the first whose cues are in the question decides. A second entry of
a name already declared is another way to ask it: it answers as the first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

from kg.ask.model import Cue, Parsed
from kg.ask.parser import load_data
from kg.errors import LoreError
from kg.plugins import load_reference

if TYPE_CHECKING:
    from kg.ask.context import Ctx, Selection
    from kg.ask.linking import Index
    from kg.store.base import Store

__all__ = ["Intent", "IntentDataError", "Intents", "registry"]

_MATCHING = ("any", "all", "none", "absent", "slot", "slot_after", "slot_before", "after_cues")


class IntentDataError(LoreError):
    """An entry of the intents data that cannot be made an intent."""


@dataclass(frozen=True, eq=False)
class Intent:
    """One intent: the cues that make a question this one, the entity it takes, its answer."""

    name: str
    family: str
    any: tuple[str, ...] = ()
    all: tuple[str, ...] = ()
    none: tuple[str, ...] = ()
    season: bool = False
    mentions: int = 1
    slot: tuple[str, ...] = ("*",)
    slot_after: tuple[str, ...] | None = None
    slot_before: tuple[str, ...] | None = None
    after_cues: tuple[str, ...] | None = None
    absent: tuple[str, ...] = ()
    options: dict = field(default_factory=dict)  # the rest of the entry, for the class to read

    def matches(self, parsed: Parsed) -> bool:
        names = {c.name for c in parsed.cues}
        if self.any and not names.intersection(self.any):
            return False
        if not names.issuperset(self.all) or names.intersection(self.none):
            return False
        if self.absent and any(e.types.intersection(self.absent) for m in parsed.mentions if not m.weak
                               for e in m.entities):
            return False  # "which of the shows ...": not when the question names one
        return not self.season or parsed.season is not None

    def trigger(self, parsed: Parsed) -> Cue | None:
        """The cue that made the intent match (its first cue of `any`, else of `all`)."""
        return parsed.cue(self.any or self.all)

    def check(self) -> None:
        """Raise IntentDataError when the entry lacks what the class needs to answer."""

    def default_selection(self, store: Store, index: Index) -> Selection | list | None:
        """What the question is about when it names nothing: a Selection, the candidates to ask
        about (ambiguous), or None (the question needs a name)."""
        return None

    def handle(self, ctx: Ctx) -> None:
        raise NotImplementedError(f"the intent {self.name!r} ({type(self).__name__}) does not say how it answers")


class Intents:
    """The intents in the order they are tried, each name once answerable (`named`)."""

    def __init__(self, intents: list[Intent]):
        self.all = tuple(intents)
        self._named: dict[str, Intent] = {}
        for intent in self.all:
            self._named.setdefault(intent.name, intent)

    @classmethod
    def from_data(cls, entries: list[dict]) -> Intents:
        out: list[Intent] = []
        first: dict[str, dict] = {}
        for entry in entries:
            if "name" not in entry or "family" not in entry:
                raise IntentDataError(f"intent entry {entry!r} needs a 'name' and a 'family'")
            # a second way to ask a declared intent answers as the first declaration does
            base = first.setdefault(entry["name"], entry)
            behaviour = {k: v for k, v in base.items() if k not in _MATCHING and k not in ("season", "mentions")}
            out.append(_make({**behaviour, **entry} if base is not entry else entry))
        return cls(out)

    def matching(self, parsed: Parsed) -> list[Intent]:
        return [i for i in self.all if i.matches(parsed)]

    def named(self, name: str) -> Intent:
        try:
            return self._named[name]
        except KeyError:
            raise IntentDataError(f"no intent named {name!r}; declare it in kg/ask/data/intents.json") from None

    def names(self) -> list[str]:
        return list(self._named)


def _make(entry: dict) -> Intent:
    from kg.ask.intents.steps import StepsIntent

    reference = entry.get("class")
    kind = load_reference(reference) if reference else StepsIntent
    if not (isinstance(kind, type) and issubclass(kind, Intent)):
        raise IntentDataError(f"{reference!r} of intent {entry['name']!r} is no subclass of kg.ask.intents.Intent")
    fields = {k: tuple(v) if isinstance(v, list) else v for k, v in entry.items()
              if k in _MATCHING or k in ("name", "family", "season", "mentions")}
    options = {k: v for k, v in entry.items() if k not in fields and k != "class"}
    intent = kind(**fields, options=options)
    intent.check()
    return intent


@cache
def registry() -> Intents:
    """The intents of kg/ask/data/intents.json."""
    return Intents.from_data(load_data("intents.json")["intents"])
