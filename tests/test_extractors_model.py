"""`--model`: our components on top of a saved spaCy pipeline that has its own NER."""

import subprocess
import sys

import pytest
import spacy

from extractors.pipeline import build_nlp, load_pipeline
from kg.errors import LoreError
from kg.sources import parse_text


@pytest.fixture(scope="module")
def saved_model(tmp_path_factory):
    """A stand-in for en_core_web_*: sentences plus an entity ruler with the usual labels."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([
        {"label": "PERSON", "pattern": "Zyx Quorra"},
        {"label": "GPE", "pattern": "Velmora"},
        {"label": "ORG", "pattern": "Brightlamp Pictures"},
    ])
    path = tmp_path_factory.mktemp("model") / "tiny_ner"
    nlp.to_disk(path)
    return str(path)


def test_extractors_model_loads_from_a_path_and_adds_our_components(saved_model):
    nlp = build_nlp(saved_model)
    assert nlp.pipe_names[:2] == ["sentencizer", "entity_ruler"]
    assert nlp.pipe_names[-3:] == ["lore_entities", "lore_coref", "lore_relations"]


def test_extractors_model_entities_inform_typing(saved_model):
    text = "Moor Lights is a Hulu drama series created by Zyx Quorra, set in Velmora, made by Brightlamp Pictures."
    with_model = load_pipeline(saved_model).extract(parse_text(text, source="t.txt"))
    labels = {(k.cls, k.label) for k in with_model.entities}
    assert ("Person", "Zyx Quorra") in labels
    assert ("Organization", "Brightlamp Pictures") in labels
    assert not any(label == "Velmora" for _, label in labels)


def test_extractors_model_unknown_name_is_a_clear_error():
    with pytest.raises(LoreError, match="cannot load spaCy pipeline 'en_core_web_nonexistent'"):
        build_nlp("en_core_web_nonexistent")


def test_extractors_model_saved_default_pipeline_reloads_through_entry_points(tmp_path):
    path = tmp_path / "lore_default"
    build_nlp().to_disk(path)
    code = (
        "import spacy, sys\n"
        f"nlp = spacy.load({str(path)!r})\n"
        "print(' '.join(nlp.pipe_names))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "lore_entities lore_coref lore_relations" in out
