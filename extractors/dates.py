"""Dates in article text: find them, and normalise to xsd:date, xsd:gYearMonth or xsd:gYear."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from dateutil import parser as dateparser

_MONTHS = (
    "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    "sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_DAY = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d\d"
_WEEKDAY = r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+(?:the\s+)?)?"
DATE_RE = re.compile(
    rf"""\b{_WEEKDAY}(?:
        (?P<iso>{_YEAR}-[01]\d-[0-3]\d)
      | (?P<num>[0-3]?\d[/.][01]?\d[/.]{_YEAR})
      | (?P<mdy>(?:{_MONTHS})\.?\s+{_DAY},?\s+{_YEAR})
      | (?P<dmy>{_DAY}\s+(?:of\s+)?(?:{_MONTHS})\.?,?\s+{_YEAR})
      | (?P<my>(?:{_MONTHS})\.?,?\s+{_YEAR})
      | (?P<y>{_YEAR})
    )\b""",
    re.I | re.X,
)
_MONTH_NUM = {m[:3]: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)}


_NO_DAY = datetime(1, 1, 1)


@dataclass(frozen=True)
class DateValue:
    value: str  # 2020-12-14, 2020-12 or 2020
    datatype: str  # date, gYearMonth, gYear
    start: int
    end: int


def find_dates(text: str) -> list[DateValue]:
    out = []
    for m in DATE_RE.finditer(text):
        parsed = _normalise(m)
        if parsed:
            out.append(DateValue(*parsed, m.start(), m.end()))
    return out


def _month(word: str) -> int:
    return _MONTH_NUM[word[:3].lower()]


def _valid(y: int, mo: int, d: int) -> bool:
    try:
        date(y, mo, d)
        return True
    except ValueError:
        return False


def _normalise(m: re.Match) -> tuple[str, str] | None:
    text = m.group(0)
    nums = [int(n) for n in re.findall(r"\d+", text)]
    if m.group("iso"):
        y, mo, d = nums
    elif m.group("num"):
        a, b, y = nums
        # 22/09/2021 is day-first; 09/22/2021 month-first; when both fit, sites in our domain
        # are mostly British or European in numeric dates, so read day-first.
        d, mo = (a, b) if a > 12 or b <= 12 else (b, a)
    elif m.group("mdy") or m.group("dmy"):
        try:
            parsed = dateparser.parse(re.sub(r"(?<=\d)(st|nd|rd|th)\b|\bof\b", "", text), default=_NO_DAY)
        except (ValueError, OverflowError):
            return None
        y, mo, d = parsed.year, parsed.month, parsed.day
    elif m.group("my"):
        y, mo = nums[-1], _month(re.search(r"[A-Za-z]{3,}", text).group(0))
        return f"{y:04d}-{mo:02d}", "gYearMonth"
    else:
        return f"{nums[0]:04d}", "gYear"
    if not _valid(y, mo, d):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}", "date"
