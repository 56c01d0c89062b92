import json
import sys

import pytest

from kg.errors import PluginError
from kg.plugins import installed, load_reference


def test_load_reference_names_an_attribute_path():
    assert load_reference("kg.text:label_key")("The  Crown") == load_reference("kg.text:label_key")("the crown")
    assert load_reference("os.path:join.__name__") == "join"
    assert load_reference("kg.text", default_attr="fold").__name__ == "fold"


@pytest.mark.parametrize("ref", ["", "kg.text", ":fold", "kg.no_such_module:x", "kg.text:no_such_name"])
def test_load_reference_says_what_is_wrong(ref):
    with pytest.raises(PluginError) as info:
        load_reference(ref)
    assert ref in str(info.value) or "module:name" in str(info.value)


def test_installed_reads_entry_points_of_a_package_on_the_path(tmp_path, monkeypatch):
    dist = tmp_path / "lore_plugin_example-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: lore-plugin-example\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text("[lore_kg.test_group]\nexample = lore_plugin_example:Thing\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert installed("lore_kg.test_group") == {"example": "lore_plugin_example:Thing"}
    assert installed("lore_kg.no_such_group") == {}
    assert str(tmp_path) in sys.path


# --- stores declared by installed packages (entry point group lore_kg.stores) -----------------

PLUGGED = '''
from kg.store.oxigraph import OxigraphStore


class PluggedStore(OxigraphStore):
    """The embedded store under a name of its own, as an installed package would declare it."""

    name = "plugged"
'''


@pytest.fixture
def plugged(tmp_path, monkeypatch):
    """A package on the path (module and dist-info) that declares the store `plugged`."""
    import os

    import kg.store

    site = tmp_path / "site"
    site.mkdir()
    (site / "lore_plugged_store.py").write_text(PLUGGED)
    dist = site / "lore_plugged_store-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: lore-plugged-store\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text("[lore_kg.stores]\nplugged = lore_plugged_store:PluggedStore\n")
    monkeypatch.syspath_prepend(str(site))
    # installed for every process: the query workers of `kg serve` import it too
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(p for p in (str(site), os.environ.get("PYTHONPATH")) if p))
    monkeypatch.setattr(kg.store, "_installed", None)  # the registry reads the entry points again
    yield tmp_path
    sys.modules.pop("lore_plugged_store", None)


def test_plugins_a_store_an_installed_package_declares_works_in_every_command_and_in_kg_serve(plugged):
    from click.testing import CliRunner

    from kg.cli import cli
    from tests.test_web_data import make_app

    runner = CliRunner()
    spec = f"plugged:{plugged / 'store'}"
    data = plugged / "d.trig"
    data.write_text("<urn:x:g> { <urn:x:show> <http://www.w3.org/2000/01/rdf-schema#label> \"Plugged\" . }\n")
    assert runner.invoke(cli, ["--store", spec, "import", str(data)]).exit_code == 0
    stats = json.loads(runner.invoke(cli, ["--store", spec, "stats", "--json"]).output)
    assert (stats["store"], stats["location"], stats["quads"]) == ("plugged", str(plugged / "store"), 1)
    assert runner.invoke(cli, ["--store", spec, "query", "ASK { ?s rdfs:label 'Plugged' }"]).output.strip() == "yes"
    assert runner.invoke(cli, ["--store", spec, "backup", str(plugged / "backup")]).exit_code == 0
    restored = runner.invoke(cli, ["--store", f"plugged:{plugged / 'copy'}", "restore", str(plugged / "backup")])
    assert restored.exit_code == 0 and "restored 1 quads" in restored.output, restored.output
    app = make_app(spec, SPARQL_WORKERS=1)
    try:
        client = app.test_client()
        described = client.get("/?format=json").get_json()["store"]
        assert described == {"store": "plugged", "location": str(plugged / "store")}
        answer = client.get("/sparql", query_string={"query": "ASK { ?s rdfs:label 'Plugged' }"},
                            headers={"Accept": "application/sparql-results+json"})
        assert answer.status_code == 200 and answer.get_json()["boolean"] is True  # in a query worker process
    finally:
        app.extensions["lore"].close()


def test_plugins_a_store_registered_under_another_name_or_not_a_store_is_refused(monkeypatch):
    import kg.store
    from kg.store import open_store

    monkeypatch.setitem(kg.store._REGISTRY, "alias", "kg.store.memory:MemoryStore")
    monkeypatch.setitem(kg.store._REGISTRY, "text", "kg.text:fold")
    with pytest.raises(PluginError, match="registered as 'alias' but its name is 'memory'; give it name = 'alias'"):
        open_store("alias:")
    with pytest.raises(PluginError, match="is not a kg.store.base.Store class"):
        open_store("text:")
