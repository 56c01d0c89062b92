"""The gender an article gives its people and characters, for kinship questions ("Who is X's
sister?" keeps the answers the text makes women).

What the text says, read from the doc's sentences:
- a title at the head of a name ("Queen Ottilie", "Lord Varrick"): that gender, and nothing else
  is read for the name;
- a kinship word attached to a name: before it ("her sister Bette", "Delia's eldest brother,
  Anthony", "Harry's daughter is Debra", "his sons Robb and Bran": a plural before a list of
  names) or after it ("Bette, her sister,", "Bette (Delia's sister)", "Bette is Delia's sister",
  "Nell (Mia Wood), Edith's foster sister").
When the text says nothing, the usual gender of the name's given name stands in ("Lydia
Ferris"), marked as an inference; not for given names that are also ordinary words ("Desire").

Pronouns are not read: the pronoun resolver picks antecedents by the gender it already assumes
(extractors/pronouns.py), so a resolved "she" is no independent word on it. The word lists are
data (data/gender.json).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from functools import cache

from spacy.tokens import Doc

from extractors.doc_model import sentence_at, text_of
from extractors.lexicons import DATA, lexicons
from kg.extraction import CHARACTER, FEMALE, MALE, PERSON, Evidence, Extraction, EntityKey, Gender
from kg.text import fold, label_key

__all__ = ["GIVEN_NAME", "KIN_WORD", "TITLE", "gender_statements", "genders_of", "sentence_words"]

TITLE, KIN_WORD, GIVEN_NAME = "lore_gender:title", "lore_gender:kin-word", "lore_gender:given-name"
_CONFIDENCE = {TITLE: 0.9, KIN_WORD: 0.8, GIVEN_NAME: 0.6}
_WORD = re.compile(r"\w+")
_KEPT = {",", ";", ":", "(", ")"}


@cache
def _data() -> dict:
    data = json.loads((DATA / "gender.json").read_text(encoding="utf-8"))
    words = {w: FEMALE for w in data["female"]} | {w: MALE for w in data["male"]}
    return {"words": words, **{k: frozenset(v) for k, v in data.items() if k not in ("_comment", "female", "male")}}


def _tokens(sent) -> tuple[list[str], list[bool]]:
    """The sentence's words lower-cased and folded, the possessive 's and the punctuation that
    binds a kinship word to a name kept, and which words were capitalised (names)."""
    toks: list[str] = []
    caps: list[bool] = []
    for t in sent:
        text = t.text.replace("\u2019", "'").replace("\u2018", "'")
        if text.lower() == "'s" or text in _KEPT:
            toks.append(text.lower())
            caps.append(False)
            continue
        for part in _WORD.findall(text):
            toks.append(fold(part.lower()))
            caps.append(part[:1].isupper())
    return toks, caps


def _kin_before(toks: list[str], caps: list[bool], i: int) -> str | None:
    """A kinship word just before the name at `i` (a plural one before a list of names)."""
    d = _data()
    words = d["words"]
    j = i - 1
    while j >= 0 and (toks[j] == "," or toks[j] in d["adjectives"]):
        j -= 1
    if j >= 1 and toks[j] in d["copulas"]:
        j -= 1
    if j >= 0 and toks[j] in words and toks[j] not in d["not_before_names"]:
        return words[toks[j]]
    j, steps = i - 1, 0  # back over the other names of a list: "sons Robb, Jon and Bran"
    while j >= 0 and steps < 8 and (toks[j] in (",", "and") or caps[j]):
        j, steps = j - 1, steps + 1
    if steps and j >= 0 and toks[j].endswith("s") and toks[j] in words:
        return words[toks[j]]
    return None


def _kin_after(toks: list[str], end: int) -> str | None:
    """A kinship word in apposition or after a copula, past an actor in brackets."""
    d = _data()
    j = end
    if j < len(toks) and toks[j] == "(" and ")" in toks[j:j + 8]:  # "(Mia Wood)," first
        close = toks.index(")", j)
        if close + 1 < len(toks) and toks[close + 1] == ",":
            j = close + 1
    if j >= len(toks) or toks[j] not in (",", "(", "is", "was"):
        return None
    j += 1
    for _ in range(3):  # a possessor: her / his / the / Delia 's
        if j < len(toks) and toks[j] in d["possessors"]:
            j += 1
        elif j + 1 < len(toks) and toks[j + 1] == "'s":
            j += 2
        else:
            break
    while j < len(toks) and toks[j] in d["adjectives"]:
        j += 1
    return d["words"].get(toks[j]) if j < len(toks) else None


def _forms(names: Iterable[str]) -> tuple[str | None, set[tuple[str, ...]]]:
    """The gender a title in one of the names gives, and the word sequences that name the entity
    in a sentence (each whole name and its first word)."""
    words = _data()["words"]
    forms: set[tuple[str, ...]] = set()
    for n in names:
        parts = fold(label_key(n)).split()
        if len(parts) > 1 and parts[0] in words:
            return words[parts[0]], set()
        if parts:
            forms.add(tuple(parts))
            forms.add((parts[0],))
    return None, forms


def sentence_words(tokens) -> tuple[list[str], list[bool]]:
    """`_tokens` of any sequence of spaCy tokens (a sentence of the doc, a Doc of its own)."""
    return _tokens(tokens)


def _kin_genders(sentences: list[tuple[list[str], list[bool]]], forms: set[tuple[str, ...]]) -> list[tuple[str, int]]:
    """(gender, sentence index) for every kinship word attached to one of the forms."""
    found = []
    for n, (toks, caps) in enumerate(sentences):
        for form in forms:
            k = len(form)
            for i in range(len(toks) - k + 1):
                if toks[i] != form[0] or tuple(toks[i:i + k]) != form or not caps[i]:  # a name, not "after Rod's death"
                    continue
                for g in (_kin_before(toks, caps, i), _kin_after(toks, i + k)):
                    if g and (g, n) not in found:
                        found.append((g, n))
    return found


def _given_name_gender(label: str) -> str | None:
    lex = lexicons()
    first = fold(label).split()[0] if label.strip() else ""
    if not first or not lex.is_clear_given_name(first):
        return None
    return {"f": FEMALE, "m": MALE}.get(lex.gender(first) or "")


def genders_of(names: list[str], sentences: list[tuple[list[str], list[bool]]]) -> list[tuple[str, int | None, str]]:
    """What the sentences (`sentence_words` of each) say of the gender of the entity called
    `names` (its label first): (gender, index of the sentence that says it, rule). A title in a
    name and the given name's usual gender say it of the name, not in a sentence (None)."""
    titled, forms = _forms(names)
    if titled:
        return [(titled, None, TITLE)]
    said = [(g, n, KIN_WORD) for g, n in _kin_genders(sentences, forms)]
    if said:
        return said
    usual = _given_name_gender(names[0]) if names else None
    return [(usual, None, GIVEN_NAME)] if usual else []


def _first_sentence(doc: Doc, extraction: Extraction, key: EntityKey) -> tuple[int, int] | None:
    """The sentence the entity is first named in (else of its first fact)."""
    starts = [m.start for m in extraction.mentions if m.entity == key]
    if starts:
        return sentence_at(doc, min(starts))
    evs = [f.evidence for f in extraction.facts if key in (f.subject, f.object)]
    return min(((e.start, e.end) for e in evs), default=None)


def _statement(doc: Doc, key: EntityKey, value: str, bounds: tuple[int, int], rule: str) -> Gender:
    sentence = text_of(doc)[bounds[0]:bounds[1]].strip()
    return Gender(key, value, Evidence(sentence, bounds[0], bounds[1], rule, _CONFIDENCE[rule]),
                  inferred=rule == GIVEN_NAME)


def gender_statements(doc: Doc, extraction: Extraction) -> list[Gender]:
    """What the article says of the gender of every person and character it names; a title or a
    given name is stated with the sentence that first names the entity."""
    sents = list(doc.sents)
    words = [sentence_words(sent) for sent in sents]
    out: list[Gender] = []
    for key, entity in extraction.entities.items():
        if key.cls not in (CHARACTER, PERSON):
            continue
        for gender, n, rule in genders_of([key.label, *sorted(entity.aliases)], words):
            bounds = (sents[n].start_char, sents[n].end_char) if n is not None else _first_sentence(doc, extraction, key)
            if bounds is not None:
                out.append(_statement(doc, key, gender, bounds, rule))
    return out
