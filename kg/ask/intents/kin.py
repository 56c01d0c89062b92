"""Kinship intents: siblings, parents, children, partners. Answered from their data like every
`StepsIntent`, and besides: asked the other way round ("Whose mother is X?", "Who is X the mother
of?": "reverse"), inferred when nothing is stated ("infer": children of one parent are siblings),
kept to the gender the kinship word asks for, and said with the question's own kinship words
("kin_word": "X's twin brother: Y")."""

from __future__ import annotations

from rdflib import URIRef

from kg.ask.context import Ctx
from kg.ask.context import chain_item as _chain_item
from kg.ask.intents import Intent
from kg.ask.intents.steps import Answering, StepsIntent, chain_run, mention_before, possessive, steps
from kg.ask.kinship import filter_gender, kin_word
from kg.ask.model import ANSWERED
from kg.vocab import LORE

__all__ = ["KinIntent"]


class KinIntent(StepsIntent):
    def reverse(self, ctx: Ctx) -> Intent | None:
        other = self.options.get("reverse")
        if other is None:
            return None
        parsed = ctx.parsed
        cue = self.trigger(parsed)
        if "whose" in parsed.lower:
            return ctx.intents.named(other)
        after = cue.end if cue else None
        if (mention_before(ctx, cue) and not possessive(ctx) and after is not None
                and after < len(parsed.lower) and parsed.lower[after] == "of"):
            return ctx.intents.named(other)
        return None

    def when_none(self, ctx: Ctx, work: Answering) -> None:
        """No kinship stated: what follows from the kinship that is ("infer": its steps, say and fact)."""
        rule = self.options.get("infer")
        if rule is None or work.reversed:
            return
        sparql = ctx.ans.sparql
        results = chain_run(ctx, steps(rule["steps"]), ctx.sel.entities)
        for key, found in results.items():
            found.pop(key, None)
        if not any(results.values()):
            ctx.ans.sparql = sparql
            return
        work.results, work.say, work.inferred = results, rule["say"], rule

    def refine(self, ctx: Ctx, work: Answering) -> None:
        filter_gender(ctx, work.results)
        if self.options.get("kin_word") and work.inferred is None and not work.reversed:
            words = kin_word(ctx)
            if words:
                work.say = "{k}'s " + words + ": {a}."

    def after(self, ctx: Ctx, work: Answering) -> None:
        """The inferred kinship joins the chain: "fact" says its subject, predicate and object."""
        rule = work.inferred
        if rule is None or not ctx.ans.answers or ctx.ans.status != ANSWERED:
            return
        ctx.ans.inferred = True
        key = next(k for k, v in work.results.items() if v)
        subject, predicate, obj = rule["fact"]
        for a in ctx.ans.answers:
            ends = {"key": key, "answer": URIRef(a["iri"])}
            ctx.ans.chain.append(_chain_item(ctx, ends[subject], LORE[predicate], ends[obj], inferred=True))
