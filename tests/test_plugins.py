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
