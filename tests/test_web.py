"""The web explorer through Flask's test client: every page, its JSON twin, the error shape,
ingest and store access. SPARQL is in test_web_sparql.py, safety in test_web_safety.py."""

from __future__ import annotations

import re
import sys
import types
from urllib.parse import quote

import pytest

from kg.ingest import ingest_documents
from kg.store import open_store
from kg.vocab import LORE
from tests.test_web_data import (  # noqa: F401 - fixtures
    ARTICLE_TPT, BOOK_1, BOOK_2, SHOW_IRI, StoryExtractor, app, articles, build_store, client, document,
    make_app, shared_store,
)

ERROR_KEYS = {"status", "title", "detail"}


def json_of(response):
    assert response.mimetype == "application/json", response.data[:300]
    return response.get_json()


def assert_error_shape(response, status):
    assert response.status_code == status
    body = json_of(response)
    assert set(body) == {"error"}
    assert ERROR_KEYS <= set(body["error"]) <= ERROR_KEYS | {"line", "column"}
    assert body["error"]["status"] == status
    assert body["error"]["title"] and body["error"]["detail"]
    return body["error"]


@pytest.fixture
def fake_ask(monkeypatch):
    """kg.ask stand-in following the agreed contract."""
    calls = []

    def ask(store, question):
        calls.append(question)
        return {
            "question": question, "intent": "adaptation_of_season",
            "answers": [{"label": "Shiny Broken Pieces", "iri": str(BOOK_2)}], "inferred": True,
            "chain": [{"label": "Tiny Pretty Things", "iri": str(SHOW_IRI)}, "based on",
                      {"label": "Tiny Pretty Things", "iri": str(BOOK_1)}, "sequel",
                      {"label": "Shiny Broken Pieces", "iri": str(BOOK_2)}],
            "sparql": "SELECT ?b WHERE { ?s lore:basedOn/lore:sequel ?b }",
            "evidence": [{"text": "Tiny Pretty Things is followed by Shiny Broken Pieces.", "article": None}],
        }

    module = types.ModuleType("kg.ask")
    module.ask = ask
    monkeypatch.setitem(sys.modules, "kg.ask", module)
    return calls


# --- the app ---------------------------------------------------------------------------------


def test_web_create_app_layers_settings(monkeypatch, tmp_path):
    monkeypatch.setenv("LORE_SPARQL_TIMEOUT", "3")
    app = make_app("memory", GRAPH_MAX_NODES=7, SECRET_KEY=None)
    try:
        assert app.config["SPARQL_TIMEOUT"] == 3
        assert app.config["GRAPH_MAX_NODES"] == 7
        assert app.config["SPARQL_MAX_ROWS"] == 10_000
        assert len(app.config["SECRET_KEY"]) >= 32  # generated when unset
        assert sorted(app.blueprints) == ["article", "ask", "entity", "graph", "home", "sparql"]
    finally:
        app.extensions["lore"].close()


def test_web_settings_are_documented():
    from web.settings import SETTINGS

    assert len({s.name for s in SETTINGS}) == len(SETTINGS)
    assert all(s.help.strip().endswith(".") for s in SETTINGS)


def test_web_serves_a_missing_store_directory_as_empty(tmp_path):
    app = make_app(str(tmp_path / "fresh"))
    try:
        body = json_of(app.test_client().get("/?format=json"))
        assert body["articles"] == [] and body["classes"] == []
    finally:
        app.extensions["lore"].close()


# --- every page and its JSON twin ------------------------------------------------------------

PAGES = [
    ("/", {"store", "classes", "articles", "ingest"}),
    ("/graph", {"nodes", "edges", "legend", "classes", "relations", "network_url", "message"}),
    (f"/graph?focus={quote(str(SHOW_IRI))}&depth=2", {"nodes", "edges", "focus", "depth"}),
    ("/graph/network", {"nodes", "edges", "cut", "total_nodes"}),
    ("/entity/show/tiny-pretty-things", {"entity", "facts", "graph_url"}),
    (f"/entity/?iri={quote(str(BOOK_2))}", {"entity", "facts", "graph_url"}),
    ("/article/{tpt}", {"iri", "title", "text", "mentions", "facts"}),
    ("/ask", {"question"}),
    ("/console", {"examples", "prefixes", "limits", "query"}),
    ("/console?query=ASK%20%7B%7D", {"kind", "result"}),
]


@pytest.mark.parametrize("path,keys", PAGES, ids=[p for p, _ in PAGES])
def test_web_page_and_json_twin(client, articles, path, keys):
    path = path.format(**articles)
    html = client.get(path)
    assert html.status_code == 200 and html.mimetype == "text/html"
    joiner = "&" if "?" in path else "?"
    twin = client.get(path + joiner + "format=json")
    assert twin.status_code == 200
    assert keys <= set(json_of(twin))
    by_accept = client.get(path, headers={"Accept": "application/json"})
    assert json_of(by_accept) == json_of(twin)


ROUTES_TESTED = {
    "/": "PAGES", "/favicon.ico": "test_web_small_routes", "/ingest": "test_web_small_routes and ingest tests",
    "/graph": "PAGES", "/graph/network": "PAGES", "/vendor/<name>": "test_web_graph_network_is_self_hosted",
    "/entity/<path:key>": "PAGES", "/entity/": "PAGES", "/article/<path:key>": "PAGES", "/ask": "PAGES",
    "/console": "PAGES", "/sparql": "test_web_sparql.py", "/static/<path:filename>": "test_web_small_routes",
}


def test_web_every_route_is_tested(app):
    """A new route must be added here, with the test that covers it."""
    assert {rule.rule for rule in app.url_map.iter_rules()} == set(ROUTES_TESTED)


def test_web_small_routes(client):
    assert client.get("/favicon.ico").location.endswith("/static/favicon.svg")
    assert client.get("/static/favicon.svg").mimetype == "image/svg+xml"
    assert client.get("/ingest").location.endswith("/#ingest")
    css = client.get("/static/style.css")
    assert css.status_code == 200 and b"http" not in css.data  # no remote fonts or images


def test_web_loopback_server_refuses_other_host_names(client, app):
    assert client.get("/", headers={"Host": "127.0.0.1:5000"}).status_code == 200
    error = assert_error_shape(client.get("/?format=json", headers={"Host": "rebound.example"}), 400)
    assert "not trusted" in error["detail"]
    public = make_app("memory", HOST="0.0.0.0")
    try:
        assert public.test_client().get("/", headers={"Host": "kg.example.org"}).status_code == 200
    finally:
        public.extensions["lore"].close()


def test_web_pages_link_their_json_twin(client):
    html = client.get("/entity/show/tiny-pretty-things").get_data(as_text=True)
    assert 'href="/entity/show/tiny-pretty-things?format=json"' in html


# --- one error shape -------------------------------------------------------------------------

ERRORS = [
    ("get", "/entity/show/no-such-show", 404),
    ("get", "/entity/?iri=not%20an%20iri", 404),
    ("get", "/article/no-such-article", 404),
    ("get", "/no/such/page", 404),
    ("post", "/graph", 405),
    ("get", "/graph?depth=9", 400),
    ("get", "/graph?class=https://example.org/Nope", 400),
    ("get", "/graph?focus=show/nope", 404),
    ("get", "/console?query=SELECT%20%3Fs%20WHERE%20%7B", 400),
    ("get", "/sparql?query=DROP%20ALL", 403),
    ("post", "/ingest", 403),
]


@pytest.mark.parametrize("method,path,status", ERRORS, ids=[f"{m} {p}" for m, p, _ in ERRORS])
def test_web_errors_have_one_json_shape(client, method, path, status):
    joiner = "&" if "?" in path else "?"
    response = getattr(client, method)(path + joiner + "format=json")
    assert_error_shape(response, status)
    page = getattr(client, method)(path, headers={"Accept": "text/html"})
    assert page.status_code == status and page.mimetype == "text/html"
    assert f'data-status="{status}"' in page.get_data(as_text=True)


def test_web_sparql_syntax_error_has_line_and_column(client):
    error = assert_error_shape(client.get("/console?format=json&query=" + quote("SELECT ?s WHERE {\n  ?s ?p\n}")), 400)
    assert (error["line"], error["column"]) == (2, 3)  # rdflib points at the unfinished triple


# --- home ------------------------------------------------------------------------------------


def test_web_home_counts_classes_and_lists_articles(client, articles):
    data = json_of(client.get("/?format=json"))
    counts = {c["label"]: c["count"] for c in data["classes"]}
    assert counts["show"] == 1 and counts["book"] == 2 and counts["character"] == 3
    assert [c["domain"] for c in data["classes"]][:6] == [True] * 6  # domain classes first
    assert {a["title"] for a in data["articles"]} >= {"Tiny Pretty Things renewal news"}
    html = client.get("/").get_data(as_text=True)
    assert f'href="/article/{articles["tpt"]}"' in html
    assert 'id="ask-box"' in html and 'name="csrf_token"' in html


# --- entity page -----------------------------------------------------------------------------


def test_web_entity_page_groups_facts_both_ways_with_evidence(client):
    data = json_of(client.get("/entity/book/tiny-pretty-things?format=json"))
    entity = data["entity"]
    assert entity["label"] == "Tiny Pretty Things" and entity["class_label"] == "book"
    assert entity["aliases"] == ["TPT"]
    groups = {(g["direction"], g["relation_label"]): g for g in data["facts"]}
    assert ("in", "based on") in groups and ("out", "sequel") in groups
    sequel = groups[("out", "sequel")]["facts"][0]
    assert sequel["value"]["label"] == "Shiny Broken Pieces" and sequel["status"] == "stated"
    evidence = sequel["evidence"][0]
    assert evidence["sentence"] == "Tiny Pretty Things is followed by Shiny Broken Pieces."
    assert evidence["article_title"] == "Tiny Pretty Things renewal news"
    assert groups[("in", "prequel")]["facts"][0]["status"] == "stated"  # written with the sequel
    adapts = groups[("in", "adapts")]["facts"][0]
    assert adapts["value"]["label"] == "Tiny Pretty Things season 1" and adapts["status"] == "inferred"
    assert adapts["evidence"][0]["inferred"] is True


def test_web_entity_page_links_neighbours_and_draws_the_neighbourhood(client):
    html = client.get("/entity/book/tiny-pretty-things").get_data(as_text=True)
    assert 'href="/entity/book/shiny-broken-pieces"' in html
    assert 'href="/entity/show/tiny-pretty-things"' in html
    assert "badge-inferred" in html and "badge-stated" in html
    src = re.search(r'<iframe id="graph-frame" class="graph-frame small"[^>]*src="([^"]+)"', html).group(1)
    frame = client.get(src.replace("&amp;", "&"))
    assert frame.status_code == 200 and "vis.Network" in frame.get_data(as_text=True)


def test_web_entity_path_of_an_article_redirects_to_its_page(client, articles):
    response = client.get(f"/entity/article/{articles['tpt']}")
    assert response.status_code == 302 and response.location.endswith(f"/article/{articles['tpt']}")


# --- article page ----------------------------------------------------------------------------


def test_web_article_page_highlights_mentions_by_class(client, articles):
    html = client.get(f"/article/{articles['tpt']}").get_data(as_text=True)
    assert re.search(r'<a class="mention cls-show" href="/entity/show/tiny-pretty-things"[^>]*>Tiny Pretty Things</a>', html)
    assert 'class="mention cls-book"' in html and 'class="mention cls-character"' in html
    data = json_of(client.get(f"/article/{articles['tpt']}?format=json"))
    assert data["title"] == "Tiny Pretty Things renewal news"
    for m in data["mentions"]:
        assert data["text"][m["start"]:m["end"]] in (m["label"], "Tiny Pretty Things")
    relations = {f["relation_label"] for f in data["facts"]}
    assert {"based on", "sequel", "network", "character", "portrayed by", "prequel"} <= relations


def test_web_highlight_segments_skip_overlaps_and_rebuild_the_text():
    from kg.explore.articles import highlight_segments

    text = "Tiny Pretty Things on Netflix"
    mentions = [{"start": 0, "end": 18}, {"start": 5, "end": 11}, {"start": 22, "end": 29}, {"start": 25, "end": 99}]
    segments = highlight_segments(text, mentions)
    assert "".join(s["text"] for s in segments) == text
    assert [s["text"] for s in segments if s["mention"]] == ["Tiny Pretty Things", "Netflix"]


# --- graph -----------------------------------------------------------------------------------


def test_web_graph_colours_and_shapes_nodes_by_class_with_a_legend(client):
    from kg.viz import CLASS_STYLES

    data = json_of(client.get("/graph?format=json"))
    assert {n["label"] for n in data["nodes"]} >= {"Tiny Pretty Things", "Shiny Broken Pieces", "Cassie"}
    assert {e["label"] for e in data["edges"]} >= {"based on", "sequel", "character", "portrayed by"}
    assert all(n["url"].startswith(("/entity/", "/article/")) for n in data["nodes"])
    assert {item["class"] for item in data["legend"]} == set(CLASS_STYLES)
    html = client.get("/graph/network").get_data(as_text=True)
    assert '"shape": "star"' in html and CLASS_STYLES[str(LORE.Book)][0] in html


def test_web_graph_filters_by_class_and_relation(client):
    books = json_of(client.get(f"/graph?format=json&class={quote(str(LORE.Book))}"))
    assert {n["class"] for n in books["nodes"]} == {str(LORE.Book)}
    assert {e["relation"] for e in books["edges"]} == {str(LORE.sequel), str(LORE.prequel)}
    sequels = json_of(client.get(f"/graph?format=json&relation={quote(str(LORE.sequel))}"))
    assert {e["label"] for e in sequels["edges"]} == {"sequel"}
    assert {n["label"] for n in sequels["nodes"]} == {"Tiny Pretty Things", "Shiny Broken Pieces"}


def test_web_graph_cuts_large_graphs_and_says_so(client):
    data = json_of(client.get("/graph?format=json&limit=2"))
    assert len(data["nodes"]) == 2 and data["cut"] is True
    assert "most connected" in data["message"]
    assert data["nodes"][0]["label"] == "Tiny Pretty Things"  # the show is the hub
    assert "most connected" in client.get("/graph?limit=2").get_data(as_text=True)


def test_web_graph_hides_unlinked_entities_unless_asked(app):
    store = app.extensions["lore"].reader()
    before = json_of(app.test_client().get("/graph?format=json"))
    assert before["hidden_isolated"] == 0
    from kg.explore.graph import graph_data

    assert len(graph_data(store, isolated=False)["nodes"]) <= len(graph_data(store)["nodes"])


def test_web_graph_neighbourhood_depth(client):
    one = json_of(client.get(f"/graph?format=json&focus={quote(str(BOOK_2))}&depth=1"))
    two = json_of(client.get(f"/graph?format=json&focus={quote(str(BOOK_2))}&depth=2"))
    assert {n["label"] for n in one["nodes"]} == {"Shiny Broken Pieces", "Tiny Pretty Things"}
    assert len(two["nodes"]) > len(one["nodes"])
    assert [n for n in two["nodes"] if n["focus"]][0]["id"] == str(BOOK_2)
    html = client.get(f"/graph?focus={quote(str(BOOK_2))}&depth=2").get_data(as_text=True)
    assert "around" in html and '<option value="2" selected>' in html


def test_web_graph_network_is_self_hosted(client):
    response = client.get("/graph/network")
    html = response.get_data(as_text=True)
    assert '<script src="/vendor/vis-network.min.js"></script>' in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)  # nothing from another host
    nonce = re.search(r"'nonce-([^']+)'", response.headers["Content-Security-Policy"]).group(1)
    assert f'<script nonce="{nonce}">' in html
    js = client.get("/vendor/vis-network.min.js")
    assert js.status_code == 200 and js.mimetype == "text/javascript" and b"vis-network" in js.data[:400]
    assert client.get("/vendor/template.html").status_code == 404


def test_web_viz_inlines_vis_network_when_no_url_is_given():
    from kg.viz import network_html

    html = network_html({"nodes": [{"id": "urn:x:a", "label": "A"}], "edges": []})
    assert "<script src=" not in html and "vis-network" in html and "new vis.Network" in html


# --- ask -------------------------------------------------------------------------------------


def test_web_ask_shows_answer_chain_evidence_and_sparql(client, fake_ask):
    question = "Which book would season 2 of Tiny Pretty Things adapt?"
    html = client.get("/ask?q=" + quote(question)).get_data(as_text=True)
    assert fake_ask == [question]
    assert re.search(r'<a href="/entity/book/shiny-broken-pieces">Shiny Broken Pieces</a>', html)
    assert "badge-inferred" in html and "Tiny Pretty Things is followed by Shiny Broken Pieces." in html
    assert "lore:basedOn/lore:sequel" in html
    link = re.search(r'id="open-in-console" href="([^"]+)"', html).group(1).replace("&amp;", "&")
    assert link.startswith("/console?query=")
    console = client.get(link + "&format=json")
    assert json_of(console)["query"] == "SELECT ?b WHERE { ?s lore:basedOn/lore:sequel ?b }"
    data = json_of(client.get("/ask?format=json&q=" + quote(question)))
    assert data["answers"] == [{"label": "Shiny Broken Pieces", "iri": str(BOOK_2)}]
    assert data["console_url"].startswith("/console?query=")


def test_web_ask_from_the_home_page_box(client, fake_ask):
    html = client.get("/").get_data(as_text=True)
    form = re.search(r'<form class="ask" action="([^"]+)" method="get">', html).group(1)
    assert form == "/ask" and 'name="q"' in html
    assert client.get(form + "?q=anything").status_code == 200


def test_web_ask_without_the_ask_module_is_unavailable(client, monkeypatch):
    monkeypatch.setitem(sys.modules, "kg.ask", None)  # import fails
    error = assert_error_shape(client.get("/ask?format=json&q=hello"), 503)
    assert "kg.ask" in error["detail"]


def test_web_ask_rejects_overlong_questions(client, fake_ask):
    assert_error_shape(client.get("/ask?format=json&q=" + "x" * 600), 400)


# --- ingest and store access -----------------------------------------------------------------


@pytest.fixture
def fresh(tmp_path):
    """An app over its own embedded store holding the first article only."""
    path = tmp_path / "store"
    build_store(str(path), articles=[(ARTICLE_TPT, "tpt.txt")]).close()
    app = make_app(str(path))
    yield app, path
    app.extensions["lore"].close()


def csrf(client) -> str:
    return json_of(client.get("/?format=json"))["ingest"]["csrf_token"]


def test_web_ingest_pasted_text_shows_what_was_extracted(fresh):
    app, _ = fresh
    client = app.test_client()
    text = "A pasted story\n\nHeartstopper is based on Heartstopper Volume One.\n"
    response = client.post("/ingest", data={"text": text, "csrf_token": csrf(client)})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "1 article ingested" in html and "Heartstopper Volume One" in html and "based on" in html
    titles = {a["title"] for a in json_of(client.get("/?format=json"))["articles"]}
    assert "A pasted story" in titles  # the read snapshot was refreshed


def test_web_ingest_an_uploaded_file_and_its_json_twin(fresh):
    app, _ = fresh
    client = app.test_client()
    data = {"file": (__import__("io").BytesIO(b"Upload news\n\nElite is based on Some Book.\n"), "elite.txt"),
            "csrf_token": csrf(client)}
    body = json_of(client.post("/ingest?format=json", data=data, content_type="multipart/form-data"))
    assert body["report"]["totals"]["ingested"] == 1
    assert body["articles"][0]["source"].endswith("/elite.txt")
    assert any(f["relation_label"] == "based on" for f in body["articles"][0]["facts"])


@pytest.mark.parametrize("form,status", [
    ({}, 400),
    ({"text": "Some text.", "url": "https://example.org/a"}, 400),
    ({"url": "file:///etc/passwd"}, 400),
    ({"url": "/etc/passwd"}, 400),
    ({"url": "http://127.0.0.1:9/private"}, 422),
], ids=["nothing", "two-things", "file-url", "path", "private-address"])
def test_web_ingest_rejects_bad_submissions(fresh, form, status):
    app, _ = fresh
    client = app.test_client()
    response = client.post("/ingest?format=json", data={**form, "csrf_token": csrf(client)})
    assert_error_shape(response, status)


def test_web_reads_see_what_another_writer_added(fresh):
    """`kg ingest` in another process: the app's read snapshot is reopened when the files change."""
    app, path = fresh
    client = app.test_client()
    assert len(json_of(client.get("/?format=json"))["articles"]) == 1
    writer = open_store(str(path))  # the web app holds no lock, so a writer can open the store
    try:
        ingest_documents(writer, [document("Later news\n\nElite is based on Some Book.\n", "later.txt")],
                         StoryExtractor())
    finally:
        writer.close()
    assert len(json_of(client.get("/?format=json"))["articles"]) == 2


def test_web_ingest_while_another_process_writes_answers_409_and_reads_go_on(fresh):
    app, path = fresh
    client = app.test_client()
    token = csrf(client)
    writer = open_store(str(path))  # holds the store's lock, as a running `kg ingest` does
    try:
        response = client.post("/ingest?format=json", data={"text": "Busy\n\nX is based on Y.", "csrf_token": token})
        error = assert_error_shape(response, 409)
        assert "in use" in error["detail"]
        assert client.get("/entity/show/tiny-pretty-things").status_code == 200
    finally:
        writer.close()


def test_web_memory_store_serves_and_ingests(tmp_path):
    app = make_app("memory")
    try:
        client = app.test_client()
        response = client.post("/ingest?format=json", data={"text": ARTICLE_TPT, "csrf_token": csrf(client)})
        assert json_of(response)["report"]["totals"]["ingested"] == 1
        assert client.get("/entity/book/shiny-broken-pieces").status_code == 200
        rows = json_of(client.get("/console?format=json&query=" + quote("SELECT ?s WHERE { ?s a lore:Show }")))
        assert len(rows["result"]["results"]["bindings"]) == 1
    finally:
        app.extensions["lore"].close()


# --- kg serve --------------------------------------------------------------------------------


def test_web_kg_serve_runs_the_right_server(monkeypatch, tmp_path, runner):
    from flask import Flask

    from kg.cli import cli

    ran = {}
    monkeypatch.setattr(Flask, "run", lambda self, **kw: ran.setdefault("flask", kw))
    import waitress

    monkeypatch.setattr(waitress, "serve", lambda app, **kw: ran.setdefault("waitress", kw))
    store = str(tmp_path / "s")
    assert runner.invoke(cli, ["--store", store, "serve", "--port", "5099"]).exit_code == 0
    assert ran["flask"]["host"] == "127.0.0.1" and ran["flask"]["port"] == 5099
    assert runner.invoke(cli, ["--store", store, "serve", "--prod"]).exit_code == 0
    assert ran["waitress"]["port"] == 5000
    ran.clear()
    assert runner.invoke(cli, ["--store", store, "serve", "--host", "0.0.0.0"]).exit_code == 0
    assert "waitress" in ran and "flask" not in ran


def test_web_describes_a_store_registered_from_outside_as_it_describes_itself(monkeypatch):
    """The page footer and /api/info show what the store's own `describe()` says, never the raw
    --store value (which may hold what the store keeps out of sight)."""
    from kg import store as registry
    from kg.store import serve_store
    from kg.store.memory import MemoryStore

    class VaultStore(MemoryStore):
        name = "vault"

        def __init__(self, location="", *, read_only=False):
            super().__init__(location, read_only=read_only)
            self.location = location.rpartition("@")[2]  # the host, without the credentials before it

    monkeypatch.setitem(sys.modules, "vault_store", types.SimpleNamespace(VaultStore=VaultStore))
    monkeypatch.setitem(registry._REGISTRY, "vault", "vault_store:VaultStore")
    serving = serve_store("vault:reader:hunter2@db.example.org", workers=1)
    try:
        assert serving.describe() == {"store": "vault", "location": "db.example.org"}
    finally:
        serving.close()


def test_web_serves_a_store_registered_from_outside(monkeypatch):
    """A store class added with kg.store.register works in `kg serve` as in the CLI: it gets the
    default `Store.serving` (one instance, writes one at a time, queries in threads)."""
    from kg import store as registry
    from kg.store.memory import MemoryStore

    class NotebookStore(MemoryStore):
        name = "notebook"

    monkeypatch.setitem(sys.modules, "notebook_store", types.SimpleNamespace(NotebookStore=NotebookStore))
    monkeypatch.setitem(registry._REGISTRY, "notebook", "notebook_store:NotebookStore")
    app = make_app("notebook:")
    try:
        client = app.test_client()
        assert json_of(client.get("/?format=json"))["store"]["store"] == "notebook"
        text = "A pasted story\n\nHeartstopper is based on Heartstopper Volume One.\n"
        assert client.post("/ingest", data={"text": text, "csrf_token": csrf(client)}).status_code == 200
        assert isinstance(app.extensions["lore"].reader(), NotebookStore)
        answer = client.get("/sparql", query_string={"query": "ASK { ?s lore:basedOn ?o }"},
                            headers={"Accept": "application/sparql-results+json"})
        assert answer.status_code == 200 and answer.get_json()["boolean"] is True
    finally:
        app.extensions["lore"].close()
