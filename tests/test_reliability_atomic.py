"""kg.atomic.write_text_atomic (`kg export -o`, bench reports): the file is the old one or the new
one, never half, even when the writer is killed with -9 midway; nothing is left beside it."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time

import pytest

from kg.atomic import write_text_atomic
from tests.test_reliability_kill import REPO

OLD = "old version\n" * 1000


def test_reliability_atomic_a_failed_write_keeps_the_old_file(tmp_path):
    target = tmp_path / "dump.trig"
    target.write_text(OLD, encoding="utf-8")
    with pytest.raises(UnicodeEncodeError):
        write_text_atomic(target, "new version\n" * 100_000 + "\ud800")  # fails after most of it is written
    assert target.read_text(encoding="utf-8") == OLD
    assert [p.name for p in tmp_path.iterdir()] == ["dump.trig"]


def test_reliability_atomic_keeps_the_mode_of_the_file_it_replaces(tmp_path):
    target = tmp_path / "report.md"
    target.write_text("x")
    os.chmod(target, 0o640)
    write_text_atomic(target, "y")
    assert target.read_text() == "y" and stat.S_IMODE(target.stat().st_mode) == 0o640
    fresh = tmp_path / "new.md"
    write_text_atomic(fresh, "z")
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o666 & ~umask


def test_reliability_atomic_leaves_the_process_umask_alone(tmp_path, monkeypatch):
    """Flipping the umask to read it would race with other threads creating files."""

    def no_umask(mask):
        raise AssertionError("os.umask called")

    umask = os.umask(0o022)
    try:
        monkeypatch.setattr(os, "umask", no_umask)
        write_text_atomic(tmp_path / "new.md", "z")
        write_text_atomic(tmp_path / "new.md", "zz")
    finally:
        monkeypatch.undo()
        os.umask(umask)
    assert stat.S_IMODE((tmp_path / "new.md").stat().st_mode) == 0o644
    assert [p.name for p in tmp_path.iterdir()] == ["new.md"]


WRITER = r"""
import sys
from kg.atomic import write_text_atomic
path, n = sys.argv[1], 0
print("ready", flush=True)
while True:
    n += 1
    write_text_atomic(path, f"version {n}\n" + ("x" * 99 + "\n") * 200_000 + f"end {n}\n")
"""


def test_reliability_atomic_kill_during_writes_leaves_a_whole_file(tmp_path):
    target = tmp_path / "dump.trig"
    target.write_text(OLD, encoding="utf-8")
    for delay in (0.05, 0.15, 0.3):
        proc = subprocess.Popen([sys.executable, "-c", WRITER, str(target)], cwd=REPO, stdout=subprocess.PIPE,
                                text=True)
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(delay)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(30)
        proc.stdout.close()
        text = target.read_text(encoding="utf-8")
        if text != OLD:
            first, last = text.splitlines()[0], text.splitlines()[-1]
            assert first.startswith("version ") and last == "end " + first.split()[1], (first, last)
            assert len(text) == len(first) + 1 + 100 * 200_000 + len(last) + 1
    leftovers = [p.name for p in tmp_path.iterdir() if p.name != "dump.trig"]
    assert all(name.startswith(".dump.trig.") for name in leftovers)  # a killed writer's temporary file at most
