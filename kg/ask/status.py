"""Renewal status beyond one show: "Which of the shows did Netflix cancel?" (the shows of a network
whose newest status is the one asked for), and the end of a canceled show's run for season questions.

The status a question asks for is read from its status words (data/words.json "status_words":
"cancel" -> canceled, "renew" -> renewed, "pending" -> pending; "status" alone asks for any); a
negation just before ("did not renew") asks for the other statuses.
"""

from __future__ import annotations

from collections import defaultdict

from rdflib import URIRef

from kg.ask import queries as Q
from kg.ask.context import Ctx, chain_item, join
from kg.ask.parser import load_data
from kg.ask.reasoning import STATUS_LABELS, AdaptationFacts, SeasonBooks, StatusReport, newest_status
from kg.vocab import LORE

__all__ = ["asked_statuses", "network_status", "newest_statuses", "run_ended", "status_reports"]

_BY_LABEL = {label: iri for iri, label in STATUS_LABELS.items()}


def asked_statuses(ctx: Ctx) -> set[URIRef] | None:
    """The statuses the question asks about (None: any status)."""
    words = load_data("words.json")
    by_word = {w: status for status, ws in words["status_words"].items() for w in ws}
    negations = set(words["negations"])
    asked: set[URIRef] = set()
    for cue in ctx.parsed.cues:
        if cue.name != "RENEW":
            continue
        statuses = {by_word[w] for w in ctx.parsed.lower[cue.start:cue.end] if w in by_word}
        if len(statuses) != 1:
            continue
        status = _BY_LABEL[statuses.pop()]
        before = ctx.parsed.lower[max(0, cue.start - 3):cue.start]
        asked |= (set(STATUS_LABELS) - {status}) if negations.intersection(before) else {status}
    return asked or None


def newest_statuses(ctx: Ctx, shows) -> dict[URIRef, StatusReport]:
    """The newest status report of each of `shows` that has one (reasoning.newest_status)."""
    return {show: newest for show, (newest, _) in status_reports(ctx, sorted(shows), main=False).items()}


def status_reports(ctx: Ctx, shows, *, main: bool = True) -> dict:
    """{show: (its newest status report, all its reports)} for the `shows` that have one; `main`:
    whether this query is the one the answer shows as its SPARQL."""
    if not shows:
        return {}
    res = ctx.run(Q.status_query(list(shows)), key="article", main=main)
    by_show: dict = defaultdict(list)
    for row in res.dicts():
        by_show[row.get("show")].append(row)
    out = {}
    for show, rows in by_show.items():
        newest, reports = newest_status(rows)
        if newest is not None:
            out[show] = (newest, reports)
    return out


def _status_facts(ctx: Ctx, show, report: StatusReport) -> None:
    if report.report is not None:
        ctx.ans.chain.append(chain_item(ctx, show, LORE.statusReport, report.report))
        ctx.ans.chain.append(chain_item(ctx, report.report, LORE.status, report.status))
        ctx.facts.append((report.report, LORE.status, report.status))
    else:
        ctx.ans.chain.append(chain_item(ctx, show, LORE.renewalStatus, report.status))
    ctx.facts.append((show, LORE.renewalStatus, report.status))


def network_status(ctx: Ctx) -> None:
    """The shows of the network (lore:network) whose newest status is the one asked for."""
    orgs = ctx.sel.entities
    steps = [Q.Step((), (LORE.network,))]
    res = ctx.run(Q.chain_query([e.iri for e in orgs], steps), key="n1")
    on: dict[URIRef, tuple] = {}
    for row in res.dicts():
        show = row.get("n1")
        if isinstance(show, URIRef) and show not in on:
            on[show] = (row["s1"], row["p1"], row["o1"])
    network = orgs[0].label
    wanted = asked_statuses(ctx)
    what = " or ".join(STATUS_LABELS[s] for s in sorted(wanted, key=str)) if wanted else "given a renewal status"
    if not on:
        ctx.ans.explanation = f"The graph knows no show on {network}."
        return
    newest = newest_statuses(ctx, on)
    picked = sorted((s for s, r in newest.items() if wanted is None or r.status in wanted),
                    key=lambda s: (ctx.label(s).lower(), str(s)))
    ctx.ans.answers = [ctx.ref(s) for s in picked]

    def told(show) -> str:
        r = newest.get(show)
        if r is None:
            return f"{ctx.label(show)} (no status)"
        return f"{ctx.label(show)} ({STATUS_LABELS.get(r.status, ctx.label(r.status))}" + (
            f" as of {r.as_of})" if r.as_of else ")")

    if not picked:
        others = sorted(on, key=lambda s: ctx.label(s).lower())
        ctx.ans.explanation = (f"The graph knows no show on {network} that was {what}; its shows on "
                               f"{network}: {', '.join(told(s) for s in others[:8])}"
                               + (f" and {len(others) - 8} more." if len(others) > 8 else "."))
        return
    for show in picked:
        s, p, o = on[show]
        ctx.ans.chain.append(chain_item(ctx, s, p, o))
        ctx.facts.append((s, p, o))
        _status_facts(ctx, show, newest[show])
    ctx.ans.explanation = (f"Of the {len(on)} show{'s' if len(on) != 1 else ''} the graph has on {network}, "
                           f"{'this one was' if len(picked) == 1 else 'these were'} {what}: "
                           f"{join([told(s) for s in picked])}.")


def run_ended(ctx: Ctx, show: URIRef, n: int, facts: AdaptationFacts, sb: SeasonBooks) -> None:
    """A season after the last one the graph knows of a canceled show is not inferred: the show's
    run is over (the book that would follow stays unadapted). Changes `sb` to say so."""
    if not sb.inferred or not facts.seasons:
        return
    last = max(facts.seasons)
    if n <= last:
        return
    report = newest_statuses(ctx, [show]).get(show)
    if report is None or report.status != LORE.Canceled:
        return
    label = ctx.label(show)
    sb.books, sb.inferred, sb.rule = [], False, "none"
    sb.chain = [st for st in sb.chain if not st["inferred"]]
    when = f" as of {report.as_of}" if report.as_of else ""
    sb.reason = (f"{label} has been canceled{when}, and the graph knows its seasons up to season {last}: "
                 f"it infers no book for a later season")
    status_fact = (show, LORE.renewalStatus, report.status)
    sb.chain.append({"s": show, "p": LORE.renewalStatus, "o": report.status, "fact": status_fact,
                     "inferred": False})
