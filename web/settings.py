"""Every setting of the web app, declared once: (name, default, help).

`create_app` applies the defaults, then ``LORE_*`` environment variables (``LORE_INGEST_TOKEN``,
``LORE_SPARQL_TIMEOUT=5``...), then the config it is given.
"""

from __future__ import annotations

from typing import Any, NamedTuple


class Setting(NamedTuple):
    name: str
    default: Any
    help: str


MB = 1024 * 1024

SETTINGS: tuple[Setting, ...] = (
    Setting("STORE", None, "The store to serve: an embedded store directory, a SPARQL endpoint URL "
                           "(credentials from KG_SPARQL_USER / KG_SPARQL_PASSWORD, see kg/store/sparql/config.py), "
                           "'memory', or unset for KG_STORE or the default directory under the user data dir."),
    Setting("HOST", "127.0.0.1", "The address the server listens on. On anything but a loopback "
                                 "address, ingest needs INGEST_TOKEN (and is off without it)."),
    Setting("TRUSTED_HOSTS", None, "Host names requests may use (others get 400). Unset: localhost and "
                                   "127.0.0.1 when HOST is an IPv4 loopback address, against DNS "
                                   "rebinding; any name otherwise."),
    Setting("SECRET_KEY", None, "Signs the session cookie that holds the CSRF token; a random key is "
                                "made at startup when unset (sessions then end with the process)."),
    Setting("INGEST_TOKEN", None, "A shared secret the ingest form must send (field 'token' or header "
                                  "'Authorization: Bearer ...'); required when HOST is not loopback."),
    Setting("MAX_CONTENT_LENGTH", 2 * MB, "Largest request body in bytes (uploads, pasted text, posted "
                                          "queries); a bigger one gets 413."),
    Setting("INGEST_MAX_BYTES", 2 * MB, "Largest article, in bytes, that ingest reads from text, a file or a URL."),
    Setting("ALLOW_PRIVATE_URLS", False, "Let ingest fetch URLs on private, loopback or link-local addresses."),
    Setting("FETCH_TIMEOUT", 10.0, "Seconds ingest waits for a URL."),
    Setting("SPARQL_TIMEOUT", 10.0, "Seconds a query from /sparql or the console may run before it is stopped."),
    Setting("SPARQL_MAX_ROWS", 10_000, "Rows (or triples) a query from /sparql or the console returns at most."),
    Setting("SPARQL_WORKERS", 2, "Queries from /sparql and the console run at once at most (worker "
                                 "processes for the embedded store, requests in flight for a SPARQL "
                                 "endpoint); more queries wait for a free one."),
    Setting("GRAPH_MAX_NODES", 300, "Nodes the graph page draws at most; a bigger graph is cut to its "
                                    "most connected entities, and the page says so."),
    Setting("MODEL", None, "The base model the extraction pipeline builds on (as `kg serve --model`); "
                           "unset for KG_MODEL or the pipeline's default."),
    Setting("EXTRACTOR", None, "The extractor ingest uses (an object with extract/extract_many); by "
                               "default the pipeline KG_EXTRACTOR names, loaded at the first ingest."),
)

DEFAULTS: dict[str, Any] = {s.name: s.default for s in SETTINGS}
