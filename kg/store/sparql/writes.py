"""The remote store's writes, and what "atomic" means on an endpoint that commits operation by operation.

Virtuoso commits each operation of a multi-operation update request on its own: a failure in the
second operation keeps the first (measured, see docs/BENCHMARKS.md); one operation, though, is one
transaction. A large INSERT DATA is refused (about 1,000 quads and up). So `replace_graph` and
`add_quads`:

1. stage the new triples in a fresh staging graph ``urn:x-lore-kg-staging:<time>-<random>``, in
   requests of at most `chunk` (250) triples, with every IRI rewritten into
   ``urn:x-lore-kg-staged:<IRI>``, so that no query of lore-kg matches staged data even though
   Virtuoso's union includes every graph (blank nodes that link triples go in the same request);
2. publish with ONE update operation, ``DELETE { GRAPH g {...} } INSERT { GRAPH g {...} } WHERE``
   over the old graph and the decoded staging graph (`add_quads`: an INSERT over up to 50
   staging graphs at a time);
3. drop the staging graph. The last staging chunk, step 2 and step 3 go in one request: an
   article of up to 250 triples is one HTTP request.

The guarantee, then: a failure in step 1 (network, endpoint, a term the endpoint refuses), or
step 2 failing on the endpoint, leaves every graph as it was (tested: a request dying mid-way, a
publishing operation failing inside Virtuoso). If the connection drops while step 2 runs, the
client cannot tell which happened, but the graph holds the old or the new content, not a mix.
Queries see the old graph until step 2 commits and the new one after; Virtuoso's default
isolation (read committed) does not promise that one query running across that commit sees only
one of them. Staged triples are not invisible to everything: a pattern with no constant at all
(``?s ?p ?o`` over the union) matches them while they exist. A crashed writer leaves a staging
graph; writers drop staging graphs older than an hour before their first write
(`cleanup_staging`), and the store's reads never count them. `add_quads` over more than 50
graphs publishes in steps of 50 graphs: each step is atomic, the whole is not.

Blank nodes are refused by Virtuoso in INSERT DATA: chunks holding them are sent as
``INSERT {...} WHERE {}``; and isIRI() is true of blank nodes there, so decoding tests isBlank()
first.
"""

from __future__ import annotations

import secrets
import time
from typing import TYPE_CHECKING

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from kg.errors import LoreError, StoreError

if TYPE_CHECKING:
    from kg.store.base import Triple
    from kg.store.sparql.store import SparqlStore

__all__ = ["CHUNK", "STAGED_PREFIX", "STAGING_MARKER", "STAGING_PREFIX", "add_quads", "cleanup_staging",
           "drop_graphs", "new_staging", "replace_graph", "stage_requests", "staging_graphs"]

STAGING_PREFIX = "urn:x-lore-kg-staging:"
STAGED_PREFIX = "urn:x-lore-kg-staged:"
STAGING_MARKER = URIRef("urn:x-lore-kg:staging-since")  # staging graph -> unix seconds
STAGING_MAX_AGE = 3600.0  # seconds: older staging graphs belong to a writer that died
CHUNK = 250  # triples per staging request (Virtuoso refuses INSERT DATA of ~1,000 quads)
PUBLISH_GRAPHS = 50  # staging graphs per publishing operation of add_quads
_K = len(STAGED_PREFIX) + 1  # SUBSTR start of the original IRI in a staged one


def _staged(term: Node) -> str:
    if isinstance(term, URIRef):
        return URIRef(STAGED_PREFIX + str(term)).n3()
    if isinstance(term, (Literal, BNode)):
        return term.n3()
    raise StoreError(f"cannot store this RDF term remotely: {term!r}")


def _decode(var: str, out: str, *, literal_possible: bool) -> str:
    """SPARQL that undoes `_staged` for ?var into ?out (blank nodes first: Virtuoso calls them IRIs)."""
    iri = f"IRI(SUBSTR(STR(?{var}), {_K}))"
    inner = f"IF(isIRI(?{var}), {iri}, ?{var})" if literal_possible else iri
    return f"BIND(IF(isBlank(?{var}), ?{var}, {inner}) AS ?{out})"


DECODE = "\n".join([
    _decode("es", "s", literal_possible=False),
    f"BIND(IRI(SUBSTR(STR(?ep), {_K})) AS ?p)",
    _decode("eo", "o", literal_possible=True),
])


def chunks_keeping_bnodes(triples: list[Triple], size: int) -> list[list[Triple]]:
    """Chunks of at most `size` triples, except that triples sharing a blank node stay together
    (labels of blank nodes are scoped to one update request)."""
    if not any(isinstance(t, BNode) for triple in triples for t in triple):
        return [triples[i:i + size] for i in range(0, len(triples), size)]
    parent: dict = {}

    def find(x):
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for s, _, o in triples:
        if isinstance(s, BNode) and isinstance(o, BNode):
            parent[find(s)] = find(o)
    groups: dict = {}
    for i, (s, _, o) in enumerate(triples):
        b = s if isinstance(s, BNode) else o if isinstance(o, BNode) else None
        groups.setdefault(find(b) if b is not None else ("t", i), []).append(triples[i])
    chunks: list[list[Triple]] = [[]]
    for group in groups.values():
        if chunks[-1] and len(chunks[-1]) + len(group) > size:
            chunks.append([])
        chunks[-1].extend(group)
    return chunks


def new_staging() -> URIRef:
    return URIRef(f"{STAGING_PREFIX}{int(time.time())}-{secrets.token_hex(8)}")


def stage_requests(staging: URIRef, triples: list[Triple], chunk: int) -> list[str]:
    """Update operations that fill `staging` with the encoded triples, one per request."""
    marker = f"{staging.n3()} {STAGING_MARKER.n3()} {Literal(int(time.time())).n3()} ."
    ops = []
    for i, part in enumerate(chunks_keeping_bnodes(triples, chunk) if triples else [[]]):
        body = "\n".join(f"{_staged(s)} {_staged(p)} {_staged(o)} ." for s, p, o in part)
        if i == 0:
            body = marker + "\n" + body
        if any(isinstance(t, BNode) for triple in part for t in triple):
            ops.append(f"INSERT {{ GRAPH {staging.n3()} {{\n{body}\n}} }} WHERE {{ }}")
        else:
            ops.append(f"INSERT DATA {{ GRAPH {staging.n3()} {{\n{body}\n}} }}")
    return ops


def _staged_pattern(staging: URIRef) -> str:
    return f"GRAPH {staging.n3()} {{ ?es ?ep ?eo }} FILTER(?ep != {STAGING_MARKER.n3()})\n{DECODE}"


def _write(store: SparqlStore, staging_graphs: list[URIRef], stage_ops: list[list[str]], publish: list[str]) -> None:
    """Run the staging requests, then the last staging operation, the publishing operation(s)
    and the drops together; on failure drop the staging graphs (best effort)."""
    drops = [f"DROP SILENT GRAPH {g.n3()}" for g in staging_graphs]
    ops = [op for per_graph in stage_ops for op in per_graph]
    try:
        for op in ops[:-1]:
            store.update(op)
        store.update(" ;\n".join([ops[-1], *publish, *drops]))
    except BaseException:
        try:
            store.update(" ;\n".join(drops))
        except LoreError:
            pass  # leftovers are inert, and dropped by cleanup_staging later
        raise


def replace_graph(store: SparqlStore, target: URIRef, triples: list[Triple]) -> None:
    """Make `target` hold exactly `triples`: staged, then published by one operation."""
    if not triples:
        store.update(f"DROP SILENT GRAPH {target.n3()}")
        return
    staging = new_staging()
    publish = (f"DELETE {{ GRAPH {target.n3()} {{ ?os ?op ?oo }} }}\n"
               f"INSERT {{ GRAPH {target.n3()} {{ ?s ?p ?o }} }}\n"
               f"WHERE {{ {{ GRAPH {target.n3()} {{ ?os ?op ?oo }} }}\n"
               f"  UNION {{ {_staged_pattern(staging)} }} }}")
    _write(store, [staging], [stage_requests(staging, triples, store.chunk)], [publish])


def add_quads(store: SparqlStore, by_graph: dict[URIRef, list[Triple]]) -> None:
    """Add the triples of each graph: staged, then published by one operation per 50 graphs."""
    graphs = list(by_graph)
    for start in range(0, len(graphs), PUBLISH_GRAPHS):
        step = graphs[start:start + PUBLISH_GRAPHS]
        stagings = [new_staging() for _ in step]
        branches = " UNION ".join(f"{{ {_staged_pattern(t)} BIND({g.n3()} AS ?g) }}"
                                  for t, g in zip(stagings, step))
        publish = f"INSERT {{ GRAPH ?g {{ ?s ?p ?o }} }} WHERE {{ {branches} }}"
        _write(store, stagings, [stage_requests(t, by_graph[g], store.chunk) for t, g in zip(stagings, step)],
               [publish])


def staging_graphs(store: SparqlStore) -> list[tuple[URIRef, float]]:
    """(staging graph, unix time it was started) for every staging graph (found by its marker)."""
    _, rows, _ = store.select(f"SELECT DISTINCT ?g ?t WHERE {{ GRAPH ?g {{ ?g {STAGING_MARKER.n3()} ?t }} }}")
    out = []
    for g, t in rows:
        if not g or g.get("type") != "uri" or not g["value"].startswith(STAGING_PREFIX):
            continue
        try:
            since = float(t["value"])
        except (TypeError, KeyError, ValueError):
            since = 0.0
        out.append((URIRef(g["value"]), since))
    return out


def cleanup_staging(store: SparqlStore, max_age: float = STAGING_MAX_AGE) -> list[URIRef]:
    """Drop staging graphs older than `max_age` seconds (left by writers that died); return them."""
    now = time.time()
    stale = [g for g, since in staging_graphs(store) if now - since > max_age]
    drop_graphs(store, stale)
    return stale


def drop_graphs(store: SparqlStore, graphs: list[URIRef]) -> None:
    for start in range(0, len(graphs), 100):
        store.update(" ;\n".join(f"DROP SILENT GRAPH {g.n3()}" for g in graphs[start:start + 100]))
