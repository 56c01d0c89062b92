"""SPARQL as lore-kg speaks it: shared helpers (`sparql`), untrusted queries run safely (`guard`),
and the RDF and result formats (`formats`)."""
