"""The remote SPARQL store (kg/store/sparql/) on a throwaway Virtuoso, push/pull, and the
store's HTTP edge cases (no server needed for those). The behaviour every store shares is checked
by tests/test_store.py and the other suites through the `store` fixture, Virtuoso included."""

import json
import os
import socket
import threading
import time

import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from kg.cli import cli
from kg.errors import QuerySyntaxError, QueryTimeoutError, StoreError
from kg.pipelines import Pipeline
from kg.store import open_store
from kg.store.sparql import SparqlStore, reads, writes
from kg.store.sparql.config import DEFAULT_GRAPH, EndpointConfig
from kg.store.sparql.dialect import Dialect, graph_constants_as_variables
from kg.store.sparql.transport import Transport
from kg.store.sparql.writes import STAGING_MARKER, STAGING_PREFIX, chunks_keeping_bnodes
from kg.transfer import copy_dataset
from kg.vocab import LORE
from tests.conftest import remote_store, sparql_env

A = URIRef("https://w3id.org/lore-kg/id/article/a")
B = URIRef("https://w3id.org/lore-kg/id/article/b")
SHOW = URIRef("https://w3id.org/lore-kg/id/show/x")
BOOK = URIRef("https://w3id.org/lore-kg/id/book/x")


@pytest.fixture(autouse=True)
def no_sparql_env(monkeypatch, tmp_path):
    sparql_env(monkeypatch, tmp_path)  # nothing from the user's own environment or settings file


def labels(store):
    return sorted(str(r[0]) for r in store.query("SELECT ?l WHERE { ?s rdfs:label ?l }").rows)


def graph_labels(store, graph):
    return sorted(str(o) for _, p, o, _ in store.quads(graph) if p == RDFS.label)


def staging_graphs(store):
    return [b["value"] for _, b, _ in reads.graph_keys(store, counts=False) if b["value"].startswith(STAGING_PREFIX)]


def many(n, graph_label="x"):
    return [(URIRef(f"https://w3id.org/lore-kg/id/person/p{i}"), RDFS.label, Literal(f"{graph_label} {i}"))
            for i in range(n)]


# --- writes are all-or-nothing ---------------------------------------------------------------


def test_store_remote_large_graph_is_staged_in_chunks_and_replaced_whole(virtuoso_server, virtuoso_store):
    store = remote_store(virtuoso_server, chunk=40)
    store.replace_graph(A, many(100, "old"))
    store.replace_graph(A, many(130, "new"))
    assert graph_labels(store, A) == sorted(f"new {i}" for i in range(130))
    assert staging_graphs(store) == []


def test_store_remote_failure_while_staging_leaves_the_old_graph(virtuoso_server, virtuoso_store, monkeypatch):
    store = remote_store(virtuoso_server, chunk=40)
    store.replace_graph(A, many(10, "old"))
    sent = []
    real = Transport.post

    def flaky(self, url, form, accept, *, what, **options):
        if what == "update":
            sent.append(form["update"])
            if len(sent) == 3:  # the third staging request dies
                raise StoreError("connection reset (simulated)")
        return real(self, url, form, accept, what=what, **options)

    monkeypatch.setattr(Transport, "post", flaky)
    with pytest.raises(StoreError, match="simulated"):
        store.replace_graph(A, many(200, "new"))
    monkeypatch.setattr(Transport, "post", real)
    assert graph_labels(store, A) == sorted(f"old {i}" for i in range(10))
    assert staging_graphs(store) == []  # dropped after the failure
    assert labels(store) == sorted(f"old {i}" for i in range(10))


def test_store_remote_failure_of_the_publishing_operation_leaves_the_old_graph(virtuoso_store, monkeypatch):
    store = virtuoso_store
    store.replace_graph(A, [(SHOW, RDFS.label, Literal("old"))])
    # A publishing operation that fails on the endpoint half-way through its WHERE clause.
    monkeypatch.setattr(writes, "DECODE", writes.DECODE + "\nFILTER(1/0 = 1)")
    with pytest.raises(StoreError, match="Division by 0"):
        store.replace_graph(A, [(SHOW, RDFS.label, Literal("new")), (BOOK, RDFS.label, Literal("new book"))])
    assert labels(store) == ["old"]
    assert staging_graphs(store) == []


def test_store_remote_virtuoso_commits_each_operation_of_a_request_on_its_own(virtuoso_store):
    """The measured trap the staging design works around: when the second operation of one
    update request fails, Virtuoso keeps what the first one did."""
    with pytest.raises(StoreError, match="Division by 0"):
        virtuoso_store.update(f"INSERT DATA {{ GRAPH <{A}> {{ <{SHOW}> <{RDFS.label}> 'first' }} }} ;\n"
                               f"INSERT {{ GRAPH <{A}> {{ <{SHOW}> <{RDFS.label}> ?x }} }} WHERE {{ BIND(1/0 AS ?x) }}")
    assert labels(virtuoso_store) == ["first"]


def test_store_remote_staged_triples_are_invisible_to_queries(virtuoso_store):
    store = virtuoso_store
    store.replace_graph(A, [(SHOW, RDFS.label, Literal("published"))])
    staging = writes.new_staging()
    for op in writes.stage_requests(staging, [(SHOW, RDFS.label, Literal("half-written")), (SHOW, RDF.type, LORE.Show)],
                                   store.chunk):
        store.update(op)  # a writer that died before publishing
    assert labels(store) == ["published"]
    assert store.query("ASK { ?s a lore:Show }").boolean is False
    assert store.graphs() == [A] and len(store) == 1
    assert [str(o) for *_, o, _ in store.quads()] == ["published"]


def test_store_remote_old_staging_graphs_are_dropped_before_the_first_write(virtuoso_server, virtuoso_store):
    store = virtuoso_store
    old, young = URIRef(STAGING_PREFIX + "1-dead"), URIRef(STAGING_PREFIX + f"{int(time.time())}-busy")
    store.update(f"INSERT DATA {{ GRAPH {old.n3()} {{ {old.n3()} {STAGING_MARKER.n3()} 1 }} "
                  f"GRAPH {young.n3()} {{ {young.n3()} {STAGING_MARKER.n3()} {int(time.time())} }} }}")
    writer = remote_store(virtuoso_server)
    writer.replace_graph(A, [(SHOW, RDFS.label, Literal("x"))])
    assert staging_graphs(writer) == [str(young)]  # another writer may still be using it


def test_store_remote_replacing_with_the_same_triples_keeps_them(virtuoso_store):
    triples = [(SHOW, RDFS.label, Literal("same")), (SHOW, LORE.basedOn, BOOK)]
    virtuoso_store.replace_graph(A, triples)
    virtuoso_store.replace_graph(A, triples + [(BOOK, RDFS.label, Literal("added"))])
    assert sorted(str(o) for *_, o, _ in virtuoso_store.quads(A)) == sorted([str(BOOK), "added", "same"])


def test_store_remote_blank_nodes_stay_linked_across_chunks(virtuoso_server, virtuoso_store):
    store = remote_store(virtuoso_server, chunk=2)
    b1, b2, b3 = BNode(), BNode(), BNode()
    triples = [(b1, RDFS.label, Literal("one")), (b1, RDFS.seeAlso, b2), (b2, RDFS.label, Literal("two")),
               (b2, RDFS.seeAlso, b3), (b3, RDFS.label, Literal("three")), (SHOW, RDFS.seeAlso, b1)]
    store.replace_graph(A, triples)
    rows = store.query("""SELECT ?l1 ?l2 ?l3 WHERE { ?s rdfs:seeAlso ?x . ?x rdfs:label ?l1 ; rdfs:seeAlso ?y .
                          ?y rdfs:label ?l2 ; rdfs:seeAlso ?z . ?z rdfs:label ?l3 }""").rows
    assert [tuple(map(str, r)) for r in rows] == [("one", "two", "three")]


def test_store_remote_chunks_keep_blank_node_groups_together():
    b = BNode()
    triples = [(b, RDFS.label, Literal(str(i))) for i in range(5)] + many(4)
    chunks = chunks_keeping_bnodes(triples, 3)
    assert sum(len(c) for c in chunks) == 9
    assert [c for c in chunks if any(t[0] == b for t in c)] == [triples[:5]]


def test_store_remote_add_quads_to_many_graphs_and_the_default_graph(virtuoso_store):
    quads = [(SHOW, RDFS.label, Literal(f"g{i}"), URIRef(f"{A}-{i}")) for i in range(60)]
    quads.append((BOOK, RDFS.label, Literal("default"), None))
    assert virtuoso_store.add_quads(quads) == 61
    assert len(virtuoso_store.graphs()) == 60 and len(virtuoso_store) == 61
    assert [(str(o), g) for *_, o, g in virtuoso_store.quads() if g is None] == [("default", None)]
    assert virtuoso_store.has_graph(URIRef(DEFAULT_GRAPH)) is False


# --- reading: system graphs, constant graphs, pages, caps ------------------------------------


def test_store_remote_virtuoso_system_graphs_stay_hidden(virtuoso_store):
    store = virtuoso_store
    assert store.is_virtuoso
    assert len(store) == 0 and store.graphs() == [] and list(store.quads()) == []
    assert store.query("SELECT ?c WHERE { ?s a ?c }").rows == []
    assert store.query("SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } }").rows == []
    assert store.query("ASK { GRAPH <http://www.openlinksw.com/schemas/virtrdf#> { ?s ?p ?o } }").boolean is False


def test_store_remote_patterns_on_a_constant_graph(virtuoso_store):
    store = virtuoso_store
    store.replace_graph(A, [(SHOW, RDFS.label, Literal("in a"))])
    store.replace_graph(B, [(SHOW, RDFS.label, Literal("in b"))])
    result = store.query(f"SELECT * WHERE {{ GRAPH <{A}> {{ ?s ?p ?o }} }}")
    assert result.vars == ["s", "p", "o"] and [str(r[2]) for r in result.rows] == ["in a"]
    assert store.query(f"ASK {{ GRAPH <{A}> {{ ?s ?p 'in a' }} }}").boolean is True
    assert store.query(f"ASK {{ GRAPH <{A}> {{ ?s ?p 'in b' }} }}").boolean is False
    assert store.query("ASK { GRAPH <https://w3id.org/lore-kg/id/article/none> { ?s ?p ?o } }").boolean is False
    assert store.has_graph(A) and not store.has_graph(URIRef(f"{A}-none"))


def test_store_remote_graph_constants_are_rewritten_outside_strings_and_comments():
    text, changed = graph_constants_as_variables(
        'SELECT * { GRAPH lore:x { ?s ?p "GRAPH <urn:no> {" } # GRAPH <urn:no> {\n graph\n<urn:g>\n{ } GRAPH ?g { } }')
    assert changed
    assert text == ('SELECT * { BIND(lore:x AS ?_kg_g1) GRAPH ?_kg_g1 { ?s ?p "GRAPH <urn:no> {" } # GRAPH <urn:no> {\n'
                    ' BIND(<urn:g> AS ?_kg_g2) GRAPH\n?_kg_g2\n{ } GRAPH ?g { } }')
    assert graph_constants_as_variables("SELECT ?graph WHERE { ?graph ex:graph ?o FILTER(?a<3) }") == (
        "SELECT ?graph WHERE { ?graph ex:graph ?o FILTER(?a<3) }", False)


def test_store_remote_reads_page_through_many_graphs_and_big_graphs(virtuoso_server, virtuoso_store):
    store = remote_store(virtuoso_server, page=20)
    store.add_quads([(SHOW, RDFS.label, Literal(f"g{i}"), URIRef(f"{A}-{i:02d}")) for i in range(45)])
    store.replace_graph(B, many(57))
    assert len(store.graphs()) == 46
    quads = list(store.quads())
    assert len(quads) == 45 + 57 == len(store) and len(set(quads)) == len(quads)
    assert sorted(str(o) for *_, o, _ in store.quads(B)) == sorted(f"x {i}" for i in range(57))
    # An endpoint that cuts the graph list (Virtuoso past 10,000 graphs): keyset pages of 20.
    real = store.select
    store.select = lambda text: (*real(text)[:2], 10_000) if "LIMIT" not in text else real(text)
    assert len(store.graphs()) == 46 and sorted(store.quads(), key=str) == sorted(quads, key=str)


def test_store_remote_answer_cut_by_the_endpoint_is_truncated_or_an_error(virtuoso_store):
    virtuoso_store.replace_graph(A, many(101))  # 101 x 101 rows > Virtuoso's 10,000-row cap
    cross = "SELECT ?a ?b WHERE { ?a rdfs:label ?x . ?b rdfs:label ?y }"
    result = virtuoso_store.query(cross, limit=20_000)
    assert result.truncated and len(result.rows) == 10_000
    assert virtuoso_store.query(cross, limit=50).truncated
    with pytest.raises(StoreError, match="cut the answer at its maximum of 10,000 rows"):
        virtuoso_store.query(cross)


def test_store_remote_virtuoso_internal_error_is_a_store_error_not_a_syntax_error(virtuoso_store):
    with pytest.raises(StoreError) as err:  # a Virtuoso 7.2 compiler bug on valid SPARQL
        virtuoso_store.query('SELECT ?s WHERE { { ?x lore:season ?s } UNION '
                             '{ ?s lore:sequel ?o . FILTER(isIRI(?o)) BIND("k" AS ?kind) } }')
    assert not isinstance(err.value, QuerySyntaxError) and "Internal error" in str(err.value)


def test_store_remote_syntax_error_in_virtuoso_only_syntax_keeps_its_line(virtuoso_store):
    with pytest.raises(QuerySyntaxError) as err:
        virtuoso_store.query("SELECT ?s\nWHERE { ?s ?p ?o }\nLIMIT nope")
    assert err.value.line == 3


def test_store_remote_updates_are_not_queries(virtuoso_store):
    virtuoso_store.replace_graph(A, [(SHOW, RDFS.label, Literal("kept"))])
    for update in ("DELETE WHERE { ?s ?p ?o }", "PREFIX x: <urn:x>\nDROP ALL", "CLEAR GRAPH <urn:x>"):
        with pytest.raises(QuerySyntaxError, match="is an update, not a query"):
            virtuoso_store.query(update)
    assert labels(virtuoso_store) == ["kept"]
    assert virtuoso_store.query("SELECT ?s WHERE { ?s rdfs:label 'DELETE me' }").rows == []


# --- credentials, settings, errors -----------------------------------------------------------


def test_store_remote_anonymous_writes_are_refused_with_advice(virtuoso_server, virtuoso_store):
    anonymous = SparqlStore(virtuoso_server.query_url)
    with pytest.raises(StoreError, match="refused the update.*KG_SPARQL_USER.*KG_SPARQL_UPDATE_URL"):
        anonymous.replace_graph(A, [(SHOW, RDFS.label, Literal("x"))])
    assert virtuoso_store.graphs() == []


def test_store_remote_wrong_password_never_shows_in_messages(virtuoso_server):
    store = SparqlStore(virtuoso_server.query_url, update_url=virtuoso_server.update_url, user="dba",
                        password="not-the-password-42")
    with pytest.raises(StoreError) as err:
        store.replace_graph(A, [(SHOW, RDFS.label, Literal("x"))])
    assert "refused the update" in str(err.value) and "401" in str(err.value)
    assert "not-the-password-42" not in str(err.value) + repr(store.config) + json.dumps(store.describe())


def test_store_remote_settings_from_env_and_file(monkeypatch, tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("from-file\n")
    settings = tmp_path / "sparql.toml"
    settings.write_text('["http://h:1/sparql"]\nupdate_url = "http://h:1/sparql-auth"\nuser = "lore"\n'
                        f'password_file = "{secret}"\ntimeout = 5\nhidden_graphs = ["urn:x"]\n')
    monkeypatch.setenv("KG_SPARQL_CONFIG", str(settings))
    c = EndpointConfig.load("http://h:1/sparql")
    assert (c.update_url, c.user, c.password, c.timeout, c.hidden_graphs) == (
        "http://h:1/sparql-auth", "lore", "from-file", 5.0, ("urn:x",))
    monkeypatch.setenv("KG_SPARQL_USER", "env-user")
    monkeypatch.setenv("KG_SPARQL_PASSWORD", "env-pw")
    c = EndpointConfig.load("http://h:1/sparql")
    assert (c.user, c.password) == ("env-user", "env-pw") and "env-pw" not in repr(c)
    other = EndpointConfig.load("http://other:2/sparql")
    assert other.update_url == "http://other:2/sparql" and other.user == "env-user"


@pytest.mark.parametrize("url, message", [
    ("http://dba:secret@h:1/sparql", "credentials do not belong in the endpoint URL"),
    ("ftp://h/sparql", "not an http"),
])
def test_store_remote_bad_urls_are_refused(url, message):
    with pytest.raises(StoreError, match=message) as err:
        SparqlStore(url)
    assert "secret" not in str(err.value)


def test_store_remote_unreachable_endpoint_is_a_store_error():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: nothing listens there
    with pytest.raises(StoreError, match=f"cannot reach the SPARQL endpoint http://127.0.0.1:{port}/sparql"):
        SparqlStore(f"http://127.0.0.1:{port}/sparql").query("ASK {}")


def test_store_remote_endpoint_that_never_answers_times_out():
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    accepted = []
    thread = threading.Thread(target=lambda: accepted.append(server.accept()), daemon=True)
    thread.start()
    try:
        store = SparqlStore(f"http://127.0.0.1:{server.getsockname()[1]}/sparql", timeout=0.5)
        started = time.monotonic()
        with pytest.raises(QueryTimeoutError, match="did not answer the query within 0.5 s"):
            store.query("ASK {}")
        assert time.monotonic() - started < 5
    finally:
        for conn, _ in accepted:
            conn.close()
        server.close()


def test_store_remote_query_with_its_own_time_limit_waits_that_long_and_a_grace_second(monkeypatch):
    import kg.store.sparql.transport

    monkeypatch.setattr(kg.store.sparql.transport, "TIMEOUT_GRACE", 0.2)
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(4)
    accepted = []
    thread = threading.Thread(target=lambda: [accepted.append(server.accept()) for _ in range(2)], daemon=True)
    thread.start()
    try:
        store = SparqlStore(f"http://127.0.0.1:{server.getsockname()[1]}/sparql", timeout=30)
        store._dialect = Dialect(virtuoso=False, hidden=frozenset(), pragmas="")  # no probe: it would wait 30 s
        started = time.monotonic()
        with pytest.raises(QueryTimeoutError) as caught:
            store.query("ASK {}", timeout=0.3)
        assert time.monotonic() - started < 5
        assert "within 0.5 s" in str(caught.value) and "KG_SPARQL_TIMEOUT" not in str(caught.value)
    finally:
        for conn, _ in accepted:
            conn.close()
        server.close()


def test_store_remote_read_only_refuses_writes(virtuoso_server):
    store = open_store(virtuoso_server.query_url, read_only=True)
    with pytest.raises(StoreError, match="opened read-only"):
        store.replace_graph(A, [])
    with pytest.raises(StoreError, match="opened read-only"):
        store.add_quads([])


# --- push / pull -----------------------------------------------------------------------------


def test_transfer_copies_graphs_and_default_graph_between_all_kinds_of_store(virtuoso_store, tmp_path):
    source = open_store("memory")
    source.replace_graph(A, [(SHOW, RDFS.label, Literal("Show")), (A, RDF.type, LORE.Article),
                             (A, LORE.contentHash, Literal("abc"))])
    source.replace_graph(B, [(BOOK, RDFS.label, Literal("Book", lang="en"))])
    source.add_quads([(SHOW, LORE.basedOn, BOOK, None)])
    report = copy_dataset(source, virtuoso_store)
    assert (report.graphs, report.quads, report.default_quads) == (2, 5, 1)
    with open_store(str(tmp_path / "embedded")) as embedded:
        copy_dataset(virtuoso_store, embedded)
        assert sorted(embedded.quads(), key=str) == sorted(source.quads(), key=str)


def test_transfer_mirror_drops_graphs_the_source_lacks(virtuoso_store):
    virtuoso_store.replace_graph(B, [(BOOK, RDFS.label, Literal("stale"))])
    source = open_store("memory")
    source.replace_graph(A, [(SHOW, RDFS.label, Literal("fresh"))])
    assert copy_dataset(source, virtuoso_store).removed == []
    assert virtuoso_store.graphs() == [A, B]
    assert copy_dataset(source, virtuoso_store, mirror=True).removed == [B]
    assert labels(virtuoso_store) == ["fresh"]


def test_cli_push_and_pull_through_a_virtuoso(runner, virtuoso_server, virtuoso_store, tmp_path, monkeypatch):
    sparql_env(monkeypatch, tmp_path, virtuoso_server)
    trig = tmp_path / "d.trig"
    trig.write_text(f"<{A}> {{ <{SHOW}> <{RDFS.label}> \"pushed\" . }}\n<{B}> {{ <{BOOK}> <{RDFS.label}> \"too\" . }}\n")
    here, there = str(tmp_path / "here"), str(tmp_path / "there")
    assert runner.invoke(cli, ["--store", here, "import", str(trig)]).exit_code == 0
    pushed = runner.invoke(cli, ["--store", here, "push", "--to", virtuoso_server.query_url])
    assert pushed.exit_code == 0, pushed.output
    assert "copied 2 graphs (2 quads)" in pushed.output and virtuoso_server.password not in pushed.output
    pulled = runner.invoke(cli, ["--store", there, "pull", "--from", virtuoso_server.query_url, "--json"])
    assert pulled.exit_code == 0, pulled.output
    assert json.loads(pulled.output)["graphs"] == 2
    shown = runner.invoke(cli, ["--store", there, "query", "SELECT ?l WHERE { ?s rdfs:label ?l } ORDER BY ?l",
                                "--format", "csv"])
    assert shown.output.splitlines() == ["l", "pushed", "too"]


def test_cli_commands_run_on_the_remote_store(runner, virtuoso_server, virtuoso_store, tmp_path, monkeypatch):
    sparql_env(monkeypatch, tmp_path, virtuoso_server)
    url = virtuoso_server.query_url
    ttl = tmp_path / "d.ttl"
    ttl.write_text(f"<{SHOW}> a <{LORE.Show}> ; <{RDFS.label}> \"Show X\" ; <{LORE.basedOn}> <{BOOK}> .\n")
    trig = tmp_path / "d.trig"
    trig.write_text(f"<{A}> {{ <{BOOK}> a <{LORE.Book}> ; <{RDFS.label}> \"Book X\" . }}\n")
    for path in (ttl, trig):
        r = runner.invoke(cli, ["--store", url, "import", str(path)])
        assert r.exit_code == 0, r.output
    stats = json.loads(runner.invoke(cli, ["--store", url, "stats", "--json"]).output)
    assert (stats["store"], stats["quads"], stats["graphs"]) == ("sparql", 5, 1)
    assert stats["classes"] == {"lore:Book": 1, "lore:Show": 1}
    info = runner.invoke(cli, ["--store", url, "info"])
    assert info.exit_code == 0 and "quads     5" in info.output and virtuoso_server.password not in info.output
    exported = runner.invoke(cli, ["--store", url, "export", "--format", "nquads"])
    assert len(exported.output.strip().splitlines()) == 5 and f"<{A}>" in exported.output
    validated = runner.invoke(cli, ["--store", url, "validate"])
    assert validated.exit_code == 0, validated.output
    backup = tmp_path / "backup"
    saved = runner.invoke(cli, ["--store", url, "backup", str(backup)])
    assert saved.exit_code == 0, saved.output
    assert json.loads((backup / "manifest.json").read_text())["quads"] == 5
    restored = tmp_path / "restored"
    assert runner.invoke(cli, ["--store", str(restored), "restore", str(backup)]).exit_code == 0
    with open_store(str(restored)) as copy:
        assert sorted(copy.quads(), key=str) == sorted(virtuoso_store.quads(), key=str)
    bad = runner.invoke(cli, ["--store", url, "query", "SELECT ?s WHERE { ?s ?p }"])
    assert bad.exit_code == 2 and "invalid SPARQL at line 1" in bad.output
    removed = runner.invoke(cli, ["--store", url, "remove", str(A)])
    assert removed.exit_code == 0, removed.output
    assert json.loads(runner.invoke(cli, ["--store", url, "stats", "--json"]).output)["graphs"] == 0


# --- batch ingest: glob patterns (kg ingest 'corpus/**/*.txt') --------------------------------


def test_ingest_expands_quoted_glob_patterns(tmp_path):
    from kg.ingest import ingest_paths
    from tests.fake_extractor import FakeExtractor

    (tmp_path / "corpus" / "2024").mkdir(parents=True)
    for name in ("a.txt", "2024/b.txt", "2024/c.md", "2024/notes.pdf"):
        (tmp_path / "corpus" / name).write_text(f"{name[-5].upper()} show is based on Some Book.\n")
    store = open_store("memory")
    report = ingest_paths(store, [str(tmp_path / "corpus" / "**" / "*.txt"), str(tmp_path / "corpus" / "2024" / "*.m?"),
                                  str(tmp_path / "nothing" / "*.txt")], pipeline=Pipeline(extractor=FakeExtractor()))
    assert sorted(os.path.basename(s) for s, _, _ in report.ingested) == ["a.txt", "b.txt", "c.md"]
    assert report.failures == [(str(tmp_path / "nothing" / "*.txt"), "no article files match this pattern; check the path")]
