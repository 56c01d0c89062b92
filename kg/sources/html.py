"""HTML articles: the main article text (trafilatura), headings, figure captions, metadata.

The page is cleaned with lxml first (scripts, navigation, comment sections, ads, cookie banners
out; captions marked), then trafilatura picks the article and its XML output is walked into
blocks. When trafilatura finds nothing, the cleaned page is walked directly.
"""

from __future__ import annotations

import json
import re

from lxml import etree
from lxml import html as lxml_html

from kg.sources.plain import (
    MARK_CLOSE, MARK_OPEN, Parsed, classify, clean_inline, neutralise_marks, parse_date, patterns, text_metadata,
    unmark,
)

_CAPTION_MARK = "LOREKGCAPTIONMARK"
_DROP_TAGS = ("script", "style", "noscript", "template", "iframe", "svg", "canvas", "form",
              "button", "select", "textarea", "nav", "aside", "footer", "dialog", "object",
              "embed", "video", "audio", "map")
_DROP_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search", "dialog",
               "alertdialog", "menu", "menubar"}
_KEEP = {"html", "body", "main", "article"}
_BLOCK_TAGS = {"p", "div", "section", "article", "main", "li", "ul", "ol", "blockquote", "td",
               "th", "tr", "table", "dd", "dt", "dl", "figure", "header", "br", "hr", "pre",
               "address", "center"} | {f"h{i}" for i in range(1, 7)}


def charset_from_meta(data: bytes) -> str | None:
    m = re.search(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", data[:4096], re.I)
    return m.group(1).decode("ascii", "ignore") if m else None


def _meta(tree, *names: str) -> str | None:
    for name in names:
        for attr in ("property", "name", "itemprop"):
            for el in tree.xpath(f'//meta[translate(@{attr}, "ABCDEFGHIJKLMNOPQRSTUVWXYZ",'
                                 f' "abcdefghijklmnopqrstuvwxyz")="{name}"]'):
                value = clean_inline(el.get("content") or "")
                if value:
                    return value
    return None


def _json_ld(tree) -> list[dict]:
    found: list[dict] = []
    for el in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(el.text or "")
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                found.append(item)
                stack.extend(v for v in item.get("@graph", []) if isinstance(v, dict))
    return found


def _ld_name(value) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name")
    return clean_inline(value) if isinstance(value, str) and value.strip() else None


_TITLE_SITE = re.compile(r".+ (?:\||–|—) ([A-Z][\w&'’.+-]*(?: [\w&'’.+-]+){0,4})$")


def _titled_site(tree, title: str | None) -> str | None:
    """"Story | Site" in <title>, with no metadata naming the site: the last part is the site when
    the page names it again outside the title (a masthead, a footer, a nav link)."""
    m = _TITLE_SITE.match(title or "")
    if m is None:
        return None
    site = m.group(1).strip()
    for el in tree.iter():
        if isinstance(el.tag, str) and el.tag.lower() not in ("title", "head", "html", "meta", "script", "style") \
                and clean_inline(el.text or "") == site:
            return site
    return None


def page_metadata(tree) -> Parsed:
    """Title, writer, date and site the page states in its markup."""
    ld = _json_ld(tree)
    meta = Parsed()
    titles = tree.xpath("//title")
    h1 = tree.xpath("//h1")
    meta.title = (_meta(tree, "og:title", "twitter:title")
                  or (clean_inline(h1[0].text_content()) if h1 else None)
                  or (clean_inline(titles[0].text_content()) if titles else None)) or None
    author = _meta(tree, "author", "article:author", "dc.creator", "parsely-author")
    if author and re.match(r"https?://", author):
        author = None
    if not author:
        author = next((a for a in (_ld_name(d.get("author")) for d in ld) if a), None)
    if not author:
        rel = tree.xpath('//*[@rel="author"]')
        author = clean_inline(rel[0].text_content()) if rel else None
    meta.author = author or None
    meta.published = parse_date(
        _meta(tree, "article:published_time", "datepublished", "date", "pubdate", "publish-date",
              "dc.date", "dc.date.issued", "sailthru.date")
        or next((d["datePublished"] for d in ld if isinstance(d.get("datePublished"), str)), None)
        or next(iter(tree.xpath("//article//time/@datetime | //time/@datetime")), None))
    meta.site = _meta(tree, "og:site_name", "application-name") or next(
        (n for n in (_ld_name(d.get("publisher")) for d in ld) if n), None) or _titled_site(
        tree, clean_inline(titles[0].text_content()) if titles else None)
    if meta.title and meta.site:  # "Story | Site" in <title>
        for sep in (" | ", " - ", " – ", " — ", " :: ", " · "):
            if meta.title.endswith(sep + meta.site) and len(meta.title) > len(sep + meta.site):
                meta.title = meta.title[:-len(sep + meta.site)].strip()
    return meta


def _tokens_match(el, group: str) -> bool:
    tokens = f"{el.get('class') or ''} {el.get('id') or ''}".lower().split()
    return any(rx.match(tok) for tok in tokens for rx in patterns()[group])


def _drop(el) -> None:
    if el.getparent() is None:
        return
    if hasattr(el, "drop_tree"):
        el.drop_tree()
    else:
        parent, tail = el.getparent(), el.tail
        prev = el.getprevious()
        if tail:
            if prev is not None:
                prev.tail = (prev.tail or "") + tail
            else:
                parent.text = (parent.text or "") + tail
        parent.remove(el)


def clean_tree(tree) -> None:
    """Drop non-article elements in place; mark captions so they survive extraction."""
    for el in list(tree.iter(etree.Comment, etree.ProcessingInstruction)):
        _drop(el)
    for el in list(tree.iter(*_DROP_TAGS)):
        _drop(el)
    for el in list(tree.iter("header")):
        if not any(a.tag in ("article", "main") for a in el.iterancestors()):
            _drop(el)
    body = tree.find(".//body")
    total = len(clean_inline(body.text_content())) if body is not None else 0
    for el in list(tree.iter()):
        if not isinstance(el.tag, str) or el.tag in _KEEP or el.getparent() is None:
            continue
        if (el.get("role") or "").lower() in _DROP_ROLES or (el.get("aria-hidden") == "true") \
                or _tokens_match(el, "html_drop_tokens"):
            # A class like "has-comments" on the article's own container: keep the container.
            if len(el.findall(".//p")) >= 3 and \
                    len(clean_inline(el.text_content())) > 0.6 * total:
                continue
            _drop(el)
    for fig in tree.iter("figure"):
        if fig.find(".//figcaption") is not None:
            for img in fig.iter("img"):
                img.attrib.pop("alt", None)
    for el in list(tree.iter()):
        if not isinstance(el.tag, str) or el.tag in _KEEP or el.getparent() is None:
            continue
        if el.tag == "figcaption" or _tokens_match(el, "html_caption_tokens"):
            text = clean_inline(el.text_content())
            tail = el.tail
            el.clear()
            el.tag, el.tail = "p", tail
            if text:
                el.text = f"{_CAPTION_MARK} {text}"


def _para(text: str) -> tuple[str, str] | None:
    text = clean_inline(text)
    if text.startswith(_CAPTION_MARK):
        text = clean_inline(text.replace(_CAPTION_MARK, ""))
        return ("caption", text) if text else None
    text = clean_inline(text.replace(_CAPTION_MARK, ""))
    return ("body", text) if text else None


def _own_text(el, line_break: str = " ") -> str:
    """Text of an element without the text of lists nested in it; `line_break` stands for <br>
    (in a table cell it separates items: "Ann Lee<br>Tom Hale")."""
    parts = [el.text or ""]
    for child in el:
        if child.tag == "lb":
            parts.append(line_break)
        elif child.tag != "list":
            if child.tag == "p" and "".join(parts).strip():  # trafilatura makes some <br> paragraphs
                parts.append(line_break)
            parts.append("".join(child.itertext()))
        parts.append(child.tail or "")
    return "".join(parts)


def _from_trafilatura(cleaned: str, url: str | None) -> list[tuple[str, str]]:
    import trafilatura

    xml = trafilatura.extract(cleaned, url=url, output_format="xml", include_images=True,
                              include_comments=False, include_tables=True, include_links=False,
                              include_formatting=False, with_metadata=False, deduplicate=False)
    if not xml:
        return []
    root = etree.fromstring(xml.encode("utf-8"), etree.XMLParser(recover=True))
    main = root.find("main") if root is not None else None
    items: list[tuple[str, str]] = []
    for el in (main.iter() if main is not None else []):
        if el.tag == "head":
            text = clean_inline("".join(el.itertext()).replace(_CAPTION_MARK, ""))
            if text:
                items.append((el.get("rend") or "h2", text))
        elif el.tag in ("p", "item", "quote", "row") and not any(
                a.tag in ("p", "quote", "row", "head") for a in el.iterancestors()):
            if el.tag == "row":
                text = "; ".join(clean_inline(_own_text(c, ", ")) for c in el)
            else:
                text = _own_text(el)
            found = _para(text)
            if found:
                items.append(found)
        elif el.tag == "graphic" and len((el.get("alt") or "").split()) >= 3:
            items.append(("caption", clean_inline(el.get("alt"))))
    return items


def _walk(tree) -> list[tuple[str, str]]:
    """Blocks straight from the cleaned page, for pages trafilatura finds nothing in."""
    items: list[tuple[str, str]] = []
    buffer: list[str] = []

    def flush() -> None:
        found = _para("".join(buffer))
        buffer.clear()
        if found:
            items.append(found)

    def visit(el) -> None:
        if not isinstance(el.tag, str):
            return
        if el.tag in ("title", "head", "pre", "code"):
            return
        if re.fullmatch(r"h[1-6]", el.tag):
            flush()
            text = clean_inline(el.text_content())
            if text:
                items.append((el.tag, text))
            return
        block = el.tag in _BLOCK_TAGS
        if block:
            flush()
        buffer.append(el.text or "")
        for child in el:
            visit(child)
            buffer.append(child.tail or "")
        if block:
            flush()
        if el.tag == "img" and len((el.get("alt") or "").split()) >= 3:
            items.append(("caption", clean_inline(el.get("alt"))))

    body = tree.find(".//body")
    visit(body if body is not None else tree)
    flush()
    return items


def _mark_italics(tree) -> None:
    """Wrap the text of <em>, <i> and <cite> in the italics marks (see kg.sources.plain.MARK_OPEN)."""
    for el in list(tree.iter("em", "i", "cite")):
        if not clean_inline(el.text_content()):
            continue
        el.text = MARK_OPEN + (el.text or "")
        if len(el):
            el[-1].tail = (el[-1].tail or "") + MARK_CLOSE
        else:
            el.text += MARK_CLOSE


def _heading_kinds(items: list[tuple[str, str]], title: str | None) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    has_title = False
    for kind, text in items:
        if re.fullmatch(r"h[1-6]", kind):
            kind = "title" if kind == "h1" and not has_title and not any(
                k == "body" for k, _ in out) else "heading"
            has_title = has_title or kind == "title"
        out.append((kind, text))
    if not has_title and title:
        if out and out[0][0] == "heading" and unmark(out[0][1]) == title:
            out[0] = ("title", title)
        else:
            out.insert(0, ("title", title))
    return out


def has_article(items: list[tuple[str, str]]) -> bool:
    """Enough running text to be an article, not a menu or a footer."""
    prose = [t for k, t in items if k in ("body", "bio") and (
        re.search(r"[.!?]", t) and len(t.split()) >= 6 or len(t.split()) >= 12)]
    return sum(len(t.split()) for t in prose) >= 8


def parse_html(text: str, url: str | None = None) -> Parsed:
    """Blocks and metadata of an HTML page; Parsed.blocks is empty if no article was found."""
    try:
        tree = lxml_html.document_fromstring(neutralise_marks(text))
    except (etree.ParserError, ValueError):
        return Parsed()
    meta = page_metadata(tree)
    clean_tree(tree)
    _mark_italics(tree)
    cleaned = lxml_html.tostring(tree, encoding="unicode")
    found = []
    try:
        found = _from_trafilatura(cleaned, url)
    except Exception:  # noqa: BLE001 - a third-party extractor failing falls back to the walk
        found = []
    if not has_article([(k, t) for k, t in found]):
        found = _walk(tree)
    items = _heading_kinds(found, meta.title)
    plain = [(k, unmark(t)) for k, t in items]
    if not has_article(plain):
        return Parsed(title=meta.title, author=meta.author, published=meta.published,
                      site=meta.site)
    kinds = classify(plain)
    stated = text_metadata([(k, t) for k, (_, t) in zip(kinds, plain)])
    meta.blocks = [(k, t) for k, (_, t) in zip(kinds, items)]  # italics still marked
    meta.title = meta.title or stated.title
    meta.author = meta.author or stated.author
    meta.published = meta.published or stated.published
    meta.site = meta.site or stated.site
    return meta
