"""Kinship questions: the gender a kinship word asks for ("sister", "sons"), the gender the evidence
gives a character, the words of the question's kinship phrase, and which of two names a kinship
question is about ("the father of June's daughter Nichole" is about Nichole)."""

from __future__ import annotations

import re
from collections import defaultdict

from rdflib import URIRef

from kg.ask.context import Ctx, entity_sentences, evidence_rows, fact_variants, join
from kg.ask.intents import load_data, rules
from kg.ask.model import Mention, Parsed
from kg.text import fold, label_key

__all__ = ["KIN_ADJECTIVES", "asked_gender", "filter_gender", "focus", "kin_word"]


def gender_words():
    g = load_data("words.json")["gender"]
    pronouns = {"she", "her", "hers", "herself", "he", "him", "his", "himself"}
    return ({w for w in g["female"] if w not in pronouns}, {w for w in g["male"] if w not in pronouns})


def asked_gender(ctx: Ctx) -> str | None:
    female, male = gender_words()
    kin = set(load_data("words.json")["kin_words"])
    for cue in ctx.parsed.cues:
        if cue.name in ("SIBLING", "PARENT", "CHILD", "ROMANTIC"):
            w = cue.text.lower()
            if w in kin:
                return "female" if w in female else "male" if w in male else None
    return None


_TOKEN = re.compile(r"'s\b|\w+|[,;:()]")
KIN_ADJECTIVES = {"eldest", "elder", "older", "oldest", "younger", "youngest", "little", "big", "baby", "twin",
                  "half", "step", "adoptive", "adopted", "foster", "late", "estranged", "beloved", "own", "new",
                  "former", "ex", "long", "lost", "secret", "only", "first", "second", "third", "real", "biological"}
_POSSESSORS = {"her", "his", "their", "the", "a", "an", "its"}
_COPULAS = {"is", "was"}
_NOUNS = {"woman", "man", "girl", "boy", "lady"}  # gendered, but before a name they head a clause


def _tokens(text: str) -> tuple[list[str], list[bool]]:
    """The sentence's words, lower-cased, and which of them were capitalised (names)."""
    raw = _TOKEN.findall(text.replace("\u2019", "'").replace("\u2018", "'"))
    return [fold(t.lower()) for t in raw], [t[:1].isupper() for t in raw]


def _kin_before(toks: list[str], caps: list[bool], i: int, words: dict) -> str | None:
    """ "her sister Bette", "Delia's eldest brother, Anthony", "Harry's daughter is Debra", "his sons
    Robb and Bran": a kinship word just before a name (a plural one before a list of names)."""
    j = i - 1
    while j >= 0 and (toks[j] == "," or toks[j] in KIN_ADJECTIVES):
        j -= 1
    if j >= 1 and toks[j] in _COPULAS:
        j -= 1
    if j >= 0 and toks[j] in words and toks[j] not in _NOUNS:  # not "the woman Richard loved"
        return words[toks[j]]
    j, steps = i - 1, 0  # back over the other names of a list: "sons Robb, Jon and Bran"
    while j >= 0 and steps < 8 and (toks[j] in (",", "and") or caps[j]):
        j, steps = j - 1, steps + 1
    if steps and j >= 0 and toks[j].endswith("s") and toks[j] in words:
        return words[toks[j]]
    return None


def _kin_after(toks: list[str], end: int, words: dict) -> str | None:
    """ "Bette, her sister," / "Bette (Delia's sister)" / "Bette is Delia's sister" / "Nell Crane
    (Mia Wood), Edith's foster sister": apposition or copula, after an actor in brackets."""
    j = end
    if j < len(toks) and toks[j] == "(" and ")" in toks[j:j + 8]:  # "(Mia Wood)," first
        close = toks.index(")", j)
        if close + 1 < len(toks) and toks[close + 1] == ",":
            j = close + 1
    if j >= len(toks) or toks[j] not in (",", "(", "is", "was"):
        return None
    j += 1
    for _ in range(3):  # a possessor: her / his / the / Delia 's
        if j < len(toks) and toks[j] in _POSSESSORS:
            j += 1
        elif j + 1 < len(toks) and toks[j + 1] == "'s":
            j += 2
        else:
            break
    while j < len(toks) and toks[j] in KIN_ADJECTIVES:
        j += 1
    return words.get(toks[j]) if j < len(toks) else None


def _gender_of(ctx: Ctx, entity: URIRef, sentences: list[str]) -> set[str]:
    """Genders the evidence gives `entity`: a title in its name ("Queen Ottilie") or a kinship word
    attached to its name in a sentence ("her sister Bette", "Anthony, her eldest brother")."""
    female, male = gender_words()
    words = {w: "female" for w in female} | {w: "male" for w in male}
    e = ctx.index.get(entity)
    names = [ctx.label(entity)] + (list(e.aliases) if e else [])
    forms = set()
    for n in names:
        parts = fold(label_key(n)).split()
        if parts and parts[0] in words and len(parts) > 1:
            return {words[parts[0]]}
        if parts:
            forms.add(tuple(parts))
            forms.add((parts[0],))
    found = set()
    for text in sentences:
        toks, caps = _tokens(text)
        for form in forms:
            k = len(form)
            for i in range(len(toks) - k + 1):
                if tuple(toks[i:i + k]) != form or not caps[i]:  # a name, not "after Roderick's death"
                    continue
                for g in (_kin_before(toks, caps, i, words), _kin_after(toks, i + k, words)):
                    if g:
                        found.add(g)
    return found


def _given_name_gender(ctx: Ctx, entity: URIRef) -> set[str]:
    """The usual gender of the name's given name ("Lydia Ferris"), when the evidence says nothing:
    the extractors' lexicon of given names, not for names that are also ordinary words ("Desire")."""
    try:
        from extractors.lexicons import lexicons

        lex = lexicons()
        first = fold(ctx.label(entity)).split()[0] if ctx.label(entity).strip() else ""
        if not first or not lex.is_clear_given_name(first):
            return set()
        usual = {"f": "female", "m": "male"}.get(lex.gender(first) or "")
        return {usual} if usual else set()
    except (ImportError, AttributeError, OSError, ValueError):  # no lexicons in this install
        return set()


def filter_gender(ctx: Ctx, results: dict) -> None:
    """Keep the answers of the gender the kinship word asks for ("sons", "sister"): the evidence of
    the answer's own facts first, else of any fact about the answer, says which gender it is."""
    gender = asked_gender(ctx)
    if gender is None:
        return
    for key, found in results.items():
        if len(found) < 1:
            continue
        facts = [f for fs in found.values() for f in fs]
        rows = evidence_rows(ctx, facts)
        by_answer: dict = defaultdict(list)
        for a, fs in found.items():
            variants = {v for f in fs for v in fact_variants(*f)}
            by_answer[a] = [str(r["sentence"]) for r in rows if (r["s"], r["p"], r["o"]) in variants]
        genders = {a: _gender_of(ctx, a, sents) for a, sents in by_answer.items()}
        unknown = [a for a, g in genders.items() if not g]
        if unknown:
            more = entity_sentences(ctx, unknown)
            for a in unknown:
                genders[a] = _gender_of(ctx, a, [t for t, _ in more.get(a, [])])
                if not genders[a] and (by_name := _given_name_gender(ctx, a)):
                    genders[a] = by_name
                    ctx.ans.notes.append(f"took {ctx.label(a)} to be a {'woman' if 'female' in by_name else 'man'} "
                                         "by the given name (the evidence does not say)")
        positive = [a for a, g in genders.items() if gender in g]
        if positive:
            keep = positive
        else:
            keep = [a for a, g in genders.items() if not g or gender in g]
        dropped = [a for a in found if a not in keep]
        for a in dropped:
            del found[a]
        if dropped:
            ctx.ans.notes.append(
                f"left out {join([ctx.label(a) for a in dropped])}: the evidence does not make them a "
                f"{'woman' if gender == 'female' else 'man'}")


_KIN_CUES = ("SIBLING", "PARENT", "CHILD", "ROMANTIC")


def focus(parsed: Parsed) -> None:
    """ "Who is the father of June's daughter Nichole?": a name that only says whose kin the next
    name is (NAME 's [adjectives] KINSHIP-WORD NAME) is not what the question is about, nor is its
    kinship word what it asks, when the question asks something else ("the father of", "who plays").
    Drops both from `parsed`."""
    kin = set(load_data("words.json")["kin_words"]) | {"child", "children", "kid", "kids", "sibling", "siblings",
                                                       "twin", "parent", "parents", "partner"}
    starts = {m.start for m in parsed.mentions}
    low = parsed.lower
    described: dict[int, Mention] = {}  # position of the kinship word -> the name before it
    for m in parsed.mentions:
        j = m.end
        if j < len(low) and low[j] in ("'s", "'"):
            j += 1
            while j < len(low) and low[j] in KIN_ADJECTIVES:
                j += 1
            if j + 1 < len(low) and low[j] in kin and j + 1 in starts:
                described[j] = m
    if not described:
        return
    inside = [c for c in parsed.cues if c.name in _KIN_CUES and any(c.start <= j < c.end for j in described)]
    drop = {id(m) for m in described.values()}
    rest = Parsed(parsed.question, parsed.tokens, parsed.lower, [c for c in parsed.cues if c not in inside],
                  parsed.season, parsed.season_span, [m for m in parsed.mentions if id(m) not in drop], parsed.runs)
    if any(rule.matches(rest) for rule in rules()):  # the question asks something else of the name after
        parsed.cues, parsed.mentions = rest.cues, rest.mentions


def kin_word(ctx: Ctx) -> str | None:
    """The kinship words the question used ("sister", "twin brother", "parents")."""
    cues = sorted((c for c in ctx.parsed.cues if c.name in ("SIBLING", "PARENT", "CHILD")), key=lambda c: c.start)
    if not cues:
        return None
    start, end = cues[0].start, cues[0].end
    for c in cues[1:]:
        if c.start == end:
            end = c.end
    if start > 0 and ctx.parsed.lower[start - 1] in KIN_ADJECTIVES:
        start -= 1
    return " ".join(ctx.parsed.lower[start:end])

