"""The article reader (kg.sources): formats, encodings, block kinds, offsets, limits, URLs."""

from __future__ import annotations

import hashlib
import http.server
import io
import json
import re
import socket
import threading
import time
import zipfile
from pathlib import Path

import pytest

from kg.sources import fetch as sources_fetch
from kg.errors import (
    BinaryDocumentError,
    DocumentTooLargeError,
    EmptyDocumentError,
    FetchError,
    NoArticleError,
    PrivateAddressError,
    SourceError,
    SourceNotFoundError,
    UnsupportedSourceError,
)
from kg.sources import (
    DEFAULT_MAX_BYTES,
    Block,
    Document,
    iter_sources,
    parse_bytes,
    parse_text,
    read_document,
)

DATA = Path(__file__).parent / "data" / "sources"
LEAKS = ("LEAK", "trackingMessage", "NAV NEWS", "NAV REVIEWS", "buy now", "console.log",
         "We use cookies", "3 Comments", ".ad {")


def texts(doc: Document, *kinds: str) -> list[str]:
    return [doc.block_text(b) for b in doc.blocks_of(*kinds)]


def kind_of(doc: Document, fragment: str) -> str:
    hits = [b.kind for b in doc.blocks if fragment in doc.block_text(b)]
    assert len(hits) == 1, (fragment, hits)
    return hits[0]


def assert_offsets_exact(doc: Document) -> None:
    assert doc.blocks, "no blocks"
    assert doc.text == "\n\n".join(doc.block_text(b) for b in doc.blocks)
    position = 0
    for block in doc.blocks:
        assert isinstance(block, Block)
        assert block.start == position and block.end > block.start
        piece = doc.text[block.start:block.end]
        assert piece == piece.strip() and "\n\n" not in piece
        position = block.end + 2
    assert position - 2 == len(doc.text)


# --- plain text ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def scraped() -> Document:
    return read_document(str(DATA / "scraped.txt"))


def test_sources_scraped_text_title_byline_and_metadata(scraped):
    assert scraped.media_type == "text/plain"
    assert scraped.source == str((DATA / "scraped.txt").resolve())
    assert texts(scraped, "title") == [
        "‘Harbour Lights’ Season 3: Is the Coastal Drama Coming Back?"]
    assert scraped.title == "‘Harbour Lights’ Season 3: Is the Coastal Drama Coming Back?"
    assert kind_of(scraped, "Reading Time: 5 minutes") == "byline"
    assert kind_of(scraped, "Published on March 3, 2022") == "byline"
    assert scraped.published == "2022-03-03"
    assert scraped.author == "Nadia"
    assert scraped.site == "Screen Ledger"


def test_sources_scraped_text_boilerplate_captions_and_bio(scraped):
    assert kind_of(scraped, "Featured Videos") == "boilerplate"
    assert kind_of(scraped, "Let us know in the comments") == "boilerplate"
    assert kind_of(scraped, "Harbour Lights – Picture: Brightwave") == "caption"
    assert kind_of(scraped, "Ansel hides the logbook – Copyright.") == "caption"
    assert kind_of(scraped, "Coming Back Ansel") == "caption"  # image alt line above a caption
    assert kind_of(scraped, "Article by") == "byline"
    assert kind_of(scraped, "Author Screen Ledger avatar") == "byline"
    assert kind_of(scraped, "Nadia joined Screen Ledger") == "bio"
    body = " ".join(texts(scraped, "body"))
    for noise in ("Featured Videos", "Picture:", "Copyright", "comments", "Reading Time",
                  "joined", "avatar"):
        assert noise not in body


def test_sources_scraped_text_headings_and_fact_lines_are_body(scraped):
    assert kind_of(scraped, "Harbour Lights Season 3 Renewal Status") == "heading"
    assert kind_of(scraped, "What will happen in the third season?") == "heading"
    # a status line carries a fact: body, not a heading
    assert kind_of(scraped, "Official Brightwave Renewal Status: Renewed") == "body"
    assert kind_of(scraped, "created by Tomasz Brennick") == "body"
    assert len(texts(scraped, "body")) == 6


def test_sources_plain_text_lines_and_hard_wraps():
    text = ("Short Title Here\n"
            "The first line is a sentence of its own.\n"
            "Image: A Publicity Still\n"
            "The second sentence stands alone too.\n\n"
            "This paragraph was hard wrapped by an editor at about\n"
            "seventy characters per line so that the sentence carries on\n"
            "over three lines before it finally comes to an end here.\n")
    doc = parse_text(text, source="wrapped.txt")
    assert texts(doc, "title") == ["Short Title Here"]
    assert texts(doc, "caption") == ["Image: A Publicity Still"]
    assert texts(doc, "body") == [
        "The first line is a sentence of its own.",
        "The second sentence stands alone too.",
        "This paragraph was hard wrapped by an editor at about seventy characters per line so "
        "that the sentence carries on over three lines before it finally comes to an end here."]
    assert_offsets_exact(doc)


def test_sources_fact_sentences_are_not_bylines_or_bios():
    text = ("Written by Hana Ruiz, the series follows three sisters in Lisbon.\n\n"
            "By Monday, the show had reached the top of the charts.\n\n"
            "Published on Brightwave in 2019, the novel sold a million copies.\n\n"
            "The finale airs next week on the same service.\n\n"
            "Ivo Brandt joined the cast in 2021 as the ferry captain.\n")
    doc = parse_text(text, source="facts.txt")
    assert [b.kind for b in doc.blocks] == ["body"] * 5
    assert doc.author is None and doc.site is None


def test_sources_bio_without_marker():
    text = ("A Quiet Harbour\n\nThe series returns on Friday with eight new episodes.\n\n"
            "Omar Lindgren is a freelance writer who covers crime drama; he joined Reel Weekly "
            "in 2016 and lives in Leeds.\n")
    doc = parse_text(text, source="bio.txt")
    assert [b.kind for b in doc.blocks] == ["title", "body", "bio"]
    assert (doc.author, doc.site) == ("Omar Lindgren", "Reel Weekly")


def test_sources_one_line_article_is_body():
    doc = parse_text("Harbour Lights returns for a third season", source="one.txt")
    assert [b.kind for b in doc.blocks] == ["body"]


def test_sources_only_boilerplate_is_no_article():
    with pytest.raises(NoArticleError):
        parse_text("Advertisement\n\nSubscribe\n\nShare this article", source="x.txt")


# --- encodings and normalisation -------------------------------------------------------------


def test_sources_cp1252_text_decodes(tmp_path):
    doc = read_document(str(DATA / "cp1252.txt"))
    assert doc.encoding == "cp1252"
    assert doc.title == "Zoë Brontë’s “Café Society” Review"
    assert "Hélène Côté" in doc.text and "Montréal" in doc.text and "Agnès Müller" in doc.text
    assert "“Les Croissants”" in doc.text and "\r" not in doc.text
    assert doc.author == "Renée Lefèvre"


@pytest.mark.parametrize("text, codec", [
    ("Café", "cp1252"), ("Ñoño said “yes” to the naïve plan.", "cp1252"),
    ("Премьера сериала состоится в пятницу вечером на канале.", "cp1251"),
])
def test_sources_short_legacy_encodings(text, codec):
    doc = parse_bytes(text.encode(codec), source="short.txt")
    assert doc.text == text


def test_sources_utf16_with_and_without_bom(tmp_path):
    doc = read_document(str(DATA / "utf16.txt"))
    assert doc.encoding.startswith("utf-16")
    assert "Søren Ødegård" in doc.text and "Jürgen Weiß" in doc.text and "\x00" not in doc.text
    raw = (DATA / "utf16.txt").read_bytes()[2:]  # drop the BOM: little-endian without a mark
    bare = tmp_path / "bare16.txt"
    bare.write_bytes(raw)
    assert read_document(str(bare)).text == doc.text


def test_sources_utf8_bom_nfc_newlines_and_control_characters():
    data = ("\ufeffCafe\u0301 Nights\r\n\r\nThe ba\x07nd pla\u200byed\tat the cafe\u0301.\r"
            "\rAn\u00a0actor itâ€™s said.\n").encode("utf-8")
    doc = parse_bytes(data, source="n.txt")
    assert doc.encoding == "utf-8"
    assert doc.title == "Café Nights"  # NFC: one code point
    assert "\u0301" not in doc.text and "\ufeff" not in doc.text and "\x07" not in doc.text
    assert "\r" not in doc.text and "\u200b" not in doc.text
    assert "The band played at the café." in doc.text
    assert "it’s said" in doc.text  # cheap mojibake repair


# --- HTML ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def page() -> Document:
    return read_document(str(DATA / "article.html"))


def test_sources_html_keeps_only_article_paragraphs_as_body(page):
    assert page.media_type == "text/html"
    body = texts(page, "body")
    assert len(body) == 4
    assert body[0].startswith("The coastal drama Harbour Lights has been renewed")
    assert body[-1].startswith("Filming is scheduled to begin in Cornwall")
    for leak in LEAKS:
        assert leak not in page.text, leak


def test_sources_html_figcaption_heading_title(page):
    assert texts(page, "caption") == ["Elena Vasquez as Captain Mira Holt in Harbour Lights"]
    assert texts(page, "heading") == ["What happens in season 3?"]
    assert texts(page, "title") == ["Harbour Lights Season 3: Renewal News"]
    assert not any("Elena Vasquez" in t for t in texts(page, "body"))


def test_sources_html_line_breaks_in_a_table_cell_separate_its_items():
    html = ("<html><body><h1>Gull Point</h1><p>Gull Point is a family saga that ran on HBO for "
            "three years and was watched by millions of people around the world.</p><p>It was created by Ann "
            "Cole, who wrote every episode of the first season herself, and it ended in 2015.</p>"
            "<table><tr><th>Cast</th><td>Mia Stone<br>Leo Grant<br/>Ida Brook</td></tr>"
            "<tr><th>Channel</th><td>Sky Atlantic</td></tr></table></body></html>")
    doc = parse_text(html, source="p.html", media_type="text/html")
    assert "Cast; Mia Stone, Leo Grant, Ida Brook" in doc.text
    assert "StoneLeo" not in doc.text


def test_sources_html_metadata(page):
    assert page.title == "Harbour Lights Season 3: Renewal News"
    assert page.author == "Marta Quillon"
    assert page.published == "2023-04-18"
    assert page.site == "Screen Ledger"


def test_sources_html_malformed_does_not_crash():
    doc = read_document(str(DATA / "malformed.html"))
    assert doc.title == "Night Ferry review: a slow, strange voyage"
    assert "Imogen Dalcross" in doc.text
    assert "Samuel Adeyemi" in doc.text
    assert "deliberately slow" in doc.text
    assert_offsets_exact(doc)


def test_sources_html_without_article_is_no_article():
    with pytest.raises(NoArticleError) as info:
        read_document(str(DATA / "no_article.html"))
    assert "no article" in str(info.value) and "\n" not in str(info.value)


def test_sources_html_fallback_walk_keeps_captions(monkeypatch):
    from kg.sources import html as sources_html

    monkeypatch.setattr(sources_html, "_from_trafilatura", lambda cleaned, url: [])
    doc = read_document(str(DATA / "article.html"))
    assert texts(doc, "caption") == ["Elena Vasquez as Captain Mira Holt in Harbour Lights"]
    assert "What happens in season 3?" in texts(doc, "heading")
    for leak in LEAKS:
        assert leak not in doc.text, leak
    assert any("Cornwall" in t for t in texts(doc, "body"))


def test_sources_html_container_with_comment_like_class_is_kept():
    html = ("<html><head><title>Renewal</title></head><body><div class='wrap with-comments'>"
            "<p>The drama Harbour Lights has been renewed for a third season this week.</p>"
            "<p>The series was created by Tomasz Brennick and adapts a novel.</p>"
            "<p>Filming begins in the autumn in Cornwall, the producers said.</p>"
            "<div class='comments'><p>COMMENT LEAK a reader comment that goes on a while.</p>"
            "</div></div></body></html>")
    doc = parse_text(html, source="wrap.html", media_type="text/html")
    assert len(texts(doc, "body")) == 3 and "LEAK" not in doc.text


def test_sources_blocks_of_filters_in_order(page):
    kinds = [b.kind for b in page.blocks_of("caption", "title")]
    assert kinds == ["title", "caption"]
    assert page.blocks_of() == page.blocks


def test_sources_html_declared_charset(tmp_path):
    html = ("<html><head><meta charset='windows-1252'><title>Fête</title></head><body><article>"
            "<p>Zoë Brontë stars as Hélène in the new drama, which premieres this week on air.</p>"
            "<p>The series was adapted by François Dubé from a novel he wrote in 2012.</p>"
            "</article></body></html>").encode("cp1252")
    path = tmp_path / "latin.html"
    path.write_bytes(html)
    doc = read_document(str(path))
    assert "Zoë Brontë stars as Hélène" in doc.text and "François Dubé" in doc.text


# --- Markdown --------------------------------------------------------------------------------


def test_sources_markdown_blocks():
    doc = read_document(str(DATA / "article.md"))
    assert doc.media_type == "text/markdown"
    assert texts(doc, "title") == ["Night Ferry: Everything We Know About Season 2"]
    assert texts(doc, "heading") == ["Who is in the cast?"]
    assert texts(doc, "caption") == ["Samuel Adeyemi as Detective Rafe Okonjo aboard the ferry"]
    body = texts(doc, "body")
    assert body[0] == ("The thriller Night Ferry has been renewed for a second season by "
                       "Northlight, the channel confirmed on Friday.")
    assert "Lucia Varga as the ship's purser, Edda Stroud" in body  # one block per list item
    assert "Colm Whitaker as Captain Ivo Brandt" in body
    assert kind_of(doc, "By Priya Castellan") == "byline"
    assert kind_of(doc, "Subscribe to our newsletter") == "boilerplate"
    for gone in ("print(", "indented code", "**", "https://", "](", "```", "title:"):
        assert gone not in doc.text, gone
    assert (doc.author, doc.published) == ("Priya Castellan", "2024-02-11")
    assert_offsets_exact(doc)


# --- offsets and hashes ----------------------------------------------------------------------


@pytest.mark.parametrize("name", ["scraped.txt", "cp1252.txt", "utf16.txt", "article.html",
                                  "malformed.html", "article.md"])
def test_sources_block_offsets_index_text_exactly(name):
    doc = read_document(str(DATA / name))
    assert_offsets_exact(doc)
    assert {b.kind for b in doc.blocks} <= {"title", "heading", "body", "caption", "byline",
                                           "bio", "boilerplate"}


def test_sources_content_hash_is_stable_and_over_text(tmp_path):
    first = read_document(str(DATA / "scraped.txt"))
    copy = tmp_path / "copy.txt"
    copy.write_bytes((DATA / "scraped.txt").read_bytes().replace(b"\n", b"\r\n"))
    again = read_document(str(copy))
    assert first.content_hash == again.content_hash
    assert first.content_hash == hashlib.sha256(first.text.encode("utf-8")).hexdigest()
    other = parse_text(first.text + "\n\nOne more sentence at the end.", source="o.txt")
    assert other.content_hash != first.content_hash


# --- bad input -------------------------------------------------------------------------------


def test_sources_large_file_fails_fast(tmp_path):
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: 50 MB on paper, nothing to read
    started = time.monotonic()
    with pytest.raises(DocumentTooLargeError) as info:
        read_document(str(big))
    assert time.monotonic() - started < 2
    assert str(DEFAULT_MAX_BYTES) in str(info.value)


def test_sources_large_stream_read_is_capped():
    class Endless(io.RawIOBase):
        requested: list[int] = []

        def read(self, size=-1):
            self.requested.append(size)
            assert size is not None and 0 < size <= 1001, "must not read without a cap"
            return b"a" * size

    stream = Endless()
    with pytest.raises(DocumentTooLargeError):
        read_document("-", stdin=stream, max_bytes=1000)
    assert stream.requested == [1001]
    with pytest.raises(DocumentTooLargeError):
        parse_bytes(b"x" * 11, source="s", max_bytes=10)


@pytest.mark.parametrize("payload, what", [
    (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "PNG"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "PDF"),
    (b"GIF89a\x01\x00\x01\x00\x00\x00\x00", "GIF"),
    (bytes(range(256)) * 16, "binary"),
    (b"\x00\x01\x02\x03 data \x00\x00" * 200, "NUL bytes"),  # valid UTF-8: refused for its NULs alone
    (b"\x01\x02\x03\x04\x05 text " * 200, "control bytes"),  # valid UTF-8, no NUL: too many control bytes
])
def test_sources_binary_input_is_refused(tmp_path, payload, what):
    path = tmp_path / "thing.txt"
    path.write_bytes(payload)
    with pytest.raises(BinaryDocumentError) as info:
        read_document(str(path))
    message = str(info.value)
    assert what in message and "\n" not in message and ".txt, .md and .html" in message


def test_sources_zip_input_is_refused(tmp_path):
    path = tmp_path / "article.txt"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("a.txt", "hello")
    with pytest.raises(BinaryDocumentError, match="ZIP"):
        read_document(str(path))


@pytest.mark.parametrize("payload", [b"", b"   \n\t\r\n  ", "\ufeff \n".encode("utf-8")])
def test_sources_empty_input_is_refused(tmp_path, payload):
    path = tmp_path / "empty.txt"
    path.write_bytes(payload)
    with pytest.raises(EmptyDocumentError):
        read_document(str(path))


def test_sources_missing_path_folder_and_scheme(tmp_path):
    with pytest.raises(SourceNotFoundError):
        read_document(str(tmp_path / "nope.txt"))
    with pytest.raises(SourceNotFoundError):
        list(iter_sources([str(tmp_path / "nope")]))
    with pytest.raises(UnsupportedSourceError):
        read_document(str(tmp_path))
    with pytest.raises(UnsupportedSourceError):
        read_document("ftp://example.org/article.txt")


# --- finding sources, stdin, sniffing --------------------------------------------------------


def test_sources_iter_sources_recurses_filters_and_sorts(tmp_path):
    for rel in ["b.txt", "a.md", "sub/c.html", "sub/deeper/d.htm", "sub/e.markdown",
                "sub/ignored.pdf", "notes.json", ".hidden.txt", ".git/x.txt", "Z.TXT"]:
        target = tmp_path / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("x")
    found = list(iter_sources([str(tmp_path)]))
    rel = [Path(p).relative_to(tmp_path).as_posix() for p in found]
    assert rel == ["Z.TXT", "a.md", "b.txt", "sub/c.html", "sub/deeper/d.htm", "sub/e.markdown"]
    explicit = str(tmp_path / "notes.json")
    passed = list(iter_sources(["-", "https://example.org/a", explicit, str(tmp_path / "b.txt")]))
    assert passed == ["-", "https://example.org/a", explicit, str(tmp_path / "b.txt")]


def test_sources_iter_sources_expands_glob_patterns_as_it_does_folders(tmp_path):
    for rel in ["a.txt", ".a-draft.txt", "b.pdf", "2024/c.md", "2024/.d.txt", "2024/sub/e.txt",
                ".git/f.txt", "2025/g.html"]:
        target = tmp_path / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("x")

    def rel(patterns):
        return [Path(p).relative_to(tmp_path).as_posix() for p in iter_sources([str(tmp_path / p) for p in patterns])]

    assert rel(["**/*.txt"]) == ["2024/sub/e.txt", "a.txt"]  # no hidden files or folders
    assert rel(["*"]) == ["2024/c.md", "2024/sub/e.txt", "2025/g.html", "a.txt"]  # folders matched: expanded
    assert rel(["*.t?t", "a.*", "2024/*.md"]) == ["a.txt", "2024/c.md"]  # each source once
    assert rel([".*.txt", "2024/.*"]) == [".a-draft.txt", "2024/.d.txt"]  # a dot spelled out matches, as in a shell
    for pattern in ("*.pdf", "nothing/*.txt"):
        with pytest.raises(SourceNotFoundError, match="no article files match this pattern; check the path"):
            list(iter_sources([str(tmp_path / pattern)]))


def test_sources_stdin():
    doc = read_document("-", stdin=io.BytesIO(
        b"# Piped Article\n\nThe show [Harbour Lights](http://x.test) is back for more.\n"))
    assert doc.source == "<stdin>"
    assert doc.media_type == "text/markdown"  # sniffed
    assert doc.title == "Piped Article"
    assert texts(doc, "body") == ["The show Harbour Lights is back for more."]


def test_sources_parse_bytes_sniffs_html():
    data = (DATA / "article.html").read_bytes()
    doc = parse_bytes(data, source="page")
    assert doc.media_type == "text/html" and doc.title == "Harbour Lights Season 3: Renewal News"


def test_sources_boilerplate_patterns_are_data_and_compile():
    raw = json.loads((Path(__file__).parents[1] / "kg" / "data" / "boilerplate.json").read_text())
    groups = [k for k in raw if not k.startswith("_")]
    assert {"byline", "caption", "boilerplate", "bio_start", "site"} <= set(groups)
    for key in groups:
        for pattern in raw[key] if isinstance(raw[key], list) else [raw[key]]:
            re.compile(pattern, re.I)
    assert "netflix" not in json.dumps(raw).lower()


# --- URLs ------------------------------------------------------------------------------------


class _Handler(http.server.BaseHTTPRequestHandler):
    hits: list[tuple[str, str]] = []
    release = threading.Event()

    def log_message(self, *args):  # keep test output quiet
        pass

    def _send(self, code: int, body: bytes, ctype: str = "text/html; charset=utf-8",
              headers: dict | None = None, length: bool = True) -> None:
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        if length:
            self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):  # noqa: N802 - http.server's name
        _Handler.hits.append((self.path, self.headers.get("User-Agent", "")))
        path = self.path
        if path == "/article.html":
            self._send(200, (DATA / "article.html").read_bytes())
        elif path == "/story.md":
            self._send(200, (DATA / "article.md").read_bytes(), "text/plain; charset=utf-8")
        elif path.startswith("/hop/"):
            left = int(path.rsplit("/", 1)[1])
            target = "/article.html" if left == 0 else f"/hop/{left - 1}"
            self._send(302, b"", headers={"Location": target})
        elif path == "/elsewhere":
            port = self.server.server_address[1]
            self._send(302, b"", headers={"Location": f"http://127.0.0.2:{port}/article.html"})
        elif path == "/slow":
            _Handler.release.wait(5)
            self._send(200, b"<p>too late</p>")
        elif path == "/big":
            self._send(200, b"<p>" + b"word " * 5000 + b"</p>", length=False)
            self.close_connection = True
        elif path == "/image":
            self._send(200, b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "image/png")
        else:
            self._send(404, b"not here", "text/plain")


@pytest.fixture(scope="module")
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    _Handler.release.set()
    httpd.shutdown()
    httpd.server_close()


def test_sources_url_fetch(server):
    _Handler.hits.clear()
    doc = read_document(f"{server}/article.html", allow_private=True)
    assert doc.source == f"{server}/article.html"
    assert doc.media_type == "text/html"
    assert texts(doc, "caption") == ["Elena Vasquez as Captain Mira Holt in Harbour Lights"]
    assert _Handler.hits[-1][1].startswith("lore-kg/")


def test_sources_url_plain_content_type_with_md_path_is_markdown(server):
    doc = read_document(f"{server}/story.md", allow_private=True)
    assert doc.media_type == "text/markdown"
    assert doc.title == "Night Ferry: Everything We Know About Season 2"


def test_sources_url_redirects_followed_up_to_five(server):
    doc = read_document(f"{server}/hop/4", allow_private=True)  # 5 redirects
    assert doc.title == "Harbour Lights Season 3: Renewal News"
    with pytest.raises(FetchError, match="redirects"):
        read_document(f"{server}/hop/5", allow_private=True)  # 6 redirects


def test_sources_url_private_address_refused(server):
    _Handler.hits.clear()
    with pytest.raises(PrivateAddressError) as info:
        read_document(f"{server}/article.html")
    assert "\n" not in str(info.value)
    assert "--allow-private" in str(info.value) and "LORE_ALLOW_PRIVATE_URLS" in str(info.value)
    assert _Handler.hits == []  # refused before any request was made
    for url in ("http://10.1.2.3/a", "http://169.254.169.254/latest", "http://[::1]/a",
                "http://224.0.0.1/a", "http://0.0.0.0/a"):
        with pytest.raises(PrivateAddressError):
            read_document(url)


def test_sources_url_redirect_target_is_checked(server, monkeypatch):
    # Let 127.0.0.1 through as if it were public; the redirect goes to 127.0.0.2.
    real = sources_fetch._blocked
    monkeypatch.setattr(sources_fetch, "_blocked", lambda ip: str(ip) != "127.0.0.1" and real(ip))
    _Handler.hits.clear()
    with pytest.raises(PrivateAddressError, match="127.0.0.2"):
        read_document(f"{server}/elsewhere")
    assert [path for path, _ in _Handler.hits] == ["/elsewhere"]


def test_sources_url_404_is_fetch_error(server):
    with pytest.raises(FetchError, match="404") as info:
        read_document(f"{server}/missing", allow_private=True)
    assert not isinstance(info.value, PrivateAddressError)


def test_sources_url_timeout_is_fetch_error(server):
    started = time.monotonic()
    with pytest.raises(FetchError, match="timed out") as info:
        read_document(f"{server}/slow", allow_private=True, timeout=0.5)
    assert time.monotonic() - started < 4
    assert "timed out after 0.5s" in str(info.value)


def test_sources_url_size_cap_without_content_length(server):
    with pytest.raises(DocumentTooLargeError):
        read_document(f"{server}/big", allow_private=True, max_bytes=10_000)
    assert "word" in read_document(f"{server}/big", allow_private=True).text


def test_sources_url_binary_content_type(server):
    with pytest.raises(BinaryDocumentError, match="image/png"):
        read_document(f"{server}/image", allow_private=True)


def test_sources_url_refused_connection_and_dns_failure(monkeypatch):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(FetchError, match="refused") as info:
        read_document(f"http://127.0.0.1:{port}/a", allow_private=True, timeout=2)
    assert "2s" not in str(info.value)  # the time limit is named for time-outs only

    def no_dns(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    with pytest.raises(FetchError, match="resolve") as info:
        read_document("http://no-such-host.invalid/a")
    assert not isinstance(info.value, PrivateAddressError)
    with pytest.raises(FetchError):
        read_document("http://no-such-host.invalid/a", allow_private=True, timeout=2)


def test_sources_errors_are_source_errors():
    for cls in (BinaryDocumentError, DocumentTooLargeError, EmptyDocumentError, FetchError,
                NoArticleError, SourceNotFoundError, UnsupportedSourceError):
        assert issubclass(cls, SourceError)


def test_sources_italics_are_kept_as_offsets_in_markdown():
    doc = parse_text("# On *Salt Road*\n\nThe drama adapts *Tidewater, Again* and _The Lantern Keeper_; "
                     "**bold** is not italics.\n", source="t.md", media_type="text/markdown")
    assert [doc.text[s:e] for s, e in doc.marked] == ["Salt Road", "Tidewater, Again", "The Lantern Keeper"]
    assert "*" not in doc.text and "⟦" not in doc.text


def test_sources_italics_are_kept_as_offsets_in_html():
    page = ("<html><head><title>Salt Road</title></head><body><article><h1>Salt Road returns</h1>"
            "<p>The drama adapts <em>Tidewater, Again</em>, the second novel, and <i>The <b>Lantern</b> Keeper</i>, "
            "the third, and it is a long enough paragraph to be read as the article's text.</p>"
            "<p>A second paragraph names <cite>Gull Island</cite> and keeps going for a while as well.</p>"
            "</article></body></html>")
    doc = parse_text(page, source="t.html", media_type="text/html")
    assert [doc.text[s:e] for s, e in doc.marked] == ["Tidewater, Again", "The Lantern Keeper", "Gull Island"]


@pytest.mark.parametrize("media_type", ["text/plain", "text/markdown", "text/html"])
def test_sources_the_italics_marks_in_an_article_are_plain_brackets(media_type):
    body = "The drama adapts ⟦Tidewater⟧ and it is a long enough sentence to be read as the article's text."
    text = f"<html><body><article><p>{body}</p></article></body></html>" if media_type == "text/html" else body
    doc = parse_text(text, source="t", media_type=media_type)
    assert "[Tidewater]" in doc.text and doc.marked == ()


def test_sources_html_site_from_the_title_when_the_page_names_it_again():
    page = ("<html><head><title>ITV renews Harbour Lights | Tidewater Review</title></head><body>"
            "<div class='masthead'>Tidewater Review</div><h1>ITV renews Harbour Lights</h1>"
            "<p>ITV has renewed the drama for a third season.</p></body></html>")
    doc = parse_text(page, source="p.html", media_type="text/html")
    assert doc.site == "Tidewater Review" and doc.title == "ITV renews Harbour Lights"
    # a title's last part the page never names again is no site ("Season 3 | Review")
    lone = page.replace("<div class='masthead'>Tidewater Review</div>", "")
    assert parse_text(lone, source="p.html", media_type="text/html").site is None


def test_sources_text_site_from_a_piped_byline():
    doc = parse_text("Harbour Lights returns\n\nBy Ann Vey | Reel Weekly | June 9, 2025\n\nThe drama returns.\n",
                     source="x.txt")
    assert (doc.author, doc.site) == ("Ann Vey", "Reel Weekly")
    dated = parse_text("Harbour Lights returns\n\nBy Ann Vey | June 9, 2025 | 5 min read\n\nThe drama returns.\n",
                       source="x.txt")
    assert dated.site is None  # a date between the pipes is no site


@pytest.mark.parametrize("byline, author, site", [
    ("By Ann Vey for Reel Weekly · June 9, 2025", "Ann Vey", "Reel Weekly"),
    ("By Ann Vey, Reel Weekly", "Ann Vey", "Reel Weekly"),
    ("by Ann Vey · Couch & Canon · June 9, 2025", "Ann Vey", "Couch & Canon"),
    ("Ann Vey · ReelWeekly · Features · 4 min read", "Ann Vey", "ReelWeekly"),
    ("Review by Ann Vey | Reel Weekly | 9 June 2025", "Ann Vey", "Reel Weekly"),
    ("Published 9 June 2025 · by Ann Vey for Reel Weekly", "Ann Vey", "Reel Weekly"),
    ("By Ann Vey, Reel Weekly culture desk", "Ann Vey", "Reel Weekly"),
    ("By Ann Vey, Variety", "Ann Vey", "Variety"),
    ("By Ann Vey for The Daily Reporter", "Ann Vey", "The Daily Reporter"),
    # a job title or a one-word section is no site
    ("By Ann Vey, Senior Culture Editor", "Ann Vey", None),
    ("by Ann Vey · Television · June 9, 2025", "Ann Vey", None),
])
def test_sources_text_the_writer_and_site_a_byline_names(byline, author, site):
    doc = parse_text(f"Harbour Lights returns\n\n{byline}\n\nThe drama returns to ITV in June.\n", source="x.txt")
    assert (doc.author, doc.site) == (author, site)
    line = doc.text.index(byline)
    assert [b.kind for b in doc.blocks if b.start == line] == ["byline"]  # no body text


@pytest.mark.parametrize("text, site", [
    ("---\ntitle: Harbour Lights returns\nauthor: Ann Vey\npublication: Reel Weekly\n---\n\nThe drama returns.\n",
     "Reel Weekly"),
    ("Harbour Lights returns\n\nThe drama returns to ITV in June.\n\nAnn Vey covers period drama for Reel Weekly.\n",
     "Reel Weekly"),
    ("Harbour Lights returns\n\nThe drama returns to ITV in June.\n\nAnn Vey is Reel Weekly's television critic.\n",
     "Reel Weekly"),
])
def test_sources_the_site_from_front_matter_or_the_writer_s_bio(text, site):
    media = "text/markdown" if text.startswith("---") else "text/plain"
    assert parse_text(text, source="x.md" if media == "text/markdown" else "x.txt", media_type=media).site == site


@pytest.mark.parametrize("line", ["By March, HBO Max confirmed a third season.",
                                  "By Friday, Netflix had renewed the show for a second season."])
def test_sources_a_sentence_opening_with_by_and_a_date_is_body_text(line):
    doc = parse_text(f"Harbour Lights returns\n\n{line}\n\nThe drama returns to ITV in June.\n", source="x.txt")
    assert doc.author is None and doc.site is None
    assert [b.kind for b in doc.blocks if b.start == doc.text.index(line)] == ["body"]


def test_sources_a_section_and_a_reading_time_name_no_writer():
    doc = parse_text("Harbour Lights returns\n\nTV Reviews · 6 min read\n\nBy Ann Vey for Reel Weekly\n\n"
                     "The drama returns to ITV in June.\n", source="x.txt")
    assert (doc.author, doc.site) == ("Ann Vey", "Reel Weekly")
