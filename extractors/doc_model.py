"""What the lore components write on a spaCy Doc, and the Doc extensions that hold it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc

# Atom types in skeletons. CHAR is a Character; DATE and SEASON are pseudo-entities.
SHOW, BOOK, PERSON, CHAR, ORG, DATE, SEASON, NAME = (
    "SHOW", "BOOK", "PERSON", "CHAR", "ORG", "DATE", "SEASON", "NAME",
)
# a LoreFact predicate between two books of one series, read by extractors/convert.py (which
# gives each the other's stated writer) and never written to the graph
SERIES_MATE = "seriesMate"
FILM = "FILM"  # a typing vote only: a film is no show, and the graph holds no films
GRAPH_TYPES = {SHOW: "Show", BOOK: "Book", PERSON: "Person", CHAR: "Character", ORG: "Organization"}
STORY_BLOCKS = ("body",)
# "Are You There, Mr Fox? is a 1970 novel": a question or exclamation a sentence opens by
# defining is a title (group 1), commas and all; a headline that asks one names nothing
DEFINED_TITLE = re.compile(r"([A-Z][\w'’-]*(?:,? [\w'’-]+){1,8}[?!])(?= (?:is|was) (?:a|an|the) )")
NAME_BLOCKS = ("body", "caption", "byline", "bio", "heading", "title")


@dataclass
class LoreEntity:
    id: int
    type: str
    label: str
    aliases: set[str] = field(default_factory=set)
    value: str | None = None  # DATE: ISO value; SEASON: the number
    datatype: str | None = None  # DATE: date | gYearMonth | gYear
    show: int | None = None  # SEASON and CHAR: id of the show they belong to
    confidence: float = 0.5


@dataclass(frozen=True)
class LoreMention:
    start: int  # character offsets in doc.text
    end: int
    entity: int
    kind: str = "name"  # name | anaphor | pronoun | date | season


@dataclass
class LoreFact:
    subject: int
    predicate: str
    object: int | str  # entity id, or a literal string (status word)
    sentence_start: int
    sentence_end: int
    rule: str
    confidence: float
    as_of: int | None = None  # a DATE entity


def register_extensions() -> None:
    for name, default in (
        ("lore_blocks", None),  # [(start_char, end_char, kind)]
        ("lore_entities", None),  # [LoreEntity]
        ("lore_mentions", None),  # [LoreMention]
        ("lore_facts", None),  # [LoreFact]
    ):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


def text_of(doc: Doc) -> str:
    """doc.text, cached: spaCy rebuilds it from the tokens on every access."""
    text = doc.user_data.get("lore_text")
    if text is None:
        text = doc.user_data["lore_text"] = doc.text
    return text


def sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    """(start_char, end_char) of every sentence, cached."""
    bounds = doc.user_data.get("lore_sents")
    if bounds is None:
        bounds = doc.user_data["lore_sents"] = [(s.start_char, s.end_char) for s in doc.sents]
    return bounds


def sentence_at(doc: Doc, char: int) -> tuple[int, int]:
    from bisect import bisect_right

    bounds = sentence_bounds(doc)
    i = max(0, bisect_right([b[0] for b in bounds], char) - 1)
    return bounds[i]


def find_names(text: str, names, left: str = r"\w'’-", right: str = r"\w-"):
    """(start, end, name) wherever one of `names` stands alone in `text`: not preceded by a
    character of `left` nor followed by one of `right`. One scan for all the names (a pattern
    per name costs a regex compile each on every article); the longest name wins where two
    start at the same place."""
    names = sorted({n for n in names if n}, key=len, reverse=True)
    if not names:
        return
    pattern = re.compile(f"(?<![{left}])(?:{'|'.join(map(re.escape, names))})(?![{right}])")
    for m in pattern.finditer(text):
        yield m.start(), m.end(), m.group()


def block_kind_at(doc: Doc, char: int) -> str:
    for start, end, kind in doc._.lore_blocks or [(0, len(text_of(doc)), "body")]:
        if start <= char < end:
            return kind
    return "body"


register_extensions()
