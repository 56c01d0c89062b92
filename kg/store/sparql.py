"""A remote SPARQL 1.1 endpoint as the store: ``--store http://HOST:PORT/sparql``.

Tested against Virtuoso open source 7.2 (tests/test_store_remote.py, and the `store` fixture of
the whole store suite); it speaks only the SPARQL 1.1 Protocol, so any endpoint that evaluates
the default graph as the union of all graphs (Virtuoso does; Fuseki with `unionDefaultGraph`,
GraphDB and others can be set up so) behaves the same.

Settings, from the environment or from a TOML file, never from the command line (it shows in
process lists and shell histories). Environment variables win over the file:

==========================  ==================  ===============================================
environment                 file key            meaning
==========================  ==================  ===============================================
KG_SPARQL_UPDATE_URL        update_url          where updates go (default: the query URL),
                                                e.g. Virtuoso's digest-protected /sparql-auth
KG_SPARQL_USER              user                user name for HTTP authentication
KG_SPARQL_PASSWORD          password            its password ...
KG_SPARQL_PASSWORD_FILE     password_file       ... or a file holding it (first line)
KG_SPARQL_AUTH              auth                ``digest`` or ``basic`` (default: whichever the
                                                server asks for; ``basic`` is sent up front)
KG_SPARQL_TIMEOUT           timeout             seconds to wait for an answer (default 60)
KG_SPARQL_DEFAULT_GRAPH     default_graph       the graph that stands for the default graph
KG_SPARQL_HIDDEN_GRAPHS     hidden_graphs       more graphs to keep out of the dataset
KG_SPARQL_CONFIG            -                   the TOML file (default: sparql.toml in the
                                                lore-kg user config directory)
==========================  ==================  ===============================================

The file has one table per query URL::

    ["http://db.example.org:8890/sparql"]
    update_url = "http://db.example.org:8890/sparql-auth"
    user = "lore"
    password_file = "/run/secrets/lore-sparql"

Credentials go to the query and update URLs only (never to another host after a redirect), and
no message of this module shows them. A URL with credentials in it (``http://user:pw@...``) is
refused for the same reason.

How the store maps lore-kg's dataset onto the endpoint:

- Queries are POSTed (form-encoded) with the prefixes of kg.vocab prepended
  (`kg.query.sparql.prologue`), asking for ``application/sparql-results+json`` (SELECT, ASK) or
  ``application/n-triples`` (CONSTRUCT, DESCRIBE); answers become rdflib terms as the other stores
  give them (plain literals untyped, not ``xsd:string``). Error line numbers are the caller's.
- Result caps: Virtuoso cuts SELECT results at its ResultSetMaxRows (10,000 by default) and says
  so in a header. A query with a row limit below the cap is unaffected; past it the result is
  marked ``truncated``; a query without a limit that was cut raises StoreError rather than
  answer wrong (kg.ask and kg.explore read what may be long in keyset pages,
  `kg.query.sparql.select_all`, so the default cap is fine). The store's own reads (`quads`, `graphs`)
  take one answer while the endpoint has never cut one and keyset pages (`kg.query.sparql.keyset_rows`:
  ordered by STR(), never an OFFSET past Virtuoso's 10,000-row sort limit) once it has
  (`Store.cuts_answers`, learned from the endpoint's X-SPARQL-MaxRows header); `quads()` reads
  whole graphs, up to 50 in one UNION query.
- A query may carry its own time limit (`query(timeout=...)`, used by the web console): the
  client waits that long and a grace second, and Virtuoso is asked to stop the query there.
- Virtuoso's "anytime" answers (cut at MaxQueryExecutionTime, status 200) are a
  QueryTimeoutError, like a client-side timeout (KG_SPARQL_TIMEOUT).
- Virtuoso keeps about 2,500 quads of its own in system graphs (virtrdf#, ldp#, the service
  description), which a query over all graphs would see. On Virtuoso every query carries
  ``DEFINE input:default-graph-exclude`` / ``input:named-graph-exclude`` pragmas for them (found
  once per store: the two fixed schema graphs plus the graphs that hold an
  ``sd:Service``, plus KG_SPARQL_HIDDEN_GRAPHS); `quads`, `graphs` and `len` skip them everywhere.
  Virtuoso 7.2 then answers a pattern on a constant graph wrongly (``GRAPH <g> {...}`` finds
  nothing and ``ASK`` is always true), so such patterns are sent as
  ``BIND(<g> AS ?_kg_g1) GRAPH ?_kg_g1 {...}`` (the extra variables are dropped from answers).
- Virtuoso refuses triples without a graph in an update, so the default graph is a named graph,
  ``urn:x-lore-kg:default-graph`` (KG_SPARQL_DEFAULT_GRAPH): `quads` reports its quads with graph
  None and `graphs` does not list it. A ``GRAPH ?g`` pattern does see it there.

Writes and what "atomic" means here. Virtuoso commits each operation of a multi-operation update
request on its own: a failure in the second operation keeps the first (measured, see
docs/BENCHMARKS.md); one operation, though, is one transaction. A large INSERT DATA is refused
(about 1,000 quads and up). So `replace_graph` and `add_quads`:

1. stage the new triples in a fresh staging graph ``urn:x-lore-kg-staging:<time>-<random>``, in
   requests of at most `chunk` (250) triples, with every IRI rewritten into
   ``urn:x-lore-kg-staged:<IRI>``, so that no query of lore-kg matches staged data even though
   Virtuoso's union includes every graph (blank nodes that link triples go in the same request);
2. publish with ONE update operation, ``DELETE { GRAPH g {...} } INSERT { GRAPH g {...} } WHERE``
   over the old graph and the decoded staging graph (`add_quads`: an INSERT over up to 50
   staging graphs at a time);
3. drop the staging graph. The last staging chunk, step 2 and step 3 go in one request: an
   article of up to 250 triples is one HTTP request.

The guarantee, then: a failure in step 1 (network, endpoint, a term the endpoint refuses), or
step 2 failing on the endpoint, leaves every graph as it was (tested: a request dying mid-way, a
publishing operation failing inside Virtuoso). If the connection drops while step 2 runs, the
client cannot tell which happened, but the graph holds the old or the new content, not a mix.
Queries see the old graph until step 2 commits and the new one after; Virtuoso's default
isolation (read committed) does not promise that one query running across that commit sees only
one of them. Staged triples are not invisible to everything: a pattern with no constant at all
(``?s ?p ?o`` over the union) matches them while they exist. A crashed writer leaves a staging
graph; writers drop staging graphs older than an hour before their first write
(`cleanup_staging`), and `len`, `graphs` and `quads` never count them. `add_quads` over more
than 50 graphs publishes in steps of 50 graphs: each step is atomic, the whole is not.

Other Virtuoso behaviour handled here: blank nodes are refused in INSERT DATA (chunks holding
them are sent as ``INSERT {...} WHERE {}``), isIRI() is true of blank nodes (decoding tests
isBlank() first), and a compiler "Internal error" on valid SPARQL is a StoreError, not a
QuerySyntaxError.
"""

from __future__ import annotations

import base64
import json
import os
import re
import secrets
import threading
import time
import tomllib
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from kg.errors import LoreError, QuerySyntaxError, QueryTimeoutError, StoreError, first_line
from kg.query.sparql import PAGE, keyset_rows, prologue, query_form
from kg.store.base import QueryResult, Quad, Store, Triple
from kg.vocab import PREFIXES, bind_prefixes

__all__ = ["EndpointConfig", "SparqlStore", "DEFAULT_GRAPH", "STAGING_PREFIX", "STAGED_PREFIX"]

DEFAULT_GRAPH = "urn:x-lore-kg:default-graph"
STAGING_PREFIX = "urn:x-lore-kg-staging:"
STAGED_PREFIX = "urn:x-lore-kg-staged:"
STAGING_MARKER = URIRef("urn:x-lore-kg:staging-since")  # staging graph -> unix seconds
STAGING_MAX_AGE = 3600.0  # seconds: older staging graphs belong to a writer that died
VIRTUOSO_SYSTEM_GRAPHS = ("http://www.openlinksw.com/schemas/virtrdf#", "http://www.w3.org/ns/ldp#")
SD_SERVICE = "http://www.w3.org/ns/sparql-service-description#Service"
CHUNK = 250  # triples per staging request (Virtuoso refuses INSERT DATA of ~1,000 quads)
PUBLISH_GRAPHS = 50  # staging graphs per publishing operation of add_quads
DEFAULT_TIMEOUT = 60.0
TIMEOUT_GRACE = 1.0  # seconds past a query's own time limit that the endpoint's "stopped" answer may take

_JSON = "application/sparql-results+json"
_NTRIPLES = "application/n-triples"
_XSD_STRING = str(XSD.string)
_K = len(STAGED_PREFIX) + 1  # SUBSTR start of the original IRI in a staged one

ENV = {
    "update_url": "KG_SPARQL_UPDATE_URL",
    "user": "KG_SPARQL_USER",
    "password": "KG_SPARQL_PASSWORD",
    "password_file": "KG_SPARQL_PASSWORD_FILE",
    "auth": "KG_SPARQL_AUTH",
    "timeout": "KG_SPARQL_TIMEOUT",
    "default_graph": "KG_SPARQL_DEFAULT_GRAPH",
    "hidden_graphs": "KG_SPARQL_HIDDEN_GRAPHS",
}
CONFIG_ENV = "KG_SPARQL_CONFIG"


# --- settings --------------------------------------------------------------------------------


@dataclass
class EndpointConfig:
    """Where and how to talk to one endpoint. `repr` never shows the password."""

    query_url: str
    update_url: str = ""
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    auth: str | None = None  # "basic", "digest" or None (answer the server's challenge)
    timeout: float = DEFAULT_TIMEOUT
    default_graph: str = DEFAULT_GRAPH
    hidden_graphs: tuple[str, ...] = ()

    def __post_init__(self):
        self.update_url = self.update_url or self.query_url
        for url in (self.query_url, self.update_url):
            parts = urllib.parse.urlsplit(url)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise StoreError(f"not an http(s) SPARQL endpoint URL: {_safe_url(url)}")
            if parts.username or parts.password:
                raise StoreError("credentials do not belong in the endpoint URL (it shows in process lists and "
                                 "logs); set KG_SPARQL_USER and KG_SPARQL_PASSWORD instead")
        if self.auth not in (None, "basic", "digest"):
            raise StoreError(f"KG_SPARQL_AUTH must be 'basic' or 'digest', not {self.auth!r}")
        if self.password is not None and not self.user:
            raise StoreError("a SPARQL password is set but no user (KG_SPARQL_USER)")

    @classmethod
    def load(cls, query_url: str, **overrides) -> EndpointConfig:
        """Settings for `query_url`: keyword overrides, then the environment, then the file."""
        values: dict = dict(_config_file_section(query_url))
        for key, var in ENV.items():
            if os.environ.get(var):
                values[key] = os.environ[var]
        values.update({k: v for k, v in overrides.items() if v is not None})
        password_file = values.pop("password_file", None)
        if values.get("password") is None and password_file:
            try:
                values["password"] = Path(password_file).expanduser().read_text(encoding="utf-8").splitlines()[0]
            except (OSError, IndexError) as exc:
                raise StoreError(f"cannot read the SPARQL password file {password_file}: "
                                 f"{getattr(exc, 'strerror', None) or 'it is empty'}") from None
        if "timeout" in values:
            try:
                values["timeout"] = float(values["timeout"])
            except (TypeError, ValueError):
                raise StoreError(f"KG_SPARQL_TIMEOUT must be a number of seconds, not {values['timeout']!r}") from None
        hidden = values.get("hidden_graphs")
        if isinstance(hidden, str):
            values["hidden_graphs"] = tuple(hidden.split())
        elif hidden is not None:
            values["hidden_graphs"] = tuple(hidden)
        known = {"update_url", "user", "password", "auth", "timeout", "default_graph", "hidden_graphs"}
        return cls(query_url, **{k: v for k, v in values.items() if k in known})


def _config_file_section(query_url: str) -> dict:
    path = os.environ.get(CONFIG_ENV)
    if not path:
        from platformdirs import user_config_dir

        default = Path(user_config_dir("lore-kg", appauthor=False)) / "sparql.toml"
        if not default.is_file():
            return {}
        path = str(default)
    try:
        with open(path, "rb") as f:
            data = tomllib.load(f)
    except OSError as exc:
        raise StoreError(f"cannot read the SPARQL settings file {path}: {exc.strerror}") from None
    except tomllib.TOMLDecodeError as exc:
        raise StoreError(f"the SPARQL settings file {path} is not valid TOML: {exc}") from None
    section = data.get(query_url) or data.get(query_url.rstrip("/")) or {}
    return section if isinstance(section, dict) else {}


def _safe_url(url: str) -> str:
    """The URL without user info, query string or fragment: fit for messages."""
    try:
        parts = urllib.parse.urlsplit(url)
        host = parts.hostname or ""
        if ":" in host:
            host = f"[{host}]"
        netloc = host + (f":{parts.port}" if parts.port else "")
        return urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, "", ""))
    except ValueError:
        return "<an invalid URL>"


# --- terms -----------------------------------------------------------------------------------


def json_term(binding: dict) -> Node:
    """A SPARQL JSON results term as an rdflib term (SPARQL 1.0's "typed-literal" included)."""
    kind, value = binding.get("type"), binding.get("value", "")
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value.removeprefix("nodeID://"))
    if kind in ("literal", "typed-literal"):
        lang = binding.get("xml:lang")
        if lang:
            return Literal(value, lang=lang)
        datatype = binding.get("datatype")
        if datatype and datatype != _XSD_STRING:
            return Literal(value, datatype=URIRef(datatype))
        return Literal(value)
    raise StoreError(f"unsupported term in the endpoint's answer: {kind!r}")


def _plain(term: Node) -> Node:
    """rdflib parses plain literals from N-Triples as untyped already; typed xsd:string -> plain."""
    if isinstance(term, Literal) and term.datatype is not None and str(term.datatype) == _XSD_STRING:
        return Literal(str(term))
    return term


def _staged(term: Node) -> str:
    if isinstance(term, URIRef):
        return URIRef(STAGED_PREFIX + str(term)).n3()
    if isinstance(term, (Literal, BNode)):
        return term.n3()
    raise StoreError(f"cannot store this RDF term remotely: {term!r}")


def _decode(var: str, out: str, *, literal_possible: bool) -> str:
    """SPARQL that undoes `_staged` for ?var into ?out (blank nodes first: Virtuoso calls them IRIs)."""
    iri = f"IRI(SUBSTR(STR(?{var}), {_K}))"
    inner = f"IF(isIRI(?{var}), {iri}, ?{var})" if literal_possible else iri
    return f"BIND(IF(isBlank(?{var}), ?{var}, {inner}) AS ?{out})"


_DECODE = "\n".join([
    _decode("es", "s", literal_possible=False),
    f"BIND(IRI(SUBSTR(STR(?ep), {_K})) AS ?p)",
    _decode("eo", "o", literal_possible=True),
])


def _chunks_keeping_bnodes(triples: list[Triple], size: int) -> list[list[Triple]]:
    """Chunks of at most `size` triples, except that triples sharing a blank node stay together
    (labels of blank nodes are scoped to one update request)."""
    if not any(isinstance(t, BNode) for triple in triples for t in triple):
        return [triples[i:i + size] for i in range(0, len(triples), size)]
    parent: dict = {}

    def find(x):
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for s, _, o in triples:
        if isinstance(s, BNode) and isinstance(o, BNode):
            parent[find(s)] = find(o)
    groups: dict = {}
    for i, (s, _, o) in enumerate(triples):
        b = s if isinstance(s, BNode) else o if isinstance(o, BNode) else None
        groups.setdefault(find(b) if b is not None else ("t", i), []).append(triples[i])
    chunks: list[list[Triple]] = [[]]
    for group in groups.values():
        if chunks[-1] and len(chunks[-1]) + len(group) > size:
            chunks.append([])
        chunks[-1].extend(group)
    return chunks


# --- the store -------------------------------------------------------------------------------


class _Answer:
    def __init__(self, headers, body: bytes):
        self.headers = headers
        self.body = body

    @property
    def content_type(self) -> str:
        return (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()

    @property
    def server(self) -> str:
        return self.headers.get("Server") or ""


class SparqlStore(Store):
    name = "sparql"

    @classmethod
    def serving(cls, location: str, *, workers: int = 2):
        from kg.query.guard import RemoteServing

        return RemoteServing(location, workers=workers)

    def __init__(self, location: str, *, read_only: bool = False, chunk: int = CHUNK, page: int = PAGE,
                 **settings):
        self.config = EndpointConfig.load(location, **settings)
        self.location = _safe_url(self.config.query_url)
        self.read_only = read_only
        self.chunk = max(1, int(chunk))
        self.page = max(2, int(page))
        self._default_graph = URIRef(self.config.default_graph)
        self._opener = self._build_opener()
        self._lock = threading.Lock()
        self._dialect: dict | None = None  # {"virtuoso": bool, "hidden": frozenset, "pragmas": str}
        self._cleaned = False

    # --- HTTP ----------------------------------------------------------------------------------

    def _build_opener(self):
        handlers = []
        c = self.config
        if c.user and c.auth != "basic":
            manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            for url in {c.query_url, c.update_url}:
                manager.add_password(None, url, c.user, c.password or "")
            handlers.append(urllib.request.HTTPDigestAuthHandler(manager))
            handlers.append(urllib.request.HTTPBasicAuthHandler(manager))
        return urllib.request.build_opener(*handlers)

    def _post(self, url: str, form: dict[str, str], accept: str, *, what: str,
              timeout: float | None = None) -> _Answer:
        """POST `form`; wait the store's timeout (KG_SPARQL_TIMEOUT), or `timeout` seconds and a
        grace second for the endpoint's own answer when it stops there: Virtuoso is asked to
        (its `timeout` parameter, in ms; other endpoints read it otherwise, Fuseki as seconds)."""
        headers = {"Accept": accept, "Content-Type": "application/x-www-form-urlencoded; charset=UTF-8",
                   "User-Agent": "lore-kg"}
        c = self.config
        wait, setting = c.timeout, " (KG_SPARQL_TIMEOUT)"
        if timeout is not None:
            wait, setting = timeout + TIMEOUT_GRACE, ""
            if self._dialect is not None and self._dialect["virtuoso"]:
                form = {**form, "timeout": str(max(1, int(timeout * 1000)))}
        if c.user and c.auth == "basic":
            token = base64.b64encode(f"{c.user}:{c.password or ''}".encode()).decode()
            headers["Authorization"] = f"Basic {token}"
        request = urllib.request.Request(url, data=urllib.parse.urlencode(form).encode("utf-8"),
                                         headers=headers, method="POST")
        try:
            with self._opener.open(request, timeout=wait) as response:
                answer = _Answer(response.headers, response.read())
        except urllib.error.HTTPError as exc:
            try:
                body = exc.read()
            except OSError:
                body = b""
            raise self._http_error(exc.code, body, url, what) from None
        except TimeoutError:
            raise QueryTimeoutError(f"the SPARQL endpoint {_safe_url(url)} did not answer the {what} within "
                                    f"{wait:g} s{setting}") from None
        except urllib.error.URLError as exc:
            reason = exc.reason
            if isinstance(reason, TimeoutError):
                raise QueryTimeoutError(f"the SPARQL endpoint {_safe_url(url)} did not answer the {what} "
                                        f"within {wait:g} s{setting}") from None
            text = getattr(reason, "strerror", None) or str(reason)
            raise StoreError(f"cannot reach the SPARQL endpoint {_safe_url(url)}: {text}") from None
        except (OSError, ValueError) as exc:  # connection reset, bad status line...
            raise StoreError(f"the {what} to {_safe_url(url)} failed: {type(exc).__name__}: {exc}") from None
        if (answer.headers.get("X-SQL-State") or "").strip() == "S1TAT":
            # Virtuoso's "anytime" answer: cut at MaxQueryExecutionTime, partial, with status 200.
            raise QueryTimeoutError(f"the SPARQL endpoint {_safe_url(url)} stopped the {what} at its time limit "
                                    "and sent a partial answer; narrow the query")
        return answer

    def _http_error(self, code: int, body: bytes, url: str, what: str) -> LoreError:
        text = body.decode("utf-8", "replace").strip()
        first = next((line.strip() for line in text.splitlines() if line.strip()), "")
        message = re.sub(r"^Virtuoso \w+ Error \w+:\s*", "", first)
        message = re.sub(r"^SPARQL compiler:\s*(?=Internal error)", "", message)[:300] or f"HTTP {code}"
        where = _safe_url(url)
        if code in (401, 403) or "SR186" in first or "No permission" in first:
            hint = ("set KG_SPARQL_USER and KG_SPARQL_PASSWORD" if not self.config.user
                    else "check KG_SPARQL_USER / KG_SPARQL_PASSWORD and that this user may write")
            if what == "update" and self.config.update_url == self.config.query_url:
                hint += ", and KG_SPARQL_UPDATE_URL for an authenticated update endpoint (Virtuoso: /sparql-auth)"
            return StoreError(f"the SPARQL endpoint {where} refused the {what} (HTTP {code}: {message}); {hint}")
        if "S1T00" in first or "SR171" in first or "timed out" in first.lower() or code == 504:
            return QueryTimeoutError(f"the SPARQL endpoint {where} stopped the {what} at its time limit: {message}")
        if code == 400 and _looks_like_syntax_error(first):
            return _EndpointSyntaxError(message, first)
        return StoreError(f"the SPARQL endpoint {where} failed the {what} (HTTP {code}): {message}")

    # --- dialect: Virtuoso or not, hidden graphs -------------------------------------------------

    def _dialect_info(self) -> dict:
        if self._dialect is not None:
            return self._dialect
        with self._lock:
            if self._dialect is None:
                text = f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s a <{SD_SERVICE}> }} }}"
                answer = self._post(self.config.query_url, {"query": text}, _JSON, what="query")
                virtuoso = "virtuoso" in answer.server.lower()
                hidden = set(self.config.hidden_graphs)
                if virtuoso:
                    hidden |= set(VIRTUOSO_SYSTEM_GRAPHS)
                    hidden |= {str(row[0]) for row in self._parse_select(answer)[1] if row[0] is not None}
                pragmas = ""
                if virtuoso and hidden:
                    pragmas = " ".join(f"DEFINE input:default-graph-exclude <{g}> DEFINE input:named-graph-exclude <{g}>"
                                       for g in sorted(hidden)) + "\n"
                self._dialect = {"virtuoso": virtuoso, "hidden": frozenset(hidden), "pragmas": pragmas}
        return self._dialect

    @property
    def is_virtuoso(self) -> bool:
        return self._dialect_info()["virtuoso"]

    def _visible(self, graph: Node | None) -> bool:
        """A graph of lore-kg's dataset (not a system or staging graph)."""
        if graph is None:
            return True
        text = str(graph)
        return not text.startswith(STAGING_PREFIX) and text not in self._dialect_info()["hidden"]

    # --- queries -------------------------------------------------------------------------------

    def query(self, sparql: str, *, limit: int | None = None, timeout: float | None = None) -> QueryResult:
        """`Store.query`; with `timeout`, this query's own time limit in seconds instead of the
        store's (see `_post`): a QueryTimeoutError past it."""
        kind = _form(sparql)
        pragmas = self._dialect_info()["pragmas"]
        head = pragmas + prologue()
        text, rewritten = _graph_constants_as_variables(sparql) if pragmas else (sparql, False)
        accept = _JSON if kind in ("SELECT", "ASK") else _NTRIPLES
        try:
            answer = self._post(self.config.query_url, {"query": head + text}, accept, what="query",
                                timeout=timeout)
        except _EndpointSyntaxError as exc:
            raise _syntax_error(sparql, exc, head.count("\n")) from None
        if kind == "ASK":
            return QueryResult("ASK", boolean=self._parse_ask(answer))
        if kind in ("CONSTRUCT", "DESCRIBE"):
            return QueryResult("CONSTRUCT", graph=self._parse_graph(answer))
        variables, rows, capped = self._parse_select(answer)
        if rewritten and any(v.startswith(HIDDEN_VAR) for v in variables):  # SELECT * shows them
            keep = [i for i, v in enumerate(variables) if not v.startswith(HIDDEN_VAR)]
            variables = [variables[i] for i in keep]
            rows = [tuple(row[i] for i in keep) for row in rows]
        truncated = False
        if limit is not None and len(rows) > limit:
            rows, truncated = rows[:limit], True
        elif capped is not None:
            if limit is None:
                raise StoreError(f"the SPARQL endpoint {self.location} cut the answer at its maximum of {capped:,} "
                                 "rows (Virtuoso: ResultSetMaxRows); narrow the query or add LIMIT")
            truncated = True
        return QueryResult("SELECT", vars=variables, rows=rows, truncated=truncated)

    def _select(self, text: str) -> tuple[list[str], list[tuple]]:
        """The store's own SELECT (pragmas and prefixes added); rows of raw JSON bindings."""
        variables, rows, _ = self._select_capped(text)
        return variables, rows

    def _select_capped(self, text: str) -> tuple[list[str], list[tuple], int | None]:
        """`_select`, and the endpoint's row cap when it cut the answer (else None)."""
        head = self._dialect_info()["pragmas"] + prologue()
        try:
            answer = self._post(self.config.query_url, {"query": head + text}, _JSON, what="query")
        except _EndpointSyntaxError as exc:
            raise StoreError(f"the SPARQL endpoint {self.location} rejected lore-kg's own query: {exc}") from None
        return self._parse_select(answer, raw=True)

    def _parse_select(self, answer: _Answer, *, raw: bool = False) -> tuple[list[str], list[tuple], int | None]:
        """(variables, rows, cap): rows of rdflib terms (raw: the JSON bindings); cap is the
        endpoint's row maximum when it says it cut the answer there, else None."""
        data = self._json(answer)
        try:
            variables = list(data["head"]["vars"])
            bindings = data["results"]["bindings"]
        except (KeyError, TypeError):
            raise StoreError(f"the SPARQL endpoint {self.location} gave an answer that is not a SELECT result") from None
        if raw:
            rows = [tuple(b.get(v) for v in variables) for b in bindings]
        else:
            rows = [tuple(json_term(b[v]) if v in b else None for v in variables) for b in bindings]
        max_rows = (answer.headers.get("X-SPARQL-MaxRows") or "").strip()
        cap = int(max_rows) if max_rows.isdigit() and len(rows) >= int(max_rows) else None
        if cap is not None:
            self.cuts_answers = True
        return variables, rows, cap

    def _parse_ask(self, answer: _Answer) -> bool:
        data = self._json(answer)
        if not isinstance(data, dict) or "boolean" not in data:
            raise StoreError(f"the SPARQL endpoint {self.location} gave an answer that is not an ASK result")
        value = data["boolean"]
        return value if isinstance(value, bool) else str(value).lower() in ("true", "1")

    def _parse_graph(self, answer: _Answer) -> Graph:
        fmt = {"application/n-triples": "nt", "text/plain": "nt", "text/turtle": "turtle",
               "application/rdf+xml": "xml", "application/ld+json": "json-ld",
               "application/n-quads": "nquads"}.get(answer.content_type, "nt")
        parsed = Graph()
        try:
            parsed.parse(data=answer.body.decode("utf-8"), format=fmt)
        except Exception as exc:  # rdflib's parsers raise many types
            raise StoreError(f"the SPARQL endpoint {self.location} sent a graph that does not parse as "
                             f"{answer.content_type or fmt}: {first_line(exc)}") from None
        g = Graph()
        bind_prefixes(g)
        for s, p, o in parsed:
            g.add((s, p, _plain(o)))
        return g

    def _json(self, answer: _Answer):
        if answer.content_type not in (_JSON, "application/json"):
            raise StoreError(f"the SPARQL endpoint {self.location} answered {answer.content_type or 'no content type'} "
                             f"instead of {_JSON}")
        try:
            return json.loads(answer.body.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise StoreError(f"the SPARQL endpoint {self.location} sent JSON that does not parse: {exc}") from None

    # --- reading the dataset ---------------------------------------------------------------------

    def _pages(self, text: str, key: str, key_of, too_many) -> Iterator[tuple]:
        """The rows (raw JSON bindings) of the store's own `text`, in keyset pages of `self.page`
        by STR(?key) (kg.query.sparql.keyset_rows)."""
        def fetch(page_text: str) -> tuple[list[tuple], bool]:
            _, rows, cap = self._select_capped(page_text)
            return rows, cap is not None

        return keyset_rows(fetch, text, key, key_of, page=self.page, too_many=too_many)

    def _graph_keys(self, *, counts: bool) -> Iterator[tuple[str, dict, int]]:
        """(sort key, graph binding, count) of every graph: in one answer while the endpoint has
        not cut one, else in keyset pages by STR(?g)."""
        count = "(COUNT(*) AS ?n)" if counts else ""
        text = f"SELECT ?g (STR(?g) AS ?k) {count} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }} GROUP BY ?g"
        rows: Iterable[tuple] | None = None
        if not self.cuts_answers:
            _, whole, cap = self._select_capped(text)
            if cap is None:
                rows = sorted(whole, key=lambda r: r[1]["value"])
        if rows is None:
            rows = self._pages(text, "g", lambda r: r[1]["value"],
                               lambda n: StoreError(f"the SPARQL endpoint {self.location} repeats graphs in its answer"))
        for row in rows:
            yield row[1]["value"], row[0], int(row[2]["value"]) if counts and row[2] else 0

    def graphs(self) -> list[URIRef]:
        out = []
        for _, binding, _ in self._graph_keys(counts=False):
            g = json_term(binding)
            if isinstance(g, URIRef) and g != self._default_graph and self._visible(g):
                out.append(g)
        return sorted(out)

    def has_graph(self, graph: URIRef) -> bool:
        if graph == self._default_graph or not self._visible(graph):
            return False
        # A graph variable, not GRAPH <g>: see _graph_constants_as_variables.
        text = f"ASK {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g = {URIRef(graph).n3()}) }}"
        answer = self._post(self.config.query_url, {"query": self._dialect_info()["pragmas"] + text}, _JSON,
                            what="query")
        return self._parse_ask(answer)

    def quads(self, graph: URIRef | None = None) -> Iterator[Quad]:
        if graph is not None:
            if graph == self._default_graph or not self._visible(graph):
                return
            yield from self._graph_quads(URIRef(graph))
            return
        batch: list[tuple[URIRef, int]] = []
        total = 0
        budget = self.page * 9 // 10
        for _, binding, n in self._graph_keys(counts=True):
            g = json_term(binding)
            if not isinstance(g, URIRef) or not self._visible(g):
                continue
            if n > budget:
                yield from self._graph_quads(g)
                continue
            if batch and (total + n > budget or len(batch) >= 50):
                yield from self._batch_quads(batch)
                batch, total = [], 0
            batch.append((g, n))
            total += n
        if batch:
            yield from self._batch_quads(batch)

    def default_triples(self) -> Iterator[Triple]:
        """The triples of the default graph (the stand-in graph), without reading the others."""
        for s, p, o, _ in self._graph_quads(self._default_graph):
            yield s, p, o

    def _as_quad(self, s, p, o, g: URIRef) -> Quad:
        return (json_term(s), json_term(p), json_term(o), None if g == self._default_graph else g)

    def _batch_quads(self, batch: list[tuple[URIRef, int]]) -> Iterator[Quad]:
        # A UNION of one branch per graph: Virtuoso runs it three times faster than VALUES ?g or
        # FILTER(?g IN (...)) over the same graphs (measured at 1M quads).
        union = " UNION ".join(f"{{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g = {g.n3()}) }}" for g, _ in batch)
        _, rows, cap = self._select_capped(f"SELECT ?g ?s ?p ?o WHERE {{ {union} }}")
        if cap is not None:  # the endpoint cuts answers below our page size: graph by graph, in pages
            for g, _ in batch:
                yield from self._graph_quads(g)
            return
        if len(rows) < sum(n for _, n in batch):
            raise StoreError(f"the SPARQL endpoint {self.location} returned fewer quads than it counted "
                             f"({len(rows)} < {sum(n for _, n in batch)}); is a writer busy? try again")
        for g, s, p, o in rows:
            yield self._as_quad(s, p, o, URIRef(g["value"]))

    def _graph_quads(self, graph: URIRef) -> Iterator[Quad]:
        """The triples of one graph, in keyset pages of whole subjects (by STR(?s))."""
        text = (f"SELECT ?s ?p ?o (STR(?s) AS ?k) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g = {graph.n3()}) }}")

        def too_many(n: int) -> StoreError:
            return StoreError(f"one subject has more than {n:,} triples in {graph}; lore-kg cannot read it in "
                              "pages: raise the endpoint's row cap (Virtuoso: ResultSetMaxRows in virtuoso.ini [SPARQL])")

        for s, p, o, _ in self._pages(text, "s", lambda r: r[3]["value"], too_many):
            yield self._as_quad(s, p, o, graph)

    def __len__(self) -> int:
        hidden = sorted(self._dialect_info()["hidden"])
        not_hidden = ""
        if hidden and not self.is_virtuoso:  # Virtuoso: the pragmas hide them already
            not_hidden = f"FILTER(?g NOT IN ({', '.join(URIRef(g).n3() for g in hidden)}))"
        # Everything, less the staging graphs: a STRSTARTS filter on every quad costs 25 times more.
        _, rows = self._select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {not_hidden} }}")
        total = int(rows[0][0]["value"]) if rows and rows[0][0] else 0
        for staging, _ in self._staging_graphs():
            _, rows = self._select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g = {staging.n3()}) }}")
            total -= int(rows[0][0]["value"]) if rows and rows[0][0] else 0
        return total

    # --- writing -------------------------------------------------------------------------------

    def _update(self, text: str) -> None:
        if self.read_only:
            raise StoreError(f"the store at {self.location} was opened read-only")
        try:
            self._post(self.config.update_url, {"update": text}, _JSON, what="update")
        except _EndpointSyntaxError as exc:
            raise StoreError(f"the SPARQL endpoint {_safe_url(self.config.update_url)} rejected lore-kg's update: "
                             f"{exc} (if it says the request is too large, lower the store's chunk size)") from None

    def _check_writable(self) -> None:
        if self.read_only:
            raise StoreError(f"the store at {self.location} was opened read-only")
        if not self._cleaned:
            self._cleaned = True
            try:
                self.cleanup_staging()
            except LoreError:
                pass  # best effort; the write itself will report a broken endpoint

    def _target(self, graph: URIRef | None) -> URIRef:
        if graph is None:
            return self._default_graph
        if not isinstance(graph, URIRef):
            raise StoreError(f"graph names must be IRIs on a remote store, not {graph!r}")
        if str(graph).startswith((STAGING_PREFIX, STAGED_PREFIX)):
            raise StoreError(f"{graph} is reserved for lore-kg's staging graphs")
        return graph

    def _new_staging(self) -> URIRef:
        return URIRef(f"{STAGING_PREFIX}{int(time.time())}-{secrets.token_hex(8)}")

    def _stage_requests(self, staging: URIRef, triples: list[Triple]) -> list[str]:
        """Update operations that fill `staging` with the encoded triples, one per request."""
        marker = f"{staging.n3()} {STAGING_MARKER.n3()} {Literal(int(time.time())).n3()} ."
        ops = []
        for i, chunk in enumerate(_chunks_keeping_bnodes(triples, self.chunk) if triples else [[]]):
            body = "\n".join(f"{_staged(s)} {_staged(p)} {_staged(o)} ." for s, p, o in chunk)
            if i == 0:
                body = marker + "\n" + body
            if any(isinstance(t, BNode) for triple in chunk for t in triple):
                ops.append(f"INSERT {{ GRAPH {staging.n3()} {{\n{body}\n}} }} WHERE {{ }}")
            else:
                ops.append(f"INSERT DATA {{ GRAPH {staging.n3()} {{\n{body}\n}} }}")
        return ops

    def _staged_pattern(self, staging: URIRef) -> str:
        return (f"GRAPH {staging.n3()} {{ ?es ?ep ?eo }} FILTER(?ep != {STAGING_MARKER.n3()})\n{_DECODE}")

    def _write(self, staging_graphs: list[URIRef], stage_ops: list[list[str]], publish: list[str]) -> None:
        """Run the staging requests, then the last staging operation, the publishing operation(s)
        and the drops together; on failure drop the staging graphs (best effort)."""
        drops = [f"DROP SILENT GRAPH {g.n3()}" for g in staging_graphs]
        ops = [op for per_graph in stage_ops for op in per_graph]
        try:
            for op in ops[:-1]:
                self._update(op)
            self._update(" ;\n".join([ops[-1], *publish, *drops]))
        except BaseException:
            try:
                self._update(" ;\n".join(drops))
            except LoreError:
                pass  # leftovers are inert, and dropped by cleanup_staging later
            raise

    def replace_graph(self, graph: URIRef, triples: Iterable[Triple]) -> None:
        self._check_writable()
        target = self._target(graph)
        staged = list(triples)  # a failing iterator must not leave half a graph
        if not staged:
            self._update(f"DROP SILENT GRAPH {target.n3()}")
            return
        staging = self._new_staging()
        publish = (f"DELETE {{ GRAPH {target.n3()} {{ ?os ?op ?oo }} }}\n"
                   f"INSERT {{ GRAPH {target.n3()} {{ ?s ?p ?o }} }}\n"
                   f"WHERE {{ {{ GRAPH {target.n3()} {{ ?os ?op ?oo }} }}\n"
                   f"  UNION {{ {self._staged_pattern(staging)} }} }}")
        self._write([staging], [self._stage_requests(staging, staged)], [publish])

    def add_quads(self, quads: Iterable[Quad]) -> int:
        self._check_writable()
        by_graph: dict[URIRef, list[Triple]] = {}
        n = 0
        for s, p, o, g in quads:  # materialised first: a failing iterator writes nothing
            by_graph.setdefault(self._target(g), []).append((s, p, o))
            n += 1
        graphs = list(by_graph)
        for start in range(0, len(graphs), PUBLISH_GRAPHS):
            step = graphs[start:start + PUBLISH_GRAPHS]
            stagings = [self._new_staging() for _ in step]
            branches = " UNION ".join(f"{{ {self._staged_pattern(t)} BIND({g.n3()} AS ?g) }}"
                                      for t, g in zip(stagings, step))
            publish = f"INSERT {{ GRAPH ?g {{ ?s ?p ?o }} }} WHERE {{ {branches} }}"
            self._write(stagings, [self._stage_requests(t, by_graph[g]) for t, g in zip(stagings, step)], [publish])
        return n

    def remove_graph(self, graph: URIRef) -> bool:
        self._check_writable()
        target = self._target(graph)
        existed = self.has_graph(target) if graph is not None else False
        if existed:
            self._update(f"DROP SILENT GRAPH {target.n3()}")
        return existed

    def _staging_graphs(self) -> list[tuple[URIRef, float]]:
        """(staging graph, unix time it was started) for every staging graph (found by its marker)."""
        _, rows = self._select(f"SELECT DISTINCT ?g ?t WHERE {{ GRAPH ?g {{ ?g {STAGING_MARKER.n3()} ?t }} }}")
        out = []
        for g, t in rows:
            if not g or g.get("type") != "uri" or not g["value"].startswith(STAGING_PREFIX):
                continue
            try:
                since = float(t["value"])
            except (TypeError, KeyError, ValueError):
                since = 0.0
            out.append((URIRef(g["value"]), since))
        return out

    def clear(self) -> int:
        """Drop every graph of the dataset (named graphs, the default graph, staging graphs), never
        the endpoint's system graphs; return how many named graphs were dropped."""
        self._check_writable()
        doomed = self.graphs()
        staging = [URIRef(b["value"]) for _, b, _ in self._graph_keys(counts=False)
                   if b and b.get("value", "").startswith(STAGING_PREFIX)]
        everything = [*doomed, self._default_graph, *staging]
        for start in range(0, len(everything), 100):
            self._update(" ;\n".join(f"DROP SILENT GRAPH {g.n3()}" for g in everything[start:start + 100]))
        return len(doomed)

    def cleanup_staging(self, max_age: float = STAGING_MAX_AGE) -> list[URIRef]:
        """Drop staging graphs older than `max_age` seconds (left by writers that died); return them."""
        now = time.time()
        stale = [g for g, since in self._staging_graphs() if now - since > max_age]
        for start in range(0, len(stale), 100):
            self._update(" ;\n".join(f"DROP SILENT GRAPH {g.n3()}" for g in stale[start:start + 100]))
        return stale

    def describe(self) -> dict[str, str]:
        out = {"store": self.name, "location": self.location}
        if self.config.update_url != self.config.query_url:
            out["update"] = _safe_url(self.config.update_url)
        return out


# --- query forms and syntax errors -----------------------------------------------------------

def _form(sparql: str) -> str:
    """The query form; a QuerySyntaxError for updates (an endpoint would run them)."""
    form, update = query_form(sparql)
    if update:
        raise QuerySyntaxError(f"{form} is an update, not a query; "
                               "only SELECT, ASK, CONSTRUCT and DESCRIBE are run here")
    return form


_TOKENS = re.compile(r"""
    (?P<string>'{3}(?:[^'\\]|\\.|'(?!''))*'{3}|"{3}(?:[^"\\]|\\.|"(?!""))*"{3}
              |'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<comment>\#[^\n]*)
  | (?P<graph>(?<![\w?$:])GRAPH\b)
""", re.X | re.I | re.S)
_GRAPH_NAME = re.compile(r"""((?:\s|\#[^\n]*)+)(<[^<>"{}|^`\\\x00-\x20]*>|(?:[A-Za-z][\w.\-]*)?:[^\s{}()#,;]*)(?=\s*\{)""")
HIDDEN_VAR = "_kg_g"


def _graph_constants_as_variables(text: str) -> tuple[str, bool]:
    """`GRAPH <g> {` becomes `BIND(<g> AS ?_kg_gN) GRAPH ?_kg_gN {`, outside strings and comments.

    Virtuoso 7.2 answers a pattern on a constant graph wrongly (no rows; ASK always true) once a
    query carries `input:*-graph-exclude` pragmas; a graph variable bound first works (measured).
    """
    out, pos, n = [], 0, 0
    for m in _TOKENS.finditer(text):
        if m.lastgroup != "graph":
            continue
        name = _GRAPH_NAME.match(text, m.end())
        if not name:
            continue
        n += 1
        var = f"?{HIDDEN_VAR}{n}"
        out.append(text[pos:m.start()])
        out.append(f"BIND({name.group(2)} AS {var}) GRAPH{name.group(1)}{var}")
        pos = name.end()
    if not n:
        return text, False
    out.append(text[pos:])
    return "".join(out), True


class _EndpointSyntaxError(StoreError):
    """The endpoint says a text is malformed; `query` turns it into a QuerySyntaxError with the
    caller's line and column, the store's own requests into a StoreError."""

    def __init__(self, message: str, raw: str):
        super().__init__(message)
        self.message, self.raw = message, raw


def _looks_like_syntax_error(line: str) -> bool:
    """Does the endpoint say the text is malformed (not that it broke on a well-formed query)?"""
    text = line.lower()
    if "internal error" in text:
        return False
    return any(k in text for k in ("sp030", "sp031", "syntax error", "parse error", "lexical error",
                                   "encountered", "malformed query", "undefined namespace prefix"))


def _syntax_error(user_text: str, exc: _EndpointSyntaxError, offset: int) -> QuerySyntaxError:
    """A QuerySyntaxError with the caller's line and column: from rdflib's parser when it also
    rejects the text, else from the endpoint's message (its line numbers shifted back)."""
    from pyparsing import ParseException

    from kg.query.sparql import syntax_error_from_pyparsing

    try:
        from rdflib.plugins.sparql import prepareQuery

        prepareQuery(user_text, initNs=PREFIXES)
    except ParseException as parse_error:
        return syntax_error_from_pyparsing(parse_error)
    except Exception:  # noqa: BLE001 - rdflib's other errors carry no position
        pass
    message = re.sub(r"^SPARQL compiler,?\s*(line \d+)?:?\s*", "", exc.message).strip() or exc.message
    m = re.search(r"line (\d+)", exc.raw)
    if not m:
        return QuerySyntaxError(message)
    line = max(1, int(m.group(1)) - offset)
    column = None
    token = re.search(r"at '([^']*)'", exc.raw)
    lines = user_text.splitlines()
    if token and 0 < line <= len(lines):
        found = lines[line - 1].find(token.group(1))
        column = found + 1 if found >= 0 else None
    return QuerySyntaxError(message, line, column if column is not None else 1)
