"""The SPARQL console (a page) and the SPARQL 1.1 Protocol endpoint (/sparql), both read-only.

Both check every query (`kg.query.guard.check_query`: no update, no SERVICE, no FROM) and run
it with the app's time limit and row cap, and say so when either is hit.
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, redirect, request, url_for
from rdflib import URIRef
from werkzeug.exceptions import BadRequest

from kg.errors import LoreError, QueryRejectedError
from kg.query.formats import result_json, short
from kg.query.guard import run_query
from kg.query.result import QueryResult
from kg.vocab import PREFIXES
from web.errors import STATUS
from web.protocol import EXTENSIONS, negotiate, serialize
from web.render import page, wants_json
from web.state import state

bp = Blueprint("sparql", __name__)

SEASON_2_QUERY = """# Which book would season 2 of Tiny Pretty Things adapt?
# The book a second season is said to adapt, or else the sequel of the book the show is based on.
SELECT DISTINCT ?book ?title WHERE {
  ?show a lore:Show ; rdfs:label "Tiny Pretty Things" .
  {
    ?show lore:season ?season .
    ?season lore:seasonNumber 2 ; lore:adapts ?book .
  } UNION {
    ?show lore:basedOn ?first .
    ?first lore:sequel ?book .
  }
  ?book rdfs:label ?title .
}"""

EXAMPLES = [
    {"id": "season-2", "title": "Which book would season 2 of Tiny Pretty Things adapt?", "query": SEASON_2_QUERY},
    {"id": "based-on", "title": "Shows and the books they are based on", "query": """SELECT ?show ?showTitle ?book ?bookTitle WHERE {
  ?show a lore:Show ; rdfs:label ?showTitle ; lore:basedOn ?book .
  ?book rdfs:label ?bookTitle .
} ORDER BY ?showTitle"""},
    {"id": "sequels", "title": "Book series: each book and its sequel", "query": """SELECT ?book ?title ?next ?nextTitle WHERE {
  ?book lore:sequel ?next ; rdfs:label ?title .
  ?next rdfs:label ?nextTitle .
} ORDER BY ?title"""},
    {"id": "cast", "title": "Characters and the actors who play them", "query": """SELECT ?show ?character ?name ?actor WHERE {
  ?show lore:character ?c . ?c rdfs:label ?name .
  OPTIONAL { ?c lore:portrayedBy ?a . ?a rdfs:label ?actor }
  BIND(?c AS ?character)
} ORDER BY ?show ?name"""},
    {"id": "renewal", "title": "Renewal status of every show", "query": """SELECT ?show ?title ?status WHERE {
  ?show a lore:Show ; rdfs:label ?title ; lore:renewalStatus ?status .
} ORDER BY ?title"""},
    {"id": "evidence", "title": "Facts with the sentence they were read from", "query": """SELECT ?subject ?predicate ?object ?sentence ?article WHERE {
  ?e a lore:Evidence ; rdf:subject ?subject ; rdf:predicate ?predicate ; rdf:object ?object ;
     lore:sentence ?sentence ; prov:wasDerivedFrom ?article .
} LIMIT 50"""},
    {"id": "classes", "title": "How many entities of each class", "query": """SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE {
  ?s a ?class .
} GROUP BY ?class ORDER BY DESC(?n)"""},
    {"id": "construct", "title": "A show and its neighbours, as Turtle (CONSTRUCT)", "query": """CONSTRUCT { ?show ?p ?o } WHERE {
  ?show a lore:Show ; rdfs:label "Tiny Pretty Things" ; ?p ?o .
}"""},
]

DEFAULT_QUERY = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items() if p in ("lore", "rdfs")) + \
    "\nSELECT ?s ?label WHERE {\n  ?s a lore:Show ; rdfs:label ?label .\n} LIMIT 20"


def _run(text: str) -> QueryResult:
    config = current_app.config
    return run_query(state().runner, text, timeout=float(config["SPARQL_TIMEOUT"]),
                     max_rows=int(config["SPARQL_MAX_ROWS"]))


def _limits() -> dict:
    config = current_app.config
    return {"timeout": float(config["SPARQL_TIMEOUT"]), "max_rows": int(config["SPARQL_MAX_ROWS"])}


def truncation_note(result: QueryResult) -> str | None:
    if not result.truncated:
        return None
    n = _limits()["max_rows"]
    unit = "triples" if result.kind == "CONSTRUCT" else "rows"
    return f"the results were cut at {n} {unit} (SPARQL_MAX_ROWS); add a LIMIT or narrow the query"


# --- the console -----------------------------------------------------------------------------


@bp.get("/console")
def console():
    query = request.args.get("query")
    data = {"query": query, "examples": EXAMPLES, "prefixes": PREFIXES, "limits": _limits()}
    if not query or not query.strip():
        return page("console.html", data, editor=query or DEFAULT_QUERY)
    try:
        result = _run(query)
    except LoreError as exc:
        if wants_json():
            raise
        return _console_error(data, query, exc)
    data["kind"] = result.kind
    data["truncated"] = result.truncated
    data["message"] = truncation_note(result)
    if result.kind == "CONSTRUCT":
        data["turtle"] = result.graph.serialize(format="turtle")
        data["triples"] = len(result.graph)
    else:
        data["result"] = result_json(result)
    rows = [[_cell(t) for t in row] for row in result.rows]
    downloads = {name: url_for("sparql.endpoint", query=query, format=name, download=1)
                 for name in (("turtle", "nt") if result.kind == "CONSTRUCT" else ("csv", "json"))}
    return page("console.html", data, editor=query, rows=rows, downloads=downloads)


def _cell(term) -> dict | None:
    if term is None:
        return None
    return {"text": short(term), "iri": str(term) if isinstance(term, URIRef) else None}


def _console_error(data: dict, query: str, exc: LoreError):
    status, title = next((s, t) for cls, s, t in STATUS if isinstance(exc, cls))
    line, column = getattr(exc, "line", None), getattr(exc, "column", None)
    lines = query.splitlines()
    context = lines[line - 1] if line and 0 < line <= len(lines) else None
    detail = str(exc)
    if line is not None:  # the page shows line and column beside the message
        detail = detail.split(": ", 1)[-1]
    data["error"] = {"status": status, "title": title, "detail": detail, "line": line, "column": column,
                     "context": context}
    return page("console.html", data, status=status, editor=query)


# --- the endpoint ----------------------------------------------------------------------------


@bp.route("/sparql", methods=["GET", "POST", "OPTIONS"])
def endpoint():
    if request.method == "OPTIONS":
        return Response(status=204)
    text = _query_text()
    if text is None:
        if request.method == "GET" and not wants_json():
            return redirect(url_for("sparql.console"))
        raise BadRequest("no query: send one in the 'query' parameter, or POST it as application/sparql-query")
    result = _run(text)
    media, name = negotiate(result.kind, request.accept_mimetypes, request.args.get("format"))
    note = truncation_note(result)
    response = Response(serialize(result, name, note=note), mimetype=media)
    if media.startswith("text/") or media.endswith(("+json", "/json", "+xml", "/xml")):
        response.charset = "utf-8"
    response.headers["X-Lore-Row-Limit"] = str(_limits()["max_rows"])
    if note:
        response.headers["X-Lore-Truncated"] = note
    if request.args.get("download"):
        response.headers["Content-Disposition"] = f"attachment; filename=results.{EXTENSIONS.get(name, name)}"
    response.vary.add("Accept")
    return response


def _query_text() -> str | None:
    """The query, as the protocol sends it; updates are refused here, before any parsing."""
    content_type = (request.mimetype or "").lower()
    if content_type == "application/sparql-update" or "update" in request.values:
        raise QueryRejectedError("this endpoint is read-only: SPARQL updates are not accepted")
    if "default-graph-uri" in request.values or "named-graph-uri" in request.values:
        raise BadRequest("default-graph-uri and named-graph-uri are not supported: every query runs "
                         "over all articles; use GRAPH <article-iri> { ... } in the query")
    if request.method == "POST" and content_type == "application/sparql-query":
        return request.get_data(as_text=True) or None
    if request.method == "POST":
        return request.form.get("query") or request.args.get("query") or None
    return request.args.get("query") or None


@bp.after_request
def _cors(response: Response) -> Response:
    """Any site's scripts may query the endpoint (it is read-only and uses no cookies)."""
    if request.endpoint != "sparql.endpoint":
        return response
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
    response.headers["Access-Control-Allow-Headers"] = "Content-Type, Accept"
    response.headers["Access-Control-Expose-Headers"] = "X-Lore-Row-Limit, X-Lore-Truncated"
    return response
