"""The synthetic data generator used by the store benchmarks (bench/synth.py)."""

import re
from collections import defaultdict

import pytest
from rdflib import RDF, RDFS, Dataset, Namespace, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from bench import synth

LORE = Namespace(synth.ONTO)
PROV = Namespace(synth.PROV)
ID = synth.ID


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    path = tmp_path_factory.mktemp("synth") / "data.nq"
    summary = synth.write_nquads(path, 6_000, seed=3)
    ds = Dataset()
    ds.parse(path, format="nquads")
    return path, summary, ds


def named_graphs(ds):
    return [g for g in ds.graphs() if g.identifier != DATASET_DEFAULT_GRAPH_ID]


def test_same_seed_same_data():
    assert list(synth.generate(3_000, seed=7)) == list(synth.generate(3_000, seed=7))


def test_other_seed_other_data():
    assert list(synth.generate(3_000, seed=1)) != list(synth.generate(3_000, seed=2))


def test_same_seed_same_samples():
    assert synth.sample_entities(3_000, seed=5) == synth.sample_entities(3_000, seed=5)


@pytest.mark.parametrize("n", [500, 2_000, 25_000])
def test_about_the_requested_number_of_quads(n):
    count = sum(1 for _ in synth.generate(n, seed=0))
    # It stops at the first article boundary at or past n; an article is at most ~250 quads.
    assert n <= count <= n + 300


def test_parses_as_nquads_with_every_quad_kept(written):
    path, summary, ds = written
    assert sum(len(g) for g in ds.graphs()) == summary["quads"]
    assert len(named_graphs(ds)) == summary["graphs"]
    assert len(ds.graph(DATASET_DEFAULT_GRAPH_ID)) == 0
    with open(path, encoding="utf-8") as lines:
        assert sum(1 for _ in lines) == summary["quads"]


def test_every_article_is_its_own_named_graph(written):
    _, _, ds = written
    sizes = []
    for graph in named_graphs(ds):
        g = graph.identifier
        assert re.fullmatch(re.escape(ID) + r"article/[a-z0-9-]+-[0-9a-f]{8}", str(g)), g
        # The graph describes exactly one article: itself.
        assert list(graph.subjects(RDF.type, LORE.Article)) == [g]
        # Its evidence says it comes from this article.
        for evidence in graph.subjects(RDF.type, RDF.Statement):
            assert str(evidence).startswith(str(g) + "/evidence/")
            assert list(graph.objects(evidence, PROV.wasDerivedFrom)) == [g]
            assert graph.value(evidence, RDF.subject) is not None
        sizes.append(len(graph))
    # Roughly 100-200 quads per article graph.
    assert 100 <= sorted(sizes)[len(sizes) // 2] <= 200


def test_nodes_minted_for_an_article_stay_in_its_graph(written):
    _, _, ds = written
    graphs_of = defaultdict(set)
    for s, _, _, g in ds.quads((None, None, None, None)):
        graphs_of[s].add(g.identifier if hasattr(g, "identifier") else g)
    for subject, graphs in graphs_of.items():
        text = str(subject)
        if "/article/" in text and ("/evidence/" in text or text.endswith("/activity") or "/status/" in text):
            article = URIRef(text.split("/evidence/")[0].split("/status/")[0].removesuffix("/activity"))
            assert graphs == {article}


def test_every_adapted_show_points_at_a_labelled_book(written):
    _, _, ds = written
    seen = 0
    for graph in named_graphs(ds):
        for show, book in graph.subject_objects(LORE.basedOn):
            seen += 1
            assert (show, RDF.type, LORE.Show) in graph
            assert (book, RDF.type, LORE.Book) in graph
            assert graph.value(book, RDFS.label) is not None
            assert str(book).startswith(ID + "book/")
    assert seen > 0


def test_iris_follow_the_design_notes(written):
    _, _, ds = written
    patterns = {
        LORE.Show: r"show/[a-z0-9-]+",
        LORE.Book: r"book/[a-z0-9-]+",
        LORE.Person: r"person/[a-z0-9-]+",
        LORE.Organization: r"organization/[a-z0-9-]+",
        LORE.Character: r"character/[a-z0-9-]+/[a-z0-9-]+",
        LORE.Season: r"season/[a-z0-9-]+/[0-9]+",
    }
    for cls, pattern in patterns.items():
        members = set()
        for graph in named_graphs(ds):
            members.update(graph.subjects(RDF.type, cls))
        assert members, cls
        for member in members:
            assert re.fullmatch(re.escape(ID) + pattern, str(member)), member


def test_samples_are_in_the_data(written):
    _, summary, ds = written
    s = summary["samples"]
    union = Dataset(store=ds.store, default_union=True)
    book1 = union.value(URIRef(s["show"]), LORE.basedOn)
    assert str(book1) == s["book1"]
    book2 = union.value(book1, LORE.sequel)
    assert str(book2) == s["book2"]
    assert str(union.value(book2, RDFS.label)) == s["book2_label"]
    labels = [str(label).lower() for label in union.objects(None, RDFS.label)]
    assert any(s["fragment"] in label for label in labels)
    a, mid, b = (URIRef(s[k]) for k in ("char_a", "char_mid", "char_b"))
    linked = {(x, y) for x, _, y in union.triples((None, None, None)) if isinstance(y, URIRef)}
    assert (a, mid) in linked or (mid, a) in linked
    assert (b, mid) in linked or (mid, b) in linked


def test_cli_writes_the_file(tmp_path, capsys):
    out = tmp_path / "cli.nq"
    assert synth.main(["--triples", "1000", "--out", str(out), "--seed", "2"]) == 0
    assert '"quads"' in capsys.readouterr().out
    assert out.read_text(encoding="utf-8") == "".join(synth.nquads_line(q) for q in synth.generate(1000, seed=2))
