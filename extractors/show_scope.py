"""Seasons and characters placed in their show: a season belongs to the show named with it ("X
season 2", "season 2 of X") or last in its section, else the main show; a character to the show
named last before each mention, by majority. Also "the final season" once the article numbers
it ("its third and final season") and "the new season" in a piece that announces one. Used by
`lore_coref` (extractors/coref.py)."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter

from extractors.doc_model import CHAR, SEASON, SHOW, LoreEntity, LoreMention, block_kind_at
from extractors.main_show import named_in_passing
from extractors.mention_lookup import section_start, taken


def final_season(doc, text, ents, mentions, lex) -> None:
    """"its third and final season" numbers the show's last season: "the final season" is
    then season three."""
    m = _NTH_AND_FINAL.search(text)
    n = lex.cues["ordinals"].get(m.group(1).lower()) if m else None
    if not n:
        return
    season = None
    for f in _THE_FINAL_SEASON.finditer(text):
        if taken(mentions, f.start(), f.end()) or block_kind_at(doc, f.start()) != "body":
            continue
        if season is None:
            ents.append(LoreEntity(len(ents), SEASON, "final season", value=str(n)))
            season = ents[-1].id
        mentions.append(LoreMention(f.start(), f.end(), season, "season"))


def new_season(doc, text, ents, mentions) -> None:
    """"the coming season takes its story from X" in a piece that announces season three: the latest
    season named before it (in its section or the headline) is the new one."""
    numbered = [(m.start, int(ents[m.entity].value), m.entity) for m in mentions
                if ents[m.entity].type == SEASON and str(ents[m.entity].value).isdigit()]
    for f in _THE_NEW_SEASON.finditer(text):
        if taken(mentions, f.start(), f.end()) or block_kind_at(doc, f.start()) != "body":
            continue
        since = section_start(doc, f.start())
        before = [(n, e) for start, n, e in numbered if start < f.start() and (start >= since or start < since and
                                                                             block_kind_at(doc, start) == "title")]
        if before and max(before)[0] >= 2:  # the latest season named before it, in its section or headline
            mentions.append(LoreMention(f.start(), f.end(), max(before)[1], "season"))


def place_seasons(doc, text, ents, mentions, main) -> None:
    seen: dict[tuple[int | None, str], int] = {}
    shows = _ShowMentions(ents, mentions)
    for i in sorted(range(len(mentions)), key=lambda j: mentions[j].start):
        m = mentions[i]
        ent = ents[m.entity]
        if ent.type != SEASON:
            continue
        show = _season_show(doc, text, shows, m)
        show = main if show is None else show
        key = (show, ent.value)
        if key in seen and seen[key] != ent.id:
            mentions[i] = LoreMention(m.start, m.end, seen[key], m.kind)
            continue
        seen[key] = ent.id
        ent.show = show


def _season_show(doc, text, shows: "_ShowMentions", m) -> int | None:
    after = re.match(r"\s+of\s+", text[m.end:m.end + 6])
    if after and m.end + after.end() in shows.by_start:  # "season 2 of X"
        return shows.by_start[m.end + after.end()]
    for other in shows.ending_before(m.start, within=12):  # "X season 2", "X's second season"
        if re.fullmatch(r"\s*(?:['’]s)?\s*(?:the\s+)?", text[other.end:m.start]):
            return other.entity
    # the show named last in the section, one the article types with some evidence
    return shows.last_confident_before(m.start, since=section_start(doc, m.start))


def place_characters(doc, ents, mentions, main) -> None:
    ordered = sorted(mentions, key=lambda m: m.start)
    votes: dict[int, Counter] = {}
    last_show = None
    passing = named_in_passing(ents, mentions, main)
    for m in ordered:
        kind = ents[m.entity].type
        confident = ents[m.entity].confidence > 0.5 or m.entity == main
        if kind == SHOW and confident and block_kind_at(doc, m.start) != "title" and m.entity not in passing:
            last_show = m.entity
        elif kind == CHAR:
            votes.setdefault(m.entity, Counter())[last_show if last_show is not None else main] += 1
    for ent_id, counter in votes.items():
        counter.pop(None, None)
        ents[ent_id].show = counter.most_common(1)[0][0] if counter else main


class _ShowMentions:
    """The mentions of shows, indexed for the questions a season asks of each (one pass over
    the mentions, not one per season: an article may name thousands of seasons)."""

    def __init__(self, ents, mentions):
        shows = sorted((m for m in mentions if ents[m.entity].type == SHOW), key=lambda m: m.start)
        self.by_start = {}
        for m in shows:
            self.by_start.setdefault(m.start, m.entity)
        self.by_end = sorted(shows, key=lambda m: m.end)
        self.ends = [m.end for m in self.by_end]
        self.confident = [m for m in shows if ents[m.entity].confidence > 0.5]
        self.confident_ends = [m.end for m in self.confident]  # (sorted too: mentions do not nest)

    def ending_before(self, pos: int, within: int):
        """The mentions ending in the `within` characters before `pos`, in the order named."""
        lo, hi = bisect_left(self.ends, pos - within), bisect_right(self.ends, pos)
        return sorted(self.by_end[lo:hi], key=lambda m: m.start)

    def last_confident_before(self, pos: int, since: int) -> int | None:
        k = bisect_right(self.confident_ends, pos) - 1
        while k >= 0 and self.confident[k].start >= since:
            if self.confident[k].end <= pos:
                return self.confident[k].entity
            k -= 1
        return None


_NTH_AND_FINAL = re.compile(r"\b(\w+)\s+and\s+(?:final|last)\s+(?:season|series)\b", re.I)
_THE_NEW_SEASON = re.compile(r"(?<=\bthe\s)(?:new|upcoming|coming|latest|forthcoming)\s+(?:season|series)\b(?!\s+of\b)", re.I)
_THE_FINAL_SEASON = re.compile(r"(?<=\bthe\s)(?:final|last)\s+season\b", re.I)
