"""SPARQL of kg.ask. Every value taken from a question reaches a query as an rdflib term, through
kg.query.sparql.values_block (VALUES rows serialised by rdflib); no text of the question is ever pasted
into a query. The entities come from linking (IRIs of the graph), the predicates from our data.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rdflib import Literal, URIRef
from rdflib.term import Node

from kg.query.sparql import select_all as _select_all
from kg.query.sparql import values_block
from kg.query.result import QueryResult
from kg.store.base import Store
from kg.vocab import LORE

__all__ = [
    "ADAPTED_SHOWS", "SEASONS", "SEQUEL_LINKS", "Step", "compact", "values_block", "show_characters_query",
    "adaptation_query", "sequel_links_query", "chain_query", "edges_query", "entity_sentences_query", "evidence_query",
    "genders_query", "release_query", "status_query", "title_query",
    "select_all", "sorted_rows", "ENTITY_RELATIONS", "CHARACTER_RELATIONS",
]


_LORE_IRI = re.compile(r"<" + re.escape(str(LORE)) + r"([A-Za-z][A-Za-z0-9]*)>")


def compact(sparql: str) -> str:
    """Our own vocabulary written with its predeclared prefix (lore:createdBy, not <https://...>),
    so the query reads well in the SPARQL console. Only lore: IRIs with plain local names."""
    return _LORE_IRI.sub(r"lore:\1", sparql)


def select_all(store: Store, sparql: str, key: str) -> QueryResult:
    """Every row of a query of kg.ask, even from a store that cuts answers at a maximum
    (Virtuoso's ResultSetMaxRows): then in keyset pages by STR(?key) (kg.query.sparql.select_all)."""
    return _select_all(store, sparql, key, who="kg ask")


def _term_key(term) -> tuple:
    if term is None:
        return (0, "", "", "")
    if isinstance(term, URIRef):
        return (1, str(term), "", "")
    if isinstance(term, Literal):
        return (3, str(term), str(term.datatype or ""), term.language or "")
    return (2, str(term), "", "")


def sorted_rows(rows) -> list[tuple]:
    """Rows sorted by their terms (unbound first, then IRIs, blank nodes, literals): stores
    return equal answers in different orders (Virtuoso in a different order from one run to the
    next), and the first row decides some ties (which fact a chain shows, which evidence comes
    first, which spelling of a name an index meets first)."""
    return sorted(rows, key=lambda row: tuple(_term_key(t) for t in row))


# An IRI, not a blank node: Virtuoso's isIRI() is true of blank nodes too.
_IRI = "isIRI(%s) && !isBlank(%s)"


@dataclass(frozen=True)
class Step:
    """One hop of a chain: follow `out` predicates forward, or `inward` predicates backward."""

    out: tuple[URIRef, ...] = ()
    inward: tuple[URIRef, ...] = ()


def chain_query(keys: Iterable[Node], steps: Sequence[Step]) -> str:
    """Nodes reachable from `keys` by `steps`; per hop k the fact that was used, ?sK ?pK ?oK.

    Columns: ?n0 (the key) ... ?nN (the answer), and ?s1 ?p1 ?o1 ... ?sN ?pN ?oN.
    """
    n = len(steps)
    head = " ".join(f"?n{k}" for k in range(n + 1)) + " " + " ".join(f"?s{k} ?p{k} ?o{k}" for k in range(1, n + 1))
    lines = [f"SELECT DISTINCT {head} WHERE {{", "  " + values_block(["n0"], [[key] for key in keys])]
    for k, step in enumerate(steps, start=1):
        a, b = f"?n{k - 1}", f"?n{k}"
        branches = []
        if step.out:
            branches.append(
                f"{{ {values_block([f'p{k}'], [[p] for p in step.out])} {a} ?p{k} {b} . "
                f"BIND({a} AS ?s{k}) BIND({b} AS ?o{k}) }}")
        if step.inward:
            branches.append(
                f"{{ {values_block([f'p{k}'], [[p] for p in step.inward])} {b} ?p{k} {a} . "
                f"BIND({b} AS ?s{k}) BIND({a} AS ?o{k}) }}")
        lines.append("  " + "\n  UNION\n  ".join(branches))
        if k < n:
            lines.append(f"  FILTER({_IRI % (b, b)})")
    lines.append("}")
    return "\n".join(lines)


# What the graph says about the seasons of the shows and the books they adapt. The sequel links
# between books are a query of their own (`sequel_links_query`): the one query that held the
# show's branches and every sequel link of the graph in one UNION did not compile on Virtuoso 7.2
# ("sparp_gp_deprecate(): equiv replaces filter but under deprecation"), and read thousands of
# links at 1M quads where a season question follows one or two.
SEASONS = """SELECT DISTINCT ?show ?kind ?s ?n ?o WHERE {
  $show
  { ?show lore:season ?s . ?s lore:seasonNumber ?n . ?s lore:adapts ?o . BIND("adapts" AS ?kind) }
  UNION
  { ?show lore:season ?s . ?s lore:seasonNumber ?n . ?s lore:basedOn ?o . BIND("seasonBasedOn" AS ?kind) }
  UNION
  { ?show lore:basedOn ?o . BIND(?show AS ?s) BIND("basedOn" AS ?kind) }
  UNION
  { ?show lore:season ?s . ?s lore:seasonNumber ?n . BIND("season" AS ?kind) }
}"""


def adaptation_query(shows: Iterable[URIRef]) -> str:
    """Seasons of the shows (number, the books they adapt or are based on) and the books the
    shows themselves are based on. Columns ?show ?kind ?s ?n ?o; ?kind is "adapts",
    "seasonBasedOn", "season" (?s a season numbered ?n) or "basedOn" (?s is the show)."""
    return SEASONS.replace("$show", values_block(["show"], [[s] for s in shows]))


# Shows the graph can say something about the adaptations of (a season question naming no show).
ADAPTED_SHOWS = """SELECT DISTINCT ?show WHERE {
  ?show a lore:Show .
  { ?show lore:basedOn ?b } UNION { ?show lore:season ?s . ?s lore:adapts ?b }
}"""


SEQUEL_LINKS = """SELECT DISTINCT ?kind ?s ?o WHERE {
  $books
  { ?s lore:sequel ?o . BIND("sequel" AS ?kind) }
  UNION
  { ?o lore:prequel ?s . BIND("prequel" AS ?kind) }
  FILTER(isIRI(?o) && !isBlank(?o))
}"""


def sequel_links_query(books: Iterable[URIRef]) -> str:
    """The books that follow `books` (?s): ?s lore:sequel ?o (kind "sequel"), and ?o lore:prequel
    ?s read backwards (kind "prequel")."""
    return SEQUEL_LINKS.replace("$books", values_block(["s"], [[b] for b in books]))


STATUS = """SELECT DISTINCT ?show ?kind ?report ?status ?asOf ?article ?published WHERE {
  $show
  {
    GRAPH ?article { ?show lore:statusReport ?report . ?report lore:status ?status . }
    OPTIONAL { ?report lore:asOf ?asOf }
    BIND("report" AS ?kind)
  }
  UNION
  { GRAPH ?article { ?show lore:renewalStatus ?status . } BIND("current" AS ?kind) }
  OPTIONAL { ?article schema:datePublished ?published }
}"""


def status_query(shows: Iterable[URIRef]) -> str:
    """Every status report on the shows (with its date and article) and every article's newest."""
    return STATUS.replace("$show", values_block(["show"], [[s] for s in shows]))


RELEASE = """SELECT DISTINCT ?show ?season ?n ?date WHERE {
  $show
  { ?show lore:releaseDate ?date . }
  UNION
  { ?show lore:season ?season . ?season lore:seasonNumber ?n . ?season lore:releaseDate ?date . }
}"""


def release_query(shows: Iterable[URIRef]) -> str:
    return RELEASE.replace("$show", values_block(["show"], [[s] for s in shows]))


EVIDENCE = """SELECT DISTINCT ?s ?p ?o ?sentence ?article ?title ?confidence ?start WHERE {
  $facts
  ?evidence rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; lore:sentence ?sentence .
  OPTIONAL { ?evidence prov:wasDerivedFrom ?article . OPTIONAL { ?article dcterms:title ?title } }
  OPTIONAL { ?evidence lore:confidence ?confidence }
  OPTIONAL { ?evidence lore:start ?start }
}"""


def evidence_query(facts: Iterable[tuple[Node, Node, Node]]) -> str:
    return EVIDENCE.replace("$facts", values_block(["s", "p", "o"], list(facts)))


ENTITY_SENTENCES = """SELECT DISTINCT ?x ?other ?sentence WHERE {
  $entities
  { ?evidence rdf:subject ?x ; rdf:object ?other . } UNION { ?evidence rdf:object ?x ; rdf:subject ?other . }
  ?evidence lore:sentence ?sentence .
}"""


def entity_sentences_query(entities: Iterable[Node]) -> str:
    """The evidence sentences of every stated fact about the entities (?x), with the fact's other
    end (?other): what a text says of them."""
    return ENTITY_SENTENCES.replace("$entities", values_block(["x"], [[e] for e in entities]))


# Relations between named entities, for the networkx questions (not evidence, mentions, reports).
CHARACTER_RELATIONS = (
    LORE.sibling, LORE.romantic, LORE.parent, LORE.harmed, LORE.pushed, LORE.stabbed, LORE.poisoned,
    LORE.attacked, LORE.shot, LORE.killed, LORE.framed,
)
ENTITY_RELATIONS = (
    LORE.basedOn, LORE.adapts, LORE.sequel, LORE.author, LORE.createdBy, LORE.character, LORE.portrayedBy,
    LORE.network, LORE.season, *CHARACTER_RELATIONS,
)

EDGES = """SELECT DISTINCT ?s ?p ?o WHERE {
  $predicates
  ?s ?p ?o .
  FILTER(isIRI(?o) && !isBlank(?o))
}"""


def edges_query(predicates: Iterable[URIRef] = ENTITY_RELATIONS) -> str:
    return EDGES.replace("$predicates", values_block(["p"], [[p] for p in predicates]))


SHOW_CHARACTERS = """SELECT DISTINCT ?show ?character ?p ?other WHERE {
  $show
  { ?show lore:character ?character . }
  UNION
  { ?character a lore:Character . FILTER(STRSTARTS(STR(?character), ?prefix)) }
  OPTIONAL {
    $predicates
    { ?character ?p ?other . } UNION { ?other ?p ?character . }
    FILTER(isIRI(?other) && !isBlank(?other))
  }
}"""


def show_characters_query(shows: Iterable[tuple[URIRef, Node]]) -> str:
    """Characters of shows (linked by lore:character or scoped by IRI: rows of (show, prefix
    literal)) with their relations to other characters."""
    return (SHOW_CHARACTERS.replace("$show", values_block(["show", "prefix"], [list(r) for r in shows]))
            .replace("$predicates", values_block(["p"], [[p] for p in CHARACTER_RELATIONS])))


GENDERS = """SELECT DISTINCT ?x ?gender ?sentence ?inferred WHERE {
  $entities
  ?x schema:gender ?gender .
  OPTIONAL {
    ?evidence rdf:subject ?x ; rdf:predicate schema:gender ; rdf:object ?gender ; lore:sentence ?sentence .
    OPTIONAL { ?evidence lore:inferred ?inferred }
  }
}"""


def genders_query(entities: Iterable[Node]) -> str:
    """The genders stored for the entities (?x): schema:gender with each statement's evidence
    sentence and whether it was inferred (from the given name)."""
    return GENDERS.replace("$entities", values_block(["x"], [[e] for e in entities]))


TITLE = "SELECT DISTINCT ?t WHERE { $article ?a dcterms:title ?t }"


def title_query(article: URIRef) -> str:
    """The title of an article (?t)."""
    return TITLE.replace("$article", values_block(["a"], [[article]]))
