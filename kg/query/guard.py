"""Untrusted SPARQL, run safely: read-only, local, within a time limit and a row cap.

`check_query` parses the text with rdflib's query parser, which knows only the four query
forms: an update (INSERT, DELETE, LOAD, CLEAR, DROP, CREATE, ADD, MOVE, COPY) does not parse as
a query and is rejected as an update. In a query, SERVICE (anywhere: inside OPTIONAL, GRAPH,
subqueries...) is rejected so that no query makes the server call another host, and so are
FROM / FROM NAMED (rdflib loads such graphs from the web; ask for a graph with GRAPH <iri>).
A query that rdflib cannot parse is never handed to the store.

`QueryRunner.run` enforces the time limit and the row cap:

- `ProcessRunner`, for the embedded store: the query runs in one of a few long-lived worker
  processes, each holding its own read-only snapshot of the store. When the time limit passes,
  the worker is killed, which really stops the query (Oxigraph has no way to cancel a query, and a
  thread cannot be killed), and another worker is started for the next query. Other requests
  are served meanwhile: they do not wait on the killed worker, and a slow query holds one core
  for at most the time limit.
- `ThreadRunner`, for the in-memory store (tests and one-shot runs, which another process
  cannot open): the query runs in a daemon thread and the caller gets its timeout answer on
  time, but the query itself runs on to its end in the background.
- `RemoteRunner`, for a remote SPARQL endpoint (kg/store/sparql/): the query is sent from a
  daemon thread by a read-only store of the runner's own, with the time limit as the query's own
  (`SparqlStore.query(timeout=...)`): the client waits that long plus a grace second, and
  Virtuoso is asked to stop the query itself at the limit (its ``timeout`` request parameter, in
  ms: it answers with what it has and says so, which is a timeout here). The caller gets its
  timeout answer on time; an endpoint that does not stop runs the query on, but nobody waits for
  it. At most `workers` queries are in flight at once.

Rows beyond the cap are not read (`Store.query(limit=...)`); the result says `truncated`.
"""

from __future__ import annotations

import os
import queue
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager
from multiprocessing.connection import Connection
from pathlib import Path

from rdflib import Graph

from kg.errors import LoreError, QueryRejectedError, QuerySyntaxError, QueryTimeoutError, StoreError
from kg.query.sparql import query_form, syntax_error_from_pyparsing
from kg.store import open_store
from kg.store.base import QueryResult, Serving, Store
from kg.store.oxigraph import directory_signature
from kg.vocab import PREFIXES, bind_prefixes

__all__ = [
    "DEFAULT_MAX_ROWS", "DEFAULT_TIMEOUT", "MAX_QUERY_CHARS", "ProcessRunner", "QueryRunner",
    "RemoteRunner", "RemoteServing", "Snapshot", "SnapshotServing", "ThreadRunner", "check_query", "run_query",
]

DEFAULT_TIMEOUT = 10.0  # seconds
DEFAULT_MAX_ROWS = 10_000
MAX_QUERY_CHARS = 100_000
_PARSE_LOCK = threading.Lock()  # pyparsing grammars are shared objects: one parse at a time


# --- checking --------------------------------------------------------------------------------


def check_query(text: str) -> str:
    """The query form (SELECT, ASK, CONSTRUCT or DESCRIBE) of an allowed query.

    Raises QuerySyntaxError (with line and column) when it does not parse and QueryRejectedError
    for an update, SERVICE, FROM / FROM NAMED, or a text over MAX_QUERY_CHARS.
    """
    if not text or not text.strip():
        raise QuerySyntaxError("the query is empty; write a SELECT, ASK, CONSTRUCT or DESCRIBE query")
    if len(text) > MAX_QUERY_CHARS:
        raise QueryRejectedError(f"the query is {len(text)} characters long, over the {MAX_QUERY_CHARS} limit")
    parsed = _parse(text)
    names = set(_comp_names(parsed))
    if "ServiceGraphPattern" in names:
        raise QueryRejectedError("SERVICE is not allowed: queries run over this store only, "
                                 "never against other endpoints")
    if "DatasetClause" in names:
        raise QueryRejectedError("FROM and FROM NAMED are not supported: every query runs over all "
                                 "articles; use GRAPH <article-iri> { ... } to read one article's graph")
    return query_form(text)[0]


def _parse(text: str):
    from pyparsing import ParseException

    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    with _PARSE_LOCK:
        try:
            return parseQuery(text)
        except ParseException as exc:
            error = exc
        except Exception as exc:  # noqa: BLE001 - rdflib raises plain exceptions for some bad input
            raise QuerySyntaxError(str(exc)) from None
        try:
            parseUpdate(text)
        except Exception:  # noqa: BLE001 - not an update either: report the query's syntax error
            raise syntax_error_from_pyparsing(error) from None
    raise QueryRejectedError("updates (INSERT, DELETE, LOAD, CLEAR, DROP, CREATE, ADD, MOVE, COPY) are "
                             "not allowed: this interface is read-only; use `kg ingest` or `kg import` "
                             "to change the store")


def _comp_names(node):
    from rdflib.plugins.sparql.parserutils import CompValue

    if isinstance(node, CompValue):
        yield node.name
        for value in node.values():
            yield from _comp_names(value)
    elif isinstance(node, (list, tuple)) or type(node).__name__ == "ParseResults":
        for value in node:
            yield from _comp_names(value)


def run_query(runner: QueryRunner, text: str, *, timeout: float = DEFAULT_TIMEOUT,
              max_rows: int = DEFAULT_MAX_ROWS) -> QueryResult:
    """Check `text` (check_query) and run it with `runner` within `timeout` seconds and at most
    `max_rows` rows (or triples, for CONSTRUCT and DESCRIBE); `truncated` says when cut."""
    check_query(text)
    try:
        result = runner.run(text, timeout=timeout, max_rows=max_rows)
    except QuerySyntaxError as exc:  # the store's parser: an unknown prefix, say
        raise _tidy(exc, text) from None
    if result.kind == "CONSTRUCT" and result.graph is not None and len(result.graph) > max_rows:
        kept = bind_prefixes(Graph())
        for i, triple in enumerate(sorted(result.graph)):
            if i >= max_rows:
                break
            kept.add(triple)
        result.graph, result.truncated = kept, True
    return result


def _tidy(exc: QuerySyntaxError, text: str) -> QuerySyntaxError:
    """Oxigraph's message, shortened: "expected one of" lists run to hundreds of characters."""
    message = str(exc).split(": ", 1)[-1]
    if "Prefix not found" in message and exc.line is not None:
        line = text.splitlines()[exc.line - 1] if exc.line <= len(text.splitlines()) else ""
        names = re.findall(r"([A-Za-z][\w.-]*)?:", line[: (exc.column or 1)])
        prefix = names[-1] if names else ""
        known = ", ".join(PREFIXES)
        message = (f"unknown prefix {prefix + ':' if prefix else ''!r}: declare it with "
                   f"PREFIX {prefix}: <...>, or use a predeclared one ({known})")
    elif len(message) > 200:
        message = message[:200].rsplit(" ", 1)[0] + " ..."
    return QuerySyntaxError(message, exc.line, exc.column)


def timeout_error(timeout: float) -> QueryTimeoutError:
    return QueryTimeoutError(f"the query ran past the {timeout:g} s time limit and was stopped; "
                             "narrow it (more specific patterns, a LIMIT) and run it again")


# --- read-only snapshots of the embedded store -----------------------------------------------


class Snapshot:
    """A read-only handle on a store directory, reopened when the files change.

    A read-only Oxigraph handle sees the store as it was when opened; `store()` compares the
    directory's file names, sizes and times (kg.store.oxigraph.directory_signature) with those
    seen at opening, and opens a new handle when another process (`kg ingest`) has written since.
    Handles are never closed under a running query: a replaced handle is dropped and freed when
    its last query ends. When a reopening fails (OxigraphStore tries again itself when a writer
    compacts files away meanwhile), the last good handle goes on serving.
    """

    def __init__(self, path: str, *, opener: Callable[[str], Store] | None = None):
        self.path = str(path)
        self._open = opener or (lambda p: open_store(f"oxigraph:{p}", read_only=True))
        self._lock = threading.Lock()
        self._store: Store | None = None
        self._signature = None

    def signature(self) -> tuple | None:
        return directory_signature(self.path)

    def store(self) -> Store:
        signature = self.signature()
        with self._lock:
            if self._store is None or signature != self._signature:
                self._store = self._reopen()
                self._signature = signature
            return self._store

    def invalidate(self) -> None:
        with self._lock:
            self._signature = None

    def _reopen(self) -> Store:
        try:
            return self._open(self.path)
        except StoreError:
            if self._store is not None:
                return self._store  # keep serving the last good snapshot
            raise


# --- runners ---------------------------------------------------------------------------------


class QueryRunner:
    """Runs a checked query within a time limit; see the module docstring."""

    def run(self, text: str, *, timeout: float, max_rows: int) -> QueryResult:
        raise NotImplementedError

    def close(self) -> None:
        pass


def _in_thread(call: Callable[[], QueryResult], timeout: float, *, wait: float, name: str,
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
        return _in_thread(lambda: store.query(text, limit=max_rows), timeout, wait=timeout, name="lore-query")


class ProcessRunner(QueryRunner):
    """For the embedded store: up to `workers` worker processes, killed at the time limit."""

    def __init__(self, path: str, *, workers: int = 2, start_timeout: float = 60.0):
        self.path = str(Path(path))
        self.size = max(1, int(workers))
        self.start_timeout = start_timeout
        self._idle: queue.LifoQueue = queue.LifoQueue()
        self._count = 0
        self._lock = threading.Lock()
        self._closed = False

    def run(self, text: str, *, timeout: float, max_rows: int) -> QueryResult:
        worker = self._acquire(timeout)
        try:
            status, payload = worker.ask((text, max_rows), timeout)
        except _Timeout:
            self._discard(worker)
            raise timeout_error(timeout) from None
        except (EOFError, OSError):
            self._discard(worker)
            raise StoreError("the query worker process stopped unexpectedly; run the query again") from None
        self._release(worker)
        return _unpack(status, payload)

    def _acquire(self, wait: float) -> _Worker:
        try:
            return self._idle.get_nowait()
        except queue.Empty:
            pass
        with self._lock:
            spawn = self._count < self.size
            if spawn:
                self._count += 1
        if spawn:
            try:
                return _Worker(self.path, self.start_timeout)
            except BaseException:
                with self._lock:
                    self._count -= 1
                raise
        try:
            return self._idle.get(timeout=wait)
        except queue.Empty:
            raise QueryTimeoutError(f"all {self.size} query workers stayed busy for {wait:g} s; "
                                    "try again shortly") from None

    def _release(self, worker: _Worker) -> None:
        if self._closed:
            worker.stop()
        else:
            self._idle.put(worker)

    def _discard(self, worker: _Worker) -> None:
        worker.stop()
        with self._lock:
            self._count -= 1

    def close(self) -> None:
        self._closed = True
        while True:
            try:
                self._idle.get_nowait().stop()
            except queue.Empty:
                break


class _Timeout(Exception):
    pass


class _Worker:
    """A `python -m kg.query.guard` process, talked to over a socket pair.

    A plain subprocess rather than multiprocessing's spawn, which re-imports the parent's
    __main__ module and so fails when the app is created from a script without a main guard.
    """

    def __init__(self, path: str, start_timeout: float):
        parent, child = socket.socketpair()
        env = dict(os.environ)
        root = str(Path(__file__).resolve().parent.parent)  # the directory holding the kg package
        env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
        try:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "kg.query.guard", str(child.fileno()), path],
                pass_fds=(child.fileno(),), stdin=subprocess.DEVNULL, env=env)
        finally:
            child.close()
        self.conn = Connection(parent.detach())
        try:
            status, payload = self._receive(start_timeout)
        except (_Timeout, EOFError, OSError):
            self.stop()
            raise StoreError("the query worker process did not start; check the store and try again") from None
        if status != "ready":
            self.stop()
            raise _unpack_error(payload)

    def ask(self, message, timeout: float):
        self.conn.send(message)
        return self._receive(timeout)

    def _receive(self, timeout: float):
        if not self.conn.poll(timeout):
            raise _Timeout
        return self.conn.recv()

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            pass
        self.conn.close()


def _worker_main(fd: int, path: str) -> None:  # pragma: no cover - runs in the worker process
    conn = Connection(fd)
    try:
        snapshot = Snapshot(path)
        snapshot.store()
    except BaseException as exc:  # noqa: BLE001 - reported to the parent
        conn.send(("error", _pack_error(exc)))
        return
    conn.send(("ready", None))
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        text, max_rows = message
        try:
            result = snapshot.store().query(text, limit=max_rows)
            conn.send(("ok", _pack(result, max_rows)))
        except BaseException as exc:  # noqa: BLE001 - reported to the parent
            conn.send(("error", _pack_error(exc)))


def _pack(result: QueryResult, max_rows: int) -> dict:
    triples = None
    if result.graph is not None:
        triples = []
        for triple in result.graph:
            triples.append(triple)
            if len(triples) > max_rows:  # one more than the cap: run_query marks it truncated
                break
    return {"kind": result.kind, "vars": result.vars, "rows": result.rows, "boolean": result.boolean,
            "triples": triples, "truncated": result.truncated}


def _unpack(status: str, payload):
    if status != "ok":
        raise _unpack_error(payload)
    graph = None
    if payload["triples"] is not None:
        graph = bind_prefixes(Graph())
        for triple in payload["triples"]:
            graph.add(triple)
    return QueryResult(payload["kind"], vars=payload["vars"], rows=payload["rows"], boolean=payload["boolean"],
                       graph=graph, truncated=payload["truncated"])


def _pack_error(exc: BaseException) -> tuple:
    if isinstance(exc, QuerySyntaxError):
        message = str(exc).split(": ", 1)[-1] if exc.line is not None else str(exc).removeprefix("invalid SPARQL: ")
        return ("syntax", message, exc.line, exc.column)
    if isinstance(exc, LoreError):
        return (type(exc).__name__, str(exc), None, None)
    return ("StoreError", f"the query failed: {type(exc).__name__}: {exc}", None, None)


def _unpack_error(payload: tuple) -> LoreError:
    kind, message, line, column = payload
    if kind == "syntax":
        return QuerySyntaxError(message, line, column)
    import kg.errors as errors

    cls = getattr(errors, kind, StoreError)
    return cls(message) if isinstance(cls, type) and issubclass(cls, LoreError) else StoreError(message)


class RemoteRunner(QueryRunner):
    """For a remote SPARQL endpoint: see the module docstring.

    The runner's store is a read-only `SparqlStore` of its own (an update never leaves this
    process: the store refuses it, after `check_query` did); each query carries its time limit.
    """

    def __init__(self, location: str, *, workers: int = 2):
        from kg.store.sparql import SparqlStore  # loaded only when a remote store is served
        from kg.store.sparql.transport import TIMEOUT_GRACE

        self.location = location
        self.size = max(1, int(workers))
        self.GRACE = TIMEOUT_GRACE  # the store waits this long past the limit for the endpoint's own answer
        self._slots = threading.BoundedSemaphore(self.size)
        self.store = SparqlStore(location, read_only=True)

    def run(self, text: str, *, timeout: float, max_rows: int) -> QueryResult:
        started = time.monotonic()
        if not self._slots.acquire(timeout=timeout):
            raise QueryTimeoutError(f"all {self.size} query slots stayed busy for {timeout:g} s; "
                                    "try again shortly")
        store = self.store
        try:
            # a query nobody waits for any more still holds its slot until it ends
            return _in_thread(lambda: store.query(text, limit=max_rows, timeout=timeout), timeout,
                              wait=max(0.0, timeout + self.GRACE - (time.monotonic() - started)),
                              name="lore-remote-query", done=self._slots.release)
        except QueryTimeoutError:  # the endpoint's, the HTTP timeout's, or nobody answered in time
            raise timeout_error(timeout) from None

    def close(self) -> None:
        self.store.close()


# --- how `kg serve` uses the embedded and the remote store (Store.serving) --------------------


class SnapshotServing(Serving):
    """The embedded store served while `kg ingest` may write from another process: reads share
    a `Snapshot` (no lock taken), an ingest from the web opens the store for writing inside its
    request only (StoreLockedError when another process has it), queries run in worker
    processes (`ProcessRunner`) that can be stopped at their time limit."""

    def __init__(self, location: str, *, workers: int = 2):
        path = Path(location).expanduser()
        if not path.is_dir():  # a fresh install: serve an empty store rather than fail
            open_store(f"oxigraph:{path}").close()
        self.snapshot = Snapshot(str(path))
        super().__init__(None, ProcessRunner(str(path), workers=workers),
                         {"store": "oxigraph", "location": location})

    def reader(self) -> Store:
        return self.snapshot.store()

    @contextmanager
    def writer(self):
        with self._write_lock:
            store = open_store(f"oxigraph:{self.snapshot.path}")
            try:
                yield store
            finally:
                store.close()
                self.snapshot.invalidate()

    def close(self) -> None:
        self.runner.close()


class RemoteServing(Serving):
    """A SPARQL endpoint: reads share one read-only store (each query sees the endpoint as it
    is now), ingests share one writing store made at the first ingest, queries go through
    `RemoteRunner`. Settings are checked here, so a bad URL stops the server at startup; the
    endpoint itself is first asked at the first request."""

    def __init__(self, location: str, *, workers: int = 2):
        reader = open_store(f"sparql:{location}", read_only=True)
        # the URL without user info or query string: no secret shown
        super().__init__(reader, RemoteRunner(location, workers=workers),
                         {"store": "sparql", "location": reader.location})
        self.location = location
        self._writing: Store | None = None

    @contextmanager
    def writer(self):
        with self._write_lock:
            if self._writing is None:
                self._writing = open_store(f"sparql:{self.location}")
            yield self._writing

    def close(self) -> None:
        self.runner.close()
        self.store.close()
        writing, self._writing = self._writing, None  # no wait on a running ingest
        if writing is not None:
            writing.close()


if __name__ == "__main__":  # a query worker: python -m kg.query.guard FD STORE-PATH
    _worker_main(int(sys.argv[1]), sys.argv[2])
