"""Evidence about names beyond the rule patterns: the trained NER's labels, quoted nicknames, the
dependency frames' votes (extractors/frames.py), a company's name that ends before "of" and a
place, and the page's site name. Where titles begin and end is extractors/title_spans.py. Used
by `lore_entities` (extractors/entities.py)."""

from __future__ import annotations

import re
from collections.abc import Callable
from bisect import bisect_left, bisect_right
from dataclasses import replace

from spacy.tokens import Doc

from extractors.candidates import Candidate, is_capitalised
from extractors.doc_model import ORG, PERSON, block_kind_at, text_of
from extractors.frames import UNTYPED_RULES, FrameReader, role_classes
from kg.text import name_key

PLACE = "PLACE"  # a typing vote that a name is a place, which the graph does not hold


# What a trained pipeline's NER labels say about a name (en_core_web_* label scheme). The NER cannot
# tell a character from a real person and often calls a title a person or a place, so its label
# decides only a name that no context of the article types (see `decide` in extractors/entity_typing.py).
_MODEL_KINDS = {"PERSON": PERSON, "ORG": ORG, "GPE": PLACE, "LOC": PLACE, "FAC": PLACE}
_MODEL_DROPS = {"NORP", "LANGUAGE"}  # "the Indian writer": an adjective, never one of our names


def _without_prefix(c: Candidate, dropped: list[tuple[int, int]], persons: set[int],
                    is_given_name: Callable[[str], bool]) -> Candidate:
    """"Jamaican Paul Morant": a nationality before a name is no part of it, when what follows
    is a whole name by itself (the model's person, or a given name first); the model's
    nationality on a given name ("Annelise Dorn") is a slip."""
    for s, e in dropped:
        rest = c.text[e - c.start + 1:]
        # "Siege and Storm" (the model's NORP on a title word) keeps its "and"
        if s == c.start and e < c.end and c.text[e - c.start:e - c.start + 1] == " " and rest[:1].isupper() and (
                e + 1 in persons or is_given_name(rest.split()[0]) or not is_given_name(c.text[:e - c.start])):
            trimmed = Candidate(e + 1, c.end, c.text[e - c.start + 1:], c.block, False, c.org, c.org_ambiguous, c.weak)
            trimmed.votes, trimmed.model_kind = c.votes, c.model_kind
            return trimmed
    return c


def with_model_entities(doc: Doc, cands: list[Candidate], is_given_name: Callable[[str], bool]) -> list[Candidate]:
    """Mark candidates with the trained NER's label, and add the names it found that no
    capitalisation rule caught."""
    if not doc.ents:
        return cands
    dropped = [(e.start_char, e.end_char) for e in doc.ents if e.label_ in _MODEL_DROPS]
    persons = {e.start_char for e in doc.ents if e.label_ == "PERSON"}
    # a known network stays whatever the model calls it ("a Starz drama" reads as a nationality)
    out = [_without_prefix(c, dropped, persons, is_given_name) for c in cands
           if (c.org and not c.org_ambiguous) or not any(s <= c.start and c.end <= e for s, e in dropped)]
    for ent in doc.ents:
        kind = _MODEL_KINDS.get(ent.label_)
        if kind is None:
            continue
        same = [c for c in out if c.start == ent.start_char and c.end == ent.end_char]
        if same:
            same[0].model_kind = kind
            continue
        block = block_kind_at(doc, ent.start_char)
        if kind == PLACE or block != "body" or not is_capitalised(ent.text) or " - " in ent.text or any(
                c.start < ent.end_char and ent.start_char < c.end for c in out):
            continue  # overlaps one of ours: the rules decide the span
        c = Candidate(ent.start_char, ent.end_char, ent.text, block, False)
        c.model_kind = kind
        out.append(c)
    return sorted(out, key=lambda c: c.start)


# 'Walter "Wally" Penrose': a given name, a quoted nickname and a surname are one name
_NICKNAME = re.compile(r'(?<![\w"“‘])([A-Z][\w.’-]*(?: [A-Z][\w.’-]*)?) ["“‘]([A-Z][\w.’ -]{0,24}?)["”’] '
                       r"([A-Z][\w’-]+(?: [A-Z][\w’-]+)?)")
_QUOTED = re.compile(r' ["“‘][^"”’]{1,26}["”’](?= )')


def without_nickname(name: str) -> str:
    return _QUOTED.sub("", name)


def nickname_of(name: str) -> str | None:
    m = _QUOTED.search(name)
    return m.group(0).strip(' "“”‘’') if m else None


def join_nicknames(doc: Doc, cands: list[Candidate]) -> list[Candidate]:
    """One candidate for 'Walter "Wally" Penrose' where the rules found the name's first and
    last parts as candidates of their own."""
    text = text_of(doc)
    out = cands
    for m in _NICKNAME.finditer(text):
        if not any(c.start == m.start() for c in out) or not any(c.end == m.end() for c in out):
            continue
        inside = [c for c in out if m.start() <= c.start and c.end <= m.end()]
        if any(c.start < m.end() and m.start() < c.end for c in out if c not in inside):
            continue
        joined = Candidate(m.start(), m.end(), m.group(0), inside[0].block, inside[0].sent_start)
        joined.model_kind = next((c.model_kind for c in inside if c.model_kind), None)
        out = sorted([c for c in out if c not in inside] + [joined], key=lambda c: c.start)
    return out


FRAME_ISA_WEIGHT = 2.0  # "X is a novel", "the novelist X": as strong as a typing pattern and a half
FRAME_ROLE_WEIGHT = 0.8  # the role a name plays in a frame ("A plays C": C a character)
FRAME_PAIR_WEIGHT = 1.0  # "Name (Name)": usually "Character (Actor)", outweighing a name's person shape


def vote_frames(doc: Doc, cands: list[Candidate], reader: FrameReader, blocks: tuple[str, ...]) -> None:
    """Typing votes from the dependency parse (extractors/frames.py), in sentences of `blocks`."""
    starts = [c.start for c in cands]
    def cand_of(i: int) -> Candidate | None:
        tok = doc[i]
        k = bisect_right(starts, tok.idx) - 1
        if k >= 0 and cands[k].start <= tok.idx < cands[k].end:
            return cands[k]
        return None
    for sent in doc.sents:
        if block_kind_at(doc, sent.start_char) not in blocks:
            continue
        k = bisect_left(starts, sent.start_char)
        if k == len(starts) or starts[k] >= sent.end_char:
            continue  # no name to type (its frames are read later if the sentence holds a mention)
        for f in reader.find(sent):
            if f.hedged:  # "X is not a novel" types nothing
                continue
            if f.predicate == "isa":
                c = cand_of(f.subject)
                if c is not None and (not c.org or c.org_ambiguous):
                    c.vote(f.object, FRAME_ISA_WEIGHT)
                continue
            if f.rule in UNTYPED_RULES:
                continue
            weight = FRAME_PAIR_WEIGHT if f.predicate == "name_pair" else FRAME_ROLE_WEIGHT
            for i, kind in zip((f.subject, f.object), role_classes(f)):
                c = cand_of(i) if kind else None
                if c is not None and (not c.org or c.org_ambiguous):  # as the typing patterns vote
                    c.vote(kind, weight)


def without_place_of_company(doc: Doc, cands: list[Candidate], suffixes) -> list[Candidate]:
    """"Cedar & Vine Press of Grand Rapids", "the Lakeshore Syndicate of Milwaukee": a company's
    name ends at its suffix word when a place the NER knows follows "of"."""
    places = {e.start_char for e in doc.ents if e.label_ in ("GPE", "LOC")}
    out = []
    for c in cands:
        head, sep, tail = c.text.rpartition(" of ")
        if sep and not c.org and head.split()[-1].lower().rstrip(".") in suffixes and \
                c.start + len(head) + len(sep) in places:
            c = replace(c, end=c.start + len(head), text=head, votes=dict(c.votes))
        out.append(c)
    return out


def mark_site_names(doc: Doc, cands: list[Candidate]) -> list[Candidate]:
    """Every candidate that names the page's publication, however written or trimmed
    ("Author The Couch Dispatch avatar"), is that organisation."""
    site = (doc.user_data.get("lore_site") or "").strip()
    key = name_key(site) if site else None
    for c in cands:
        if key and not c.org and name_key(c.text) == key:
            c.org = site
    return cands
