"""What the article is about: its main show (named in its title, else the most mentioned show),
the book it is about, and the shows it names only in passing in an article about another."""

from __future__ import annotations

from collections import Counter

from spacy.tokens import Doc

from extractors.doc_model import BOOK, SHOW, LoreEntity, LoreMention, block_kind_at


def main_show(doc: Doc, ents: list[LoreEntity], mentions: list[LoreMention]) -> int | None:
    """The show the article is about: named in its title, else the most mentioned show, among
    the shows with typing evidence when there are any."""
    found = _most_named(doc, ents, mentions, SHOW, title_weight=3, confident_only=True)
    return found if found is not None else _most_named(doc, ents, mentions, SHOW, title_weight=3)


def topic_book(doc: Doc, ents, mentions) -> int | None:
    """The book the article is about: named in its title, else named most (the first of equals)."""
    return _most_named(doc, ents, mentions, BOOK, title_weight=100)


def named_in_passing(ents: list[LoreEntity], mentions: list[LoreMention], main: int | None) -> set[int]:
    """Shows named once by name in an article clearly about another show ("creator of The
    Shield"): a credit, not where the article's characters or "the show" belong."""
    if main is None:
        return set()
    named = Counter(m.entity for m in mentions if m.kind == "name" and ents[m.entity].type == SHOW)
    if named[main] < 2 or any(n >= named[main] for e, n in named.items() if e != main):
        return set()  # a roundup, or no show the article is clearly about
    return {e for e, n in named.items() if e != main}


def _most_named(doc: Doc, ents: list[LoreEntity], mentions: list[LoreMention], kind: str, *,
                title_weight: int, confident_only: bool = False) -> int | None:
    """The entity of `kind` named most often (a name in the title counts `title_weight`), the
    one mentioned first among equals; only those with typing evidence if `confident_only`."""
    counts: Counter = Counter()
    for m in mentions:
        e = ents[m.entity]
        if e.type == kind and m.kind == "name" and (e.confidence > 0.5 or not confident_only):
            counts[m.entity] += title_weight if block_kind_at(doc, m.start) == "title" else 1
    if not counts:
        return None
    top = max(counts.values())
    first: dict[int, int] = {}
    for m in mentions:
        if counts.get(m.entity) == top:
            first.setdefault(m.entity, m.start)
    return min(first, key=first.get)
