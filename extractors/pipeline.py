"""Build the lore-kg extraction pipeline and turn its Docs into `Extraction`s.

The default pipeline is `spacy.blank("en")` plus the project's components, all offline;
`load_pipeline("en_core_web_sm")` (or a path to a saved pipeline) puts the same components on
top of a trained pipeline and uses its named entities where it has them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

import extractors.coref  # noqa: F401  (registers lore_coref)
import extractors.entities  # noqa: F401  (registers lore_entities)
import extractors.relations  # noqa: F401  (registers lore_relations)
import extractors.segmenter  # noqa: F401  (registers lore_segmenter)
from extractors.convert import to_extraction
from extractors.doc_model import register_extensions
from extractors.model import Extraction
from kg import __version__
from kg.pipeline_info import PIPELINE_NAME

CONFIG = Path(__file__).parent / "config.cfg"
LORE_COMPONENTS = ("lore_entities", "lore_coref", "lore_relations")


def build_nlp(model: str | None = None) -> Language:
    """The blank default pipeline from config.cfg, or `model` with our components added."""
    register_extensions()
    if model is None:
        config = spacy.util.load_config(CONFIG)
        nlp = spacy.util.load_model_from_config(config, auto_fill=True)
        nlp.initialize()
        return nlp
    try:
        nlp = spacy.load(model, exclude=["lore_entities", "lore_coref", "lore_relations"])
    except OSError as exc:
        from kg.errors import LoreError

        raise LoreError(
            f"cannot load spaCy pipeline {model!r}: install it (e.g. pip install {model}) or give a path to a saved pipeline"
        ) from exc
    if not nlp.has_pipe("parser") and not nlp.has_pipe("senter") and not nlp.has_pipe("sentencizer"):
        nlp.add_pipe("lore_segmenter", first=True)
    for name in LORE_COMPONENTS:
        nlp.add_pipe(name)
    return nlp


class LorePipeline:
    name = PIPELINE_NAME

    def __init__(self, model: str | None = None):
        self.nlp = build_nlp(model)
        self.model = model
        base = "blank" if model is None else f"{self.nlp.meta.get('lang', 'en')}_{self.nlp.meta.get('name', model)}"
        self.version = f"{__version__}+{base}"

    def make_doc(self, document) -> Doc:
        doc = self.nlp.make_doc(document.text)
        doc._.lore_blocks = [(b.start, b.end, b.kind) for b in document.blocks]
        return doc

    def extract(self, document) -> Extraction:
        return next(self.extract_many([document]))

    def extract_many(self, documents: Iterable, batch_size: int = 16) -> Iterator[Extraction]:
        documents = list(documents)
        docs = (self.make_doc(d) for d in documents)
        for document, doc in zip(documents, self.nlp.pipe(docs, batch_size=batch_size)):
            yield to_extraction(doc, document, pipeline=self.name, version=self.version)


def load_pipeline(model: str | None = None) -> LorePipeline:
    return LorePipeline(model)
