"""The core object (kg.core.Lore), its configuration (kg.config) and the pipeline registry (kg.pipelines)."""

import json
import pickle

import pytest

from kg.cli import cli
from kg.config import Config
from kg.core import Lore
from kg.errors import ConfigError, PipelineLoadError
from kg.pipelines import Pipeline, reference
from tests.fake_extractor import FakeExtractor

FACTORY = "tests.fake_extractor:load_pipeline"
NO_FILE = {"KG_CONFIG": "/nonexistent/lore-kg/config.toml"}


def test_config_flags_over_environment_over_file(tmp_path):
    file = tmp_path / "config.toml"
    file.write_text('store = "from-file"\npipeline = "file:factory"\nmodel = "file-model"\n')
    env = {"KG_CONFIG": str(file), "KG_EXTRACTOR": "env:factory"}
    assert Config.load(environ=env) == Config("from-file", "env:factory", "file-model")
    assert Config.load(environ=env, store="flag", model=None) == Config("flag", "env:factory", "file-model")
    assert Config.load(environ=NO_FILE) == Config()


@pytest.mark.parametrize("text, message", [
    ('stor = "x"\n', "unknown settings: stor"),
    ("store = [1]\n", "must be text"),
    ("store = \n", "not valid TOML"),
])
def test_config_file_mistakes_are_named(tmp_path, text, message):
    file = tmp_path / "config.toml"
    file.write_text(text)
    with pytest.raises(ConfigError, match=message):
        Config.load(environ={"KG_CONFIG": str(file)})


def test_cli_takes_the_store_from_the_config_file(runner, tmp_path, monkeypatch):
    file = tmp_path / "config.toml"
    file.write_text(f'store = "{tmp_path / "configured"}"\npipeline = "{FACTORY}"\n')
    monkeypatch.setenv("KG_CONFIG", str(file))
    monkeypatch.delenv("KG_STORE", raising=False)
    (tmp_path / "a.txt").write_text("Harbour Lights is based on Salt Roads.\n")
    r = runner.invoke(cli, ["ingest", str(tmp_path / "a.txt")])
    assert r.exit_code == 0, r.output
    r = runner.invoke(cli, ["info", "--json"])
    data = json.loads(r.output)
    assert data["location"].endswith("configured") and data["quads"] > 0
    assert data["pipeline"]["name"] == FACTORY  # a factory without describe() is named by its reference


def test_cli_reports_a_broken_config_file_in_one_line(runner, tmp_path, monkeypatch):
    file = tmp_path / "config.toml"
    file.write_text("colour = 'blue'\n")
    monkeypatch.setenv("KG_CONFIG", str(file))
    r = runner.invoke(cli, ["stats"])
    assert r.exit_code == 2 and r.output.count("\n") == 1 and "unknown settings: colour" in r.output


def test_lore_ingests_asks_and_queries_one_store(tmp_path):
    (tmp_path / "a.txt").write_text("Harbour Lights is based on Salt Roads. Salt Roads is followed by Tide Mark.\n")
    with Lore(Config(store="memory"), extractor=FakeExtractor()) as lore:
        report = lore.ingest([str(tmp_path / "a.txt")])
        assert report.ok and len(report.ingested) == 1
        rows = lore.query("SELECT ?b WHERE { ?s lore:basedOn ?b }").rows
        assert len(rows) == 1
        answer = lore.ask("Which book would season 2 of Harbour Lights adapt?")
        assert [a["label"] for a in answer.to_dict()["answers"]] == ["Tide Mark"]


def test_lore_configure_refuses_once_the_store_is_open():
    lore = Lore(Config(store="memory"), extractor=FakeExtractor())
    assert lore.configure(model=None) is lore  # a flag not given changes nothing
    lore.store()
    with pytest.raises(RuntimeError, match="before it opens"):
        lore.configure(store="elsewhere")
    lore.close()


def test_lore_without_a_store_yet_still_describes_its_pipeline(tmp_path):
    lore = Lore(Config(store=str(tmp_path / "never-made"), pipeline=FACTORY))
    data = lore.info()
    assert data["quads"] == 0 and data["pipeline"]["name"] == FACTORY
    assert not (tmp_path / "never-made").exists() and not lore.pipeline.loaded


def test_pipeline_names_and_references():
    assert reference(None) == reference("lore")
    assert reference(FACTORY) == FACTORY
    with pytest.raises(PipelineLoadError, match="unknown extraction pipeline 'nope'.*lore"):
        reference("nope")
    with pytest.raises(PipelineLoadError, match="cannot import"):
        Pipeline("tests.no_such_module:load").get()


def test_pipeline_from_an_installed_entry_point(tmp_path, monkeypatch):
    dist = tmp_path / "lore_fake_pipeline-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: lore-fake-pipeline\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text(f"[lore_kg.pipelines]\nfake = {FACTORY}\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    pipeline = Pipeline("fake", model="9")
    assert pipeline.get().version == "9"


def test_pipeline_pickles_what_to_load_not_what_was_loaded():
    pipeline = Pipeline(FACTORY, model="3")
    pipeline.get()
    copy = pickle.loads(pickle.dumps(pipeline))
    assert (copy.ref, copy.model, copy.loaded) == (FACTORY, "3", False)
    given = pickle.loads(pickle.dumps(Pipeline(extractor=FakeExtractor(version="4"))))
    assert given.loaded and given.get().version == "4"


def test_kg_serve_serves_the_lore_it_configured(runner, monkeypatch):
    import web

    served = []

    def fake_create_app(config=None, *, lore=None):
        served.append(lore)
        raise PipelineLoadError("stop here")

    monkeypatch.setattr(web, "create_app", fake_create_app)
    r = runner.invoke(cli, ["--store", "memory", "serve", "--model", "m1"])
    assert r.exit_code == 1 and "stop here" in r.output
    assert served[0].config.store == "memory" and served[0].pipeline.model == "m1"


def test_web_app_builds_its_lore_from_its_settings():
    from web import create_app

    app = create_app({"STORE": "memory", "MODEL": "m2", "TESTING": True})
    try:
        lore = app.extensions["lore"].lore
        assert lore.config.store == "memory" and lore.pipeline.model == "m2" and not lore.pipeline.loaded
    finally:
        app.extensions["lore"].close()
