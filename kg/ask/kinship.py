"""Kinship questions: the gender a kinship word asks for ("sister", "sons"), the answers of that
gender (schema:gender, stated at ingest), the words of the question's kinship phrase, and which of
two names a kinship question is about ("the father of June's daughter Nichole" is about Nichole)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from kg.ask import queries as Q
from kg.ask.context import Ctx, evidence_rows, fact_variants, join
from kg.ask.parser import load_data
from kg.ask.model import Mention, Parsed
from kg.vocab import SCHEMA

__all__ = ["asked_gender", "filter_gender", "focus", "kin_adjectives", "kin_word"]


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


def kin_adjectives() -> frozenset[str]:
    return frozenset(load_data("words.json")["kin_adjectives"])


@dataclass
class _Genders:
    """What the graph says of one entity's gender: stated (sentence -> genders) and inferred."""

    stated: dict[str | None, set[str]] = field(default_factory=dict)
    inferred: set[str] = field(default_factory=set)


_GENDER_NAMES = {SCHEMA.Female: "female", SCHEMA.Male: "male"}


def _stored_genders(ctx: Ctx, entities) -> dict:
    """{entity: _Genders} from the schema:gender statements of the graph (extracted at ingest)."""
    out: dict = defaultdict(_Genders)
    res = ctx.run(Q.genders_query(sorted(entities)), key="x", main=False)
    for row in res.dicts():
        gender = _GENDER_NAMES.get(row["gender"])
        if gender is None:
            continue
        inferred = row.get("inferred")
        if inferred is not None and inferred.toPython() is True:
            out[row["x"]].inferred.add(gender)
        else:
            sentence = str(row["sentence"]) if row.get("sentence") is not None else None
            out[row["x"]].stated.setdefault(sentence, set()).add(gender)
    return out


def filter_gender(ctx: Ctx, results: dict) -> None:
    """Keep the answers of the gender the kinship word asks for ("sons", "sister"), as the graph
    states it: what the sentences of the answer's own facts say first, else what any sentence
    says, else (with a note) the usual gender of the given name."""
    gender = asked_gender(ctx)
    if gender is None:
        return
    for key, found in results.items():
        if len(found) < 1:
            continue
        facts = [f for fs in found.values() for f in fs]
        rows = evidence_rows(ctx, facts)
        stored = _stored_genders(ctx, found)
        genders: dict = {}
        for a, fs in found.items():
            variants = {v for f in fs for v in fact_variants(*f)}
            own = {str(r["sentence"]) for r in rows if (r["s"], r["p"], r["o"]) in variants}
            said = stored[a].stated if a in stored else {}
            genders[a] = set().union(*(g for s, g in said.items() if s in own)) or set().union(*said.values())
        for a in [a for a, g in genders.items() if not g]:
            if a in stored and (by_name := stored[a].inferred):
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


def focus(parsed: Parsed, intents) -> None:
    """ "Who is the father of June's daughter Nichole?": a name that only says whose kin the next
    name is (NAME 's [adjectives] KINSHIP-WORD NAME) is not what the question is about, nor is its
    kinship word what it asks, when the question asks something else ("the father of", "who plays").
    Drops both from `parsed`."""
    kin = set(load_data("words.json")["kin_words"]) | {"child", "children", "kid", "kids", "sibling", "siblings",
                                                       "twin", "parent", "parents", "partner"}
    starts = {m.start for m in parsed.mentions}
    low = parsed.lower
    adjectives = kin_adjectives()
    described: dict[int, Mention] = {}  # position of the kinship word -> the name before it
    for m in parsed.mentions:
        j = m.end
        if j < len(low) and low[j] in ("'s", "'"):
            j += 1
            while j < len(low) and low[j] in adjectives:
                j += 1
            if j + 1 < len(low) and low[j] in kin and j + 1 in starts:
                described[j] = m
    if not described:
        return
    inside = [c for c in parsed.cues if c.name in _KIN_CUES and any(c.start <= j < c.end for j in described)]
    drop = {id(m) for m in described.values()}
    rest = Parsed(parsed.question, parsed.tokens, parsed.lower, [c for c in parsed.cues if c not in inside],
                  parsed.season, parsed.season_span, [m for m in parsed.mentions if id(m) not in drop], parsed.runs)
    if intents.matching(rest):  # the question asks something else of the name after
        parsed.cues, parsed.mentions = rest.cues, rest.mentions


def kin_word(ctx: Ctx) -> str | None:
    """The kinship words the question used ("sister", "twin brother", "parents")."""
    cues = sorted((c for c in ctx.parsed.cues if c.name in ("SIBLING", "PARENT", "CHILD")), key=lambda c: c.start)
    if not cues:
        return None
    adjectives = kin_adjectives()
    start, end = cues[0].start, cues[0].end
    for c in cues[1:]:
        if c.start == end:
            end = c.end
    if start > 0 and ctx.parsed.lower[start - 1] in adjectives:
        start -= 1
    return " ".join(ctx.parsed.lower[start:end])

