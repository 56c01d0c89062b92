"""Answering: question -> intent + entities -> SPARQL -> answers, explanation, chain, evidence."""

from __future__ import annotations

import difflib
from collections import defaultdict

from rdflib import Literal, URIRef

from kg.ask import queries as Q
from kg.ask.context import Ctx, Selection
from kg.ask.context import ambiguous as _ambiguous
from kg.ask.context import chain_item as _chain_item
from kg.ask.context import evidence as _evidence
from kg.ask.context import fact_text as _fact_text
from kg.ask.context import finish as _finish
from kg.ask.context import in_order as _in_order
from kg.ask.context import join as _join
from kg.ask.context import narrow_by_words
from kg.ask.context import pname as _pname
from kg.ask.graphq import central_characters, relation_graph, shortest_path
from kg.ask.intents import IntentRule, cue_info, get_parser, load_data, rules
from kg.ask.kinship import filter_gender as _filter_gender
from kg.ask.kinship import focus
from kg.ask.kinship import kin_word as _kin_word
from kg.ask.linking import Index, fuzzy_mentions, link, load_index
from kg.ask.model import ANSWERED, CLASS_ORDER, NO_ENTITY, NOT_UNDERSTOOD, Answer, Entity, Mention, Parsed
from kg.ask.queries import Step
from kg.ask.reasoning import (
    STATUS_LABELS, AdaptationFacts, first_release, season_books, sequel_steps,
)
from kg.ask.status import network_status, run_ended, status_reports
from kg.text import fold, label_key
from kg.query.sparql import values_block
from kg.store.base import Store
from kg.vocab import LORE

__all__ = ["answer"]

_ID = "https://w3id.org/lore-kg/id/"


# --- entry point --------------------------------------------------------------------------------


def answer(store: Store, question: str, *, nlp=None) -> Answer:
    parser = get_parser(nlp)
    parsed, doc = parser.parse(question)
    index = load_index(store, parser)
    link(parsed, doc, index)
    focus(parsed)  # "the father of June's daughter Nichole" asks about Nichole's father
    ans = Answer(question=question)
    matched = [r for r in rules() if r.matches(parsed)]
    if not matched:
        return _not_understood(ans, parsed, index)
    # the first intent whose cues are in the question decides (a two-name intent gives way when
    # the question names fewer things); exact names first, then names with small typos
    candidates = [r for r in matched if r.mentions <= max(1, len(parsed.mentions))]
    rule = candidates[0] if candidates else matched[0]
    chosen = None
    sel = _select(rule, parsed, parsed.mentions, index)
    if sel is None and rule.mentions == 1:
        runs = parsed.runs
        parsed.runs = sorted(runs + [(m.start, m.end) for m in parsed.mentions])  # wrong-class names too
        fuzzy = fuzzy_mentions(parsed, index, rule.slot)
        parsed.runs = runs
        sel = _select(rule, parsed, fuzzy + parsed.mentions, index) if fuzzy else None
        if sel is not None:
            ans.notes.append(f"read {sel.mention.text!r} as {sel.entities[0].label!r}")
    if sel is not None:
        chosen = (rule, sel)
    if chosen is None:
        if rule.name == "season_adaptation" and not parsed.runs and not parsed.mentions:
            sel = _default_show(store, index)
            if isinstance(sel, Selection):
                chosen = (rule, sel)
            elif sel:
                ans.intent, ans.family = rule.name, rule.family
                return _ambiguous(ans, sel, "Which show do you mean?")
    if chosen is None:
        return _no_entity(ans, parsed, rule, index)
    rule, sel = chosen
    ans.intent, ans.family = rule.name, rule.family
    ans.entities = [{**e.ref(), "type": sel.cls if sel.cls != "*" else e.kind} for e in sel.entities]
    ctx = Ctx(store, parsed, index, rule, sel, ans)
    HANDLERS[rule.name](ctx)
    if ans.status == ANSWERED and ctx.facts and not ans.evidence:
        _evidence(ctx)
    return ans


# --- choosing the entity --------------------------------------------------------------------------


def _order(rule: IntentRule, parsed: Parsed, m: Mention) -> list[str]:
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


def _select(rule: IntentRule, parsed: Parsed, mentions: list[Mention], index: Index) -> Selection | None:
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


def _default_show(store: Store, index: Index):
    """The one show the graph can say something about adaptations of (or the candidates)."""
    rows = _in_order(Q.select_all(store, Q.ADAPTED_SHOWS, "show")).rows
    shows = [index.get(r[0]) for r in rows if index.get(r[0]) is not None]
    if len(shows) == 1:
        return Selection(None, "Show", shows)
    return shows


# --- shared answer building ---------------------------------------------------------------------



def _chain_run(ctx: Ctx, steps: list[Step], keys: list[Entity]):
    """Run a chain query; {key: {answer: [facts...]}} keeps how each answer was reached."""
    sparql = Q.chain_query([e.iri for e in keys], steps)
    res = ctx.run(sparql, key=f"n{len(steps)}")
    n = len(steps)
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


def _run_with_variants(ctx: Ctx, steps: list[Step]):
    """`_chain_run` for the selected entities; when it finds nothing, for the other node of a
    character written twice in one show ("Matthew" / "Matthew Clairmont")."""
    results = _chain_run(ctx, steps, ctx.sel.entities)
    if any(results.values()):
        return results
    mine = {e.iri for e in ctx.sel.entities}
    others = [ctx.index.entities[v] for e in ctx.sel.entities for v in sorted(ctx.index.variants.get(e.iri, ()))
              if v not in mine and v in ctx.index.entities]
    if not others:
        return results
    sparql = ctx.ans.sparql
    alt = _chain_run(ctx, steps, others)
    if not any(alt.values()):
        ctx.ans.sparql = sparql
        return results
    for key, found in alt.items():
        if found:
            ctx.ans.notes.append(f"{ctx.sel.entities[0].label} is taken to be {ctx.label(key)}, "
                                 "the same name in the same show")
    return alt




# --- handlers ------------------------------------------------------------------------------------


def _steps(*spec) -> list[Step]:
    return [Step(tuple(o), tuple(i)) for o, i in spec]


def _simple(ctx: Ctx) -> None:
    """One- or two-hop questions: the steps depend on the intent and the class of the entity."""
    name, cls = ctx.rule.name, ctx.sel.cls
    if cls == "*":
        cls = ctx.sel.entities[0].kind
    key_label = ctx.sel.entities[0].label
    L = LORE
    table = {
        ("creator", "Show"): (_steps(([L.createdBy], [])), "{k} was created by {a}.", "The graph does not say who created {k}."),
        ("creator", "Person"): (_steps(([], [L.createdBy])), "{k} created {a}.", "The graph knows no show created by {k}."),
        ("creator", "Book"): (_steps(([], [L.basedOn]), ([L.createdBy], [])), "{k} was adapted for television by {a}.",
                              "The graph does not say who adapted {k} for television."),
        ("network", "Show"): (_steps(([L.network], [])), "{k} is on {a}.", "The graph does not say which network {k} is on."),
        ("network", "Organization"): (_steps(([], [L.network])), "{k} airs {a}.", "The graph knows no show on {k}."),
        ("author", "Book"): (_steps(([L.author], [])), "{k} was written by {a}.", "The graph does not say who wrote {k}."),
        ("author", "Show"): (_steps(([L.basedOn], []), ([L.author], [])), "{k} is based on a book by {a}.",
                             "The graph does not say who wrote the book {k} is based on."),
        ("author", "Person"): (_steps(([], [L.author])), "{k} wrote {a}.", "The graph knows no book by {k}."),
        ("source_author", "Show"): (_steps(([L.basedOn], []), ([L.author], [])), "{k} is based on a book by {a}.",
                                    "The graph does not say who wrote the book {k} is based on."),
        ("based_on", "Show"): (_steps(([L.basedOn], [])), "{k} is based on {a}.",
                               "The graph does not say {k} is based on a book."),
        ("based_on", "Book"): (_steps(([], [L.basedOn])), "{a} is based on {k}.", "The graph knows no show based on {k}."),
        ("plays", "Character"): (_steps(([L.portrayedBy], [])), "{k} is played by {a}.", "The graph does not say who plays {k}."),
        ("plays", "Person"): (_steps(([], [L.portrayedBy])), "{k} plays {a}.", "The graph does not say whom {k} plays."),
        ("cast", "Show"): (_steps(([L.character], []), ([L.portrayedBy], [])), "The cast of {k}: {a}.",
                           "The graph knows no actor of {k}."),
        ("characters", "Show"): (_steps(([L.character], [])), "The characters of {k}: {a}.",
                                 "The graph knows no character of {k}."),
        ("sequel", "Book"): (_steps(([L.sequel], [L.prequel])), "The sequel to {k} is {a}.",
                             "The graph knows no sequel to {k}."),
        ("sequel", "Show"): (_steps(([L.basedOn], []), ([L.sequel], [L.prequel])),
                             "{k} is based on a book whose sequel is {a}.",
                             "The graph knows no sequel to the book {k} is based on."),
        ("prequel", "Book"): (_steps(([L.prequel], [L.sequel])), "{a} comes before {k}.",
                              "The graph knows no book before {k}."),
        ("prequel", "Show"): (_steps(([L.basedOn], []), ([L.prequel], [L.sequel])),
                              "{k} is based on a book that follows {a}.",
                              "The graph knows no book before the one {k} is based on."),
        ("sibling", None): (_steps(([L.sibling], [L.sibling])), "{k}'s siblings: {a}.",
                            "The graph knows no sibling of {k}."),
        ("romantic", None): (_steps(([L.romantic], [L.romantic])), "{k} is romantically involved with {a}.",
                             "The graph knows no romantic partner of {k}."),
        ("parent", None): (_steps(([], [L.parent])), "{k}'s parents: {a}.", "The graph knows no parent of {k}."),
        ("child", None): (_steps(([L.parent], [])), "{k}'s children: {a}.", "The graph knows no child of {k}."),
    }
    spec = table.get((name, cls)) or table.get((name, None))
    if spec is None:
        ctx.ans.status = NO_ENTITY
        ctx.ans.explanation = f"I cannot answer that about {key_label}, a {cls.lower()}."
        return
    steps, say, nothing = spec
    reverse = _direction_reversed(ctx)
    if reverse:
        if name in ("sequel", "prequel"):
            other = "prequel" if name == "sequel" else "sequel"
            steps, say, nothing = table[(other, cls)]
        elif name in ("parent", "child"):
            other = "child" if name == "parent" else "parent"
            steps, say, nothing = table[(other, None)]
        if name in ("sequel", "prequel", "parent", "child"):
            ctx.ans.intent = other
    results = _run_with_variants(ctx, steps)
    inferred = None
    if not any(results.values()) and name in ("sibling", "parent") and not reverse:
        inferred = _kin_inference(ctx, name)
        if inferred is not None:
            results, say = inferred
    if name == "based_on" and cls == "Show" and not any(results.values()):
        seasons = _chain_run(ctx, _steps(([L.season], []), ([L.adapts, L.basedOn], [])), ctx.sel.entities)
        if any(seasons.values()):
            results = seasons
            say = "{k} is based on {a}, which its seasons adapt."
    if name == "plays" and cls == "Person" and ctx.sel.scope:
        for key, found in results.items():
            inside = {a: f for a, f in found.items() if _in_shows(ctx, a, ctx.sel.scope)}
            if inside:
                results[key] = inside
    if name in ("sibling", "parent", "child", "romantic"):
        _filter_gender(ctx, results)
    kin = _kin_word(ctx) if name in ("sibling", "parent", "child") and inferred is None and not reverse else None
    if kin:
        say = "{k}'s " + kin + ": {a}."
    _finish(ctx, results, nothing=nothing.format(k=key_label),
            say=lambda k, labels: say.format(k=k.label, a=_join(labels)))
    if inferred is not None and ctx.ans.answers and ctx.ans.status == ANSWERED:
        ctx.ans.inferred = True
        key = next(k for k, v in results.items() if v)
        relation = LORE.sibling if name == "sibling" else LORE.parent
        for a in ctx.ans.answers:
            s_, o_ = (key, URIRef(a["iri"])) if name == "sibling" else (URIRef(a["iri"]), key)
            ctx.ans.chain.append(_chain_item(ctx, s_, relation, o_, inferred=True))


def _kin_inference(ctx: Ctx, name: str):
    """No sibling stated: children of the same parent are siblings. No parent stated: a sibling's
    parents are parents too. (results, explanation) or None."""
    L = LORE
    if name == "sibling":
        steps = _steps(([], [L.parent]), ([L.parent], []))
        say = "{k} and {a} have a parent in common, so they are siblings (inferred)."
    else:
        steps = _steps(([L.sibling], [L.sibling]), ([], [L.parent]))
        say = "{k}'s sibling has {a} as a parent, so {k} does too (inferred)."
    sparql = ctx.ans.sparql
    results = _chain_run(ctx, steps, ctx.sel.entities)
    for key, found in results.items():
        found.pop(key, None)
    if not any(results.values()):
        ctx.ans.sparql = sparql
        return None
    return results, say


def _in_shows(ctx: Ctx, entity: URIRef, shows: set[URIRef]) -> bool:
    e = ctx.index.get(entity)
    return bool(e and e.shows & shows)


def _mention_before(ctx: Ctx, cue) -> bool:
    m = ctx.sel.mention
    return m is not None and cue is not None and m.end <= cue.start


def _possessive(ctx: Ctx) -> bool:
    m = ctx.sel.mention
    return m is not None and m.end < len(ctx.parsed.lower) and ctx.parsed.lower[m.end] in ("'s", "'", "s")


_SERIES_NOUNS = {"sequel", "sequels", "prequel", "prequels", "follow up"}
_SERIES_NOUN_HEADS = {"next", "book", "novel", "one", "previous", "preceding", "prior"}


def _direction_reversed(ctx: Ctx) -> bool:
    """Sequel/prequel and parent/child questions asked the other way round ("What is X the
    sequel to?", "Whose mother is X?", "Who is X the mother of?")."""
    name, parsed = ctx.rule.name, ctx.parsed
    cue = ctx.rule.trigger(parsed)
    if name in ("sequel", "prequel"):
        if not _mention_before(ctx, cue) or _possessive(ctx) or parsed.has("BY"):
            return False
        words = parsed.lower[cue.start:cue.end]
        noun = " ".join(words) in _SERIES_NOUNS or words[0] in _SERIES_NOUN_HEADS
        if noun:  # "What is X the sequel to?" but not "X sequel?"
            return cue.end < len(parsed.lower) and parsed.lower[cue.end] in ("to", "of", "for")
        return True  # a verb: "X follows which book?", "What does X follow?"
    if name in ("parent", "child"):
        if "whose" in parsed.lower:
            return True
        after = cue.end if cue else None
        return (_mention_before(ctx, cue) and not _possessive(ctx) and after is not None
                and after < len(parsed.lower) and parsed.lower[after] == "of")
    return False


def _harm(ctx: Ctx) -> None:
    parsed = ctx.parsed
    cues = [c for c in parsed.cues if c.name in ctx.rule.any]
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
    step = _steps(([], preds)) if ask_agent else _steps((preds, []))
    results = _run_with_variants(ctx, step)
    general = False
    if not any(results.values()) and LORE.harmed not in preds:
        step = _steps(([], [LORE.harmed])) if ask_agent else _steps(([LORE.harmed], []))
        results = _run_with_variants(ctx, step)
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


def _ordinal(n: int) -> str:
    words = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", 6: "sixth", 7: "seventh",
             8: "eighth", 9: "ninth", 10: "tenth"}
    return words.get(n, f"{n}th")


def _renewal(ctx: Ctx) -> None:
    picked = status_reports(ctx, [e.iri for e in ctx.sel.entities])
    if len(picked) > 1:
        ents = [e for e in ctx.sel.entities if e.iri in picked]
        _ambiguous(ctx.ans, ents, f"Which {ctx.sel.mention.text if ctx.sel.mention else 'show'} do you mean?", ctx)
        return
    k = ctx.sel.entities[0].label
    if not picked:
        ctx.ans.explanation = f"The graph has no renewal status for {k}."
        return
    show, (newest, reports) = next(iter(picked.items()))
    k = ctx.label(show)
    label = STATUS_LABELS.get(newest.status, ctx.label(newest.status))
    ctx.ans.answers = [{"label": label, "iri": str(newest.status)}]
    when = f" as of {newest.as_of}" if newest.as_of else ""
    source = ""
    if newest.article is not None:
        title = _title(ctx, newest.article)
        source = f" (according to {title!r})" if title else ""
    verb = {"renewed": "has been renewed", "canceled": "has been canceled",
            "pending": "has been neither renewed nor canceled"}.get(label, f"is {label}")
    text = f"{k} {verb}{when}{source}."
    older = [r for r in reports[1:] if r.status != newest.status]
    if older:
        text += " Other reports: " + "; ".join(
            f"{STATUS_LABELS.get(r.status, ctx.label(r.status))}" + (f" as of {r.as_of}" if r.as_of else " (undated)")
            for r in older[:4]) + "."
    ctx.ans.explanation = text
    facts = []
    if newest.report is not None:
        facts.append((newest.report, LORE.status, newest.status))
        ctx.ans.chain.append(_chain_item(ctx, show, LORE.statusReport, newest.report))
        ctx.ans.chain.append(_chain_item(ctx, newest.report, LORE.status, newest.status))
        if newest.as_of and newest.dated_by == "asOf":
            ctx.ans.chain.append(_chain_item(ctx, newest.report, LORE.asOf, Literal(newest.as_of)))
    facts.append((show, LORE.renewalStatus, newest.status))
    if newest.report is None:
        ctx.ans.chain.append(_chain_item(ctx, show, LORE.renewalStatus, newest.status))
    _evidence(ctx, facts)


def _title(ctx: Ctx, article: URIRef) -> str | None:
    res = ctx.run("SELECT DISTINCT ?t WHERE { " + values_block(["a"], [[article]]) + " ?a dcterms:title ?t }",
                  key="t", main=False)
    return str(res.rows[0][0]) if res.rows else None


def _release(ctx: Ctx) -> None:
    res = ctx.run(Q.release_query([e.iri for e in ctx.sel.entities]), key="date")
    season = ctx.parsed.season
    by_show: dict = defaultdict(list)
    for row in res.dicts():
        date = row.get("date")
        if date is None:
            continue
        if isinstance(season, int):
            if row.get("n") is None or int(row["n"]) != season:
                continue
        elif row.get("season") is not None:
            continue
        by_show[row["show"]].append((date, row.get("season")))
    if len(by_show) > 1:
        ents = [e for e in ctx.sel.entities if e.iri in by_show]
        _ambiguous(ctx.ans, ents, f"Which {ctx.sel.mention.text if ctx.sel.mention else 'show'} do you mean?", ctx)
        return
    k = ctx.sel.entities[0].label
    what = f"season {season} of {k}" if isinstance(season, int) else k
    if not by_show:
        ctx.ans.explanation = f"The graph does not say when {what} was released."
        return
    show, values = next(iter(by_show.items()))
    chosen = first_release(str(d) for d, _ in values)
    date, season_iri = next((d, s) for d, s in values if str(d) == chosen[0])
    ctx.ans.answers = [{"label": str(date), "iri": None}]
    others = sorted({str(d) for d, _ in values} - {str(date)})
    ctx.ans.explanation = f"{what[0].upper() + what[1:]} was first released on {date}." + (
        f" (Other dates in the graph: {', '.join(others)}.)" if others else "")
    subject = season_iri if season_iri is not None else show
    if season_iri is not None:
        ctx.ans.chain.append(_chain_item(ctx, show, LORE.season, season_iri))
    ctx.ans.chain.append(_chain_item(ctx, subject, LORE.releaseDate, date))
    _evidence(ctx, [(subject, LORE.releaseDate, date)])


def _path(ctx: Ctx) -> None:
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


def _central(ctx: Ctx) -> None:
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


HANDLERS = {
    "path": _path,
    "central_character": _central,
    "season_adaptation": _adaptation,
    "source_author": _simple,
    "renewal_status": _renewal,
    "network_status": network_status,
    "network": _simple,
    "release_date": _release,
    "sequel": _simple,
    "prequel": _simple,
    "based_on": _simple,
    "author": _simple,
    "creator": _simple,
    "plays": _simple,
    "cast": _simple,
    "characters": _simple,
    "harm": _harm,
    "sibling": _simple,
    "parent": _simple,
    "child": _simple,
    "romantic": _simple,
}


# --- questions that cannot be answered -------------------------------------------------------------


def help_text(index: Index | None = None) -> str:
    examples = load_data("intents.json")["examples"]
    lines = ["I can answer questions like these (about shows, books, people and characters in the graph):"]
    lines += [f"  {family:<11} {q}" for family, q in examples]
    if index is not None:
        shows = sorted({e.label for e in index.shows()}, key=str.lower)
        if shows:
            more = f" and {len(shows) - 8} more" if len(shows) > 8 else ""
            lines.append(f"Shows in the graph: {', '.join(shows[:8])}{more}.")
        else:
            lines.append("The graph has no shows yet: ingest some articles first (kg ingest PATH).")
    return "\n".join(lines)


def _not_understood(ans: Answer, parsed: Parsed, index: Index) -> Answer:
    ans.status = NOT_UNDERSTOOD
    known = list(dict.fromkeys(m.entities[0].label for m in parsed.mentions if not m.weak))
    head = "I did not understand what you are asking"
    if known:
        head += f" about {_join(known)}"
    ans.explanation = head + ".\n" + help_text(index)
    return ans


_KIND_WORDS = {"Show": "show", "Book": "book", "Person": "person", "Character": "character",
               "Organization": "network or organization", "*": "thing"}


def _suggest(parsed: Parsed, index: Index, classes) -> list[str]:
    """Names of the wanted classes close to the question's unknown words (for "did you mean")."""
    wanted = set(classes)
    labels = sorted({e.label for e in index.entities.values() if "*" in wanted or e.types & wanted})
    by_form = {fold(label_key(label)): label for label in labels}
    out: list[str] = []
    for s, e in parsed.runs:
        text = fold(label_key(parsed.text(s, e)))
        for form in difflib.get_close_matches(text, list(by_form), n=3, cutoff=0.6):
            if by_form[form] not in out:
                out.append(by_form[form])
    return out[:3]


def _no_entity(ans: Answer, parsed: Parsed, rule: IntentRule, index: Index) -> Answer:
    ans.status = NO_ENTITY
    ans.intent, ans.family = rule.name, rule.family
    kinds = " or ".join(dict.fromkeys(_KIND_WORDS[c] for c in rule.slot))
    names = [parsed.text(s, e) for s, e in parsed.runs]
    if rule.mentions > 1:
        head = (f"I need two things the graph knows to connect; I found "
                f"{_join([repr(m.text) for m in parsed.mentions]) or 'none'}.")
    elif names:
        head = f"I could not find a {kinds} called {' / '.join(repr(n) for n in names)} in the graph."
        close = _suggest(parsed, index, rule.slot)
        if close:
            head += f" Did you mean {' or '.join(repr(c) for c in close)}?"
    elif parsed.mentions:
        parts = [f"{m.text!r} is a {' and a '.join(sorted({e.kind.lower() for e in m.entities}))}"
                 for m in parsed.mentions]
        head = f"The question names no {kinds} the graph knows: {'; '.join(parts)}."
    else:
        head = f"Which {kinds} do you mean? The question names none."
    ans.explanation = head + "\n" + help_text(index)
    return ans
