"""Harm between characters ("Who pushed X?", "Whom did X frame?"), narrowed to the harm the
question names when the graph keeps only lore:harmed ("Who imprisoned X?" reads the evidence)."""

from __future__ import annotations

from kg.ask.context import Ctx, join as _join, narrow_by_words, pname as _pname
from kg.ask.context import finish as _finish
from kg.ask.intents import Intent
from kg.ask.intents.steps import run_with_variants
from kg.ask.parser import cue_info
from kg.ask.queries import Step
from kg.vocab import LORE

__all__ = ["HarmIntent"]


class HarmIntent(Intent):
    """Who harmed whom: "Who pushed X?", "Whom did X frame?", "Who was X pushed by?". The cue
    says the predicates (data/cues.json "predicates"), and whether it names the agent."""

    def handle(self, ctx: Ctx) -> None:
        parsed = ctx.parsed
        cues = [c for c in parsed.cues if c.name in self.any]
        cue = cues[0]
        info = cue_info(cue.name)
        preds = [LORE[p] for p in info.get("predicates", ["harmed"])]
        verb = preds[0]
        m = ctx.sel.mention
        if info.get("direction") == "agent":
            ask_agent = True
        elif parsed.has("BY"):  # passive: "who was X pushed by", "by whom was X pushed", "who was pushed by X"
            by = next(c for c in parsed.cues if c.name == "BY")
            after = by.end
            while after < len(parsed.lower) and parsed.lower[after] in ("the", "a", "an"):
                after += 1
            ask_agent = not (m is not None and m.start == after)
        else:
            ask_agent = not (m is not None and m.end <= cue.start)
        step = [Step(inward=tuple(preds))] if ask_agent else [Step(out=tuple(preds))]
        results = run_with_variants(ctx, step)
        general = False
        if not any(results.values()) and LORE.harmed not in preds:
            step = [Step(inward=(LORE.harmed,))] if ask_agent else [Step(out=(LORE.harmed,))]
            results = run_with_variants(ctx, step)
            general = any(results.values())
        general = narrow_by_words(ctx, results, info.get("evidence")) or general
        k = ctx.sel.entities[0].label
        verb_word = info.get("verb") or (_pname(verb) if verb != LORE.harmed else "harmed")
        if general:
            ctx.ans.notes.append(f"the graph says only that they harmed, not that they {verb_word}")
            verb_word = "harmed"
        if ask_agent:
            nothing = f"The graph does not say who {verb_word} {k}."
            say = lambda key, labels: f"{_join(labels)} {verb_word} {key.label}."  # noqa: E731
        else:
            nothing = f"The graph does not say whom {k} {verb_word}."
            say = lambda key, labels: f"{key.label} {verb_word} {_join(labels)}."  # noqa: E731
        _finish(ctx, results, nothing=nothing, say=say)
