"""kill -9 mid-write: an article's graph is its previous or its new version, never half, committed
writes survive, and the store opens cleanly afterwards (read-only first, then for writing).

Writers run in subprocesses killed with SIGKILL at moments drawn from a seeded generator: the
same seed every run (DEFAULT_SEED), so a run draws the same kill plan; LORE_KILL_SEED=N replays
another plan and LORE_KILL_SEED=random draws a new one. The seed is in every failure message (the
moment a kill lands in a write still depends on the machine's speed).
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from kg.store import open_store

REPO = Path(__file__).resolve().parent.parent
T = "urn:lore-test:"
DEFAULT_SEED = 20261207
_SEED = os.environ.get("LORE_KILL_SEED", "")
SEED = random.SystemRandom().randrange(1 << 30) if _SEED == "random" else int(_SEED or DEFAULT_SEED)

# A writer that replaces big graphs over and over (each write tens of thousands of triples, so a
# kill lands inside a write most of the time), and adds one batch graph per round with add_quads
# (the path `kg import` takes). It prints a line after each write returns.
WRITER = r"""
import sys
from rdflib import Literal, URIRef
from kg.store import open_store
from tests.test_reliability_kill import batch, version

path, first, graphs, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
rounds = int(sys.argv[5]) if len(sys.argv) > 5 else 10 ** 9
store = open_store(path)
print("ready", flush=True)
for r in range(first, first + rounds):
    for i in range(graphs):
        triples = version(i, r, size)
        print(f"attempt w {i} {r}", flush=True)
        store.replace_graph(URIRef(f"urn:lore-test:article/{i}"), triples)
        print(f"w {i} {r}", flush=True)
    quads = batch(r, 8 * size)
    print(f"attempt b {r}", flush=True)
    store.add_quads(quads)
    print(f"b {r}", flush=True)
store.close()
"""


def evidence_count(i: int, r: int, size: int) -> int:
    return size + (r * 7919 + i * 104729) % size  # differs from one round to the next


def version(i: int, r: int, size: int) -> list:
    """Round r of graph i: 2 + 6n triples, n evidence nodes that all name round r."""
    g = URIRef(f"{T}article/{i}")
    n = evidence_count(i, r, size)
    out = [(g, URIRef(T + "round"), Literal(r)), (g, URIRef(T + "evidence"), Literal(n))]
    for k in range(n):
        ev, s, o = URIRef(f"{T}ev/{i}/{r}/{k}"), URIRef(f"{T}entity/{k}"), URIRef(f"{T}entity/{k + 1}")
        out += [(s, URIRef(T + "related"), o), (ev, URIRef(T + "a"), URIRef(T + "Evidence")),
                (ev, URIRef(T + "subject"), s), (ev, URIRef(T + "object"), o),
                (ev, URIRef(T + "sentence"), Literal(f"Entity {k} is related to entity {k + 1} (round {r}, é ✓).")),
                (ev, URIRef(T + "derivedFrom"), g)]
    return out


def batch(r: int, size: int) -> list:
    g = URIRef(f"{T}batch/{r}")
    n = size + r % size
    return [(g, URIRef(T + "size"), Literal(n), g)] + [
        (URIRef(f"{T}item/{r}/{k}"), URIRef(T + "value"), Literal(k), g) for k in range(n)]


def check_synthetic(store, graphs: int, size: int, done: dict, where: str) -> dict:
    """Every graph whole; each at least at the last round its writer reported. {i: round}."""
    rounds = {}
    for i in range(graphs):
        g = URIRef(f"{T}article/{i}")
        quads = list(store.quads(g))
        found = {o for s, p, o, _ in quads if p == URIRef(T + "round")}
        assert len(found) == 1, f"{where}: graph {i} holds rounds {sorted(found)} ({len(quads)} quads)"
        r = int(next(iter(found)))
        n = evidence_count(i, r, size)
        assert len(quads) == 2 + 6 * n, f"{where}: graph {i} round {r}: {len(quads)} quads, not {2 + 6 * n}"
        assert {(s, p, o) for s, p, o, _ in quads} == set(version(i, r, size)), f"{where}: graph {i} round {r} differs"
        assert r >= done.get(("w", i), 0), f"{where}: graph {i} lost its committed round {done[('w', i)]}, has {r}"
        rounds[i] = r
    batches = store.query(f"""SELECT ?g (COUNT(*) AS ?n) (SAMPLE(?size) AS ?want) WHERE {{
        GRAPH ?g {{ ?s ?p ?o . OPTIONAL {{ ?g <{T}size> ?size }} }} FILTER(STRSTARTS(STR(?g), "{T}batch/"))
    }} GROUP BY ?g""")
    for g, n, want in batches.rows:
        assert want is not None and int(n) == 1 + int(want), f"{where}: {g} is partial ({n} quads)"
    for r in done.get("b", []):
        assert store.has_graph(URIRef(f"{T}batch/{r}")), f"{where}: committed batch {r} was lost"
    return rounds


def progress(lines: list[str]) -> dict:
    done: dict = {"b": []}
    for line in lines:
        parts = line.split()
        if parts[:1] == ["w"]:
            done[("w", int(parts[1]))] = int(parts[2])
        elif parts[:1] == ["b"]:
            done["b"].append(int(parts[1]))
    return done


def spawn(code: str, *args) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", code, *map(str, args)], cwd=REPO, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def wait_ready(proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    line = proc.stdout.readline()
    while line and line.strip() != "ready" and time.monotonic() < deadline:
        line = proc.stdout.readline()
    if line.strip() != "ready":
        proc.kill()
        raise AssertionError(f"the writer did not start: {proc.stderr.read()[-2000:]}")


def kill_after(proc: subprocess.Popen, delay: float) -> list[str]:
    time.sleep(delay)
    os.kill(proc.pid, signal.SIGKILL)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL, f"the writer ended before the kill: {err[-2000:]}"
    return out.splitlines()


def kill_at_line(proc: subprocess.Popen, prefix: str, lag: float) -> list[str]:
    """SIGKILL the writer `lag` seconds after it prints a line starting with `prefix`."""
    seen = []
    for line in proc.stdout:
        seen.append(line.rstrip("\n"))
        if line.startswith(prefix):
            break
    return seen + kill_after(proc, lag)


def kill_during_write(proc: subprocess.Popen, log: Path, after: float, lag: float) -> None:
    """Wait `after` seconds, then SIGKILL the writer `lag` seconds after its log says a write has begun."""
    time.sleep(after)
    deadline = time.monotonic() + 30
    with log.open("rb") as fh:
        while time.monotonic() < deadline and proc.poll() is None:
            fh.seek(max(0, log.stat().st_size - 300))
            tail = fh.read().decode("utf-8", "replace").splitlines()
            if tail and tail[-1].startswith("attempt ") and tail[-1].count(" ") == 2:
                break
            time.sleep(0.0005)
    kill_after(proc, lag)


def reopen_and_check(path: str, check) -> None:
    """Read-only first (as the web app would), then for writing: both open cleanly."""
    with open_store(path, read_only=True) as reader:
        seen = check(reader)
    with open_store(path) as writer:
        assert check(writer) == seen
        assert writer.query("ASK { ?s ?p ?o }").boolean


def test_reliability_kill_during_replace_leaves_each_graph_whole(tmp_path):
    rng = random.Random(SEED)
    path, graphs, size = str(tmp_path / "store"), 3, 1000
    first = spawn(WRITER, path, 1, graphs, size, 1)  # one whole round: every graph exists
    assert first.wait(timeout=120) == 0, first.stderr.read()
    first.stdout.close()
    first.stderr.close()
    # when to kill: at a random moment, or a little after a replace_graph or an add_quads began
    w, b = ("attempt w", 0.06, 0.2), ("attempt b", 0.035, 0.08)  # past the staging, into the write
    plan = [None, w, b, w, b, w]
    for run, when in enumerate(plan):
        start = 100 * (run + 1)
        proc = spawn(WRITER, path, start, graphs, size)
        wait_ready(proc)
        if when is None:
            lines = kill_after(proc, rng.uniform(0.05, 1.2))
        else:
            lines = kill_at_line(proc, when[0], rng.uniform(when[1], when[2]))
        where = f"kill {run + 1} (LORE_KILL_SEED={SEED})"
        done = progress(lines)
        reopen_and_check(path, lambda s: check_synthetic(s, graphs, size, done, where))


# `kg import`'s write path (Store.add_quads) on big batches, with the store's extend spied on: it
# prints a line each time a write reaches Oxigraph, so the kill can land inside the write itself.
IMPORTER = r"""
import sys
from kg.store import open_store
from tests.test_reliability_kill import batch

path, first, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
store = open_store(path)
real = store._store

class Spy:
    def __getattr__(self, name):
        return getattr(real, name)

    def extend(self, quads):
        print("extend", flush=True)
        return real.extend(quads)

store._store = Spy()
print("ready", flush=True)
r = first
while True:
    quads = batch(r, size)
    print(f"attempt b {r}", flush=True)
    store.add_quads(quads)
    print(f"b {r}", flush=True)
    r += 1
"""


def test_reliability_kill_during_import_leaves_each_batch_whole(tmp_path):
    """A batch of about 20,000 quads takes Oxigraph some 100 ms to write; kills 5 to 100 ms after the
    write began leave the batch whole or absent (one write in several pieces would leave part)."""
    rng = random.Random(SEED)
    path, size = str(tmp_path / "store"), 20_000
    with open_store(path) as store:
        store.add_quads(batch(1, 100))  # something committed before the first kill
    for run in range(4):
        proc = spawn(IMPORTER, path, 100 * (run + 1), size)
        wait_ready(proc)
        lines = kill_at_line(proc, "extend", rng.uniform(0.005, 0.1))
        where = f"kill {run + 1} (LORE_KILL_SEED={SEED})"
        done = progress(lines)
        reopen_and_check(path, lambda s: check_synthetic(s, 0, size, done, where))


# --- the real ingest path --------------------------------------------------------------------

CORPUS = sorted(p for d in (REPO / "eval" / "dev", REPO / "examples" / "articles")
                for p in d.iterdir() if p.suffix in (".txt", ".md", ".html"))

# `kg ingest`'s write path (ingest_documents -> replace_graph), in a loop over the corpus, each
# round with the other version of every article. Before and after each write it logs the digest of
# the graph it writes, so the test knows which versions may be in the store after the kill.
INGESTER = r"""
import sys
import kg.ingest
from kg.ingest import ingest_documents
from kg.pipelines import Pipeline
from kg.store import open_store
from tests.test_reliability_kill import digest_of_triples, variants

store, log = open_store(sys.argv[1]), open(sys.argv[2], "a", encoding="utf-8")
write = kg.ingest._write

def logged(store, source, article, triples, report):
    digest = digest_of_triples(triples)
    log.write(f"attempt {article} {digest}\n"); log.flush()
    write(store, source, article, triples, report)
    log.write(f"done {article} {digest}\n"); log.flush()

kg.ingest._write = logged
extractor, docs = Pipeline().get(), variants()
print("ready", flush=True)
r = int(sys.argv[3])
while True:
    report = ingest_documents(store, docs[r % 2], extractor, force=True)
    assert report.ok, report.failures
    r += 1
"""


def variants() -> list[list]:
    """Two versions of every corpus article under the same IRI: as read, and with its text twice
    (more facts, other evidence offsets, another content hash)."""
    from kg.sources import Block, read_document

    one = [read_document(str(p)) for p in CORPUS]
    two = []
    for doc in one:
        shift = len(doc.text) + 2
        text = doc.text + "\n\n" + doc.text
        blocks = doc.blocks + [Block(b.kind, b.start + shift, b.end + shift) for b in doc.blocks]
        two.append(dataclasses.replace(doc, text=text, blocks=blocks,
                                       content_hash=hashlib.sha256(text.encode()).hexdigest()))
    return [one, two]


def _digest(lines) -> str:
    return hashlib.sha256("\n".join(sorted(lines)).encode("utf-8")).hexdigest()


def digest_of_triples(triples) -> str:
    """The digest of a graph as the embedded store will give it back (literals canonicalised):
    the triples go through an in-memory Oxigraph store first."""
    import pyoxigraph as ox

    from kg.store.oxigraph import to_oxigraph, to_rdflib

    scratch = ox.Store()
    scratch.extend(ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), ox.DefaultGraph()) for s, p, o in triples)
    return _digest(" ".join(to_rdflib(t).n3() for t in (q.subject, q.predicate, q.object)) for q in scratch)


def digests(store) -> dict:
    return {str(g): _digest(" ".join(t.n3() for t in q[:3]) for q in store.quads(g)) for g in store.graphs()}


def allowed_versions(log: Path, committed: dict) -> dict:
    """{graph: digests it may hold}: its last committed version, and the one being written at the kill."""
    allowed = {g: {d} for g, d in committed.items()}
    pending = {}
    for line in log.read_text(encoding="utf-8").splitlines():
        what, graph, digest = line.split()
        if what == "attempt":
            pending[graph] = digest
        else:
            allowed[graph] = {digest}
            pending.pop(graph, None)
    for graph, digest in pending.items():
        allowed.setdefault(graph, set()).add(digest)
    return allowed


def test_reliability_kill_during_ingest_leaves_each_article_whole(tmp_path):
    from kg.ingest import ingest_documents
    from kg.pipelines import Pipeline

    rng = random.Random(SEED)
    path, log = str(tmp_path / "store"), tmp_path / "writes.log"
    docs = variants()
    with open_store(path) as store:
        assert ingest_documents(store, docs[0], Pipeline().get()).ok
        committed = digests(store)
    assert len(committed) == len(CORPUS)
    in_flight = 0
    for run in range(4):
        log.write_text("")
        proc = spawn(INGESTER, path, log, run + 1)
        wait_ready(proc)
        if run == 3:
            kill_after(proc, rng.uniform(0.2, 2.0))
        else:
            kill_during_write(proc, log, rng.uniform(0.2, 1.0), rng.uniform(0, 0.004))
        allowed = allowed_versions(log, committed)
        in_flight += any(len(v) > 1 for v in allowed.values())
        writes = log.read_text().count("done ")
        where = f"kill {run + 1} after {writes} writes (LORE_KILL_SEED={SEED})"

        def check(store):
            found = digests(store)
            assert set(found) == set(committed), f"{where}: lost {sorted(set(committed) - set(found))[:3]}"
            torn = [g for g, d in found.items() if d not in allowed[g]]
            assert not torn, f"{where}: {len(torn)} articles hold neither their committed version " \
                             f"nor the one being written, e.g. {torn[0]}"
            return found

        with open_store(path, read_only=True) as reader:
            seen = check(reader)
        with open_store(path) as writer:  # reopens cleanly for writing, and sees the same
            assert check(writer) == seen
        committed = seen
    assert in_flight, "no kill landed while an article was being written"
