"""A remote SPARQL 1.1 endpoint as the store: ``--store http://HOST:PORT/sparql``.

Tested against Virtuoso open source 7.2 (tests/test_store_remote.py, and the `store` fixture of
the whole store suite); it speaks only the SPARQL 1.1 Protocol, so any endpoint that evaluates
the default graph as the union of all graphs (Virtuoso does; Fuseki with `unionDefaultGraph`,
GraphDB and others can be set up so) behaves the same.

One module per concern:

- `config`: the settings (environment variables, the TOML settings file, credentials, URLs);
- `transport`: HTTP, authentication, time limits, the endpoint's failures as lore-kg's errors;
- `dialect`: what the endpoint is and its quirks (hidden system graphs, graph constants sent as
  variables, syntax errors with the caller's line and column);
- `results`: answers decoded into rdflib terms;
- `reads`: the store's own reads of the dataset, whole or in keyset pages;
- `writes`: the atomic write protocol (a staging graph with rewritten IRIs, published by one
  ``DELETE/INSERT WHERE``) and what "atomic" means on an endpoint;
- `store`: `SparqlStore`, the Store interface over them;
- `serving`: how `kg serve` uses an endpoint.

How the store maps lore-kg's dataset onto the endpoint:

- Queries are POSTed (form-encoded) with the prefixes of kg.vocab prepended
  (`kg.query.sparql.prologue`), asking for ``application/sparql-results+json`` (SELECT, ASK) or
  ``application/n-triples`` (CONSTRUCT, DESCRIBE). Error line numbers are the caller's.
- Result caps: a query with a row limit below the endpoint's cap is unaffected; past it the result
  is marked ``truncated``; a query without a limit that was cut raises StoreError rather than
  answer wrong (kg.ask and kg.explore read what may be long in keyset pages,
  `kg.query.sparql.select_all`, so Virtuoso's default cap is fine).
- Virtuoso refuses triples without a graph in an update, so the default graph is a named graph,
  ``urn:x-lore-kg:default-graph`` (KG_SPARQL_DEFAULT_GRAPH): `quads` reports its quads with graph
  None and `graphs` does not list it. A ``GRAPH ?g`` pattern does see it there.
"""

from kg.store.sparql.store import SparqlStore

__all__ = ["SparqlStore"]
