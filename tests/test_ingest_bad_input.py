"""`kg ingest` on bad input with the real pipeline: one clear line each, the rest ingested,
nothing stored for the failing source, exit 1 only when nothing could be ingested."""

import socket

import pytest

from kg.cli import cli
from kg.store import open_store

GOOD = "Harbour Lights is a Hulu drama series created by Mara Quinn.\n"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _make_bad(kind: str, tmp_path):
    if kind == "empty":
        p = tmp_path / "empty.txt"
        p.write_text("")
    elif kind == "binary":
        p = tmp_path / "photo.txt"
        p.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 64)
    elif kind == "huge":
        p = tmp_path / "huge.txt"
        with open(p, "wb") as fh:
            fh.truncate(50 * 1024 * 1024)
    elif kind == "no-article":
        p = tmp_path / "nav.html"
        p.write_text("<html><body><nav><a href='/'>Home</a> <a href='/tv'>TV</a></nav>"
                     "<footer>© 2024 Site</footer></body></html>")
    elif kind == "malformed-html":
        p = tmp_path / "broken.html"
        p.write_text("<html><body><div><p>" * 300 + "<<<>>>&&& </b></i>")
    else:  # unreachable URL: nothing listens on this loopback port
        return f"http://127.0.0.1:{_free_port()}/article.html"
    return str(p)


@pytest.mark.parametrize("kind", ["empty", "binary", "huge", "no-article", "malformed-html", "unreachable"])
def test_ingest_bad_input_is_one_line_and_the_rest_is_ingested(kind, runner, tmp_path):
    store_dir = str(tmp_path / "store")
    good = tmp_path / "good.txt"
    good.write_text(GOOD)
    bad = _make_bad(kind, tmp_path)

    alone = runner.invoke(cli, ["--store", store_dir, "ingest", "--allow-private", "--no-progress", bad])
    assert alone.exit_code == 1
    errors = [line for line in alone.output.splitlines() if line.startswith("kg: error:")]
    assert len(errors) == 1 and len(errors[0]) < 300
    with open_store(store_dir) as s:
        assert len(s) == 0  # nothing partial for the failing source

    both = runner.invoke(cli, ["--store", store_dir, "ingest", "--allow-private", "--no-progress", str(good), bad])
    assert both.exit_code == 0, both.output
    assert "1 article ingested" in both.output
    with open_store(store_dir) as s:
        assert len(s.graphs()) == 1
        labels = {str(r[0]) for r in s.query("SELECT ?l WHERE { ?s a lore:Show ; rdfs:label ?l }").rows}
        assert labels == {"Harbour Lights"}


def test_ingest_non_utf8_text_is_decoded_and_ingested(runner, tmp_path):
    p = tmp_path / "latin.txt"
    p.write_bytes("Café Noir is a Hulu drama series created by Zoë Brontë.\n".encode("cp1252"))
    store_dir = str(tmp_path / "store")
    r = runner.invoke(cli, ["--store", store_dir, "ingest", "--no-progress", str(p)])
    assert r.exit_code == 0, r.output
    with open_store(store_dir) as s:
        names = {str(r[0]) for r in s.query("SELECT ?l WHERE { ?s a lore:Person ; rdfs:label ?l }").rows}
    assert "Zoë Brontë" in names
