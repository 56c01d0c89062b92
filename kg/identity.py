"""IRIs for everything lore-kg writes, and the label keys used to match names.

Entities: ``https://w3id.org/lore-kg/id/{kind}/{slug}`` (docs/DESIGN.md). The IRI of an entity is
a pure function of its `EntityKey`: the same key always gives the same IRI, and a Show and a Book
with one title never share one (the kind is part of the path). Nodes that belong to one article
(evidence, mentions, status reports) live under the article's IRI, so dropping the article's
named graph drops them too.
"""

from __future__ import annotations

from functools import lru_cache

import hashlib
import re
import unicodedata
from pathlib import PurePosixPath, PureWindowsPath
from urllib.parse import quote, urlsplit

from rdflib import URIRef
from rdflib.term import Node
from slugify import slugify

from kg.extraction import (
    BOOK, CHARACTER, ORGANIZATION, PERSON, SEASON, SHOW, EntityKey,
)
from kg.text import SLUG_APOSTROPHES
from kg.vocab import ID

__all__ = [
    "activity_iri", "article_iri", "entity_iri", "evidence_iri", "mention_iri",
    "slug", "status_report_iri",
]

MAX_SLUG = 80  # longer slugs are cut and suffixed with a hash of the whole slug
MAX_ARTICLE_SLUG = 60
NO_SCOPE = "_"  # the scope segment of a character or season whose show is unknown

_KINDS = {SHOW: "show", SEASON: "season", BOOK: "book", PERSON: "person",
          CHARACTER: "character", ORGANIZATION: "organization"}


def _sha1(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()


@lru_cache(maxsize=65536)
def slug(text: str, max_length: int = MAX_SLUG) -> str:
    """Lowercase ASCII words joined by hyphens ("Grey's Anatomy" -> "greys-anatomy").

    Apostrophes vanish and "&" reads "and"; everything else is python-slugify's (transliterated
    to ASCII). A label with nothing to slug (punctuation, emoji, empty) gets "x-" and 10 hex of
    its SHA-1; a slug longer than `max_length` is cut at a hyphen and suffixed with 8 hex of the
    whole slug, so two long titles never collide.
    """
    text = unicodedata.normalize("NFC", text or "").translate(SLUG_APOSTROPHES)
    s = slugify(text, replacements=[["'", ""], ["&", " and "]])
    if not s:
        return "x-" + _sha1(text)[:10]
    if len(s) > max_length:
        cut = s[: max_length - 9]
        head = cut.rsplit("-", 1)[0] if "-" in cut else cut
        s = f"{head.strip('-')}-{_sha1(s)[:8]}"
    return s


def entity_iri(key: EntityKey) -> URIRef:
    """id:show/{slug}, id:book/{slug}, id:person/{slug}, id:organization/{slug},
    id:character/{show-slug}/{slug} and id:season/{show-slug}/{n} ("_" for an unknown show)."""
    try:
        kind = _KINDS[key.cls]
    except KeyError:
        raise ValueError(f"unknown entity class {key.cls!r}; expected one of {', '.join(_KINDS)}") from None
    if key.cls == SEASON:
        tail = str(key.number) if key.number is not None else slug(key.label)
        return ID[f"{kind}/{_scope(key)}/{tail}"]
    if key.cls == CHARACTER:
        return ID[f"{kind}/{_scope(key)}/{slug(key.label)}"]
    return ID[f"{kind}/{slug(key.label)}"]


def _scope(key: EntityKey) -> str:
    return slug(key.scope) if key.scope else NO_SCOPE


def article_iri(source: str, title: str | None = None) -> URIRef:
    """id:article/{slug}-{8 hex of sha1(source)}.

    The slug comes from the source (a file's stem, the last segment of a URL's path, or its host)
    so that an edited article, whose title may change, keeps its IRI; the title is used only
    when the source names nothing (stdin).
    """
    name = _source_stem(source) or (title or "")
    return ID[f"article/{slug(name, MAX_ARTICLE_SLUG)}-{_sha1(source)[:8]}"]


def _source_stem(source: str) -> str:
    if re.match(r"^https?://", source, re.I):
        parts = urlsplit(source)
        segments = [s for s in parts.path.split("/") if s]
        return PurePosixPath(segments[-1]).stem if segments else parts.hostname or ""
    if source in ("-", "<stdin>") or source.startswith("stdin"):
        return ""
    return PureWindowsPath(source).stem if "\\" in source else PurePosixPath(source).stem


def evidence_iri(article: URIRef, subject: Node, predicate: Node, obj: Node, start: int) -> URIRef:
    """{article}/evidence/{16 hex of sha1(article, subject, predicate, object, start)}."""
    digest = _sha1(str(article), subject.n3(), predicate.n3(), obj.n3(), str(start))
    return URIRef(f"{article}/evidence/{digest[:16]}")


def mention_iri(article: URIRef, start: int, end: int) -> URIRef:
    """{article}/mention/{start}-{end}: one node per span of the article text."""
    return URIRef(f"{article}/mention/{int(start)}-{int(end)}")


def status_report_iri(article: URIRef, show: URIRef, status: Node, as_of: str | None) -> URIRef:
    """{article}/status/{16 hex}: one report per (show, status, date) the article states."""
    digest = _sha1(str(article), str(show), str(status), as_of or "")
    return URIRef(f"{article}/status/{digest[:16]}")


def activity_iri(pipeline: str, version: str) -> URIRef:
    """id:activity/{pipeline-slug}/{version}: the prov:Activity of one pipeline version."""
    return ID[f"activity/{slug(pipeline)}/{quote(str(version), safe='.-_+')}"]
