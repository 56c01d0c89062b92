"""SPARQL as lore-kg speaks it: the answer to a query (`result`), shared helpers (`sparql`),
untrusted queries checked and run safely (`guard`), and the RDF and result formats (`formats`).

This package sits below kg.store: stores import it, it imports no store (kg.store's classes
appear here in type hints only)."""
