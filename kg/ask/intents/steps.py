"""Intents answered by following hops from the entity (data only): "Who created X?" is the
createdBy of the show, the shows of the person, the creator of the show based on the book.

An entry's "answers" maps a class of the entity ("*": any) to {"steps": [...], "say": ...,
"nothing": ...}. A step is the predicates to follow: "createdBy" forward, "^createdBy" backward,
"sequel|^prequel" either. "say" has {k} (the entity) and {a} (the answers); "nothing" has {k}.
Optional: "otherwise" (steps and say tried when the steps find nothing) and "within_shows" (keep
the answers in the shows the question names, when it names some).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from rdflib import URIRef

from kg.ask import queries as Q
from kg.ask.context import Ctx, join
from kg.ask.context import finish as _finish
from kg.ask.intents import Intent, IntentDataError
from kg.ask.model import NO_ENTITY
from kg.ask.parser import load_data
from kg.ask.queries import Step
from kg.vocab import LORE

__all__ = ["Answering", "SeriesIntent", "StepsIntent", "chain_run", "mention_before", "possessive", "run_with_variants",
           "steps"]


def steps(spec: list[str]) -> list[Step]:
    """["basedOn", "sequel|^prequel"] as chain steps."""
    out = []
    for hop in spec:
        forward, backward = [], []
        for name in hop.split("|"):
            (backward if name.startswith("^") else forward).append(LORE[name.lstrip("^")])
        out.append(Step(tuple(forward), tuple(backward)))
    return out


def chain_run(ctx: Ctx, hops: list[Step], keys) -> dict:
    """Run a chain query; {key: {answer: [facts...]}} keeps how each answer was reached."""
    sparql = Q.chain_query([e.iri for e in keys], hops)
    res = ctx.run(sparql, key=f"n{len(hops)}")
    n = len(hops)
    out: dict[URIRef, dict] = defaultdict(dict)
    for row in res.dicts():
        key, ans = row.get("n0"), row.get(f"n{n}")
        if key is None or ans is None:
            continue
        facts = [(row[f"s{k}"], row[f"p{k}"], row[f"o{k}"]) for k in range(1, n + 1)]
        out[key].setdefault(ans, [])
        for f in facts:
            if f not in out[key][ans]:
                out[key][ans].append(f)
    return out


def run_with_variants(ctx: Ctx, hops: list[Step]) -> dict:
    """`chain_run` for the selected entities; when it finds nothing, for the other node of a
    character written twice in one show ("Matthew" / "Matthew Clairmont")."""
    results = chain_run(ctx, hops, ctx.sel.entities)
    if any(results.values()):
        return results
    mine = {e.iri for e in ctx.sel.entities}
    others = [ctx.index.entities[v] for e in ctx.sel.entities for v in sorted(ctx.index.variants.get(e.iri, ()))
              if v not in mine and v in ctx.index.entities]
    if not others:
        return results
    sparql = ctx.ans.sparql
    alt = chain_run(ctx, hops, others)
    if not any(alt.values()):
        ctx.ans.sparql = sparql
        return results
    for key, found in alt.items():
        if found:
            ctx.ans.notes.append(f"{ctx.sel.entities[0].label} is taken to be {ctx.label(key)}, "
                                 "the same name in the same show")
    return alt


def mention_before(ctx: Ctx, cue) -> bool:
    m = ctx.sel.mention
    return m is not None and cue is not None and m.end <= cue.start


def possessive(ctx: Ctx) -> bool:
    m = ctx.sel.mention
    return m is not None and m.end < len(ctx.parsed.lower) and ctx.parsed.lower[m.end] in ("'s", "'", "s")


@dataclass
class Answering:
    """One answer being built: the hops' results and the sentence that will say them."""

    results: dict
    say: str
    reversed: bool = False  # asked the other way round: answered as the intent's "reverse"
    inferred: dict | None = None  # the inference rule that found the answers (its data)


class StepsIntent(Intent):
    """An intent answered from its data: hops per class of the entity."""

    def check(self) -> None:
        answers = self.options.get("answers")
        if not isinstance(answers, dict) or not answers:
            raise IntentDataError(f"intent {self.name!r} has no class and no 'answers': give it one or the other")
        for cls, spec in answers.items():
            missing = {"steps", "say", "nothing"} - set(spec)
            if missing:
                raise IntentDataError(f"answers of intent {self.name!r} for {cls!r} lack {', '.join(sorted(missing))}")

    def spec(self, cls: str) -> dict | None:
        answers = self.options["answers"]
        return answers.get(cls) or answers.get("*")

    def reverse(self, ctx: Ctx) -> Intent | None:
        """The intent a question asked the other way round is answered as ("Whose mother is X?")."""
        return None

    def handle(self, ctx: Ctx) -> None:
        cls = ctx.sel.cls if ctx.sel.cls != "*" else ctx.sel.entities[0].kind
        key_label = ctx.sel.entities[0].label
        spec = self.spec(cls)
        if spec is None:
            ctx.ans.status = NO_ENTITY
            ctx.ans.explanation = f"I cannot answer that about {key_label}, a {cls.lower()}."
            return
        other = self.reverse(ctx)
        if other is not None:
            spec = other.spec(cls)
            ctx.ans.intent = other.name
        work = Answering(run_with_variants(ctx, steps(spec["steps"])), spec["say"], reversed=other is not None)
        if not any(work.results.values()):
            self.when_none(ctx, work)
        if not any(work.results.values()) and (alt := self.options.get("otherwise", {}).get(cls)):
            found = chain_run(ctx, steps(alt["steps"]), ctx.sel.entities)
            if any(found.values()):
                work.results, work.say = found, alt["say"]
        if spec.get("within_shows") and ctx.sel.scope:
            for key, found in work.results.items():
                inside = {a: f for a, f in found.items() if _in_shows(ctx, a, ctx.sel.scope)}
                if inside:
                    work.results[key] = inside
        self.refine(ctx, work)
        _finish(ctx, work.results, nothing=spec["nothing"].format(k=key_label),
                say=lambda k, labels: work.say.format(k=k.label, a=join(labels)))
        self.after(ctx, work)

    def when_none(self, ctx: Ctx, work: Answering) -> None:
        """The steps found nothing: a subclass may infer answers."""

    def refine(self, ctx: Ctx, work: Answering) -> None:
        """Narrow the answers or reword them before they are given."""

    def after(self, ctx: Ctx, work: Answering) -> None:
        """Add to the answer given."""


def _in_shows(ctx: Ctx, entity: URIRef, shows: set[URIRef]) -> bool:
    e = ctx.index.get(entity)
    return bool(e and e.shows & shows)


class SeriesIntent(StepsIntent):
    """Sequel and prequel: "What is X the sequel to?" asks for the prequel ("reverse" names it)."""

    def reverse(self, ctx: Ctx) -> Intent | None:
        parsed = ctx.parsed
        cue = self.trigger(parsed)
        if not mention_before(ctx, cue) or possessive(ctx) or parsed.has("BY"):
            return None
        words = parsed.lower[cue.start:cue.end]
        lexicon = load_data("words.json")
        noun = " ".join(words) in lexicon["series_nouns"] or words[0] in lexicon["series_noun_heads"]
        if noun:  # "What is X the sequel to?" but not "X sequel?"
            after = cue.end < len(parsed.lower) and parsed.lower[cue.end] in ("to", "of", "for")
            return ctx.intents.named(self.options["reverse"]) if after else None
        return ctx.intents.named(self.options["reverse"])  # a verb: "X follows which book?"
