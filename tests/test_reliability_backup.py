"""`kg backup DIR` / `kg restore DIR`: a consistent, complete snapshot; restore only into an empty
store unless --force; a damaged backup or a failure midway changes nothing."""

from __future__ import annotations

import itertools
import json
import os

import pytest

from kg.cli import cli
from kg.store import open_store
from kg.store.base import Store
from kg.store.oxigraph import OxigraphStore
from tests.test_reliability_kill import WRITER, kill_at_line, spawn, wait_ready
from tests.test_reliability_roundtrip import AWKWARD, split
from tests.test_web_data import build_store


@pytest.fixture
def source(tmp_path):
    """An embedded store: the web test articles and the awkward TriG (languages, datatypes, blank nodes)."""
    path = str(tmp_path / "source")
    trig = tmp_path / "awkward.trig"
    trig.write_text(AWKWARD, encoding="utf-8")
    store = build_store(path)
    from kg.rdfio import import_file

    import_file(store, trig)
    store.close()
    return path


def same_dataset(a_path: str, b_path: str) -> None:
    with open_store(a_path, read_only=True) as a, open_store(b_path, read_only=True) as b:
        assert a.graphs() == b.graphs() and len(a) == len(b)
        plain_a, blank_a = split(a.quads())
        plain_b, blank_b = split(b.quads())
        assert plain_a == plain_b
        assert {g: len(x) for g, x in blank_a.items()} == {g: len(x) for g, x in blank_b.items()}


def one_error_line(result) -> str:
    assert result.exit_code == 1, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("kg: error: "), result.output
    return lines[0]


def leftovers(directory) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.startswith("."))


def test_reliability_backup_then_restore_reproduces_the_store(source, runner, tmp_path):
    backup = tmp_path / "backup"
    done = runner.invoke(cli, ["--store", source, "backup", str(backup)])
    assert done.exit_code == 0, done.output
    assert sorted(p.name for p in backup.iterdir()) == ["dataset.trig", "manifest.json", "store"]
    manifest = json.loads((backup / "manifest.json").read_text())
    with open_store(source, read_only=True) as s:
        assert (manifest["quads"], manifest["graphs"]) == (len(s), len(s.graphs()))
    same_dataset(source, str(backup / "store"))  # the copy opens as a store as it is
    target = str(tmp_path / "restored")
    done = runner.invoke(cli, ["--store", target, "restore", str(backup)])
    assert done.exit_code == 0 and "the store copy" in done.output, done.output
    same_dataset(source, target)
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("damage", ["missing", "broken", "another"])
def test_reliability_restore_falls_back_to_the_trig(source, runner, tmp_path, damage):
    backup = tmp_path / "backup"
    assert runner.invoke(cli, ["--store", source, "backup", str(backup)]).exit_code == 0
    if damage == "missing":
        for f in (backup / "store").iterdir():
            f.unlink()
        (backup / "store").rmdir()
    elif damage == "broken":  # the store copy does not open
        (backup / "store" / "CURRENT").write_text("MANIFEST-999999\n")
    else:  # the store copy opens, but holds something else than the manifest says
        import shutil

        other = tmp_path / "other-store"
        build_store(str(other), articles=[]).close()
        shutil.rmtree(backup / "store")
        shutil.copytree(other, backup / "store")
        shutil.rmtree(other)
    target = str(tmp_path / "restored")
    done = runner.invoke(cli, ["--store", target, "restore", str(backup)])
    assert done.exit_code == 0 and "dataset.trig" in done.output, done.output
    same_dataset(source, target)
    assert leftovers(tmp_path) == []


def test_reliability_restore_refuses_a_non_empty_store_unless_forced(source, runner, tmp_path):
    backup = tmp_path / "backup"
    assert runner.invoke(cli, ["--store", source, "backup", str(backup)]).exit_code == 0
    other = str(tmp_path / "other")
    from rdflib import Literal, URIRef

    with open_store(other) as s:
        s.replace_graph(URIRef("urn:lore-test:mine"), [(URIRef("urn:x:a"), URIRef("urn:x:b"), Literal("keep me"))])
    line = one_error_line(runner.invoke(cli, ["--store", other, "restore", str(backup)]))
    assert "holds 1 quads" in line and "--force" in line
    with open_store(other, read_only=True) as s:
        assert len(s) == 1
    holder = open_store(other)  # another process writing: even --force waits its turn
    try:
        line = one_error_line(runner.invoke(cli, ["--store", other, "restore", "--force", str(backup)]))
        assert "in use by another kg process" in line
    finally:
        holder.close()
    done = runner.invoke(cli, ["--store", other, "restore", "--force", str(backup)])
    assert done.exit_code == 0, done.output
    same_dataset(source, other)
    assert leftovers(tmp_path) == []


def test_reliability_restore_refuses_a_damaged_backup(source, runner, tmp_path):
    backup = tmp_path / "backup"
    assert runner.invoke(cli, ["--store", source, "backup", str(backup)]).exit_code == 0
    for f in (backup / "store").iterdir():
        f.unlink()
    (backup / "store").rmdir()
    trig = backup / "dataset.trig"
    trig.write_bytes(trig.read_bytes().replace(b"Tiny Pretty Things", b"Tiny Pretty Thongs", 1))
    target = tmp_path / "restored"
    line = one_error_line(runner.invoke(cli, ["--store", str(target), "restore", str(backup)]))
    assert "SHA-256" in line and "damaged" in line
    assert not target.exists() and leftovers(tmp_path) == []
    (backup / "manifest.json").unlink()
    line = one_error_line(runner.invoke(cli, ["--store", str(target), "restore", str(backup)]))
    assert "not a lore-kg backup" in line
    line = one_error_line(runner.invoke(cli, ["--store", str(target), "restore", str(tmp_path / "nowhere")]))
    assert "no backup at" in line


def test_reliability_backup_refuses_a_used_directory_and_a_missing_store(source, runner, tmp_path):
    used = tmp_path / "used"
    used.mkdir()
    (used / "notes.txt").write_text("mine")
    line = one_error_line(runner.invoke(cli, ["--store", source, "backup", str(used)]))
    assert "not an empty directory" in line
    assert [p.name for p in used.iterdir()] == ["notes.txt"]
    missing = tmp_path / "no-store"
    line = one_error_line(runner.invoke(cli, ["--store", str(missing), "backup", str(tmp_path / "b")]))
    assert "no store at" in line and not missing.exists() and not (tmp_path / "b").exists()
    empty = tmp_path / "empty"
    empty.mkdir()
    assert runner.invoke(cli, ["--store", source, "backup", str(empty)]).exit_code == 0  # empty is fine


def test_reliability_backup_holds_writes_not_yet_flushed(tmp_path, runner):
    """A writer killed with -9 leaves recent writes in the write-ahead log only; the backup has them.
    (A checkpoint taken through a read-only handle would silently leave them out.)"""
    path = str(tmp_path / "store")
    proc = spawn(WRITER, path, 1, 2, 200)
    wait_ready(proc)
    kill_at_line(proc, "b 3", 0)  # three whole rounds written, nothing closed or flushed
    backup = tmp_path / "backup"
    assert runner.invoke(cli, ["--store", path, "backup", str(backup)]).exit_code == 0, "backup failed"
    same_dataset(path, str(backup / "store"))
    with open_store(str(backup / "store"), read_only=True) as copy:
        assert copy.query("ASK { GRAPH <urn:lore-test:batch/3> { ?s ?p ?o } }").boolean


def test_reliability_failed_backup_or_restore_leaves_nothing_behind(source, runner, tmp_path, monkeypatch):
    import kg.store.oxigraph_restore as restoring
    from kg.errors import BackupError

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    backup = tmp_path / "backup"
    with monkeypatch.context() as m:
        m.setattr(OxigraphStore, "dump_trig", broken)  # writing dataset.trig fails
        assert runner.invoke(cli, ["--store", source, "backup", str(backup)]).exit_code != 0
    assert not backup.exists() and leftovers(tmp_path) == []
    assert runner.invoke(cli, ["--store", source, "backup", str(backup)]).exit_code == 0
    target = str(tmp_path / "target")
    with open_store(target) as s:
        from rdflib import Literal, URIRef

        s.replace_graph(URIRef("urn:lore-test:mine"), [(URIRef("urn:x:a"), URIRef("urn:x:b"), Literal("keep me"))])
    with monkeypatch.context() as m:
        m.setattr(restoring, "_check_built", lambda *a: (_ for _ in ()).throw(BackupError("checked: damaged")))
        line = one_error_line(runner.invoke(cli, ["--store", target, "restore", "--force", str(backup)]))
        assert "damaged" in line
    with open_store(target, read_only=True) as s:
        assert len(s) == 1  # the store that was there is still there, whole
    assert leftovers(tmp_path) == []


def test_reliability_backup_whose_trig_does_not_read_back_whole_is_not_kept(source, runner, tmp_path, monkeypatch):
    """The TriG is counted after it is written: an export that lost a quad makes the backup fail."""

    class OneQuadShort:
        def __init__(self, store):
            self.store = store

        def quads(self, graph=None):
            return itertools.islice(self.store.quads(graph), 1, None)

    def lossy(store, path):
        return Store.dump_trig(OneQuadShort(store), path)  # through kg.rdfio.export, one quad short

    monkeypatch.setattr(OxigraphStore, "dump_trig", lossy)
    backup = tmp_path / "backup"
    line = one_error_line(runner.invoke(cli, ["--store", source, "backup", str(backup)]))
    assert "the TriG export holds" in line and "the backup was not kept" in line
    assert not backup.exists() and leftovers(tmp_path) == []


def test_reliability_restore_into_memory_and_refuse_when_not_empty(source, runner, tmp_path, monkeypatch):
    """The default `Store.restore` (the in-memory store's, and a store registered from outside):
    the TriG loaded into an empty store; a store that holds anything is refused, even with --force."""
    import sys
    import types

    from kg import store as registry
    from kg.backup import restore_store
    from kg.errors import BackupError
    from kg.store.memory import MemoryStore

    backup = tmp_path / "backup"
    assert runner.invoke(cli, ["--store", source, "backup", str(backup)]).exit_code == 0
    done = restore_store(backup, "memory")
    with open_store(source, read_only=True) as s:
        assert done["quads"] == len(s) and done["from"] == "trig"
        held = list(s.quads())
    opened = []

    class FullStore(MemoryStore):
        name = "full"

        def __init__(self, location="", *, read_only=False):
            super().__init__(location, read_only=read_only)
            self.add_quads(held)
            opened.append(self)

    monkeypatch.setitem(sys.modules, "full_store", types.SimpleNamespace(FullStore=FullStore))
    monkeypatch.setitem(registry._REGISTRY, "full", "full_store:FullStore")
    with pytest.raises(BackupError, match="the full store holds .* restore only into an empty store"):
        restore_store(backup, "full:", force=True)
    [full] = opened
    assert len(full) == done["quads"]


def test_reliability_backup_manifest_matches_its_files(source, runner, tmp_path):
    backup = tmp_path / "backup"
    assert runner.invoke(cli, ["--store", source, "backup", str(backup)]).exit_code == 0
    manifest = json.loads((backup / "manifest.json").read_text())
    import hashlib

    assert hashlib.sha256((backup / "dataset.trig").read_bytes()).hexdigest() == manifest["trig_sha256"]
    assert manifest["format"] == "lore-kg-backup/1" and manifest["checkpoint"] == "store"
    assert os.access(backup / "dataset.trig", os.R_OK)


# --- writers during a restore: refused, or the restore fails; no write is ever lost -----------

HOLDER = r"""
import sys
from rdflib import Literal, URIRef
from kg.store import open_store

store = open_store(sys.argv[1])
store.replace_graph(URIRef("urn:lore-test:writer"), [(URIRef("urn:x:w"), URIRef("urn:x:p"), Literal("written"))])
print("written", flush=True)
sys.stdin.readline()  # holds the store open until told
store.close()
"""


def graph_size(path, graph: str) -> int:
    from rdflib import URIRef

    with open_store(str(path), read_only=True) as s:
        return len(list(s.quads(URIRef(graph))))


def test_reliability_restore_holds_the_store_so_a_writer_starting_meanwhile_fails(source, runner, tmp_path, monkeypatch):
    """The target stays locked while the new store is built (minutes for a big TriG): a writer
    that starts then fails at once with the usual message, and the restore completes."""
    import kg.store.oxigraph_restore as restoring
    from tests.test_reliability_locking import kg as run_kg

    backup = tmp_path / "backup"
    assert runner.invoke(cli, ["--store", source, "backup", str(backup)]).exit_code == 0
    target = tmp_path / "target"
    rdf = tmp_path / "mine.trig"
    rdf.write_text("<urn:x:g> { <urn:x:a> <urn:x:b> <urn:x:c> . }\n")
    assert run_kg("--store", target, "import", rdf).returncode == 0
    real, writers = restoring._build_store, []

    def build_while_a_writer_starts(*args):
        writers.append(run_kg("--store", target, "import", rdf))
        return real(*args)

    monkeypatch.setattr(restoring, "_build_store", build_while_a_writer_starts)
    done = runner.invoke(cli, ["--store", str(target), "restore", "--force", str(backup)])
    assert done.exit_code == 0, done.output
    [writer] = writers
    assert writer.returncode == 1 and "in use by another kg process" in writer.stderr, writer.stderr
    same_dataset(source, str(target))
    assert leftovers(tmp_path) == []


def test_reliability_restore_into_a_missing_store_fails_when_a_writer_creates_it_meanwhile(source, runner, tmp_path, monkeypatch):
    """No lock to take on a store that is not there yet: the final rename refuses to replace the
    store a writer made during the restore, and the writer's data stays."""
    import kg.store.oxigraph_restore as restoring
    from tests.test_reliability_locking import kg as run_kg

    backup = tmp_path / "backup"
    assert runner.invoke(cli, ["--store", source, "backup", str(backup)]).exit_code == 0
    target = tmp_path / "target"
    rdf = tmp_path / "mine.trig"
    rdf.write_text("<urn:x:g> { <urn:x:a> <urn:x:b> <urn:x:c> . }\n")
    real, writers = restoring._build_store, []

    def build_while_a_writer_starts(*args):
        writers.append(run_kg("--store", target, "import", rdf))
        return real(*args)

    monkeypatch.setattr(restoring, "_build_store", build_while_a_writer_starts)
    line = one_error_line(runner.invoke(cli, ["--store", str(target), "restore", str(backup)]))
    assert "a store appeared at" in line and "run `kg restore` again" in line
    assert writers[0].returncode == 0, writers[0].stderr
    with open_store(str(target), read_only=True) as s:
        assert len(s) == 1
    assert graph_size(target, "urn:x:g") == 1
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("writer", ["still open", "done"])
def test_reliability_restore_counts_under_the_lock_a_writer_that_got_in_before_it(source, runner, tmp_path, monkeypatch, writer):
    """A writer that opens the (empty) target between the first check and the lock either still
    holds it, and the restore fails as for any writer, or has written, and the restore sees it
    and refuses to replace it without --force. Its write stays either way."""
    import contextlib
    import subprocess
    import sys

    import kg.store.oxigraph_restore as restoring
    from tests.test_reliability_kill import REPO

    backup = tmp_path / "backup"
    assert runner.invoke(cli, ["--store", source, "backup", str(backup)]).exit_code == 0
    target = tmp_path / "target"
    open_store(str(target)).close()  # an empty store
    real, holders = restoring._locked, []

    @contextlib.contextmanager
    def locked_after_a_writer_got_in(path):
        holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(target)], cwd=REPO, text=True,
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        holders.append(holder)
        assert holder.stdout.readline().strip() == "written", holder.stderr.read()
        if writer == "done":
            holder.communicate("done\n", timeout=60)
        with real(path):
            yield

    monkeypatch.setattr(restoring, "_locked", locked_after_a_writer_got_in)
    try:
        line = one_error_line(runner.invoke(cli, ["--store", str(target), "restore", str(backup)]))
    finally:
        for holder in holders:
            if holder.returncode is None:
                holder.communicate("done\n", timeout=60)
    assert holders[0].returncode == 0
    if writer == "done":
        assert "holds 1 quads" in line and "--force" in line
    else:
        assert "in use by another kg process" in line and str(target) in line
    with open_store(str(target), read_only=True) as s:
        assert len(s) == 1
    assert graph_size(target, "urn:lore-test:writer") == 1
    assert leftovers(tmp_path) == []
