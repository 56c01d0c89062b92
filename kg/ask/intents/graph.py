"""Graph intents, answered with networkx over the relation graph (kg/ask/graphq.py): how two
things are connected (the shortest path), the most central character of a show."""

from __future__ import annotations

from collections import defaultdict

from rdflib import Literal

from kg.ask import queries as Q
from kg.ask.context import Ctx
from kg.ask.context import ambiguous as _ambiguous
from kg.ask.context import chain_item as _chain_item
from kg.ask.context import evidence as _evidence
from kg.ask.context import fact_text as _fact_text
from kg.ask.context import join as _join
from kg.ask.graphq import central_characters, relation_graph, shortest_path
from kg.ask.intents import Intent

__all__ = ["CentralIntent", "PathIntent"]

_ID = "https://w3id.org/lore-kg/id/"


class PathIntent(Intent):
    def handle(self, ctx: Ctx) -> None:
        a_ents = ctx.sel.entities
        b_ents = ctx.sel.others[0].entities if ctx.sel.others else []
        res = ctx.run(Q.edges_query(), key="s")
        g = relation_graph(res.rows)
        best = []
        for a in a_ents:
            for b in b_ents:
                if a.iri == b.iri:
                    continue
                p = shortest_path(g, a.iri, b.iri)
                if p is not None:
                    best.append((len(p.nodes), a, b, p))
        if not best:
            ctx.ans.explanation = (f"The graph does not connect {a_ents[0].label} and "
                                   f"{b_ents[0].label if b_ents else 'that'}.")
            return
        best.sort(key=lambda x: x[0])
        shortest = [x for x in best if x[0] == best[0][0]]
        pairs = {(x[1].iri, x[2].iri) for x in shortest}
        if len(pairs) > 1:
            ents = list({e.iri: e for x in shortest for e in (x[1], x[2])}.values())
            _ambiguous(ctx.ans, ents, "Which of these do you mean?", ctx)
            return
        _, a, b, p = shortest[0]
        ctx.ans.answers = [ctx.ref(n) for n in p.nodes]
        for s, pred, o in p.facts:
            ctx.ans.chain.append(_chain_item(ctx, s, pred, o))
        hops = "; ".join(_fact_text(ctx, *f) for f in p.facts)
        ctx.ans.explanation = (f"{a.label} is connected to {b.label} in {len(p.facts)} "
                               f"step{'s' if len(p.facts) != 1 else ''} (shortest path): {hops}.")
        _evidence(ctx, p.facts)


class CentralIntent(Intent):
    def handle(self, ctx: Ctx) -> None:
        shows = ctx.sel.entities
        rows = []
        for e in shows:
            slug = str(e.iri).rsplit("/", 1)[-1]
            rows.append((e.iri, Literal(f"{_ID}character/{slug}/")))
        res = ctx.run(Q.show_characters_query(rows), key="character")
        chars: dict = defaultdict(set)
        edges: dict = defaultdict(set)
        for row in res.dicts():
            show, c = row["show"], row["character"]
            chars[show].add(c)
            if row.get("other") is not None:
                other = row["other"]
                # the direction of the stated fact is kept from the store
                edges[show].add((c, row["p"], other))
        ranked = {}
        for show in chars:
            facts = _stated_directions(ctx, edges[show])
            ranked[show] = central_characters(chars[show], facts)
        found = {k: v for k, v in ranked.items() if v}
        if len(found) > 1:
            ents = [e for e in shows if e.iri in found]
            _ambiguous(ctx.ans, ents, f"Which {ctx.sel.mention.text if ctx.sel.mention else 'show'} do you mean?", ctx)
            return
        k = shows[0].label
        if not found:
            n = len(chars.get(shows[0].iri, ()))
            ctx.ans.explanation = (f"The graph knows no relations between the characters of {k}"
                                   + (f" ({n} characters known)." if n else "."))
            return
        show, ranking = next(iter(found.items()))
        top = ranking[0]
        tied = [r for r in ranking if (r.degree, round(r.betweenness, 9)) == (top.degree, round(top.betweenness, 9))]
        ctx.ans.answers = [ctx.ref(r.character) for r in tied]
        for r in tied:
            for s, p, o in r.facts:
                ctx.ans.chain.append(_chain_item(ctx, s, p, o))
        others = ", ".join(f"{ctx.label(r.character)} ({r.degree})" for r in ranking[len(tied):len(tied) + 4])
        names = _join([ctx.label(r.character) for r in tied])
        ctx.ans.explanation = (
            f"{names} {'is' if len(tied) == 1 else 'are'} related to {top.degree} of the "
            f"{len(chars[show]) - 1} other characters of {ctx.label(show)} (degree centrality "
            f"{top.centrality:.2f}, betweenness {top.betweenness:.2f})" + (f"; next: {others}." if others else "."))
        _evidence(ctx, [f for r in tied for f in r.facts])


def _stated_directions(ctx: Ctx, edges: set) -> list:
    """The query sees each relation from both ends; keep it once, as stored (s p o)."""
    out = []
    seen = set()
    for c, p, other in sorted(edges):
        key = frozenset((c, other)), p
        if key in seen:
            continue
        seen.add(key)
        out.append((c, p, other))
    return out
