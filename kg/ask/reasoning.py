"""Reasoning over facts read from the graph (plain Python, no store access).

- `season_books`: which book a season adapts. A stated lore:adapts wins; otherwise the next
  season adapts the book after the last book a season is known to have adapted; otherwise season
  N adapts the (N-1)th sequel of the book the show is based on. Every step is kept as a chain.
- `newest_status`: of several renewal status reports, the newest by lore:asOf (else the
  article's date), then the later article; an article's own lore:renewalStatus breaks a tie.
- `first_release`: of several release dates, the earliest, the most precise for one period.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from rdflib import URIRef
from rdflib.term import Node

from kg.vocab import LORE

__all__ = ["AdaptationFacts", "SeasonBooks", "first_release", "newest_status", "season_books", "sequel_steps"]


@dataclass
class AdaptationFacts:
    """What the graph says about one show's seasons and books."""

    stated: dict[int, set[URIRef]] = field(default_factory=dict)  # season number -> books
    stated_predicate: dict[tuple[int, URIRef], URIRef] = field(default_factory=dict)
    seasons: dict[int, URIRef] = field(default_factory=dict)  # season number -> season IRI
    based_on: set[URIRef] = field(default_factory=set)
    sequels: dict[URIRef, set[URIRef]] = field(default_factory=lambda: defaultdict(set))
    sequel_facts: dict[tuple[URIRef, URIRef], tuple[Node, Node, Node]] = field(default_factory=dict)

    def add_sequel(self, first: URIRef, then: URIRef, fact: tuple[Node, Node, Node]) -> None:
        if first == then:
            return
        self.sequels[first].add(then)
        self.sequel_facts.setdefault((first, then), fact)


@dataclass
class SeasonBooks:
    """The answer for one season, how it was reached, and why not when it was not."""

    season: int
    books: list[URIRef] = field(default_factory=list)
    inferred: bool = False
    rule: str = ""  # "stated", "after-last-adapted", "sequel-of-source", "none"
    chain: list[dict] = field(default_factory=list)  # {"s", "p", "o", "fact", "inferred"}
    reason: str = ""


def _step(s, p, o, fact=None, inferred=False) -> dict:
    return {"s": s, "p": p, "o": o, "fact": fact or (s, p, o), "inferred": inferred}


def _last_books(books: set[URIRef], facts: AdaptationFacts) -> set[URIRef]:
    """The books of a set no other book of the set follows: the last in series order."""
    after = {b for b in books if facts.sequels.get(b, set()) & books}
    last = books - after
    return last or set(books)


def _first_books(books: set[URIRef], facts: AdaptationFacts) -> set[URIRef]:
    followers = set()
    for b in books:
        followers |= facts.sequels.get(b, set()) & books
    first = books - followers
    return first or set(books)


def _walk(start: set[URIRef], steps: int, facts: AdaptationFacts, label: Callable[[URIRef], str]):
    """Follow sequels `steps` times from `start`: (books reached, chain, the book with no sequel)."""
    frontier, chain = sorted(start, key=str), []
    for _ in range(steps):
        nxt: list[URIRef] = []
        for book in frontier:
            for then in sorted(facts.sequels.get(book, ()), key=str):
                chain.append(_step(book, LORE.sequel, then, facts.sequel_facts.get((book, then))))
                if then not in nxt:
                    nxt.append(then)
        if not nxt:
            return [], chain, frontier
        frontier = nxt
    return frontier, chain, []


def _rule(n: int, facts: AdaptationFacts) -> tuple[str, int]:
    """The rule `season_books` follows for season `n`, and for "after-last-adapted" the last
    season before `n` that a stated adaptation is known of (else 0)."""
    if n in facts.stated:
        return "stated", 0
    earlier = [m for m in facts.stated if m < n]
    if earlier:
        return "after-last-adapted", max(earlier)
    if facts.based_on:
        return "sequel-of-source", 0
    return "none", 0


def sequel_steps(facts: AdaptationFacts, n: int | None) -> int:
    """How many sequel links on from its first books `season_books` follows for season `n` (so
    the caller reads that many steps of sequel links, not every link of the graph)."""
    if n is None:
        return 0
    rule, m = _rule(n, facts)
    if rule == "after-last-adapted":
        return max(1, n - m)
    if rule == "sequel-of-source":
        return max(1, n - 1)
    return 0


def season_books(n: int, facts: AdaptationFacts, show: URIRef, label: Callable[[URIRef], str]) -> SeasonBooks:
    out = SeasonBooks(season=n)
    season_iri = facts.seasons.get(n)
    rule, m = _rule(n, facts)
    if rule == "stated":  # 1. a stated adapts wins
        out.books = sorted(facts.stated[n], key=lambda b: label(b))
        out.rule = "stated"
        for book in out.books:
            pred = facts.stated_predicate.get((n, book), LORE.adapts)
            out.chain.append(_step(season_iri or show, pred, book))
        return out
    if rule == "after-last-adapted":  # 2. the book after the last book a season adapted
        last = _last_books(facts.stated[m], facts)
        for book in sorted(last, key=str):
            pred = facts.stated_predicate.get((m, book), LORE.adapts)
            out.chain.append(_step(facts.seasons.get(m, show), pred, book))
        books, walk, stuck = _walk(last, n - m, facts, label)
        out.chain += walk
        out.rule = "after-last-adapted"
        if not books:
            out.rule = "none"
            names = ", ".join(label(b) for b in stuck)
            out.reason = (f"season {m} adapted {names}, and the graph knows no sequel of {names}"
                          if n - m == 1 or not walk else f"the graph knows no sequel of {names}")
            return out
        out.books, out.inferred = sorted(books, key=label), True
        out.chain += [_step(season_iri or show, LORE.adapts, b, inferred=True) for b in out.books]
        return out
    if rule == "sequel-of-source":  # 3. the (N-1)th sequel of the book the show is based on
        first = _first_books(set(facts.based_on), facts)
        for book in sorted(first, key=str):
            out.chain.append(_step(show, LORE.basedOn, book))
        books, walk, stuck = _walk(first, n - 1, facts, label)
        out.chain += walk
        out.rule = "sequel-of-source"
        if not books:
            out.rule = "none"
            names = ", ".join(label(b) for b in stuck)
            out.reason = f"the show is based on {', '.join(label(b) for b in sorted(first, key=str))}, and the graph knows no sequel of {names}"
            return out
        out.books, out.inferred = sorted(books, key=label), True
        out.chain += [_step(season_iri or show, LORE.adapts, b, inferred=True) for b in out.books]
        return out
    out.rule = "none"
    out.reason = "the graph knows no book the show is based on and no season that adapts one"
    return out


# --- renewal status ------------------------------------------------------------------------------

STATUS_LABELS = {LORE.Renewed: "renewed", LORE.Canceled: "canceled", LORE.Pending: "pending"}


@dataclass(frozen=True)
class StatusReport:
    status: URIRef
    as_of: str | None  # lore:asOf, else the article's date
    dated_by: str  # "asOf", "article" or "none"
    article: URIRef | None
    report: URIRef | None  # None for an article's lore:renewalStatus without a report
    current: bool  # the article's lore:renewalStatus is this status


def newest_status(rows: Iterable[dict]) -> tuple[StatusReport | None, list[StatusReport]]:
    """(the newest report, every report newest first) from rows of `queries.status_query`."""
    currents: dict[URIRef | None, set[URIRef]] = defaultdict(set)
    published: dict[URIRef | None, str] = {}
    raw = []
    for row in rows:
        article = row.get("article")
        if row.get("published") is not None:
            published[article] = str(row["published"])
        if str(row.get("kind")) == "current":
            currents[article].add(row["status"])
        else:
            raw.append(row)
    reports = []
    seen = set()
    for row in raw:
        article, status = row.get("article"), row["status"]
        key = (row.get("report"), article)
        if key in seen:
            continue
        seen.add(key)
        as_of, how = (str(row["asOf"]), "asOf") if row.get("asOf") is not None else (
            (published[article], "article") if article in published else (None, "none"))
        reports.append(StatusReport(status, as_of, how, article, row.get("report"), status in currents.get(article, ())))
    for article, statuses in currents.items():  # articles that state a status but keep no report
        for status in statuses:
            if not any(r.article == article and r.status == status for r in reports):
                date = published.get(article)
                reports.append(StatusReport(status, date, "article" if date else "none", article, None, True))
    if not reports:
        return None, []
    # newest by lore:asOf (else the article's date), undated last; then the later article; then the
    # status the article itself keeps as its newest (lore:renewalStatus)
    def when(r: StatusReport):
        return (r.as_of is not None, r.as_of or "", published.get(r.article, ""), r.current, str(r.status))

    reports.sort(key=when, reverse=True)
    return reports[0], reports


# --- release dates -------------------------------------------------------------------------------


def first_release(values: Iterable[str]) -> list[str]:
    """The earliest release date; a less precise date of the same period ("2020" beside
    "2020-04-26") gives way to the more precise one."""
    dates = sorted({str(v) for v in values})
    precise = [d for d in dates if not any(o != d and o.startswith(d) for o in dates)]
    if not precise:
        return []
    return [min(precise, key=lambda d: (d[:4], d))]
