"""Build the lore-kg extraction pipeline and turn its Docs into `Extraction`s.

The lore components sit on a trained pipeline: en_core_web_sm 3.8.0 by default (found and
checked by `extractors.base_model`), any other with `load_pipeline(NAME_OR_PATH)`, or
`spacy.blank("en")` with `load_pipeline("blank")` (rules only). config.cfg says how they are
arranged.
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
from extractors import base_model
from extractors.convert import to_extraction
from extractors.doc_model import register_extensions
from kg.extraction import Extraction
from extractors.pipeline_config import CONFIG
from extractors.version import pipeline_version
from extractors.plugin import PIPELINE_NAME


def build_nlp(model: str | None = None) -> Language:
    """The lore components on the trained pipeline `model` names (None: the checked default;
    "blank": spacy.blank("en")), arranged as config.cfg says."""
    register_extensions()
    return assemble(base_model.resolve(model))


def assemble(base: base_model.BaseModel) -> Language:
    config = spacy.util.load_config(CONFIG)
    if base.is_blank:
        nlp = spacy.util.load_model_from_config(config, auto_fill=True)
        nlp.initialize()
        _without_bracket_emoticons(nlp)
        return nlp
    lore = config["lore"]
    nlp = spacy.load(base.path, exclude=[*lore["exclude"], *lore["first"], *lore["last"]])
    _without_bracket_emoticons(nlp)
    for name in reversed(lore["first"]):
        nlp.add_pipe(config["components"][name]["factory"], name=name, first=True, config=_settings(config, name))
    for name in lore["last"]:
        nlp.add_pipe(config["components"][name]["factory"], name=name, config=_settings(config, name))
    for name in [*lore["first"], *lore["last"]]:  # only ours: nlp.initialize() would reset the trained weights
        component = nlp.get_pipe(name)
        if hasattr(component, "initialize"):
            component.initialize(nlp=nlp, **config["initialize"]["components"].get(name, {}))
    return nlp


def _without_bracket_emoticons(nlp: Language) -> None:
    """English tokenizer exceptions keep emoticons such as "):" and "(:" whole, so "Ann Lee (Mia
    Roe): a nurse" would hide its closing bracket: in articles a bracket is punctuation."""
    rules = nlp.tokenizer.rules or {}
    nlp.tokenizer.rules = {k: v for k, v in rules.items() if not (set(k) & set("()") and not any(ch.isalnum() for ch in k))}


def _settings(config, name: str) -> dict:
    return {k: v for k, v in config["components"][name].items() if k != "factory"}


class LorePipeline:
    name = PIPELINE_NAME

    def __init__(self, model: str | None = None):
        register_extensions()
        self.base = base_model.resolve(model)
        self.nlp = assemble(self.base)
        self.model = model
        self.version = pipeline_version(self.base)

    def make_doc(self, document) -> Doc:
        doc = self.nlp.make_doc(document.text)
        # spaCy keeps the text whole (doc.text == the input) but rebuilds it from the tokens on
        # every access: the components read it through text_of, which starts from this copy
        doc.user_data["lore_text"] = document.text
        doc._.lore_blocks = [(b.start, b.end, b.kind) for b in document.blocks]
        doc.user_data["lore_marked"] = tuple(getattr(document, "marked", ()) or ())  # italics: (start, end)
        doc.user_data["lore_site"] = getattr(document, "site", None)  # the publication the page names
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
