"""How `kg serve` uses a remote endpoint, which holds no files and no lock.

- Reads share one read-only store: every query sees the endpoint as it is now, so what another
  writer added shows at once.
- Ingests from the web share one writing store, made at the first ingest (its first write drops
  the staging graphs dead writers left), used by one ingest at a time.
- Guarded queries go through `RemoteRunner`: the query is sent from a daemon thread by a
  read-only store of the runner's own, with the time limit as the query's own
  (`SparqlStore.query(timeout=...)`): the client waits that long plus a grace second, and
  Virtuoso is asked to stop the query itself at the limit (its ``timeout`` request parameter, in
  ms: it answers with what it has and says so, which is a timeout here). The caller gets its
  timeout answer on time; an endpoint that does not stop runs the query on, but nobody waits for
  it. At most `workers` queries are in flight at once.
"""

from __future__ import annotations

import threading
import time
from contextlib import contextmanager
from typing import TYPE_CHECKING

from kg.errors import QueryTimeoutError
from kg.store.serving import QueryRunner, Serving, in_thread, timeout_error
from kg.store.sparql import transport

if TYPE_CHECKING:
    from kg.query.result import QueryResult
    from kg.store.sparql.store import SparqlStore

__all__ = ["RemoteRunner", "RemoteServing"]


class RemoteRunner(QueryRunner):
    """Guarded queries on an endpoint: see the module docstring.

    The runner's store is a read-only store of `store_class` of its own (an update never leaves
    this process: the store refuses it, after kg.query.guard.check_query did); each query carries
    its time limit."""

    def __init__(self, store_class: type[SparqlStore], location: str, *, workers: int = 2):
        self.location = location
        self.size = max(1, int(workers))
        self.GRACE = transport.TIMEOUT_GRACE  # the store waits this long past the limit for the endpoint's own answer
        self._slots = threading.BoundedSemaphore(self.size)
        self.store = store_class(location, read_only=True)

    def run(self, text: str, *, timeout: float, max_rows: int) -> QueryResult:
        started = time.monotonic()
        if not self._slots.acquire(timeout=timeout):
            raise QueryTimeoutError(f"all {self.size} query slots stayed busy for {timeout:g} s; "
                                    "try again shortly")
        store = self.store
        try:
            # a query nobody waits for any more still holds its slot until it ends
            return in_thread(lambda: store.query(text, limit=max_rows, timeout=timeout), timeout,
                             wait=max(0.0, timeout + self.GRACE - (time.monotonic() - started)),
                             name="lore-remote-query", done=self._slots.release)
        except QueryTimeoutError:  # the endpoint's, the HTTP timeout's, or nobody answered in time
            raise timeout_error(timeout) from None

    def close(self) -> None:
        self.store.close()


class RemoteServing(Serving):
    """An endpoint served: see the module docstring. Settings are checked here, so a bad URL stops
    the server at startup; the endpoint itself is first asked at the first request."""

    def __init__(self, store_class: type[SparqlStore], location: str, *, workers: int = 2):
        reader = store_class(location, read_only=True)
        # the URL without user info or query string: no secret shown (nor the update URL)
        super().__init__(reader, RemoteRunner(store_class, location, workers=workers),
                         {"store": store_class.name, "location": reader.location})
        self._class = store_class
        self.location = location
        self._writing: SparqlStore | None = None

    @contextmanager
    def writer(self):
        with self._write_lock:
            if self._writing is None:
                self._writing = self._class(self.location)
            yield self._writing

    def close(self) -> None:
        self.runner.close()
        self.store.close()
        writing, self._writing = self._writing, None  # no wait on a running ingest
        if writing is not None:
            writing.close()
