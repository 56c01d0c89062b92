"""The web explorer under load: `kg serve --prod` (waitress) on a loopback port over a store with
eval/dev ingested, hit by 50 concurrent clients for 60 s on the graph page, an entity page, the
ask page and /sparql; latency percentiles, requests/s, error rate and the server's memory.

    .venv/bin/python -m bench.load [--duration 60] [--connections 50] [--each 15] [--markdown docs/BENCHMARKS.md]

The load comes from `wrk` (Debian's package; `make load` installs it) with bench/load.lua: one mixed
run rotating over the four endpoints, then one run per endpoint (`--each` seconds, 0 to skip) for
their own percentiles. Without wrk, or with `--tool python`, a bounded load generator in Python
(threads, keep-alive connections) does the same, more slowly. Memory is the resident set of the
server and its query worker processes, after a warm-up (each path three times, then `--warmup`
seconds of load, so that every server thread and query worker has run) and after the load; the
run fails (exit 1) when any request failed or memory grew by more than `--max-growth` MB. The CPU
time other processes took during the mixed run is reported, since it moves the figures.
`--markdown FILE` writes (or replaces) the "Web under load" section of FILE.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

from bench.common import ROOT, machine_info, percentile, rss_bytes

KG = [sys.executable, "-c", "from kg.cli import main; main()"]
SECTION = "## Web under load"
SPARQL = "SELECT ?show ?label WHERE { ?show a lore:Show ; rdfs:label ?label } ORDER BY ?label LIMIT 20"


# --- the server ------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build_store(path: Path, sources: list[Path]) -> None:
    subprocess.run([*KG, "--store", str(path), "ingest", "--no-progress", *map(str, sources)],
                   check=True, cwd=ROOT, stdout=subprocess.DEVNULL)


class Server:
    """`kg serve --prod` (or, with prod=False, Flask's development server) on a free loopback
    port, in a subprocess; stopped with SIGINT (by its pid) on exit."""

    def __init__(self, store: Path, port: int | None = None, env: dict | None = None, prod: bool = True):
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = tempfile.NamedTemporaryFile("w+", prefix="lore-serve-", suffix=".log", delete=False)
        serve = ["serve", "--prod"] if prod else ["serve"]
        self.proc = subprocess.Popen([*KG, "--store", str(store), *serve, "--port", str(self.port)],
                                     cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT,
                                     env={**os.environ, **(env or {})})

    def __enter__(self):
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"kg serve exited with {self.proc.returncode}: {Path(self.log.name).read_text()}")
            try:
                with urllib.request.urlopen(self.url + "/", timeout=5) as response:
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.2)
        self.__exit__()
        raise RuntimeError(f"kg serve did not answer at {self.url} within 90 s")

    def __exit__(self, *exc):
        if self.proc.poll() is None:
            self.proc.send_signal(2)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(15)
        self.log.close()
        os.unlink(self.log.name)

    def rss_mb(self) -> float:
        """Resident memory of the server and its child processes (the query workers), in MB."""
        return round(sum(rss_bytes(pid) for pid in _tree(self.proc.pid)) / 1024 / 1024, 1)


def _tree(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            tasks = os.listdir(f"/proc/{p}/task")
        except OSError:
            continue
        for task in tasks:
            try:  # a thread may end between the listing and the read
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    todo += [int(c) for c in fh.read().split()]
            except OSError:
                pass
    return out


def endpoints(base: str) -> dict[str, str]:
    """{name: path} for the four endpoints, the entity and the question taken from the store."""
    query = ("SELECT ?show ?label (COUNT(?o) AS ?n) WHERE { ?show a lore:Show ; rdfs:label ?label ; ?p ?o } "
             "GROUP BY ?show ?label ORDER BY DESC(?n) ?label LIMIT 1")
    request = urllib.request.Request(f"{base}/sparql?query={quote(query)}",
                                     headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        row = json.load(response)["results"]["bindings"][0]
    iri, label = row["show"]["value"], row["label"]["value"]
    entity = "/entity/" + iri.split("/id/", 1)[1] if "/id/" in iri else "/entity/?iri=" + quote(iri, safe="")
    return {"graph": "/graph", "entity": entity,
            "ask": "/ask?q=" + quote(f"Which book would season 2 of {label} adapt?"),
            "sparql": "/sparql?query=" + quote(SPARQL)}


# --- load generators -------------------------------------------------------------------------


def run_wrk(base: str, paths: list[str], connections: int, seconds: int) -> dict:
    threads = max(1, min(2, connections))
    cmd = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "30s",
           "-s", str(ROOT / "bench" / "load.lua"), base, "--", *paths]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 120)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"wrk failed ({done.returncode}): {done.stderr or done.stdout}")
    raw = json.loads(lines[-1])
    errors = raw["bad_status"] + raw["connect_errors"] + raw["read_errors"] + raw["write_errors"] + raw["timeouts"]
    seconds_run = raw["duration_us"] / 1e6
    return {"tool": "wrk", "requests": raw["requests"], "seconds": round(seconds_run, 1),
            "rps": round(raw["requests"] / seconds_run, 1), "errors": errors,
            "error_rate": round(errors / max(1, raw["requests"]), 5),
            "p50_ms": round(raw["p50_us"] / 1000, 1), "p95_ms": round(raw["p95_us"] / 1000, 1),
            "p99_ms": round(raw["p99_us"] / 1000, 1), "max_ms": round(raw["max_us"] / 1000, 1), "raw": raw}


def run_python(base: str, paths: list[str], connections: int, seconds: float) -> dict:
    """`connections` threads, each with one keep-alive connection, rotating over `paths`."""
    host, port = base.split("//", 1)[1].split(":")
    deadline = time.monotonic() + seconds
    latencies: dict[str, list[float]] = {p: [] for p in paths}
    errors: list[str] = []
    lock = threading.Lock()

    def client(offset: int) -> None:
        conn = http.client.HTTPConnection(host, int(port), timeout=30)
        n = offset
        while time.monotonic() < deadline:
            path = paths[n % len(paths)]
            n += 1
            started = time.perf_counter()
            try:
                conn.request("GET", path, headers={"Accept": "text/html, application/sparql-results+json;q=0.9"})
                response = conn.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException) as exc:
                conn.close()
                conn = http.client.HTTPConnection(host, int(port), timeout=30)
                with lock:
                    errors.append(f"{path}: {type(exc).__name__}: {exc}")
                continue
            elapsed = time.perf_counter() - started
            with lock:
                latencies[path].append(elapsed)
                if not 200 <= status < 400:
                    errors.append(f"{path}: HTTP {status}")
        conn.close()

    started = time.monotonic()
    workers = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(connections)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(seconds + 60)
    ran = time.monotonic() - started
    every = sorted(x for xs in latencies.values() for x in xs)
    total = len(every) + sum(1 for e in errors if "HTTP" not in e)
    result = {"tool": "python", "requests": total, "seconds": round(ran, 1), "rps": round(total / ran, 1),
              "errors": len(errors), "error_rate": round(len(errors) / max(1, total), 5),
              **_percentiles(every), "per_path": {p: {"requests": len(xs), **_percentiles(sorted(xs))}
                                                   for p, xs in latencies.items()},
              "error_samples": errors[:5]}
    return result


def _percentiles(sorted_seconds: list[float]) -> dict:
    """p50, p95, p99 and max in ms, by the rule of bench/common.py (wrk has its own)."""
    if not sorted_seconds:
        return {"p50_ms": None, "p95_ms": None, "p99_ms": None, "max_ms": None}

    def at(q: float) -> float:
        return round(percentile(sorted_seconds, q) * 1000, 1)

    return {"p50_ms": at(0.50), "p95_ms": at(0.95), "p99_ms": at(0.99), "max_ms": round(sorted_seconds[-1] * 1000, 1)}


# --- the run ---------------------------------------------------------------------------------


def machine() -> dict:
    wrk = shutil.which("wrk")
    version = subprocess.run(["wrk", "--version"], capture_output=True, text=True).stdout.split(" [")[0] if wrk else None
    return {**machine_info(("waitress", "pyoxigraph")), "wrk": version, "load_before": round(os.getloadavg()[0], 2)}


def run(args) -> dict:
    host = machine()  # its load average: before this run adds its own
    tool = args.tool or ("wrk" if shutil.which("wrk") else "python")
    generate = run_wrk if tool == "wrk" else run_python
    with tempfile.TemporaryDirectory(prefix="lore-load-") as tmp:
        store = Path(args.store) if args.store else Path(tmp) / "store"
        if not args.store:
            build_store(store, [ROOT / "eval" / "dev"])
        with Server(store) as server:
            paths = endpoints(server.url)
            for _ in range(3):  # warm up: caches, query workers, spaCy for the ask page
                for path in paths.values():
                    with urllib.request.urlopen(server.url + path, timeout=60) as response:
                        response.read()
            rss_first = server.rss_mb()
            if args.warmup:  # every server thread and query worker in use once before memory is measured
                generate(server.url, list(paths.values()), args.connections, args.warmup)
            rss_before = server.rss_mb()
            before = _cpu_seconds(server.proc.pid)
            mixed = generate(server.url, list(paths.values()), args.connections, args.duration)
            others = _other_cores(before, _cpu_seconds(server.proc.pid))
            rss_after = server.rss_mb()
            each = {}
            if args.each:
                for name, path in paths.items():
                    each[name] = generate(server.url, [path], args.connections, args.each)
            rss_end = server.rss_mb()
    return {"machine": host, "tool": tool, "connections": args.connections, "duration": args.duration,
            "each": args.each, "paths": paths, "mixed": mixed, "per_endpoint": each,
            "warmup": args.warmup,
            "rss_mb": {"first": rss_first, "before": rss_before, "after_mixed": rss_after, "after_all": rss_end},
            "growth_mb": round(max(rss_after, rss_end) - rss_before, 1), "max_growth_mb": args.max_growth,
            "load_after": round(os.getloadavg()[0], 2), "other_cores": others}


def _cpu_seconds(server_pid: int) -> dict:
    """CPU seconds so far: the whole machine's busy time, the server's process tree, and this
    process with its children (the load generator: wrk, or Python's threads)."""
    tick = os.sysconf("SC_CLK_TCK")
    try:
        with open("/proc/stat") as fh:
            fields = [int(x) for x in fh.readline().split()[1:]]
    except OSError:
        return {}
    busy = (sum(fields[:8]) - fields[3] - fields[4]) / tick  # all but idle and iowait
    server = 0.0
    for pid in _tree(server_pid):
        try:
            with open(f"/proc/{pid}/stat") as fh:
                rest = fh.read().rsplit(")", 1)[1].split()
            server += (int(rest[11]) + int(rest[12])) / tick
        except (OSError, IndexError, ValueError):
            pass
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    load = own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime
    return {"busy": busy, "server": server, "load": load, "wall": time.monotonic()}


def _other_cores(before: dict, after: dict) -> float | None:
    """Cores kept busy on average by other processes than the server and the load generator."""
    if not before or not after:
        return None
    other = (after["busy"] - before["busy"]) - (after["server"] - before["server"]) - (after["load"] - before["load"])
    return round(max(0.0, other / (after["wall"] - before["wall"])), 2)


def markdown(report: dict) -> str:
    m, mixed = report["machine"], report["mixed"]
    rss = report["rss_mb"]
    warmup = f"a {report['warmup']} s warm-up at the same concurrency" if report.get("warmup") else "warm-up"

    def row(name, r):
        return (f"| {name} | {r['requests']} | {r['rps']} | {r['p50_ms']} | {r['p95_ms']} | {r['p99_ms']} | "
                f"{r['max_ms']} | {r['errors']} ({r['error_rate'] * 100:.2f} %) |")

    lines = [
        SECTION, "",
        f"`make load` (bench/load.py): `kg serve --prod` (waitress, 8 threads, 2 SPARQL worker processes) on a "
        f"loopback port over a store with `eval/dev` ingested; {report['connections']} concurrent keep-alive "
        f"clients ({m['wrk'] if report['tool'] == 'wrk' and m['wrk'] else report['tool']}) on the same "
        f"machine. The mixed run rotates over the four endpoints for {report['duration']} s; each endpoint then "
        f"runs alone for {report['each']} s. Latencies in ms.", "",
        f"Machine: {m['cpu']}, {m['nproc']} cores, {m['memory']} RAM, {m['platform']}, Python {m['python']}; "
        f"load average {m['load_before']} before the run and {report['load_after']} at its end, its own load "
        "included. The server and the load generator share the cores"
        + _others_note(report.get("other_cores"), m["nproc"]), "",
        "| run | requests | req/s | p50 | p95 | p99 | max | errors |", "|---|---|---|---|---|---|---|---|",
        row(f"mixed, {report['duration']} s", mixed),
    ]
    for name, r in report["per_endpoint"].items():
        lines.append(row(f"{name} alone, {report['each']} s", r))
    lines += [
        "",
        "Paths: " + ", ".join(f"{k} `{v if len(v) < 70 else v[:67] + '...'}`" for k, v in report["paths"].items()) + ".",
        "",
        "Memory (resident, server and query workers): "
        + (f"{rss['first']} MB after the first requests, " if "first" in rss else "")
        + f"{rss['before']} MB after {warmup}, "
        f"{rss['after_mixed']} MB after the mixed run, {rss['after_all']} MB at the end: growth "
        f"{report['growth_mb']} MB (bound: {report['max_growth_mb']} MB; `make load` fails beyond it, or on any "
        "error).",
        "",
    ]
    return "\n".join(lines)


def _others_note(others: float | None, cores: int | None) -> str:
    if others is None:
        return "."
    if others < 0.2:
        return f"; other processes used {others} cores on average during the mixed run (a quiet machine)."
    return (f"; other processes kept {others} of the {cores} cores busy on average during the mixed run, "
            "so a quiet machine gives higher rates and lower latencies.")


def write_section(path: Path, text: str) -> None:
    """Replace the "Web under load" section of `path` (up to the next "## " heading) or append it."""
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    start = old.find(SECTION)
    if start < 0:
        new = old.rstrip("\n") + "\n\n" + text
    else:
        end = old.find("\n## ", start + len(SECTION))
        new = old[:start] + text + (old[end + 1:] if end >= 0 else "")
    from kg.atomic import write_text_atomic

    write_text_atomic(path, new.rstrip("\n") + "\n")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=60, help="seconds of the mixed run (60)")
    parser.add_argument("--connections", type=int, default=50, help="concurrent clients (50)")
    parser.add_argument("--each", type=int, default=15, help="seconds per endpoint alone afterwards (15; 0: skip)")
    parser.add_argument("--tool", choices=["wrk", "python"], help="load generator (default: wrk when installed)")
    parser.add_argument("--store", help="serve this store instead of a fresh one with eval/dev ingested")
    parser.add_argument("--warmup", type=int, default=5,
                        help="seconds of load before memory is first measured (5; 0: none)")
    parser.add_argument("--max-growth", type=float, default=64.0, help="MB of memory growth allowed (64)")
    parser.add_argument("--markdown", type=Path, help="write the 'Web under load' section of this file")
    parser.add_argument("--json", type=Path, help="write the whole report as JSON to this file")
    args = parser.parse_args(argv)
    report = run(args)
    text = markdown(report)
    print(text)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    failed = report["mixed"]["errors"] or any(r["errors"] for r in report["per_endpoint"].values())
    grew = report["growth_mb"] > args.max_growth
    if failed or grew:
        print(f"load: FAILED ({'errors' if failed else ''}{' and ' if failed and grew else ''}"
              f"{'memory growth' if grew else ''})", file=sys.stderr)
        return 1
    if args.markdown:
        write_section(args.markdown, text)
        print(f"wrote the '{SECTION[3:]}' section of {args.markdown}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
