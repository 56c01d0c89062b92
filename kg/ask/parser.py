"""Reading a question: spaCy Matcher patterns (kg/ask/data/*.json) find cues and season numbers.

The question is normalised the way labels are (kg.evaluate.gold.normalise: NFKC, straight
apostrophes, punctuation other than "&" and "'" to spaces) but keeps its case, and diacritics are
folded so "Tomas" finds "Tomás". It is tokenised by a blank English pipeline, cached per process
with its matchers; spaCy is imported only here, on first use.
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from kg.ask.model import Cue, Parsed
from kg.text import fold, spaced

__all__ = ["Parser", "cue_info", "get_parser", "load_data", "question_text"]

MAX_QUESTION = 2000  # characters of a question that are read
def question_text(text: str) -> str:
    """The question as the matchers read it: normalised like labels, case kept, diacritics folded."""
    text = spaced(text)
    # quotes used as quotation marks ('The Witcher') are not apostrophes
    text = re.sub(r"(^|\s)'+(?!s\b)(?=\w)", r"\1", text)
    text = re.sub(r"(?<=[^\Ws])'+(?=\s|$)", "", text)
    return fold(text)


@cache
def load_data(name: str) -> dict:
    return json.loads(resources.files("kg.ask").joinpath("data", name).read_text(encoding="utf-8"))


def cue_info(name: str) -> dict:
    return load_data("cues.json").get(name, {})


@dataclass
class Parser:
    """A blank English pipeline with the cue and season matchers (one per process)."""

    nlp: object
    matcher: object = field(init=False)
    season_matcher: object = field(init=False)
    lock: threading.RLock = field(default_factory=threading.RLock)

    def __post_init__(self):
        from spacy.matcher import Matcher

        self.matcher = Matcher(self.nlp.vocab, validate=True)
        for name, cue in load_data("cues.json").items():
            if name.startswith("_"):
                continue
            self.matcher.add(name, cue["patterns"])
        self.season_matcher = Matcher(self.nlp.vocab, validate=True)
        self.season_matcher.add("SEASON", load_data("words.json")["season_patterns"])

    def make_doc(self, text: str):
        return self.nlp.make_doc(text)

    def parse(self, question: str) -> tuple[Parsed, object]:
        text = question_text(question[:MAX_QUESTION])
        with self.lock:  # the tokenizer's cache and the matchers are not documented as thread-safe
            doc = self.make_doc(text)
            raw = self.matcher(doc)
            seasons = self.season_matcher(doc)
        vocab = self.nlp.vocab.strings
        cues = sorted({Cue(vocab[mid], s, e, doc[s:e].text) for mid, s, e in raw}, key=lambda c: (c.start, c.end, c.name))
        parsed = Parsed(question=question, tokens=[t.text for t in doc], lower=[t.lower_ for t in doc], cues=cues)
        _read_season(parsed, [(s, e) for _, s, e in seasons])
        return parsed, doc


def _read_season(parsed: Parsed, spans: list[tuple[int, int]]) -> None:
    words = load_data("words.json")
    numbers, relative = words["numbers"], words["relative_seasons"]
    for start, end in sorted(spans, key=lambda se: (se[0], -se[1])):
        for tok in parsed.lower[start:end]:
            if tok in ("season", "series", "seasons"):
                continue
            value: int | str | None = None
            m = re.fullmatch(r"s?(\d{1,3})(?:st|nd|rd|th)?", tok)
            if m:
                value = int(m.group(1))
            elif tok in numbers:
                value = numbers[tok]
            elif tok in relative:
                value = relative[tok]
            if value is not None:
                parsed.season, parsed.season_span = value, (start, end)
                return


_PARSER: Parser | None = None
_PARSERS: dict[int, Parser] = {}
_LOCK = threading.Lock()


def get_parser(nlp=None) -> Parser:
    """The process-wide parser (a blank English pipeline), or one for the `nlp` given."""
    global _PARSER
    with _LOCK:
        if nlp is not None:
            parser = _PARSERS.get(id(nlp))
            if parser is None or parser.nlp is not nlp:
                parser = _PARSERS[id(nlp)] = Parser(nlp)
            return parser
        if _PARSER is None:
            import spacy

            _PARSER = Parser(spacy.blank("en"))
        return _PARSER
