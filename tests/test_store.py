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
    from kg.store import _load

    with pytest.raises(UnknownStoreError, match="memory"):
        _load("nope")


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
