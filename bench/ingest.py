"""Ingest throughput: the extraction pipeline alone, and end to end into the embedded store.

    .venv/bin/python -m bench.ingest [--copies 10] [--jobs 1 2] [--json FILE]

The corpus is the development and example articles, each repeated under new file names
(`--copies`), so every run reads, extracts and writes real articles.
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [ROOT / "eval" / "dev", ROOT / "examples" / "articles"]
SUFFIXES = {".txt", ".md", ".html", ".htm"}


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


def bench_pipeline(paths: list[Path]) -> dict:
    from extractors.pipeline import load_pipeline
    from kg.sources import read_document

    docs = [read_document(str(p)) for p in paths]
    words = sum(len(d.text.split()) for d in docs)
    pipe = load_pipeline()
    list(pipe.extract_many(docs[:5]))  # warm up
    start = time.perf_counter()
    for _ in pipe.extract_many(docs):
        pass
    seconds = time.perf_counter() - start
    return {"stage": "pipeline alone", "articles": len(docs), "words": words, "seconds": round(seconds, 2),
            "words_per_s": round(words / seconds), "articles_per_s": round(len(docs) / seconds, 1)}


def bench_end_to_end(corpus: Path, words: int, articles: int, jobs: int) -> dict:
    from kg.ingest import ingest_paths
    from kg.store import open_store

    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(str(Path(tmp) / "store"))
        start = time.perf_counter()
        report = ingest_paths(store, [str(corpus)], jobs=jobs)
        seconds = time.perf_counter() - start
        quads = len(store)
        store.close()
    return {"stage": f"end to end, embedded store, {jobs} job(s)", "articles": articles, "words": words,
            "seconds": round(seconds, 2), "words_per_s": round(words / seconds),
            "articles_per_s": round(articles / seconds, 1), "failures": len(report.failures), "quads": quads}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, default=10)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        paths = make_corpus(corpus, args.copies)
        words = words_in(paths)
        rows = [bench_pipeline(paths)]
        rows += [bench_end_to_end(corpus, words, len(paths), j) for j in args.jobs]
    print("| stage | articles | words | seconds | words/s | articles/s |")
    print("|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['stage']} | {r['articles']} | {r['words']} | {r['seconds']} | {r['words_per_s']:,} | {r['articles_per_s']} |")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
