"""What `kg info` reports: the store, the versions, the pipeline."""

from __future__ import annotations

import platform
from importlib import metadata

from kg.store.base import Store

PACKAGES = ("lore-kg", "rdflib", "pyoxigraph", "spacy", "networkx", "flask", "pyvis", "pyshacl")


def versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def info(store: Store) -> dict:
    from kg.pipeline_info import pipeline_description

    return {**store.describe(), "quads": len(store), "versions": versions(), "pipeline": pipeline_description()}
