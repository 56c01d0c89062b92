"""How a long-running server (`kg serve`) uses a store: `Serving`, and the runners of guarded queries.

A store class says how it is served (`Store.serving`). The default, `Serving` with a
`ThreadRunner`, suits a store that lives in the server's process (the in-memory one, and any store
registered from outside); the embedded store has its own in kg/store/oxigraph_serving.py (snapshots,
worker processes), the remote one in kg/store/sparql/serving.py.

A `QueryRunner` runs a query that kg.query.guard has checked, within a time limit and a row cap
(`Store.query(limit=...)`: rows beyond the cap are not read; the result says `truncated`):

- `ThreadRunner`, for stores another process cannot open: the query runs in a daemon thread and the
  caller gets its timeout answer on time, but the query itself runs on to its end in the background.
- `ProcessRunner` (embedded store): worker processes, killed at the time limit.
- `RemoteRunner` (remote endpoint): the endpoint is asked to stop the query at the limit.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import contextmanager
from typing import TYPE_CHECKING

from kg.errors import QueryTimeoutError

if TYPE_CHECKING:
    from kg.query.result import QueryResult
    from kg.store.base import Store

__all__ = ["QueryRunner", "Serving", "ThreadRunner", "in_thread", "timeout_error"]


def timeout_error(timeout: float) -> QueryTimeoutError:
    """What every runner raises for a query past its time limit."""
    return QueryTimeoutError(f"the query ran past the {timeout:g} s time limit and was stopped; "
                             "narrow it (more specific patterns, a LIMIT) and run it again")


class QueryRunner:
    """Runs a checked query within a time limit; see the module docstring."""

    def run(self, text: str, *, timeout: float, max_rows: int) -> QueryResult:
        raise NotImplementedError

    def close(self) -> None:
        pass


def in_thread(call: Callable[[], QueryResult], timeout: float, *, wait: float, name: str,
              done: Callable[[], None] = lambda: None) -> QueryResult:
    """`call()` in a daemon thread, waited for `wait` seconds: its result or its error, or the
    timeout error for `timeout` when it runs on (it runs to its end, nobody waiting). `done()`
    runs when the call ends, however it ends, or at once when the thread cannot start."""
    box: dict = {}

    def target():
        try:
            box["result"] = call()
        except BaseException as exc:  # noqa: BLE001 - handed to the caller below
            box["error"] = exc
        finally:
            done()

    worker = threading.Thread(target=target, name=name, daemon=True)
    try:
        worker.start()
    except BaseException:
        done()
        raise
    worker.join(wait)
    if worker.is_alive():
        raise timeout_error(timeout)
    if "error" in box:
        raise box["error"]
    return box["result"]


class ThreadRunner(QueryRunner):
    """For stores another process cannot open (memory): a daemon thread per query."""

    def __init__(self, store_of: Callable[[], Store]):
        self._store_of = store_of

    def run(self, text: str, *, timeout: float, max_rows: int) -> QueryResult:
        store = self._store_of()
        return in_thread(lambda: store.query(text, limit=max_rows), timeout, wait=timeout, name="lore-query")


class Serving:
    """A store as `kg serve` uses it: `reader()` for the requests' reads, `writer()` for one
    ingest at a time, `runner` for the queries of /sparql and the console (time limit, row cap),
    `describe()` for the page footer and /api/info (no secrets). See `Store.serving`.

    This base serves one store instance for everything, described as it describes itself."""

    def __init__(self, store: Store | None, runner: QueryRunner, description: dict):
        self.store, self.runner, self._description = store, runner, description
        self._write_lock = threading.Lock()

    def reader(self) -> Store:
        return self.store

    @contextmanager
    def writer(self):
        with self._write_lock:
            yield self.store

    def describe(self) -> dict:
        return dict(self._description)

    def close(self) -> None:
        self.runner.close()
        self.store.close()
