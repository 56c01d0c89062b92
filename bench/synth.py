"""Deterministic synthetic lore-kg data, written as N-Quads.

The data imitates what the pipeline will produce (see docs/DESIGN.md): shows with seasons,
networks, creators and renewal status; book series with sequel chains that shows are based on;
characters per show with relations among them and the people who portray them; and for every fact
an evidence node (`rdf:Statement`) pointing at the sentence it came from. Everything one article
says sits in that article's named graph (about 10-15 facts, so roughly 100-200 quads per graph),
together with the `lore:Article` description. Several articles restate the same facts, as real
coverage does, so a triple can sit in more than one graph.

Names that docs/DESIGN.md does not fix (the article description's title, date, source and hash
properties; the character relation properties; the status report IRIs) are this module's choice
and only need to be plausible for benchmarking:

- `lore:sibling`, `lore:romantic` are symmetric in meaning; `X lore:parent Y` means X is a parent
  of Y; `X lore:harmed Y`, `X lore:framed Y` read left to right.
- Article: `dcterms:title`, `dcterms:date`, `lore:source` (IRI), `schema:author`,
  `lore:contentHash`, `prov:wasGeneratedBy` an activity `{article}/activity`.

Use:
    >>> from bench.synth import generate, write_nquads, sample_entities
    >>> quads = list(generate(1_000, seed=0))          # tuples of N-Quads term strings
    >>> summary = write_nquads("/tmp/x.nq", 1_000, seed=0)
    >>> summary["samples"]["show"]                      # entities for benchmark queries

Each quad is `(subject, predicate, object, graph)` with every term already serialised in
N-Quads syntax (`<iri>`, `"literal"^^<datatype>`), so a line is `" ".join(quad) + " .\\n"`.

CLI: `python -m bench.synth --triples 100000 --out data.nq [--seed 0]`
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Iterator

from slugify import slugify

Quad = tuple[str, str, str, str]

ONTO = "https://w3id.org/lore-kg/ontology#"
ID = "https://w3id.org/lore-kg/id/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
PROV = "http://www.w3.org/ns/prov#"
SCHEMA = "https://schema.org/"
DCTERMS = "http://purl.org/dc/terms/"


def iri(value: str) -> str:
    return f"<{value}>"


def lore(name: str) -> str:
    return f"<{ONTO}{name}>"


_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def lit(value: str, datatype: str | None = None) -> str:
    text = '"' + value.translate(_ESCAPES) + '"'
    return f"{text}^^<{datatype}>" if datatype else text


def typed(value: object, xsd_name: str) -> str:
    return lit(str(value), XSD + xsd_name)


A = f"<{RDF}type>"
LABEL = f"<{RDFS}label>"
RDF_STATEMENT = f"<{RDF}Statement>"
RDF_SUBJECT = f"<{RDF}subject>"
RDF_PREDICATE = f"<{RDF}predicate>"
RDF_OBJECT = f"<{RDF}object>"
PROV_DERIVED = f"<{PROV}wasDerivedFrom>"
PROV_GENERATED = f"<{PROV}wasGeneratedBy>"
PROV_ACTIVITY = f"<{PROV}Activity>"
SCHEMA_AUTHOR = f"<{SCHEMA}author>"
DC_TITLE = f"<{DCTERMS}title>"
DC_DATE = f"<{DCTERMS}date>"

CHARACTER_RELATIONS = ("sibling", "romantic", "parent", "harmed", "framed")
STATUSES = ("Pending", "Renewed", "Canceled")

# --- word lists ---------------------------------------------------------------------------------

ADJECTIVES = """
Tiny Pretty Hollow Silent Broken Golden Crimson Hidden Bitter Burning Frozen Gilded Quiet Wicked
Shattered Velvet Restless Savage Sacred Distant Lonely Scarlet Silver Amber Iron Glass Paper
Midnight Northern Southern Eastern Western Fading Endless Fallen Rising Sleeping Wandering
Lost Forgotten Secret Crooked Radiant Gentle Feral Hungry Drowned Painted Hallowed Ashen
Brazen Clockwork Copper Emerald Obsidian Pale Rusted Salted Stolen Twisted Unquiet Vanishing
""".split()

NOUNS = """
Things Harbor Crown Garden Empire Kingdom River Tide Lantern Orchard Throne Witness Archive
Mirror Winter Summer Harvest Circus Academy Lighthouse Frontier Citadel Covenant Dynasty Ember
Forest Gallery Hunter Island Jury Key Ledger Machine Monarch Night Oracle Palace Pilgrim Quarry
Raven Reckoning Saint Serpent Shadow Signal Sister Sparrow Storm Tower Valley Vessel Vow
Wolf Widow Anthem Bargain Cathedral Compass Diary Echo Fable Glacier Heir Inheritance Labyrinth
Masquerade Meridian Nocturne Outpost Parish Requiem Sanctuary Sovereign Tempest Verdict Wager
""".split()

PLACES = """
Ashford|Blackwater|Brightmoor|Caldera|Coldharbour|Dunmere|Eastvale|Fairhaven|Glenrock|Greyport|
Hallowmere|Ironbridge|Kestrel Bay|Larkspur|Lowmarsh|Marrowdale|Northreach|Oakhurst|Pinecrest|
Ravenholm|Redcliff|Saltmarsh|Silverlake|Stonebridge|Thornfield|Underhill|Westmarch|Whitby|
Wintergate|Yarrow|Zephyr Point|Amberley|Briarwood|Copperfield|Duskwood|Elmstead|Foxglove
""".replace("\n", "").split("|")

FIRST_NAMES = """
Ada Alba Alice Amara Anders Anton Arlo Astrid Aurora Basil Beatrix Bram Caleb Camille Cassius
Celeste Clara Colm Cyrus Dahlia Dario Delphine Desmond Dmitri Edith Elias Elin Elodie Emrys
Esme Ezra Felix Fenna Flora Gideon Greta Hana Harriet Henrik Idris Imogen Ingrid Isla Ivo
Jasper Jonah Juno Kasimir Kira Laszlo Leona Linnea Lucian Lydia Magnus Maren Marius Mateo Mila
Mirela Nadia Nico Nell Niamh Oona Orla Oskar Otto Petra Pia Quentin Rafael Ragna Remy Rhea
Rosalind Rowan Rufus Sabine Saskia Silas Soren Stellan Sunniva Tamsin Teodor Thea Tobias Ulla
Valentin Vera Viggo Wren Xavier Yara Yusuf Zara Zelda Ambrose Bettina Corin Dagny Evander Faye
""".split()

LAST_NAMES = """
Abernathy Albrecht Ashdown Bancroft Barrow Beaumont Blackwood Brennan Calloway Carrow Castellan
Corrigan Crane Dalgleish Delacroix Devereux Draycott Dunmore Ellery Falkner Farrow Fennimore
Garrick Gethin Gray Halloran Hartigan Havel Holloway Ingram Ives Jessup Kavanagh Keane Kessler
Lachance Lindqvist Lockhart Lovell Maclennan Marchetti Merriweather Montague Moreau Mortimer
Nakamura Nightingale Novak Okafor Oyelaran Pembroke Penhaligon Quill Radcliffe Ravenscroft
Reyes Rochester Rourke Salazar Sandoval Sinclair Solberg Stavros Sutherland Tanaka Thorne
Thornbury Treadwell Underwood Valdez Vance Varga Voss Wainwright Waverley Whitlock Winslow
Wolfe Wyndham Yardley Yilmaz Zielinski Achterberg Bellweather Carmichael Dawkins Eskildsen
Fairweather Goldsworthy Hawthorne Ishikawa Jovanovic Kowalczyk Lamarque Mbeki Nordstrom
Ostrander Petrakis Quiroga Ramaswamy Szabo Takahashi Ulrich Vasquez Whitcombe
""".split()

NETWORKS = """
Northwind TV|Meridian Plus|Lantern Streaming|Halcyon Network|Bluefjord|Cobalt Channel|
Saltwater Studios|Orchard TV|Kestrel One|Fable+|Ironbridge Broadcasting|Pinewood Channel|
Starling Media|Tidewater|Goldcrest Pictures|Vantage Streaming|Ember Network|Quarry TV
""".replace("\n", "").split("|")

EXTRACTORS = ("rules-0.1", "dep-parse-0.1", "llm-assist-0.1")


def _title_patterns(rng: random.Random) -> str:
    adj, noun, noun2 = rng.choice(ADJECTIVES), rng.choice(NOUNS), rng.choice(NOUNS)
    place, first = rng.choice(PLACES), rng.choice(FIRST_NAMES)
    choice = rng.randrange(8)
    if choice == 0:
        return f"The {adj} {noun}"
    if choice == 1:
        return f"{adj} {noun}"
    if choice == 2:
        return f"The {noun} of {place}"
    if choice == 3:
        return f"{noun} and {noun2}" if noun != noun2 else f"{noun} of {noun2}s"
    if choice == 4:
        return f"{first}'s {noun}"
    if choice == 5:
        return f"A {noun} of {adj} {noun2}"
    if choice == 6:
        return f"{place}"
    return f"The {adj} {noun} of {place}"


# --- world --------------------------------------------------------------------------------------


@dataclass
class Entity:
    kind: str
    label: str
    slug: str
    iri: str  # already serialised as <...>
    rdf_type: str  # serialised class


@dataclass
class Book:
    entity: Entity
    author: Entity


@dataclass
class Series:
    books: list[Book]


@dataclass
class Character:
    entity: Entity
    actor: Entity


@dataclass
class Show:
    entity: Entity
    network: Entity
    creators: list[Entity]
    release: date
    status: str
    status_as_of: date
    seasons: list[Entity]
    series: Series | None
    characters: list[Character]
    relations: list[tuple[Character, str, Character]] = field(default_factory=list)


class _Names:
    """Unique labels per kind; the slug of a label is its IRI's last segment."""

    def __init__(self) -> None:
        self._used: dict[str, set[str]] = {}

    def take(self, kind: str, make, rng: random.Random, scope: str = "") -> tuple[str, str]:
        used = self._used.setdefault(kind + "/" + scope, set())
        label = make()
        for _ in range(20):
            slug = slugify(label)
            if slug and slug not in used:
                used.add(slug)
                return label, slug
            label = make()
        base = label
        n = 2
        while True:
            label = f"{base} {n}" if kind != "show" else f"{base} ({1990 + rng.randrange(36)})"
            slug = slugify(label)
            if slug not in used:
                used.add(slug)
                return label, slug
            n += 1


class World:
    """Shows, series, people and characters, sized from the number of shows."""

    def __init__(self, n_shows: int, rng: random.Random) -> None:
        self.rng = rng
        self.names = _Names()
        self.people: list[Entity] = []
        self.networks = [self._entity("organization", name, lore("Organization")) for name in NETWORKS]
        self.journalists = [self._person() for _ in range(5 + n_shows // 5)]
        self.shows: list[Show] = []
        self.standalone_series: list[Series] = []
        for _ in range(n_shows):
            self.shows.append(self._show())
        for _ in range(max(1, n_shows // 5)):
            self.standalone_series.append(self._series(None))

    def _entity(self, kind: str, label: str, rdf_type: str, scope: str = "") -> Entity:
        label, slug = self.names.take(kind, lambda: label, self.rng, scope)
        path = f"{kind}/{scope}/{slug}" if scope else f"{kind}/{slug}"
        return Entity(kind, label, slug, iri(ID + path), rdf_type)

    def _person(self) -> Entity:
        rng = self.rng

        def make() -> str:
            if rng.random() < 0.15:
                return f"{rng.choice(FIRST_NAMES)} {rng.choice('ABCDEFGHJKLMNPRSTW')}. {rng.choice(LAST_NAMES)}"
            return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"

        label, slug = self.names.take("person", make, rng)
        person = Entity("person", label, slug, iri(ID + "person/" + slug), lore("Person"))
        self.people.append(person)
        return person

    def _reuse_or_new_person(self, p_reuse: float) -> Entity:
        if self.people and self.rng.random() < p_reuse:
            return self.rng.choice(self.people)
        return self._person()

    def _series(self, first_title: str | None) -> Series:
        rng = self.rng
        author = self._reuse_or_new_person(0.3)
        books = []
        for i in range(rng.randint(2, 5)):
            title = first_title if (i == 0 and first_title) else None
            label, slug = self.names.take("book", lambda: title or _title_patterns(rng), rng)
            books.append(Book(Entity("book", label, slug, iri(ID + "book/" + slug), lore("Book")), author))
        return Series(books)

    def _show(self) -> Show:
        rng = self.rng
        label, slug = self.names.take("show", lambda: _title_patterns(rng), rng)
        show = Entity("show", label, slug, iri(ID + "show/" + slug), lore("Show"))
        series = None
        if rng.random() < 0.6 or not self.shows:  # the first show is always adapted
            # Half of the adaptations keep the first book's title, as Tiny Pretty Things did.
            series = self._series(label if rng.random() < 0.5 else None)
        release = date(1995, 1, 1) + timedelta(days=rng.randrange(30 * 365))
        n_seasons = rng.randint(1, 6)
        seasons = [
            Entity(
                "season",
                f"{label} season {n}",
                f"{slug}/{n}",
                iri(f"{ID}season/{slug}/{n}"),
                lore("Season"),
            )
            for n in range(1, n_seasons + 1)
        ]
        characters = []
        for _ in range(rng.randint(4, 10)):
            make = lambda: f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"  # noqa: E731
            clabel, cslug = self.names.take("character", make, rng, scope=slug)
            centity = Entity("character", clabel, cslug, iri(f"{ID}character/{slug}/{cslug}"), lore("Character"))
            characters.append(Character(centity, self._reuse_or_new_person(0.25)))
        relations = []
        for _ in range(rng.randint(len(characters) // 2, len(characters) + 2)):
            a, b = rng.sample(characters, 2)
            relations.append((a, rng.choice(CHARACTER_RELATIONS), b))
        return Show(
            entity=show,
            network=rng.choice(self.networks),
            creators=[self._reuse_or_new_person(0.2) for _ in range(rng.choice((1, 1, 1, 2)))],
            release=release,
            status=rng.choice(STATUSES),
            status_as_of=release + timedelta(days=rng.randrange(365, 3 * 365)),
            seasons=seasons,
            series=series,
            characters=characters,
            relations=relations,
        )


# --- articles -----------------------------------------------------------------------------------

Fact = tuple[str, str, str, str]  # subject, predicate, object (serialised), sentence


class _Article:
    def __init__(self, number: int, title: str, published: date, writer: Entity) -> None:
        self.source = f"https://news.example.org/{published.year}/{number:07d}"
        digest = hashlib.sha1(self.source.encode()).hexdigest()[:8]
        self.slug = slugify(title, max_length=60, word_boundary=True)
        self.iri_value = f"{ID}article/{self.slug}-{digest}"
        self.iri = iri(self.iri_value)
        self.title = title
        self.published = published
        self.writer = writer
        self.facts: list[Fact] = []
        self.entities: dict[str, Entity] = {}
        self.extra: list[tuple[str, str, str]] = []  # triples without evidence

    def mention(self, *entities: Entity) -> None:
        for entity in entities:
            self.entities.setdefault(entity.iri, entity)

    def fact(self, s: Entity, p: str, o: str | Entity, sentence: str) -> None:
        self.mention(s)
        if isinstance(o, Entity):
            self.mention(o)
            o = o.iri
        self.facts.append((s.iri, p, o, sentence))

    def quads(self, rng: random.Random) -> list[Quad]:
        g = self.iri
        out: list[Quad] = []
        for entity in self.entities.values():
            out.append((entity.iri, A, entity.rdf_type, g))
            out.append((entity.iri, LABEL, lit(entity.label), g))
            if entity.kind == "season":
                out.append((entity.iri, lore("seasonNumber"), typed(entity.slug.rsplit("/", 1)[1], "integer"), g))
        for s, p, o in self.extra:
            out.append((s, p, o, g))
        cursor = rng.randrange(0, 400)
        for s, p, o, sentence in self.facts:
            out.append((s, p, o, g))
            ev_hex = hashlib.sha1(f"{self.iri_value} {s} {p} {o}".encode()).hexdigest()[:16]
            ev = iri(f"{self.iri_value}/evidence/{ev_hex}")
            start, end = cursor, cursor + len(sentence)
            cursor = end + 1 + rng.randrange(0, 600)
            out.extend(
                [
                    (ev, A, RDF_STATEMENT, g),
                    (ev, RDF_SUBJECT, s, g),
                    (ev, RDF_PREDICATE, p, g),
                    (ev, RDF_OBJECT, o, g),
                    (ev, lore("sentence"), lit(sentence), g),
                    (ev, lore("start"), typed(start, "integer"), g),
                    (ev, lore("end"), typed(end, "integer"), g),
                    (ev, lore("extractor"), lit(rng.choice(EXTRACTORS)), g),
                    (ev, lore("confidence"), typed(f"{rng.uniform(0.55, 0.99):.2f}", "decimal"), g),
                    (ev, PROV_DERIVED, g, g),
                ]
            )
        content_hash = hashlib.sha1(f"{self.source}|{self.title}".encode()).hexdigest()
        activity = iri(self.iri_value + "/activity")
        out.extend(
            [
                (g, A, lore("Article"), g),
                (g, DC_TITLE, lit(self.title), g),
                (g, DC_DATE, typed(self.published.isoformat(), "date"), g),
                (g, lore("source"), iri(self.source), g),
                (g, SCHEMA_AUTHOR, self.writer.iri, g),
                (self.writer.iri, A, self.writer.rdf_type, g),
                (self.writer.iri, LABEL, lit(self.writer.label), g),
                (g, lore("contentHash"), lit(content_hash), g),
                (g, PROV_GENERATED, activity, g),
                (activity, A, PROV_ACTIVITY, g),
                (activity, LABEL, lit("lore-kg pipeline 0.1.0"), g),
            ]
        )
        # An article can mention its writer as an entity too: no quad twice in one graph.
        return list(dict.fromkeys(out))


class SynthDataset:
    """Iterate to get the quads; afterwards `samples()` picks entities from what was emitted."""

    QUADS_PER_SHOW = 520  # calibrated so the first pass over all shows is ~85% of the target

    def __init__(self, n_quads: int, seed: int = 0) -> None:
        self.n_quads = n_quads
        self.seed = seed
        self.count = 0
        self.graphs = 0
        self._done = False
        # Facts emitted so far, by predicate, for samples().
        self._based_on: dict[str, str] = {}
        self._sequel: dict[str, str] = {}
        self._labels: dict[str, str] = {}
        self._char_edges: dict[str, set[str]] = {}
        self._show_by_iri: dict[str, Show] = {}

    # articles -----------------------------------------------------------------------------------
    def _writer_date(self, show: Show | None) -> tuple[Entity, date]:
        rng = self.rng
        base = show.release if show else date(2000, 1, 1)
        return rng.choice(self.world.journalists), base + timedelta(days=rng.randrange(0, 4 * 365))

    def _show_article(self, show: Show) -> _Article:
        rng, s = self.rng, show.entity
        writer, published = self._writer_date(show)
        title = rng.choice(
            (
                f"{s.label}: everything we know",
                f"{show.network.label} orders {s.label}",
                f"Review: {s.label} on {show.network.label}",
            )
        )
        art = _Article(self.article_no, title, published, writer)
        facts = [
            (s, lore("network"), show.network, f"{s.label} airs on {show.network.label}."),
            (s, lore("releaseDate"), typed(show.release.isoformat(), "date"), f"{s.label} premiered on {show.release:%B %d, %Y}."),
            (s, lore("renewalStatus"), lore(show.status), f"The status of {s.label} is {show.status.lower()}."),
        ]
        for creator in show.creators:
            facts.append((s, lore("createdBy"), creator, f"{s.label} was created by {creator.label}."))
        if show.series:
            first = show.series.books[0].entity
            facts.append((s, lore("basedOn"), first, f"{s.label} is based on the novel {first.label}."))
        for season in show.seasons:
            facts.append((s, lore("season"), season, f"{season.label.capitalize()} premiered."))
        for ch in show.characters[: max(0, rng.randint(10, 15) - len(facts))]:
            facts.append((s, lore("character"), ch.entity, f"{ch.entity.label} is a character in {s.label}."))
        for f in facts[:15]:
            art.fact(*f)
        report = iri(f"{art.iri_value}/status/{show.entity.slug}")
        art.extra += [
            (s.iri, lore("statusReport"), report),
            (report, A, lore("StatusReport")),
            (report, lore("status"), lore(show.status)),
            (report, lore("asOf"), typed(show.status_as_of.isoformat(), "date")),
        ]
        return art

    def _cast_article(self, show: Show) -> _Article:
        rng, s = self.rng, show.entity
        writer, published = self._writer_date(show)
        art = _Article(self.article_no, f"Meet the cast of {s.label}", published, writer)
        target = rng.randint(10, 15)
        facts = []
        for ch in show.characters:
            facts.append((s, lore("character"), ch.entity, f"{ch.entity.label} is a character in {s.label}."))
            facts.append((ch.entity, lore("portrayedBy"), ch.actor, f"{ch.actor.label} plays {ch.entity.label}."))
        rel_facts = [
            (a.entity, lore(p), b.entity, f"{a.entity.label} and {b.entity.label} are linked ({p}).")
            for a, p, b in show.relations
        ]
        # Keep every relation the article has room for: they make the character graph.
        n_rel = min(len(rel_facts), max(4, target // 2))
        chosen = rng.sample(rel_facts, n_rel) + facts[: max(0, target - n_rel)]
        for f in chosen:
            art.fact(*f)
        return art

    def _book_article(self, series: Series, show: Show | None) -> _Article:
        rng = self.rng
        first = series.books[0].entity
        writer, published = self._writer_date(show)
        art = _Article(self.article_no, f"The {first.label} books in order", published, writer)
        author = series.books[0].author
        for book in series.books:
            art.fact(book.entity, lore("author"), author, f"{book.entity.label} was written by {author.label}.")
        for prev, nxt in zip(series.books, series.books[1:]):
            art.fact(prev.entity, lore("sequel"), nxt.entity, f"{nxt.entity.label} is the sequel to {prev.entity.label}.")
        if show:
            art.fact(show.entity, lore("basedOn"), first, f"{show.entity.label} adapts {first.label}.")
            art.fact(show.entity, lore("network"), show.network, f"It streams on {show.network.label}.")
            for creator in show.creators:
                art.fact(show.entity, lore("createdBy"), creator, f"{creator.label} developed the series.")
        extra_books = rng.sample(series.books, min(len(series.books), 2))
        for book in extra_books:
            if len(art.facts) >= 15:
                break
            art.fact(book.entity, lore("publicationDate"), typed(f"{rng.randint(1980, 2024)}-{rng.randint(1, 12):02d}-01", "date"), f"{book.entity.label} was first published.")
        return art

    def _renewal_article(self, show: Show) -> _Article:
        rng, s = self.rng, show.entity
        writer, published = self._writer_date(show)
        verb = {"Renewed": "renews", "Canceled": "cancels", "Pending": "weighs the future of"}[show.status]
        art = _Article(self.article_no, f"{show.network.label} {verb} {s.label}", published, writer)
        art.fact(s, lore("renewalStatus"), lore(show.status), f"{show.network.label} {verb} {s.label}.")
        art.fact(s, lore("network"), show.network, f"{s.label} airs on {show.network.label}.")
        for season in show.seasons[-3:]:
            art.fact(s, lore("season"), season, f"{season.label.capitalize()} is discussed.")
        for ch in rng.sample(show.characters, min(len(show.characters), rng.randint(3, 6))):
            art.fact(ch.entity, lore("portrayedBy"), ch.actor, f"{ch.actor.label} returns as {ch.entity.label}.")
        for a, p, b in show.relations[: max(0, rng.randint(10, 15) - len(art.facts))]:
            art.fact(a.entity, lore(p), b.entity, f"{a.entity.label} and {b.entity.label} are linked ({p}).")
        report = iri(f"{art.iri_value}/status/{show.entity.slug}")
        art.extra += [
            (s.iri, lore("statusReport"), report),
            (report, A, lore("StatusReport")),
            (report, lore("status"), lore(show.status)),
            (report, lore("asOf"), typed(published.isoformat(), "date")),
        ]
        return art

    def _articles(self) -> Iterator[_Article]:
        world, rng = self.world, self.rng
        for show in world.shows:
            yield self._show_article(show)
            if show.series:
                yield self._book_article(show.series, show)
            yield self._cast_article(show)
        for series in world.standalone_series:
            yield self._book_article(series, None)
        while True:
            show = rng.choice(world.shows)
            kind = rng.randrange(4)
            if kind == 0:
                yield self._show_article(show)
            elif kind == 1:
                yield self._cast_article(show)
            elif kind == 2 and show.series:
                yield self._book_article(show.series, show)
            else:
                yield self._renewal_article(show)

    # iteration ----------------------------------------------------------------------------------
    def __iter__(self) -> Iterator[Quad]:
        if self._done:
            raise RuntimeError("a SynthDataset can be iterated once; make a new one")
        self.rng = random.Random(self.seed)
        self.world = World(max(2, round(self.n_quads / self.QUADS_PER_SHOW)), self.rng)
        self._show_by_iri = {show.entity.iri: show for show in self.world.shows}
        self.article_no = 0
        for art in self._articles():
            if self.count >= self.n_quads:
                break
            self.article_no += 1
            quads = art.quads(self.rng)
            self._index(art)
            self.count += len(quads)
            self.graphs += 1
            yield from quads
        self._done = True

    def _index(self, art: _Article) -> None:
        for entity in art.entities.values():
            self._labels.setdefault(entity.iri, entity.label)
        based_on, sequel = lore("basedOn"), lore("sequel")
        relations = {lore(r) for r in CHARACTER_RELATIONS}
        for s, p, o, _ in art.facts:
            if p == based_on:
                self._based_on[s] = o
            elif p == sequel:
                self._sequel[s] = o
            elif p in relations:
                self._char_edges.setdefault(s, set()).add(o)
                self._char_edges.setdefault(o, set()).add(s)

    def samples(self, seed: int | None = None) -> dict[str, str]:
        """Entities for the benchmark queries, chosen among the facts that were emitted.

        IRIs come back without angle brackets. Keys: show, book1, book2, book2_label (the answer
        of the season-2 chain), fragment (lower-case label fragment), entity (for the 1-hop
        neighbourhood), char_a, char_mid, char_b (a 2-hop path between two characters).
        """
        if not self._done:
            for _ in self:
                pass
        rng = random.Random(self.seed + 1 if seed is None else seed)
        chains = sorted(
            show
            for show, b1 in self._based_on.items()
            if show in self._show_by_iri and b1 in self._sequel and self._sequel[b1] in self._labels
        )
        if not chains:
            raise ValueError("no show with a sequel chain: ask for more quads")
        show = rng.choice(chains)
        book1 = self._based_on[show]
        book2 = self._sequel[book1]
        # A fragment from the middle of a word of the show's title: it hits other labels too.
        words = sorted((w for w in self._labels[show].split() if len(w) >= 5 and w.isalpha()), key=len, reverse=True)
        word = words[0] if words else self._labels[show]
        fragment = word.lower()[1:5] if len(word) >= 5 else word.lower()[:4]
        paths = []
        for mid in sorted(self._char_edges):
            neighbours = sorted(self._char_edges[mid])
            if len(neighbours) >= 2:
                paths.append((mid, neighbours))
        if not paths:
            raise ValueError("no 2-hop character path: ask for more quads")
        mid, neighbours = rng.choice(paths)
        a, b = rng.sample(neighbours, 2)
        strip = lambda t: t[1:-1]  # noqa: E731
        return {
            "show": strip(show),
            "show_label": self._labels[show],
            "book1": strip(book1),
            "book2": strip(book2),
            "book2_label": self._labels[book2],
            "fragment": fragment,
            "entity": strip(show),
            "char_a": strip(a),
            "char_mid": strip(mid),
            "char_b": strip(b),
        }


# --- public API ---------------------------------------------------------------------------------


def generate(n_quads: int, seed: int = 0) -> Iterator[Quad]:
    """About `n_quads` quads (stops at the first article boundary at or past it)."""
    return iter(SynthDataset(n_quads, seed))


def nquads_line(quad: Quad) -> str:
    return f"{quad[0]} {quad[1]} {quad[2]} {quad[3]} .\n"


def write_nquads(path: str | Path, n_quads: int, seed: int = 0) -> dict:
    """Write the dataset to `path`; return counts and the sample entities."""
    data = SynthDataset(n_quads, seed)
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        buf: list[str] = []
        for quad in data:
            buf.append(nquads_line(quad))
            if len(buf) >= 10_000:
                out.writelines(buf)
                buf.clear()
        out.writelines(buf)
    try:
        samples = data.samples()
    except ValueError:  # a dataset too small to hold every query's pattern
        samples = None
    return {"quads": data.count, "graphs": data.graphs, "seed": seed, "samples": samples}


def sample_entities(n_quads: int, seed: int = 0) -> dict[str, str]:
    """The entities `write_nquads(path, n_quads, seed)` would pick (regenerates the data)."""
    return SynthDataset(n_quads, seed).samples()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.synth", description=__doc__.split("\n")[0])
    parser.add_argument("--triples", "--quads", dest="n", type=int, required=True, help="about this many quads")
    parser.add_argument("--out", required=True, help="N-Quads file to write")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    summary = write_nquads(args.out, args.n, args.seed)
    json.dump(summary, sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
