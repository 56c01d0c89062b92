"""Document-level reading of book series: the order of the books an article names (who wrote
them is extractors/series_authors.py), and the books a season table says each season adapts.

An article lays a series out across sentences: "the first novel, A", "book three, C", "the
series begins with A", "Y followed A with B", "A (1992), B (1994) and C (1995)", a numbered
list of titles. Each statement gives a book a place or links two books; places spread along
the links ("book three, C" after "Y followed A with B" and "the series begins with A" makes
B -> C), and consecutive places make sequels. The sequels made here are inferred, with the
statement that placed the later book as evidence.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from extractors import skeleton
from extractors.doc_model import BOOK, DATE, block_kind_at, sentence_at, text_of
from kg.extraction import Evidence, EntityKey, Fact
from kg.text import name_key

WORD_ORDINALS = {
    "first": 1, "1st": 1, "opening": 1, "debut": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3,
    "fourth": 4, "4th": 4, "fifth": 5, "5th": 5, "sixth": 6, "6th": 6, "seventh": 7, "7th": 7,
    "eighth": 8, "8th": 8, "ninth": 9, "tenth": 10,
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
}
# "the series begins with X": the verb places X first
STARTS = ("begin", "began", "open", "start", "kick")
# a sentence that introduces titles as a series or a reading order
SERIES_CUE = re.compile(r"\b(?:novels|books|trilogy|series|saga|sequels?|sequence|quartet|duology|volumes|"
                        r"followed|order|instal?lments)\b", re.I)
_DATED_TITLE = re.compile(r"§BOOK(\d+) \( §DATE(\d+) \)")
_DATED_SEP = re.compile(r" (?:,|, and|and|;|, then|then) ")
# one line of a list of titles: "1. A", "- A (1992)", "A (1992), which is followed by", "and C (1995)"
LIST_ITEM = re.compile(r"^\s*(?:(?P<n>\d{1,2})[.)]\s+|(?P<bullet>[-*•])\s+)?(?:and\s+)?(?P<title>[^\s(][^()]*?)"
                       r"\s*(?:\((?P<year>\d{4})\))?\s*(?P<rest>[,;.:].*)?$")
LIST_INTRO = re.compile(r"\b(?:novels|books|series|sequence|order|trilogy|saga|instal+ments|volumes)\b", re.I)


def list_items(text: str, blocks: list, i: int) -> list[tuple[int, int, int | None]]:
    """The list of titles that starts at block `i`: (title start, title end, number) per line.
    A line is an item when it is numbered or bulleted, gives the title a year, or stands alone
    under a line ending in a colon (a list whose markers the format took away); a line with
    more after the title must give the year."""
    out: list[tuple[int, int, int | None]] = []
    years: list[int] = []
    colon = i > 0 and text[blocks[i - 1][0]:blocks[i - 1][1]].rstrip().endswith(":")
    for start, end, _ in blocks[i:]:
        m = LIST_ITEM.match(text[start:end])
        if m is None or len(m.group("title").split()) > 8:
            break
        marked = m.group("n") or m.group("bullet")
        if not (marked or m.group("year") or colon) or (m.group("rest") and not m.group("year")):
            break
        if m.group("year"):
            if years and int(m.group("year")) < years[-1]:
                break
            years.append(int(m.group("year")))
        out.append((start + m.start("title"), start + m.end("title"), int(m.group("n")) if m.group("n") else None))
    numbers = [n for _, _, n in out if n is not None]
    if numbers and (len(numbers) != len(out) or any(b != a + 1 for a, b in zip(numbers, numbers[1:]))):
        return []
    return out


def ordinal_value(word: str) -> int | None:
    w = (word or "").lower().strip()
    if w.isdigit():
        return int(w)
    if w.startswith(STARTS):
        return 1
    return WORD_ORDINALS.get(w)


class _Order:
    """Places of books in their series and links between consecutive books."""

    def __init__(self):
        self.place: dict[EntityKey, int] = {}
        self.where: dict[EntityKey, Evidence] = {}
        self.links: list[tuple[EntityKey, EntityKey, Evidence]] = []

    def put(self, book: EntityKey, n: int, ev: Evidence) -> None:
        if book.cls == "Book" and n > 0 and book not in self.place:
            self.place[book] = n
            self.where[book] = ev

    def spread(self) -> None:
        """Places move along links: a book after a placed one is one place further."""
        changed = True
        while changed:
            changed = False
            for a, b, ev in self.links:
                if a in self.place and b not in self.place:
                    self.put(b, self.place[a] + 1, ev)
                    changed = True
                elif b in self.place and a not in self.place and self.place[b] > 1:
                    self.put(a, self.place[b] - 1, ev)
                    changed = True

    def sequels(self) -> list[tuple[EntityKey, EntityKey, Evidence]]:
        by_place: dict[int, EntityKey] = {}
        for book, n in self.place.items():
            by_place.setdefault(n, book)  # the first book the article gives that place
        out = []
        for n, book in sorted(by_place.items()):
            nxt = by_place.get(n + 1)
            if nxt is not None and nxt != book:
                out.append((book, nxt, self.where[nxt]))
        return out


def span_evidence(doc: Doc, start: int, end: int, rule: str, confidence: float) -> Evidence:
    return Evidence(text_of(doc)[start:end].strip(), start, end, f"lore_relations:{rule}", confidence)


def book_order(doc: Doc, raw: list, ents: list, keys, facts: list[Fact]) -> list[Fact]:
    """Sequel facts from the places and lists of books across the article (see module doc)."""
    order = _Order()
    for f in raw:
        if f.predicate == "_ordinal" and isinstance(f.object, str):
            n, key = ordinal_value(f.object), keys.key(f.subject)
            if n and key is not None:
                order.put(key, n, span_evidence(doc, f.sentence_start, f.sentence_end, "book-order", f.confidence))
    listed = _dated_lists(doc, ents, keys) + _numbered_lists(doc, ents, keys)
    for f in facts:
        if f.predicate == "sequel" and isinstance(f.object, EntityKey):
            order.links.append((f.subject, f.object, f.evidence))
    order.links.extend(listed)
    order.spread()
    stated = {(f.subject, f.object) for f in facts if f.predicate == "sequel"}
    stated |= {(o, s) for s, o in stated}
    out = []
    for a, b, ev in listed + order.sequels():
        if (a, b) not in stated and a != b:
            stated |= {(a, b), (b, a)}
            out.append(Fact(a, "sequel", b, Evidence(ev.sentence, ev.start, ev.end, "lore_relations:book-order",
                                                     round(ev.confidence * 0.9, 2)), inferred=True))
    return out


def _sentence_atoms(doc: Doc, ents: list, sent) -> tuple[str, list]:
    mentions = [m for m in doc._.lore_mentions or [] if sent.start_char <= m.start and m.end <= sent.end_char]
    atoms = sorted({(m.start, m.end, f"§{ents[m.entity].type}{m.entity}") for m in mentions}, key=lambda a: (a[0], -a[1]))
    disjoint = []
    for a in atoms:
        if not disjoint or a[0] >= disjoint[-1][1]:
            disjoint.append(a)
    text, _ = skeleton.build(sent, disjoint)
    return text, mentions


def _dated_lists(doc: Doc, ents: list, keys) -> list[tuple[EntityKey, EntityKey, Evidence]]:
    """"the novels A (1992), B (1994) and C (1995)": titles with rising years, in a sentence
    that speaks of them as a series, follow one another."""
    out = []
    for sent in doc.sents:
        if block_kind_at(doc, sent.start_char) != "body" or not SERIES_CUE.search(sent.text):
            continue
        text, _ = _sentence_atoms(doc, ents, sent)
        items = list(_DATED_TITLE.finditer(text))
        years = [_year(ents[int(m.group(2))]) for m in items]
        joined_all = all(_DATED_SEP.fullmatch(text[a.end():b.start()]) for a, b in zip(items, items[1:]))
        if joined_all and any(x is not None and y is not None and y < x for x, y in zip(years, years[1:])):
            continue  # "three of her books: A (2002), B (2006) and C (1994)": a selection, not the order
        run: list[tuple[int, int]] = []
        for i, m in enumerate(items):
            book, date = int(m.group(1)), int(m.group(2))
            year = _year(ents[date])
            joined = i > 0 and _DATED_SEP.fullmatch(text[items[i - 1].end():m.start()]) is not None
            if run and joined and year is not None and run[-1][1] is not None and year > run[-1][1]:
                run.append((book, year))
                continue
            out += _links(doc, sent, run, keys, "dated-list")
            run = [(book, year)]
        out += _links(doc, sent, run, keys, "dated-list")
    return out


def _numbered_lists(doc: Doc, ents: list, keys) -> list[tuple[EntityKey, EntityKey, Evidence]]:
    """Consecutive list lines that each name one book, under a line that speaks of a series or
    an order; "After A, the sequence runs:" puts A before the first."""
    text = text_of(doc)
    blocks = doc._.lore_blocks or []
    doc.user_data["lore_title_lists"] = []
    by_start = {}
    for m in doc._.lore_mentions or []:
        if ents[m.entity].type == BOOK:
            by_start.setdefault(m.start, m.entity)
    out, i = [], 1
    while i < len(blocks):
        items = list_items(text, blocks, i)
        run = []
        for start, _, _ in items:
            if start not in by_start:
                break
            run.append(by_start[start])
        intro_start, intro_end, _ = blocks[i - 1]
        intro = text[intro_start:intro_end]
        if len(run) >= 2 and LIST_INTRO.search(intro):
            before = _after_book(doc, ents, intro_start, intro_end, intro)
            if before is not None:
                run.insert(0, before)
            ev = span_evidence(doc, intro_start, blocks[i + len(items) - 1][1], "title-list", 0.7)
            for a, b in zip(run, run[1:]):
                ka, kb = keys.key(a), keys.key(b)
                if ka is not None and kb is not None and ka != kb:
                    out.append((ka, kb, ev))
            after = blocks[i + len(items)] if i + len(items) < len(blocks) else None
            doc.user_data["lore_title_lists"].append((run, after, blocks[i - 1]))
        i += max(1, len(items))
    return out


def _after_book(doc: Doc, ents: list, start: int, end: int, intro: str) -> int | None:
    """The book an "After A, ..." line names."""
    for m in doc._.lore_mentions or []:
        if start <= m.start < end and ents[m.entity].type == BOOK and re.search(r"\bafter\s+$", intro[:m.start - start], re.I):
            return m.entity
    m = re.match(r"\s*after\s+(.+?)\s*,", intro, re.I)
    if m:
        key = name_key(m.group(1))
        for e in ents:
            if e.type == BOOK and name_key(e.label) == key:
                return e.id
    return None


def _year(ent) -> int | None:
    if ent.type != DATE or not ent.value:
        return None
    head = ent.value[:4]
    return int(head) if head.isdigit() else None


def _links(doc: Doc, sent, run, keys, rule: str) -> list:
    out = []
    if len(run) < 2:
        return out
    s_start, s_end = sentence_at(doc, sent.start_char)
    ev = span_evidence(doc, s_start, s_end, rule, 0.75)
    for (a, _), (b, _) in zip(run, run[1:]):
        ka, kb = keys.key(a), keys.key(b)
        if ka is not None and kb is not None and ka != kb:
            out.append((ka, kb, ev))
    return out


# a season table: "Season; Episodes; First aired; Source novel" over rows "1; 10; ...; The Rookery Key"
# the header may qualify its word ("Main source novel", "Primary source", "Novel(s) adapted")
_SOURCE_COLUMN = re.compile(r"^(?:[\w-]+\s+){0,2}(?:source(?:\s+(?:novels?|books?|material))?|based\s+on|adapts|"
                            r"adapted\s+from|novels?|books?|novels?\s+adapted|books?\s+adapted)(?:\s*\(s\))?$", re.I)
_SEASON_COLUMN = re.compile(r"^(?:season|series|no\.?)$", re.I)


def season_table_cells(text: str, blocks: list) -> list[tuple[int, int, int]]:
    """(cell start, cell end, season number) of the source-book cells of season tables."""
    out = []
    for i, (start, end, _) in enumerate(blocks):
        cells = [c.strip() for c in text[start:end].split(";")]
        if len(cells) < 2 or not _SEASON_COLUMN.match(cells[0]):
            continue
        column = next((k for k, c in enumerate(cells) if _SOURCE_COLUMN.match(c)), None)
        if column is None:
            continue
        for r_start, r_end, _ in blocks[i + 1:]:
            row = text[r_start:r_end]
            parts = row.split(";")
            if len(parts) != len(cells) or not parts[0].strip().isdigit():
                break
            offset = r_start + sum(len(p) + 1 for p in parts[:column])
            cell = parts[column]
            lead = len(cell) - len(cell.lstrip())
            out.append((offset + lead, offset + len(cell.rstrip()), int(parts[0])))
    return out


def season_table_facts(doc: Doc, ents: list, keys, main: int | None) -> list[Fact]:
    """The book a season table's source column names for each season: adapts."""
    if main is None or keys.key(main) is None:
        return []
    text = text_of(doc)
    show = keys.key(main)
    out = []
    for start, end, n in season_table_cells(text, doc._.lore_blocks or []):
        for m in doc._.lore_mentions or []:
            if m.start == start and m.end == end and ents[m.entity].type == BOOK:
                season = EntityKey("Season", f"{show.label} season {n}", show.label, n)
                out.append(Fact(season, "adapts", keys.key(m.entity), span_evidence(doc, start, end, "season-table", 0.75)))
    return out
