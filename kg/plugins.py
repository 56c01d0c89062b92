"""The one plug-in mechanism: ``"module:attr"`` references and the package entry points that name them.

lore-kg's own implementations are registered in code by the registry that uses them (as rdflib
registers its built-in plugins); another installed package adds its own through an entry point of
the registry's group in its packaging metadata, for instance in its pyproject.toml::

    [project.entry-points."lore_kg.stores"]
    mystore = "mypackage.store:MyStore"

Groups: ``lore_kg.stores`` (kg.store) and ``lore_kg.pipelines`` (kg.pipelines).
"""

from __future__ import annotations

import importlib
from importlib.metadata import entry_points

from kg.errors import PluginError

__all__ = ["installed", "load_reference"]

def installed(group: str) -> dict[str, str]:
    """The plug-ins installed packages declare in `group`: name -> ``"module:attr"``."""
    return {ep.name: ep.value for ep in entry_points(group=group)}


def load_reference(reference: str, *, default_attr: str | None = None):
    """The object ``"module:attr"`` names (``"module"`` alone means `default_attr` in it)."""
    module, _, attr = reference.partition(":")
    attr = attr or default_attr
    if not module or not attr:
        raise PluginError(f"{reference!r} names no object: write it as module:name")
    try:
        target = importlib.import_module(module)
    except ImportError as exc:
        raise PluginError(f"cannot import {module!r} for {reference!r}: {exc}; is its package installed?") from None
    try:
        for part in attr.split("."):
            target = getattr(target, part)
    except AttributeError:
        raise PluginError(f"{module!r} has no {attr!r} (from {reference!r})") from None
    return target
