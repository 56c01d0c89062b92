"""Safety: stored XSS, CSRF, the ingest token and size caps, path traversal, IRI injection."""

from __future__ import annotations

import http.server
import io
import re
import sys
import threading
import types
from html.parser import HTMLParser
from urllib.parse import quote

import pytest

from tests.test_web import assert_error_shape, csrf, json_of
from tests.test_web_data import (  # noqa: F401 - fixtures
    ARTICLE_TPT, ARTICLE_XSS, HOSTILE_CHARACTER, IMG, SCRIPT, app, articles, build_store, client, make_app,
    shared_store,
)

ESCAPED = ("&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;img src=x onerror=alert(1)&gt;")


class _Markup(HTMLParser):
    """The elements and attributes a browser would build from a page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"
        if self._in_script:
            self.scripts.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data


def markup(html: str) -> _Markup:
    parser = _Markup()
    parser.feed(html)
    parser.close()
    return parser


def assert_inert(html: str) -> None:
    """No payload became markup: no <img>, no event-handler attribute, no script but ours."""
    assert SCRIPT not in html and IMG not in html
    found = markup(html)
    assert not [t for t, _ in found.tags if t == "img"]
    assert not [(t, a) for t, attrs in found.tags for a in attrs if a.startswith("on")]
    for script in found.scripts:
        assert "alert(1)" not in script.replace("\\u003cscript\\u003ealert(1)", "").replace(
            "\\u003cimg src=x onerror=alert(1)", "")


@pytest.fixture
def hostile_ask(monkeypatch):
    def ask(store, question):
        return {"question": question, "intent": SCRIPT, "inferred": False,
                "answers": [{"label": IMG, "iri": str(HOSTILE_CHARACTER)}],
                "chain": [SCRIPT, {"label": IMG, "iri": str(HOSTILE_CHARACTER)}, {"why": IMG}],
                "sparql": f"SELECT * WHERE {{ ?s rdfs:label \"{SCRIPT}\" }}",
                "evidence": [{"text": f"{SCRIPT} said {IMG}", "article": None}]}

    module = types.ModuleType("kg.ask")
    module.ask = ask
    monkeypatch.setitem(sys.modules, "kg.ask", module)


# --- stored XSS ------------------------------------------------------------------------------

PAGES = {
    "home": "/",
    "entity": "/entity/?iri=" + quote(str(HOSTILE_CHARACTER)),
    "entity-of-show": "/entity/show/tiny-pretty-things",
    "article": "/article/{hostile}",
    "graph": "/graph",
    "graph-neighbourhood": "/graph?depth=2&focus=" + quote(str(HOSTILE_CHARACTER)),
    "ask": "/ask?q=" + quote(SCRIPT),
    "question-in-box": "/ask?q=" + quote(f'"><{IMG[1:]}'),
    "console": "/console?query=" + quote("SELECT ?label WHERE { ?s rdfs:label ?label }"),
    "console-query-text": "/console?query=" + quote(f'SELECT * WHERE {{ ?s rdfs:label "{SCRIPT}" }}'),
    "console-error": "/console?query=" + quote(f"SELECT {SCRIPT}"),
    "not-found": "/entity/?iri=" + quote(f"urn:x:{IMG}"),
}


@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_web_stored_xss_renders_as_text(client, articles, hostile_ask, path):
    response = client.get(path.format(**articles))
    assert response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    assert_inert(html)


def test_web_hostile_labels_show_escaped_where_they_appear(client, articles, hostile_ask):
    entity = client.get("/entity/?iri=" + quote(str(HOSTILE_CHARACTER))).get_data(as_text=True)
    assert f'<h1 id="entity-label">{ESCAPED[0]}</h1>' in entity
    article = client.get(f"/article/{articles['hostile']}").get_data(as_text=True)
    assert all(e in article for e in ESCAPED)
    ask = client.get("/ask?q=x").get_data(as_text=True)
    assert ESCAPED[1] in ask and ESCAPED[0] in ask


def test_web_pyvis_graph_html_keeps_labels_out_of_markup(client):
    for path in ("/graph/network", "/graph/network?depth=2&focus=" + quote(str(HOSTILE_CHARACTER))):
        html = client.get(path).get_data(as_text=True)
        assert_inert(html)
        assert "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e" in html  # inside the JSON, inert
        assert "el.textContent = text" in html  # titles reach vis-network as text nodes
        assert len(re.findall(r"<script\b", html)) == 2 and html.count("</script>") == 2


def test_web_ingest_result_page_escapes_hostile_text(tmp_path):
    app = make_app("memory")
    try:
        client = app.test_client()
        response = client.post("/ingest", data={"text": ARTICLE_XSS, "csrf_token": csrf(client)})
        assert response.status_code == 200
        html = response.get_data(as_text=True)
        assert_inert(html)
        assert ESCAPED[0] in html
    finally:
        app.extensions["lore"].close()


def test_web_json_twins_carry_hostile_text_as_data(client, articles):
    data = json_of(client.get(f"/article/{articles['hostile']}?format=json"))
    assert SCRIPT in data["text"]  # JSON is data: the browser does not render it as HTML
    assert client.get(f"/article/{articles['hostile']}?format=json").headers["X-Content-Type-Options"] == "nosniff"


def test_web_pages_forbid_inline_scripts(client):
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split("style-src")[0]
    assert "object-src 'none'" in policy and "frame-ancestors 'self'" in policy
    assert response.headers["X-Frame-Options"] == "SAMEORIGIN"
    for path in ("/", "/graph", "/console", "/entity/show/tiny-pretty-things"):
        html = client.get(path).get_data(as_text=True)
        found = markup(html)
        assert all(attrs.get("src") for tag, attrs in found.tags if tag == "script"), path  # files only
        assert not [a for _, attrs in found.tags for a in attrs if a.startswith("on")], path  # no handlers


# --- CSRF and the ingest token ---------------------------------------------------------------


@pytest.fixture
def ingest_app(tmp_path):
    def make(**config):
        path = tmp_path / f"store{len(apps)}"
        build_store(str(path), articles=[(ARTICLE_TPT, "tpt.txt")]).close()
        apps.append(make_app(str(path), **config))
        return apps[-1]

    apps = []
    yield make
    for a in apps:
        a.extensions["lore"].close()


def article_count(client) -> int:
    return len(json_of(client.get("/?format=json"))["articles"])


@pytest.mark.parametrize("token", [None, "", "forged-token"], ids=["missing", "empty", "forged"])
def test_web_ingest_needs_the_sessions_csrf_token(ingest_app, token):
    client = ingest_app().test_client()
    csrf(client)  # the session has a token; the form does not send it
    data = {"text": "Forged\n\nX is based on Y."}
    if token is not None:
        data["csrf_token"] = token
    error = assert_error_shape(client.post("/ingest?format=json", data=data), 403)
    assert "CSRF" in error["detail"]
    assert article_count(client) == 1


def test_web_csrf_token_of_another_session_is_refused(ingest_app):
    app = ingest_app()
    theirs = csrf(app.test_client())
    client = app.test_client()
    csrf(client)
    assert_error_shape(client.post("/ingest?format=json", data={"text": "x\n\nA is based on B.", "csrf_token": theirs}), 403)


def test_web_csrf_token_in_a_header_is_accepted(ingest_app):
    client = ingest_app().test_client()
    response = client.post("/ingest?format=json", data={"text": "Header\n\nA is based on B."},
                           headers={"X-CSRF-Token": csrf(client)})
    assert response.status_code == 200


def test_web_ingest_is_off_on_a_public_address_without_a_token(ingest_app):
    client = ingest_app(HOST="0.0.0.0").test_client()
    home = json_of(client.get("/?format=json"))["ingest"]
    assert home["enabled"] is False and "INGEST_TOKEN" in home["reason"]
    assert "ingest is off" in client.get("/").get_data(as_text=True)
    error = assert_error_shape(client.post("/ingest?format=json", data={"text": "x", "csrf_token": csrf(client)}), 403)
    assert "INGEST_TOKEN" in error["detail"]


def test_web_ingest_on_a_public_address_needs_the_token(ingest_app):
    client = ingest_app(HOST="0.0.0.0", INGEST_TOKEN="s3cret").test_client()
    assert 'name="token"' in client.get("/").get_data(as_text=True)
    form = {"text": "Tokened\n\nA is based on B.", "csrf_token": csrf(client)}
    assert_error_shape(client.post("/ingest?format=json", data=form), 403)
    assert_error_shape(client.post("/ingest?format=json", data={**form, "token": "wrong"}), 403)
    assert client.post("/ingest?format=json", data={**form, "token": "s3cret"}).status_code == 200
    form["text"] = "Bearer\n\nC is based on D."
    ok = client.post("/ingest?format=json", data=form, headers={"Authorization": "Bearer s3cret"})
    assert ok.status_code == 200
    assert article_count(client) == 3


def test_web_ingest_url_refuses_private_addresses_unless_the_server_allows_them(ingest_app):
    """The ingest form's URL field goes through the same address checks as `kg ingest URL`
    (server-side request forgery): a loopback URL is refused before any request is made."""
    hits = []

    class Article(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):  # noqa: N802 - http.server's name
            hits.append(self.path)
            body = ARTICLE_TPT.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Article)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/internal.txt"
    try:
        client = ingest_app().test_client()
        error = assert_error_shape(client.post("/ingest?format=json", data={"url": url, "csrf_token": csrf(client)}), 422)
        assert "private or local address" in error["detail"]
        assert hits == [] and article_count(client) == 1
        client = ingest_app(ALLOW_PRIVATE_URLS=True).test_client()
        assert client.post("/ingest?format=json", data={"url": url, "csrf_token": csrf(client)}).status_code == 200
        assert hits == ["/internal.txt"]
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("host,loopback", [("127.0.0.1", True), ("localhost", True), ("::1", True),
                                           ("127.0.1.1", True), ("0.0.0.0", False), ("192.168.1.5", False),
                                           ("example.org", False)])
def test_web_loopback_hosts(host, loopback):
    from web.security import is_loopback

    assert is_loopback(host) is loopback


# --- size caps -------------------------------------------------------------------------------


def test_web_ingest_request_over_the_cap_is_413(ingest_app):
    client = ingest_app(MAX_CONTENT_LENGTH=2000).test_client()
    token = csrf(client)
    error = assert_error_shape(client.post("/ingest?format=json", data={"text": "x" * 5000, "csrf_token": token}), 413)
    assert error["title"]
    upload = {"file": (io.BytesIO(b"y" * 5000), "big.txt"), "csrf_token": token}
    assert_error_shape(client.post("/ingest?format=json", data=upload, content_type="multipart/form-data"), 413)
    page = client.post("/ingest", data={"text": "x" * 5000, "csrf_token": token}, headers={"Accept": "text/html"})
    assert page.status_code == 413 and page.mimetype == "text/html"
    assert article_count(client) == 1


def test_web_article_over_the_ingest_cap_is_413(ingest_app):
    client = ingest_app(INGEST_MAX_BYTES=100).test_client()
    token = csrf(client)
    error = assert_error_shape(client.post("/ingest?format=json", data={"text": "z " * 100, "csrf_token": token}), 413)
    assert "100-byte limit" in error["detail"]
    upload = {"file": (io.BytesIO(b"z " * 100), "big.txt"), "csrf_token": token}
    assert_error_shape(client.post("/ingest?format=json", data=upload, content_type="multipart/form-data"), 413)


def test_web_sparql_post_over_the_cap_is_413(ingest_app):
    client = ingest_app(MAX_CONTENT_LENGTH=1000).test_client()
    body = ("SELECT * WHERE { ?s ?p ?o } #" + "x" * 2000).encode()
    assert_error_shape(client.post("/sparql", data=body, content_type="application/sparql-query"), 413)


# --- paths and IRIs --------------------------------------------------------------------------

TRAVERSALS = [
    "/static/../web/__init__.py", "/static/%2e%2e/web/__init__.py", "/static/..%2f..%2fkg/cli.py",
    "/static/%2e%2e%2f%2e%2e%2fpyproject.toml", "/static//etc/passwd", "/static/..%5c..%5cpyproject.toml",
    "/vendor/..%2fnetwork.py", "/vendor/%2e%2e%2ftemplates%2ftemplate.html", "/vendor/../../pyproject.toml",
    "/vendor/..%2f..%2f..%2fnetwork.py", "/vendor/../../../__init__.py",  # up to pyvis's own sources
    "/entity/../../etc/passwd", "/article/..%2f..%2fetc%2fpasswd",
]


@pytest.mark.parametrize("path", TRAVERSALS)
def test_web_static_routes_do_not_traverse(client, path):
    response = client.get(path)
    body = response.get_data(as_text=True)
    assert response.status_code in (301, 302, 308, 404), (path, response.status_code)
    for leaked in ("create_app", "root:x:0:0", "[build-system]", "def ", "<html>\n    <head>"):
        assert leaked not in body


@pytest.mark.parametrize("iri", [
    "urn:x:a> } ; DROP ALL ; SELECT * { <urn:x:b",
    'urn:x:a" . ?s ?p ?o',
    "https://w3id.org/lore-kg/id/show/x>{}",
    "javascript:alert(1)",
])
def test_web_entity_iris_cannot_inject_sparql(client, iri):
    response = client.get("/entity/?format=json&iri=" + quote(iri))
    assert_error_shape(response, 404)
    assert_error_shape(client.get("/graph?format=json&focus=" + quote(iri)), 404)


def test_web_entity_pages_link_only_to_this_site(client):
    html = client.get("/entity/show/tiny-pretty-things").get_data(as_text=True)
    hrefs = re.findall(r'href="([^"]+)"', html)
    assert hrefs and all(h.startswith(("/", "?", "#")) for h in hrefs)
