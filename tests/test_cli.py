import json

import pytest

from kg.cli import cli

TTL = """@prefix lore: <https://w3id.org/lore-kg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/lore-kg/id/show/x> a lore:Show ; rdfs:label "Show X" ;
    lore:basedOn <https://w3id.org/lore-kg/id/book/x> .
<https://w3id.org/lore-kg/id/book/x> a lore:Book ; rdfs:label "Book X" .
"""
TRIG = """@prefix lore: <https://w3id.org/lore-kg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/lore-kg/id/article/one> {
  <https://w3id.org/lore-kg/id/show/y> a lore:Show ; rdfs:label "Show Y" .
}
"""


@pytest.fixture
def loaded(runner, tmp_path, store_dir):
    f = tmp_path / "data.ttl"
    f.write_text(TTL, encoding="utf-8")
    g = tmp_path / "data.trig"
    g.write_text(TRIG, encoding="utf-8")
    for path in (f, g):
        result = runner.invoke(cli, ["--store", store_dir, "import", str(path)])
        assert result.exit_code == 0, result.output
    return store_dir


def kg(runner, store, *args, input=None):
    return runner.invoke(cli, ["--store", store, *args], input=input)


def test_cli_import_reports_count(runner, tmp_path, store_dir):
    f = tmp_path / "d.ttl"
    f.write_text(TTL, encoding="utf-8")
    r = kg(runner, store_dir, "import", str(f))
    assert r.exit_code == 0
    assert "imported 5 quads" in r.output


def test_cli_query_table_json_csv_tsv(runner, loaded):
    q = "SELECT ?l WHERE { ?s a lore:Show ; rdfs:label ?l } ORDER BY ?l"
    table = kg(runner, loaded, "query", q)
    assert table.exit_code == 0
    assert "Show X" in table.output and "Show Y" in table.output and "2 rows" in table.output
    data = json.loads(kg(runner, loaded, "query", q, "--format", "json").output)
    assert [b["l"]["value"] for b in data["results"]["bindings"]] == ["Show X", "Show Y"]
    assert kg(runner, loaded, "query", q, "--format", "csv").output.splitlines() == ["l", "Show X", "Show Y"]
    assert kg(runner, loaded, "query", q, "--format", "tsv").output.splitlines() == ["?l", '"Show X"', '"Show Y"']


def test_cli_query_from_file_and_stdin(runner, loaded, tmp_path):
    rq = tmp_path / "q.rq"
    rq.write_text("SELECT ?b WHERE { ?s lore:basedOn ?b }")
    assert "book/x" in kg(runner, loaded, "query", f"@{rq}").output
    assert "book/x" in kg(runner, loaded, "query", "-", input="SELECT ?b WHERE { ?s lore:basedOn ?b }").output


def test_cli_query_invalid_sparql_exits_2_with_position(runner, loaded):
    r = kg(runner, loaded, "query", "SELECT ?s WHERE {\n ?s ?p }")
    assert r.exit_code == 2
    assert "invalid SPARQL at line 2, column" in r.output
    assert len(r.output.strip().splitlines()) == 1


def test_cli_query_missing_query_file(runner, loaded):
    r = kg(runner, loaded, "query", "@/nonexistent/q.rq")
    assert r.exit_code == 1 and "no such query file" in r.output


def test_cli_export_formats(runner, loaded, tmp_path):
    trig = kg(runner, loaded, "export", "--format", "trig")
    assert trig.exit_code == 0 and "article/one" in trig.output
    nt = kg(runner, loaded, "export", "--format", "nt")
    assert "article/one" not in nt.output and "Show Y" in nt.output
    out = tmp_path / "out.nq"
    r = kg(runner, loaded, "export", "--format", "nquads", "-o", str(out))
    assert r.exit_code == 0 and "article/one" in out.read_text()


def test_cli_export_then_import_round_trip(runner, loaded, tmp_path):
    out = tmp_path / "all.trig"
    kg(runner, loaded, "export", "-o", str(out))
    other = str(tmp_path / "other")
    assert kg(runner, other, "import", str(out)).exit_code == 0
    a = kg(runner, loaded, "export", "--format", "nquads").output
    b = kg(runner, other, "export", "--format", "nquads").output
    assert sorted(a.splitlines()) == sorted(b.splitlines())


def test_cli_unknown_format_is_one_clear_line(runner, loaded):
    r = kg(runner, loaded, "export", "--format", "xml")
    assert r.exit_code == 2 and "unknown RDF format 'xml'" in r.output


def test_cli_missing_import_file(runner, store_dir):
    r = kg(runner, store_dir, "import", "/nonexistent/file.ttl")
    assert r.exit_code == 1 and "no such file" in r.output


def test_cli_failed_import_keeps_store(runner, loaded, tmp_path):
    bad = tmp_path / "bad.nt"
    bad.write_text("<urn:a> <urn:b> .\n")
    before = kg(runner, loaded, "export", "--format", "nquads").output
    r = kg(runner, loaded, "import", str(bad))
    assert r.exit_code == 1 and "not valid nt" in r.output
    assert kg(runner, loaded, "export", "--format", "nquads").output == before


def test_cli_stats(runner, loaded):
    r = kg(runner, loaded, "stats", "--json")
    data = json.loads(r.output)
    assert data["classes"]["lore:Show"] == 2
    assert data["classes"]["lore:Book"] == 1
    assert data["predicates"]["lore:basedOn"] == 1
    assert data["graphs"] == 1
    assert "per class" in kg(runner, loaded, "stats").output


def test_cli_validate_reports_violations(runner, store_dir, tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text(
        """@prefix lore: <https://w3id.org/lore-kg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/lore-kg/id/show/z> a lore:Show ; rdfs:label "Z" ;
    lore:basedOn <https://w3id.org/lore-kg/id/person/p> .
<https://w3id.org/lore-kg/id/person/p> a lore:Person ; rdfs:label "P" .
"""
    )
    kg(runner, store_dir, "import", str(bad))
    r = kg(runner, store_dir, "validate")
    assert r.exit_code == 1
    assert "invalid" in r.output and "show/z" in r.output


def test_cli_validate_passes_good_data(runner, loaded):
    r = kg(runner, loaded, "validate")
    assert r.exit_code == 0, r.output
    assert r.output.startswith("valid")


def test_cli_info(runner, loaded):
    data = json.loads(kg(runner, loaded, "info", "--json").output)
    assert data["store"] == "oxigraph" and data["versions"]["rdflib"]
    pipe = data["pipeline"]
    assert pipe["name"] and pipe["base"] == "en_core_web_sm" and pipe["checksums"] == "match"
    assert pipe["components"][0] == "lore_segmenter" and "parser" in pipe["components"]


def test_cli_info_works_before_any_store_exists(runner, tmp_path):
    r = kg(runner, str(tmp_path / "never-made"), "info")
    assert r.exit_code == 0, r.output
    assert "none yet" in r.output and "en_core_web_sm 3.8.0" in r.output and "checksums match" in r.output
    assert not (tmp_path / "never-made").exists()


def test_cli_locked_store_is_one_clear_line(runner, store_dir, tmp_path):
    from kg.store import open_store

    f = tmp_path / "d.ttl"
    f.write_text(TTL)
    holder = open_store(store_dir)
    try:
        r = kg(runner, store_dir, "import", str(f))
        assert r.exit_code == 1 and "in use by another kg process" in r.output
    finally:
        holder.close()


def test_cli_help_does_not_import_spacy():
    import subprocess
    import sys

    code = "import sys; from kg.cli import cli\ntry:\n    cli(['--help'])\nexcept SystemExit: pass\nprint('spacy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().endswith("False")
