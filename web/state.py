"""The app's resources: the core object (`kg.core.Lore`: configuration, extraction pipeline) and the
store as a server uses it (read and write handles, the query runner).

How a store is served is the store class's own (`Store.serving`; kg/store/serving.py has the
default, kg/store/oxigraph_serving.py the embedded store's, kg/store/sparql/serving.py the remote
one's). Store access, with `kg ingest` possibly writing from another process:

- Reads go through one read-only handle on the embedded store, shared by all requests and
  reopened when the store's files change (`kg.store.oxigraph_serving.Snapshot`): a read-only
  handle takes no lock, so `kg ingest` can write meanwhile, and the next request sees what it wrote.
- An ingest from the web opens the store for writing inside that request only, one at a time,
  and closes it at once. When `kg ingest` holds the store, the request answers 409 (try again).
- Queries from /sparql and the console run in worker processes (`ProcessRunner`), each with its
  own snapshot, so that a query past its time limit can be stopped.
- The in-memory store (`--store memory`) exists in this process only: one handle does it all
  (the default `Store.serving`, which a store registered from outside gets unless its class
  declares its own).
- A remote SPARQL endpoint (`--store http://HOST:PORT/sparql`, kg/store/sparql/) holds no
  files and no lock: reads share one read-only `SparqlStore` (every query sees the endpoint as it
  is now, so what another writer added shows at once); ingests from the web share one writing
  store, made at the first ingest (credentials from KG_SPARQL_USER / KG_SPARQL_PASSWORD /
  KG_SPARQL_UPDATE_URL or the settings file, as for `kg ingest`; its first write drops the
  staging graphs dead writers left) and used by one ingest at a time; queries from /sparql and
  the console go through `RemoteRunner`, which keeps the time limit (the endpoint is asked to
  stop the query there, and the request is dropped) and the read-only guard.
"""

from __future__ import annotations

from flask import Flask, current_app, g

from kg.core import Lore
from kg.store.base import Store
from kg.store.serving import QueryRunner


class LoreState:
    def __init__(self, lore: Lore, *, workers: int = 2):
        self.lore = lore
        self.serving = lore.serving(workers=workers)  # the store class says how it is served
        self.runner: QueryRunner = self.serving.runner

    def reader(self) -> Store:
        return self.serving.reader()

    def describe(self) -> dict:
        return self.serving.describe()

    def writer(self):
        """The store opened for writing, for one ingest; StoreLockedError when another process has it."""
        return self.serving.writer()

    def extractor(self):
        """The extraction pipeline, loaded at the first ingest (spaCy is imported only then)."""
        return self.lore.pipeline.get()

    def close(self) -> None:
        self.serving.close()
        self.lore.close()


def init_app(app: Flask, lore: Lore | None = None) -> None:
    """`lore`: the core object `kg serve` made; else one from the STORE, MODEL and EXTRACTOR settings."""
    if lore is None:
        from kg.config import Config

        config = Config.load(store=app.config["STORE"], model=app.config["MODEL"])
        lore = Lore(config, extractor=app.config["EXTRACTOR"])
    app.extensions["lore"] = LoreState(lore, workers=app.config["SPARQL_WORKERS"])


def state() -> LoreState:
    return current_app.extensions["lore"]


def get_store() -> Store:
    """The read handle for this request (the same one throughout the request)."""
    if "lore_store" not in g:
        g.lore_store = state().reader()
    return g.lore_store
