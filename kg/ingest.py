"""Articles in, named graphs out: read, extract, rdfize and write one article at a time.

Each article becomes one named graph, written with `Store.replace_graph` (atomic): a failure
while reading, extracting or converting one article is recorded in the `IngestReport` and leaves
that article's graph as it was, and the run goes on with the others.

Re-ingesting is idempotent: an article whose graph already holds the same `lore:contentHash`
and was made by the same pipeline name and version is skipped (unless `force`). An edited
article (same source, new text) replaces its own graph: the article IRI depends on the source,
not on the text.

The extractor comes from a `kg.pipelines.Pipeline` (by default the configured one, kg/config.py),
loaded only when there is something to extract; with ``jobs > 1`` each worker process loads its own.
"""

from __future__ import annotations

import os
import queue
import re
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain, islice

from rdflib import Literal, URIRef

from kg.errors import LoreError, SourceError, first_line
from kg.identity import article_iri
from kg.pipelines import Pipeline
from kg.rdfize import article_triples, fact_count
from kg.query.sparql import values_block
from kg.store.base import Store, Triple

__all__ = [
    "DEFAULT_BATCH", "IngestReport", "Writer", "ingest_documents", "ingest_paths", "source_name",
]

DEFAULT_BATCH = 16
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


# --- the report ------------------------------------------------------------------------------


@dataclass
class IngestReport:
    """What one ingest run did.

    `exit_code` is 1 when something failed and nothing could be ingested (no article written and
    none found unchanged), else 0: a run that ingests 9 articles of 10 succeeds, and lists the
    one failure.
    """

    ingested: list[tuple[str, URIRef, int]] = field(default_factory=list)  # (source, article, facts)
    skipped: list[tuple[str, URIRef]] = field(default_factory=list)  # unchanged (source, article)
    failures: list[tuple[str, str]] = field(default_factory=list)  # (source, one-line reason)

    @property
    def facts(self) -> int:
        return sum(n for _, _, n in self.ingested)

    @property
    def ok(self) -> bool:
        """True when nothing failed."""
        return not self.failures

    @property
    def exit_code(self) -> int:
        return 1 if self.failures and not (self.ingested or self.skipped) else 0

    def fail(self, source: str, exc: BaseException | str) -> None:
        self.failures.append((source, _reason(source, exc)))

    def summary(self) -> str:
        n = len(self.ingested)
        text = f"{n} article{'s' if n != 1 else ''} ingested ({self.facts} facts), {len(self.skipped)} unchanged"
        return text + (f", {len(self.failures)} failed" if self.failures else "")

    def to_dict(self) -> dict:
        return {
            "ingested": [{"source": s, "article": str(a), "facts": n} for s, a, n in self.ingested],
            "unchanged": [{"source": s, "article": str(a)} for s, a in self.skipped],
            "failures": [{"source": s, "reason": r} for s, r in self.failures],
            "totals": {"ingested": len(self.ingested), "facts": self.facts,
                       "unchanged": len(self.skipped), "failed": len(self.failures)},
        }

    def merge(self, other: IngestReport) -> None:
        self.ingested += other.ingested
        self.skipped += other.skipped
        self.failures += other.failures


def _reason(source: str, exc: BaseException | str) -> str:
    """One line, without the "SOURCE: " prefix source errors carry (the CLI adds it back)."""
    text = first_line(exc)
    for prefix in (source, os.path.abspath(source) if not _URL.match(source) else source):
        if text.startswith(prefix + ": "):
            return text[len(prefix) + 2:]
    if isinstance(exc, BaseException) and not isinstance(exc, LoreError):
        return f"{type(exc).__name__}: {text}"
    return text


# --- extraction ------------------------------------------------------------------------------


def _extract_batch(extractor, docs: list, report: IngestReport, batch_size: int) -> list[tuple]:
    """(document, extraction) pairs; a document whose extraction raises becomes a failure."""
    try:
        return list(zip(docs, extractor.extract_many(docs, batch_size=batch_size), strict=True))
    except Exception:  # find which document: extract them one by one
        pass
    pairs = []
    for doc in docs:
        try:
            pairs.append((doc, extractor.extract(doc)))
        except Exception as exc:
            report.fail(doc.source, f"extraction failed: {_reason(doc.source, exc)}")
    return pairs


def _convert(doc, extraction, report: IngestReport) -> tuple[URIRef, list[Triple]] | None:
    article = article_iri(doc.source, doc.title)
    try:
        return article, article_triples(doc, extraction, article=article)
    except Exception as exc:
        report.fail(doc.source, f"cannot convert the extraction: {_reason(doc.source, exc)}")
        return None


# --- unchanged articles ----------------------------------------------------------------------

UNCHANGED = """SELECT DISTINCT ?a WHERE {
  %s
  GRAPH ?a { ?a lore:contentHash ?h ; prov:wasGeneratedBy ?act .
             ?act lore:pipelineName ?n ; lore:pipelineVersion ?v . }
}"""


def _unchanged(store: Store, docs: list, identity: tuple[str, str]) -> set[URIRef]:
    """The articles among `docs` whose stored graph has their hash and the pipeline's version."""
    name, version = (Literal(str(x)) for x in identity)
    rows = [(article_iri(d.source, d.title), Literal(str(d.content_hash)), name, version) for d in docs]
    if not rows:
        return set()
    result = store.query(UNCHANGED % values_block(["a", "h", "n", "v"], rows))
    return set(result.column("a"))


def _split_unchanged(store, docs, identity, force, report, tick) -> list:
    """Record unchanged documents as skipped; return the others."""
    if force:
        return list(docs)
    same = _unchanged(store, docs, identity)
    todo = []
    for doc in docs:
        article = article_iri(doc.source, doc.title)
        if article in same:
            report.skipped.append((doc.source, article))
            tick()
        else:
            todo.append(doc)
    return todo


def _write(store: Store, source: str, article: URIRef, triples: list[Triple], report: IngestReport) -> None:
    store.replace_graph(article, triples)
    report.ingested.append((source, article, fact_count(triples)))


class Writer:
    """Writes converted articles in the order given: on a thread of its own when the store
    declares `background_writes` (the next batch is extracted meanwhile), else at once.

    An error from the store stops the writing and is raised in the caller's thread at the next
    `put` or at `close`; articles queued after it are not written (and not reported ingested).
    Either way the store ends holding the articles reported, each whole.
    """

    def __init__(self, store: Store, report: IngestReport, queued: int = 2 * DEFAULT_BATCH):
        self.store, self.report = store, report
        self.error: BaseException | None = None
        self._failed = False  # stays set once a write failed: nothing after it is written
        self._stopping = False
        self._queue: queue.Queue | None = None
        if store.background_writes:
            self._queue = queue.Queue(maxsize=queued)
            self._thread = threading.Thread(target=self._run, name="kg-ingest-writer", daemon=True)
            self._thread.start()

    def put(self, source: str, article: URIRef, triples: list[Triple]) -> None:
        self._raise()
        if self._queue is None:
            _write(self.store, source, article, triples, self.report)
        else:
            self._queue.put((source, article, triples))

    def close(self) -> None:
        """Wait for the queued writes, then raise an error the thread met."""
        self._stop()
        self._raise()

    def abandon(self) -> None:
        """After an error elsewhere (Ctrl-C included): write what is queued, as writing at once
        would have, and drop an error of the thread: the caller raises its own."""
        self._stop()
        self.error = None

    def _stop(self) -> None:
        if self._queue is not None:
            if not self._stopping:
                self._stopping = True
                self._queue.put(None)
            self._thread.join()  # (after a Ctrl-C here, abandon() joins again)
            self._queue = None

    def _run(self) -> None:
        while (item := self._queue.get()) is not None:
            if not self._failed:
                try:
                    _write(self.store, *item, self.report)
                except BaseException as exc:  # noqa: BLE001 - raised in the caller's thread
                    self.error, self._failed = exc, True

    def _raise(self) -> None:
        if self.error is not None:
            error, self.error = self.error, None
            raise error


# --- in one process --------------------------------------------------------------------------


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def ingest_documents(store: Store, documents: Iterable, extractor, *, force: bool = False,
                     batch_size: int = DEFAULT_BATCH, report: IngestReport | None = None,
                     tick: Callable[[], None] | None = None) -> IngestReport:
    """Extract and store already-read documents (kg.sources.Document), one graph each."""
    report = report if report is not None else IngestReport()
    tick = tick or (lambda: None)
    identity = (extractor.name, extractor.version)
    writer = Writer(store, report)
    try:
        for chunk in _chunks(documents, batch_size):
            todo = _split_unchanged(store, chunk, identity, force, report, tick)
            for doc, extraction in _extract_batch(extractor, todo, report, batch_size):
                converted = _convert(doc, extraction, report)
                if converted:
                    writer.put(doc.source, *converted)
            for _ in range(len(todo)):
                tick()
        writer.close()
    except BaseException:
        writer.abandon()
        raise
    return report


# --- reading sources -------------------------------------------------------------------------


def _expand(specs: Iterable[str], report: IngestReport) -> list[str]:
    """Files, URLs and '-' from the specs (folders and glob patterns expanded: see
    kg.sources.iter_sources); a bad spec becomes a failure."""
    from kg.sources import iter_sources

    out, seen = [], set()
    for spec in specs:
        try:
            found = list(iter_sources([spec]))
        except SourceError as exc:
            report.fail(str(spec), exc)
            continue
        for source in found:
            key = source if source == "-" or _URL.match(source) else os.path.realpath(source)
            if key not in seen:
                seen.add(key)
                out.append(source)
    return out


def _read_all(sources: Iterable[str], report: IngestReport, tick, **options) -> Iterator:
    from kg.sources import read_document

    for source in sources:
        try:
            yield read_document(source, **options)
        except SourceError as exc:
            report.fail(source_name(source), exc)
            tick()


def source_name(source: str) -> str:
    """How a run names a source: an absolute path, a URL as given, <stdin>."""
    if source == "-":
        return "<stdin>"
    return source if _URL.match(source) else os.path.abspath(os.path.expanduser(source))


def _progress(total: int, enabled: bool):
    from tqdm import tqdm

    return tqdm(total=total, unit="article", file=sys.stderr, disable=not enabled,
                dynamic_ncols=True, desc="ingest")


def _peek(items: Iterable) -> Iterator | None:
    """`items` as an iterator, or None when it is empty (nothing readable: load no pipeline)."""
    it = iter(items)
    for first in it:
        return chain([first], it)
    return None


def ingest_paths(store: Store, specs: list[str], *, pipeline: Pipeline | None = None, jobs: int = 1,
                 force: bool = False, progress: bool = False, allow_private: bool = False,
                 max_bytes: int | None = None, batch_size: int = DEFAULT_BATCH, stdin=None) -> IngestReport:
    """Ingest files, folders (recursively), http(s) URLs and '-' (stdin).

    `jobs > 1` extracts in that many worker processes, each loading the pipeline once; the
    main process alone reads the sources and writes to the store. `pipeline`: the configured one
    when None (kg.config).
    """
    from kg.sources import DEFAULT_MAX_BYTES

    report = IngestReport()
    sources = _expand(specs, report)
    options = {"max_bytes": max_bytes or DEFAULT_MAX_BYTES, "allow_private": allow_private}
    if stdin is not None:
        options["stdin"] = stdin
    with _progress(len(sources), progress) as bar:
        docs = _peek(_read_all(sources, report, bar.update, **options))
        if docs is None:
            return report
        run = dict(force=force, batch_size=batch_size, report=report, tick=bar.update)
        if pipeline is None:
            from kg.config import Config

            config = Config.load()
            pipeline = Pipeline(config.pipeline, config.model)
        if jobs > 1 and len(sources) > 1:
            _ingest_parallel(store, docs, pipeline, jobs=jobs, **run)
        else:
            ingest_documents(store, docs, pipeline.get(), **run)
    return report


# --- in worker processes ---------------------------------------------------------------------

_WORKER: dict = {}


def _worker_init(pipeline: Pipeline) -> None:
    """Runs once in each worker: load the pipeline (or keep the error to report it)."""
    try:
        _WORKER["extractor"] = pipeline.get()
    except LoreError as exc:
        _WORKER["error"] = first_line(exc)
    except BaseException as exc:  # noqa: BLE001 - reported by _worker_identity
        _WORKER["error"] = f"cannot load the extraction pipeline ({pipeline.ref}): {type(exc).__name__}: {exc}"


def _worker_identity() -> tuple[str, str]:
    if "error" in _WORKER:
        raise LoreError(_WORKER["error"])
    extractor = _WORKER["extractor"]
    return str(extractor.name), str(extractor.version)


def _worker_extract(docs: list, batch_size: int) -> tuple[list, IngestReport]:
    """Extract and convert a batch: ([(source, article, triples)], failures)."""
    report = IngestReport()
    if "error" in _WORKER:
        for doc in docs:
            report.fail(doc.source, _WORKER["error"])
        return [], report
    out = []
    for doc, extraction in _extract_batch(_WORKER["extractor"], docs, report, batch_size):
        converted = _convert(doc, extraction, report)
        if converted:
            out.append((doc.source, *converted))
    return out, report


def _ingest_parallel(store: Store, docs: Iterator, pipeline: Pipeline, *, jobs: int,
                     force: bool, batch_size: int, report: IngestReport, tick) -> None:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("spawn")  # no fork of a process holding the store open
    writer = Writer(store, report)
    try:
        with ProcessPoolExecutor(jobs, mp_context=context, initializer=_worker_init,
                                 initargs=(pipeline,)) as pool:
            identity = _pool_identity(pool)
            pending: list = []
            for chunk in _chunks(docs, batch_size):
                todo = _split_unchanged(store, chunk, identity, force, report, tick)
                if todo:
                    pending.append((todo, pool.submit(_worker_extract, todo, batch_size)))
                while len(pending) > 2 * jobs:
                    _collect(writer, *pending.pop(0), report, tick)
            for todo, future in pending:
                _collect(writer, todo, future, report, tick)
        writer.close()
    except BaseException:
        writer.abandon()
        raise


def _pool_identity(pool) -> tuple[str, str]:
    """(name, version) of the workers' pipeline; a LoreError when they cannot load it or start."""
    from concurrent.futures.process import BrokenProcessPool

    try:
        return pool.submit(_worker_identity).result()
    except BrokenProcessPool as exc:
        raise LoreError(f"the worker processes could not start ({exc}); try --jobs 1") from None


def _collect(writer: Writer, todo: list, future, report: IngestReport, tick) -> None:
    """Write a worker's results (from the main process, one article at a time)."""
    try:
        results, failures = future.result()
    except Exception as exc:  # the worker died: every document of the batch failed
        for doc in todo:
            report.fail(doc.source, f"extraction failed in a worker process: {_reason(doc.source, exc)}")
        results, failures = [], IngestReport()
    report.merge(failures)
    for source, article, triples in results:
        writer.put(source, article, triples)
    for _ in todo:
        tick()
