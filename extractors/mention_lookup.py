"""Lookups over the entities and mentions found so far, for the rules that resolve a mention or
add one: whether a span is taken, whether a name follows a phrase, the entity of a class named
last before a place (in its section), the subject of the sentence before, where a section starts,
and the entity of a class and label (added when there is none)."""

from __future__ import annotations

import re

from spacy.tokens import Doc

from extractors.doc_model import LoreEntity
from kg.text import name_key


def taken(mentions, start, end) -> bool:
    return any(m.start < end and start < m.end for m in mentions)


def name_follows(mentions, end: int, text: str) -> bool:
    gap = re.match(r"[\s,:]*", text[end:end + 4]).end()
    return any(m.start == end + gap and m.kind == "name" for m in mentions)


def nearest(ents, mentions, pos: int, kind: str, doc: Doc, confident: bool = False, since: int = 0) -> int | None:
    """The entity of `kind` mentioned last before `pos` (and after `since`; with typing
    evidence, if `confident`)."""
    best = None
    for m in mentions:
        if since <= m.start and m.end <= pos and ents[m.entity].type == kind and (best is None or m.start > best.start):
            if confident and ents[m.entity].confidence <= 0.5:
                continue
            best = m
    return best.entity if best else None


def find_or_add(ents: list[LoreEntity], kind: str, label: str) -> int:
    key = name_key(label)
    for e in ents:
        if e.type == kind and name_key(e.label) == key:
            return e.id
    ents.append(LoreEntity(len(ents), kind, label, confidence=0.8))
    return ents[-1].id


def section_start(doc: Doc, char: int) -> int:
    """Where the section holding `char` starts: its heading (or the title), else the article."""
    start = 0
    for b_start, _, kind in doc._.lore_blocks or []:
        if b_start > char:
            break
        if kind in ("heading", "title"):
            start = b_start
    return start


def previous_subject(doc: Doc, ents, mentions, tok, kinds: tuple[str, ...]) -> int | None:
    """The entity, of one of `kinds`, that is the subject of the sentence before `tok`'s: "X is
    episode six of Y. It premiered on N": X, though Y was named last."""
    # (Token.sent walks the whole Doc: the sentences are found from their starts instead)
    start = tok.i
    while start > 0 and not doc[start].is_sent_start:
        start -= 1
    if not doc.has_annotation("DEP") or start == 0:
        return None
    first = start - 1
    while first > 0 and not doc[first].is_sent_start:
        first -= 1
    before = doc[first:start]
    subject = next((t for t in before if t.dep_ in ("nsubj", "nsubjpass", "csubj") and t.head.dep_ == "ROOT"), None)
    if subject is None:
        return None
    for m in mentions:
        if m.start <= subject.idx < m.end and ents[m.entity].type in kinds:
            return m.entity
    return None
