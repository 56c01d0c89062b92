"""Token-level pieces the frame readers share: the Frame record, the lexicon, and the small
walks over a parse (objects of a preposition, conjuncts, names listed in parentheses).

The lexicon is data (`data/frames.json`): lemma sets, and lemma maps such as `harm_acts`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Token

from extractors.doc_model import DEFINED_TITLE, sentence_at, text_of
from extractors.lexicons import DATA

SUBJECTS = ("nsubj", "nsubjpass", "csubj")
OBJECTS = ("dobj", "obj", "pobj", "attr", "oprd")
CLAUSE_UP = ("xcomp", "ccomp", "auxpass", "aux")  # a verb whose hedges and negations also bind this one


@dataclass(frozen=True)
class Frame:
    predicate: str  # lore predicate, "made_by" (author or creator) or "isa"
    subject: int  # token index
    object: int | str  # token index, or the class of an "isa" frame
    rule: str
    hedged: bool = False
    verb: str = ""  # the lemma that carried the frame


def read_lexicon(data: dict) -> dict:
    """The lemma sets (and lemma maps) of a frames.json document; keys starting with "_" are
    comments."""
    return {k: dict(v) if isinstance(v, dict) else frozenset(v) for k, v in data.items() if not k.startswith("_")}


@lru_cache(maxsize=1)
def lexicon() -> dict:
    """The package's own lexicon (data/frames.json)."""
    return read_lexicon(json.loads((DATA / "frames.json").read_text(encoding="utf-8")))


@lru_cache(maxsize=1)
def _hyphenated() -> frozenset:
    """The lexicon's hyphenated words ("follow-up", "co-creator", "half-sister"): the tokenizer
    splits them at the hyphen, so their last piece's lemma alone would miss them."""
    out = set()
    for v in lexicon().values():
        out.update(w for w in v if isinstance(w, str) and "-" in w)
    return frozenset(out)


def lemma(tok: Token) -> str:
    """The lemma, lower-cased; for the last piece of a hyphenated lexicon word ("follow - up")
    the whole word."""
    lem = (tok.lemma_ or tok.text).lower()
    i, doc = tok.i, tok.doc
    if i >= 2 and doc[i - 1].text == "-" and not doc[i - 1].whitespace_ and not doc[i - 2].whitespace_:
        joined = f"{doc[i - 2].lower_}-{lem}"
        if joined in _hyphenated():
            return joined
    return lem


def misattached_subject(noun: Token) -> bool:
    """"Written by A, the episode aired ...": the small parser hangs the clause's subject on A as
    an apposition; A is then no episode."""
    head = noun.head
    if head.dep_ == "ROOT" and head.tag_ == "VBN" and head.i == head.sent.start:
        return True  # "Created by A, the drama premiered ...": hung on the participle itself
    if head.dep_ in ("nsubj", "nsubjpass") and noun.i + 1 == head.head.i and noun.i > head.i:
        # "Created by A and hosted by B, the show invites ...": B made the clause's subject
        start, _ = sentence_at(head.doc, head.idx)  # (cached bounds: Token.sent walks the sentence)
        opener = head.doc.char_span(start, start + 1, alignment_mode="expand")
        if opener is not None and opener[0].tag_ == "VBN" and opener[0].i < head.i:
            return True
    return head.dep_ == "pobj" and head.head.dep_ == "agent" and head.head.head.dep_ == "ROOT" and \
        head.head.head.tag_ == "VBN" and head.head.head.i == head.sent.start


MAX_NAME_TOKENS = 8


def in_brackets(tok: Token) -> bool:
    """A name that opens right after "(" (the actor in "Tom (Kit Oduya)")."""
    if tok.pos_ != "PROPN":
        return False
    doc, j = tok.doc, tok.i - 1
    while j >= max(0, tok.i - MAX_NAME_TOKENS) and (doc[j].pos_ == "PROPN" or doc[j].text in (".", "-")):
        j -= 1  # (a name is a few words: a long capitalised run is no name to walk back over)
    return j >= 0 and doc[j].text == "("


def possessors(tok: Token) -> list[Token]:
    """The possessive owners of a noun; for a hyphenated word ("Otto's ex-wife") the parser may
    hang the owner on its first piece."""
    out = [c for c in tok.children if c.dep_ == "poss"]
    if not out and "-" in lemma(tok):
        out = [c for c in tok.doc[tok.i - 2].children if c.dep_ == "poss"]
    return out


def title_opening(tok: Token) -> int:
    """The index of the first token after the title that `tok`'s sentence opens by defining
    ("Are You There, Mr Fox? is a novel": "is"), else the sentence's first token. The words of
    such a title are a name, not a clause: no verb in it acts and no "not" in it negates. (Found
    from the cached sentence bounds: `Token.sent` walks the whole sentence each time.)"""
    doc = tok.doc
    start, _ = sentence_at(doc, tok.idx)
    cache = doc.user_data.setdefault("lore_title_openings", {})
    if start not in cache:
        first = doc.char_span(start, start + 1, alignment_mode="expand")
        cache[start] = first.start if first is not None else tok.i
        m = DEFINED_TITLE.match(text_of(doc), start)
        if m:
            title = doc.char_span(start, m.end(1))
            if title is not None:
                cache[start] = title.end
    return cache[start]


def fronted_title(verb: Token) -> list[Token]:
    """"Across the Black Sea is a novel": a title that opens with a preposition, which the
    parser reads as a fronted phrase, leaving the verb without a subject. The capitalised
    preposition before a subjectless verb, heading a proper name, stands for the subject.
    Likewise a question defined as a title ("Are You There, Mr Fox? is a novel"), which the
    parser reads as a clause of its own: its first word stands for it."""
    if any(c.dep_ in SUBJECTS for c in verb.children):
        return []
    if title_opening(verb) == verb.i:
        start, _ = sentence_at(verb.doc, verb.idx)
        return [verb.doc.char_span(start, start + 1, alignment_mode="expand")[0]]
    for c in verb.children:
        if c.i >= verb.i:
            break
        if c.dep_ == "prep" and c.text[:1].isupper() and any(o.dep_ == "pobj" and o.pos_ == "PROPN" for o in c.children):
            return [c]
    return []


def with_conjuncts(toks: list[Token]) -> list[Token]:
    out: list[Token] = []
    for t in toks:
        for x in (t, *t.conjuncts, *listed_after(t)):
            if x not in out:
                out.append(x)
    return out


def listed_after(tok: Token) -> list[Token]:
    """Names listed after a name in parentheses, read from the tokens: "A (x), B (y) and C (z)"
    is a list the small parser loses once parentheses interrupt it. Each listed name must carry
    its own parentheses too, so "A (x), and B plays C" lists nothing."""
    doc, out, j = tok.doc, [], tok.i + 1
    if tok.pos_ != "PROPN" or j >= len(doc) or doc[j].text != "(":
        return out
    while j < len(doc) and doc[j].text == "(":
        close = next((k for k in range(j + 1, min(len(doc), j + 10)) if doc[k].text == ")"), None)
        if close is None:
            return out
        k = close + 1
        while k < len(doc) and doc[k].lower_ in (",", "and", "or"):
            k += 1
        if k == close + 1 or k >= len(doc) or doc[k].pos_ != "PROPN":
            return out
        while k + 1 < len(doc) and doc[k + 1].pos_ == "PROPN":  # to the last word of the name
            k += 1
        if k + 1 >= len(doc) or doc[k + 1].text != "(":
            return out
        out.append(doc[k])
        j = k + 1
    return out


def children_of(tok: Token, *deps: str) -> list[Token]:
    return [c for c in tok.children if c.dep_ in deps]


def prep_objects(tok: Token, *preps: str) -> list[Token]:
    out = []
    for p in tok.children:
        if p.dep_ in ("prep", "agent") and lemma(p) in preps:
            # (a capitalised clause is a title the parser read as one: "by It Can't Rain Forever")
            out += [o for o in p.children if o.dep_ == "pobj" or o.dep_ == "pcomp" and o.text[:1].isupper()]
            # "by B and then by C": the parser hangs the second "by" on the first or on the verb
            out += [o for c in p.conjuncts if lemma(c) in preps for o in c.children if o.dep_ == "pobj"]
        elif p.dep_ == "conj" and p.pos_ == "ADP" and lemma(p) in preps and \
                any(c.dep_ in ("prep", "agent") and lemma(c) in preps for c in tok.children):
            out += [o for o in p.children if o.dep_ == "pobj"]
    return list(dict.fromkeys(out))


def parenthesised_name(tok: Token) -> Token | None:
    """The last proper noun inside "( ... )" right after the name `tok` ends, read from the
    tokens (the small parser often attaches such parentheses anywhere); None unless the
    parentheses hold only a name ("(2002)", "(the one who ...)")."""
    doc = tok.doc
    if tok.i + 2 >= len(doc) or doc[tok.i + 1].text != "(":
        return None
    end = next((j for j in range(tok.i + 2, min(len(doc), tok.i + 9)) if doc[j].text == ")"), None)
    if end is None or end == tok.i + 2:
        return None
    inner = doc[tok.i + 2:end]
    if not all(t.pos_ == "PROPN" or t.text in (".", "-") for t in inner):
        return None
    return [t for t in inner if t.pos_ == "PROPN"][-1] if any(t.pos_ == "PROPN" for t in inner) else None


def kin_of(lem: str, lex) -> str | None:
    for key, pred in (("sibling_nouns", "sibling"), ("parent_nouns", "parent"), ("child_nouns", "child"),
                      ("romantic_nouns", "romantic")):
        if lem in lex[key]:
            return pred
    return None


def kin_frame(kin: str, owner: int, target: int, h: bool) -> Frame:
    """"O's mother T": parent(T, O); "O's son T": parent(O, T); sister, husband: symmetric."""
    if kin == "parent":
        return Frame("parent", target, owner, "kin_parent", h)
    if kin == "child":
        return Frame("parent", owner, target, "kin_child", h)
    return Frame(kin, owner, target, f"kin_{kin}", h)


_NEW_SHOW_WORDS = {"prequel", "sequel", "spin-off", "spinoff", "companion", "anthology", "limited"}


def is_later_season(noun: Token) -> bool:
    """"a second season", "season 3", "another series", "a new season": not the first. A series
    with a name of its own or of a kind ("a prequel series, X", "a spin-off series") is a new show."""
    if any(c.dep_ == "appos" and c.pos_ == "PROPN" or c.lower_ in _NEW_SHOW_WORDS for c in noun.children):
        return False
    for c in noun.children:
        if c.dep_ in ("amod", "nummod", "det") and c.lower_ not in ("first", "1", "one", "the", "a", "an", "its", "this"):
            return True
    return False


def name_heads(toks: list[Token]) -> list[Token]:
    """The proper-noun heads among argument tokens, each once, in text order."""
    return sorted({t.i: t for t in toks if t.pos_ == "PROPN" and t.dep_ not in ("compound", "flat")}.values(),
                  key=lambda t: t.i)
