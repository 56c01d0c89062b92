"""Write files so that a crash leaves either the old file or the new one, never half."""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path


def write_text_atomic(path: str | os.PathLike, text: str) -> None:
    """Write `text` (UTF-8) to a temporary file beside `path`, flush it to disk, then rename it over
    `path` in one step. The file keeps the mode of the one it replaces (a new file: 0666 less the
    umask, as open() would give), and nothing is left behind when the write fails."""
    path = Path(path)
    tmp = path.parent / f".{path.name}.{secrets.token_hex(8)}"
    fd = os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666)  # 0666 less the umask
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            try:
                os.fchmod(fh.fileno(), stat.S_IMODE(path.stat().st_mode))
            except FileNotFoundError:
                pass  # a new file
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    fsync_dir(path.parent)


def hidden_sibling(target: Path, what: str) -> Path:
    """A new hidden name beside `target`, for building `what` there before a rename puts it in place."""
    return target.parent / f".{target.name}.{what}-{secrets.token_hex(4)}"


def fsync_dir(folder: Path) -> None:
    """Make the rename itself durable (best effort: not every platform opens directories)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
