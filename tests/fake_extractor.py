"""A stand-in for extractors.pipeline: a few regular expressions instead of spaCy.

Importable by worker processes (``kg ingest --jobs 2``) through ``KG_EXTRACTOR`` or
``ingest_paths(..., pipeline=Pipeline("tests.fake_extractor:load_pipeline"))``.

Rules, one per sentence of the text:
  "<Show> is based on <Book>."   -> Show basedOn Book
  "<Book> is followed by <Book>." -> Book sequel Book
  "<Show> was renewed|canceled." -> Show renewalStatus
A text containing "EXPLODE" makes the extractor raise for that document.
"""

from __future__ import annotations

import re

from kg.extraction import BOOK, SHOW, EntityKey, Evidence, Extraction, Fact, Literal, Mention

_SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")
_RULES = [
    (re.compile(r"^\s*(?P<s>[A-Z][\w' ]*?) is based on (?P<o>[A-Z][\w' ]*?)\.?$"), "basedOn", SHOW, BOOK),
    (re.compile(r"^\s*(?P<s>[A-Z][\w' ]*?) is followed by (?P<o>[A-Z][\w' ]*?)\.?$"), "sequel", BOOK, BOOK),
]
_STATUS = re.compile(r"^\s*(?P<s>[A-Z][\w' ]*?) was (?P<status>renewed|canceled)\.?$")


class ExtractorFailed(RuntimeError):
    pass


class FakeExtractor:
    name = "fake-rules"

    def __init__(self, version: str = "1"):
        self.version = version
        self.calls = 0

    def extract(self, document) -> Extraction:
        self.calls += 1
        if "EXPLODE" in document.text:
            raise ExtractorFailed("the fake extractor exploded")
        x = Extraction(pipeline=self.name, pipeline_version=self.version)
        for m in _SENTENCE.finditer(document.text):
            self._sentence(x, m.group(0), m.start())
        return x

    def extract_many(self, documents, batch_size: int = 16):
        for document in documents:
            yield self.extract(document)

    def _sentence(self, x: Extraction, sentence: str, offset: int) -> None:
        ev = Evidence(sentence.strip(), offset, offset + len(sentence), "fake:rule", 0.8)
        for pattern, predicate, s_cls, o_cls in _RULES:
            m = pattern.match(sentence)
            if m:
                s = x.add_entity(EntityKey(s_cls, m.group("s").strip()))
                o = x.add_entity(EntityKey(o_cls, m.group("o").strip()))
                x.mentions.append(Mention(s, offset + m.start("s"), offset + m.end("s"), m.group("s")))
                x.facts.append(Fact(s, predicate, o, ev))
        m = _STATUS.match(sentence)
        if m:
            s = x.add_entity(EntityKey(SHOW, m.group("s").strip()))
            x.facts.append(Fact(s, "renewalStatus", Literal(m.group("status")), ev))


def load_pipeline(model: str | None = None) -> FakeExtractor:
    return FakeExtractor(version=model or "1")
