"""An article page's data: its description, text, mentions and facts, and the text cut into highlighted segments."""

from __future__ import annotations


from rdflib import URIRef

from kg.errors import ArticleNotFoundError
from kg.explore import as_iri, class_label, fallback_label, is_true, labels_of, relation_label, value
from kg.query.sparql import bind
from kg.store.base import Store

__all__ = ["article_view", "highlight_segments"]

ARTICLE = """SELECT ?title ?source ?date ?text ?author ?authorLabel WHERE {
  GRAPH $a {
    $a a lore:Article .
    OPTIONAL { $a dcterms:title ?title }
    OPTIONAL { $a lore:source ?source }
    OPTIONAL { $a schema:datePublished ?date }
    OPTIONAL { $a lore:text ?text }
    OPTIONAL { $a schema:author ?author . OPTIONAL { ?author rdfs:label ?authorLabel } }
  }
} LIMIT 1"""
MENTIONS = """SELECT ?start ?end ?entity ?class WHERE {
  GRAPH $a { ?m a lore:Mention ; lore:start ?start ; lore:end ?end ; lore:refersTo ?entity .
             OPTIONAL { ?m lore:mentionClass ?class } }
}"""
ARTICLE_FACTS = """SELECT ?e ?s ?p ?o ?sentence ?start ?end ?inferred WHERE {
  GRAPH $a {
    ?e a lore:Evidence ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
    FILTER(?p != lore:status)
    OPTIONAL { ?e lore:sentence ?sentence }
    OPTIONAL { ?e lore:start ?start }
    OPTIONAL { ?e lore:end ?end }
    OPTIONAL { ?e lore:inferred ?inferred }
  }
}"""


def article_view(store: Store, iri: URIRef | str) -> dict:
    """An article's description, text, mentions (with the text cut into highlighted segments)
    and the facts drawn from it; ArticleNotFoundError when there is no such article."""
    a = as_iri(iri)
    rows = store.query(bind(ARTICLE, a=a)).dicts()
    if not rows:
        raise ArticleNotFoundError(f"no article {a} in the store; the home page lists the articles")
    row = rows[0]
    text = str(row.get("text") or "")
    mentions = _mentions(store, a)
    facts = _article_facts(store, a)
    return {
        "iri": str(a), "title": str(row.get("title") or fallback_label(a)),
        "source": _str(row.get("source")), "date": _str(row.get("date")),
        "author": ({"iri": str(row["author"]), "label": str(row.get("authorLabel") or fallback_label(row["author"]))}
                   if "author" in row else None),
        "text": text, "mentions": mentions, "segments": highlight_segments(text, mentions), "facts": facts,
    }


def _str(term) -> str | None:
    return None if term is None else str(term)


def _mentions(store: Store, a: URIRef) -> list[dict]:
    rows = store.query(bind(MENTIONS, a=a)).dicts()
    labels = labels_of(store, {r["entity"] for r in rows})
    out = []
    for r in rows:
        entity = labels[r["entity"]]
        cls = r.get("class")
        out.append({"start": int(r["start"]), "end": int(r["end"]), "entity": entity["iri"],
                    "label": entity["label"], "class": str(cls) if cls is not None else entity["class"],
                    "class_label": class_label(cls) if cls is not None else entity["class_label"]})
    return sorted(out, key=lambda m: (m["start"], -m["end"], m["entity"]))


def _article_facts(store: Store, a: URIRef) -> list[dict]:
    rows = store.query(bind(ARTICLE_FACTS, a=a)).dicts()
    labels = labels_of(store, {r["s"] for r in rows} | {r["o"] for r in rows})
    facts = []
    for r in rows:
        facts.append({"evidence": str(r["e"]), "subject": value(r["s"], labels),
                      "relation": str(r["p"]), "relation_label": relation_label(r["p"]),
                      "object": value(r["o"], labels), "sentence": _str(r.get("sentence")),
                      "start": int(r["start"]) if "start" in r else None,
                      "end": int(r["end"]) if "end" in r else None,
                      "status": "inferred" if is_true(r.get("inferred")) else "stated"})
    return sorted(facts, key=lambda f: (f["start"] if f["start"] is not None else -1,
                                        f["relation_label"], f["subject"].get("label", "")))


def highlight_segments(text: str, mentions: list[dict]) -> list[dict]:
    """The text cut into [{"text", "mention": mention or None}] pieces; overlapping mentions
    keep the earliest (then longest) one, and spans outside the text are dropped."""
    segments, pos = [], 0
    for m in sorted(mentions, key=lambda m: (m["start"], -m["end"])):
        start, end = m["start"], m["end"]
        if start < pos or end <= start or end > len(text):
            continue
        if start > pos:
            segments.append({"text": text[pos:start], "mention": None})
        segments.append({"text": text[start:end], "mention": m})
        pos = end
    if pos < len(text):
        segments.append({"text": text[pos:], "mention": None})
    return segments
