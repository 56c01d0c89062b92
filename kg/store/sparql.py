"""Remote SPARQL 1.1 endpoints (`--store http://HOST:PORT/sparql`): the seam for a later release."""

from __future__ import annotations

from kg.errors import StoreError


class SparqlStore:
    name = "sparql"

    def __init__(self, location: str, *, read_only: bool = False):
        raise StoreError(
            f"remote SPARQL stores ({location}) are not supported yet; "
            "use the embedded store (a directory) or --store memory"
        )
