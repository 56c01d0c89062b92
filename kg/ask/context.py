"""What the handlers of kg.ask share: the question's context (`Ctx`), the chain items, the answer
built from {key: {answer: facts}} (`finish`, `ambiguous`), the evidence sentences of facts, and
answers narrowed to those whose evidence uses the question's word (`narrow_by_words`)."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rdflib import Literal, URIRef

from kg.ask import queries as Q
from kg.ask.linking import Index
from kg.ask.model import AMBIGUOUS, Answer, Entity, Mention, Parsed
from kg.store.base import Store
from kg.vocab import LORE

if TYPE_CHECKING:
    from kg.ask.intents import Intent, Intents

__all__ = ["Ctx", "Selection", "ambiguous", "chain_item", "entity_sentences", "evidence", "evidence_rows", "fact_text",
           "fact_variants", "finish", "in_order", "join", "narrow_by_words", "pname"]


@dataclass
class Selection:
    """The entity a question is about (one or more candidates of one class) and its context."""

    mention: Mention | None
    cls: str
    entities: list[Entity]
    scope: set[URIRef] = field(default_factory=set)  # shows named elsewhere in the question
    others: list[Mention] = field(default_factory=list)


@dataclass
class Ctx:
    store: Store
    parsed: Parsed
    index: Index
    intent: Intent
    sel: Selection
    ans: Answer
    intents: Intents  # all of them: an intent asked the other way round answers as another
    facts: list = field(default_factory=list)  # the stated facts behind the answers
    labels: dict = field(default_factory=dict)  # labels of nodes the index does not hold (seasons)

    def label(self, term) -> str:
        if isinstance(term, Literal):
            return str(term)
        if term in self.labels:
            return self.labels[term]
        return self.index.label(term)

    def ref(self, term) -> dict:
        if isinstance(term, Literal):
            return {"label": str(term), "iri": None}
        return {"label": self.label(term), "iri": str(term)}

    def run(self, sparql: str, *, key: str, main: bool = True):
        """Run a query of kg.ask (the answer's `sparql` when `main`): every row, even from a store
        that cuts answers (read in pages by ?key then, see queries.select_all), in a fixed order."""
        sparql = Q.compact(sparql)
        if main:
            self.ans.sparql = sparql
        return in_order(Q.select_all(self.store, sparql, key))


def in_order(result):
    """The result with its rows in a fixed order (queries.sorted_rows)."""
    result.rows = Q.sorted_rows(result.rows)
    return result


def fact_text(ctx: Ctx, s, p, o) -> str:
    return f"{ctx.label(s)} {pname(p)} {ctx.label(o)}"


def pname(p) -> str:
    return str(p).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def chain_item(ctx: Ctx, s, p, o, inferred: bool = False, subject: str | None = None) -> dict:
    return {
        "subject": subject or ctx.label(s), "predicate": pname(p), "object": ctx.label(o),
        "subject_iri": str(s), "predicate_iri": str(p),
        "object_iri": None if isinstance(o, Literal) else str(o), "inferred": inferred,
    }



def candidate(ctx: Ctx, e: Entity) -> dict:
    item = {**e.ref(), "type": e.kind}
    shows = sorted(ctx.label(s) for s in e.shows)
    if shows:
        item["show"] = ", ".join(shows)
    return item


def describe(ctx: Ctx, e: Entity) -> str:
    shows = sorted(ctx.label(s) for s in e.shows)
    return f"{e.label} ({', '.join(shows)})" if shows else f"{e.label} <{e.iri}>"


def ambiguous(ans: Answer, entities: list[Entity], question: str, ctx: Ctx | None = None) -> Answer:
    ans.status = AMBIGUOUS
    ans.answers = []
    if ctx is not None:
        ans.candidates = [candidate(ctx, e) for e in entities]
        names = "; ".join(describe(ctx, e) for e in entities)
    else:
        ans.candidates = [{**e.ref(), "type": e.kind} for e in entities]
        names = "; ".join(e.label for e in entities)
    ans.explanation = f"{question} The graph has several: {names}. Ask again with the one you mean."
    return ans


def finish(ctx: Ctx, results: dict, *, nothing: str, say, sort: bool = True) -> None:
    """Turn {key: {answer: facts}} into the answer: one key answers, several are ambiguous."""
    ans = ctx.ans
    keys = [k for k, v in results.items() if v]
    if len(keys) > 1:
        ents = [ctx.index.get(k) or Entity(k, ctx.label(k), frozenset()) for k in keys]
        what = ctx.sel.mention.text if ctx.sel.mention else ents[0].label
        ambiguous(ans, ents, f"Which {what!s} do you mean?", ctx)
        return
    if not keys:
        ans.answers = []
        many = len(ctx.sel.entities) > 1
        ans.explanation = nothing + (f" (looked at {len(ctx.sel.entities)} entities named "
                                     f"{ctx.sel.entities[0].label!r})" if many else "")
        return
    key = keys[0]
    found = results[key]
    items = [(a, facts) for a, facts in found.items() if a != key]
    if sort:
        items.sort(key=lambda x: (ctx.label(x[0]).lower(), str(x[0])))
    ans.answers = [ctx.ref(a) for a, _ in items]
    seen = set()
    for _, facts in items:
        for s, p, o in facts:
            if (s, p, o) not in seen:
                seen.add((s, p, o))
                ans.chain.append(chain_item(ctx, s, p, o))
                ctx.facts.append((s, p, o))
    ans.explanation = say(ctx.index.get(key) or Entity(key, ctx.label(key), frozenset()), [ctx.label(a) for a, _ in items])


def join(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


INVERSE = {LORE.sequel: LORE.prequel, LORE.prequel: LORE.sequel}
SYMMETRIC = {LORE.sibling, LORE.romantic}


def fact_variants(s, p, o):
    yield s, p, o
    if p in INVERSE and isinstance(o, URIRef):
        yield o, INVERSE[p], s
    if p in SYMMETRIC:
        yield o, p, s


def evidence_rows(ctx: Ctx, facts) -> list[dict]:
    rows = []
    wanted = []
    for f in facts:
        for v in fact_variants(*f):
            if v not in wanted:
                wanted.append(v)
    if not wanted:
        return rows
    res = ctx.run(Q.evidence_query(wanted), key="sentence", main=False)
    return res.dicts()


def evidence(ctx: Ctx, facts=None, limit: int = 12) -> None:
    """Evidence sentences of the chain's facts (stated ones; inferred steps have none)."""
    if facts is None:
        facts = ctx.facts
    rows = evidence_rows(ctx, facts)
    canon = {}
    for f in facts:
        for v in fact_variants(*f):
            canon.setdefault(v, f)
    order = {f: i for i, f in enumerate(facts)}
    items = []
    for row in rows:
        fact = canon.get((row["s"], row["p"], row["o"]))
        if fact is None:
            continue
        conf = float(row["confidence"]) if row.get("confidence") is not None else 0.0
        items.append((order.get(fact, 99), -conf, str(row["sentence"]), row, fact))
    items.sort(key=lambda x: (x[0], x[1], x[2]))
    merged: dict[tuple, dict] = {}
    for _, _, text, row, fact in items:
        article = str(row["article"]) if row.get("article") is not None else None
        item = merged.get((text, article))
        if item is None:
            item = merged[(text, article)] = {
                "text": text, "article": article,
                "title": str(row["title"]) if row.get("title") is not None else None, "facts": []}
        text_of_fact = fact_text(ctx, *fact)
        if text_of_fact not in item["facts"]:
            item["facts"].append(text_of_fact)
    out = []
    for item in merged.values():
        facts = item.pop("facts")
        item["fact"] = "; ".join(facts)
        item["_facts"] = facts
        out.append(item)
    # at least one sentence for every fact first, then the rest, up to the limit
    first, rest, covered = [], [], set()
    for item in out:
        new_facts = set(item["_facts"]) - covered
        (first if new_facts else rest).append(item)
        covered |= set(item["_facts"])
    for item in out:
        del item["_facts"]
    ctx.ans.evidence = (first + rest)[:limit]


def entity_sentences(ctx: Ctx, entities) -> dict:
    """{entity: [(sentence, the fact's other end)]} of every stated fact about the entities (not
    only an answer's facts)."""
    res = ctx.run(Q.entity_sentences_query(sorted(entities)), key="sentence", main=False)
    out: dict = defaultdict(list)
    for row in res.dicts():
        out[row["x"]].append((str(row["sentence"]), row.get("other")))
    return out


def _is_character(ctx: Ctx, node) -> bool:
    e = ctx.index.get(node) if isinstance(node, URIRef) else None
    return e is not None and "Character" in e.types


def _says(text: str, stems) -> bool:
    return any(w.startswith(stem) for w in re.findall(r"\w+", text.lower()) for stem in stems)


def narrow_by_words(ctx: Ctx, results: dict, stems) -> bool:
    """Keep the answers whose evidence uses one of `stems` ("Who imprisoned X?" asked of lore:harmed
    facts: "kept X locked up"): the sentences of the answer's own facts, else of any fact about it.
    True when there were answers but none's evidence does: all are kept, and the graph says only
    the general relation."""
    if not stems or not any(results.values()):
        return False
    narrowed = False
    for key, found in results.items():
        if not found:
            continue
        rows = evidence_rows(ctx, [f for fs in found.values() for f in fs])
        says = {}
        for a, fs in found.items():
            variants = {v for f in fs for v in fact_variants(*f)}
            says[a] = any(_says(str(r["sentence"]), stems) for r in rows if (r["s"], r["p"], r["o"]) in variants)
        unsure = [a for a, ok in says.items() if not ok]
        if unsure:  # what is said of the answer with the key, or with no other character
            more = entity_sentences(ctx, unsure)
            for a in unsure:
                says[a] = any(_says(t, stems) for t, other in more.get(a, [])
                              if other == key or not _is_character(ctx, other))
        if any(says.values()):
            narrowed = True
            for a in [a for a, ok in says.items() if not ok]:
                del found[a]
    return not narrowed
