"""Status intents: whether a show was renewed ("Has Netflix renewed X?"), the shows of a network
by status ("Which of the shows did Netflix cancel?", kg/ask/status.py), when a show or a season
was first released."""

from __future__ import annotations

from collections import defaultdict

from rdflib import Literal, URIRef

from kg.ask import queries as Q
from kg.ask.context import Ctx
from kg.ask.context import ambiguous as _ambiguous
from kg.ask.context import chain_item as _chain_item
from kg.ask.context import evidence as _evidence
from kg.ask.intents import Intent
from kg.ask.reasoning import STATUS_LABELS, first_release
from kg.ask.status import network_status, status_reports
from kg.vocab import LORE

__all__ = ["NetworkStatusIntent", "ReleaseIntent", "RenewalIntent"]


class NetworkStatusIntent(Intent):
    def handle(self, ctx: Ctx) -> None:
        network_status(ctx)


class RenewalIntent(Intent):
    def handle(self, ctx: Ctx) -> None:
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
    res = ctx.run(Q.title_query(article), key="t", main=False)
    return str(res.rows[0][0]) if res.rows else None


class ReleaseIntent(Intent):
    def handle(self, ctx: Ctx) -> None:
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
