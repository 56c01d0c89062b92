"""The lexicons in extractors/data/, loaded once per process."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

DATA = Path(__file__).parent / "data"


def _lines(name: str) -> list[str]:
    path = DATA / name
    if not path.exists():
        return []
    return [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]


@dataclass(frozen=True)
class OrgEntry:
    label: str
    category: str  # networks, studios, publishers, sites
    ambiguous: bool = False


@dataclass
class Lexicons:
    given_names: dict[str, str] = field(default_factory=dict)  # Name -> f|m|u
    surnames: frozenset[str] = frozenset()
    common_words: frozenset[str] = frozenset()
    places: frozenset[str] = frozenset()  # lower-cased
    non_entities: frozenset[str] = frozenset()  # lower-cased
    organizations: dict[str, OrgEntry] = field(default_factory=dict)  # surface form -> entry
    cues: dict = field(default_factory=dict)

    def is_common(self, word: str) -> bool:
        return word.lower() in self.common_words

    def gender(self, name: str) -> str | None:
        first = name.split()[0] if name else ""
        return self.given_names.get(first) or self.given_names.get(first.capitalize())

    def is_given_name(self, word: str) -> bool:
        return word[:1].isupper() and (word in self.given_names or word.capitalize() in self.given_names)

    def is_clear_given_name(self, word: str) -> bool:
        """A given name that is not also an ordinary word ("An", "Will", "May")."""
        return self.is_given_name(word) and word.lower() not in self.common_words

    def is_surname(self, word: str) -> bool:
        return word[:1].isupper() and word.capitalize() in self.surnames


@cache
def pattern_keywords() -> frozenset[str]:
    """The plain words the patterns and cue lists are made of."""
    import re

    words: set[str] = set()
    for name in ("relations.json", "typing.json"):
        for spec in json.loads((DATA / name).read_text(encoding="utf-8")):
            text = re.sub(r"\{[^}]*\}", " ", spec["pattern"])
            words.update(w for w in re.findall(r"[a-z]+", text))
    cues = json.loads((DATA / "cues.json").read_text(encoding="utf-8"))
    for phrases in cues["anaphora"].values():
        for phrase in phrases:
            words.update(phrase.split())
    return frozenset(words)


@cache
def lexicons() -> Lexicons:
    given = {}
    for fname in ("given_names.tsv", "given_names_extra.tsv"):
        for line in _lines(fname):
            name, _, gender = line.partition("\t")
            given.setdefault(name, gender or "u")
    orgs: dict[str, OrgEntry] = {}
    path = DATA / "organizations.json"
    if path.exists():
        for category, entries in json.loads(path.read_text(encoding="utf-8")).items():
            for e in entries:
                entry = OrgEntry(e["label"], category, bool(e.get("ambiguous")))
                for form in [e["label"], *e.get("aliases", [])]:
                    orgs.setdefault(form, entry)
                    orgs.setdefault(form.replace("'", "’"), entry)
    return Lexicons(
        given_names=given,
        common_words=frozenset(_lines("common_words.txt")),
        surnames=frozenset(_lines("surnames.txt")),
        places=frozenset(p.lower() for p in _lines("places.txt")),
        non_entities=frozenset(p.lower() for p in _lines("non_entities.txt")),
        organizations=orgs,
        cues=json.loads((DATA / "cues.json").read_text(encoding="utf-8")),
    )


@cache
def network_words(ambiguous: bool = False) -> frozenset[str]:
    """Known networks and streamers named by one word ("hulu", "itv"), lower-cased: "the Hulu
    adaptation" is the screen one. With `ambiguous`, also those that are ordinary words too
    ("Peacock", "Fox"), for places where only a name can stand."""
    return frozenset(form.lower() for form, e in lexicons().organizations.items()
                     if e.category == "networks" and (ambiguous or not e.ambiguous) and " " not in form)
