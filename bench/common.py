"""What the benchmarks share: one store (or one measured stage) per worker subprocess, disk and
memory figures (resident and peak resident), the percentile rule, and a description of the machine.

Percentiles, everywhere: p50 is the median (the mean of the two middle values for an even
count); any other percentile q is the nearest rank on the 0..n-1 scale, the sorted value at
index round(q * (n - 1)).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = Path(__file__).resolve().parent / "results"


# --- measuring -------------------------------------------------------------------------------


def percentile(sorted_values: list[float], q: float) -> float:
    """The q-quantile (0 <= q <= 1) of values sorted ascending, by the rule of the module docstring."""
    if q == 0.5:
        return statistics.median(sorted_values)
    return sorted_values[max(0, min(len(sorted_values) - 1, round(q * (len(sorted_values) - 1))))]


def summarise(seconds: list[float]) -> dict:
    """n, p50, p95, p99, min and max of run times given in seconds, in milliseconds."""
    ms = sorted(s * 1000 for s in seconds)
    return {"n": len(ms), "p50_ms": percentile(ms, 0.5), "p95_ms": percentile(ms, 0.95),
            "p99_ms": percentile(ms, 0.99), "min_ms": ms[0], "max_ms": ms[-1]}


def disk_usage(path: str | Path) -> int:
    """Bytes allocated under `path` (what `du` reports)."""
    total = 0
    for root, _, files in os.walk(path):
        for name in files:
            try:
                total += os.stat(os.path.join(root, name)).st_blocks * 512
            except FileNotFoundError:
                pass
    return total


def _proc_status_bytes(pid: int | str, field: str) -> int:
    """A memory field of /proc/PID/status in bytes; 0 when the process is gone."""
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith(f"{field}:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def rss_bytes(pid: int | str = "self") -> int:
    """Resident memory of a process (this one by default); 0 when it is gone."""
    return _proc_status_bytes(pid, "VmRSS")


def peak_rss_bytes(pid: int | str = "self") -> int:
    """Peak resident memory of a process (this one by default): VmHWM, that process's own peak.
    Unlike getrusage's ru_maxrss it does not start at the RSS of the process that started it
    (Linux keeps the parent's high-water mark across fork and exec). 0 when the process is gone."""
    return _proc_status_bytes(pid, "VmHWM")


def children_cpu_seconds() -> float:
    """User and system CPU seconds of this process's children that have ended and been waited for."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def children_peak_rss_bytes() -> int:
    """The largest peak resident memory among this process's children that have ended and been
    waited for (getrusage RUSAGE_CHILDREN ru_maxrss: the maximum, not the sum). A child started
    from this process begins at this process's high-water mark of that moment, so the figure is
    at least that: compare it with peak_rss_bytes() taken before the children start."""
    import resource

    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024


def machine_info(dists: tuple[str, ...] = ()) -> dict:
    """CPU, usable CPUs, memory, Python, platform, the versions of `dists`, and the date."""
    cpu = platform.processor() or platform.machine()
    memory = None
    try:
        with open("/proc/cpuinfo") as info:
            cpu = next((line.split(":", 1)[1].strip() for line in info if line.startswith("model name")), cpu)
        with open("/proc/meminfo") as info:
            total = next((line for line in info if line.startswith("MemTotal:")), None)
            memory = f"{int(total.split()[1]) / 1024 / 1024:.1f} GiB" if total else None
    except OSError:
        pass
    versions = {}
    for dist in dists:
        try:
            versions[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            versions[dist] = None
    return {"nproc": len(os.sched_getaffinity(0)), "cpu": cpu, "memory": memory,
            "python": platform.python_version(), "platform": platform.platform(), "versions": versions,
            "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")}


# --- one store per worker subprocess ---------------------------------------------------------


def add_worker_arguments(parser: argparse.ArgumentParser, stores: tuple[str, ...]) -> None:
    """The hidden options a benchmark passes to itself to run one store in a subprocess
    (`run_worker`); the script's main, given --worker, prints that store's JSON result."""
    parser.add_argument("--worker", choices=stores, help=argparse.SUPPRESS)
    parser.add_argument("--data", help=argparse.SUPPRESS)
    parser.add_argument("--samples", help=argparse.SUPPRESS)
    parser.add_argument("--workdir", help=argparse.SUPPRESS)


def run_worker(module: str, store: str, data: str | Path, samples: str | Path, workdir: str | Path,
               *options: str) -> dict:
    """`python -m MODULE --worker STORE ...` in a subprocess (so that memory figures are that
    store's alone): its JSON result, or {"error": the last line it wrote}, with its wall time
    and the 1-minute load average before and after (other processes skew timings). The
    worker's stderr (its progress) goes to ours."""
    cmd = [sys.executable, "-m", module, "--worker", store, "--data", str(data), "--samples", str(samples),
           "--workdir", str(workdir), *options]
    load_before = os.getloadavg()[0]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    sys.stderr.write(proc.stderr)
    if proc.returncode != 0:
        out = {"error": (proc.stderr.strip().splitlines() or [f"exit status {proc.returncode}"])[-1]}
    else:
        out = json.loads(proc.stdout)
    out["wall_s"] = time.perf_counter() - t0
    out["loadavg_1min"] = [load_before, os.getloadavg()[0]]
    return out
