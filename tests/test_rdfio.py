import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDFS, XSD

from kg.errors import DataParseError, UnknownFormatError
from kg.rdfio import export, import_file, parse_dataset
from kg.store import open_store
from kg.vocab import LORE

A = URIRef("https://w3id.org/lore-kg/id/article/a")
B = URIRef("https://w3id.org/lore-kg/id/article/b")
SHOW = URIRef("https://w3id.org/lore-kg/id/show/x")


def fill(store):
    store.replace_graph(A, [(SHOW, RDFS.label, Literal("X")), (SHOW, LORE.releaseDate, Literal("2020", datatype=XSD.gYear))])
    store.replace_graph(B, [(SHOW, RDFS.label, Literal("X")), (SHOW, RDFS.label, Literal("Iks", lang="pl"))])


def quadset(store):
    return {(s, p, o, g) for s, p, o, g in store.quads()}


@pytest.mark.parametrize("fmt", ["trig", "nquads", "jsonld"])
def test_rdfio_round_trip_keeps_named_graphs(store, tmp_path, fmt):
    fill(store)
    path = tmp_path / f"dump.{ {'trig': 'trig', 'nquads': 'nq', 'jsonld': 'jsonld'}[fmt] }"
    path.write_text(export(store, fmt), encoding="utf-8")
    with open_store("memory") as other:
        import_file(other, path)
        assert quadset(other) == quadset(store)
        assert other.graphs() == [A, B]


@pytest.mark.parametrize("fmt", ["turtle", "nt"])
def test_rdfio_triple_formats_write_the_union(store, tmp_path, fmt):
    fill(store)
    data = export(store, fmt)
    quads = parse_dataset(data, fmt)
    assert all(g is None for *_, g in quads)
    # the label stated by both articles appears once in the union
    assert len([q for q in quads if q[2] == Literal("X")]) == 1
    assert len(quads) == 3


def test_rdfio_failed_import_leaves_store_unchanged(store, tmp_path):
    fill(store)
    before = quadset(store)
    bad = tmp_path / "bad.ttl"
    bad.write_text('<urn:a> <urn:b> "fine" .\n<urn:a> <urn:b> "unterminated .\n', encoding="utf-8")
    with pytest.raises(DataParseError, match="not valid turtle"):
        import_file(store, bad)
    assert quadset(store) == before


def test_rdfio_unknown_extension_asks_for_format(store, tmp_path):
    f = tmp_path / "data.xyz"
    f.write_text("")
    with pytest.raises(UnknownFormatError, match="--format"):
        import_file(store, f)


def test_rdfio_unknown_format_name_lists_formats(store):
    with pytest.raises(UnknownFormatError, match="trig"):
        export(store, "rdfxml-ish")
