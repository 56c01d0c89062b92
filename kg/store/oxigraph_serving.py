"""How `kg serve` uses the embedded store while `kg ingest` may write it from another process.

- Reads go through one read-only handle shared by all requests (`Snapshot`), reopened when the
  store's files change: a read-only handle takes no lock, so another process can write meanwhile.
- An ingest from the web opens the store for writing inside its request only, one at a time
  (StoreLockedError when another process has it).
- Guarded queries run in one of a few long-lived worker processes (`ProcessRunner`), each holding
  its own snapshot. When the time limit passes, the worker is killed, which really stops the
  query (Oxigraph has no way to cancel a query, and a thread cannot be killed), and another
  worker is started for the next query. Other requests are served meanwhile: they do not wait on
  the killed worker, and a slow query holds one core for at most the time limit.

The worker is ``python -m kg.store.oxigraph_serving FD STORE-CLASS PATH``.
"""

from __future__ import annotations

import os
import queue
import socket
import subprocess
import sys
import threading
from contextlib import contextmanager
from multiprocessing.connection import Connection
from pathlib import Path

from rdflib import Graph

from kg.errors import LoreError, QuerySyntaxError, QueryTimeoutError, StoreError
from kg.query.result import QueryResult
from kg.store.base import Store
from kg.store.oxigraph import directory_signature
from kg.store.serving import QueryRunner, Serving, timeout_error
from kg.vocab import bind_prefixes

__all__ = ["ProcessRunner", "Snapshot", "SnapshotServing"]


def _reference(cls: type[Store]) -> str:
    return f"{cls.__module__}:{cls.__qualname__}"


class Snapshot:
    """A read-only handle on a store directory, reopened when the files change.

    A read-only Oxigraph handle sees the store as it was when opened; `store()` compares the
    directory's file names, sizes and times (kg.store.oxigraph.directory_signature) with those
    seen at opening, and opens a new handle when another process (`kg ingest`) has written since.
    Handles are never closed under a running query: a replaced handle is dropped and freed when
    its last query ends. When a reopening fails (OxigraphStore tries again itself when a writer
    compacts files away meanwhile), the last good handle goes on serving.
    """

    def __init__(self, store_class: type[Store], path: str):
        self.path = str(path)
        self._class = store_class
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
            return self._class(self.path, read_only=True)
        except StoreError:
            if self._store is not None:
                return self._store  # keep serving the last good snapshot
            raise


class ProcessRunner(QueryRunner):
    """Up to `workers` worker processes, each with a snapshot of the store of `store_class` at
    `path`, killed at the time limit."""

    def __init__(self, store_class: type[Store], path: str, *, workers: int = 2, start_timeout: float = 60.0):
        self.path = str(Path(path))
        self.reference = _reference(store_class)
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
                return _Worker(self.reference, self.path, self.start_timeout)
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
    """A `python -m kg.store.oxigraph_serving` process, talked to over a socket pair.

    A plain subprocess rather than multiprocessing's spawn, which re-imports the parent's
    __main__ module and so fails when the app is created from a script without a main guard.
    """

    def __init__(self, reference: str, path: str, start_timeout: float):
        parent, child = socket.socketpair()
        env = dict(os.environ)
        root = str(Path(__file__).resolve().parents[2])  # the directory holding the kg package
        env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
        try:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "kg.store.oxigraph_serving", str(child.fileno()), reference, path],
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


def _worker_main(fd: int, reference: str, path: str) -> None:  # pragma: no cover - runs in the worker process
    from kg.plugins import load_reference

    conn = Connection(fd)
    try:
        snapshot = Snapshot(load_reference(reference), path)
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


class SnapshotServing(Serving):
    """The embedded store served while `kg ingest` may write from another process: reads share
    a `Snapshot` (no lock taken), an ingest from the web opens the store for writing inside its
    request only, queries run in worker processes (`ProcessRunner`) that can be stopped at their
    time limit. `store_class` is the embedded store's class (`OxigraphStore.serving` passes its own)."""

    def __init__(self, store_class: type[Store], location: str, *, workers: int = 2):
        path = Path(location).expanduser()
        if not path.is_dir():  # a fresh install: serve an empty store rather than fail
            store_class(str(path)).close()
        self._class = store_class
        self.snapshot = Snapshot(store_class, str(path))
        super().__init__(None, ProcessRunner(store_class, str(path), workers=workers),
                         {"store": store_class.name, "location": location})

    def reader(self) -> Store:
        return self.snapshot.store()

    @contextmanager
    def writer(self):
        with self._write_lock:
            store = self._class(self.snapshot.path)
            try:
                yield store
            finally:
                store.close()
                self.snapshot.invalidate()

    def close(self) -> None:
        self.runner.close()


if __name__ == "__main__":  # a query worker: python -m kg.store.oxigraph_serving FD STORE-CLASS PATH
    _worker_main(int(sys.argv[1]), sys.argv[2], sys.argv[3])
