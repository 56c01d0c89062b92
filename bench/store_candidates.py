"""Compare the embedded RDF stores lore-kg could use, on the same synthetic data.

Candidates:
  rdflib-memory  rdflib `Dataset(default_union=True)` in memory, loaded with rdflib's N-Quads parser;
  oxrdflib       rdflib `Dataset(store="Oxigraph", default_union=True)` on disk (oxrdflib), loaded
                 once transactionally (the default) and once with `transactional=False` (bulk);
                 queries run on the bulk-loaded copy;
  pyoxigraph     `pyoxigraph.Store` on disk, `bulk_load` (and a transactional `load` for comparison),
                 queries with `use_default_graph_as_union=True`.

For each size the data comes from bench/synth.py (one named graph per article). Each store is
measured in its own subprocess, so memory figures are that store's alone. Measured: load time,
size on disk, resident memory, median and p95 of >= 30 runs of five queries over the union of the
named graphs, replacement of ~200 articles (`DROP SILENT GRAPH <g>; INSERT DATA { GRAPH <g> {...} }`
as one update) and, for pyoxigraph, the cost of turning result terms into rdflib terms.

Values are bound by writing terms serialised with rdflib's `n3()` into a VALUES block: prepared
queries and `initBindings` make oxrdflib fall back to rdflib's engine (see /work/shared/STORES.md).

Run:  .venv/bin/python -m bench.store_candidates [--sizes 10000 100000 1000000] [--runs 30]
Output: a Markdown report on stdout and bench/results/store_candidates-<time>.{md,json}.
"""

from __future__ import annotations

import argparse
import gc
import json
import resource
import shutil
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

STORES = ("rdflib-memory", "oxrdflib", "pyoxigraph")

PREFIXES = """PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX lore: <https://w3id.org/lore-kg/ontology#>
"""

# name -> (description, query template). `{values}` receives a VALUES block built from rdflib
# terms. DISTINCT everywhere: rdflib's union merges a triple stated in two graphs, Oxigraph's
# does not, and the row counts must agree across stores.
QUERIES: dict[str, tuple[str, str]] = {
    "chain": (
        "season-2 chain: show -> basedOn -> sequel -> label",
        """SELECT DISTINCT ?book ?label WHERE {
  {values}
  ?show lore:basedOn ?first .
  ?first lore:sequel ?book .
  ?book rdfs:label ?label .
}""",
    ),
    "label_search": (
        "label search, CONTAINS(LCASE(STR(?l)), frag)",
        """SELECT DISTINCT ?e ?label WHERE {
  {values}
  ?e rdfs:label ?label .
  FILTER(CONTAINS(LCASE(STR(?label)), ?frag))
}""",
    ),
    "neighbourhood": (
        "1-hop neighbourhood of an entity, both directions",
        """SELECT DISTINCT ?dir ?p ?o WHERE {
  {values}
  { ?e ?p ?o . BIND("out" AS ?dir) }
  UNION
  { ?o ?p ?e . BIND("in" AS ?dir) }
}""",
    ),
    "class_count": (
        "entities per class, COUNT(DISTINCT ?s)",
        """SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE {
  ?s rdf:type ?class .
} GROUP BY ?class ORDER BY ?class""",
    ),
    "path2": (
        "2-hop path between two characters, either direction",
        """SELECT DISTINCT ?p1 ?mid ?p2 WHERE {
  {values}
  { ?a ?p1 ?mid } UNION { ?mid ?p1 ?a }
  ?mid rdf:type lore:Character .
  { ?mid ?p2 ?b } UNION { ?b ?p2 ?mid }
}""",
    ),
    "path2_inline": (
        "same 2-hop path, terms written into the pattern (n3()) instead of VALUES",
        """SELECT DISTINCT ?p1 ?mid ?p2 WHERE {
  { {a} ?p1 ?mid } UNION { ?mid ?p1 {a} }
  ?mid rdf:type lore:Character .
  { ?mid ?p2 {b} } UNION { {b} ?p2 ?mid }
}""",
    ),
}


def values_block(variables: list[str], rows: list[tuple]) -> str:
    """`VALUES (?a ?b) { (t1 t2) }` from rdflib terms, each written with `n3()`."""
    head = " ".join("?" + v for v in variables)
    body = " ".join("(" + " ".join(term.n3() for term in row) + ")" for row in rows)
    return f"VALUES ({head}) {{ {body} }}"


def build_queries(samples: dict[str, str]) -> dict[str, str]:
    from rdflib import Literal, URIRef

    a, b = URIRef(samples["char_a"]), URIRef(samples["char_b"])
    substitutions = {
        "chain": {"{values}": values_block(["show"], [(URIRef(samples["show"]),)])},
        "label_search": {"{values}": values_block(["frag"], [(Literal(samples["fragment"]),)])},
        "neighbourhood": {"{values}": values_block(["e"], [(URIRef(samples["entity"]),)])},
        "class_count": {},
        "path2": {"{values}": values_block(["a", "b"], [(a, b)])},
        "path2_inline": {"{a}": a.n3(), "{b}": b.n3()},
    }
    out = {}
    for name, (_, template) in QUERIES.items():
        for placeholder, text in substitutions[name].items():
            template = template.replace(placeholder, text)
        out[name] = PREFIXES + template
    return out


# --- measuring helpers --------------------------------------------------------------------------


def peak_rss_bytes() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def time_runs(fn, runs: int, budget_s: float, min_runs: int = 3) -> tuple[dict, object]:
    """Warm up (two untimed runs, one if the first takes over a second), then up to `runs` timed
    runs; stop early (after at least `min_runs`) once `budget_s` seconds have gone, which shows
    in `n`. The first (cold) run is kept as `first_ms`."""
    t0 = time.perf_counter()
    result = fn()
    first = time.perf_counter() - t0
    if first < 1.0:
        result = fn()
    times: list[float] = []
    started = time.perf_counter()
    while len(times) < runs:
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
        if len(times) >= min_runs and time.perf_counter() - started > budget_s:
            break
    stats = summarise(times)
    stats["first_ms"] = first * 1000
    return stats, result


# --- term conversion ----------------------------------------------------------------------------


def make_ox_to_rdflib():
    """pyoxigraph term -> rdflib term; `xsd:string` literals become plain literals, which is what
    rdflib 7 compares equal to `Literal("x")` (oxrdflib keeps the datatype)."""
    import pyoxigraph as ox
    from rdflib import BNode, Literal, URIRef

    xsd_string = "http://www.w3.org/2001/XMLSchema#string"
    named, literal, blank = ox.NamedNode, ox.Literal, ox.BlankNode
    datatypes: dict[str, URIRef] = {}

    def convert(term):
        cls = type(term)
        if cls is named:
            return URIRef(term.value)
        if cls is literal:
            lang = term.language
            if lang:
                return Literal(term.value, lang=lang)
            dt = term.datatype.value
            if dt == xsd_string:
                return Literal(term.value)
            uri = datatypes.get(dt)
            if uri is None:
                uri = datatypes[dt] = URIRef(dt)
            return Literal(term.value, datatype=uri)
        if cls is blank:
            return BNode(term.value)
        if term is None:
            return None
        raise TypeError(f"cannot convert {term!r}")

    return convert


# --- replacement workload -----------------------------------------------------------------------


def pick_articles(data: str, count: int) -> list[str]:
    """Every k-th named graph of the file, `count` of them, in file order."""
    graphs: list[str] = []
    seen: set[str] = set()
    with open(data, encoding="utf-8") as lines:
        for line in lines:
            g = line.rstrip()[:-1].rstrip().rsplit(" ", 1)[1]
            if g not in seen:
                seen.add(g)
                graphs.append(g)
    step = max(1, len(graphs) // count)
    return graphs[::step][:count]


def replacement_updates(data: str, count: int) -> tuple[list[tuple[str, str, int, list]], float]:
    """(graph IRI as n3, update string, quads, rdflib triples) for `count` articles; the update
    string is built from rdflib terms with n3(). Also returns the seconds that building took."""
    from rdflib import Dataset

    wanted = set(pick_articles(data, count))
    lines_by_graph: dict[str, list[str]] = {g: [] for g in wanted}
    with open(data, encoding="utf-8") as lines:
        for line in lines:
            g = line.rstrip()[:-1].rstrip().rsplit(" ", 1)[1]
            if g in lines_by_graph:
                lines_by_graph[g].append(line)
    updates = []
    build_s = 0.0
    for g, lines in lines_by_graph.items():
        ds = Dataset()
        ds.parse(data="".join(lines), format="nquads")
        (graph,) = [c for c in ds.graphs() if c.identifier.n3() == g]
        triples = list(graph)
        t0 = time.perf_counter()
        gid = graph.identifier.n3()
        body = "\n".join(f"{s.n3()} {p.n3()} {o.n3()} ." for s, p, o in triples)
        text = f"DROP SILENT GRAPH {gid} ;\nINSERT DATA {{ GRAPH {gid} {{\n{body}\n}} }}"
        updates.append((gid, text, len(triples), triples))
        build_s += time.perf_counter() - t0
    return updates, build_s


def run_replacements(update_fn, updates, budget_s: float) -> dict:
    times = []
    quads = 0
    started = time.perf_counter()
    for item in updates:
        n = item[2]
        t0 = time.perf_counter()
        update_fn(item)
        times.append(time.perf_counter() - t0)
        quads += n
        if len(times) >= 10 and time.perf_counter() - started > budget_s:
            break
    total = sum(times)
    out = summarise(times)
    out.update(
        {
            "articles": len(times),
            "quads": quads,
            "total_s": total,
            "articles_per_s": len(times) / total,
            "quads_per_s": quads / total,
        }
    )
    return out


# --- workers (one subprocess each) --------------------------------------------------------------


def _load_rdflib_memory(data: str, workdir: Path, result: dict):
    from rdflib import Dataset

    ds = Dataset(default_union=True)
    t0 = time.perf_counter()
    ds.parse(data, format="nquads")
    result["load"] = {"mode": "rdflib nquads parser", "seconds": time.perf_counter() - t0}
    result["quads_loaded"] = sum(len(g) for g in ds.graphs())
    return ds


def _load_oxrdflib(data: str, workdir: Path, result: dict):
    from rdflib import Dataset

    path = workdir / "oxrdflib"
    ds = Dataset(store="Oxigraph", default_union=True)
    ds.open(str(path))
    t0 = time.perf_counter()
    ds.parse(data, format="ox-nquads", transactional=False)
    seconds = time.perf_counter() - t0
    ds.store._inner.flush()
    load = {"mode": "parse(format='ox-nquads', transactional=False)", "seconds": seconds, "disk_bytes": disk_usage(path)}
    ds.close()
    del ds
    gc.collect()
    ds = Dataset(store="Oxigraph", default_union=True)
    ds.open(str(path))
    load["disk_bytes_reopened"] = disk_usage(path)
    result["load"] = load
    result["quads_loaded"] = len(ds.store._inner)
    return ds


def _alternatives_oxrdflib(data: str, workdir: Path, result: dict) -> None:
    from rdflib import Dataset

    path = workdir / "oxrdflib-tx"
    ds = Dataset(store="Oxigraph", default_union=True)
    ds.open(str(path))
    t0 = time.perf_counter()
    ds.parse(data, format="ox-nquads")
    seconds = time.perf_counter() - t0
    ds.store._inner.flush()
    entry = {"mode": "parse(format='ox-nquads') (transactional, the default)", "seconds": seconds, "disk_bytes": disk_usage(path)}
    ds.close()
    del ds
    gc.collect()
    import pyoxigraph as ox

    reopened = ox.Store(str(path))
    entry["disk_bytes_reopened"] = disk_usage(path)
    del reopened
    gc.collect()
    shutil.rmtree(path)
    result["load_alternatives"] = [entry]


def _load_pyoxigraph(data: str, workdir: Path, result: dict):
    import pyoxigraph as ox

    path = workdir / "pyoxigraph"
    store = ox.Store(str(path))
    t0 = time.perf_counter()
    store.bulk_load(path=data, format=ox.RdfFormat.N_QUADS)
    seconds = time.perf_counter() - t0
    store.flush()
    load = {"mode": "Store.bulk_load", "seconds": seconds, "disk_bytes": disk_usage(path)}
    del store
    gc.collect()
    store = ox.Store(str(path))
    load["disk_bytes_reopened"] = disk_usage(path)
    result["load"] = load
    result["quads_loaded"] = len(store)
    return store


def _alternatives_pyoxigraph(data: str, workdir: Path, result: dict) -> None:
    import pyoxigraph as ox

    # Transactional load (reads the whole file into memory first).
    path = workdir / "pyoxigraph-tx"
    store = ox.Store(str(path))
    t0 = time.perf_counter()
    store.load(path=data, format=ox.RdfFormat.N_QUADS)
    seconds = time.perf_counter() - t0
    store.flush()
    entry = {"mode": "Store.load (transactional)", "seconds": seconds, "disk_bytes": disk_usage(path)}
    del store
    gc.collect()
    store = ox.Store(str(path))
    entry["disk_bytes_reopened"] = disk_usage(path)
    del store
    gc.collect()
    shutil.rmtree(path)
    result["load_alternatives"] = [entry]


def worker(args) -> dict:
    samples = json.loads(Path(args.samples).read_text())
    queries = build_queries(samples)
    workdir = Path(args.workdir)
    result: dict = {"store": args.worker}
    # Import before the memory baseline, so RSS growth is the data's, not the libraries'.
    import rdflib  # noqa: F401

    if args.worker != "rdflib-memory":
        import pyoxigraph  # noqa: F401
    if args.worker == "oxrdflib":
        import oxrdflib  # noqa: F401
    gc.collect()
    rss0 = rss_bytes()
    loader = {"rdflib-memory": _load_rdflib_memory, "oxrdflib": _load_oxrdflib, "pyoxigraph": _load_pyoxigraph}[args.worker]
    store = loader(args.data, workdir, result)
    gc.collect()
    result["rss_growth_bytes"] = rss_bytes() - rss0
    result["peak_rss_bytes"] = peak_rss_bytes()
    alternatives = {"oxrdflib": _alternatives_oxrdflib, "pyoxigraph": _alternatives_pyoxigraph}.get(args.worker)
    if alternatives:
        alternatives(args.data, workdir, result)

    if args.worker == "pyoxigraph":

        def run(q):
            return [tuple(sol) for sol in store.query(q, use_default_graph_as_union=True)]

    else:

        def run(q):
            return list(store.query(q))

    result["queries"] = {}
    for name, text in queries.items():
        stats, rows = time_runs(lambda: run(text), args.runs, args.budget)
        stats["rows"] = len(rows)
        stats["check"] = check_answer(name, rows, samples)
        result["queries"][name] = stats

    if args.worker == "rdflib-memory":
        from rdflib.plugins.sparql import prepareQuery

        stats, _ = time_runs(lambda: prepareQuery(queries["neighbourhood"]), args.runs, args.budget)
        result["rdflib_parse_neighbourhood_query"] = stats

    if args.worker == "pyoxigraph":
        convert = make_ox_to_rdflib()
        text = queries["neighbourhood"]

        def converted():
            return [tuple(convert(t) for t in sol) for sol in store.query(text, use_default_graph_as_union=True)]

        raw_stats, raw_rows = time_runs(lambda: run(text), max(args.runs, 100), args.budget)
        conv_stats, conv_rows = time_runs(converted, max(args.runs, 100), args.budget)
        rows = list(raw_rows)
        # Conversion alone, over the same rows, to separate it from query noise.
        conv_only, _ = time_runs(lambda: [tuple(convert(t) for t in r) for r in rows], max(args.runs, 100), args.budget)
        result["conversion"] = {
            "query": "neighbourhood",
            "rows": len(rows),
            "terms": sum(len(r) for r in rows),
            "raw_ox_terms": raw_stats,
            "with_rdflib_terms": conv_stats,
            "conversion_only": conv_only,
            "us_per_row": conv_only["p50_ms"] * 1000 / max(1, len(rows)),
        }

    if args.replace:
        updates, build_s = replacement_updates(args.data, args.replace)
        if args.worker == "pyoxigraph":
            import pyoxigraph as ox

            def count_graph(g):
                return sum(1 for _ in store.quads_for_pattern(None, None, None, ox.NamedNode(g[1:-1])))

            variants = [("Store.update", lambda item: store.update(item[1]))]
        else:
            from rdflib import Dataset, URIRef

            def count_graph(g):
                return len(store.graph(URIRef(g[1:-1])))

            variants = [("Dataset(default_union=True).update", lambda item: store.update(item[1]))]
            if args.worker == "rdflib-memory":
                # Not SPARQL: the Python API, which skips parsing the update (no transaction).
                def api_replace(item):
                    g = URIRef(item[0][1:-1])
                    store.remove_graph(g)
                    ctx = store.graph(g)
                    ctx.addN((s, p, o, ctx) for s, p, o in item[3])

                variants.append(("remove_graph + addN (Python API)", api_replace))
            if args.worker == "oxrdflib":
                # rdflib hands a union dataset's update to the store with queryGraph "__UNION__",
                # oxrdflib refuses it and rdflib falls back to its own update engine. A second
                # Dataset over the same store, without default_union, reaches Oxigraph directly.
                direct = Dataset(store=store.store)
                variants.append(("Dataset(store=same, default_union=False).update", lambda item: direct.update(item[1])))
        before = {item[0]: count_graph(item[0]) for item in updates}
        result["replacement"] = []
        for label, update_fn in variants:
            rep = run_replacements(update_fn, updates, args.budget)
            after = {item[0]: count_graph(item[0]) for item in updates[: rep["articles"]]}
            rep["how"] = label
            rep["build_strings_s_per_article"] = build_s / max(1, len(updates))
            rep["graphs_unchanged"] = all(before[g] == after[g] for g in after)
            result["replacement"].append(rep)
    if args.worker == "pyoxigraph":
        store.flush()
        result["disk_bytes_end"] = disk_usage(workdir / "pyoxigraph")
        t0 = time.perf_counter()
        store.optimize()
        result["optimize_s"] = time.perf_counter() - t0
        result["disk_bytes_optimized"] = disk_usage(workdir / "pyoxigraph")
    return result


def check_answer(name: str, rows: list, samples: dict) -> bool | None:
    """Does the result contain what the generator says it must? (Guards against a query that is
    fast because it is wrong.)"""
    text = [" ".join(str(getattr(t, "value", t)) for t in row) for row in rows]
    if name == "chain":
        return any(samples["book2_label"] in r for r in text)
    if name == "label_search":
        return any(samples["show"] in r for r in text)
    if name == "neighbourhood":
        return len(rows) > 0
    if name == "path2":
        return any(samples["char_mid"] in r for r in text)
    if name == "class_count":
        return any("ontology#Show" in r for r in text)
    return None


# --- orchestration ------------------------------------------------------------------------------


def run_size(size: int, args, tmp_root: Path) -> dict:
    from bench.synth import write_nquads

    size_dir = Path(tempfile.mkdtemp(prefix=f"size{size}-", dir=tmp_root))
    data = size_dir / "data.nq"
    t0 = time.perf_counter()
    summary = write_nquads(data, size, seed=args.seed)
    gen_s = time.perf_counter() - t0
    samples_path = size_dir / "samples.json"
    samples_path.write_text(json.dumps(summary["samples"]))
    out = {
        "size": size,
        "quads": summary["quads"],
        "graphs": summary["graphs"],
        "file_bytes": data.stat().st_size,
        "generate_s": gen_s,
        "samples": summary["samples"],
        "stores": {},
    }
    for store in args.stores:
        workdir = Path(tempfile.mkdtemp(prefix=store + "-", dir=size_dir))
        print(f"[{size}] {store} ...", file=sys.stderr, flush=True)
        out["stores"][store] = run_worker("bench.store_candidates", store, data, samples_path, workdir,
                                          "--runs", str(args.runs), "--budget", str(args.budget),
                                          "--replace", str(args.replace))
        print(f"[{size}] {store} done in {out['stores'][store]['wall_s']:.1f} s", file=sys.stderr, flush=True)
        shutil.rmtree(workdir, ignore_errors=True)
    shutil.rmtree(size_dir, ignore_errors=True)
    return out


def _mb(n: int | None) -> str:
    return "-" if n is None else f"{n / 1e6:,.1f}"


def _ms(stats: dict | None, runs: int) -> str:
    if not stats:
        return "-"

    def f(x: float) -> str:
        return f"{x:,.3f}" if x < 1 else f"{x:,.2f}" if x < 100 else f"{x:,.0f}"

    note = "" if stats["n"] >= runs else f" (n={stats['n']})"
    return f"{f(stats['p50_ms'])} / {f(stats['p95_ms'])}{note}"


def markdown(report: dict) -> str:
    runs = report["runs"]
    lines = []
    m = report["machine"]
    lines.append(
        f"Machine: {m['nproc']} CPUs ({m['cpu']}), {m['memory']} RAM, Python {m['python']}, "
        + ", ".join(f"{k} {v}" for k, v in m["versions"].items())
        + f"; {m['date']}. Runs per query: {runs} after warm-up"
        + f" (fewer, shown as n=, when a query used up its {report['budget_s']:.0f} s budget)."
    )
    lines.append("")
    lines.append("### Loading")
    lines.append("")
    lines.append("| quads (graphs) | store | how | load s | quads/s | disk MB after load | disk MB reopened | RSS growth MB | peak RSS MB |")
    lines.append("|---|---|---|---:|---:|---:|---:|---:|---:|")
    for size in report["sizes"]:
        label = f"{size['quads']:,} ({size['graphs']:,})"
        for name, res in size["stores"].items():
            if "error" in res:
                lines.append(f"| {label} | {name} | error | | | | | | |")
                continue
            for load in [res["load"], *res.get("load_alternatives", [])]:
                lines.append(
                    f"| {label} | {name} | {load['mode']} | {load['seconds']:.2f} | {size['quads'] / load['seconds']:,.0f} | "
                    f"{_mb(load.get('disk_bytes'))} | {_mb(load.get('disk_bytes_reopened'))} | "
                    f"{_mb(res['rss_growth_bytes']) if load is res['load'] else ''} | "
                    f"{_mb(res['peak_rss_bytes']) if load is res['load'] else ''} |"
                )
    for size in report["sizes"]:
        res = size["stores"].get("pyoxigraph", {})
        if "disk_bytes_optimized" in res:
            lines.append("")
            lines.append(
                f"pyoxigraph at {size['quads']:,} quads: {_mb(res['disk_bytes_end'])} MB on disk after the replacement runs, "
                f"{_mb(res['disk_bytes_optimized'])} MB after `optimize()` ({res['optimize_s']:.1f} s)."
            )
    lines.append("")
    lines.append("### Queries over the union of named graphs: median / p95 ms")
    for size in report["sizes"]:
        stores = [s for s in size["stores"] if "error" not in size["stores"][s]]
        lines.append("")
        lines.append(f"{size['quads']:,} quads, {size['graphs']:,} named graphs:")
        lines.append("")
        lines.append("| query | rows | " + " | ".join(stores) + " |")
        lines.append("|---|---:|" + "---:|" * len(stores))
        for qname, (desc, _) in QUERIES.items():
            rows = {size["stores"][s]["queries"][qname]["rows"] for s in stores}
            checks = [size["stores"][s]["queries"][qname]["check"] for s in stores]
            rows_text = "/".join(str(r) for r in sorted(rows)) + ("" if all(c is not False for c in checks) else " WRONG")
            cells = " | ".join(_ms(size["stores"][s]["queries"][qname], runs) for s in stores)
            lines.append(f"| {desc} | {rows_text} | {cells} |")
    lines.append("")
    lines.append("### Replacing one article (DROP SILENT GRAPH + INSERT DATA in one update)")
    lines.append("")
    lines.append("| quads | store | how | articles | quads/article | median ms | p95 ms | articles/s | quads/s | graphs intact |")
    lines.append("|---|---|---|---:|---:|---:|---:|---:|---:|---|")
    for size in report["sizes"]:
        for name, res in size["stores"].items():
            for rep in res.get("replacement") or []:
                lines.append(
                    f"| {size['quads']:,} | {name} | `{rep['how']}` | {rep['articles']} | {rep['quads'] / rep['articles']:.0f} | "
                    f"{rep['p50_ms']:.2f} | {rep['p95_ms']:.2f} | {rep['articles_per_s']:,.0f} | {rep['quads_per_s']:,.0f} | "
                    f"{'yes' if rep['graphs_unchanged'] else 'NO'} |"
                )
    lines.append("")
    lines.append("### pyoxigraph result terms -> rdflib terms (1-hop neighbourhood)")
    lines.append("")
    lines.append("| quads | rows | query, pyoxigraph terms ms | query + conversion ms | conversion alone ms | us per row |")
    lines.append("|---|---:|---:|---:|---:|---:|")
    for size in report["sizes"]:
        conv = size["stores"].get("pyoxigraph", {}).get("conversion")
        if conv:
            lines.append(
                f"| {size['quads']:,} | {conv['rows']} | {conv['raw_ox_terms']['p50_ms']:.3f} | "
                f"{conv['with_rdflib_terms']['p50_ms']:.3f} | {conv['conversion_only']['p50_ms']:.3f} | {conv['us_per_row']:.2f} |"
            )
    parse = [
        (size["quads"], size["stores"]["rdflib-memory"].get("rdflib_parse_neighbourhood_query"))
        for size in report["sizes"]
        if "rdflib-memory" in size["stores"] and "error" not in size["stores"]["rdflib-memory"]
    ]
    if parse:
        lines.append("")
        lines.append(
            "rdflib parses the query text on every `query()` call; parsing the neighbourhood query alone "
            "(`prepareQuery`) takes " + ", ".join(f"{p['p50_ms']:.1f} ms" for _, p in parse[:1]) + " (median)."
        )
    lines.append("")
    lines.append(
        "1-minute load average before / after each store's run (the machine has "
        f"{m['nproc']} CPUs; above ~1 other processes were competing): "
        + "; ".join(
            f"{size['quads']:,} {name} {res['loadavg_1min'][0]:.1f}/{res['loadavg_1min'][1]:.1f}"
            for size in report["sizes"]
            for name, res in size["stores"].items()
            if "loadavg_1min" in res
        )
        + "."
    )
    lines.append("")
    lines.append(f"Total wall time: {report['total_s']:.0f} s.")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.store_candidates", description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000], help="dataset sizes in quads (default: 10000 100000)")
    parser.add_argument("--stores", nargs="+", choices=STORES, default=list(STORES))
    parser.add_argument("--runs", type=int, default=30, help="timed runs per query (default 30)")
    parser.add_argument("--budget", type=float, default=60.0, help="seconds per query before stopping early, after at least 5 runs (default 60)")
    parser.add_argument("--replace", type=int, default=200, help="articles to replace (0: skip)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out-dir", default=str(RESULTS_DIR))
    parser.add_argument("--tmp", default=None, help="directory for data and stores (default: system temp)")
    add_worker_arguments(parser, STORES)
    args = parser.parse_args(argv)

    if args.worker:
        json.dump(worker(args), sys.stdout)
        return 0

    started = time.perf_counter()
    tmp_root = Path(tempfile.mkdtemp(prefix="lore-store-bench-", dir=args.tmp))
    try:
        sizes = [run_size(size, args, tmp_root) for size in args.sizes]
    finally:
        shutil.rmtree(tmp_root, ignore_errors=True)
    report = {
        "machine": machine_info(("rdflib", "oxrdflib", "pyoxigraph")),
        "runs": args.runs,
        "budget_s": args.budget,
        "seed": args.seed,
        "queries": {name: {"description": d, "template": t} for name, (d, t) in QUERIES.items()},
        "sizes": sizes,
        "total_s": time.perf_counter() - started,
    }
    text = markdown(report)
    out_dir = Path(args.out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    (out_dir / f"store_candidates-{stamp}.json").write_text(json.dumps(report, indent=2))
    (out_dir / f"store_candidates-{stamp}.md").write_text(text)
    print(text)
    print(f"written: {out_dir / f'store_candidates-{stamp}.json'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
