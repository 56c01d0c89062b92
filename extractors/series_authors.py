"""Who wrote the books an article ties to one series: a sentence that ties a series to its writer
("the first two novels in Y's five-book run") reaches the books laid out with it, a sequel is
its predecessors' writer's when the statement linking it speaks of that writer's books, and a
list of titles takes the writer its introduction or the line after it names ("Y wrote all
five."). Facts made here are inferred, with the statement as evidence. The order of the books
is read first, by extractors/series.py."""

from __future__ import annotations

import re

from spacy.tokens import Doc

from extractors.doc_model import BOOK, SHOW, text_of
from extractors.series import span_evidence
from kg.extraction import Evidence, EntityKey, Fact


def same_series(facts: list[Fact], books: set[EntityKey]) -> set[EntityKey]:
    """`books` and every book linked to them by sequels, in either direction."""
    links: dict[EntityKey, set[EntityKey]] = {}
    for f in facts:
        if f.predicate == "sequel" and isinstance(f.object, EntityKey):
            links.setdefault(f.subject, set()).add(f.object)
            links.setdefault(f.object, set()).add(f.subject)
    seen, todo = set(books), list(books)
    while todo:
        for nxt in links.get(todo.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


# who wrote part of a series: "the last three books were written by", "the final two novels were completed by"
_PART = re.compile(r"\b(?:the\s+)?(?:last|final|first|later|earlier|other|remaining)\s+(?:two|three|four|five|six|\d+)\s+"
                   r"(?:books|novels|volumes|instal+ments)\s+(?:were|are)\s+(?:all\s+)?(?:written|penned|authored|"
                   r"completed|finished|co-written)\b", re.I)


def series_reach(facts: list[Fact], books: set[EntityKey], person: EntityKey, named: bool = True) -> set[EntityKey]:
    """The books an author statement about `books` reaches: the series they belong to, unless
    the article states another writer for one of its books (a series finished by someone
    else, or books wrongly linked): then only `books` themselves, if the statement `named`
    them, else none."""
    series = same_series(facts, books)
    others = {f.object for f in facts if f.predicate == "author" and not f.inferred and f.subject in series}
    if others - {person}:
        return set(books) if named else set()
    return series


def sequel_authors(facts: list[Fact]) -> list[Fact]:
    """"Y's first novel, A, was followed by B": a book with no writer of its own stated was
    written by the writer of the nearest books before it in the article's sequel chain (else
    after it), when those agree (a series finished by another writer stops it) and the sequel
    statement that links it to the chain speaks of that writer's books ("Y's first novel";
    "Y wrote A; it has a sequel, B" does not say who wrote B). Inferred,
    with that statement as evidence."""
    authors: dict[EntityKey, frozenset] = {}
    for f in facts:
        if f.predicate == "author" and isinstance(f.object, EntityKey):
            authors[f.subject] = authors.get(f.subject, frozenset()) | {f.object}
    after: dict[EntityKey, list[Fact]] = {}
    before: dict[EntityKey, list[Fact]] = {}
    for f in facts:
        if f.predicate == "sequel" and isinstance(f.object, EntityKey) and f.subject != f.object:
            after.setdefault(f.subject, []).append(f)
            before.setdefault(f.object, []).append(f)

    def nearest(book: EntityKey, links: dict, forward: bool) -> tuple[set[frozenset], Fact | None]:
        found, first, seen = set(), None, {book}
        todo = [(book, None)]
        while todo:
            cur, via = todo.pop()
            for f in links.get(cur, ()):
                nxt = f.object if forward else f.subject
                if nxt in seen:
                    continue
                seen.add(nxt)
                hop = via or f
                if nxt in authors:
                    found.add(authors[nxt])
                    first = first or hop
                else:
                    todo.append((nxt, hop))
        return found, first

    out = []
    for book in sorted(set(after) | set(before), key=lambda k: k.label):
        if book in authors:
            continue
        found, via = nearest(book, before, forward=False)  # a sequel is its predecessors' writer's ...
        if not found:
            found, via = nearest(book, after, forward=True)  # ... else its successors'
        if len(found) != 1:
            continue  # no writer, or writers that disagree
        ev = via.evidence
        for person in sorted(next(iter(found)), key=lambda k: k.label):
            if not re.search(rf"\b{re.escape(person.label.split()[-1])}['’]s\b", ev.sentence):
                continue
            out.append(Fact(book, "author", person, Evidence(ev.sentence, ev.start, ev.end, "lore_relations:sequel-author",
                                                             round(ev.confidence * 0.9, 2)), inferred=True))
    return out


def part_of_series(sentence: str) -> bool:
    return _PART.search(sentence) is not None


def series_sentence_authors(doc: Doc, raw: list, ents: list, keys, facts: list[Fact]) -> list[Fact]:
    """"A and B, the first two novels in Y's five-book run": a sentence that ties a series to
    its writer ("Y's novels", "a trilogy by Y") ties the books it names, and the books the
    article lays out with them, to Y. A book the article gives another writer keeps its own."""
    authors: dict[EntityKey, set[EntityKey]] = {}
    for f in facts:
        if f.predicate == "author":
            authors.setdefault(f.subject, set()).add(f.object)
    out = []
    mentions = doc._.lore_mentions or []
    for f in raw:
        if f.predicate != "_series_author" or not isinstance(f.object, int):
            continue
        person = keys.key(f.object)
        if person is None or person.cls != "Person":
            continue
        named = {keys.key(m.entity) for m in mentions
                 if f.sentence_start <= m.start < f.sentence_end and ents[m.entity].type == BOOK}
        named.discard(None)
        if not named:
            continue
        ev = span_evidence(doc, f.sentence_start, f.sentence_end, "series-author", round(f.confidence * 0.9, 2))
        # "the last three books were written by Y: A, B and C": that part of the series only
        part = _PART.search(text_of(doc)[f.sentence_start:f.sentence_end])
        reach = named if part else series_reach(facts, named, person)
        for book in sorted(reach, key=lambda k: k.label):
            if authors.get(book) and person not in authors[book]:
                continue
            if person in authors.get(book, set()):
                continue
            authors.setdefault(book, set()).add(person)
            out.append(Fact(book, "author", person, ev, inferred=True))
    return out


_WROTE_ALL = re.compile(r"^\s*(?:wrote|penned|authored|has written|is the author of)\s+(?:them\s+)?(?:all|both|each|every)\b", re.I)


def list_authors(doc: Doc, ents: list, keys, facts: list[Fact]) -> list[Fact]:
    """The writer of a list of titles (read by `book_order`, which must run first): "Y wrote all
    five." right after it; "Y's novels, in order:" or "the books by Y:" before it; "Most
    readers know it in six volumes:" before it, where "it" is a book whose writer is known."""
    text = text_of(doc)
    stated = {(f.subject, f.object) for f in facts if f.predicate == "author"}
    writers: dict[EntityKey, EntityKey] = {}
    for f in facts:
        if f.predicate == "author" and not f.inferred:
            writers.setdefault(f.subject, f.object)
    out = []
    for run, after, (i_start, i_end, _) in doc.user_data.get("lore_title_lists", []):
        person, where = None, None
        for m in doc._.lore_mentions or []:
            if after and after[0] <= m.start < after[1] and ents[m.entity].type == "PERSON" and \
                    _WROTE_ALL.match(text[m.end:after[1]]):
                person, where = keys.key(m.entity), after
                break
        if person is None:
            person, where = _intro_writer(doc, ents, keys, writers, i_start, i_end), (i_start, i_end)
        if person is None:
            continue
        ev = span_evidence(doc, where[0], where[1], "list-author", 0.7)
        for book in (keys.key(b) for b in run):
            if book is not None and (book, person) not in stated:
                stated.add((book, person))
                out.append(Fact(book, "author", person, ev, inferred=True))
    return out


_INTRO_POSSESSIVE = re.compile(r"^['’]s\s+(?:[\w-]+\s+){0,3}?(?:novels|books|volumes|titles|series|instal+ments)\b", re.I)
_INTRO_BY = re.compile(r"\b(?:novels|books|volumes|titles|instal+ments)\s+(?:written\s+)?by\s+$", re.I)
_INTRO_IT = re.compile(r"\b(?:it|its)\b[^.]*\b(?:volumes|books|instal+ments|parts|collections|editions)\b", re.I)


def _intro_writer(doc: Doc, ents: list, keys, writers: dict, start: int, end: int) -> EntityKey | None:
    """The writer a list's introduction names ("Y's novels:", "the books by Y:"), or the writer
    of the book its "it" stands for, the book named last before it ("read it in six volumes:")."""
    text = text_of(doc)
    it = _INTRO_IT.search(text[start:end])
    before = None
    for m in sorted(doc._.lore_mentions or [], key=lambda m: m.start):
        if m.start >= end:
            break
        e = ents[m.entity]
        if m.start >= start and e.type == "PERSON" and m.kind != "pronoun" and (
                _INTRO_POSSESSIVE.match(text[m.end:end]) or _INTRO_BY.search(text[start:m.start])):
            return keys.key(m.entity)
        if it and m.start < start + it.start() and e.type in (BOOK, SHOW) and m.kind != "pronoun":
            before = m.entity
    if before is None:
        return None
    key = keys.key(before)  # a show's title stands for its book too ("X is written and drawn by Y")
    return writers.get(key) or writers.get(EntityKey("Book", key.label)) if key is not None else None
