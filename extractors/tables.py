"""Tables whose header says what each column holds: "| Title | Author | Published |" in a
listicle, "Series; Network; Created by" in a roundup. kg.sources writes a table row as one
block of cells joined by "; ". A cell under a typed column is a name of that type, whole
("Harbour Lights: Low Tide" is one title, though it holds a show's name), and a row links
its cells: the title's author, the show's network, its creator.

Season tables ("Season; Episodes; Source novel") are read by extractors/series.py.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from extractors.doc_model import BOOK, ORG, PERSON, SHOW

# header word -> role; the title column's class comes from the other columns
_ROLES = [
    (re.compile(r"^(?:title|name|book|novel|book title|novel title|work)s?$", re.I), "title"),
    (re.compile(r"^(?:show|series|programme|program|tv series|television series|drama)s?$", re.I), "show"),
    (re.compile(r"^(?:authors?|writers?|written by|novelists?|by)$", re.I), "author"),
    (re.compile(r"^(?:network|channel|broadcaster|streamer|platform|service|where to watch|original network)$", re.I),
     "network"),
    (re.compile(r"^(?:creators?|created by|showrunners?|developed by|developers?)$", re.I), "creator"),
]
# what a row says, by the roles of two of its columns: (predicate, subject role, object role)
LINKS = [("author", "title", "author"), ("network", "show", "network"), ("createdBy", "show", "creator")]
_SPLIT = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s*&\s*|\s*/\s*)\s*")
MAX_CELL = 80  # characters: a longer cell is prose, not a name


@dataclass(frozen=True)
class Cell:
    start: int
    end: int
    cls: str  # BOOK, SHOW, PERSON or ORG
    role: str
    row: int  # the row's block start


def _role(header: str) -> str | None:
    return next((role for rx, role in _ROLES if rx.match(header.strip())), None)


def _typed_header(text: str, start: int, end: int) -> list[str | None] | None:
    header = text[start:end].split(";")
    roles = [_role(h) for h in header]
    return roles if len(header) >= 2 and len([r for r in roles if r]) >= 2 else None


def header_spans(text: str, blocks: list) -> list[tuple[int, int]]:
    """The header rows of typed tables: column names, not names of anything."""
    return [(start, end) for start, end, _ in blocks if _typed_header(text, start, end)]


def typed_cells(text: str, blocks: list) -> list[Cell]:
    """Every name cell of every table with a typed header; a cell of several people ("A, B
    and C") is one cell per name."""
    out: list[Cell] = []
    for i, (start, end, _) in enumerate(blocks):
        roles = _typed_header(text, start, end)
        if roles is None:
            continue
        header = text[start:end].split(";")
        if "title" in roles and "show" not in roles and ("network" in roles or "creator" in roles):
            roles = ["show" if r == "title" else r for r in roles]  # "Title; Network": shows
        if "title" in roles and "author" not in roles:
            continue  # a title column says a book only beside its author
        for r_start, r_end, _ in blocks[i + 1:]:
            parts = text[r_start:r_end].split(";")
            if len(parts) != len(header):
                break
            offset = r_start
            for part, role in zip(parts, roles):
                if role is not None and len(part.strip()) <= MAX_CELL:
                    out += _cells(text, offset, part, role, r_start)
                offset += len(part) + 1
    return out


def _cells(text: str, offset: int, part: str, role: str, row: int) -> list[Cell]:
    cls = {"title": BOOK, "show": SHOW, "author": PERSON, "creator": PERSON, "network": ORG}[role]
    pieces = [(offset, part)]
    if cls in (PERSON, ORG):
        pieces, pos = [], 0
        for m in list(_SPLIT.finditer(part)) + [None]:
            end = m.start() if m else len(part)
            pieces.append((offset + pos, part[pos:end]))
            pos = m.end() if m else pos
    out = []
    for start, piece in pieces:
        lead = len(piece) - len(piece.lstrip())
        body = piece.strip().strip("*_\"“”‘’")
        if not body or not body[0].isupper():
            continue
        s = text.find(body, start + lead)
        out.append(Cell(s, s + len(body), cls, role, row))
    return out


def table_candidates(doc, cands: list, candidate_type) -> list:
    """One whole candidate per typed cell, voted its column's class, in place of the
    candidates the rules found inside it."""
    from extractors.doc_model import text_of

    text = text_of(doc)
    heads = header_spans(text, doc._.lore_blocks or [])
    cells = typed_cells(text, doc._.lore_blocks or [])
    if not heads and not cells:
        return cands
    out = [c for c in cands if not any(s <= c.start and c.end <= e for s, e in heads)]
    starts = [c.start for c in out]
    replaced: set[int] = set()
    added = []
    for cell in cells:  # candidates are sorted and cells do not overlap: look only near each cell
        lo = bisect_left(starts, cell.start)
        while lo > 0 and out[lo - 1].end > cell.start:
            lo -= 1
        near = [k for k in range(lo, bisect_left(starts, cell.end)) if out[k].start < cell.end]
        if any(not (cell.start <= out[k].start and out[k].end <= cell.end) for k in near):
            continue  # a candidate straddles the cell's edge: the rules decide
        replaced.update(near)
        whole = candidate_type(cell.start, cell.end, text[cell.start:cell.end], "body", False, whole=True)
        whole.vote(cell.cls, TABLE_VOTE)
        added.append(whole)
    return sorted([c for k, c in enumerate(out) if k not in replaced] + added, key=lambda c: c.start)


TABLE_VOTE = 3.0  # a column's header outweighs the shape of a name ("Ada Crane" as a title)


def table_facts(doc, ents: list, keys) -> list:
    """The links each row of a typed table states: a title's author, a show's network and
    creator. Evidence: the row."""
    from extractors.doc_model import text_of
    from kg.extraction import Evidence, Fact

    text = text_of(doc)
    by_span = {(m.start, m.end): m for m in doc._.lore_mentions or []}
    rows: dict[int, dict[str, list]] = {}
    for cell in typed_cells(text, doc._.lore_blocks or []):
        m = by_span.get((cell.start, cell.end))
        key = keys.key(m.entity) if m is not None else None
        if key is not None and ents[m.entity].type == cell.cls:
            rows.setdefault(cell.row, {}).setdefault(cell.role, []).append(key)
    out = []
    for row, cells in rows.items():
        end = text.find("\n", row)
        sentence = text[row:end if end >= 0 else len(text)].strip()
        ev = Evidence(sentence, row, row + len(sentence), "lore_relations:table-row", 0.8)
        for predicate, subject, obj in LINKS:
            out += [Fact(s, predicate, o, ev) for s in cells.get(subject, []) for o in cells.get(obj, [])]
    return out
