"""Backup and restore of a whole store: `kg backup DIR` and `kg restore DIR`.

A backup is a directory holding one consistent snapshot, twice:

    DIR/store/         a RocksDB checkpoint of the embedded store (Oxigraph's ``Store.backup``),
                       which opens as a store as it is; only for the embedded store
    DIR/dataset.trig   the same quads as TriG, readable by any RDF tool and any lore-kg version
    DIR/manifest.json  what the backup holds: quads, graphs, the SHA-256 of dataset.trig, versions

Guarantees:

- Consistent: the checkpoint is taken under the store's write lock (a running `kg ingest` makes
  the backup fail with a clear message rather than wait), and dataset.trig is exported from that
  checkpoint, so both hold the same quads. The store is opened for writing on purpose: a
  checkpoint made through a read-only handle leaves out writes that are still only in the
  write-ahead log (after a kill -9, say), and would silently be incomplete.
- Never half written: the backup is built in a hidden directory beside DIR and renamed to DIR
  at the end, after the TriG has been read back and counted; DIR is new or empty.
- Restore only into an empty store, unless `force`; an embedded store is rebuilt in a hidden
  directory beside the target, checked against the manifest, then swapped in with one atomic
  rename (Linux ``renameat2(RENAME_EXCHANGE)``; elsewhere two renames). A store that another
  process holds for writing is refused, as every writer is.
- No writer loses its writes to a restore. The target store's lock is held from the emptiness
  check until after the swap, so a `kg ingest` starting meanwhile fails at once (see `_locked`).
  A missing or empty target gets the new store with one rename, which fails when a store
  appeared there meanwhile.
"""

from __future__ import annotations

import ctypes
import errno
import hashlib
import json
import os
import secrets
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kg.atomic import fsync_dir
from kg.errors import LoreError, StoreError, StoreLockedError, first_line

__all__ = ["BackupError", "backup_store", "read_manifest", "restore_store"]

FORMAT = "lore-kg-backup/1"
MANIFEST = "manifest.json"
TRIG = "dataset.trig"
CHECKPOINT = "store"


class BackupError(LoreError):
    """A backup that cannot be written or read, or a restore that would overwrite data."""


# --- backup ----------------------------------------------------------------------------------


def backup_store(spec: str | None, target: str | os.PathLike) -> dict:
    """Write a backup of the store `spec` names to the new (or empty) directory `target`;
    return its manifest."""
    from kg.store import open_store, resolve_spec

    kind, location = resolve_spec(spec)
    if kind == "oxigraph" and not Path(location).expanduser().is_dir():
        raise BackupError(f"no store at {Path(location).expanduser()}; nothing to back up")
    target = Path(target).expanduser()
    _check_new_dir(target)
    with open_store(spec) as store:  # for writing: see the module docstring
        return _backup(store, target)


def _backup(store, target: Path) -> dict:
    target.parent.mkdir(parents=True, exist_ok=True)
    work = _sibling(target, "partial")
    work.mkdir()
    try:
        try:
            checkpoint = store.checkpoint(str(work / CHECKPOINT))  # a store that can copy itself
        except (OSError, RuntimeError) as exc:
            raise BackupError(f"cannot copy the store at {store.location}: {first_line(exc)}; "
                              f"check free space and permissions in {target.parent}") from None
        if checkpoint is not None:
            with checkpoint:
                manifest = _write_trig(checkpoint, work)
        else:
            manifest = _write_trig(store, work)
        manifest.update({"store": store.name, "location": store.location,
                         "checkpoint": CHECKPOINT if (work / CHECKPOINT).is_dir() else None})
        _write_json(work / MANIFEST, manifest)
        _fsync_tree(work)
        if target.exists():
            target.rmdir()  # empty: checked before
        os.rename(work, target)
        fsync_dir(target.parent)
        return manifest
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise


def _write_trig(source, work: Path) -> dict:
    """Export `source` to work/dataset.trig, read it back and count it; the manifest so far."""
    from kg import __version__

    quads = len(source)
    graphs = len(source.graphs())
    path = work / TRIG
    try:
        source.dump_trig(str(path))
    except OSError as exc:
        raise BackupError(f"cannot write {path}: {first_line(exc)}; "
                          f"check free space and permissions in {work.parent}") from None
    found = _count_trig(path)
    if found != quads:
        raise BackupError(f"the TriG export holds {found} quads, the store {quads}; the backup was not "
                          "kept; run `kg backup` again when nothing is writing to the store")
    return {"format": FORMAT, "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "lore_kg": __version__,
            "pyoxigraph": _pyoxigraph_version(), "quads": quads, "graphs": graphs,
            "trig": TRIG, "trig_sha256": _sha256(path)}


# --- restore ---------------------------------------------------------------------------------


def read_manifest(source: str | os.PathLike) -> dict:
    """The manifest of the backup in `source`, checked for shape."""
    source = Path(source).expanduser()
    path = source / MANIFEST
    if not source.is_dir():
        raise BackupError(f"no backup at {source}: not a directory")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BackupError(f"{source} is not a lore-kg backup (no {MANIFEST}); make one with `kg backup`") from None
    except (OSError, ValueError) as exc:
        raise BackupError(f"cannot read {path}: {first_line(exc)}") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{path} is not a {FORMAT} manifest: the directory was not made by "
                          "`kg backup`, or was made by a newer lore-kg")
    for key in ("quads", "graphs", "trig_sha256"):
        if key not in manifest:
            raise BackupError(f"{path} lacks {key!r}; the backup is damaged")
    return manifest


def restore_store(source: str | os.PathLike, spec: str | None, *, force: bool = False) -> dict:
    """Load the backup in `source` into the store `spec` names, which must be empty unless
    `force` (an embedded store only). Returns {"quads", "graphs", "from"}."""
    from kg.store import resolve_spec

    source = Path(source).expanduser()
    manifest = read_manifest(source)
    kind, location = resolve_spec(spec)
    if kind == "oxigraph":
        return _restore_embedded(source, manifest, Path(location).expanduser(), force)
    return _restore_through_store(source, manifest, spec, kind)


def _restore_embedded(source: Path, manifest: dict, target: Path, force: bool) -> dict:
    if target.exists() and not target.is_dir():
        raise BackupError(f"{target} is a file, not a store directory; point --store at a directory")
    target.parent.mkdir(parents=True, exist_ok=True)
    work = _sibling(target, "restore")
    if target.is_dir() and any(target.iterdir()):
        used = _replace_store(source, manifest, target, work, force)
    else:
        try:
            used = _build_store(source, manifest, work)
            _move_in(work, target)
        finally:
            shutil.rmtree(work, ignore_errors=True)  # left only when the move failed
    return {"quads": manifest["quads"], "graphs": manifest["graphs"], "from": used}


def _replace_store(source: Path, manifest: dict, target: Path, work: Path, force: bool) -> str:
    """Build the backup in `work` while holding the lock of the store at `target`, so that no
    writer can start, then swap the two and delete the old one."""
    from kg.store.oxigraph import OxigraphStore

    with OxigraphStore(str(target)):  # StoreLockedError when a writer has it, in any process
        pass
    with _locked(target):
        with OxigraphStore(str(target), read_only=True) as current:  # counted under the lock
            held = len(current)
        if held and not force:
            raise BackupError(f"the store at {target} holds {held} quads; restore only into an "
                              "empty store, or pass --force to replace it (`kg backup` it first "
                              "if you may need it)")
        try:
            used = _build_store(source, manifest, work)
            _swap_in(work, target)
        except BaseException:
            shutil.rmtree(work, ignore_errors=True)  # the new store, not swapped in
            raise
    shutil.rmtree(work, ignore_errors=True)  # the old store
    return used


@contextmanager
def _locked(store: Path) -> Iterator[None]:
    """Hold the lock RocksDB takes on a store it opens for writing (a POSIX record lock on the
    whole LOCK file) without opening the store: writers in other processes fail to open it
    meanwhile. Unlike an open store, this survives the store's directory being renamed, which
    an open RocksDB does not (it deletes files by path when it closes; they would be the new
    store's). A POSIX lock does not stop this very process: the caller first opens the store
    once to find an in-process writer."""
    try:
        import fcntl
    except ImportError:  # not POSIX: opening the store first was the check
        yield
        return
    fd = os.open(store / "LOCK", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise StoreLockedError(f"the store at {store} is in use by another kg process; wait for it "
                                   "to finish, or point --store at another directory") from None
        yield
    finally:
        os.close(fd)  # releases the lock


def _build_store(source: Path, manifest: dict, work: Path) -> str:
    """A store in `work` holding the backup: from the checkpoint when it opens and matches the
    manifest, else from dataset.trig. Returns which was used."""
    checkpoint = source / CHECKPOINT
    if manifest.get("checkpoint") and checkpoint.is_dir():
        try:
            shutil.copytree(checkpoint, work)
            _check_built(work, manifest, "the store copy")
            return "checkpoint"
        except (OSError, LoreError):
            shutil.rmtree(work, ignore_errors=True)  # damaged or from an incompatible version
    import pyoxigraph as ox

    trig = _checked_trig(source, manifest)
    try:
        fresh = ox.Store(str(work))
        fresh.bulk_load(path=str(trig), format=ox.RdfFormat.TRIG)
        fresh.flush()
        del fresh  # closes it
    except (OSError, SyntaxError, ValueError) as exc:
        raise BackupError(f"cannot load {trig}: {first_line(exc)}") from None
    _check_built(work, manifest, trig)
    return "trig"


def _check_built(path: Path, manifest: dict, what) -> None:
    from kg.store.oxigraph import OxigraphStore

    with OxigraphStore(str(path), read_only=True) as built:
        quads, graphs = len(built), len(built.graphs())
    if (quads, graphs) != (manifest["quads"], manifest["graphs"]):
        raise BackupError(f"{what} holds {quads} quads in {graphs} graphs, the manifest says "
                          f"{manifest['quads']} in {manifest['graphs']}; the backup is damaged")


def _checked_trig(source: Path, manifest: dict) -> Path:
    """dataset.trig of the backup, once its SHA-256 matches the manifest's."""
    path = source / TRIG
    try:
        digest = _sha256(path)
    except OSError as exc:
        raise BackupError(f"cannot read {path}: {exc.strerror or exc}; the backup is damaged") from None
    if digest != manifest["trig_sha256"]:
        raise BackupError(f"{path} does not match the SHA-256 in {MANIFEST}; the backup is damaged")
    return path


def _restore_through_store(source: Path, manifest: dict, spec: str | None, kind: str) -> dict:
    """Memory or remote stores: one all-or-nothing add_quads into an empty store."""
    from kg.rdfio import parse_dataset
    from kg.store import open_store

    trig = _checked_trig(source, manifest)
    with open_store(spec) as store:
        held = len(store)
        if held:
            raise BackupError(f"the {kind} store holds {held} quads; restore only into an empty store "
                              "(--force replaces embedded stores only), or restore into a store "
                              "directory and copy it over with `kg push --mirror`")
        quads = parse_dataset(trig.read_bytes(), "trig", source=str(trig))
        store.add_quads(quads)
    return {"quads": len(quads), "graphs": manifest["graphs"], "from": "trig"}


# --- files -----------------------------------------------------------------------------------


def _check_new_dir(target: Path) -> None:
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise BackupError(f"{target} already exists and is not an empty directory; give a new one")


def _sibling(target: Path, what: str) -> Path:
    return target.parent / f".{target.name}.{what}-{secrets.token_hex(4)}"


def _move_in(new: Path, target: Path) -> None:
    """Put directory `new` at `target`, which is missing or an empty directory: one rename,
    which fails when a store appeared there meanwhile (never replacing it)."""
    try:
        os.rename(new, target)  # replaces an empty directory, refuses any other
    except OSError as exc:
        if exc.errno in (errno.ENOTEMPTY, errno.EEXIST):
            raise BackupError(f"a store appeared at {target} during the restore, which was not "
                              "finished; run `kg restore` again, with --force to replace that store") from None
        raise
    fsync_dir(target.parent)


def _swap_in(new: Path, target: Path) -> None:
    """Exchange directories `new` and `target`: the old target ends up at `new`. Raises OSError
    (or StoreError) when it cannot."""
    if not _exchange(new, target):
        old = _sibling(target, "old")
        os.rename(target, old)
        os.rename(new, target)
        os.rename(old, new)
    fsync_dir(target.parent)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux renameat2 RENAME_EXCHANGE); False when unsupported."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError, TypeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    if ctypes.get_errno() in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise StoreError(f"cannot move the restored store into {b}: {os.strerror(ctypes.get_errno())}")


def _count_trig(path: Path) -> int:
    import pyoxigraph as ox

    try:
        return sum(1 for _ in ox.parse(path=str(path), format=ox.RdfFormat.TRIG))
    except (OSError, SyntaxError, ValueError) as exc:
        raise BackupError(f"the TriG export does not read back ({first_line(exc)}); the backup was not "
                          "kept; this is a bug in lore-kg, please report it") from None


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _write_json(path: Path, data: dict) -> None:
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _fsync_tree(root: Path) -> None:
    for dirpath, _dirs, files in os.walk(root):
        for name in files:
            fd = os.open(os.path.join(dirpath, name), os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        fsync_dir(Path(dirpath))


def _pyoxigraph_version() -> str | None:
    try:
        from importlib.metadata import version

        return version("pyoxigraph")
    except Exception:  # noqa: BLE001 - informative only
        return None
