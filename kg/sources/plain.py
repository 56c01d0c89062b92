"""Plain-text and Markdown articles: paragraphs, block kinds, writer/site/date from the text.

The patterns that tell boilerplate, bylines, captions and writer bios from article text are data,
in kg/data/boilerplate.json.
"""

from __future__ import annotations

import functools
import html as htmllib
import json
import re
from dataclasses import dataclass, field
from datetime import date
from importlib import resources


@dataclass
class Parsed:
    """What a format parser found: (kind, text) blocks in order, plus stated metadata."""

    blocks: list[tuple[str, str]] = field(default_factory=list)
    title: str | None = None
    author: str | None = None
    published: str | None = None
    site: str | None = None


@functools.cache
def patterns() -> dict:
    raw = json.loads(resources.files("kg").joinpath("data/boilerplate.json").read_text("utf-8"))
    out: dict = {}
    for key, value in raw.items():
        if key.startswith("_"):
            continue
        if isinstance(value, list):
            out[key] = [re.compile(v, re.IGNORECASE) for v in value]
        else:
            out[key] = re.compile(value, re.IGNORECASE)
    return out


def _search(group: str, text: str) -> re.Match | None:
    for rx in patterns()[group]:
        m = rx.search(text)
        if m:
            return m
    return None


_WS = re.compile(r"\s+")
_TERMINAL = re.compile(r"[.!?…][\"'”’)\]]*$")


def clean_inline(text: str) -> str:
    return _WS.sub(" ", text).strip()


# Italics ("*Title*", <em>Title</em>) travel inside block text between these two marks until
# Document assembly turns them into offsets (Document.marked). (Private-use characters would be
# safer, but trafilatura drops them; the input's own ⟦ ⟧ become [ ] first: see neutralise_marks.)
MARK_OPEN, MARK_CLOSE = "⟦", "⟧"


def neutralise_marks(text: str) -> str:
    return text.replace(MARK_OPEN, "[").replace(MARK_CLOSE, "]")


def unmark(text: str) -> str:
    return text.replace(MARK_OPEN, "").replace(MARK_CLOSE, "")


def marked_spans(text: str) -> tuple[str, list[tuple[int, int]]]:
    """The text without its italics marks, and the (start, end) of each marked stretch in it."""
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    start, length = None, 0
    for ch in text:
        if ch == MARK_OPEN:
            start = length
        elif ch == MARK_CLOSE:
            if start is not None and length > start:
                spans.append((start, length))
            start = None
        else:
            out.append(ch)
            length += 1
    return "".join(out), spans


def pattern_kind(text: str) -> str | None:
    """'boilerplate', 'byline' or 'caption' if a pattern says so, else None."""
    for kind in ("boilerplate", "byline", "caption"):
        if _search(kind, text):
            return kind
    return None


# --- plain text ------------------------------------------------------------------------------


def _hard_wrapped(lines: list[str]) -> bool:
    """Lines of one paragraph broken at a fixed width: similar lengths, mostly mid-sentence."""
    inner = lines[:-1]
    if not inner:
        return False
    longest = max(len(line) for line in inner)
    if not 45 <= longest <= 100 or min(len(line) for line in inner) < max(30, longest - 20):
        return False
    if len(lines[-1]) > longest + 5 or any(pattern_kind(line) for line in lines):
        return False
    return sum(bool(_TERMINAL.search(line)) for line in inner) * 2 <= len(inner)


def split_plain(text: str) -> list[str]:
    """Paragraphs (blank-line separated); lines of a paragraph that are not hard wraps of one
    sentence become paragraphs of their own."""
    units: list[str] = []
    for para in re.split(r"\n[ \t]*\n", text):
        lines = [clean_inline(line) for line in para.split("\n")]
        lines = [line for line in lines if line]
        if not lines:
            continue
        if _hard_wrapped(lines):
            units.append(" ".join(lines))
            continue
        current = lines[0]
        for line in lines[1:]:
            if not _TERMINAL.search(current) and line[:1].islower():
                current += " " + line
            else:
                units.append(current)
                current = line
        units.append(current)
    return units


def _words(text: str) -> list[str]:
    return text.split()


def _title_like(text: str) -> bool:
    return len(_words(text)) <= 20 and len(text) <= 200 and not text.endswith(".")


def _heading_like(text: str) -> bool:
    words = _words(text)
    first = next((c for c in text if c.isalpha()), "")
    if first and first.islower():
        return False
    if text.endswith("?"):
        return len(words) <= 15 and not re.search(r"[.!?]\s", text)
    return len(words) < 12 and not re.search(r"[.!?,;…]$", text)


def _alt_text_like(text: str) -> bool:
    words = _words(text)
    return len(words) >= 5 and not re.search(r"[:;?.!,()]", text) and \
        all(w[:1].isupper() or w[:1].isdigit() or w[:1] in "‘'\"“" for w in words)


def classify(items: list[tuple[str | None, str]]) -> list[str]:
    """Kinds for (kind, text) items. Kind None: plain text, decided from the text alone;
    'body': a structural paragraph that patterns may still mark as byline/caption/boilerplate;
    any other kind is kept. Writer bios near the end are marked afterwards."""
    kinds: list[str] = []
    seen_content = False
    for given, text in items:
        if given is None:
            kind = pattern_kind(text)
            if kind is None:
                if _search("force_body", text):
                    kind = "body"
                elif not seen_content and _title_like(text):
                    kind = "title"
                elif _heading_like(text):
                    kind = "heading"
                else:
                    kind = "body"
        elif given == "body":
            kind = pattern_kind(text) or "body"
        else:
            kind = given
        seen_content = seen_content or kind not in ("boilerplate", "byline")
        kinds.append(kind)
    # An image's alt/title line scraped right above its caption.
    for i, (given, text) in enumerate(items[:-1]):
        if given is None and kinds[i] == "heading" and kinds[i + 1] == "caption" \
                and _alt_text_like(text):
            kinds[i] = "caption"
    _mark_bios(items, kinds)
    return kinds


def _mark_bios(items: list[tuple[str | None, str]], kinds: list[str]) -> None:
    n = len(items)
    if n < 2:
        return
    markers = [i for i in range(max(n - 6, n // 2), n) if kinds[i] == "byline"
               and _search("bio_marker", items[i][1])]
    if markers:
        marked = 0
        for j in range(markers[-1] + 1, n):
            if kinds[j] == "body" and marked < 2:
                kinds[j] = "bio"
                marked += 1
    checked = 0
    for j in range(n - 1, max(n // 2, 0) - 1, -1):
        if kinds[j] in ("boilerplate", "byline", "caption", "bio"):
            continue
        if kinds[j] != "body" or checked >= 2 or not _search("bio_start", items[j][1]) \
                or not _search("bio_context", items[j][1]):
            break
        kinds[j] = "bio"
        checked += 1


# --- metadata stated in the text -------------------------------------------------------------

_MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split()
_MONTH = r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_DATE_PATTERNS = [
    (re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})"), "ymd"),
    (re.compile(_MONTH + r"\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})", re.I), "mdy"),
    (re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r",?\s+(\d{4})", re.I),
     "dmy"),
    (re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b"), "num"),
]


def parse_date(text: str | None) -> str | None:
    """The first date stated in text as ISO 'YYYY-MM-DD', or None."""
    if not text:
        return None
    for rx, form in _DATE_PATTERNS:
        m = rx.search(text)
        if not m:
            continue
        g = m.groups()
        try:
            if form == "ymd":
                y, mo, d = int(g[0]), int(g[1]), int(g[2])
            elif form == "mdy":
                y, mo, d = int(g[2]), _MONTHS.index(g[0][:3].lower()) + 1, int(g[1])
            elif form == "dmy":
                y, mo, d = int(g[2]), _MONTHS.index(g[1][:3].lower()) + 1, int(g[0])
            else:
                a, b, y = int(g[0]), int(g[1]), int(g[2])
                d, mo = (a, b) if a > 12 else (b, a)
            return date(y, mo, d).isoformat()
        except ValueError:
            continue
    return None


def _name(text: str) -> str | None:
    name = text.strip(" .,;:-–—·|")
    return name or None


def _site(text: str) -> str | None:
    """A site's name without the desk or team after it ("Screen Truths desk")."""
    words = (_name(text) or "").split()
    while len(words) > 1 and words[-1].islower():
        words.pop()
    return " ".join(words) or None


_ROLE = re.compile(r"\b(?:editor|writer|critic|reporter|correspondent|contributor|columnist|producer|staff|"
                   r"intern|freelancer?|journalist)s?\b", re.I)


def _byline_site(text: str, line: str) -> str | None:
    """The site a byline names: not a job title ("By NAME, TV Editor") and, between separators,
    not a section in one plain word ("by NAME · Streaming · date"); "for Vulture" is a site."""
    site = _site(text)
    if site is None or (_ROLE.search(site) and not site.startswith("The ")):  # ("The Daily Reporter" is a site)
        return None
    if re.fullmatch(r"[A-Z][a-z]+", site) and re.search(r"[·•|]\s*" + re.escape(site) + r"\s*[·•|]", line):
        return None
    return site


def text_metadata(items: list[tuple[str, str]]) -> Parsed:
    """Title, writer, site and published date stated in classified blocks."""
    meta = Parsed()
    for kind, text in items:
        if kind == "title" and meta.title is None:
            meta.title = text
        if kind == "byline":
            if meta.author is None:
                m = _search("author", text)
                meta.author = _name(m.group("name")) if m else None
            if meta.published is None:
                m = _search("published", text)
                meta.published = parse_date(m.group("date")) if m else None
            if meta.site is None:  # "By NAME | Site | date", "By NAME for Site"
                m = _search("byline_site", text)
                meta.site = _byline_site(m.group("site"), text) if m and not parse_date(m.group("site")) else None
        if kind == "bio":
            if meta.author is None:
                m = patterns()["bio_author"].search(text)
                meta.author = _name(m.group("name")) if m else None
            if meta.site is None:
                m = _search("site", text)
                meta.site = _site(m.group("site")) if m else None
    return meta


def parse_plain(text: str) -> Parsed:
    units = split_plain(neutralise_marks(text))
    kinds = classify([(None, u) for u in units])
    content = [i for i, k in enumerate(kinds) if k not in ("boilerplate", "byline")]
    if len(content) == 1 and kinds[content[0]] in ("title", "heading"):
        kinds[content[0]] = "body"  # a one-line article is text, not a title
    items = list(zip(kinds, units))
    meta = text_metadata(items)
    meta.blocks = items
    return meta


# --- Markdown --------------------------------------------------------------------------------

_FRONT = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)


def _front_matter(text: str) -> tuple[dict, str]:
    m = _FRONT.match(text)
    if not m:
        return {}, text
    meta = {}
    for line in m.group(1).split("\n"):
        key, sep, value = line.partition(":")
        if sep and key.strip() and not key.startswith((" ", "\t")):
            meta[key.strip().lower()] = value.strip().strip("\"'") or None
    return meta, text[m.end():]


def _inline(token) -> tuple[str, list[str]]:
    """The text of an inline token (its italics marked) and its images' alt texts."""
    parts: list[str] = []
    alts: list[str] = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(neutralise_marks(child.content))
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type in ("em_open", "em_close"):
            parts.append(MARK_OPEN if child.type == "em_open" else MARK_CLOSE)
        elif child.type == "image":
            alt = clean_inline(child.content or "")
            if alt:
                alts.append(alt)
    return clean_inline("".join(parts)), alts


def _strip_html(fragment: str) -> str:
    fragment = re.sub(r"(?is)<(script|style|noscript|template)\b.*?</\1\s*>", " ", fragment)
    fragment = re.sub(r"(?s)<!--.*?-->|<[^>]+>", " ", fragment)
    return clean_inline(htmllib.unescape(fragment))


def parse_markdown(text: str) -> Parsed:
    from markdown_it import MarkdownIt

    front, text = _front_matter(text)
    tokens = MarkdownIt("commonmark").enable(["table", "strikethrough"]).parse(text)
    items: list[tuple[str, str]] = []
    buffer: list[str] = []  # the open list item or table row
    in_item = in_row = False
    heading: str | None = None
    has_title = False

    def flush() -> None:
        joined = clean_inline(("; " if in_row else " ").join(buffer))
        if joined:
            items.append(("body", joined))
        buffer.clear()

    for tok in tokens:
        if tok.type == "heading_open":
            heading = tok.tag
        elif tok.type == "heading_close":
            heading = None
        elif tok.type == "list_item_open":
            flush()
            in_item = True
        elif tok.type == "list_item_close":
            flush()
            in_item = False
        elif tok.type == "tr_open":
            in_row = True
        elif tok.type == "tr_close":
            flush()
            in_row = False
        elif tok.type == "html_block":
            stripped = _strip_html(tok.content)
            if stripped:
                items.append(("body", stripped))
        elif tok.type == "inline":
            content, alts = _inline(tok)
            if heading and content:
                kind = "title" if heading == "h1" and not has_title else "heading"
                has_title = has_title or kind == "title"
                items.append((kind, content))
            elif (in_item or in_row) and content:
                buffer.append(content)
            elif content:
                items.append(("body", content))
            items.extend(("caption", alt) for alt in alts)
    flush()
    plain = [(k, unmark(t)) for k, t in items]
    kinds = classify(plain)
    meta = text_metadata([(k, t) for k, (_, t) in zip(kinds, plain)])
    meta.blocks = [(k, t) for k, (_, t) in zip(kinds, items)]  # italics still marked
    meta.title = front.get("title") or meta.title
    meta.author = front.get("author") or meta.author
    meta.published = parse_date(front.get("date") or front.get("published")) or meta.published
    meta.site = next((front[k] for k in ("site", "site_name", "publication", "publisher", "outlet") if front.get(k)),
                     meta.site)
    return meta
