import json
import os
import sys

import pytest
from rdflib import Literal

from kg import ingest as ingest_mod
from kg.cli import cli
from kg.errors import ArticleNotFoundError, LoreError
from kg.identity import article_iri, entity_iri
from kg.articles import list_articles, remove_article, resolve_article
from kg.ingest import ingest_documents, ingest_paths
from kg.sources import read_document
from kg.pipelines import Pipeline
from kg.store import open_store
from kg.vocab import LORE
from kg.extraction import EntityKey
from tests.fake_extractor import FakeExtractor

FACTORY = "tests.fake_extractor:load_pipeline"

ARTICLE_A = """Tiny Pretty Things renewed

Tiny Pretty Things is based on Tiny Pretty Things Novel.
Tiny Pretty Things Novel is followed by Shiny Broken Pieces.
Tiny Pretty Things was renewed.
"""
ARTICLE_B = """Elite news

Elite is based on Some Book.
Elite was canceled.
"""

SHOW_A = entity_iri(EntityKey("Show", "Tiny Pretty Things"))
BOOK_A = entity_iri(EntityKey("Book", "Tiny Pretty Things Novel"))
ELITE = entity_iri(EntityKey("Show", "Elite"))


@pytest.fixture
def articles(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE_A, encoding="utf-8")
    (folder / "b.md").write_text(ARTICLE_B, encoding="utf-8")
    return folder


def quads(store):
    return set(store.quads())


def in_graph(store, graph):
    """The triples of one named graph. (MemoryStore.quads(graph) also yields the other graphs
    a triple of `graph` is in, hence the filter.)"""
    return {(s, p, o) for s, p, o, g in store.quads(graph) if g == graph}


def graph_of(store, path):
    return article_iri(os.path.abspath(path))


def run(store, specs, extractor=None, **kw):
    pipeline = Pipeline(extractor=extractor if extractor is not None else FakeExtractor())
    return ingest_paths(store, [str(s) for s in specs], pipeline=pipeline, **kw)


def test_ingest_writes_one_graph_per_article(store, articles):
    report = run(store, [articles])
    assert report.exit_code == 0 and report.ok
    assert len(report.ingested) == 2 and report.failures == [] and report.skipped == []
    a, b = graph_of(store, articles / "a.txt"), graph_of(store, articles / "b.md")
    assert set(store.graphs()) == {a, b}
    in_a = in_graph(store, a)
    assert (SHOW_A, LORE.basedOn, BOOK_A) in in_a
    assert (SHOW_A, LORE.renewalStatus, LORE.Renewed) in in_a
    assert (ELITE, LORE.renewalStatus, LORE.Canceled) in in_graph(store, b)
    assert (ELITE, LORE.renewalStatus, LORE.Canceled) not in in_a
    facts = {src: n for src, _, n in report.ingested}
    # basedOn, sequel, prequel (inverse), renewalStatus
    assert facts[os.path.abspath(articles / "a.txt")] == 4
    assert report.facts == 4 + 2


def test_ingest_twice_changes_nothing_and_reports_skipped(store, articles):
    run(store, [articles])
    before = quads(store)
    extractor = FakeExtractor()
    report = run(store, [articles], extractor=extractor)
    assert quads(store) == before
    assert report.ingested == [] and len(report.skipped) == 2
    assert extractor.calls == 0  # unchanged articles are not even extracted
    assert report.exit_code == 0
    assert "0 articles ingested (0 facts), 2 unchanged" == report.summary()


def test_ingest_new_pipeline_version_reingests(store, articles):
    run(store, [articles])
    report = run(store, [articles], extractor=FakeExtractor(version="2"))
    assert len(report.ingested) == 2 and report.skipped == []
    a = graph_of(store, articles / "a.txt")
    versions = {o for s, p, o in in_graph(store, a) if p == LORE.pipelineVersion}
    assert versions == {Literal("2")}


def test_ingest_edited_file_replaces_its_graph(store, articles):
    run(store, [articles])
    b = graph_of(store, articles / "b.md")
    b_before = in_graph(store, b)
    (articles / "a.txt").write_text("Tiny Pretty Things news\n\nTiny Pretty Things was canceled.\n")
    report = run(store, [articles])
    assert len(report.ingested) == 1 and len(report.skipped) == 1
    a = graph_of(store, articles / "a.txt")
    in_a = in_graph(store, a)
    assert (SHOW_A, LORE.renewalStatus, LORE.Canceled) in in_a
    assert (SHOW_A, LORE.renewalStatus, LORE.Renewed) not in in_a
    assert (SHOW_A, LORE.basedOn, BOOK_A) not in in_a
    assert not store.query("ASK { ?s lore:basedOn ?o . FILTER(?s = <%s>) }" % SHOW_A).boolean
    assert in_graph(store, b) == b_before  # the other article is intact


def test_ingest_force_reingests(store, articles):
    run(store, [articles])
    before = quads(store)
    extractor = FakeExtractor()
    report = run(store, [articles], extractor=extractor, force=True)
    assert len(report.ingested) == 2 and report.skipped == []
    assert extractor.calls == 2
    assert quads(store) == before  # deterministic output: the same graphs again


def test_ingest_failing_files_are_reported_and_others_ingested(store, articles):
    (articles / "empty.txt").write_text("   \n")
    (articles / "image.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    report = run(store, [articles, articles / "missing.txt"])
    assert len(report.ingested) == 2
    failed = dict(report.failures)
    assert set(failed) == {os.path.abspath(articles / "empty.txt"), os.path.abspath(articles / "image.html"),
                           str(articles / "missing.txt")}
    assert "empty" in failed[os.path.abspath(articles / "empty.txt")]
    assert "PNG" in failed[os.path.abspath(articles / "image.html")]
    assert all("\n" not in r for r in failed.values())
    assert report.exit_code == 0  # something was ingested
    assert set(store.graphs()) == {graph_of(store, articles / "a.txt"), graph_of(store, articles / "b.md")}


def test_ingest_exit_code_when_nothing_could_be_ingested(store, tmp_path):
    (tmp_path / "empty.txt").write_text("")
    report = run(store, [tmp_path / "empty.txt"])
    assert report.ingested == [] and len(report.failures) == 1
    assert report.exit_code == 1 and not report.ok
    assert len(store) == 0


def test_ingest_extractor_raising_for_one_document(store, articles):
    run(store, [articles])
    before_a = in_graph(store, graph_of(store, articles / "a.txt"))
    (articles / "a.txt").write_text(ARTICLE_A + "\nEXPLODE.\n")
    (articles / "c.txt").write_text("Boom\n\nEXPLODE here too.\n")
    (articles / "d.txt").write_text("Dash\n\nDash is based on Dash Book.\n")
    report = run(store, [articles])
    failed = dict(report.failures)
    assert set(failed) == {os.path.abspath(articles / "a.txt"), os.path.abspath(articles / "c.txt")}
    assert "extraction failed" in failed[os.path.abspath(articles / "a.txt")]
    assert "exploded" in failed[os.path.abspath(articles / "a.txt")]
    assert [os.path.basename(s) for s, _, _ in report.ingested] == ["d.txt"]
    assert in_graph(store, graph_of(store, articles / "a.txt")) == before_a  # old graph kept
    assert not store.has_graph(graph_of(store, articles / "c.txt"))


def test_ingest_conversion_error_stores_nothing_for_that_article(store, articles):
    class BadPredicate(FakeExtractor):
        def extract(self, document):
            x = super().extract(document)
            if "Elite" in document.text:
                x.facts[0].predicate = "notAPredicate"
            return x

    report = run(store, [articles], extractor=BadPredicate())
    [(source, reason)] = report.failures
    assert source.endswith("b.md") and "notAPredicate" in reason
    assert store.graphs() == [graph_of(store, articles / "a.txt")]


def test_ingest_documents_with_already_read_documents(store, articles):
    docs = [read_document(str(articles / "a.txt")), read_document(str(articles / "b.md"))]
    report = ingest_documents(store, docs, FakeExtractor(), batch_size=1)
    assert len(report.ingested) == 2
    again = ingest_documents(store, docs, FakeExtractor())
    assert len(again.skipped) == 2


def test_ingest_loads_the_pipeline_lazily_from_the_factory(store, articles, monkeypatch):
    monkeypatch.setenv("KG_EXTRACTOR", FACTORY)
    monkeypatch.setenv("KG_MODEL", "7")
    report = ingest_paths(store, [str(articles)])
    assert len(report.ingested) == 2
    a = graph_of(store, articles / "a.txt")
    assert {o for s, p, o in in_graph(store, a) if p == LORE.pipelineVersion} == {Literal("7")}


def test_ingest_pipeline_load_failure_is_a_lore_error(store, articles, monkeypatch):
    monkeypatch.setenv("KG_EXTRACTOR", "tests.no_such_module:load_pipeline")
    with pytest.raises(LoreError, match="cannot load the extraction pipeline"):
        ingest_paths(store, [str(articles)])
    assert len(store) == 0


def test_ingest_with_two_jobs(store, articles):
    from kg.store import open_store

    (articles / "c.txt").write_text("Boom\n\nEXPLODE.\n")
    report = ingest_paths(store, [str(articles)], jobs=2, pipeline=Pipeline(FACTORY), batch_size=1)
    assert sorted(os.path.basename(s) for s, _, _ in report.ingested) == ["a.txt", "b.md"]
    assert [os.path.basename(s) for s, _ in report.failures] == ["c.txt"]
    assert "exploded" in report.failures[0][1]
    single = open_store("memory")
    run(single, [articles])  # the same graphs as one process writes
    assert set(store.quads()) == set(single.quads())
    again = ingest_paths(store, [str(articles)], jobs=2, pipeline=Pipeline(FACTORY))
    assert len(again.skipped) == 2 and again.ingested == [] and len(again.failures) == 1


def test_ingest_with_two_jobs_and_a_given_extractor(store, articles):
    report = ingest_paths(store, [str(articles)], jobs=2, pipeline=Pipeline(extractor=FakeExtractor(version="5")))
    assert len(report.ingested) == 2
    a = graph_of(store, articles / "a.txt")
    assert {o for s, p, o in in_graph(store, a) if p == LORE.pipelineVersion} == {Literal("5")}


def test_ingest_with_two_jobs_pipeline_load_failure(store, articles):
    with pytest.raises(LoreError, match="cannot load the extraction pipeline"):
        ingest_paths(store, [str(articles)], jobs=2, pipeline=Pipeline("tests.no_such_module:load"))
    assert len(store) == 0


def test_ingest_list_articles(store, articles):
    run(store, [articles])
    listed = list_articles(store)
    assert [a["source"] for a in listed] == sorted(
        [os.path.abspath(articles / "a.txt"), os.path.abspath(articles / "b.md")],
        key=lambda s: str(article_iri(s)))
    by_source = {a["source"]: a for a in listed}
    a = by_source[os.path.abspath(articles / "a.txt")]
    assert a["title"] == "Tiny Pretty Things renewed" and a["facts"] == 4
    assert a["iri"] == str(graph_of(store, articles / "a.txt"))


def test_ingest_remove_by_path_iri_and_suffix(store, articles, monkeypatch):
    run(store, [articles])
    a, b = graph_of(store, articles / "a.txt"), graph_of(store, articles / "b.md")
    monkeypatch.chdir(articles)
    assert resolve_article(store, "a.txt") == a  # relative path, resolved like ingest does
    iri, info = remove_article(store, "a.txt")
    assert iri == a and info["source"].endswith("a.txt") and info["facts"] > 0  # what was dropped
    assert store.graphs() == [b]
    run(store, [articles])
    assert remove_article(store, f"<{a}>")[0] == a
    assert remove_article(store, str(b).rsplit("/", 1)[1])[0] == b
    assert store.graphs() == [] and len(store) == 0


def test_ingest_remove_unknown_and_ambiguous_refs(store, articles):
    import io

    run(store, [articles])
    with pytest.raises(ArticleNotFoundError, match="kg stats"):
        remove_article(store, "no-such-article")
    with pytest.raises(ArticleNotFoundError, match="kg stats"):
        remove_article(store, str(articles / "never-ingested.txt"))
    for text in ("One\n\nOne is based on Book One.\n", "Two\n\nTwo is based on Book Two.\n"):
        run(store, ["-"], stdin=io.BytesIO(text.encode()))
    assert len(store.graphs()) == 4  # two stdin articles, told apart by their titles
    with pytest.raises(ArticleNotFoundError, match="matches 2 articles"):
        remove_article(store, "-")
    assert len(store.graphs()) == 4


# --- the CLI ---------------------------------------------------------------------------------


def kg(runner, store_dir, *args, input=None):
    return runner.invoke(cli, ["--store", store_dir, *args], input=input)


@pytest.fixture
def fake_pipeline(monkeypatch):
    monkeypatch.setenv("KG_EXTRACTOR", FACTORY)


def test_ingest_cli_summary_and_idempotence(runner, store_dir, articles, fake_pipeline):
    r = kg(runner, store_dir, "ingest", str(articles))
    assert r.exit_code == 0, r.output
    assert "2 articles ingested (6 facts), 0 unchanged" in r.output
    r = kg(runner, store_dir, "ingest", str(articles))
    assert r.exit_code == 0
    assert "0 articles ingested (0 facts), 2 unchanged" in r.output
    r = kg(runner, store_dir, "ingest", "--force", str(articles))
    assert "2 articles ingested (6 facts), 0 unchanged" in r.output


def test_ingest_cli_failures_exit_status_and_json(runner, store_dir, articles, tmp_path, fake_pipeline):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    r = kg(runner, store_dir, "ingest", str(empty))
    assert r.exit_code == 1
    assert f"kg: error: {empty}: " in r.stderr
    assert r.stderr.count(str(empty)) == 1  # the source is named once
    r = kg(runner, store_dir, "ingest", "--json", str(empty), str(articles))
    assert r.exit_code == 0
    data = json.loads(r.stdout)
    assert data["totals"] == {"ingested": 2, "facts": 6, "unchanged": 0, "failed": 1}
    assert data["failures"][0]["source"] == str(empty)


def test_ingest_cli_model_and_stdin(runner, store_dir, fake_pipeline):
    r = kg(runner, store_dir, "ingest", "--model", "9", "-", input="Dash\n\nDash is based on Dash Book.\n")
    assert r.exit_code == 0, r.output
    assert "1 article ingested (1 facts)" in r.output
    q = kg(runner, store_dir, "query", "--format", "csv", "SELECT ?v WHERE { ?a lore:pipelineVersion ?v }")
    assert q.output.split() == ["v", "9"]


def test_ingest_cli_gives_the_model_to_the_configured_factory(runner, store_dir, articles, monkeypatch):
    monkeypatch.setenv("KG_EXTRACTOR", FACTORY)
    r = kg(runner, store_dir, "ingest", "--model", "m1", str(articles))
    assert r.exit_code == 0
    with open_store(str(store_dir), read_only=True) as store:
        a = graph_of(store, articles / "a.txt")
        assert {o for s, p, o in in_graph(store, a) if p == LORE.pipelineVersion} == {Literal("m1")}


def test_ingest_cli_jobs(runner, store_dir, articles, fake_pipeline):
    r = kg(runner, store_dir, "ingest", "--jobs", "2", str(articles))
    assert r.exit_code == 0, r.output
    assert "2 articles ingested (6 facts)" in r.output


def test_ingest_cli_remove(runner, store_dir, articles, fake_pipeline):
    kg(runner, store_dir, "ingest", str(articles))
    r = kg(runner, store_dir, "remove", str(articles / "a.txt"))
    assert r.exit_code == 0, r.output
    a = article_iri(os.path.abspath(articles / "a.txt"))
    assert f"removed {a} (Tiny Pretty Things renewed, {os.path.abspath(articles / 'a.txt')}; 4 facts)" in r.output
    r = kg(runner, store_dir, "remove", str(a))
    assert r.exit_code == 1
    assert "kg: error: no article matches" in r.stderr
    stats = json.loads(kg(runner, store_dir, "stats", "--json").output)
    assert stats["articles"] == 1


def test_ingest_cli_help_does_not_import_spacy():
    import subprocess

    code = "import sys; from kg.cli import cli; cli(['ingest', '--help'], standalone_mode=False); print('spacy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().endswith("False")


def _numbered(tmp_path, n):
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(n):
        (folder / f"{i:02d}.txt").write_text(f"Show {i}\n\nShow Number{i} is based on Book Number{i}.\n")
    return folder


def test_ingest_writes_in_the_background_in_order_when_the_store_allows(tmp_path):
    """The embedded store takes writes on a thread of its own while the next batch is extracted:
    every article is written, and reported in the order read."""
    from kg.store import open_store

    store = open_store(str(tmp_path / "store"))
    assert store.background_writes
    folder = _numbered(tmp_path, 7)
    report = ingest_paths(store, [str(folder)], pipeline=Pipeline(extractor=FakeExtractor()), batch_size=2)
    assert [os.path.basename(s) for s, _, _ in report.ingested] == [f"{i:02d}.txt" for i in range(7)]
    assert len(store.graphs()) == 7


@pytest.mark.parametrize("background", [True, False])
def test_ingest_a_store_error_while_writing_stops_the_run_and_keeps_what_was_written(tmp_path, background):
    """A write that fails (disk full, say) ends the run with the store's error in the caller,
    whether writes run in the background or not; the articles written before it stay whole and
    reported, the ones after it are neither written nor reported."""
    from kg.errors import StoreError
    from kg.store import open_store

    store = open_store(str(tmp_path / "store"))
    store.background_writes = background
    real, calls = store.replace_graph, []

    def failing(graph, triples):
        calls.append(graph)
        if len(calls) == 3:
            raise StoreError("write failed: no space left on device")
        real(graph, triples)

    store.replace_graph = failing
    report = ingest_mod.IngestReport()
    docs = [read_document(str(p)) for p in sorted(_numbered(tmp_path, 6).iterdir())]
    with pytest.raises(StoreError, match="no space left"):
        ingest_documents(store, docs, FakeExtractor(), batch_size=2, report=report)
    written = [os.path.basename(s) for s, _, _ in report.ingested]
    assert written == ["00.txt", "01.txt"]
    assert len(store.graphs()) == 2


def test_ingest_an_interrupt_while_extracting_leaves_whole_articles_only(tmp_path):
    """Ctrl-C during extraction: the background writer still writes what was extracted before
    it, as writing at once would have; every graph in the store is whole and reported."""
    from kg.store import open_store

    class Interrupted(FakeExtractor):
        def extract_many(self, documents, batch_size=16):
            if any("Number4" in d.text for d in documents):
                raise KeyboardInterrupt
            return super().extract_many(documents, batch_size=batch_size)

    store = open_store(str(tmp_path / "store"))
    report = ingest_mod.IngestReport()
    docs = [read_document(str(p)) for p in sorted(_numbered(tmp_path, 6).iterdir())]
    with pytest.raises(KeyboardInterrupt):
        ingest_documents(store, docs, Interrupted(), batch_size=2, report=report)
    assert sorted(store.graphs()) == sorted(a for _, a, _ in report.ingested)
    assert [os.path.basename(s) for s, _, _ in report.ingested] == ["00.txt", "01.txt", "02.txt", "03.txt"]


def test_ingest_nothing_queued_after_a_failed_write_is_written(tmp_path):
    """Once a background write failed, the writer writes nothing more, even after the caller has
    been told (the error is raised once; the articles behind it stay unwritten)."""
    from kg.errors import StoreError
    from kg.store import open_store

    store = open_store(str(tmp_path / "store"))
    real, calls, release = store.replace_graph, [], __import__("threading").Event()

    def failing(graph, triples):
        calls.append(graph)
        if len(calls) == 1:
            release.wait(5)  # hold the first write until three more are queued
            raise StoreError("write failed: no space left on device")
        real(graph, triples)

    store.replace_graph = failing
    report = ingest_mod.IngestReport()
    writer = ingest_mod.Writer(store, report, queued=8)
    docs = [read_document(str(p)) for p in sorted(_numbered(tmp_path, 4).iterdir())]
    for doc in docs:
        converted = ingest_mod._convert(doc, FakeExtractor().extract(doc), report)
        writer.put(doc.source, *converted)
    release.set()
    with pytest.raises(StoreError):
        writer.close()
    writer.abandon()
    assert store.graphs() == [] and report.ingested == [] and len(calls) == 1
