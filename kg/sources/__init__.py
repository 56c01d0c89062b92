"""The article reader: files, folders, URLs and stdin to a Document of typed text blocks.

A Document's text is its blocks' text joined with blank lines; each Block says what kind of text
it is (title, heading, body, caption, byline, bio, boilerplate) and where it sits in the text, so
extractors can read body text and still point back at exact character offsets.

    for spec in iter_sources(["articles/", "https://example.org/story"]):
        doc = read_document(spec)
        for block in doc.blocks_of("title", "heading", "body", "caption"):
            ...doc.block_text(block)...
"""

from __future__ import annotations

import glob
import hashlib
import os
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from kg.errors import (
    BinaryDocumentError,
    DocumentTooLargeError,
    EmptyDocumentError,
    NoArticleError,
    SourceError,
    SourceNotFoundError,
    UnsupportedSourceError,
)
from kg.sources.decode import HINT, decode, normalise, sniff_media_type

__all__ = [
    "ARTICLE_SUFFIXES", "BLOCK_KINDS", "Block", "DEFAULT_MAX_BYTES", "Document", "iter_sources",
    "parse_bytes", "parse_text", "read_document",
]

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
BLOCK_KINDS = ("title", "heading", "body", "caption", "byline", "bio", "boilerplate")
ARTICLE_SUFFIXES = {".txt": "text/plain", ".md": "text/markdown", ".markdown": "text/markdown",
                    ".html": "text/html", ".htm": "text/html", ".xhtml": "text/html"}
MEDIA_TYPES = ("text/plain", "text/markdown", "text/html")
_MEDIA_ALIASES = {"application/xhtml+xml": "text/html", "text/x-markdown": "text/markdown",
                  "text/md": "text/markdown", "text/txt": "text/plain"}
_BINARY_TYPES = re.compile(r"^(image|audio|video|font)/|^application/(pdf|zip|gzip|x-tar|"
                           r"x-7z|vnd\.|msword|epub|x-rar|x-bzip|wasm)")
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
STDIN = "<stdin>"


@dataclass(frozen=True)
class Block:
    """A stretch of Document.text of one kind: text[start:end]."""

    kind: str
    start: int
    end: int


@dataclass
class Document:
    """An article read from one source."""

    source: str
    text: str
    blocks: list[Block]
    media_type: str
    content_hash: str
    title: str | None = None
    author: str | None = None
    published: str | None = None
    site: str | None = None
    encoding: str | None = None
    marked: tuple[tuple[int, int], ...] = ()  # (start, end) in text of what the markup set in italics

    def block_text(self, block: Block) -> str:
        return self.text[block.start:block.end]

    def blocks_of(self, *kinds: str) -> list[Block]:
        """Blocks of the given kinds, in text order (all blocks when no kind is given)."""
        if not kinds:
            return list(self.blocks)
        wanted = set(kinds)
        return [b for b in self.blocks if b.kind in wanted]


# --- finding sources -------------------------------------------------------------------------


def _is_url(spec: str) -> bool:
    return bool(_URL.match(spec))


def iter_sources(specs: Iterable[str]) -> Iterator[str]:
    """Expand folders (recursively, sorted, hidden entries skipped) to their article files
    (.txt .md .markdown .html .htm .xhtml), and glob patterns (`**` spans folders; for shells
    that did not expand them, or quoted ones) to the article files and folders they match;
    pass files, URLs and "-" through. Each source once."""
    seen: set[str] = set()
    for spec in specs:
        spec = str(spec)
        if spec == "-" or _is_url(spec):
            if spec not in seen:
                seen.add(spec)
                yield spec
            continue
        for candidate in _candidates(spec):
            key = os.path.realpath(candidate)
            if key not in seen:
                seen.add(key)
                yield str(candidate)


def _candidates(spec: str) -> list[Path]:
    path = Path(spec).expanduser()
    if path.is_dir():
        return _folder(path)
    if path.exists():
        return [path]
    if glob.has_magic(spec):
        found = []  # hidden names only where the pattern spells out their dot, as in a shell
        for match in sorted(glob.glob(os.path.expanduser(spec), recursive=True)):
            match = Path(match)
            if match.is_dir():
                found += _folder(match)
            elif _is_article(match.name):
                found.append(match)
        if found:
            return found
        raise SourceNotFoundError(f"{spec}: no article files match this pattern; check the path")
    raise SourceNotFoundError(f"{spec}: no such file or folder; check the path")


def _folder(path: Path) -> list[Path]:
    found = []
    for root, dirs, files in os.walk(path):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found.extend(Path(root, f) for f in files if not f.startswith(".") and _is_article(f))
    return sorted(found, key=lambda p: p.relative_to(path).as_posix())


def _is_article(name: str) -> bool:
    return Path(name).suffix.lower() in ARTICLE_SUFFIXES


# --- reading ---------------------------------------------------------------------------------


def read_document(spec: str, *, max_bytes: int = DEFAULT_MAX_BYTES, timeout: float = 10.0,
                  allow_private: bool = False, stdin=None) -> Document:
    """Read one source: a file path, an http(s) URL, or "-" for standard input.

    `stdin` (a binary file object) stands in for sys.stdin when spec is "-". Raises a
    SourceError subclass (kg.errors) with a one-line message when the source is not an article.
    """
    spec = str(spec)
    if spec == "-":
        stream = stdin if stdin is not None else sys.stdin.buffer
        data = stream.read(max_bytes + 1)
        if isinstance(data, str):
            data = data.encode("utf-8")
        return parse_bytes(data, source=STDIN, max_bytes=max_bytes)
    if _is_url(spec):
        scheme = spec.split(":", 1)[0].lower()
        if scheme == "file":
            return _read_file(Path(unquote(urlsplit(spec).path)), max_bytes)
        if scheme not in ("http", "https"):
            raise UnsupportedSourceError(f"{spec}: {scheme} URLs are not supported; "
                                         "give an http(s) URL, a file path or '-'")
        return _read_url(spec, max_bytes=max_bytes, timeout=timeout, allow_private=allow_private)
    return _read_file(Path(spec).expanduser(), max_bytes)


def _read_file(path: Path, max_bytes: int) -> Document:
    source = os.path.abspath(path)
    try:
        if path.is_dir():
            raise UnsupportedSourceError(f"{source}: is a folder; pass it where folders are "
                                         "expanded (iter_sources) or name a file inside it")
        size = path.stat().st_size
        if size > max_bytes:
            raise _too_large(source, size, max_bytes)
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise SourceNotFoundError(f"{source}: no such file; check the path") from None
    except PermissionError:
        raise SourceError(f"{source}: permission denied; make the file readable") from None
    except IsADirectoryError:
        raise UnsupportedSourceError(f"{source}: is a folder; name a file inside it") from None
    except OSError as exc:
        raise SourceError(f"{source}: cannot read ({exc.strerror or exc}); check the file") \
            from None
    return parse_bytes(data, source=source, media_type=ARTICLE_SUFFIXES.get(path.suffix.lower()),
                       max_bytes=max_bytes)


def _read_url(url: str, *, max_bytes: int, timeout: float, allow_private: bool) -> Document:
    from kg.sources.fetch import fetch

    data, content_type, final = fetch(url, max_bytes=max_bytes, timeout=timeout,
                                      allow_private=allow_private)
    media, charset = _media(content_type)
    if media and _BINARY_TYPES.search(media):
        raise BinaryDocumentError(f"{url}: the server sent {media}, not an article; {HINT}")
    if media == "text/plain":
        suffix = os.path.splitext(urlsplit(final).path)[1].lower()
        media = ARTICLE_SUFFIXES.get(suffix, media)
    if media not in MEDIA_TYPES:
        media = None  # sniff the content
    elif charset:
        media = f"{media}; charset={charset}"
    return parse_bytes(data, source=url, media_type=media, max_bytes=max_bytes)


def _too_large(source: str, size: int, max_bytes: int) -> DocumentTooLargeError:
    return DocumentTooLargeError(
        f"{source}: {size} bytes is over the {max_bytes}-byte limit; "
        "split the file or raise max_bytes")


def _media(media_type: str | None) -> tuple[str | None, str | None]:
    """(bare media type, charset parameter) of a Content-Type-like string."""
    if not media_type:
        return None, None
    head, *params = media_type.split(";")
    charset = None
    for param in params:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip("\"'") or None
    bare = head.strip().lower()
    return _MEDIA_ALIASES.get(bare, bare), charset


def parse_bytes(data: bytes, *, source: str, media_type: str | None = None,
                max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """A Document from raw bytes. media_type may carry a charset ("text/html; charset=...");
    when None it is sniffed from the content."""
    if len(data) > max_bytes:
        raise _too_large(source, len(data), max_bytes)
    media, charset = _media(media_type)
    if media is not None and media not in MEDIA_TYPES:
        raise UnsupportedSourceError(f"{source}: media type {media} is not supported; {HINT}")
    if media in (None, "text/html") and charset is None:
        from kg.sources.html import charset_from_meta

        charset = charset_from_meta(data)
    text, encoding = decode(data, source, charset)
    text = normalise(text)
    if media is None:
        media = sniff_media_type(text)
    doc = parse_text(text, source=source, media_type=media)
    doc.encoding = encoding
    return doc


def parse_text(text: str, *, source: str, media_type: str = "text/plain") -> Document:
    """A Document from decoded text of the given media type."""
    media, _ = _media(media_type)
    media = media or "text/plain"
    if media not in MEDIA_TYPES:
        raise UnsupportedSourceError(f"{source}: media type {media} is not supported; {HINT}")
    text = normalise(text)
    if not text.strip():
        raise EmptyDocumentError(f"{source}: the article is empty; give an article with some text")
    if media == "text/html":
        from kg.sources.html import parse_html

        parsed = parse_html(text, url=source if _is_url(source) else None)
        if not parsed.blocks:
            raise NoArticleError(f"{source}: no article text found in the HTML (only navigation, "
                                 "scripts or boilerplate); give the article's own page or save "
                                 "its text as .txt")
    else:
        from kg.sources.plain import parse_markdown, parse_plain

        parsed = parse_markdown(text) if media == "text/markdown" else parse_plain(text)
    if not any(kind not in ("boilerplate", "byline") for kind, _ in parsed.blocks):
        if not parsed.blocks:
            raise EmptyDocumentError(f"{source}: the article has no text; give an article "
                                     "with some text")
        raise NoArticleError(f"{source}: only bylines and boilerplate, no article text; "
                             "give the article itself")
    return _assemble(source, media, parsed)


def _assemble(source: str, media: str, parsed) -> Document:
    from kg.sources.plain import marked_spans

    pieces: list[str] = []
    blocks: list[Block] = []
    marked: list[tuple[int, int]] = []
    offset = 0
    for kind, raw in parsed.blocks:
        unmarked, spans = marked_spans(raw)
        block_text = unmarked.strip()
        if not block_text:
            continue
        if pieces:
            offset += 2
        lead = len(unmarked) - len(unmarked.lstrip())
        for start, end in spans:
            start, end = max(0, start - lead), min(len(block_text), end - lead)
            while start < end and block_text[start].isspace():
                start += 1
            while end > start and block_text[end - 1].isspace():
                end -= 1
            if end > start:
                marked.append((offset + start, offset + end))
        blocks.append(Block(kind, offset, offset + len(block_text)))
        pieces.append(block_text)
        offset += len(block_text)
    text = "\n\n".join(pieces)
    return Document(source=source, text=text, blocks=blocks, media_type=media,
                    content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(),
                    title=parsed.title, author=parsed.author, published=parsed.published,
                    site=parsed.site, marked=tuple(marked))
