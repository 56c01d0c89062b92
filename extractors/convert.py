"""Turn a processed Doc into an `Extraction`: entity keys, mentions, facts with evidence."""

from __future__ import annotations

import re

from spacy.tokens import Doc

from extractors.main_show import main_show
from extractors.family import family_facts
from extractors.gender import gender_statements
from extractors.doc_model import (
    CHAR, DATE, GRAPH_TYPES, ORG, PERSON, SEASON, SERIES_MATE, LoreEntity, LoreFact, block_kind_at, sentence_at, text_of,
)
from extractors.pronouns import expand_group_facts
from extractors.relations import STRONG_PERSON
from extractors.status import supersede_statuses
from extractors.tables import table_facts
from extractors.series import book_order, ordinal_value, season_table_facts
from extractors.series_authors import list_authors, part_of_series, sequel_authors, series_reach, series_sentence_authors
from kg.extraction import Evidence, EntityKey, Extraction, Fact, Literal, Mention

_SERIES = r"(?:series|novels|books|trilogy|saga|duology|quartet|sequence|cycle)"
# "the book series by X", "X's romance series", "the trilogy, written by X"
_SERIES_WORDS = re.compile(rf"\b{_SERIES}\b,?\s+(?:(?:written|penned|authored|co-written)\s+)?by\b|['’]s\s+(?:[\w-]+\s+){{0,3}}?{_SERIES}\b", re.I)


class _Keys:
    def __init__(self, ents: list[LoreEntity]):
        self.ents = ents

    def key(self, i: int) -> EntityKey | None:
        e = self.ents[i]
        if e.type in GRAPH_TYPES:
            scope = self.ents[e.show].label if e.type == CHAR and e.show is not None else None
            return EntityKey(GRAPH_TYPES[e.type], e.label, scope)
        if e.type == SEASON and e.show is not None:
            show = self.ents[e.show].label
            return EntityKey("Season", f"{show} season {e.value}", show, int(e.value))
        return None

    def show_of_season(self, i: int) -> EntityKey | None:
        e = self.ents[i]
        return self.key(e.show) if e.type == SEASON and e.show is not None else None


def to_extraction(doc: Doc, document, *, pipeline: str, version: str) -> Extraction:
    ents: list[LoreEntity] = doc._.lore_entities or []
    facts = expand_group_facts(doc, ents, doc._.lore_facts or [], STRONG_PERSON)
    mates = [f for f in facts if f.predicate == SERIES_MATE]
    facts = [f for f in facts if f.predicate != SERIES_MATE]
    keys = _Keys(ents)
    out = Extraction(pipeline=pipeline, pipeline_version=version)
    for e in ents:
        key = keys.key(e.id)
        if key is not None and e.type != SEASON:
            out.add_entity(key)
            for alias in e.aliases:
                out.add_entity(key, alias)
    text = text_of(doc)
    for m in doc._.lore_mentions or []:
        key = keys.key(m.entity)
        if key is not None and m.kind != "pronoun" and key in out.entities:
            out.mentions.append(Mention(key, m.start, m.end, text[m.start:m.end]))
    for f in facts:
        out.facts.extend(_facts(doc, f, ents, keys, out))
    out.facts.extend(_characters(doc, ents, keys))
    out.facts.extend(book_order(doc, facts, ents, keys, out.facts))
    out.facts = _next_books_only(out.facts)
    for f in season_table_facts(doc, ents, keys, main_show(doc, ents, doc._.lore_mentions or [])):
        out.add_entity(f.subject)
        out.facts.append(f)
    out.facts.extend(table_facts(doc, ents, keys))
    out.facts.extend(_first_book_sources(doc, facts, ents, keys, out.facts))
    out.facts.extend(_same_title_sources(doc, out.facts, out.entities))
    out.facts.extend(_series_authors(out.facts))
    out.facts.extend(series_sentence_authors(doc, facts, ents, keys, out.facts))
    out.facts.extend(list_authors(doc, ents, keys, out.facts))
    out.facts.extend(_show_series_authors(doc, facts, keys, out.facts))
    out.facts.extend(sequel_authors(out.facts))
    out.facts.extend(_series_mate_authors(doc, mates, keys, out.facts))
    out.facts.extend(family_facts(out.facts))
    out.facts = supersede_statuses(doc, ents, out.facts, getattr(document, "published", None))
    out.writer, out.site = _writer_and_site(doc, ents, document)
    out.genders = gender_statements(doc, out)
    return out


def _evidence(doc: Doc, f: LoreFact, rule: str | None = None) -> Evidence:
    return Evidence(text_of(doc)[f.sentence_start:f.sentence_end].strip(), f.sentence_start, f.sentence_end,
                    rule or f.rule, f.confidence)


def _facts(doc: Doc, f: LoreFact, ents, keys: _Keys, out: Extraction) -> list[Fact]:
    if f.predicate.startswith("_"):
        return []
    subject = keys.key(f.subject)
    if subject is None:
        return []
    obj = _object(f, ents, keys)
    if obj is None:
        return []
    if isinstance(obj, EntityKey):
        out.add_entity(obj)
    as_of = ents[f.as_of].value if f.as_of is not None and ents[f.as_of].datatype == "date" else None
    show = keys.show_of_season(f.subject)
    if f.predicate == "releaseDate" and subject.number == 1 and show is not None:
        # the first season's release is the show's release
        return [Fact(show, "releaseDate", obj, _evidence(doc, f, f.rule + "+first-season"))]
    if f.predicate == "network" and show is not None:  # a season's network is its show's
        return [Fact(show, "network", obj, _evidence(doc, f, f.rule + "+season"))]
    if subject.cls == "Season":
        out.add_entity(subject)
    return [Fact(subject, f.predicate, obj, _evidence(doc, f), as_of=as_of)]


def _object(f: LoreFact, ents, keys: _Keys):
    if isinstance(f.object, str):
        return Literal(f.object)
    e = ents[f.object]
    if e.type == DATE:
        return Literal(e.value, e.datatype)
    return keys.key(f.object)


def _characters(doc: Doc, ents: list[LoreEntity], keys: _Keys) -> list[Fact]:
    """Every character belongs to its show (lore:character), stated where first named."""
    first: dict[int, tuple[int, int]] = {}
    for m in doc._.lore_mentions or []:
        if ents[m.entity].type == CHAR and m.kind == "name" and m.entity not in first:
            first[m.entity] = (m.start, m.end)
    out = []
    for ent_id, (start, _) in first.items():
        e = ents[ent_id]
        if e.show is None:
            continue
        s_start, s_end = sentence_at(doc, start)
        sentence = text_of(doc)[s_start:s_end].strip()
        evidence = Evidence(sentence, s_start, s_end, "lore_coref:character-of-show", 0.7)
        out.append(Fact(keys.key(e.show), "character", keys.key(ent_id), evidence))
    return out


def _next_books_only(facts: list[Fact]) -> list[Fact]:
    """A sequel is the next book: with A -> B and B -> C read, a read A -> C ("A was followed by
    sequels: B and C", parsed as two objects) is dropped."""
    follows: dict = {}
    for f in facts:
        if f.predicate == "sequel":
            follows.setdefault(f.subject, set()).add(f.object)
    skipped = {(a, c) for a, nexts in follows.items() for b in nexts for c in follows.get(b, ()) if c in nexts and c != b}
    return [f for f in facts if f.predicate != "sequel" or (f.subject, f.object) not in skipped]


def _series_authors(facts: list[Fact]) -> list[Fact]:
    """An author named for a series ("Robyn Carr's romance series", "the trilogy by...") wrote
    the books the article lays out as that series: inferred, with the author statement as
    evidence. A single book's author says nothing about its sequels."""
    stated = {(f.subject, f.object) for f in facts if f.predicate == "author"}
    out = []
    for f in [f for f in facts if f.predicate == "author" and (
            _SERIES_WORDS.search(f.evidence.sentence) or f.evidence.extractor.endswith("_in_series"))]:
        for book in series_reach(facts, {f.subject}, f.object) - {f.subject}:
            if (book, f.object) not in stated:
                stated.add((book, f.object))
                out.append(Fact.inferred_from(book, "author", f.object, f.evidence, "series-author"))
    return out


def _series_mate_authors(doc: Doc, mates: list[LoreFact], keys: _Keys, facts: list[Fact]) -> list[Fact]:
    """"X belongs to a trilogy with A and B": the writer stated for X wrote A and B (and the
    other way round), where no other writer is stated for them. Inferred, with the series
    statement as evidence."""
    stated: dict[EntityKey, set[EntityKey]] = {}
    for f in facts:
        if f.predicate == "author" and not f.inferred and isinstance(f.object, EntityKey):
            stated.setdefault(f.subject, set()).add(f.object)
    out, given = [], set()
    for m in mates:
        a, b = keys.key(m.subject), keys.key(m.object)
        for book, mate in ((a, b), (b, a)):
            if book is None or mate is None or stated.get(book):
                continue
            for writer in sorted(stated.get(mate, ()), key=lambda k: k.label):
                if (book, writer) not in given:
                    given.add((book, writer))
                    out.append(Fact.inferred_from(book, "author", writer, _evidence(doc, m), "series-mate-author"))
    return out


def _show_series_authors(doc: Doc, raw: list[LoreFact], keys: _Keys, facts: list[Fact]) -> list[Fact]:
    """"It adapts the book series by Jonathan Stroud": the writer of the series a show adapts
    wrote the books of it the article names (the show's source books, what its seasons adapt,
    and their sequels): inferred, with that statement as evidence."""
    stated = {(f.subject, f.object) for f in facts if f.predicate == "author"}
    out = []
    for f in (f for f in raw if f.predicate == "_series_author"):
        show, person = keys.key(f.subject), keys.key(f.object) if isinstance(f.object, int) else None
        if show is None or person is None or show.cls != "Show":
            continue
        sources = {x.object for x in facts if isinstance(x.object, EntityKey) and x.object.cls == "Book"
                   and (x.subject == show or (x.subject.cls == "Season" and x.subject.scope == show.label))
                   and x.predicate in ("basedOn", "adapts")}
        if part_of_series(text_of(doc)[f.sentence_start:f.sentence_end]):
            continue  # "the last three books were written by Y"
        for book in series_reach(facts, sources, person, named=False):
            if (book, person) not in stated:
                stated.add((book, person))
                out.append(Fact.inferred_from(book, "author", person, _evidence(doc, f), "series-author"))
    return out


def _first_book_sources(doc: Doc, raw: list[LoreFact], ents, keys: _Keys, facts: list[Fact]) -> list[Fact]:
    """A show based on a book series is based on its first book: the book its first season
    adapts, or, when the article names no source book for its show, the book it calls the
    series' first. Inferred, with that statement as evidence."""
    based = {f.subject for f in facts if f.predicate == "basedOn"}
    out, seen = [], set()
    for f in facts:
        if f.predicate == "adapts" and f.subject.number == 1 and isinstance(f.object, EntityKey):
            show = EntityKey("Show", f.subject.scope)
            if (show, f.object) not in seen:
                seen.add((show, f.object))
                out.append(Fact.inferred_from(show, "basedOn", f.object, f.evidence, "first-season-source"))
    main = main_show(doc, ents, doc._.lore_mentions or [])
    if main is not None and keys.key(main) not in based and not out:
        for f in raw:
            if f.predicate == "_ordinal" and ordinal_value(f.object if isinstance(f.object, str) else "") == 1:
                out.append(Fact.inferred_from(keys.key(main), "basedOn", keys.key(f.subject), _evidence(doc, f),
                                     "first-book-source"))
                break
    return out


_SCREEN_FACTS = {"network", "createdBy", "renewalStatus", "releaseDate"}
_NOT_FROM = re.compile(r"\b(?:not|n['’]t|never|no)\b[^.;]{0,40}\b(?:based|adapt\w*|drawn|taken|from)\b"
                       r"|\b(?:unrelated|no relation|nothing (?:else|to do with)|not (?:connected|related)|"
                       r"(?:shares?|sharing|borrows?) (?:only |just )?(?:a|its|the|their) (?:title|name))\b", re.I)


def _same_title_sources(doc: Doc, facts: list[Fact], entities) -> list[Fact]:
    """A show and a book of one title in one article, the show with no other source: the show
    adapts that book, when the article gives the book its writer and the show a network, creator,
    date or status of its own (a work it merely typed two ways has not both), and no sentence
    naming the title denies it ("X is not based on a book"). Inferred, with the book's
    authorship as evidence."""
    sourced = {f.subject for f in facts if f.predicate == "basedOn"}
    out = []
    for show in [k for k in entities if k.cls == "Show" and k not in sourced]:
        book = EntityKey("Book", show.label)
        if book not in entities:
            continue
        said = [f for f in facts if f.subject == book and f.predicate == "author" and not f.inferred]
        screen = any(f.subject == show and f.predicate in _SCREEN_FACTS and not f.inferred for f in facts)
        makers = {f.object for f in facts if f.subject == show and f.predicate == "createdBy"}
        if not said or not screen or {f.object for f in said} <= makers or _denied(doc, show.label):
            continue  # (a book "by" the show's own creator is the show typed twice)
        out.append(Fact.inferred_from(show, "basedOn", book, said[0].evidence, "same-title-source"))
    return out


def _denied(doc: Doc, title: str) -> bool:
    """Whether a sentence naming `title`, or the one after it, says the show and the book are
    unrelated ("It shares a title with the series and nothing else")."""
    sents = list(doc.sents)
    for i, sent in enumerate(sents):
        if title.lower() in sent.text.lower() and any(_NOT_FROM.search(s.text) for s in sents[i:i + 2]):
            return True
    return False


def _writer_and_site(doc: Doc, ents: list[LoreEntity], document) -> tuple[str | None, str | None]:
    writer = getattr(document, "author", None)
    site = getattr(document, "site", None)
    for m in doc._.lore_mentions or []:
        kind = block_kind_at(doc, m.start)
        e = ents[m.entity]
        if kind in ("bio", "byline"):
            if writer is None and e.type == PERSON:
                writer = e.label
            if site is None and e.type == ORG:
                site = e.label
    return writer, site
