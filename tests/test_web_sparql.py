"""The SPARQL endpoint (SPARQL 1.1 Protocol), the console, and the read-only guard."""

from __future__ import annotations

import csv
import io
import json
import threading
import time
import xml.etree.ElementTree as ET
from urllib.parse import quote

import pytest
from rdflib import Graph, Literal, URIRef

from kg.errors import QueryRejectedError, QuerySyntaxError, QueryTimeoutError
from kg.query.guard import check_query, run_query
from kg.store.serving import ThreadRunner
from kg.store import open_store
from tests.test_web import assert_error_shape, json_of
from tests.test_web_data import BOOK_2, app, client, make_app, shared_store  # noqa: F401 - fixtures

SELECT = "SELECT ?s ?label WHERE { ?s a lore:Book ; rdfs:label ?label } ORDER BY ?label"
ASK = "ASK { ?s lore:sequel ?o }"
CONSTRUCT = "CONSTRUCT { ?s lore:sequel ?o } WHERE { ?s lore:sequel ?o }"
SRX = "{http://www.w3.org/2005/sparql-results#}"
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def get(client, query, accept=None, **params):
    headers = {"Accept": accept} if accept else {}
    extra = "".join(f"&{k}={v}" for k, v in params.items())
    return client.get(f"/sparql?query={quote(query)}{extra}", headers=headers)


# --- the protocol ----------------------------------------------------------------------------


def test_web_sparql_get_post_form_and_post_body_agree(client):
    by_get = json.loads(get(client, SELECT).data)
    by_form = json.loads(client.post("/sparql", data={"query": SELECT}).data)
    by_body = json.loads(client.post("/sparql", data=SELECT.encode(), content_type="application/sparql-query").data)
    assert by_get == by_form == by_body
    labels = [b["label"]["value"] for b in by_get["results"]["bindings"]]
    assert labels == ["Shiny Broken Pieces", "Tiny Pretty Things"]


@pytest.mark.parametrize("accept,media", [
    (None, "application/sparql-results+json"),
    ("*/*", "application/sparql-results+json"),
    ("application/sparql-results+json", "application/sparql-results+json"),
    ("application/json", "application/json"),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv"),
    ("text/tab-separated-values", "text/tab-separated-values"),
    ("text/html,application/xhtml+xml,*/*;q=0.8", "application/sparql-results+json"),
    ("text/csv;q=0.5, application/sparql-results+xml", "application/sparql-results+xml"),
])
def test_web_sparql_negotiates_select_results(client, accept, media):
    response = get(client, SELECT, accept)
    assert response.status_code == 200 and response.mimetype == media
    assert "Accept" in response.headers["Vary"]
    text = response.get_data(as_text=True)
    if media.endswith("json"):
        data = json.loads(text)
        assert data["head"]["vars"] == ["s", "label"] and len(data["results"]["bindings"]) == 2
    elif media.endswith("xml"):
        root = ET.fromstring(text)
        assert [v.get("name") for v in root.iter(SRX + "variable")] == ["s", "label"]
        literals = [lit.text for lit in root.iter(SRX + "literal")]
        assert literals == ["Shiny Broken Pieces", "Tiny Pretty Things"]
        assert root.find(f"{SRX}results/{SRX}result/{SRX}binding/{SRX}uri").text == str(BOOK_2)
    elif media == "text/csv":
        rows = list(csv.reader(io.StringIO(text)))
        assert rows[0] == ["s", "label"] and rows[1] == [str(BOOK_2), "Shiny Broken Pieces"]
    else:
        lines = text.splitlines()
        assert lines[0] == "?s\t?label" and lines[1] == f"<{BOOK_2}>\t\"Shiny Broken Pieces\""


@pytest.mark.parametrize("accept,check", [
    ("application/sparql-results+json", lambda t: json.loads(t)["boolean"] is True),
    ("application/sparql-results+xml", lambda t: ET.fromstring(t).find(SRX + "boolean").text == "true"),
    ("text/csv", lambda t: t.splitlines() == ["boolean", "true"]),
])
def test_web_sparql_ask(client, accept, check):
    response = get(client, ASK, accept)
    assert response.status_code == 200 and check(response.get_data(as_text=True))


@pytest.mark.parametrize("accept,media,rdf_format", [
    (None, "text/turtle", "turtle"),
    ("text/turtle", "text/turtle", "turtle"),
    ("application/n-triples", "application/n-triples", "nt"),
    ("application/ld+json", "application/ld+json", "json-ld"),
    ("application/rdf+xml", "application/rdf+xml", "xml"),
])
def test_web_sparql_construct_as_rdf(client, accept, media, rdf_format):
    response = get(client, CONSTRUCT, accept)
    assert response.status_code == 200 and response.mimetype == media
    graph = Graph().parse(data=response.get_data(as_text=True), format=rdf_format)
    assert len(graph) == 1 and (None, URIRef("https://w3id.org/lore-kg/ontology#sequel"), BOOK_2) in graph


def test_web_sparql_describe_answers_rdf(client):
    response = get(client, f"DESCRIBE <{BOOK_2}>", "application/n-triples")
    assert response.status_code == 200
    assert str(BOOK_2) in response.get_data(as_text=True)


def test_web_sparql_refuses_what_it_cannot_give(client):
    assert_error_shape(get(client, CONSTRUCT, "text/csv"), 406)
    assert_error_shape(get(client, SELECT, None, format="turtle"), 406)


def test_web_sparql_format_parameter_and_download(client):
    response = get(client, SELECT, "application/sparql-results+json", format="csv", download="1")
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == "attachment; filename=results.csv"


def test_web_sparql_is_usable_from_other_sites(client):
    response = get(client, ASK)
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    preflight = client.options("/sparql", headers={"Origin": "https://yasgui.example",
                                                   "Access-Control-Request-Method": "POST"})
    assert preflight.status_code == 204 and "POST" in preflight.headers["Access-Control-Allow-Methods"]
    assert "Access-Control-Allow-Origin" in get(client, "SELECT nonsense").headers


def test_web_sparql_without_a_query(client):
    assert client.get("/sparql", headers={"Accept": "text/html"}).location.endswith("/console")
    assert_error_shape(client.get("/sparql", headers={"Accept": "application/sparql-results+json"}), 400)
    assert_error_shape(client.post("/sparql", data=b"", content_type="application/sparql-query"), 400)


def test_web_sparql_syntax_errors_give_line_and_column(client):
    error = assert_error_shape(get(client, "SELECT ?s WHERE {\n  ?s ?p ?o .\n  FILTER(?s = ) }"), 400)
    assert error["line"] == 3 and "line 3" in error["detail"]
    error = assert_error_shape(get(client, "SELECT * WHERE {\n  ?s nope:thing ?o }"), 400)
    assert (error["line"], error["column"]) == (2, 16)  # Oxigraph: just after the name
    assert "unknown prefix 'nope:'" in error["detail"]


# --- read-only -------------------------------------------------------------------------------

UPDATES = {
    "insert-data": "INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }",
    "delete-where": "DELETE WHERE { ?s ?p ?o }",
    "load": "LOAD <http://example.org/data.ttl>",
    "drop": "DROP ALL",
    "clear": "CLEAR DEFAULT",
    "create": "CREATE GRAPH <urn:x:g>",
    "insert-where": "PREFIX ex: <urn:x:>\nINSERT { ?s ex:p 1 } WHERE { ?s ?p ?o }",
}


@pytest.mark.parametrize("update", UPDATES.values(), ids=UPDATES.keys())
def test_web_sparql_rejects_updates(client, update):
    before = len(json.loads(get(client, "SELECT * WHERE { ?s ?p ?o }").data)["results"]["bindings"])
    error = assert_error_shape(get(client, update), 403)
    assert "read-only" in error["detail"]
    assert_error_shape(client.post("/sparql", data={"query": update}), 403)
    assert_error_shape(client.post("/sparql", data={"update": update}), 403)
    assert_error_shape(client.post("/sparql", data=update.encode(), content_type="application/sparql-update"), 403)
    after = len(json.loads(get(client, "SELECT * WHERE { ?s ?p ?o }").data)["results"]["bindings"])
    assert after == before


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p ?o OPTIONAL { GRAPH ?g { SERVICE SILENT <http://example.org/s> { ?s ?q ?r } } } }",
    "SELECT * WHERE { { SELECT ?s WHERE { SERVICE ?endpoint { ?s ?p ?o } } } }",
    "ASK { FILTER EXISTS { SERVICE <http://example.org/s> { ?s ?p ?o } } }",
], ids=["plain", "nested", "subquery", "in-filter"])
def test_web_sparql_rejects_service(client, query):
    error = assert_error_shape(get(client, query), 403)
    assert "SERVICE" in error["detail"]


def test_web_sparql_rejects_from_and_dataset_parameters(client):
    assert "FROM" in assert_error_shape(get(client, "SELECT * FROM <http://example.org/g> { ?s ?p ?o }"), 403)["detail"]
    assert_error_shape(get(client, ASK, None, **{"default-graph-uri": "http://example.org/g"}), 400)


@pytest.mark.parametrize("query,form", [
    ("SELECT * WHERE { ?s ?p ?o }", "SELECT"), ("ASK {}", "ASK"),
    ("CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT"), ("DESCRIBE <urn:x:a>", "DESCRIBE"),
    ("PREFIX ex: <urn:x:>\n# a comment: INSERT DATA\nSELECT ?insert WHERE { ?insert ex:load ?drop }", "SELECT"),
    ("PREFIX ask: <urn:x:ASK#>\nSELECT ?s WHERE { ?s ask:p 'DESCRIBE' }", "SELECT"),
])
def test_web_guard_accepts_the_four_query_forms(query, form):
    """The guard and the remote store classify a text with the one function, kg.query.sparql.query_form."""
    from kg.query.sparql import query_form

    assert check_query(query) == form
    assert query_form(query) == (form, False)


@pytest.mark.parametrize("query,form", [
    ("INSERT DATA { <urn:x:a> <urn:x:b> 1 }", "INSERT"), ("WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "WITH"),
    ("PREFIX select: <urn:x:>\nDROP GRAPH <urn:x:SELECT>", "DROP"),
])
def test_web_query_form_names_an_update(query, form):
    from kg.query.sparql import query_form

    assert query_form(query) == (form, True)


@pytest.mark.parametrize("query,error", [
    ("", QuerySyntaxError), ("   ", QuerySyntaxError), ("SELECT", QuerySyntaxError),
    ("INSERT DATA { <urn:x:a> <urn:x:b> 1 }", QueryRejectedError),
    ("SELECT * WHERE { ?s ?p ?o } " + "#" * 100_001, QueryRejectedError),
])
def test_web_guard_rejects(query, error):
    with pytest.raises(error):
        check_query(query)


# --- row cap and time limit ------------------------------------------------------------------


def test_web_sparql_row_cap_is_stated(shared_store):
    app = make_app(shared_store["path"], SPARQL_MAX_ROWS=3)
    try:
        client = app.test_client()
        response = get(client, "SELECT * WHERE { ?s ?p ?o }")
        data = json.loads(response.data)
        assert len(data["results"]["bindings"]) == 3
        assert data["truncated"] is True and "cut at 3 rows" in data["message"]
        assert "cut at 3 rows" in response.headers["X-Lore-Truncated"]
        assert response.headers["X-Lore-Row-Limit"] == "3"
        assert "<!-- the results were cut at 3 rows" in get(client, "SELECT * WHERE { ?s ?p ?o }",
                                                               "application/sparql-results+xml").get_data(as_text=True)
        graph = Graph().parse(data=get(client, "CONSTRUCT WHERE { ?s ?p ?o }").get_data(as_text=True), format="turtle")
        assert len(graph) == 3
        page = client.get("/console?query=" + quote("SELECT * WHERE { ?s ?p ?o }")).get_data(as_text=True)
        assert 'id="truncated"' in page and "cut at 3 rows" in page
        small = json.loads(get(client, "SELECT * WHERE { ?s ?p ?o } LIMIT 2").data)
        assert "truncated" not in small
    finally:
        app.extensions["lore"].close()


@pytest.fixture(scope="module")
def heavy_store(tmp_path_factory):
    """A few thousand triples: enough for a three-way cross product to run for minutes."""
    path = tmp_path_factory.mktemp("heavy") / "store"
    store = open_store(str(path))
    g = URIRef("https://w3id.org/lore-kg/id/article/heavy")
    store.add_quads((URIRef(f"urn:x:s{i}"), URIRef("urn:x:p"), Literal(i), g) for i in range(3000))
    store.close()
    return str(path)


def test_web_sparql_time_limit_stops_the_query_and_says_so(heavy_store):
    app = make_app(heavy_store, SPARQL_TIMEOUT=0.5)
    try:
        client = app.test_client()
        get(client, "ASK {}")  # start a worker
        started = time.monotonic()
        error = assert_error_shape(get(client, HEAVY), 503)
        assert time.monotonic() - started < 5
        assert "0.5 s time limit" in error["detail"]
        page = client.get("/console?query=" + quote(HEAVY))
        assert page.status_code == 503 and "time limit" in page.get_data(as_text=True)
        assert json.loads(get(client, "ASK { ?s ?p ?o }").data)["boolean"] is True  # still answering
    finally:
        app.extensions["lore"].close()


def test_web_sparql_a_slow_query_does_not_hold_up_others(heavy_store):
    app = make_app(heavy_store, SPARQL_TIMEOUT=3)
    try:
        client = app.test_client()
        slow = threading.Thread(target=lambda: get(app.test_client(), HEAVY))
        slow.start()
        time.sleep(0.3)
        started = time.monotonic()
        assert json.loads(get(client, "ASK { ?s ?p ?o }").data)["boolean"] is True
        assert client.get("/entity/?iri=urn:x:s1").status_code == 200
        assert time.monotonic() - started < 2.5  # answered while the slow query ran
        slow.join(10)
        assert not slow.is_alive()
    finally:
        app.extensions["lore"].close()


def test_web_thread_runner_answers_on_time_for_the_memory_store():
    store = open_store("memory")
    store.add_quads((URIRef(f"urn:x:s{i}"), URIRef("urn:x:p"), Literal(i), None) for i in range(300))
    runner = ThreadRunner(lambda: store)
    started = time.monotonic()
    with pytest.raises(QueryTimeoutError):
        run_query(runner, HEAVY, timeout=0.3, max_rows=10)
    assert time.monotonic() - started < 2
    assert run_query(runner, "ASK { ?s ?p ?o }", timeout=5, max_rows=10).boolean is True


# --- the console -----------------------------------------------------------------------------


def test_web_console_runs_the_season_2_example(client):
    from web.sparql import EXAMPLES

    example = next(e for e in EXAMPLES if e["id"] == "season-2")
    page = client.get("/console")
    html = page.get_data(as_text=True)
    assert 'id="example-season-2"' in html and "PREFIX lore:" in html
    result = client.get("/console?query=" + quote(example["query"]))
    html = result.get_data(as_text=True)
    assert result.status_code == 200
    assert '<a href="/entity/book/shiny-broken-pieces"' in html and "Shiny Broken Pieces" in html
    assert 'id="download-csv"' in html and 'id="download-json"' in html
    data = json_of(client.get("/console?format=json&query=" + quote(example["query"])))
    assert [b["title"]["value"] for b in data["result"]["results"]["bindings"]] == ["Shiny Broken Pieces"]


def test_web_console_every_example_runs(client):
    from web.sparql import EXAMPLES

    for example in EXAMPLES:
        response = client.get("/console?query=" + quote(example["query"]))
        assert response.status_code == 200, (example["id"], response.data[-500:])


def test_web_console_download_links_work(client):
    from web.sparql import EXAMPLES

    html = client.get("/console?query=" + quote(EXAMPLES[0]["query"])).get_data(as_text=True)
    import re

    link = re.search(r'href="([^"]+)" id="download-csv"', html).group(1).replace("&amp;", "&")
    response = client.get(link)
    assert response.mimetype == "text/csv" and "Shiny Broken Pieces" in response.get_data(as_text=True)
    assert response.headers["Content-Disposition"].startswith("attachment")


def test_web_console_shows_errors_with_line_and_column(client):
    response = client.get("/console?query=" + quote("SELECT * WHERE {\n  ?s nope:x ?o }"))
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "at line 2, column 12" in html and 'data-error-line="2"' in html
    assert "  ?s nope:x ?o }\n" + " " * 11 + "^" in html  # the line, and a caret under the column
    rejected = client.get("/console?query=" + quote("DROP ALL"))
    assert rejected.status_code == 403 and "read-only" in rejected.get_data(as_text=True)


def test_web_query_form_reads_a_lowercase_prefix_named_like_a_keyword():
    from kg.query.sparql import query_form

    assert query_form("prefix delete: <urn:x:>\nSELECT * { ?s delete:p ?o }") == ("SELECT", False)
    assert check_query("prefix delete: <urn:x:>\nSELECT * { ?s delete:p ?o }") == "SELECT"
