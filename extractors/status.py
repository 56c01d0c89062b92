"""A show's renewal status across an article: a later dated statement supersedes an earlier one.

"Prime Video renewed X in February. On August 18, 2023, it reversed that decision and cancelled
the show": each statement is dated by the date its sentence gives (a month alone takes the
year of the article; "last week", "today" the article's own date). Where two dated statements
about one show disagree, the earlier is given its date, so the graph (which keeps the newest
status, an undated one counting as of the article) holds the later one; both stay as reports.
"""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.tokens import Doc

from extractors.doc_model import DATE, block_kind_at, text_of
from kg.extraction import Fact, Literal

MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"], start=1)}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9
# "confirmed last week", "as of today": the time of writing
_NOW = re.compile(r"\b(?:today|yesterday|this (?:week|month|morning)|last (?:week|night)|as of (?:now|writing)|"
                  r"on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|earlier this (?:week|month))\b", re.I)
_MONTH_ALONE = re.compile(r"\b(?:in|on|since|by|during|last|this|early|late|mid-?)\s+(?P<m>" + "|".join(
    sorted(MONTHS, key=len, reverse=True)) + r")\b\.?(?!\s*\d)", re.I)


def supersede_statuses(doc: Doc, ents: list, facts: list[Fact], published: str | None) -> list[Fact]:
    """`facts` with the renewal statuses dated by their sentences where two dated statements
    about one show disagree: the earlier keeps its own date, so the graph's newest status is the
    later one. Every statement is kept (each is a status report)."""
    article = published or _article_date(doc, ents)
    dated: dict[int, str] = {}
    for i, f in enumerate(facts):
        if f.predicate == "renewalStatus" and isinstance(f.object, Literal):
            when = f.as_of or _sentence_date(doc, ents, f.evidence.start, f.evidence.end, article)
            if when:
                dated[i] = when
    out = list(facts)
    for i, when in dated.items():
        rivals = [j for j in dated if j != i and facts[j].subject == facts[i].subject and facts[j].object != facts[i].object]
        if not rivals or facts[i].as_of:
            continue
        superseded = any(_before(when, dated[j]) for j in rivals)
        if superseded or not published:
            # an undated statement takes the article's date in the graph: date this one so that
            # an earlier statement ranks below it and a later one above
            out[i] = replace(facts[i], as_of=when)
    return out


def _article_date(doc: Doc, ents: list) -> str | None:
    """The article's date when its metadata gives none: a full date in its byline, else the
    latest full date it names."""
    byline, every = [], []
    for m in doc._.lore_mentions or []:
        e = ents[m.entity]
        if e.type == DATE and e.datatype == "date" and e.value:
            every.append(e.value)
            if block_kind_at(doc, m.start) in ("byline", "title"):
                byline.append(e.value)
    return max(byline) if byline else (max(every) if every else None)


def _before(a: str, b: str) -> bool:
    """`a` is strictly earlier than `b` at the precision both give."""
    n = min(len(a), len(b))
    return a[:n] < b[:n]


def _sentence_date(doc: Doc, ents: list, start: int, end: int, published: str | None) -> str | None:
    """The latest date the sentence gives that is not after the article's date."""
    found = []
    for m in doc._.lore_mentions or []:
        if start <= m.start < end and ents[m.entity].type == DATE and ents[m.entity].value:
            value = ents[m.entity].value
            if len(value) >= 7 and (not published or value[:10] <= published[:10]):
                found.append(value)
    year = (published or "")[:4]
    if not found and year.isdigit():
        text = text_of(doc)[start:end]
        for m in _MONTH_ALONE.finditer(text):
            month = MONTHS[m.group("m").lower().rstrip(".")]
            value = f"{year}-{month:02d}"
            if published and value > published[:7]:
                value = f"{int(year) - 1}-{month:02d}"  # "in November", written the next spring
            found.append(value)
    if not found and published and _NOW.search(text_of(doc)[start:end]):
        found.append(published[:10])
    return max(found) if found else None
