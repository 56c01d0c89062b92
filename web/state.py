"""The app's resources: the store (read and write), the query runner, the extractor.

Store access, with `kg ingest` possibly writing from another process:

- Reads go through one read-only handle on the embedded store, shared by all requests and
  reopened when the store's files change (`kg.sparql_guard.Snapshot`): a read-only handle takes
  no lock, so `kg ingest` can write meanwhile, and the next request sees what it wrote.
- An ingest from the web opens the store for writing inside that request only, one at a time,
  and closes it at once. When `kg ingest` holds the store, the request answers 409 (try again).
- Queries from /sparql and the console run in worker processes (`ProcessRunner`), each with its
  own snapshot, so that a query past its time limit can be stopped.
- The in-memory store (`--store memory`) exists in this process only: one handle does it all.
- A remote SPARQL endpoint (`--store http://HOST:PORT/sparql`, kg/store/sparql.py) holds no
  files and no lock: reads share one read-only `SparqlStore` (every query sees the endpoint as it
  is now, so what another writer added shows at once); ingests from the web share one writing
  store, made at the first ingest (credentials from KG_SPARQL_USER / KG_SPARQL_PASSWORD /
  KG_SPARQL_UPDATE_URL or the settings file, as for `kg ingest`; its first write drops the
  staging graphs dead writers left) and used by one ingest at a time; queries from /sparql and
  the console go through `RemoteRunner`, which keeps the time limit (the endpoint is asked to
  stop the query there, and the request is dropped) and the read-only guard.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from pathlib import Path

from flask import Flask, current_app, g

from kg.errors import StoreError
from kg.sparql_guard import QueryRunner, Snapshot, make_runner
from kg.store import open_store, resolve_spec
from kg.store.base import Store


class LoreState:
    def __init__(self, spec: str | None, *, workers: int = 2, extractor=None):
        self.spec = spec
        self.kind, self.location = resolve_spec(spec)
        self._memory: Store | None = None
        self._snapshot: Snapshot | None = None
        self._remote: Store | None = None
        self._remote_writer: Store | None = None  # made at the first ingest, under the write lock
        self._write_lock = threading.Lock()
        self._extractor = extractor
        self._extractor_lock = threading.Lock()
        if self.kind == "memory":
            self._memory = open_store("memory")
        elif self.kind == "oxigraph":
            path = Path(self.location).expanduser()
            if not path.is_dir():  # a fresh install: serve an empty store rather than fail
                open_store(f"oxigraph:{path}").close()
            self._snapshot = Snapshot(str(path))
        elif self.kind == "sparql":
            # Settings are checked here (a bad URL or setting stops the server at startup); the
            # endpoint itself is first asked at the first request, so the app starts while it is down.
            self._remote = open_store(f"sparql:{self.location}", read_only=True)
        else:
            raise StoreError(f"the web app serves an embedded store, a SPARQL endpoint URL or 'memory', "
                             f"not {spec!r}")
        self.runner: QueryRunner = make_runner(self._spec_for_runner(), self.reader, workers=workers)

    def _spec_for_runner(self) -> str:
        if self.kind == "memory":
            return "memory"
        if self.kind == "sparql":
            return f"sparql:{self.location}"
        return f"oxigraph:{Path(self.location).expanduser()}"

    def reader(self) -> Store:
        if self._memory is not None:
            return self._memory
        if self._remote is not None:
            return self._remote
        return self._snapshot.store()

    def describe(self) -> dict:
        if self.kind == "memory":
            return {"store": "memory", "location": "memory"}
        if self._remote is not None:  # the URL without user info or query string (no secrets shown)
            return {"store": self.kind, "location": self._remote.location}
        return {"store": self.kind, "location": self.location}

    @contextmanager
    def writer(self):
        """The store opened for writing, for one ingest; StoreLockedError when another process has it."""
        with self._write_lock:
            if self._memory is not None:
                yield self._memory
                return
            if self._remote is not None:
                if self._remote_writer is None:
                    self._remote_writer = open_store(f"sparql:{self.location}")
                yield self._remote_writer
                return
            store = open_store(f"oxigraph:{self._snapshot.path}")
            try:
                yield store
            finally:
                store.close()
                self._snapshot.invalidate()

    def extractor(self):
        """The extraction pipeline, loaded once (spaCy is imported only here)."""
        with self._extractor_lock:
            if self._extractor is None:
                from kg.ingest import _load_extractor

                self._extractor = _load_extractor()
            return self._extractor

    def close(self) -> None:
        self.runner.close()
        if self._remote is not None:
            self._remote.close()
        writer, self._remote_writer = self._remote_writer, None  # no wait on a running ingest
        if writer is not None:
            writer.close()


def init_app(app: Flask) -> None:
    state = LoreState(app.config["STORE"], workers=app.config["SPARQL_WORKERS"],
                      extractor=app.config["EXTRACTOR"])
    app.extensions["lore"] = state


def state() -> LoreState:
    return current_app.extensions["lore"]


def get_store() -> Store:
    """The read handle for this request (the same one throughout the request)."""
    if "lore_store" not in g:
        g.lore_store = state().reader()
    return g.lore_store
