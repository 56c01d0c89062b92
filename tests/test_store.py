import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDFS, XSD

from kg.errors import QuerySyntaxError, StoreError, StoreLockedError, UnknownStoreError
from kg.store import open_store, resolve_spec
from kg.vocab import LORE

A = URIRef("https://w3id.org/lore-kg/id/article/a")
B = URIRef("https://w3id.org/lore-kg/id/article/b")
SHOW = URIRef("https://w3id.org/lore-kg/id/show/x")
BOOK = URIRef("https://w3id.org/lore-kg/id/book/x")


def labels(store):
    return sorted(str(r[0]) for r in store.query("SELECT ?l WHERE { ?s rdfs:label ?l }").rows)


def test_store_replace_graph_is_seen_in_union(store):
    store.replace_graph(A, [(SHOW, RDFS.label, Literal("X")), (SHOW, LORE.basedOn, BOOK)])
    store.replace_graph(B, [(BOOK, RDFS.label, Literal("X book"))])
    assert labels(store) == ["X", "X book"]
    rows = store.query("SELECT ?l WHERE { ?s lore:basedOn ?b . ?b rdfs:label ?l }").rows
    assert [str(r[0]) for r in rows] == ["X book"]
    assert store.graphs() == [A, B]


def test_store_replace_graph_replaces_only_its_own_graph(store):
    store.replace_graph(A, [(SHOW, RDFS.label, Literal("old"))])
    store.replace_graph(B, [(BOOK, RDFS.label, Literal("kept"))])
    store.replace_graph(A, [(SHOW, RDFS.label, Literal("new"))])
    assert labels(store) == ["kept", "new"]


def test_store_remove_graph(store):
    store.replace_graph(A, [(SHOW, RDFS.label, Literal("gone"))])
    assert store.remove_graph(A) is True
    assert store.remove_graph(A) is False
    assert labels(store) == []
    assert len(store) == 0


def test_store_failed_write_leaves_store_unchanged(store):
    store.replace_graph(A, [(SHOW, RDFS.label, Literal("before"))])

    def broken():
        yield (SHOW, RDFS.label, Literal("half"))
        raise RuntimeError("extractor crashed")

    with pytest.raises(RuntimeError):
        store.replace_graph(A, broken())
    with pytest.raises(RuntimeError):
        store.add_quads((s, p, o, B) for s, p, o in broken())
    assert labels(store) == ["before"]


def test_store_literals_keep_their_type_and_plain_literals_stay_plain(store):
    date = Literal("2020-12-14", datatype=XSD.date)
    fr = Literal("Les Choses", lang="fr")
    tricky = Literal('a "quoted" } label\nwith a newline')
    store.replace_graph(A, [(SHOW, LORE.releaseDate, date), (SHOW, RDFS.label, fr), (SHOW, RDFS.comment, tricky)])
    row = store.query("SELECT ?d ?l ?c WHERE { ?s lore:releaseDate ?d ; rdfs:label ?l ; rdfs:comment ?c }").rows[0]
    assert row[0] == date and row[0].datatype == XSD.date
    assert row[1] == fr and row[1].language == "fr"
    assert row[2] == tricky and row[2].datatype is None


def test_store_quads_round_trip_with_graphs(store):
    store.add_quads([(SHOW, RDFS.label, Literal("in a"), A), (BOOK, RDFS.label, Literal("default"), None)])
    quads = sorted((str(o), g) for _, _, o, g in store.quads())
    assert quads == [("default", None), ("in a", A)]
    assert [str(o) for _, _, o, _ in store.quads(A)] == ["in a"]


def test_store_query_syntax_error_has_line_and_column(store):
    with pytest.raises(QuerySyntaxError) as err:
        store.query("SELECT ?s\nWHERE { ?s ?p }")
    assert err.value.line == 2
    assert err.value.column is not None
    assert "line 2" in str(err.value)


def test_store_query_row_limit_marks_truncation(store):
    store.replace_graph(A, [(URIRef(f"urn:s{i}"), RDFS.label, Literal(str(i))) for i in range(5)])
    result = store.query("SELECT ?s WHERE { ?s rdfs:label ?l }", limit=3)
    assert len(result.rows) == 3 and result.truncated
    assert not store.query("SELECT ?s WHERE { ?s rdfs:label ?l }", limit=10).truncated


def test_store_ask_and_construct(store):
    store.replace_graph(A, [(SHOW, LORE.basedOn, BOOK)])
    assert store.query("ASK { ?s lore:basedOn ?b }").boolean is True
    g = store.query("CONSTRUCT { ?b ?p ?s } WHERE { ?s ?p ?b }").graph
    assert (BOOK, LORE.basedOn, SHOW) in g


def test_store_embedded_persists_across_reopen(store_dir):
    with open_store(store_dir) as s:
        s.replace_graph(A, [(SHOW, RDFS.label, Literal("kept"))])
    with open_store(store_dir, read_only=True) as s:
        assert labels(s) == ["kept"]


def test_store_embedded_second_writer_gets_a_clear_error(store_dir):
    first = open_store(store_dir)
    try:
        with pytest.raises(StoreLockedError, match="in use by another kg process"):
            open_store(store_dir)
    finally:
        first.close()


def test_store_embedded_read_only_sees_data_beside_a_writer(store_dir):
    writer = open_store(store_dir)
    writer.replace_graph(A, [(SHOW, RDFS.label, Literal("shared"))])
    writer.close()
    writer = open_store(store_dir)
    try:
        with open_store(store_dir, read_only=True) as reader:
            assert labels(reader) == ["shared"]
            with pytest.raises(StoreError, match="read-only"):
                reader.replace_graph(A, [])
    finally:
        writer.close()


def test_store_read_only_open_of_missing_store_is_an_error(tmp_path):
    with pytest.raises(StoreError, match="no store at"):
        open_store(str(tmp_path / "nothing"), read_only=True)


def test_store_unreadable_location_is_an_error(tmp_path):
    f = tmp_path / "a-file"
    f.write_text("not a store")
    with pytest.raises(StoreError, match="cannot open the store"):
        open_store(str(f))


@pytest.mark.parametrize(
    "spec, kind",
    [("memory", "memory"), ("/tmp/x", "oxigraph"), ("oxigraph:/tmp/x", "oxigraph"), ("http://h:1/sparql", "sparql")],
)
def test_store_spec_resolution(spec, kind):
    assert resolve_spec(spec)[0] == kind


def test_store_spec_from_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("KG_STORE", "memory")
    assert resolve_spec(None) == ("memory", "")


def test_store_unknown_kind_lists_the_options():
    from kg.store import store_class

    with pytest.raises(UnknownStoreError, match="memory"):
        store_class("nope")


def test_store_remote_endpoint_that_does_not_answer_is_a_store_error():
    store = open_store("http://127.0.0.1:9/sparql")  # opening is lazy; the first request fails
    with pytest.raises(StoreError, match="cannot reach the SPARQL endpoint http://127.0.0.1:9/sparql"):
        store.query("ASK {}")


def test_store_quads_of_one_graph_exclude_shared_triples_elsewhere(store):
    shared = (SHOW, RDFS.label, Literal("X"))
    store.replace_graph(A, [shared])
    store.replace_graph(B, [shared, (BOOK, RDFS.label, Literal("only b"))])
    assert {g for *_, g in store.quads(A)} == {A}
    assert len(list(store.quads(A))) == 1


def test_store_default_triples_are_the_default_graph_only(store):
    store.replace_graph(A, [(SHOW, RDFS.label, Literal("in a graph"))])
    store.add_quads([(SHOW, LORE.basedOn, BOOK, None), (BOOK, RDFS.label, Literal("default"), None)])
    assert sorted(store.default_triples()) == sorted([(SHOW, LORE.basedOn, BOOK), (BOOK, RDFS.label, Literal("default"))])


def test_store_memory_change_token_follows_every_write_and_only_writes():
    from kg.store.base import Store

    s = open_store("memory")
    seen = [s.change_token()]
    s.replace_graph(A, [(SHOW, RDFS.label, Literal("X"))])
    seen.append(s.change_token())
    s.add_quads([(SHOW, LORE.basedOn, BOOK, B)])
    seen.append(s.change_token())
    assert s.remove_graph(B)
    seen.append(s.change_token())
    assert not s.remove_graph(B)  # nothing removed: nothing changed
    s.query("SELECT * WHERE { ?s ?p ?o }")
    seen.append(s.change_token())
    assert None not in seen and len(set(seen[:4])) == 4 and seen[4] == seen[3]
    assert Store.change_token(s) is None  # a store that cannot tell says None


def test_store_read_only_open_tries_again_when_a_writer_compacts_files_away(tmp_path, monkeypatch):
    """RocksDB reads the files its manifest lists; one compacted away meanwhile is a RuntimeError
    ("No such file"): tried once more, then reported as a change to retry, never as a broken store."""
    import pyoxigraph as ox

    import kg.store.oxigraph

    path = tmp_path / "store"
    with open_store(str(path)) as s:
        s.replace_graph(A, [(SHOW, RDFS.label, Literal("X"))])
    real, failures = ox.Store.read_only, []

    def flaky(location):
        if len(failures) < fail:
            failures.append(location)
            raise RuntimeError(f"IO error: No such file or directory: While open a file for random read: "
                               f"{location}/000012.sst: No such file or directory")
        return real(location)

    monkeypatch.setattr(kg.store.oxigraph.ox.Store, "read_only", flaky)
    fail = 1
    with open_store(str(path), read_only=True) as s:
        assert labels(s) == ["X"] and len(failures) == 1
    failures.clear()
    fail = 2
    with pytest.raises(StoreError, match="changed while opening .*; run the command again"):
        open_store(str(path), read_only=True)
    assert len(failures) == 2


def test_store_read_only_open_of_a_directory_holding_no_store_is_not_retried(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(StoreError, match="cannot open the store"):
        open_store(str(tmp_path / "empty"), read_only=True)


def test_transfer_that_fails_part_way_says_how_far_it_got(tmp_path):
    from kg.store.memory import MemoryStore
    from kg.transfer import copy_dataset

    class Failing(MemoryStore):
        def replace_graph(self, graph, triples):
            if graph == B:
                raise StoreError("the endpoint went away")
            super().replace_graph(graph, triples)

    source = open_store("memory")
    for g in (A, B, URIRef(f"{B}-2")):
        source.replace_graph(g, [(SHOW, RDFS.label, Literal(str(g)))])
    target = Failing()
    with pytest.raises(StoreError) as caught:
        copy_dataset(source, target)
    assert type(caught.value) is StoreError
    assert str(caught.value) == ("the endpoint went away; copied 1 of 3 graphs, run the same command again to finish")
    assert target.graphs() == [A]


def test_keyset_pages_wrap_the_query_and_keep_its_columns(store):
    """kg.query.sparql.keyset_query: the query as a subquery (GROUP BY and all), filtered by key,
    ordered, limited; the pages together are the whole answer, on every store."""
    from kg.query.sparql import keyset_query, keyset_rows, projected

    store.add_quads([(URIRef(f"{SHOW}-{i:02d}"), RDFS.label, Literal(f"L{j}"), A) for i in range(7) for j in range(3)])
    text = "SELECT ?s (COUNT(?l) AS ?n) (SAMPLE(?l) AS ?one) WHERE { ?s rdfs:label ?l } GROUP BY ?s"
    assert projected(text) == ["s", "n", "one"]
    page = keyset_query(text, "s", f"{SHOW}-03", 2)
    assert page.startswith("SELECT ?s ?n ?one WHERE {") and page.endswith("ORDER BY STR(?s)\nLIMIT 2")
    assert [int(r[1]) for r in store.query(page).rows] == [3, 3]

    def fetch(q):
        res = store.query(q, limit=2)
        return res.rows, res.truncated

    rows = list(keyset_rows(fetch, text, "s", lambda r: str(r[0]), page=2, too_many=StoreError))
    assert [str(r[0]) for r in rows] == [f"{SHOW}-{i:02d}" for i in range(7)]
    with pytest.raises(ValueError):
        keyset_query(text + " ORDER BY ?s", "s", None, 2)


def test_store_layering_kg_query_imports_no_store():
    """kg.query sits below kg.store: importing it loads no store module (type hints only)."""
    import subprocess
    import sys

    code = ("import sys, kg.query.result, kg.query.sparql, kg.query.formats, kg.query.guard\n"
            "print(sorted(m for m in sys.modules if m == 'kg.store' or m.startswith('kg.store.')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_store_layering_no_code_outside_kg_store_imports_an_implementation():
    """Commands, backups and the web app ask the registry and the Store interface (its
    capabilities: serving, checkpoint, dump_trig, restore), never a store implementation."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    stores = root / "kg" / "store"
    implementation = re.compile(r"^\s*(?:from|import)\s+kg\.store\.(?!base\b|serving\b)\w+", re.M)
    found = [str(path.relative_to(root)) for folder in ("kg", "web") for path in (root / folder).rglob("*.py")
             if stores not in path.parents and implementation.search(path.read_text(encoding="utf-8"))]
    assert found == []
