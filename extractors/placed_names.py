"""Names the entity finder missed or mistyped, read from where they stand: the titles of a list
of books ("the series runs: 1. A, 2. B"), of a season table's source column, of a book's slot
("the second book, X", "a sequel, X", "Y followed A with X") and of a dated list ("the novels
A (2001) and B (2003)") are books; a book's title written out again and a known person's bare
surname are mentions of them. Used by `lore_coref` (extractors/coref.py)."""

from __future__ import annotations

import re

from extractors import series
from extractors.doc_model import (
    BOOK, CHAR, ORG, PERSON, SHOW, LoreMention, block_kind_at, find_names, sentence_at, sentence_bounds,
)
from extractors.mention_lookup import find_or_add, taken


def title_lists(doc, text, ents, mentions, main, lex) -> None:
    """A list of titles ("1. A", "A (1992), which is followed by") under a line about books
    in order ("the main sequence runs:", "the series runs like this:"): each item is a book."""
    blocks = doc._.lore_blocks or []
    i = 1
    while i < len(blocks):
        items = [it for it in series.list_items(text, blocks, i) if title_like(text[it[0]:it[1]], lex)]
        intro = text[blocks[i - 1][0]:blocks[i - 1][1]]
        if len(items) >= 2 and series.LIST_INTRO.search(intro):
            spans = [(start, end) for start, end, _ in items]
            for start, end in spans:
                same = [m for m in mentions if m.start == start and m.end == end]
                if not taken(mentions, start, end):
                    book = find_or_add(ents, BOOK, text[start:end])
                    mentions.append(LoreMention(start, end, book, "name"))
                    continue
                e = ents[same[0].entity] if same else None
                only_here = e is not None and all(any(a <= m.start < b for a, b in spans)
                                                  for m in mentions if m.entity == e.id)
                if e is not None and e.type in (SHOW, ORG) and e.id != main and (e.confidence <= 0.5 or only_here):
                    e.type = BOOK  # a title in the list, typed by no cue elsewhere
        i += max(1, len(items))


def season_table_books(doc, text, ents, mentions, main, lex) -> None:
    """A title in the source column of a season table ("Season; Episodes; Source novel") is
    a book."""
    for start, end, _ in series.season_table_cells(text, doc._.lore_blocks or []):
        same = [m for m in mentions if m.start == start and m.end == end]
        if same:
            e = ents[same[0].entity]
            if e.type in (SHOW, ORG) and e.id != main and e.confidence <= 0.75:
                e.type = BOOK
        elif not taken(mentions, start, end) and title_like(text[start:end], lex):
            mentions.append(LoreMention(start, end, find_or_add(ents, BOOK, text[start:end]), "name"))


def book_slots(doc, text, ents, mentions, main, lex) -> None:
    """A name in a book's place ("the second book, X", "a sequel, X", "Y followed A with X",
    "the sequel to A is X") that the names typed a show or an organisation on weak evidence
    is a book."""
    for m in sorted(mentions, key=lambda m: m.start):
        e = ents[m.entity]
        if m.kind != "name" or e.type not in (SHOW, ORG) or e.id == main or e.confidence > 0.75:
            continue
        s_start, _ = sentence_at(doc, m.start)
        before = text[max(s_start, m.start - 80):m.start]
        followed = "followed" in text[s_start:m.start].lower() and _WITH_SLOT.search(before)
        if _BOOK_SLOT.search(before) or followed:
            e.type = BOOK
    for m in _SLOT_TITLE.finditer(text):
        start, title = m.start("title"), m.group("title")
        while " " in title and title.split()[-1].lower() in _TRAILING:
            title = title.rsplit(" ", 1)[0]
        if title.lower() in _TRAILING:  # "A", "The": no title at all
            continue
        end = start + len(title)
        if taken(mentions, start, end) or block_kind_at(doc, start) != "body":
            continue
        s_start, _ = sentence_at(doc, start)
        before = text[max(s_start, start - 80):start]
        if len(title.split()) < 2 and (lex.is_common(title.lower()) or not _BOOK_NUMBER.search(before)):
            continue  # one word is a title only where the text numbers it: "book two is Kestrel"
        followed = "followed" in text[s_start:start].lower() and _WITH_SLOT.search(before)
        if _BOOK_SLOT.search(before) or followed:
            mentions.append(LoreMention(start, end, find_or_add(ents, BOOK, title), "name"))


def dated_titles(doc, text, ents, mentions, main) -> None:
    """"the novels A (2001), B (2003) and C (2006)": names listed with years beside a book,
    or after the series word itself ("the novels by X: A (2010) and B (2013)"), are books
    too, unless something typed them firmly (a name only the NER called a person is not)."""
    for s_start, s_end in sentence_bounds(doc):
        cue = series.SERIES_CUE.search(text[s_start:s_end])
        if not cue:
            continue
        dated = [m for m in mentions if s_start <= m.start < s_end and m.kind == "name"
                 and re.match(r"[*_\"”]*\s*\(\s*\d{4}\s*\)", text[m.end:m.end + 12])]
        if len(dated) < 2 or not (any(ents[m.entity].type == BOOK for m in dated)
                                  or s_start + cue.end() <= dated[0].start):
            continue
        for m in dated:
            e = ents[m.entity]
            if e.id != main and (e.type in (SHOW, ORG) and e.confidence <= 0.75
                                 or e.type == PERSON and e.confidence <= 0.5):
                e.type = BOOK


def known_titles(doc, text, ents, mentions) -> None:
    """A book's title written out again where the names were not found ("Jordan
    followed The Eye of the World with ..."): the same entity."""
    titles = {}
    for e in ents:
        if e.type == BOOK and len(e.label.split()) >= 2 and e.label[:1].isupper():
            titles.setdefault(e.label, e.id)
    for start, end, label in find_names(text, titles, left=r"\w'’", right=r"\w'’"):
        if not taken(mentions, start, end) and block_kind_at(doc, start) in ("body", "heading"):
            mentions.append(LoreMention(start, end, titles[label], "name"))


def surnames(doc, text, ents, mentions) -> None:
    """"Jordan followed ...": a real person's surname alone, where no name was found, is
    that person, when no other entity's name holds the word."""
    owners: dict[str, set[int]] = {}
    for e in ents:
        if e.type in (PERSON, CHAR, SHOW, BOOK, ORG):
            for word in re.findall(r"[\w'’-]+", e.label):
                owners.setdefault(word, set()).add(e.id)
    surnames = {}
    for e in ents:
        words = e.label.split()
        if e.type != PERSON or len(words) < 2 or e.confidence <= 0.5:
            continue
        last = words[-1]
        if len(last) >= 3 and last[:1].isupper() and owners.get(last, set()) == {e.id}:
            surnames[last] = e.id
    for start, end, last in find_names(text, surnames):
        if not taken(mentions, start, end) and block_kind_at(doc, start) == "body":
            mentions.append(LoreMention(start, end, surnames[last], "name"))


def title_like(title: str, lex) -> bool:
    words = title.split()
    small = set(lex.cues["title_words_lowercase_ok"])
    return 0 < len(words) <= 8 and words[0][:1].isupper() and all(w[:1].isupper() or w in small for w in words)


_BOOK_SLOT = re.compile(
    r"(?:\b(?:sequel|follow-up|prequel|(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|next|final|"
    r"last|opening|debut) (?:book|novel|novella|volume|instal+ment|entry)|book (?:one|two|three|four|five|six|seven|"
    r"eight|nine|ten|\d{1,2})(?:\s+(?:is|was))?|a (?:second|third|fourth|fifth|sixth|seventh)|(?:the|her|his|their|'s|’s) (?:[\w-]+ )?"
    r"(?:novel|book|novella))\s*[,:]?|\b(?:sequel|follow-up) to [^.;]{1,60}?\b(?:is|was))\s*[\"“*_]*$", re.I)
_BOOK_NUMBER = re.compile(r"\bbook\s+(?:one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s*(?:[,:]|is|was)\s*$", re.I)
_TRAILING = {"of", "the", "and", "in", "on", "a", "an", "to", "for", "at", "from", "with", "&"}
# a capitalised title after a comma, "with" or "is" ("with The Oyster Lantern", "book three, The Weir Keeper")
_SLOT_TITLE = re.compile(r"(?:,|\bwith|\bis|\bwas)\s+[\"“*_]*(?P<title>(?:The |A |An )?[A-Z][\w'’-]*"
                         r"(?: (?:of|the|and|in|on|a|an|to|for|at|from|with|&|[A-Z][\w'’-]*))*)")
_WITH_SLOT = re.compile(r"\bwith\s+(?:a |the )?[\"“*_]*$", re.I)
