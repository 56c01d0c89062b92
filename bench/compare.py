"""lore-kg's three stores side by side: rdflib in memory, the embedded store (Oxigraph), Virtuoso.

    .venv/bin/python -m bench.compare [--sizes 10000 100000 1000000] [--runs 30] [--deadline 420]

For each size, bench/synth.py writes a synthetic dataset (shows, seasons, book series, people,
characters; one named graph per article) and each store loads it and answers the same questions
through lore-kg's own `Store` classes (`kg.store.memory`, `kg.store.oxigraph`, `kg.store.sparql`),
so the figures include what lore-kg adds: rdflib terms out of every store, HTTP and JSON for
Virtuoso. Each store runs in its own subprocess (memory figures are that store's alone); each size
gets a fresh Virtuoso (tests/virtuoso.py: `virtuoso-t` on 127.0.0.1, throwaway directory).

Measured per store and size:

- load: the store's bulk path (rdflib's N-Quads parser; Oxigraph `bulk_load`; Virtuoso's bulk
  loader `ld_dir` + `rdf_loader_run`), and at sizes up to `--push-max` the copy from the embedded
  store into Virtuoso over HTTP as `kg push` does it (staged, atomic per graph);
- size: resident memory growth (rdflib), bytes on disk after reopening (Oxigraph), database
  files after a checkpoint and the server's resident memory (Virtuoso);
- p50 / p95 latency (after warm-up; up to `--runs` runs within `--budget` seconds, at least 3, or 1
  when a single run takes over 10 s) of: the season-2 question through `kg.ask.answer` (the real
  `kg ask`), the season-2 chain as one SPARQL query, the entity page data
  (`kg.explore.entities.entity_summary` + `entity_facts`), a label search (`CONTAINS(LCASE(...))`), the
  1-hop neighbourhood of the graph page (`kg.explore.neighbourhood`), and a 2-hop path between two
  characters; every answer is checked against what the generator says it must contain;
- replacing 50 articles, one `replace_graph` each (what ingest does per article).

Runs go size by size, the embedded store and Virtuoso first, then rdflib in memory, which is
skipped (the report says so) once the whole run has used `--deadline` seconds: at 1M quads its
load alone takes about 30 s and 1.9 GB, and several of its queries pass the `--cap` of one run.

Output: Markdown on stdout and bench/results/compare-<time>.{md,json}.
"""

from __future__ import annotations

import argparse
import gc
import json
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

from bench.common import (
    RESULTS_DIR,
    add_worker_arguments,
    disk_usage,
    machine_info,
    rss_bytes,
    run_worker,
    summarise,
)

STORES = ("oxigraph", "virtuoso", "memory")
STORE_NAMES = {"memory": "rdflib in memory", "oxigraph": "embedded (Oxigraph)", "virtuoso": "Virtuoso over HTTP"}
TARGETS = {  # the targets for the embedded store at 1M triples, p95 in ms
    "ask_season2": 20.0,
    "entity_page": 50.0,
    "label_search": 100.0,
}

QUERIES = {
    "ask_season2": "season-2 question, `kg ask` (kg.ask.answer)",
    "chain": "season-2 chain, one SPARQL query",
    "entity_page": "entity page data (summary + facts)",
    "label_search": "label search, CONTAINS(LCASE(STR(?l)))",
    "neighbourhood": "1-hop neighbourhood (graph page)",
    "path2": "2-hop path between two characters",
}

CHAIN = """SELECT DISTINCT ?book ?label WHERE {
  %s
  ?show lore:basedOn ?first .
  ?first lore:sequel ?book .
  ?book rdfs:label ?label .
}"""
LABEL_SEARCH = """SELECT DISTINCT ?e ?label WHERE {
  %s
  ?e rdfs:label ?label .
  FILTER(CONTAINS(LCASE(STR(?label)), ?frag))
}"""
PATH2 = """SELECT DISTINCT ?p1 ?mid ?p2 WHERE {
  %s
  { ?a ?p1 ?mid } UNION { ?mid ?p1 ?a }
  ?mid rdf:type lore:Character .
  { ?mid ?p2 ?b } UNION { ?b ?p2 ?mid }
}"""


# --- measuring ---------------------------------------------------------------------------------


class QueryTooSlow(Exception):
    pass


def _alarm(signum, frame):
    raise QueryTooSlow


def time_runs(fn, runs: int, budget: float, cap: float) -> tuple[dict, object]:
    """A cold run, a warm-up run when the cold one was quick, then timed runs until `runs` or
    `budget` seconds (at least 3). A cold run over 5 s is the only one (n=1). QueryTooSlow when
    a run goes past `cap` seconds (SIGALRM: rdflib's engine is Python, so it stops)."""
    import signal

    signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, cap)
    try:
        t0 = time.perf_counter()
        result = fn()
        first = time.perf_counter() - t0
        if first > 5:
            out = summarise([first])
            out["first_ms"] = first * 1000
            return out, result
        if first < 1.0:
            result = fn()
        times: list[float] = []
        started = time.perf_counter()
        while len(times) < runs:
            signal.setitimer(signal.ITIMER_REAL, cap)
            t0 = time.perf_counter()
            result = fn()
            times.append(time.perf_counter() - t0)
            if len(times) >= 3 and time.perf_counter() - started > budget:
                break
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    out = summarise(times)
    out["first_ms"] = first * 1000
    return out, result


# --- the workload, through lore-kg's own code ------------------------------------------------


def workload(samples: dict) -> dict:
    """name -> (callable(store) -> result, check(result) -> bool)."""
    from rdflib import Literal, URIRef

    from kg.explore.entities import entity_facts, entity_summary
    from kg.explore.graph import neighbourhood
    from kg.query.sparql import values_block

    show, book2 = URIRef(samples["show"]), samples["book2_label"]
    question = f"Which book would season 2 of {samples['show_label']} adapt?"
    chain = CHAIN % values_block(["show"], [(show,)])
    search = LABEL_SEARCH % values_block(["frag"], [(Literal(samples["fragment"]),)])
    path = PATH2 % values_block(["a", "b"], [(URIRef(samples["char_a"]), URIRef(samples["char_b"]))])

    def ask(store):
        from kg.ask import answer

        return answer(store, question)

    def page(store):
        return entity_summary(store, show), entity_facts(store, show)

    return {
        "ask_season2": (ask, lambda r: [a["label"] for a in r.answers] == [book2]),
        "chain": (lambda s: s.query(chain).rows, lambda rows: any(str(r[1]) == book2 for r in rows)),
        "entity_page": (page, lambda r: r[0]["label"] == samples["show_label"] and len(r[1]) > 0),
        "label_search": (lambda s: s.query(search).rows, lambda rows: any(str(r[0]) == samples["show"] for r in rows)),
        "neighbourhood": (lambda s: neighbourhood(s, show, 1), lambda r: len(r.get("nodes", [])) > 1),
        "path2": (lambda s: s.query(path).rows, lambda rows: any(str(r[1]) == samples["char_mid"] for r in rows)),
    }


def run_queries(store, samples: dict, runs: int, budget: float, cap: float) -> dict:
    from kg.errors import first_line

    out = {}
    for name, (fn, check) in workload(samples).items():
        try:
            stats, result = time_runs(lambda: fn(store), runs, budget, cap)
            stats["correct"] = bool(check(result))
        except QueryTooSlow:
            stats = {"error": f"a single run took over {cap:g} s; stopped", "too_slow": cap}
        except Exception as exc:  # noqa: BLE001 - recorded, the other queries still run
            stats = {"error": f"{type(exc).__name__}: {first_line(exc)[:200]}"}
        out[name] = stats
        print(f"    {name}: {_cell(stats)}", file=sys.stderr, flush=True)
    return out


def replace_articles(store, data: Path, count: int = 50) -> dict:
    """Replace `count` articles with their own content, one replace_graph each."""
    from rdflib import Dataset

    wanted: dict[str, list[str]] = {}
    with open(data, encoding="utf-8") as lines:
        for line in lines:
            g = line.rstrip()[:-1].rstrip().rsplit(" ", 1)[1]
            if g not in wanted:
                if len(wanted) >= count * 20:
                    break
                wanted[g] = []
            wanted[g].append(line)
    graphs = list(wanted)[:: max(1, len(wanted) // count)][:count]
    times, quads = [], 0
    for g in graphs:
        ds = Dataset()
        ds.parse(data="".join(wanted[g]), format="nquads")
        graph = next(c for c in ds.graphs() if c.identifier.n3() == g)
        triples = list(graph)
        t0 = time.perf_counter()
        store.replace_graph(graph.identifier, triples)
        times.append(time.perf_counter() - t0)
        quads += len(triples)
    out = summarise(times)
    out.update(articles=len(times), quads_per_article=quads / max(1, len(times)),
               articles_per_s=len(times) / sum(times))
    return out


# --- workers: one store in one subprocess ------------------------------------------------------


def worker(args) -> dict:
    samples = json.loads(Path(args.samples).read_text())
    data = Path(args.data)
    workdir = Path(args.workdir)
    result: dict = {"store": args.worker}
    import rdflib  # noqa: F401 - imported before the memory baseline

    import kg.store.memory  # noqa: F401
    import kg.store.oxigraph  # noqa: F401
    import kg.store.sparql  # noqa: F401

    gc.collect()
    rss0 = rss_bytes()
    if args.worker == "memory":
        from kg.store import open_store

        store = open_store("memory")
        t0 = time.perf_counter()
        store._ds.parse(str(data), format="nquads")  # rdflib's bulk path
        result["load"] = {"how": "rdflib Dataset.parse(format='nquads')", "seconds": time.perf_counter() - t0}
        gc.collect()
        result["size"] = {"rss_growth_bytes": rss_bytes() - rss0}
    elif args.worker == "oxigraph":
        import pyoxigraph as ox

        from kg.store import open_store

        path = workdir / "store"
        store = open_store(f"oxigraph:{path}")
        t0 = time.perf_counter()
        store._store.bulk_load(path=str(data), format=ox.RdfFormat.N_QUADS)
        store._store.flush()
        result["load"] = {"how": "pyoxigraph Store.bulk_load", "seconds": time.perf_counter() - t0}
        store.close()
        store = open_store(f"oxigraph:{path}")
        gc.collect()
        result["size"] = {"disk_bytes": disk_usage(path), "rss_growth_bytes": rss_bytes() - rss0}
    else:
        store, server = _virtuoso_worker_load(args, data, workdir, result)
    result["quads"] = len(store)
    print(f"  [{args.worker}] loaded {result['quads']:,} quads in {result['load']['seconds']:.1f} s",
          file=sys.stderr, flush=True)
    result["queries"] = run_queries(store, samples, args.runs, args.budget, args.cap)
    try:
        result["replace"] = replace_articles(store, data)
    except Exception as exc:  # noqa: BLE001
        result["replace"] = {"error": f"{type(exc).__name__}: {exc}"}
    if args.worker == "virtuoso":
        result["size"]["server_rss_after_queries_bytes"] = rss_bytes(server["pid"])
    store.close()
    return result


def _virtuoso_worker_load(args, data: Path, workdir: Path, result: dict):
    from kg.store.sparql import SparqlStore
    from tests.virtuoso import VirtuosoServer

    info = json.loads(Path(args.server).read_text())
    server = VirtuosoServer(Path(info["directory"]), info["http_port"], info["sql_port"], info["password"], None)
    store = SparqlStore(server.query_url, update_url=server.update_url, user=server.user, password=server.password)
    result["size"] = {"empty_db_bytes": server.disk_bytes()}
    if args.push_max and json.loads(Path(args.samples).read_text()).get("_size", 0) <= args.push_max:
        result["push"] = _push_over_http(data, workdir, store)
        store.clear()
        server.isql("checkpoint;")
    t0 = time.perf_counter()
    server.bulk_load(data.parent, data.name)
    result["load"] = {"how": "Virtuoso bulk loader (ld_dir + rdf_loader_run + checkpoint)",
                      "seconds": time.perf_counter() - t0}
    result["size"].update(disk_bytes=server.disk_bytes(), server_rss_bytes=rss_bytes(info["pid"]))
    return store, info


def _push_over_http(data: Path, workdir: Path, target) -> dict:
    """The dataset copied from an embedded store into Virtuoso as `kg push` does it."""
    import pyoxigraph as ox

    from kg.store import open_store
    from kg.transfer import copy_dataset

    source = open_store(f"oxigraph:{workdir / 'push-source'}")
    source._store.bulk_load(path=str(data), format=ox.RdfFormat.N_QUADS)
    report = copy_dataset(source, target)
    source.close()
    shutil.rmtree(workdir / "push-source", ignore_errors=True)
    return {"how": "kg push (copy_dataset, one atomic replace_graph per graph over HTTP)",
            "seconds": report.seconds, "graphs": report.graphs, "quads": report.quads,
            "quads_per_s": report.quads / report.seconds if report.seconds else None}


# --- orchestration -----------------------------------------------------------------------------


def virtuoso_version() -> str | None:
    try:
        out = subprocess.run(["virtuoso-t", "-?"], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return None
    line = next((x for x in (out.stdout + out.stderr).splitlines() if x.startswith("Version")), "")
    return line.split()[1] if line else None


def run_store(store: str, size_info: dict, args, size_dir: Path) -> dict:
    workdir = Path(tempfile.mkdtemp(prefix=store + "-", dir=size_dir))
    options = ["--runs", str(args.runs), "--budget", str(args.budget), "--cap", str(args.cap),
               "--push-max", str(args.push_max)]
    server = None
    if store == "virtuoso":
        from tests.virtuoso import VirtuosoServer

        try:
            # Virtuoso's default 10,000-row cap works (kg.ask pages past it); a higher cap saves
            # the paging round trips when kg ask re-reads its label index on every question.
            server = VirtuosoServer.start(workdir / "virtuoso", load_dirs=(str(Path(size_info["data"]).parent),),
                                          max_rows=1_000_000)
        except RuntimeError as exc:
            return {"error": f"Virtuoso did not start: {exc}"}
        info = {"directory": str(server.directory), "http_port": server.http_port, "sql_port": server.sql_port,
                "password": server.password, "pid": server.process.pid}
        (workdir / "server.json").write_text(json.dumps(info))
        options += ["--server", str(workdir / "server.json")]
    try:
        return run_worker("bench.compare", store, size_info["data"], size_info["samples_file"], workdir, *options)
    finally:
        if server is not None:
            server.stop()
        shutil.rmtree(workdir, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.compare", description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--stores", nargs="+", choices=STORES, default=list(STORES))
    parser.add_argument("--runs", type=int, default=30, help="timed runs per query (default 30)")
    parser.add_argument("--budget", type=float, default=5.0, help="seconds per query before stopping early (default 5)")
    parser.add_argument("--cap", type=float, default=30.0, help="seconds one run of a query may take (default 30)")
    parser.add_argument("--deadline", type=float, default=420.0,
                        help="seconds after which rdflib in memory is no longer started (default 420)")
    parser.add_argument("--push-max", type=int, default=100_000,
                        help="largest size also copied into Virtuoso over HTTP (kg push); 0: never")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out-dir", default=str(RESULTS_DIR))
    parser.add_argument("--tmp", default=None, help="directory for data and stores (default: system temp)")
    add_worker_arguments(parser, STORES)
    parser.add_argument("--server", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        json.dump(worker(args), sys.stdout)
        return 0

    from bench.synth import write_nquads

    started = time.perf_counter()
    tmp_root = Path(tempfile.mkdtemp(prefix="lore-compare-", dir=args.tmp))
    sizes, skipped = [], []
    try:
        for size in sorted(args.sizes):
            size_dir = Path(tempfile.mkdtemp(prefix=f"size{size}-", dir=tmp_root))
            data = size_dir / "data.nq"
            t0 = time.perf_counter()
            summary = write_nquads(data, size, seed=args.seed)
            samples = dict(summary["samples"], _size=size)
            (size_dir / "samples.json").write_text(json.dumps(samples))
            entry = {"size": size, "quads": summary["quads"], "graphs": summary["graphs"],
                     "file_bytes": data.stat().st_size, "generate_s": time.perf_counter() - t0,
                     "samples": summary["samples"], "stores": {}}
            info = {"data": str(data), "samples_file": str(size_dir / "samples.json")}
            for store in args.stores:
                elapsed = time.perf_counter() - started
                if store == "memory" and elapsed > args.deadline:
                    skipped.append({"size": size, "store": store,
                                    "why": f"the run had used {elapsed:.0f} s, past the {args.deadline:.0f} s deadline"})
                    print(f"[{size:,}] {store}: skipped (deadline)", file=sys.stderr, flush=True)
                    continue
                print(f"[{size:,}] {store} ...", file=sys.stderr, flush=True)
                entry["stores"][store] = run_store(store, info, args, size_dir)
            sizes.append(entry)
            shutil.rmtree(size_dir, ignore_errors=True)
    finally:
        shutil.rmtree(tmp_root, ignore_errors=True)
    machine = machine_info(("rdflib", "pyoxigraph", "spacy"))
    machine["versions"]["virtuoso"] = virtuoso_version()
    report = {"machine": machine, "runs": args.runs, "budget_s": args.budget, "seed": args.seed,
              "deadline_s": args.deadline, "cap_s": args.cap, "queries": QUERIES, "sizes": sizes, "skipped": skipped,
              "total_s": time.perf_counter() - started}
    text = markdown(report)
    out_dir = Path(args.out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    (out_dir / f"compare-{stamp}.json").write_text(json.dumps(report, indent=2))
    (out_dir / f"compare-{stamp}.md").write_text(text)
    print(text)
    print(f"written: {out_dir / f'compare-{stamp}.md'}", file=sys.stderr)
    return 0


# --- the report --------------------------------------------------------------------------------


def _f(x: float) -> str:
    return f"{x:,.2f}" if x < 10 else f"{x:,.1f}" if x < 100 else f"{x:,.0f}"


def _cell(stats: dict | None) -> str:
    if not stats:
        return "-"
    if "too_slow" in stats:
        return f"> {stats['too_slow'] * 1000:,.0f}"
    if "error" in stats:
        return "error"
    note = "" if stats.get("correct", True) else " WRONG"
    n = f" (n={stats['n']})" if stats["n"] < 30 else ""
    return f"{_f(stats['p50_ms'])} / {_f(stats['p95_ms'])}{n}{note}"


def _mb(n: int | None) -> str:
    return "-" if not n else f"{n / 1e6:,.0f} MB"


def markdown(report: dict) -> str:
    m = report["machine"]
    lines = [
        f"Machine: {m['nproc']} CPUs ({m['cpu']}), {m['memory']} RAM, {m['platform']}, Python {m['python']}; "
        + ", ".join(f"{k} {v}" for k, v in m["versions"].items()) + f"; {m['date']}.",
        f"Up to {report['runs']} timed runs per query after warm-up, within {report['budget_s']:.0f} s "
        f"(fewer shown as n=; a cold run over 5 s is the only one; '> N' means one run passed the {report['cap_s']:g} s cap "
        "and was stopped); p50 / p95 in ms.",
        "",
        "### Load and size",
        "",
        "| quads (graphs) | store | load | load s | quads/s | size |",
        "|---|---|---|---:|---:|---|",
    ]
    for size in report["sizes"]:
        label = f"{size['quads']:,} ({size['graphs']:,})"
        for name, res in size["stores"].items():
            if "error" in res:
                lines.append(f"| {label} | {STORE_NAMES[name]} | error: {res['error'][:120]} | | | |")
                continue
            load, sz = res["load"], res["size"]
            if name == "memory":
                size_text = f"{_mb(sz['rss_growth_bytes'])} resident"
            elif name == "oxigraph":
                size_text = f"{_mb(sz['disk_bytes'])} on disk"
            else:
                size_text = (f"{_mb(sz['disk_bytes'])} database files ({_mb(sz['empty_db_bytes'])} empty), "
                             f"server {_mb(sz.get('server_rss_bytes'))} resident")
            lines.append(f"| {label} | {STORE_NAMES[name]} | {load['how']} | {load['seconds']:.2f} | "
                         f"{size['quads'] / load['seconds']:,.0f} | {size_text} |")
            push = res.get("push")
            if push:
                lines.append(f"| {label} | {STORE_NAMES[name]} | {push['how']} | {push['seconds']:.2f} | "
                             f"{push['quads_per_s']:,.0f} | |")
    for size in report["sizes"]:
        stores = [s for s in size["stores"] if "error" not in size["stores"][s]]
        if not stores:
            continue
        lines += ["", f"### {size['quads']:,} quads, {size['graphs']:,} named graphs: p50 / p95 ms", "",
                  "| query | " + " | ".join(STORE_NAMES[s] for s in stores) + " |",
                  "|---|" + "---:|" * len(stores)]
        for q, desc in report["queries"].items():
            cells = [_cell(size["stores"][s]["queries"].get(q)) for s in stores]
            lines.append(f"| {desc} | " + " | ".join(cells) + " |")
        cells = []
        for s in stores:
            rep = size["stores"][s].get("replace", {})
            cells.append("error" if "error" in rep else
                         f"{_f(rep['p50_ms'])} / {_f(rep['p95_ms'])} ({rep['articles_per_s']:,.0f}/s)" if rep else "-")
        lines.append("| replace one article (`replace_graph`), 50 articles | " + " | ".join(cells) + " |")
    errors = [(size["quads"], s, q, st["error"]) for size in report["sizes"] for s, res in size["stores"].items()
              if "queries" in res for q, st in res["queries"].items() if "error" in st and "too_slow" not in st]
    if errors:
        lines += ["", "Errors:", ""]
        lines += [f"- {n:,} quads, {STORE_NAMES[s]}, {QUERIES[q]}: {e}" for n, s, q, e in errors]
    big = max(report["sizes"], key=lambda s: s["quads"], default=None)
    emb = big["stores"].get("oxigraph") if big else None
    if emb and "queries" in emb:
        lines += ["", f"Targets for the embedded store at {big['quads']:,} quads (p95):", ""]
        for q, limit in TARGETS.items():
            st = emb["queries"].get(q, {})
            verdict = ("error" if "error" in st else
                       f"{_f(st['p95_ms'])} ms: {'met' if st['p95_ms'] <= limit and st.get('correct') else 'NOT met'}")
            lines.append(f"- {QUERIES[q]} <= {limit:g} ms: {verdict}")
    if report["skipped"]:
        lines += ["", "Skipped: " + "; ".join(f"{STORE_NAMES[s['store']]} at {s['size']:,} ({s['why']})"
                                            for s in report["skipped"]) + "."]
    lines += ["", "1-minute load average before / after each run: " + "; ".join(
        f"{size['quads']:,} {name} {res['loadavg_1min'][0]:.1f}/{res['loadavg_1min'][1]:.1f}"
        for size in report["sizes"] for name, res in size["stores"].items() if "loadavg_1min" in res) + ".",
        "", f"Total wall time: {report['total_s']:.0f} s."]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    raise SystemExit(main())
