"""Store registry: a `--store` value names an implementation, looked up lazily as rdflib does.

- ``memory``: rdflib's in-memory Dataset, for tests and one-shot runs;
- ``http://...`` / ``https://...``: a remote SPARQL 1.1 endpoint;
- anything else: a directory holding the embedded, persistent Oxigraph store
  (``oxigraph:PATH`` says so explicitly). The default is a directory under the user data dir.
"""

from __future__ import annotations

import importlib
import os
from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import UnknownStoreError

if TYPE_CHECKING:
    from kg.store.base import Store
__all__ = ["default_store_path", "open_store", "register", "resolve_spec", "serve_store", "store_class"]

_REGISTRY: dict[str, str] = {
    "memory": "kg.store.memory:MemoryStore",
    "oxigraph": "kg.store.oxigraph:OxigraphStore",
    "sparql": "kg.store.sparql:SparqlStore",
}


def register(name: str, target: str) -> None:
    """Register a store implementation as ``"module:Class"`` under `name`."""
    _REGISTRY[name] = target


def default_store_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("lore-kg", appauthor=False)) / "store"


def store_class(name: str) -> type[Store]:
    """The store class registered under `name` (a kind that `resolve_spec` gives)."""
    try:
        module, cls = _REGISTRY[name].split(":")
    except KeyError:
        raise UnknownStoreError(
            f"unknown store kind {name!r}; use one of: {', '.join(sorted(_REGISTRY))}, a directory or a URL"
        ) from None
    return getattr(importlib.import_module(module), cls)


def resolve_spec(spec: str | None) -> tuple[str, str]:
    """Split a --store value into (kind, location)."""
    spec = spec or os.environ.get("KG_STORE") or str(default_store_path())
    if spec == "memory" or spec == "memory:":
        return "memory", ""
    if spec.startswith(("http://", "https://")):
        return "sparql", spec
    kind, sep, rest = spec.partition(":")
    if sep and kind in _REGISTRY and len(kind) > 1:  # len > 1 keeps Windows drive letters paths
        return kind, rest
    return "oxigraph", spec


def open_store(spec: str | None = None, *, read_only: bool = False) -> Store:
    kind, location = resolve_spec(spec)
    cls = store_class(kind)
    return cls(location, read_only=read_only)


def serve_store(spec: str | None = None, *, workers: int = 2):
    """The store as a long-running server uses it (`Store.serving`): any registered store."""
    kind, location = resolve_spec(spec)
    return store_class(kind).serving(location, workers=workers)
