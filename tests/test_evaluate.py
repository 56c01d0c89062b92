"""The evaluation harness (kg/evaluate*.py) against /work/shared/EVAL.md.

Graphs are built by hand in the layout of docs/DESIGN.md (one named graph per article, entity
IRIs by kind, evidence and mention nodes, status reports) so that the scoring is tested
without the extractor.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
from rdflib import Literal, Namespace, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS

from kg.cli import cli
from kg.evaluate import (
    EvalReport, NoGoldFilesError, evaluate_dir, gold_files, load_gold, predicted,
    question_family, score, score_article, score_questions,
)
from kg.evaluate.gold import GoldFormatError
from kg.pipelines import Pipeline
from kg.text import label_key
from kg.store import open_store

LORE = Namespace("https://w3id.org/lore-kg/ontology#")
SCHEMA = Namespace("https://schema.org/")
ID = Namespace("https://w3id.org/lore-kg/id/")
XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")  # not rdflib's XSD: pytest pokes at it

REPO = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data" / "eval"
MINI = DATA / "mini.gold.json"
SHARED_ARTICLES = REPO.parent / "shared" / "articles"
ARTICLE = ID["article/mini-0123abcd"]
SHOW = "Tiny Pretty Things"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower().replace("'", "")).strip("-")


class Graph:
    """Triples of one article's named graph, in the DESIGN.md layout."""

    def __init__(self, article: URIRef = ARTICLE):
        self.article = article
        self.triples: list = []
        self._n = 0
        self.add(article, RDF.type, LORE.Article)
        self.add(article, RDFS.label, Literal("Has Netflix renewed Tiny Pretty Things?"))
        self.add(article, LORE.source, Literal("tests/data/eval/mini.txt"))
        run = ID["activity/lore-kg-rules/0.1.0"]
        self.add(article, PROV.wasGeneratedBy, run)
        self.add(run, RDF.type, PROV.Activity)
        self.add(run, LORE.pipelineName, Literal("lore-kg-rules"))
        self.add(run, LORE.pipelineVersion, Literal("0.1.0"))

    def add(self, s, p, o):
        self.triples.append((s, p, o))

    def remove(self, s, p, o):
        self.triples = [t for t in self.triples if t != (s, p, o)]

    def entity(self, cls: str, label: str, *alts: str, scope: str | None = None) -> URIRef:
        kind = cls.lower()
        iri = ID[f"{kind}/{_slug(scope)}/{_slug(label)}"] if scope else ID[f"{kind}/{_slug(label)}"]
        self.add(iri, RDF.type, LORE[cls])
        self.add(iri, RDFS.label, Literal(label))
        for alt in alts:
            self.add(iri, SKOS.altLabel, Literal(alt))
        self.add(self.article, LORE.mentions, iri)
        self._n += 1
        mention = URIRef(f"{self.article}/mention/{self._n}-{self._n + 1}")
        self.add(mention, RDF.type, LORE.Mention)
        self.add(mention, LORE.refersTo, iri)
        self.add(mention, LORE.mentionClass, LORE[cls])
        return iri

    def fact(self, s, p, o):
        self.add(s, p, o)
        self._n += 1
        ev = URIRef(f"{self.article}/evidence/{self._n:016x}")
        for t in ((ev, RDF.type, LORE.Evidence), (ev, RDF.type, RDF.Statement), (ev, RDF.subject, s),
                  (ev, RDF.predicate, p), (ev, RDF.object, o), (ev, LORE.sentence, Literal("...")),
                  (ev, PROV.wasDerivedFrom, self.article)):
            self.add(*t)

    def write(self, store):
        store.replace_graph(self.article, self.triples)
        return store


def perfect() -> tuple[Graph, dict]:
    """A graph holding exactly the gold of tests/data/eval/mini.gold.json."""
    g = Graph()
    e = {
        "show": g.entity("Show", SHOW),
        "book": g.entity("Book", SHOW),
        "sequel": g.entity("Book", "Shiny Broken Pieces"),
        "sona": g.entity("Person", "Sona Charaipotra"),
        "netflix": g.entity("Organization", "Netflix"),
        **{name.lower(): g.entity("Character", name, scope=SHOW) for name in ("Cassie", "Delia", "Bette", "Ramon")},
    }
    writer = ID["person/jacob-writer"]
    g.add(writer, RDF.type, LORE.Person)
    g.add(writer, RDFS.label, Literal("Jacob Writer"))
    g.add(g.article, SCHEMA.author, writer)
    site = ID["organization/whats-on-netflix-com"]  # the site, labelled as a gold alias spells it
    g.add(site, RDF.type, LORE.Organization)
    g.add(site, RDFS.label, Literal("whats-on-netflix.com"))
    g.add(g.article, SCHEMA.publisher, site)

    g.fact(e["show"], LORE.basedOn, e["book"])
    g.fact(e["book"], LORE.sequel, e["sequel"])
    g.fact(e["book"], LORE.author, e["sona"])
    g.fact(e["show"], LORE.network, e["netflix"])
    g.fact(e["show"], LORE.releaseDate, Literal("2020-12-14", datatype=XSD_DATE))
    g.fact(e["show"], LORE.character, e["cassie"])
    g.fact(e["cassie"], LORE.romantic, e["ramon"])
    g.fact(e["delia"], LORE.harmed, e["cassie"])
    g.fact(e["delia"], LORE.framed, e["bette"])
    g.fact(e["delia"], LORE.sibling, e["bette"])
    report = URIRef(f"{g.article}/status/0000000000000001")
    g.add(e["show"], LORE.statusReport, report)
    g.add(report, RDF.type, LORE.StatusReport)
    g.add(report, LORE.status, LORE.Pending)
    g.add(report, LORE.asOf, Literal("2021-01-05", datatype=XSD_DATE))
    g.add(e["show"], LORE.renewalStatus, LORE.Pending)
    season = ID[f"season/{_slug(SHOW)}/2"]
    e["season"] = season
    g.add(season, RDF.type, LORE.Season)
    g.add(season, RDFS.label, Literal("season 2"))
    g.add(e["show"], LORE.season, season)
    g.add(season, LORE.seasonNumber, Literal(2))
    g.fact(season, LORE.adapts, e["sequel"])
    return g, e


@pytest.fixture
def gold():
    return load_gold(MINI)


@pytest.fixture
def mem():
    store = open_store("memory")
    yield store
    store.close()


def run(store, graph: Graph, gold):
    graph.write(store)
    return score(gold, predicted(store, graph.article))


# --- label_key (kg.text) --------------------------------------------------------------------------------


@pytest.mark.parametrize("raw, expected", [
    ("The Queen's Gambit", "queen's gambit"),
    ("the  queen\u2019s   gambit", "queen's gambit"),  # curly apostrophe, spacing, case
    ("A Discovery of Witches", "discovery of witches"),
    ("An Unexpected Journey!", "unexpected journey"),
    ("Law & Order: SVU", "law & order svu"),
    ("What's on Netflix", "what's on netflix"),
    ("\uff34\uff48\uff45 \uff23\uff52\uff4f\uff57\uff4e", "crown"),  # full-width letters, NFKC
    ("Tiny Pretty Things.", "tiny pretty things"),
    ("Them", "them"),  # "the" only as a word
    ("The", "the"),  # nothing follows: kept
    ("  Shiny\tBroken\nPieces ", "shiny broken pieces"),
])
def test_evaluate_label_key_follows_eval_md(raw, expected):
    assert label_key(raw) == expected


def test_evaluate_label_key_makes_spellings_equal():
    assert label_key("\u201cThe Queen\u2019s Gambit\u201d") == label_key("Queen's Gambit")
    assert label_key("Caf\u0065\u0301") == label_key("Caf\u00e9")  # NFKC composes


# --- gold files -------------------------------------------------------------------------------


def test_evaluate_load_gold_reads_fixture(gold):
    assert gold.file == "mini.txt"
    assert gold.article_path == DATA / "mini.txt" and gold.article_path.is_file()
    assert gold.entities["Book"] == ["Tiny Pretty Things", "Shiny Broken Pieces"]
    assert ("Delia", "romantic", "Ramon") in gold.optional_relations
    assert gold.aliases["What's on Netflix"] == ["whats-on-netflix.com"]
    assert gold.questions[0].answer == ("Shiny Broken Pieces",)
    assert gold.questions[-1].answer == ()


def test_evaluate_load_gold_rejects_unknown_predicate(tmp_path):
    bad = tmp_path / "x.gold.json"
    bad.write_text(json.dumps({"file": "x.txt", "relations": [["A", "likes", "B"]]}), encoding="utf-8")
    with pytest.raises(GoldFormatError, match="unknown predicate 'likes'"):
        load_gold(bad)


def test_evaluate_load_gold_rejects_unknown_class(tmp_path):
    bad = tmp_path / "x.gold.json"
    bad.write_text(json.dumps({"file": "x.txt", "entities": {"Film": ["X"]}}), encoding="utf-8")
    with pytest.raises(GoldFormatError, match="unknown entity class 'Film'"):
        load_gold(bad)


def test_evaluate_load_gold_reads_shared_articles():
    if not SHARED_ARTICLES.is_dir():
        pytest.skip(f"{SHARED_ARTICLES} is absent (the shared gold lives in ../shared/articles)")
    files = sorted(SHARED_ARTICLES.glob("*.gold.json"))
    assert files, f"no *.gold.json in {SHARED_ARTICLES}"
    for path in files:
        gold = load_gold(path)
        assert gold.article_path.is_file(), gold.article_path
        assert gold.relations and any(gold.entities.values())
        for q in gold.questions:
            assert q.q


# --- scoring with hand-built graphs -----------------------------------------------------------


def test_evaluate_perfect_prediction_scores_one(mem, gold):
    result = run(mem, perfect()[0], gold)
    assert result.entities_overall().f1 == 1.0
    assert result.relations_overall().f1 == 1.0
    assert result.entities_overall().tp == sum(map(len, gold.entities.values())) == 11
    assert result.relations_overall().tp == len(gold.relations) == 12
    assert result.fp == {"entities": [], "relations": []}
    assert result.fn == {"entities": [], "relations": []}


def test_evaluate_missing_relation_lowers_recall(mem, gold):
    g, e = perfect()
    g.remove(e["show"], LORE.network, e["netflix"])
    result = run(mem, g, gold)
    overall = result.relations_overall()
    assert overall.precision == 1.0 and overall.recall == pytest.approx(11 / 12)
    assert result.relations["network"].fn == 1
    assert result.fn["relations"] == [["Tiny Pretty Things", "network", "Netflix"]]


def test_evaluate_extra_relation_lowers_precision(mem, gold):
    g, e = perfect()
    g.fact(e["show"], LORE.character, e["delia"])  # true maybe, but not gold
    result = run(mem, g, gold)
    overall = result.relations_overall()
    assert overall.recall == 1.0 and overall.precision == pytest.approx(12 / 13)
    assert result.fp["relations"] == [["Tiny Pretty Things", "character", "Delia"]]


def test_evaluate_extra_entity_lowers_entity_precision(mem, gold):
    g, _ = perfect()
    g.entity("Show", "Bridgerton")
    result = run(mem, g, gold)
    assert result.entities["Show"].fp == 1 and result.entities["Show"].precision == 0.5
    assert result.fp["entities"] == [["Show", "Bridgerton"]]


def test_evaluate_optional_relation_counts_neither(mem, gold):
    g, e = perfect()
    g.fact(e["delia"], LORE.romantic, e["ramon"])  # optional in the gold
    result = run(mem, g, gold)
    assert result.relations_overall().f1 == 1.0
    assert result.relations["romantic"].tp == 1 and result.relations["romantic"].fp == 0
    assert result.fp["relations"] == []


def test_evaluate_aliases_match_both_ways(mem, gold):
    g, e = perfect()
    # predicted label = a gold alias ("S. Charaipotra" for "Sona Charaipotra")
    g.remove(e["book"], LORE.author, e["sona"])
    sona = g.entity("Person", "S. Charaipotra")
    g.fact(e["book"], LORE.author, sona)
    g.triples = [t for t in g.triples if e["sona"] not in (t[0], t[2])]
    # predicted altLabel = the gold label ("Dee", also known as "Delia")
    dee = g.entity("Character", "Dee", "Delia", scope=SHOW)
    g.triples = [(dee if s == e["delia"] else s, p, dee if o == e["delia"] else o)
                 for s, p, o in g.triples if not (s == e["delia"] and p in (RDF.type, RDFS.label))]
    result = run(mem, g, gold)
    assert result.fn == {"entities": [], "relations": []}, result.fn
    assert result.entities_overall().f1 == 1.0
    assert result.relations_overall().f1 == 1.0


def test_evaluate_unknown_spelling_does_not_match(mem, gold):
    g, e = perfect()
    g.triples = [(s, p, Literal("Sona C.") if (s == e["sona"] and p == RDFS.label) else o) for s, p, o in g.triples]
    result = run(mem, g, gold)
    assert ["Person", "Sona Charaipotra"] in result.fn["entities"]
    assert result.relations["author"].fp == 1 and result.relations["author"].fn == 1


def test_evaluate_symmetric_relations_match_reversed(mem, gold):
    g, e = perfect()
    g.remove(e["cassie"], LORE.romantic, e["ramon"])
    g.remove(e["delia"], LORE.sibling, e["bette"])
    g.fact(e["ramon"], LORE.romantic, e["cassie"])
    g.fact(e["bette"], LORE.sibling, e["delia"])
    result = run(mem, g, gold)
    assert result.relations_overall().f1 == 1.0


def test_evaluate_directed_relations_do_not_match_reversed(mem, gold):
    g, e = perfect()
    g.remove(e["delia"], LORE.harmed, e["cassie"])
    g.fact(e["cassie"], LORE.harmed, e["delia"])
    result = run(mem, g, gold)
    assert result.relations["harmed"].tp == 0
    assert result.relations["harmed"].fp == 1 and result.relations["harmed"].fn == 1


def test_evaluate_harmed_subproperty_counts_as_harmed(mem, gold):
    g, e = perfect()
    g.remove(e["delia"], LORE.harmed, e["cassie"])
    g.fact(e["delia"], LORE.pushed, e["cassie"])
    result = run(mem, g, gold)
    assert result.relations["harmed"].tp == 1
    assert result.relations_overall().f1 == 1.0
    # framed is a gold predicate of its own, not also a harmed
    assert result.relations["framed"].tp == 1 and result.relations["harmed"].fp == 0


def test_evaluate_adapts_subject_rendering(mem, gold):
    g, e = perfect()
    g.write(mem)
    pred = predicted(mem, g.article)
    adapts = [r for r in pred.relations if r.predicate == "adapts"]
    assert [(r.subject.label, r.object.label) for r in adapts] == [("Tiny Pretty Things season 2", "Shiny Broken Pieces")]
    assert score(gold, pred).relations["adapts"].tp == 1


def test_evaluate_adapts_subject_with_show_alias(mem, gold):
    g, e = perfect()
    g.triples = [(s, p, Literal("TPT") if (s == e["show"] and p == RDFS.label) else o) for s, p, o in g.triples]
    result = run(mem, g, gold)
    assert result.relations["adapts"].tp == 1, result.fp
    assert result.relations_overall().f1 == 1.0


def test_evaluate_adapts_wrong_season_number(mem, gold):
    g, e = perfect()
    g.triples = [(s, p, Literal(3) if p == LORE.seasonNumber else o) for s, p, o in g.triples]
    result = run(mem, g, gold)
    assert result.relations["adapts"].fp == 1 and result.relations["adapts"].fn == 1
    assert result.fp["relations"] == [["Tiny Pretty Things season 3", "adapts", "Shiny Broken Pieces"]]


def test_evaluate_show_and_book_same_title_told_apart_by_class(mem, gold):
    g, e = perfect()
    g.remove(e["book"], RDF.type, LORE.Book)
    g.add(e["book"], RDF.type, LORE.Show)  # the book mistaken for a show
    result = run(mem, g, gold)
    assert result.entities["Show"].tp == 1 and result.entities["Show"].fp == 0
    assert result.entities["Book"].fn == 1
    assert result.fn["entities"] == [["Book", "Tiny Pretty Things"]]


def test_evaluate_show_and_book_same_title_told_apart_by_direction(mem, gold):
    g, e = perfect()
    g.remove(e["show"], LORE.basedOn, e["book"])
    g.fact(e["book"], LORE.basedOn, e["show"])  # a book based on the show: wrong way round
    result = run(mem, g, gold)
    assert result.relations["basedOn"].tp == 0
    assert result.relations["basedOn"].fp == 1 and result.relations["basedOn"].fn == 1


def test_evaluate_predicted_reads_only_the_article_graph(mem, gold):
    g, _ = perfect()
    g.write(mem)
    other = Graph(ID["article/other-89abcdef"])
    x = other.entity("Show", "Bridgerton")
    other.fact(x, LORE.network, other.entity("Organization", "Netflix"))
    other.write(mem)
    pred = predicted(mem, g.article)
    labels = {(en.cls, en.name.label) for en in pred.entities}
    assert ("Show", "Bridgerton") not in labels
    assert ("Person", "Jacob Writer") in labels and ("Organization", "whats-on-netflix.com") in labels
    assert not any(en.name.iri.startswith(str(g.article)) for en in pred.entities)  # no evidence/mention nodes
    assert not any("/season/" in en.name.iri for en in pred.entities)
    facts = {(r.subject.label, r.predicate, r.object.label) for r in pred.relations}
    assert (SHOW, "releaseDate", "2020-12-14") in facts
    assert (SHOW, "renewalStatus", "pending") in facts
    assert pred.pipelines == [("lore-kg-rules", "0.1.0")]


def test_evaluate_prequel_counts_as_inverse_sequel(mem, gold):
    g, e = perfect()
    g.remove(e["book"], LORE.sequel, e["sequel"])
    g.fact(e["sequel"], LORE.prequel, e["book"])
    assert run(mem, g, gold).relations["sequel"].tp == 1


# --- questions --------------------------------------------------------------------------------


@pytest.mark.parametrize("question, family", [
    ("Which book would season 2 of Tiny Pretty Things adapt?", "adaptation"),
    ("Who wrote the book Tiny Pretty Things is based on?", "source"),
    ("What is the sequel to the novel Tiny Pretty Things?", "source"),
    ("Who created Tiny Pretty Things?", "people"),
    ("Who pushed Cassie?", "story"),
    ("Who is Delia's sister?", "story"),
    ("Has Netflix renewed Tiny Pretty Things?", "status"),
    ("When was Tiny Pretty Things released?", "status"),
    ("Who is Eli Pruitt romantically involved with?", "story"),
    ("How many articles mention Netflix?", "graph"),
])
def test_evaluate_question_family(question, family):
    assert question_family(question) == family


def _fake_ask(answers: dict):
    def ask(store, q):
        return {"answers": answers.get(q, [])}
    return ask


def test_evaluate_questions_compare_answer_sets(mem, gold):
    ask = _fake_ask({
        "Which book would season 2 of Tiny Pretty Things adapt?": [{"label": "Shiny Broken Pieces", "iri": "x"}],
        "Who pushed Cassie?": [{"label": "Delia", "iri": "y"}, {"label": "Bette", "iri": "z"}],  # one too many
        "When was Tiny Pretty Things released?": [{"label": "2020-12-14", "iri": None}],
        "Has Netflix renewed Tiny Pretty Things?": [{"label": None, "iri": str(LORE.Pending)}],
        # "Who created ...?" answers nothing, as the gold wants
    })
    items = score_questions(mem, gold, ask)
    assert [i.correct for i in items] == [True, False, True, True, True]
    assert items[1].got == ["Bette", "Delia"]


def test_evaluate_qa_not_available_is_none(mem, gold, monkeypatch):
    monkeypatch.setitem(sys.modules, "kg.ask", None)  # import kg.ask raises ImportError
    from kg.evaluate import load_ask

    ask, note = load_ask()
    assert ask is None and "kg.ask" in note
    report = EvalReport("d", [run(mem, perfect()[0], gold)], qa_available=False, qa_note=note)
    assert report.to_json()["qa"] is None
    assert "not available" in report.to_text()


def test_evaluate_qa_accuracy_by_family(mem, gold):
    g, _ = perfect()
    g.write(mem)
    result = score_article(mem, g.article, gold, ask=_fake_ask({"Who pushed Cassie?": [{"label": "Delia"}]}))
    qa = EvalReport("d", [result], qa_available=True).to_json()["qa"]
    assert qa["total"] == 5 and qa["correct"] == 2  # "Who pushed" and the empty answer
    assert qa["by_family"]["story"] == {"accuracy": 1.0, "total": 1, "correct": 1}
    assert qa["by_family"]["status"]["correct"] == 0


# --- reports ----------------------------------------------------------------------------------


def test_evaluate_report_micro_averages_articles(gold):
    mem1, mem2 = open_store("memory"), open_store("memory")
    g1, _ = perfect()
    g2, e2 = perfect()
    g2.remove(e2["show"], LORE.network, e2["netflix"])
    g2.fact(e2["show"], LORE.character, e2["delia"])
    report = EvalReport("d", [run(mem1, g1, gold), run(mem2, g2, gold)])
    data = report.to_json()
    assert data["relations_overall"]["tp"] == 23
    assert data["relations_overall"]["fp"] == 1 and data["relations_overall"]["fn"] == 1
    assert data["relations"]["network"] == {"p": 1.0, "r": 0.5, "f1": 0.6667, "tp": 1, "fp": 0, "fn": 1}
    assert [a["relation_f1"] for a in data["articles"]] == [1.0, pytest.approx(0.9167, abs=1e-4)]


def test_evaluate_report_json_keys_and_renderings(mem, gold):
    g, e = perfect()
    g.remove(e["show"], LORE.network, e["netflix"])
    report = EvalReport("tests/data/eval", [run(mem, g, gold)])
    data = report.to_json()
    for key in ("entities", "entities_overall", "relations", "relations_overall", "qa", "articles"):
        assert key in data
    assert set(data["entities"]) == {"Show", "Book", "Person", "Character", "Organization"}
    assert set(data["entities"]["Show"]) == {"p", "r", "f1", "tp", "fp", "fn"}
    article = data["articles"][0]
    assert {"file", "entity_f1", "relation_f1", "fp", "fn"} <= set(article)
    assert article["fn"]["relations"] == [["Tiny Pretty Things", "network", "Netflix"]]
    json.dumps(data)  # serialisable
    text = report.to_text(errors=True)
    assert "relations" in text and "FN - relation  Tiny Pretty Things --network--> Netflix" in text
    md = report.to_markdown()
    assert "| network | 0.000 | 0.000 | 0.000 | 0 | 0 | 1 |" in md  # nothing found, one missed


# --- directories and the command line ---------------------------------------------------------


def test_evaluate_gold_files_rejects_empty_dir(tmp_path):
    with pytest.raises(NoGoldFilesError, match="no gold files"):
        gold_files(tmp_path)


def test_evaluate_cli_empty_dir_is_a_clear_error(runner, tmp_path):
    result = runner.invoke(cli, ["eval", str(tmp_path)])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "no gold files" in lines[0] and str(tmp_path) in lines[0]


def test_evaluate_markdown_without_any_gold_fails(runner, tmp_path):
    result = runner.invoke(cli, ["eval", "--markdown", str(tmp_path)])
    assert result.exit_code == 1 and "holds gold files" in result.output


class FakeExtractor:
    """Says what mini.txt says about the show, and nothing about its characters."""

    name, version = "fake", "1"

    def extract(self, document):
        from kg.extraction import Evidence, EntityKey, Extraction, Fact, Literal as Lit

        x = Extraction(pipeline="fake", pipeline_version="1", writer="Jacob Writer")
        ev = Evidence("...", 0, 3, "test", 1.0)
        show = x.add_entity(EntityKey("Show", SHOW))
        book = x.add_entity(EntityKey("Book", SHOW))
        x.facts.append(Fact(show, "basedOn", book, ev))
        x.facts.append(Fact(show, "network", x.add_entity(EntityKey("Organization", "Netflix")), ev))
        x.facts.append(Fact(show, "renewalStatus", Lit("pending"), ev))
        return x

    def extract_many(self, documents, batch_size=16):
        return [self.extract(d) for d in documents]


def test_evaluate_dir_ingests_and_scores(tmp_path, monkeypatch):
    pytest.importorskip("kg.ingest")
    monkeypatch.setitem(sys.modules, "kg.ask", None)
    for name in ("mini.gold.json", "mini.txt"):
        (tmp_path / name).write_bytes((DATA / name).read_bytes())
    report = evaluate_dir(tmp_path, pipeline=Pipeline(extractor=FakeExtractor()))
    data = report.to_json()
    assert data["qa"] is None
    [article] = data["articles"]
    assert article["error"] is None, article["error"]
    assert data["relations"]["basedOn"]["tp"] == 1 and data["relations"]["network"]["tp"] == 1
    assert data["relations"]["renewalStatus"]["tp"] == 1
    assert data["relations_overall"]["fp"] == 0 and data["relations_overall"]["fn"] == 9
    assert data["entities"]["Person"]["tp"] == 1  # the writer


def make_fake_extractor(model=None):
    """A KG_EXTRACTOR factory for the command-line tests."""
    FakeExtractor.model = model
    return FakeExtractor()


def test_evaluate_cli_scores_a_directory(runner, tmp_path, monkeypatch):
    pytest.importorskip("kg.ingest")
    monkeypatch.setenv("KG_EXTRACTOR", f"{__name__}:make_fake_extractor")
    monkeypatch.setitem(sys.modules, "kg.ask", None)
    for name in ("mini.gold.json", "mini.txt"):
        (tmp_path / name).write_bytes((DATA / name).read_bytes())
    result = runner.invoke(cli, ["eval", str(tmp_path), "--json", "--model", "tiny"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["relations"]["basedOn"]["tp"] == 1 and data["qa"] is None
    assert FakeExtractor.model == "tiny"
    result = runner.invoke(cli, ["eval", str(tmp_path), "--errors"])
    assert result.exit_code == 0, result.output
    assert "FN - relation  Delia --harmed--> Cassie" in result.output
    assert "questions: not available" in result.output


def test_evaluate_cli_markdown_document(runner, tmp_path, monkeypatch):
    pytest.importorskip("kg.ingest")
    monkeypatch.setenv("KG_EXTRACTOR", f"{__name__}:make_fake_extractor")
    monkeypatch.setitem(sys.modules, "kg.ask", None)
    for name in ("mini.gold.json", "mini.txt"):
        (tmp_path / name).write_bytes((DATA / name).read_bytes())
    empty = tmp_path / "empty"
    empty.mkdir()
    result = runner.invoke(cli, ["eval", "--markdown", str(tmp_path), str(empty)])
    assert result.exit_code == 0, result.output
    md = result.output
    assert md.startswith("# Evaluation") and f"Pipeline: {__name__}:make_fake_extractor" in md
    assert f"## `{tmp_path}`: 1 article(s)" in md and f"## `{empty}`" in md
    assert "Not evaluated: no gold files" in md
    assert "| **overall** |" in md


def test_evaluate_predicted_same_on_every_store(store, gold):
    """The SPARQL of `predicted` runs on the memory and the Oxigraph store alike."""
    result = run(store, perfect()[0], gold)
    assert result.entities_overall().f1 == 1.0 and result.relations_overall().f1 == 1.0


def test_evaluate_dir_missing_article_scores_as_all_missed(tmp_path, monkeypatch):
    pytest.importorskip("kg.ingest")
    monkeypatch.setitem(sys.modules, "kg.ask", None)
    (tmp_path / "mini.gold.json").write_bytes(MINI.read_bytes())  # no mini.txt beside it
    data = evaluate_dir(tmp_path, pipeline=Pipeline(extractor=FakeExtractor())).to_json()
    [article] = data["articles"]
    assert "not found" in article["error"]
    assert data["relations_overall"]["tp"] == 0 and data["relations_overall"]["fn"] == 12
