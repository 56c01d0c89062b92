"""What the extractors hand to the graph: entities, facts and their evidence.

Plain dataclasses, no spaCy: `kg.rdfize` turns an `Extraction` into the triples of one
article's named graph.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Entity classes, named as the ontology names them (lore:Show, ...).
SHOW, SEASON, BOOK, PERSON, CHARACTER, ORGANIZATION = (
    "Show", "Season", "Book", "Person", "Character", "Organization",
)
ENTITY_CLASSES = (SHOW, SEASON, BOOK, PERSON, CHARACTER, ORGANIZATION)


@dataclass(frozen=True)
class EntityKey:
    """Identity of an entity: the same key always gives the same IRI.

    `scope` is the show label for characters and seasons; `number` is a season's number.
    """

    cls: str
    label: str
    scope: str | None = None
    number: int | None = None


@dataclass
class Entity:
    key: EntityKey
    aliases: set[str] = field(default_factory=set)

    @property
    def cls(self) -> str:
        return self.key.cls

    @property
    def label(self) -> str:
        return self.key.label


@dataclass(frozen=True)
class Mention:
    """A span of the article text that refers to an entity."""

    entity: EntityKey
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Evidence:
    sentence: str
    start: int  # character offsets of the sentence in Document.text
    end: int
    extractor: str  # component and rule id, e.g. "lore_relations:based_on_book_by"
    confidence: float


@dataclass(frozen=True)
class Literal:
    """A literal object: `datatype` is an XSD local name (date, gYearMonth, gYear, integer, string)."""

    value: str
    datatype: str = "string"


@dataclass
class Fact:
    """(subject, predicate, object) with its evidence.

    `predicate` is the local name of a lore: property (basedOn, sequel, renewalStatus, ...).
    For renewalStatus the object is `Literal("renewed"|"canceled"|"pending")` and `as_of` the
    date the status was stated for (ISO), when the text gives one.
    """

    subject: EntityKey
    predicate: str
    object: EntityKey | Literal
    evidence: Evidence
    as_of: str | None = None
    inferred: bool = False

    @classmethod
    def inferred_from(cls, subject: EntityKey, predicate: str, obj: EntityKey, evidence: Evidence,
                      rule: str) -> "Fact":
        """A fact the article implies by putting statements together: the statement that made
        the link is its evidence, under the inference `rule`, with a little less confidence."""
        ev = Evidence(evidence.sentence, evidence.start, evidence.end, f"lore_relations:{rule}",
                      round(evidence.confidence * 0.9, 2))
        return cls(subject, predicate, obj, ev, inferred=True)


FEMALE, MALE = "female", "male"


@dataclass(frozen=True)
class Gender:
    """The gender an article gives a person or character ("her sister X": female), with the
    sentence that says so. `inferred` when the text does not say and the usual gender of the
    given name stands in for it."""

    entity: EntityKey
    value: str  # FEMALE or MALE
    evidence: Evidence
    inferred: bool = False


@dataclass
class Extraction:
    """Everything one article says, ready to become its named graph."""

    entities: dict[EntityKey, Entity] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    genders: list[Gender] = field(default_factory=list)
    writer: str | None = None  # the article's writer (a Person), from byline or bio
    site: str | None = None  # the publishing site (an Organization)
    pipeline: str = "lore-kg-rules"
    pipeline_version: str = "0"

    def add_entity(self, key: EntityKey, alias: str | None = None) -> EntityKey:
        entity = self.entities.setdefault(key, Entity(key))
        if alias and alias != key.label:
            entity.aliases.add(alias)
        return key
