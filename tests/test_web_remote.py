"""The web explorer on a remote SPARQL store (`kg --store http://HOST:PORT/sparql serve`), on a
throwaway Virtuoso (tests/virtuoso.py): every page over data ingested into the remote store, the
/sparql endpoint (read-only, time limit), ingest from the web, and `kg serve` starting up.

The explore queries behind the pages are also checked to give the same answers on every store
(memory, embedded, Virtuoso) through the `store` fixture. `RemoteRunner`'s time limit and slots
are checked without a server too.
"""

from __future__ import annotations

import json
import time
from urllib.parse import quote

import pytest
from rdflib import URIRef

from kg.errors import QueryTimeoutError, StoreError
from kg.explore import labels_of
from kg.explore.entities import entity_facts, entity_summary
from kg.explore.graph import graph_data, neighbourhood, relation_choices
from kg.ingest import ingest_documents
from kg.query.guard import run_query
from kg.query.result import QueryResult
from kg.store import open_store
from kg.store.sparql import SparqlStore
from kg.store.sparql.serving import RemoteRunner
from kg.vocab import LORE
from tests.conftest import remote_store, sparql_env
from tests.test_web import PAGES, assert_error_shape, json_of
from tests.test_web_data import (
    ARTICLE_TPT, ARTICLE_XSS, BOOK_1, BOOK_2, HOSTILE_CHARACTER, IMG, SCRIPT, SHOW_IRI, StoryExtractor,
    article_key, document, make_app,
)

ARTICLES = ((ARTICLE_TPT, "tpt.txt"), (ARTICLE_XSS, "hostile.txt"))
# A query Virtuoso runs for seconds on a few hundred quads (its cost estimate lets it through).
SLOW = ("SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?x . ?b ?q ?y . ?c ?r ?z "
        "FILTER(REGEX(CONCAT(STR(?x), STR(?y), STR(?z), STR(?a)), \"q.*z.*j\")) }")


# --- fixtures --------------------------------------------------------------------------------


def _ingest_articles(store) -> dict:
    report = ingest_documents(store, [document(t, s) for t, s in ARTICLES], StoryExtractor())
    assert report.ok, report.failures
    return {"tpt": article_key(store, "tpt.txt"), "hostile": article_key(store, "hostile.txt")}


@pytest.fixture(scope="module")
def remote_app(virtuoso_server, tmp_path_factory):
    """An app serving the Virtuoso endpoint, with the KG_SPARQL_* settings in place."""
    with pytest.MonkeyPatch.context() as mp:
        sparql_env(mp, tmp_path_factory.mktemp("remote-env"), virtuoso_server)
        store = remote_store(virtuoso_server)
        app = make_app(virtuoso_server.query_url)
        try:
            yield {"server": virtuoso_server, "app": app, "store": store, "articles": None}
        finally:
            app.extensions["lore"].close()
            store.clear()
            store.close()


@pytest.fixture
def remote(remote_app):
    """The app, over both articles ingested into the Virtuoso (again when a test in between
    emptied it): {"server", "app", "store", "articles": {"tpt", "hostile"}}."""
    store = remote_app["store"]
    if remote_app["articles"] is None or len(store.graphs()) != len(ARTICLES):
        store.clear()
        remote_app["articles"] = _ingest_articles(store)
    return remote_app


@pytest.fixture(scope="module")
def reference():
    """The same articles in memory, served the usual way: what every page must show."""
    app = make_app("memory")
    keys = _ingest_articles(app.extensions["lore"].reader())
    yield {"app": app, "articles": keys}
    app.extensions["lore"].close()


@pytest.fixture
def client(remote):
    return remote["app"].test_client()


@pytest.fixture
def fresh_remote(virtuoso_server, monkeypatch, tmp_path):
    """An emptied Virtuoso holding the first article, the settings in place; yields the server
    (and a store on it, for checking what landed)."""
    sparql_env(monkeypatch, tmp_path, virtuoso_server)
    store = remote_store(virtuoso_server)
    store.clear()
    assert ingest_documents(store, [document(ARTICLE_TPT, "tpt.txt")], StoryExtractor()).ok
    yield virtuoso_server, store
    store.clear()
    store.close()


def csrf(client) -> str:
    return json_of(client.get("/?format=json"))["ingest"]["csrf_token"]


# --- the app on a remote store ---------------------------------------------------------------


def test_web_remote_state_reads_through_one_read_only_store(remote):
    state = remote["app"].extensions["lore"]
    assert state.describe()["store"] == "sparql"
    reader = state.reader()
    assert isinstance(reader, SparqlStore) and reader.read_only and state.reader() is reader
    assert isinstance(state.runner, RemoteRunner)
    assert state.describe() == {"store": "sparql", "location": remote["server"].query_url}
    with pytest.raises(StoreError, match="read-only"):
        reader.remove_graph(URIRef(f"https://w3id.org/lore-kg/id/article/{remote['articles']['tpt']}"))


def test_web_remote_home_lists_the_remote_articles(client, remote):
    body = json_of(client.get("/?format=json"))
    assert body["store"] == {"store": "sparql", "location": remote["server"].query_url}
    assert {a["title"] for a in body["articles"]} == {"Tiny Pretty Things renewal news", f"{SCRIPT} and {IMG}"}
    counts = {c["label"]: c["count"] for c in body["classes"]}
    assert counts["show"] == 1 and counts["book"] == 2
    html = client.get("/").get_data(as_text=True)
    assert "Tiny Pretty Things renewal news" in html and SCRIPT not in html  # escaped


@pytest.mark.parametrize("path,keys", PAGES, ids=[p for p, _ in PAGES])
def test_web_remote_page_and_json_twin(client, remote, path, keys):
    path = path.format(**remote["articles"])
    html = client.get(path)
    assert html.status_code == 200 and html.mimetype == "text/html", html.data[:500]
    joiner = "&" if "?" in path else "?"
    twin = client.get(path + joiner + "format=json")
    assert twin.status_code == 200
    assert keys <= set(json_of(twin))


DATA_PAGES = [
    "/graph/network",
    f"/graph/network?focus={quote(str(SHOW_IRI))}&depth=2",
    f"/graph/network?relation={quote(str(LORE.character))}&isolated=1",
    "/entity/show/tiny-pretty-things",
    f"/entity/?iri={quote(str(BOOK_1))}",
    f"/entity/?iri={quote(str(BOOK_2))}",
    f"/entity/?iri={quote(str(HOSTILE_CHARACTER))}",
    "/article/{tpt}",
    "/article/{hostile}",
]


@pytest.mark.parametrize("path", DATA_PAGES)
def test_web_remote_pages_show_what_the_embedded_stores_show(client, remote, reference, path):
    """Page for page, the JSON twin over Virtuoso equals the one over the same data in memory."""
    got = json_of(client.get(path.format(**remote["articles"]) + ("&" if "?" in path else "?") + "format=json"))
    ref_client = reference["app"].test_client()
    want = json_of(ref_client.get(path.format(**reference["articles"]) + ("&" if "?" in path else "?") + "format=json"))
    assert got == want
    assert got.get("nodes") or got.get("facts") or got.get("mentions")  # real content, not an empty page


def test_web_remote_entity_page_has_facts_with_evidence(client):
    body = json_of(client.get("/entity/show/tiny-pretty-things?format=json"))
    assert body["entity"]["label"] == "Tiny Pretty Things" and body["entity"]["class_label"] == "show"
    groups = {(g["direction"], g["relation_label"]): g for g in body["facts"]}
    based_on = groups[("out", "based on")]["facts"][0]
    assert based_on["value"]["iri"] == str(BOOK_1) and based_on["status"] == "stated"
    assert based_on["evidence"][0]["sentence"] == "Tiny Pretty Things is based on Tiny Pretty Things."
    characters = {f["value"]["label"] for f in groups[("out", "character")]["facts"]}
    assert {"Cassie", SCRIPT, IMG} <= characters
    assert client.get("/entity/show/no-such-show").status_code == 404


def test_web_remote_article_page_highlights_mentions(client, remote):
    html = client.get(f"/article/{remote['articles']['tpt']}").get_data(as_text=True)
    assert "Kylie Jefferson" in html and 'class="mention' in html
    body = json_of(client.get(f"/article/{remote['articles']['hostile']}?format=json"))
    assert SCRIPT in body["text"] and any(m["label"] == IMG for m in body["mentions"])


def test_web_remote_graph_page_draws_the_remote_graph(client):
    body = json_of(client.get("/graph?format=json"))
    labels = {n["label"] for n in body["nodes"]}
    assert {"Tiny Pretty Things", "Shiny Broken Pieces", "Cassie", "Kylie Jefferson"} <= labels
    assert {r["label"] for r in body["relations"]} >= {"based on", "sequel", "character"}
    around = json_of(client.get(f"/graph/network?focus={quote(str(BOOK_2))}&depth=1&format=json"))
    assert {n["label"] for n in around["nodes"]} == {"Tiny Pretty Things", "Shiny Broken Pieces"}


@pytest.mark.parametrize("question,answers", [
    ("Who plays Cassie?", ["Kylie Jefferson"]),
    ("What is the sequel of Tiny Pretty Things?", ["Shiny Broken Pieces"]),
])
def test_web_remote_ask_page_answers_from_the_remote_store(client, question, answers):
    body = json_of(client.get("/ask?format=json&q=" + quote(question)))
    assert [a["label"] for a in body["answers"]] == answers
    assert body["sparql"] and body["console_url"].startswith("/console?query=")
    html = client.get("/ask?q=" + quote(question)).get_data(as_text=True)
    assert all(a in html for a in answers)


def test_web_remote_ask_page_season_2(client):
    response = client.get("/ask?format=json&q=" + quote("Which book would season 2 of Tiny Pretty Things adapt?"))
    assert response.status_code == 200, response.data[:500]
    assert [a["label"] for a in json_of(response)["answers"]] == ["Shiny Broken Pieces"]


# --- /sparql and the console on a remote store -----------------------------------------------


def get(client, query, accept=None, **params):
    headers = {"Accept": accept} if accept else {}
    extra = "".join(f"&{k}={v}" for k, v in params.items())
    return client.get(f"/sparql?query={quote(query)}{extra}", headers=headers)


def test_web_remote_sparql_endpoint_answers(client):
    select = "SELECT ?s ?label WHERE { ?s a lore:Book ; rdfs:label ?label } ORDER BY ?label"
    data = json.loads(get(client, select).data)
    assert [b["label"]["value"] for b in data["results"]["bindings"]] == ["Shiny Broken Pieces", "Tiny Pretty Things"]
    assert json.loads(get(client, "ASK { ?s lore:sequel ?o }").data)["boolean"] is True
    turtle = get(client, "CONSTRUCT { ?s lore:sequel ?o } WHERE { ?s lore:sequel ?o }")
    assert turtle.mimetype == "text/turtle" and str(BOOK_2) in turtle.get_data(as_text=True)
    csv_text = get(client, select, "text/csv").get_data(as_text=True)
    assert csv_text.splitlines()[1] == f"{BOOK_2},Shiny Broken Pieces"
    console = json_of(client.get("/console?format=json&query=" + quote(select)))
    assert len(console["result"]["results"]["bindings"]) == 2


def test_web_remote_sparql_syntax_error_has_a_line(client):
    error = assert_error_shape(get(client, "SELECT ?s WHERE {\n  ?s ?p ?o .\n  FILTER(?s = ) }"), 400)
    assert error["line"] == 3


def test_web_remote_sparql_caps_rows(remote):
    app = make_app(remote["server"].query_url, SPARQL_MAX_ROWS=3)
    try:
        response = get(app.test_client(), "SELECT ?s ?p ?o WHERE { ?s ?p ?o }")
        assert len(json.loads(response.data)["results"]["bindings"]) == 3
        assert "cut at 3 rows" in response.headers["X-Lore-Truncated"]
    finally:
        app.extensions["lore"].close()


UPDATES = [
    "INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }",
    "DELETE WHERE { ?s ?p ?o }",
    "DROP ALL",
    "CLEAR DEFAULT",
    "PREFIX ex: <urn:x:>\nINSERT { ?s ex:p 1 } WHERE { ?s ?p ?o }",
]


@pytest.mark.parametrize("update", UPDATES)
def test_web_remote_sparql_refuses_updates(client, remote, update):
    before = len(remote["store"])
    assert_error_shape(get(client, update), 403)
    assert_error_shape(client.post("/sparql", data={"update": update}), 403)
    assert_error_shape(client.post("/sparql", data=update.encode(), content_type="application/sparql-update"), 403)
    assert_error_shape(client.post("/sparql", data=update.encode(), content_type="application/sparql-query"), 403)
    assert client.get("/console?query=" + quote(update)).status_code == 403
    assert len(remote["store"]) == before


def test_web_remote_runner_never_sends_an_update(remote):
    """Past the guard, the runner's own store is read-only: an update that slipped through would
    still not reach the endpoint."""
    runner = remote["app"].extensions["lore"].runner
    with pytest.raises(Exception) as caught:
        runner.run("INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }", timeout=5, max_rows=10)
    assert "update" in str(caught.value)
    assert not remote["store"].query("ASK { <urn:x:a> ?p ?o }").boolean


def test_web_remote_sparql_stops_a_query_at_the_time_limit(remote):
    app = make_app(remote["server"].query_url, SPARQL_TIMEOUT=0.5)
    try:
        client = app.test_client()
        started = time.monotonic()
        error = assert_error_shape(get(client, SLOW), 503)
        assert time.monotonic() - started < 5
        assert "0.5 s time limit" in error["detail"]
        assert json.loads(get(client, "ASK { ?s ?p ?o }").data)["boolean"] is True  # next query fine
    finally:
        app.extensions["lore"].close()


def test_web_remote_virtuoso_itself_stops_the_query_at_the_limit(remote, monkeypatch):
    """The endpoint is asked to stop (Virtuoso's `timeout` parameter), not only the client to wait."""
    import kg.store.sparql.transport

    monkeypatch.setattr(kg.store.sparql.transport, "TIMEOUT_GRACE", 60.0)  # the client would wait 60.5 s
    store = SparqlStore(remote["server"].query_url, read_only=True, timeout=60)
    started = time.monotonic()
    with pytest.raises(QueryTimeoutError, match="stopped the query at its time limit"):
        store.query(SLOW, timeout=0.5)
    assert time.monotonic() - started < 10  # far less than the 60 s the client would wait
    assert store.query("ASK { ?s ?p ?o }").boolean is True


# --- ingest from the web into the remote store -----------------------------------------------


def test_web_remote_ingest_lands_in_the_remote_store(fresh_remote):
    server, store = fresh_remote
    app = make_app(server.query_url)
    try:
        client = app.test_client()
        text = "A pasted story\n\nHeartstopper is based on Heartstopper Volume One.\n"
        response = client.post("/ingest", data={"text": text, "csrf_token": csrf(client)})
        assert response.status_code == 200, response.data[:500]
        assert "1 article ingested" in response.get_data(as_text=True)
        titles = {a["title"] for a in json_of(client.get("/?format=json"))["articles"]}
        assert titles == {"Tiny Pretty Things renewal news", "A pasted story"}
        # In the endpoint itself, seen by another client:
        assert store.query('ASK { ?a dcterms:title "A pasted story" ; a lore:Article }').boolean
        assert store.query('ASK { ?s rdfs:label "Heartstopper Volume One" }').boolean
        assert client.get("/entity/book/heartstopper-volume-one").status_code == 200
        # The JSON twin of a second ingest, by upload:
        data = {"file": (__import__("io").BytesIO(b"Upload news\n\nElite is based on Some Book.\n"), "elite.txt"),
                "csrf_token": csrf(client)}
        body = json_of(client.post("/ingest?format=json", data=data, content_type="multipart/form-data"))
        assert body["report"]["totals"]["ingested"] == 1
        assert any(f["relation_label"] == "based on" for f in body["articles"][0]["facts"])
        assert len(store.graphs()) == 3
    finally:
        app.extensions["lore"].close()


def test_web_remote_reads_see_what_another_writer_added(fresh_remote):
    server, store = fresh_remote
    app = make_app(server.query_url)
    try:
        client = app.test_client()
        assert len(json_of(client.get("/?format=json"))["articles"]) == 1
        ingest_documents(store, [document("Later news\n\nElite is based on Some Book.\n", "later.txt")],
                         StoryExtractor())
        assert len(json_of(client.get("/?format=json"))["articles"]) == 2
    finally:
        app.extensions["lore"].close()


def test_web_remote_ingest_without_credentials_says_what_to_set(virtuoso_server, monkeypatch, tmp_path):
    """No KG_SPARQL_* settings: reads work (anonymous /sparql), an ingest is refused by the
    endpoint, and the error says which settings to give, without showing any secret."""
    sparql_env(monkeypatch, tmp_path)
    store = remote_store(virtuoso_server)
    store.clear()
    app = make_app(virtuoso_server.query_url)
    try:
        client = app.test_client()
        assert json_of(client.get("/?format=json"))["articles"] == []
        response = client.post("/ingest?format=json", data={"text": ARTICLE_TPT, "csrf_token": csrf(client)})
        error = assert_error_shape(response, 503)
        assert "KG_SPARQL_USER" in error["detail"] and virtuoso_server.password not in error["detail"]
        assert store.graphs() == []
    finally:
        app.extensions["lore"].close()
        store.clear()
        store.close()


def test_web_remote_endpoint_down_is_a_503_not_a_crash(monkeypatch, tmp_path):
    """The app starts while the endpoint is down (it is first asked at the first request)."""
    from tests.virtuoso import free_port

    sparql_env(monkeypatch, tmp_path)
    app = make_app(f"http://127.0.0.1:{free_port()}/sparql")
    try:
        client = app.test_client()
        error = assert_error_shape(client.get("/?format=json"), 503)
        assert "cannot reach the SPARQL endpoint" in error["detail"]
        assert_error_shape(get(client, "ASK { ?s ?p ?o }"), 503)
    finally:
        app.extensions["lore"].close()


def test_web_remote_refuses_credentials_in_the_url(monkeypatch, tmp_path):
    sparql_env(monkeypatch, tmp_path)
    with pytest.raises(StoreError, match="credentials do not belong") as caught:
        make_app("http://lore:s3cret@127.0.0.1:1/sparql")
    assert "s3cret" not in str(caught.value)


# --- kg serve --------------------------------------------------------------------------------


def test_web_remote_kg_serve_starts_on_a_sparql_url(fresh_remote, monkeypatch, runner):
    from flask import Flask

    from kg.cli import cli

    served = {}

    def run(self, **kw):
        served.update(kw, app=self)

    monkeypatch.setattr(Flask, "run", run)
    server, _ = fresh_remote
    url = server.query_url
    result = runner.invoke(cli, ["--store", url, "serve", "--port", "5098"])
    assert result.exit_code == 0, result.output
    assert f"serving {url} at http://127.0.0.1:5098/" in result.output
    app = served["app"]
    try:
        assert app.extensions["lore"].describe()["store"] == "sparql"
        client = app.test_client()
        assert len(json_of(client.get("/?format=json"))["articles"]) == 1
        assert json.loads(get(client, "ASK { ?s lore:sequel ?o }").data)["boolean"] is True
        assert client.get("/entity/show/tiny-pretty-things").status_code == 200
    finally:
        app.extensions["lore"].close()
    result = runner.invoke(cli, ["--store", "http://lore:s3cret@127.0.0.1:1/sparql", "serve"])
    assert result.exit_code != 0 and "credentials do not belong" in result.output
    assert "s3cret" not in result.output


# --- the explore queries: the same answers on every store ------------------------------------

OLD_LABELS = """SELECT ?n (MIN(?l) AS ?label) (MIN(?c) AS ?class) (MIN(?st) AS ?status) (MIN(?d) AS ?asof)
WHERE {
  %s
  OPTIONAL { ?n rdfs:label ?l }
  OPTIONAL { ?n a ?c . FILTER(STRSTARTS(STR(?c), STR(lore:))) }
  OPTIONAL { ?n lore:status ?st . OPTIONAL { ?n lore:asOf ?d } }
} GROUP BY ?n"""


def _explore(store) -> dict:
    iris = [SHOW_IRI, BOOK_1, BOOK_2, HOSTILE_CHARACTER, URIRef("https://w3id.org/lore-kg/id/show/nothing")]
    iris += [r[0] for r in store.query("SELECT DISTINCT ?s WHERE { ?s lore:status ?o }").rows if isinstance(r[0], URIRef)]
    return {
        "labels": labels_of(store, iris),
        "summary": [entity_summary(store, i) for i in (SHOW_IRI, BOOK_1, BOOK_2, HOSTILE_CHARACTER)],
        "facts": [entity_facts(store, i) for i in (SHOW_IRI, BOOK_1, BOOK_2, HOSTILE_CHARACTER)],
        "graph": graph_data(store),
        "graph_linked": graph_data(store, isolated=False),
        "graph_relation": graph_data(store, relations=[LORE.character]),
        "graph_class": graph_data(store, classes=[LORE.Book]),
        "around": [neighbourhood(store, SHOW_IRI, d) for d in (1, 2, 3)],
        "around_book": neighbourhood(store, BOOK_2, 2, classes=[LORE.Book, LORE.Show]),
        "relations": relation_choices(store),
    }


STATUS_ARTICLE = """Renewal update

Tiny Pretty Things is based on Tiny Pretty Things.
"""


def _fill(store) -> None:
    """Both articles, the first one twice (another source: facts stated by two articles), and a
    status report, so that labels and classes come from several graphs."""
    from rdflib import BNode, Literal
    from rdflib.namespace import XSD

    docs = [document(t, s) for t, s in ARTICLES] + [document(ARTICLE_TPT, "tpt-copy.txt")]
    assert ingest_documents(store, docs, StoryExtractor()).ok
    report = URIRef("https://w3id.org/lore-kg/id/status/tiny-pretty-things-2021")
    g = URIRef("https://w3id.org/lore-kg/id/article/status-graph")
    store.add_quads([(SHOW_IRI, LORE.renewalStatus, report, g),
                     (report, LORE.status, LORE.Canceled, g),
                     (report, LORE.asOf, Literal("2021-09-22", datatype=XSD.date), g),
                     (report, LORE.asOf, Literal("2021-09-23", datatype=XSD.date), g),
                     (BNode(), LORE.status, LORE.Pending, g)])


def test_web_remote_explore_answers_alike_on_every_store(store, monkeypatch):
    import kg.query.sparql

    _fill(store)
    reference = open_store("memory")
    _fill(reference)
    want = _explore(reference)
    assert _explore(store) == want
    # long IRI lists go in several queries (Virtuoso refuses VALUES blocks of 4,096 rows): same answers
    monkeypatch.setattr(kg.query.sparql, "VALUES_CHUNK", 2)
    assert _explore(store) == want


def _crowd(store) -> None:
    """Three shows of twelve characters each (siblings in a row), all on one network: more nodes,
    edges, labels and neighbours than an endpoint that cuts answers at 25 rows gives at once,
    and no entity with 25 rows of its own."""
    from rdflib import Literal
    from rdflib.namespace import RDF, RDFS

    net = URIRef("https://w3id.org/lore-kg/id/organization/crowd-network")
    g = URIRef("https://w3id.org/lore-kg/id/article/crowd")
    quads = [(net, RDF.type, LORE.Organization, g), (net, RDFS.label, Literal("Crowd Network"), g)]
    for i in range(3):
        show = URIRef(f"https://w3id.org/lore-kg/id/show/crowd-{i}")
        quads += [(show, RDF.type, LORE.Show, g), (show, RDFS.label, Literal(f"Crowd {i}"), g),
                  (show, LORE.network, net, g)]
        for j in range(12):
            c = URIRef(f"https://w3id.org/lore-kg/id/character/crowd-{i}/c{j:02d}")
            quads += [(c, RDF.type, LORE.Character, g), (c, RDFS.label, Literal(f"C{i}.{j}"), g),
                      (show, LORE.character, c, g)]
            if j:
                quads.append((c, LORE.sibling, URIRef(f"https://w3id.org/lore-kg/id/character/crowd-{i}/c{j - 1:02d}"), g))
    store.add_quads(quads)


def _graph_views(store) -> dict:
    net = URIRef("https://w3id.org/lore-kg/id/organization/crowd-network")
    return {
        "graph": graph_data(store),
        "graph_linked": graph_data(store, isolated=False),
        "graph_relation": graph_data(store, relations=[LORE.character, LORE.sibling]),
        "graph_class": graph_data(store, classes=[LORE.Character]),
        "graph_cut": graph_data(store, limit=20),
        "around": [neighbourhood(store, net, d) for d in (1, 2, 3)],
        "around_show": neighbourhood(store, SHOW_IRI, 2),
        "relations": relation_choices(store),
    }


def test_web_remote_graph_on_a_virtuoso_that_cuts_answers_is_the_graph_in_memory(cutting_virtuoso, monkeypatch,
                                                                                 tmp_path):
    """The graph page's queries (nodes, edges, neighbourhoods, labels) are read in pages from an
    endpoint that cuts answers (ResultSetMaxRows 25 here, 10,000 by default): the same data as
    from memory, the page's JSON twin included."""
    from kg.explore.graph import EDGES, _class_filter

    sparql_env(monkeypatch, tmp_path)
    cut = remote_store(cutting_virtuoso)
    reference = make_app("memory")
    app = make_app(cutting_virtuoso.query_url)
    try:
        cut.clear()
        for s in (cut, reference.extensions["lore"].reader()):
            _fill(s)
            _crowd(s)
        domain = _class_filter(None)
        with pytest.raises(StoreError, match="cut the answer"):
            cut.query(EDGES % (domain, domain))  # more rows than the endpoint gives at once
        want = _graph_views(reference.extensions["lore"].reader())
        assert len(want["graph"]["edges"]) > 25 and len(want["graph"]["nodes"]) > 25
        assert _graph_views(cut) == want
        assert cut.cuts_answers  # later reads go to pages at once
        net = quote("https://w3id.org/lore-kg/id/organization/crowd-network")
        for path in ("/graph?format=json", f"/graph/network?focus={net}&depth=2&format=json",
                     "/graph/network?isolated=1&format=json"):
            got = json_of(app.test_client().get(path))
            assert got == json_of(reference.test_client().get(path)), path
            assert len(got["nodes"]) > 25
    finally:
        app.extensions["lore"].close()
        reference.extensions["lore"].close()
        cut.clear()
        cut.close()


def test_web_remote_labels_match_the_former_labels_query(store):
    """labels_of (a UNION, one row per fact) gives what the former query (three OPTIONALs, rows
    multiplied) gave, on every store."""
    from kg.explore import make_node
    from kg.query.sparql import values_block

    _fill(store)
    iris = sorted({r[0] for r in store.query("SELECT DISTINCT ?s WHERE { ?s ?p ?o }").rows if isinstance(r[0], URIRef)}
                  | {URIRef("https://w3id.org/lore-kg/id/show/nothing"), LORE.sequel})
    new = labels_of(store, iris)
    assert set(new) == set(iris)
    status = {k: v for k, v in new.items() if "status/" in str(k)}
    assert [v["label"] for v in status.values()] == ["canceled (as of 2021-09-22)"]
    assert new[SHOW_IRI]["label"] == "Tiny Pretty Things" and new[SHOW_IRI]["class_label"] == "show"
    assert new[LORE.sequel]["label"] == "sequel"  # a property: its label from the ontology
    if store.name == "memory":
        return  # rdflib drops the former query's row of an entity without a label (status reports)
    old = {}
    for row in store.query(OLD_LABELS % values_block(["n"], [(i,) for i in iris])).dicts():
        old[row["n"]] = make_node(row["n"], row.get("label"), row.get("class"), row.get("status"), row.get("asof"))
    for iri in iris:
        old.setdefault(iri, make_node(iri, None, None, None, None))
    assert new == old


# --- RemoteRunner without a server -----------------------------------------------------------


class _SlowStore:
    def __init__(self, seconds: float):
        self.seconds, self.calls, self.closed = seconds, 0, False

    def query(self, text, *, limit=None, timeout=None):
        self.calls += 1
        time.sleep(self.seconds)
        return QueryResult("ASK", boolean=True)

    def close(self):
        self.closed = True


def test_web_remote_runner_answers_a_timeout_on_time_and_holds_the_slot():
    runner = RemoteRunner(SparqlStore, "http://127.0.0.1:1/sparql", workers=1)
    slow = _SlowStore(1.5)
    runner.store = slow
    runner.GRACE = 0.1
    started = time.monotonic()
    with pytest.raises(QueryTimeoutError, match="0.3 s time limit"):
        run_query(runner, "ASK { ?s ?p ?o }", timeout=0.3, max_rows=10)
    assert time.monotonic() - started < 1.0
    # the abandoned query still runs: its slot is busy until it ends
    with pytest.raises(QueryTimeoutError, match="slots stayed busy"):
        runner.run("ASK {}", timeout=0.2, max_rows=10)
    time.sleep(1.2)
    slow.seconds = 0
    assert runner.run("ASK {}", timeout=1, max_rows=10).boolean is True
    assert slow.calls == 2


def test_web_remote_runner_turns_endpoint_timeouts_into_the_limit_message():
    runner = RemoteRunner(SparqlStore, "http://127.0.0.1:1/sparql", workers=2)

    class TimingOut:
        def query(self, text, *, limit=None, timeout=None):
            raise QueryTimeoutError("the SPARQL endpoint stopped the query (KG_SPARQL_TIMEOUT)")

    runner.store = TimingOut()
    with pytest.raises(QueryTimeoutError) as caught:
        runner.run("ASK {}", timeout=2, max_rows=10)
    assert "2 s time limit" in str(caught.value) and "KG_SPARQL_TIMEOUT" not in str(caught.value)


def test_web_remote_runner_sends_each_query_with_its_limit_through_one_read_only_store(monkeypatch, tmp_path):
    sparql_env(monkeypatch, tmp_path)
    runner = RemoteRunner(SparqlStore, "http://127.0.0.1:1/sparql")
    assert isinstance(runner.store, SparqlStore) and runner.store.read_only
    seen = []
    monkeypatch.setattr(runner.store, "query", lambda text, *, limit=None, timeout=None:
                        seen.append((limit, timeout)) or QueryResult("ASK", boolean=True))
    runner.run("ASK {}", timeout=5.0, max_rows=10)
    runner.run("ASK {}", timeout=2.0, max_rows=7)
    assert seen == [(10, 5.0), (7, 2.0)]
    runner.close()


def test_web_remote_ingests_share_one_writing_store_closed_with_the_app(monkeypatch, tmp_path):
    """Web ingests into an endpoint reuse one writable store (settings read, dialect probed and
    old staging graphs dropped once), made at the first ingest; the app's close drops it."""
    from kg.config import Config
    from kg.core import Lore
    from web.state import LoreState

    sparql_env(monkeypatch, tmp_path)
    state = LoreState(Lore(Config(store="http://127.0.0.1:1/sparql")))
    with state.writer() as first:
        assert not first.read_only
    with state.writer() as second:
        assert second is first
    assert state.reader() is not first and state.reader().read_only
    state.close()
    with state.writer() as third:
        assert third is not first
    state.close()


def test_web_each_store_class_says_how_it_is_served(tmp_path, monkeypatch):
    """`Store.serving`: the remote runner for a URL, worker processes for the embedded store,
    threads over one instance for the in-memory one (and for any store registered from outside)."""
    from kg.store.oxigraph_serving import ProcessRunner
    from kg.store.serving import ThreadRunner
    from kg.store import serve_store

    sparql_env(monkeypatch, tmp_path)
    kinds = {}
    for spec in ("memory", str(tmp_path / "s"), "sparql:https://db.example.org/sparql"):
        serving = serve_store(spec, workers=1)
        kinds[spec] = type(serving.runner)
        serving.close()
    assert list(kinds.values()) == [ThreadRunner, ProcessRunner, RemoteRunner]
