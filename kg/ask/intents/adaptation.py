"""The season question: "Which book would season 2 of X adapt?". The show's seasons' lore:adapts
if stated, else after the last adapted book or from the show's lore:basedOn book, along the
lore:sequel links (read a step at a time) to the book of season N (kg/ask/reasoning.py)."""

from __future__ import annotations

from collections import defaultdict

from rdflib import URIRef

from kg.ask import queries as Q
from kg.ask.context import Ctx, Selection, in_order
from kg.ask.context import ambiguous as _ambiguous
from kg.ask.context import chain_item as _chain_item
from kg.ask.context import evidence as _evidence
from kg.ask.context import join as _join
from kg.ask.intents import Intent
from kg.ask.linking import Index
from kg.ask.reasoning import AdaptationFacts, season_books, sequel_steps
from kg.ask.status import run_ended
from kg.store.base import Store
from kg.vocab import LORE

__all__ = ["AdaptationIntent"]


class AdaptationIntent(Intent):
    def default_selection(self, store: Store, index: Index) -> Selection | list | None:
        """A season question naming no show is about the one show whose adaptations the graph knows."""
        return _default_show(store, index)

    def handle(self, ctx: Ctx) -> None:
        _adaptation(ctx)


def _default_show(store: Store, index: Index):
    """The one show the graph can say something about adaptations of (or the candidates)."""
    rows = in_order(Q.select_all(store, Q.ADAPTED_SHOWS, "show")).rows
    shows = [index.get(r[0]) for r in rows if index.get(r[0]) is not None]
    if len(shows) == 1:
        return Selection(None, "Show", shows)
    return shows


def _season_number(ctx: Ctx, facts: AdaptationFacts):
    season = ctx.parsed.season
    if isinstance(season, int):
        return season
    known = set(facts.stated) | set(facts.seasons)
    if season == "next":
        return (max(facts.stated) + 1) if facts.stated else 2
    if season == "last":
        return max(known) if known else None
    return None


def _sequel_links(ctx: Ctx, wanted: list[tuple[AdaptationFacts, int | None]]) -> list[tuple]:
    """(first, then, stated fact) for the sequel links `season_books` can use: from the books the
    shows are based on and the books their seasons adapt, breadth first, one query per step, as
    many steps as the seasons asked for need (not every sequel link of the graph: thousands at
    1M quads). A link stated both ways (A sequel B, B prequel A) shows its lore:sequel fact."""
    frontier: set[URIRef] = set()
    steps = 0
    for facts, n in wanted:
        frontier |= {b for b in facts.based_on if isinstance(b, URIRef)}
        frontier |= {b for books in facts.stated.values() for b in books if isinstance(b, URIRef)}
        steps = max(steps, sequel_steps(facts, n))
    seen: set[URIRef] = set()
    links: dict[tuple, tuple] = {}
    for _ in range(steps):
        frontier -= seen
        if not frontier:
            break
        seen |= frontier
        res = ctx.run(Q.sequel_links_query(sorted(frontier)), key="o", main=False)
        found = set()
        for row in res.dicts():
            s, o, kind = row["s"], row["o"], str(row["kind"])
            fact = (s, LORE.sequel, o) if kind == "sequel" else (o, LORE.prequel, s)
            if kind == "sequel" or (s, o) not in links:
                links[(s, o)] = fact
            found.add(o)
        frontier = found
    return [(s, o, fact) for (s, o), fact in links.items()]


def _adaptation(ctx: Ctx) -> None:
    shows = ctx.sel.entities
    res = ctx.run(Q.adaptation_query([e.iri for e in shows]), key="s")
    per_show: dict[URIRef, AdaptationFacts] = defaultdict(AdaptationFacts)
    for row in res.dicts():
        kind = str(row.get("kind"))
        s, o = row.get("s"), row.get("o")
        show = row.get("show")
        facts = per_show[show]
        if kind == "basedOn" and o is not None:
            facts.based_on.add(o)
        elif kind in ("adapts", "seasonBasedOn", "season") and row.get("n") is not None:
            try:
                n = int(row["n"])
            except (TypeError, ValueError):
                continue
            facts.seasons[n] = s
            if kind != "season" and o is not None:
                facts.stated.setdefault(n, set()).add(o)
                pred = LORE.adapts if kind == "adapts" else LORE.basedOn
                facts.stated_predicate.setdefault((n, o), pred)
    numbers = {show.iri: _season_number(ctx, per_show[show.iri]) for show in shows}
    sequels = _sequel_links(ctx, [(per_show[show.iri], numbers[show.iri]) for show in shows])
    for show in shows:
        facts = per_show[show.iri]
        for first, then, fact in sequels:
            facts.add_sequel(first, then, fact)
    results = {}
    reasons = {}
    for show in shows:
        facts = per_show[show.iri]
        n = numbers[show.iri]
        if n is None:
            reasons[show.iri] = "the graph knows no season of it"
            continue
        sb = season_books(n, facts, show.iri, ctx.label)
        run_ended(ctx, show.iri, n, facts, sb)
        results[show.iri] = sb
    found = {k: v for k, v in results.items() if v.books}
    if len(found) > 1:
        ents = [e for e in shows if e.iri in found]
        _ambiguous(ctx.ans, ents, f"Which {ctx.sel.mention.text if ctx.sel.mention else 'show'} do you mean?", ctx)
        return
    if not found:
        ctx.ans.answers = []
        show = shows[0]
        sb = results.get(show.iri)
        n = sb.season if sb else ctx.parsed.season
        why = (sb.reason if sb else reasons.get(show.iri, "")) or "the graph does not know"
        ctx.ans.explanation = f"The graph does not know which book season {n} of {show.label} adapts: {why}."
        if sb:
            ctx.ans.chain = [_chain_item(ctx, st["s"], st["p"], st["o"], st["inferred"]) for st in sb.chain]
            _evidence(ctx, [st["fact"] for st in sb.chain if not st["inferred"]])
        return
    show_iri, sb = next(iter(found.items()))
    show = next(e for e in shows if e.iri == show_iri)
    facts = per_show[show_iri]
    for n, season in facts.seasons.items():
        ctx.labels[season] = f"{show.label} season {n}"
    target = f"{show.label} season {sb.season}"
    ctx.ans.answers = [ctx.ref(b) for b in sb.books]
    ctx.ans.inferred = sb.inferred
    ctx.ans.chain = [_chain_item(ctx, st["s"], st["p"], st["o"], st["inferred"],
                                 subject=target if st["inferred"] else None) for st in sb.chain]
    books = _join([ctx.label(b) for b in sb.books])
    stated = [st for st in sb.chain if not st["inferred"]]
    series = []
    for st in stated:
        if st["p"] == LORE.sequel and ctx.label(st["o"]) not in series:
            series.append(ctx.label(st["o"]))
    then = f"; the books that follow are {_join(series)}" if len(series) > 1 else (
        f"; the next book is {series[0]}" if series else "")
    if sb.rule == "stated":
        ctx.ans.explanation = f"Season {sb.season} of {show.label} adapts {books}, as the graph states."
    elif sb.rule == "after-last-adapted":
        adapted = [st for st in stated if st["p"] != LORE.sequel]
        season = ctx.label(adapted[0]["s"]) if adapted else show.label
        ctx.ans.explanation = (
            f"Inferred: no season {sb.season} adaptation is stated; {season} adapted "
            f"{_join(sorted({ctx.label(st['o']) for st in adapted}))}{then}, "
            f"so season {sb.season} would adapt {books}.")
    else:
        bases = _join(sorted({ctx.label(st["o"]) for st in stated if st["p"] == LORE.basedOn}))
        ctx.ans.explanation = (
            f"Inferred: no season of {show.label} is stated to adapt a book; the show is based on "
            f"{bases}{then}, so season {sb.season} would adapt {books}.")
    if ctx.parsed.season in ("next", "last"):
        ctx.ans.notes.append(f"took the {ctx.parsed.season} season to be season {sb.season}")
    _evidence(ctx, [st["fact"] for st in sb.chain if not st["inferred"]])
