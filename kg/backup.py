"""Backup and restore of a whole store: `kg backup DIR` and `kg restore DIR`.

A backup is a directory holding one consistent snapshot, twice:

    DIR/store/         a copy the store made of itself (`Store.checkpoint`: the embedded store's
                       RocksDB checkpoint, which opens as a store as it is); absent for stores
                       that cannot copy themselves
    DIR/dataset.trig   the same quads as TriG, readable by any RDF tool and any lore-kg version
    DIR/manifest.json  what the backup holds: quads, graphs, the SHA-256 of dataset.trig, versions

Guarantees:

- Consistent: the copy is taken through a store opened for writing, so under the embedded
  store's write lock (a running `kg ingest` makes the backup fail with a clear message rather
  than wait), and dataset.trig is exported from that copy, so both hold the same quads. Opening
  for writing is on purpose: a checkpoint made through a read-only handle leaves out writes that
  are still only in the write-ahead log (after a kill -9, say), and would silently be incomplete.
- Never half written: the backup is built in a hidden directory beside DIR and renamed to DIR
  at the end, after the TriG has been read back and counted; DIR is new or empty.
- Restoring is the target store class's own (`Store.restore`), handed the backup checked here
  (`Backup`: its manifest, and the TriG only once its SHA-256 matches): by default into an empty
  store only, the TriG loaded in one all-or-nothing write; the embedded store builds the new store
  beside the target and swaps it in under the target's lock, and replaces a non-empty store with
  `force` (kg/store/oxigraph_restore.py).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from kg.atomic import fsync_dir, hidden_sibling
from kg.errors import BackupError, first_line

__all__ = ["Backup", "backup_store", "read_backup", "restore_store"]

FORMAT = "lore-kg-backup/1"
MANIFEST = "manifest.json"
TRIG = "dataset.trig"
CHECKPOINT = "store"


# --- backup ----------------------------------------------------------------------------------


def backup_store(spec: str | None, target: str | os.PathLike) -> dict:
    """Write a backup of the store `spec` names to the new (or empty) directory `target`;
    return its manifest."""
    from kg.store import open_store

    open_store(spec, read_only=True).close()  # NoStoreError for a store never made: nothing to back up
    target = Path(target).expanduser()
    _check_new_dir(target)
    with open_store(spec) as store:  # for writing: see the module docstring
        return _backup(store, target)


def _backup(store, target: Path) -> dict:
    target.parent.mkdir(parents=True, exist_ok=True)
    work = hidden_sibling(target, "partial")
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


def _read_manifest(source: Path) -> dict:
    """The manifest of the backup in `source`, checked for shape."""
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


@dataclass(frozen=True)
class Backup:
    """A backup directory whose manifest was read and checked for shape (`read_backup`): what a
    store's `restore` is handed."""

    path: Path
    manifest: dict

    @property
    def quads(self) -> int:
        return self.manifest["quads"]

    @property
    def graphs(self) -> int:
        return self.manifest["graphs"]

    @property
    def checkpoint(self) -> Path | None:
        """The store's copy of itself, when the backup has one."""
        path = self.path / CHECKPOINT
        return path if self.manifest.get("checkpoint") and path.is_dir() else None

    def trig(self) -> Path:
        """dataset.trig, once its SHA-256 matches the manifest's (BackupError otherwise)."""
        path = self.path / TRIG
        try:
            digest = _sha256(path)
        except OSError as exc:
            raise BackupError(f"cannot read {path}: {exc.strerror or exc}; the backup is damaged") from None
        if digest != self.manifest["trig_sha256"]:
            raise BackupError(f"{path} does not match the SHA-256 in {MANIFEST}; the backup is damaged")
        return path


def read_backup(source: str | os.PathLike) -> Backup:
    source = Path(source).expanduser()
    return Backup(source, _read_manifest(source))


def restore_store(source: str | os.PathLike, spec: str | None, *, force: bool = False) -> dict:
    """Load the backup in `source` into the store `spec` names, as its class restores
    (`Store.restore`): into an empty store, unless `force` and the class can replace a store.
    Returns {"quads", "graphs", "from"}."""
    from kg.store import resolve_spec, store_class

    backup = read_backup(source)
    kind, location = resolve_spec(spec)
    used = store_class(kind).restore(location, backup, force=force)
    return {"quads": backup.quads, "graphs": backup.graphs, "from": used}


# --- files -----------------------------------------------------------------------------------


def _check_new_dir(target: Path) -> None:
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise BackupError(f"{target} already exists and is not an empty directory; give a new one")


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
