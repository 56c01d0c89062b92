"""Store registry: a `--store` value names an implementation, looked up lazily as rdflib does.

- ``memory``: rdflib's in-memory Dataset, for tests and one-shot runs;
- ``http://...`` / ``https://...``: a remote SPARQL 1.1 endpoint;
- ``NAME:LOCATION``: the store registered under NAME, built in (``oxigraph:PATH``,
  ``sparql:URL``, ``memory:``), registered in code (`register`), or declared by an installed
  package in the entry point group ``lore_kg.stores`` (read at the first use of the registry)::

      [project.entry-points."lore_kg.stores"]
      mystore = "mypackage.store:MyStore"    # a kg.store.base.Store whose `name` is "mystore"

  The built-in names and those registered in code win over an installed package's;
- anything else: a directory holding the embedded, persistent Oxigraph store. The default is a
  directory under the user data dir.

A store class's `name` is the name it is registered under: what `kg info`, backups and `kg serve`
report.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import PluginError, UnknownStoreError

if TYPE_CHECKING:
    from kg.store.base import Store
    from kg.store.serving import Serving

__all__ = ["ENTRY_POINTS", "default_store_path", "open_store", "register", "resolve_spec", "serve_store",
           "store_class"]

ENTRY_POINTS = "lore_kg.stores"

_REGISTRY: dict[str, str] = {
    "memory": "kg.store.memory:MemoryStore",
    "oxigraph": "kg.store.oxigraph:OxigraphStore",
    "sparql": "kg.store.sparql:SparqlStore",
}
_installed: dict[str, str] | None = None  # the entry points of ENTRY_POINTS, read at first use


def register(name: str, target: str) -> None:
    """Register a store implementation as ``"module:Class"`` under `name`."""
    _REGISTRY[name] = target


def _registry() -> dict[str, str]:
    """Every known store: name -> ``"module:Class"``."""
    global _installed
    if _installed is None:
        from kg.plugins import installed

        _installed = installed(ENTRY_POINTS)
    return {**_installed, **_REGISTRY}


def default_store_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("lore-kg", appauthor=False)) / "store"


def store_class(name: str) -> type[Store]:
    """The store class registered under `name` (a kind that `resolve_spec` gives)."""
    from kg.plugins import load_reference
    from kg.store.base import Store

    known = _registry()
    if name not in known:
        raise UnknownStoreError(
            f"unknown store kind {name!r}; use one of: {', '.join(sorted(known))}, a directory or a URL")
    cls = load_reference(known[name])
    if not (isinstance(cls, type) and issubclass(cls, Store)):
        raise PluginError(f"{known[name]!r}, registered as the store {name!r}, is not a kg.store.base.Store class")
    if cls.name != name:
        raise PluginError(f"the store class {known[name]!r} is registered as {name!r} but its name is "
                          f"{cls.name!r}; give it name = {name!r} (what `kg info`, backups and `kg serve` report)")
    return cls


def resolve_spec(spec: str | None) -> tuple[str, str]:
    """Split a --store value into (kind, location)."""
    spec = spec or os.environ.get("KG_STORE") or str(default_store_path())
    if spec == "memory" or spec == "memory:":
        return "memory", ""
    if spec.startswith(("http://", "https://")):
        return "sparql", spec
    kind, sep, rest = spec.partition(":")
    if sep and len(kind) > 1 and kind in _registry():  # len > 1 keeps Windows drive letters paths
        return kind, rest
    return "oxigraph", spec


def open_store(spec: str | None = None, *, read_only: bool = False) -> Store:
    kind, location = resolve_spec(spec)
    return store_class(kind)(location, read_only=read_only)


def serve_store(spec: str | None = None, *, workers: int = 2) -> Serving:
    """The store as a long-running server uses it (`Store.serving`): any registered store."""
    kind, location = resolve_spec(spec)
    return store_class(kind).serving(location, workers=workers)
