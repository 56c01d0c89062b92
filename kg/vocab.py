"""Namespaces and prefixes of lore-kg.

`LORE` is closed: it lists every term of ``ontology/lore.ttl`` and a misspelt term raises
`AttributeError` instead of silently minting a new IRI (``tests/test_ontology.py`` keeps the
two in step). This module imports nothing but rdflib so that any part of the project can use it.
"""

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD, DefinedNamespace

__all__ = [
    "DCTERMS",
    "ID",
    "LORE",
    "OWL",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "SCHEMA",
    "SKOS",
    "WD",
    "WDT",
    "XSD",
    "bind_prefixes",
]


class LORE(DefinedNamespace):
    """The lore-kg ontology, https://w3id.org/lore-kg/ontology# (``ontology/lore.ttl``)."""

    _NS = Namespace("https://w3id.org/lore-kg/ontology#")
    _fail = True  # closed: an unknown term raises AttributeError

    # --- classes -----------------------------------------------------------------------------
    Show: URIRef  # A television series; ≡ schema:TVSeries.
    Season: URIRef  # One season of a show; ≡ schema:TVSeason.
    Book: URIRef  # A book as a literary work; ≡ schema:Book.
    Character: URIRef  # A fictional character of a show (disjoint from Person).
    Person: URIRef  # A real person; ≡ schema:Person.
    Organization: URIRef  # A network, streaming service or studio; ≡ schema:Organization.
    Article: URIRef  # A text the graph was extracted from; ≡ schema:Article.
    StatusReport: URIRef  # A dated statement of a show's renewal status.
    RenewalStatus: URIRef  # One of Renewed, Canceled, Pending.
    Evidence: URIRef  # The support for one fact (⊑ rdf:Statement).
    Mention: URIRef  # A span of an article referring to an entity.

    # --- individuals -------------------------------------------------------------------------
    Renewed: URIRef  # The show has been renewed.
    Canceled: URIRef  # The show has been canceled.
    Pending: URIRef  # No renewal decision yet.

    # --- shows, seasons, books ---------------------------------------------------------------
    basedOn: URIRef  # Show or Season -> Book.
    adapts: URIRef  # Season -> Book (⊑ basedOn).
    sequel: URIRef  # Book -> the Book that follows it (inverse of prequel).
    prequel: URIRef  # Book -> the Book that precedes it (inverse of sequel).
    author: URIRef  # Book -> Person.
    createdBy: URIRef  # Show -> Person.
    character: URIRef  # Show -> Character.
    portrayedBy: URIRef  # Character -> Person (actor).
    network: URIRef  # Show -> Organization (original broadcaster).
    releaseDate: URIRef  # Show or Season -> xsd:date | xsd:gYearMonth | xsd:gYear.
    season: URIRef  # Show -> Season.
    seasonNumber: URIRef  # Season -> xsd:integer (functional).

    # --- renewal status ----------------------------------------------------------------------
    renewalStatus: URIRef  # Show -> RenewalStatus (newest).
    statusReport: URIRef  # Show -> StatusReport.
    status: URIRef  # StatusReport -> RenewalStatus.
    asOf: URIRef  # StatusReport -> xsd:date.

    # --- relations between characters --------------------------------------------------------
    sibling: URIRef  # symmetric.
    romantic: URIRef  # symmetric.
    parent: URIRef  # parent -> child.
    harmed: URIRef  # who harmed -> who was harmed.
    pushed: URIRef  # ⊑ harmed.
    stabbed: URIRef  # ⊑ harmed.
    poisoned: URIRef  # ⊑ harmed.
    attacked: URIRef  # ⊑ harmed.
    shot: URIRef  # ⊑ harmed.
    killed: URIRef  # ⊑ harmed.
    framed: URIRef  # ⊑ harmed.

    # --- evidence, mentions, articles, provenance --------------------------------------------
    sentence: URIRef  # Evidence or Mention -> xsd:string.
    start: URIRef  # Evidence or Mention -> xsd:integer (character offset).
    end: URIRef  # Evidence or Mention -> xsd:integer (exclusive character offset).
    extractor: URIRef  # Evidence or Mention -> xsd:string (component or rule).
    confidence: URIRef  # Evidence or Mention -> xsd:decimal in [0, 1].
    inferred: URIRef  # Evidence -> xsd:boolean.
    source: URIRef  # Article -> xsd:anyURI or xsd:string (URL or file path).
    contentHash: URIRef  # Article -> xsd:string.
    text: URIRef  # Article -> xsd:string (the text evidence offsets point into).
    mentions: URIRef  # Article -> any entity.
    refersTo: URIRef  # Mention -> entity.
    mentionClass: URIRef  # Mention -> class it was recognized as.
    pipelineName: URIRef  # prov:Activity -> xsd:string.
    pipelineVersion: URIRef  # prov:Activity -> xsd:string.


ID = Namespace("https://w3id.org/lore-kg/id/")
SCHEMA = Namespace("https://schema.org/")
WD = Namespace("http://www.wikidata.org/entity/")
WDT = Namespace("http://www.wikidata.org/prop/direct/")

PREFIXES: dict[str, str] = {
    "lore": str(LORE),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "schema": str(SCHEMA),
    "wd": str(WD),
    "wdt": str(WDT),
    "prov": str(PROV),
    "dcterms": str(DCTERMS),
}


def bind_prefixes(graph: Graph) -> Graph:
    """Bind every prefix of `PREFIXES` on `graph`, replacing rdflib's defaults; returns `graph`."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph
