"""Restoring a backup into the embedded store (`OxigraphStore.restore`): build beside, then swap.

- The new store is built in a hidden directory beside the target: from the backup's store copy
  when it opens and matches the manifest's counts, else by bulk-loading the checked TriG; its
  counts are checked against the manifest before it is used.
- A target that holds a store is replaced only when it is empty, or with `force`. Its lock is
  held from the emptiness check until after the swap, so a `kg ingest` starting meanwhile fails
  at once (see `_locked`); the swap is one atomic rename (Linux ``renameat2(RENAME_EXCHANGE)``;
  elsewhere two renames). A store that another process holds for writing is refused, as every
  writer is.
- A missing or empty target gets the new store with one rename, which fails when a store
  appeared there meanwhile (never replacing it).
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from kg.atomic import fsync_dir, hidden_sibling
from kg.errors import BackupError, LoreError, StoreError, StoreLockedError, first_line

if TYPE_CHECKING:
    from kg.backup import Backup
    from kg.store.oxigraph import OxigraphStore

__all__ = ["restore"]


def restore(store_class: type[OxigraphStore], location: str, backup: Backup, *, force: bool) -> str:
    """Put the backup at `location` (see the module docstring); return what was used, "checkpoint"
    (the store copy) or "trig"."""
    target = Path(location).expanduser()
    if target.exists() and not target.is_dir():
        raise BackupError(f"{target} is a file, not a store directory; point --store at a directory")
    target.parent.mkdir(parents=True, exist_ok=True)
    work = hidden_sibling(target, "restore")
    if target.is_dir() and any(target.iterdir()):
        return _replace_store(store_class, backup, target, work, force)
    try:
        used = _build_store(store_class, backup, work)
        _move_in(work, target)
    finally:
        shutil.rmtree(work, ignore_errors=True)  # left only when the move failed
    return used


def _replace_store(store_class: type[OxigraphStore], backup: Backup, target: Path, work: Path, force: bool) -> str:
    """Build the backup in `work` while holding the lock of the store at `target`, so that no
    writer can start, then swap the two and delete the old one."""
    with store_class(str(target)):  # StoreLockedError when a writer has it, in any process
        pass
    with _locked(target):
        with store_class(str(target), read_only=True) as current:  # counted under the lock
            held = len(current)
        if held and not force:
            raise BackupError(f"the store at {target} holds {held} quads; restore only into an "
                              "empty store, or pass --force to replace it (`kg backup` it first "
                              "if you may need it)")
        try:
            used = _build_store(store_class, backup, work)
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


def _build_store(store_class: type[OxigraphStore], backup: Backup, work: Path) -> str:
    """A store in `work` holding the backup: from the store copy when it opens and matches the
    manifest, else from the TriG. Returns which was used."""
    if backup.checkpoint is not None:
        try:
            shutil.copytree(backup.checkpoint, work)
            _check_built(store_class, work, backup, "the store copy")
            return "checkpoint"
        except (OSError, LoreError):
            shutil.rmtree(work, ignore_errors=True)  # damaged or from an incompatible version
    import pyoxigraph as ox

    trig = backup.trig()
    try:
        fresh = ox.Store(str(work))
        fresh.bulk_load(path=str(trig), format=ox.RdfFormat.TRIG)
        fresh.flush()
        del fresh  # closes it
    except (OSError, SyntaxError, ValueError) as exc:
        raise BackupError(f"cannot load {trig}: {first_line(exc)}") from None
    _check_built(store_class, work, backup, trig)
    return "trig"


def _check_built(store_class: type[OxigraphStore], path: Path, backup: Backup, what) -> None:
    with store_class(str(path), read_only=True) as built:
        quads, graphs = len(built), len(built.graphs())
    if (quads, graphs) != (backup.quads, backup.graphs):
        raise BackupError(f"{what} holds {quads} quads in {graphs} graphs, the manifest says "
                          f"{backup.quads} in {backup.graphs}; the backup is damaged")


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
        old = hidden_sibling(target, "old")
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
