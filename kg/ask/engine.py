"""Answering: question -> intent + entity -> the intent's answer, with its chain and evidence.

The intents (kg/ask/intents) are tried in their order; the first whose cues are in the question
and whose slot a linked entity fills answers it (`Intent.handle`)."""

from __future__ import annotations

from kg.ask.context import Ctx, Selection
from kg.ask.context import ambiguous as _ambiguous
from kg.ask.context import evidence as _evidence
from kg.ask.intents import Intent, Intents, registry
from kg.ask.kinship import focus
from kg.ask.linking import Index, fuzzy_mentions, link, load_index
from kg.ask.model import ANSWERED, CLASS_ORDER, Answer, Mention, Parsed
from kg.ask.parser import get_parser
from kg.ask.unanswered import no_entity, not_understood
from kg.store.base import Store

__all__ = ["answer"]


def answer(store: Store, question: str, *, nlp=None, intents: Intents | None = None) -> Answer:
    intents = intents or registry()
    parser = get_parser(nlp)
    parsed, doc = parser.parse(question)
    index = load_index(store, parser)
    link(parsed, doc, index)
    focus(parsed, intents)  # "the father of June's daughter Nichole" asks about Nichole's father
    ans = Answer(question=question)
    matched = intents.matching(parsed)
    if not matched:
        return not_understood(ans, parsed, index)
    # the first intent whose cues are in the question decides (a two-name intent gives way when
    # the question names fewer things); exact names first, then names with small typos
    candidates = [r for r in matched if r.mentions <= max(1, len(parsed.mentions))]
    intent = candidates[0] if candidates else matched[0]
    sel = _select(intent, parsed, parsed.mentions, index)
    if sel is None and intent.mentions == 1:
        runs = parsed.runs
        parsed.runs = sorted(runs + [(m.start, m.end) for m in parsed.mentions])  # wrong-class names too
        fuzzy = fuzzy_mentions(parsed, index, intent.slot)
        parsed.runs = runs
        sel = _select(intent, parsed, fuzzy + parsed.mentions, index) if fuzzy else None
        if sel is not None:
            ans.notes.append(f"read {sel.mention.text!r} as {sel.entities[0].label!r}")
    if sel is None and not parsed.runs and not parsed.mentions:
        found = intent.default_selection(store, index)
        if isinstance(found, Selection):
            sel = found
        elif found:
            ans.intent, ans.family = intent.name, intent.family
            return _ambiguous(ans, found, f"Which {found[0].kind.lower()} do you mean?")
    if sel is None:
        return no_entity(ans, parsed, intent, index)
    ans.intent, ans.family = intent.name, intent.family
    ans.entities = [{**e.ref(), "type": sel.cls if sel.cls != "*" else e.kind} for e in sel.entities]
    ctx = Ctx(store, parsed, index, intent, sel, ans, intents)
    intent.handle(ctx)
    if ans.status == ANSWERED and ctx.facts and not ans.evidence:
        _evidence(ctx)
    return ans


# --- choosing the entity --------------------------------------------------------------------------


def _order(rule: Intent, parsed: Parsed, m: Mention) -> list[str]:
    order = list(rule.slot)
    trigger = rule.trigger(parsed)
    if trigger is not None and (not rule.after_cues or trigger.name in rule.after_cues):
        if rule.slot_after and m.start >= trigger.end:
            order = list(rule.slot_after)
        elif rule.slot_before and m.end <= trigger.start:
            order = list(rule.slot_before)
    if m.hint and m.hint in order:
        order.remove(m.hint)
        order.insert(0, m.hint)
    return order


def _select(rule: Intent, parsed: Parsed, mentions: list[Mention], index: Index) -> Selection | None:
    if rule.mentions > 1:
        named = [m for m in mentions if not m.weak] or mentions
        if len(named) < rule.mentions:
            named = mentions
        if len(named) < rule.mentions:
            return None
        return Selection(named[0], "*", list(named[0].entities), others=named[1:rule.mentions])
    best = None
    for m in mentions:
        for rank, cls in enumerate(_order(rule, parsed, m)):
            ents = m.of_type(cls)
            if ents:
                key = (m.weak, rank, -m.score, m.start)
                if best is None or key < best[0]:
                    best = (key, m, cls, ents)
                break
    if best is None:
        return None
    _, m, cls, ents = best
    scope = set()
    for other in mentions:
        if other is not m and not other.overlaps(m.start, m.end):
            scope |= {e.iri for e in other.entities if "Show" in e.types}
    if cls in ("Character", "*") and scope:
        scoped = [e for e in ents if e.shows & scope or e.iri in scope]
        if scoped:
            ents = scoped
    if cls == "*":
        ents = sorted(ents, key=lambda e: CLASS_ORDER.index(e.kind) if e.kind in CLASS_ORDER else 9)
    return Selection(m, cls, ents, scope)
