"""The articles in the store: list them, describe one, find one by IRI, source or IRI suffix,
remove one (`kg remove`)."""

from __future__ import annotations

import os

from rdflib import Literal, URIRef

from kg.errors import ArticleNotFoundError
from kg.ingest import source_name
from kg.query.sparql import values_block
from kg.store.base import Store
from kg.vocab import ID

__all__ = ["article_info", "list_articles", "remove_article", "resolve_article"]

ARTICLE_NS = str(ID["article/"])

ARTICLES = """SELECT ?a (SAMPLE(?t) AS ?title) (SAMPLE(?s) AS ?source) (SAMPLE(?d) AS ?date)
       (COUNT(DISTINCT ?e) AS ?facts) WHERE {
  %s
  GRAPH ?a {
    ?a a lore:Article .
    OPTIONAL { ?a dcterms:title ?t }
    OPTIONAL { ?a lore:source ?s }
    OPTIONAL { ?a schema:datePublished ?d }
    OPTIONAL { ?e a lore:Evidence ; rdf:predicate ?p . FILTER(?p != lore:status) }
  }
} GROUP BY ?a ORDER BY ?a"""

BY_SOURCE = """SELECT DISTINCT ?a WHERE {
  %s
  GRAPH ?a { ?a a lore:Article ; lore:source ?s . }
  FILTER(STR(?s) = ?ref)
} ORDER BY ?a"""

HOW_TO_LIST = ("see the articles with `kg stats` or "
               "`kg query 'SELECT ?a ?source WHERE { ?a a lore:Article ; lore:source ?source }'`")


def list_articles(store: Store) -> list[dict]:
    """Every article: iri, title, source, date (as text, or None) and its number of facts."""
    return _articles(store, "")


def article_info(store: Store, article: URIRef) -> dict | None:
    found = _articles(store, values_block(["a"], [(URIRef(article),)]))
    return found[0] if found else None


def _articles(store: Store, values: str) -> list[dict]:
    out = []
    for row in store.query(ARTICLES % values).dicts():
        out.append({"iri": str(row["a"]), "title": _text(row.get("title")),
                    "source": _text(row.get("source")), "date": _text(row.get("date")),
                    "facts": int(row["facts"]) if "facts" in row else 0})
    return out


def _text(term) -> str | None:
    return None if term is None else str(term)


def resolve_article(store: Store, ref: str) -> URIRef:
    """The article `ref` names: its IRI (<...> allowed), its source (a path, resolved as ingest
    resolves it, or a URL), or a suffix of its IRI that only one article has."""
    ref = ref.strip()
    if not ref:
        raise ArticleNotFoundError(f"no article given; {HOW_TO_LIST}")
    iri = ref[1:-1] if ref.startswith("<") and ref.endswith(">") else ref
    if iri.startswith(ARTICLE_NS) and store.has_graph(URIRef(iri)):
        return URIRef(iri)
    found = _by_source(store, ref) or _by_suffix(store, iri)
    if not found:
        raise ArticleNotFoundError(f"no article matches {ref!r}; {HOW_TO_LIST}")
    if len(found) > 1:
        listed = ", ".join(str(a) for a in found[:10]) + (" ..." if len(found) > 10 else "")
        raise ArticleNotFoundError(f"{ref!r} matches {len(found)} articles: {listed}; give one IRI")
    return found[0]


def _by_source(store: Store, ref: str) -> list[URIRef]:
    candidates = {ref, source_name(ref)}
    if ref.lower().startswith("file://"):
        from urllib.parse import unquote, urlsplit

        candidates.add(os.path.abspath(unquote(urlsplit(ref).path)))
    rows = [(Literal(c),) for c in sorted(candidates)]
    return list(store.query(BY_SOURCE % values_block(["ref"], rows)).column("a"))


def _by_suffix(store: Store, ref: str) -> list[URIRef]:
    ref = ref.rstrip("/")
    articles = [g for g in store.graphs() if str(g).startswith(ARTICLE_NS)]
    return [g for g in articles if str(g).endswith(ref) and ref.strip("-")]


def remove_article(store: Store, ref: str) -> tuple[URIRef, dict]:
    """Drop the named graph of the article `ref` names (see `resolve_article`); return its IRI
    and what `article_info` said of it before (empty when the graph has no description)."""
    article = resolve_article(store, ref)
    info = article_info(store, article) or {}
    store.remove_graph(article)
    return article, info
