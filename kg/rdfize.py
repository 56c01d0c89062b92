"""One article's `Extraction` as the triples of its named graph (docs/DESIGN.md).

`article_triples` is deterministic: the same document and extraction always give the same
triples in the same order (no blank nodes, no ingestion timestamps), so re-ingesting an
unchanged article writes exactly what is already stored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import PurePath

from rdflib import Literal as RDFLiteral
from rdflib import URIRef
from rdflib.term import Node

from kg.extraction import FEMALE, MALE, SEASON, SHOW, EntityKey, Extraction, Fact, Gender
from kg.identity import (
    activity_iri, entity_iri, evidence_iri, mention_iri, status_report_iri,
)
from kg.store.base import Triple
from kg.vocab import DCTERMS, LORE, PROV, RDF, RDFS, SCHEMA, SKOS, XSD

__all__ = ["GENDERS", "INVERSES", "STATUS_INDIVIDUALS", "article_title", "article_triples", "fact_count", "typed_date"]

GENDERS = {FEMALE: SCHEMA.Female, MALE: SCHEMA.Male}
STATUS_INDIVIDUALS = {"renewed": LORE.Renewed, "canceled": LORE.Canceled,
                      "cancelled": LORE.Canceled, "pending": LORE.Pending}
# Predicates written in both directions: the stated one and its inverse, with the same evidence.
INVERSES = {"sequel": "prequel", "prequel": "sequel"}

_DATE_TYPES = [(re.compile(r"^\d{4}-\d{2}-\d{2}$"), XSD.date),
               (re.compile(r"^\d{4}-\d{2}$"), XSD.gYearMonth),
               (re.compile(r"^\d{4}$"), XSD.gYear)]
_ISO_DATE_PREFIX = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[T ].*)?$")


# --- literals ----------------------------------------------------------------------------------


def typed_date(value: str) -> RDFLiteral | None:
    """An ISO date, year-month or year as xsd:date, xsd:gYearMonth or xsd:gYear; an ISO
    date-time as the xsd:date of its day; None for anything else (no untyped dates are written)."""
    value = str(value).strip()
    for pattern, datatype in _DATE_TYPES:
        if pattern.match(value):
            return RDFLiteral(value, datatype=datatype)
    m = _ISO_DATE_PREFIX.match(value)
    return RDFLiteral(m.group(1), datatype=XSD.date) if m else None


def _decimal(value: float) -> RDFLiteral:
    d = Decimal(str(round(float(value), 6)))
    text = format(d, "f")
    if "." not in text:
        text += ".0"
    return RDFLiteral(text, datatype=XSD.decimal)


def _integer(value: int) -> RDFLiteral:
    return RDFLiteral(str(int(value)), datatype=XSD.integer)


def _boolean(value: bool) -> RDFLiteral:
    return RDFLiteral("true" if value else "false", datatype=XSD.boolean)


def _object_term(fact: Fact) -> Node:
    obj = fact.object
    if isinstance(obj, EntityKey):
        return entity_iri(obj)
    if fact.predicate == "renewalStatus":
        return _status(obj.value)
    if obj.datatype in ("date", "gYearMonth", "gYear"):
        return RDFLiteral(obj.value, datatype=XSD[obj.datatype])
    if obj.datatype == "string":
        return RDFLiteral(obj.value)
    return RDFLiteral(obj.value, datatype=XSD[obj.datatype])


def _status(value: str) -> URIRef:
    try:
        return STATUS_INDIVIDUALS[str(value).strip().lower()]
    except KeyError:
        raise ValueError(f"unknown renewal status {value!r}; expected renewed, canceled or pending") from None


def _predicate(name: str) -> URIRef:
    try:
        return getattr(LORE, name)
    except AttributeError:
        raise ValueError(f"the extractor produced an unknown predicate lore:{name}") from None


# --- the article -------------------------------------------------------------------------------


def article_triples(document, extraction: Extraction, *, article: URIRef) -> list[Triple]:
    """Everything the article's named graph holds: the article, entities, mentions, facts."""
    out: list[Triple] = []
    out += _article_description(document, extraction, article)
    out += _entity_triples(extraction, article)
    out += _mention_triples(extraction, article)
    out += _fact_triples(document, extraction, article)
    out += _gender_triples(extraction, article)
    return list(dict.fromkeys(out))  # deduplicated, in a deterministic order


def article_title(document) -> str:
    title = (getattr(document, "title", None) or "").strip()
    if title:
        return title
    source = str(getattr(document, "source", "") or "article")
    return PurePath(source.rstrip("/")).name or source


def _article_description(document, extraction: Extraction, article: URIRef) -> list[Triple]:
    title = RDFLiteral(article_title(document))
    source = str(document.source)
    is_url = source.lower().startswith(("http://", "https://"))
    out = [
        (article, RDF.type, LORE.Article),
        (article, RDFS.label, title),
        (article, DCTERMS.title, title),
        (article, LORE.source, RDFLiteral(source, datatype=XSD.anyURI if is_url else None)),
    ]
    if getattr(document, "content_hash", None):
        out.append((article, LORE.contentHash, RDFLiteral(str(document.content_hash))))
    if getattr(document, "text", None):
        out.append((article, LORE.text, RDFLiteral(document.text)))
    published = typed_date(getattr(document, "published", None) or "")
    if published is not None:
        out.append((article, SCHEMA.datePublished, published))
    out += _agent(article, SCHEMA.author, LORE.Person, "Person",
                  extraction.writer or getattr(document, "author", None))
    out += _agent(article, SCHEMA.publisher, LORE.Organization, "Organization",
                  extraction.site or getattr(document, "site", None))
    out += _activity(article, extraction)
    return out


def _agent(article: URIRef, link: URIRef, cls: URIRef, cls_name: str, name: str | None) -> list[Triple]:
    name = (name or "").strip()
    if not name:
        return []
    iri = entity_iri(EntityKey(cls_name, name))
    return [(article, link, iri), (iri, RDF.type, cls), (iri, RDFS.label, RDFLiteral(name))]


def _activity(article: URIRef, extraction: Extraction) -> list[Triple]:
    act = activity_iri(extraction.pipeline, extraction.pipeline_version)
    return [
        (article, PROV.wasGeneratedBy, act),
        (act, RDF.type, PROV.Activity),
        (act, LORE.pipelineName, RDFLiteral(extraction.pipeline)),
        (act, LORE.pipelineVersion, RDFLiteral(str(extraction.pipeline_version))),
    ]


# --- entities and mentions ---------------------------------------------------------------------


def _all_keys(extraction: Extraction) -> set[EntityKey]:
    keys = set(extraction.entities)
    keys.update(m.entity for m in extraction.mentions)
    for fact in extraction.facts:
        keys.add(fact.subject)
        if isinstance(fact.object, EntityKey):
            keys.add(fact.object)
    keys.update(EntityKey(SHOW, k.scope) for k in list(keys) if k.cls == SEASON and k.scope)
    return keys


def _entity_triples(extraction: Extraction, article: URIRef) -> list[Triple]:
    out: list[Triple] = []
    for key in _all_keys(extraction):
        iri = entity_iri(key)
        out += [(iri, RDF.type, LORE[key.cls]), (iri, RDFS.label, RDFLiteral(key.label)),
                (article, LORE.mentions, iri)]
        entity = extraction.entities.get(key)
        for alias in sorted(entity.aliases) if entity else ():
            out.append((iri, SKOS.altLabel, RDFLiteral(alias)))
        if key.cls == SEASON:
            out += _season_triples(key, iri)
    return out


def _season_triples(key: EntityKey, iri: URIRef) -> list[Triple]:
    out: list[Triple] = []
    if key.number is not None:
        out.append((iri, LORE.seasonNumber, _integer(key.number)))
    if key.scope:
        out.append((entity_iri(EntityKey(SHOW, key.scope)), LORE.season, iri))
    return out


def _mention_triples(extraction: Extraction, article: URIRef) -> list[Triple]:
    """One lore:Mention per span; two mentions of one span keep the first in (start, end, IRI) order."""
    out: list[Triple] = []
    seen: set[tuple[int, int]] = set()
    for m in sorted(extraction.mentions, key=lambda m: (m.start, m.end, str(entity_iri(m.entity)))):
        if (m.start, m.end) in seen:
            continue
        seen.add((m.start, m.end))
        node = mention_iri(article, m.start, m.end)
        out += [(node, RDF.type, LORE.Mention), (node, LORE.refersTo, entity_iri(m.entity)),
                (node, LORE.start, _integer(m.start)), (node, LORE.end, _integer(m.end)),
                (node, LORE.mentionClass, LORE[m.entity.cls])]
    return out


# --- facts and evidence ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Stated:
    """A fact (or a gender statement) as terms, with the evidence of the best-supported statement of it."""

    subject: URIRef
    predicate: URIRef
    object: Node
    fact: Fact | Gender


def _fact_triples(document, extraction: Extraction, article: URIRef) -> list[Triple]:
    out: list[Triple] = []
    statuses = [f for f in extraction.facts if f.predicate == "renewalStatus"]
    others = [f for f in extraction.facts if f.predicate != "renewalStatus"]
    for stated in _dedupe(_stated(f) for f in others):
        out += _asserted(stated, article)
    out += _status_triples(document, statuses, article)
    return out


def _stated(fact: Fact) -> list[_Stated]:
    s, p, o = entity_iri(fact.subject), _predicate(fact.predicate), _object_term(fact)
    items = [_Stated(s, p, o, fact)]
    inverse = INVERSES.get(fact.predicate)
    if inverse and isinstance(o, URIRef):
        items.append(_Stated(o, _predicate(inverse), s, fact))
    return items


def _dedupe(groups) -> list[_Stated]:
    """One statement per (s, p, o, sentence start): the most confident (then by extractor name)."""
    best: dict[tuple, _Stated] = {}
    for group in groups:
        for st in group:
            key = (st.subject, st.predicate, st.object, st.fact.evidence.start)
            rank = (-st.fact.evidence.confidence, st.fact.evidence.extractor)
            old = best.get(key)
            if old is None or rank < (-old.fact.evidence.confidence, old.fact.evidence.extractor):
                best[key] = st
    return list(best.values())


def _asserted(st: _Stated, article: URIRef) -> list[Triple]:
    return [(st.subject, st.predicate, st.object), *_evidence(st, article)]


def _evidence(st: _Stated, article: URIRef) -> list[Triple]:
    ev = st.fact.evidence
    node = evidence_iri(article, st.subject, st.predicate, st.object, ev.start)
    return [
        (node, RDF.type, LORE.Evidence), (node, RDF.type, RDF.Statement),
        (node, RDF.subject, st.subject), (node, RDF.predicate, st.predicate),
        (node, RDF.object, st.object),
        (node, LORE.sentence, RDFLiteral(ev.sentence)),
        (node, LORE.start, _integer(ev.start)), (node, LORE.end, _integer(ev.end)),
        (node, LORE.extractor, RDFLiteral(ev.extractor)),
        (node, LORE.confidence, _decimal(ev.confidence)),
        (node, LORE.inferred, _boolean(st.fact.inferred)),
        (node, PROV.wasDerivedFrom, article),
    ]


# --- gender -------------------------------------------------------------------------------------


def _gender_triples(extraction: Extraction, article: URIRef) -> list[Triple]:
    """schema:gender (schema:Female / schema:Male) of people and characters, each statement with
    its evidence like a fact's (lore:inferred when the given name stood in for the text)."""
    out: list[Triple] = []
    for g in extraction.genders:
        out += _asserted(_Stated(entity_iri(g.entity), SCHEMA.gender, _gender(g.value), g), article)
    return out


def _gender(value: str) -> URIRef:
    try:
        return GENDERS[value]
    except KeyError:
        raise ValueError(f"unknown gender {value!r}; expected {FEMALE!r} or {MALE!r}") from None


# --- renewal status ----------------------------------------------------------------------------


def _as_of(fact: Fact, document) -> str | None:
    """The date a status held: the fact's own, else the article's publication date."""
    value = fact.as_of or getattr(document, "published", None)
    return str(value).strip() if value else None


def _status_triples(document, facts: list[Fact], article: URIRef) -> list[Triple]:
    """A lore:StatusReport (with evidence) for every stated status; lore:renewalStatus holds the
    newest one per show: the latest dated statement ("Renewed (Last Updated: 03/03/2023)",
    "UPDATE, March 3rd, 2023: ... renewed"), else the last one in the text. A dated statement
    wins over an undated one, which is often the older text an update was put on top of."""
    out: list[Triple] = []
    newest: dict[URIRef, tuple] = {}
    for fact in facts:
        show, status, as_of = entity_iri(fact.subject), _status(fact.object.value), _as_of(fact, document)
        out += _status_report(article, show, status, as_of, fact)
        rank = (str(typed_date(as_of) or as_of) if as_of else "", fact.evidence.start, fact.evidence.end,
                str(status))
        if show not in newest or rank > newest[show][0]:
            newest[show] = (rank, _Stated(show, LORE.renewalStatus, status, fact))
    for _, stated in newest.values():
        out += _asserted(stated, article)
    return out


def _status_report(article: URIRef, show: URIRef, status: URIRef, as_of: str | None, fact: Fact) -> list[Triple]:
    report = status_report_iri(article, show, status, as_of)
    out = [(show, LORE.statusReport, report), (report, RDF.type, LORE.StatusReport),
           (report, LORE.status, status)]
    day = typed_date(as_of) if as_of else None
    if day is not None and day.datatype == XSD.date:  # lore:asOf is an xsd:date (shapes.ttl)
        out.append((report, LORE.asOf, day))
    return out + _evidence(_Stated(report, LORE.status, status, fact), article)


def fact_count(triples) -> int:
    """Facts among an article's triples: evidence nodes, less those backing status reports and
    gender statements (a stated sequel counts twice, for its prequel inverse)."""
    evidence = {s for s, p, o in triples if p == RDF.type and o == LORE.Evidence}
    others = {s for s, p, o in triples if p == RDF.predicate and o in (LORE.status, SCHEMA.gender)}
    return len(evidence - others)
