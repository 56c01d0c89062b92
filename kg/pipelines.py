"""Extraction pipelines: which one a run uses, loaded once, and what `kg info` says of it.

A pipeline is any object with ``name``, ``version``, ``extract(document) -> kg.extraction.Extraction``
and ``extract_many(documents, batch_size=...)``. It is made by a *factory*, a callable taking the
base model's name (or None for its default), named by a ``"module:function"`` reference or by a
registered name: lore-kg's own is ``lore`` (the spaCy pipeline in `extractors/`); installed packages
add theirs under the entry point group ``lore_kg.pipelines`` (kg/plugins.py). A factory may also
have a ``describe(model)`` method saying what `kg info` shows without loading anything heavy.

kg imports no extractor code: it knows the pipeline by reference only.
"""

from __future__ import annotations

import threading

from kg.errors import LoreError, PipelineLoadError, PluginError
from kg.plugins import installed, load_reference

__all__ = ["DEFAULT_PIPELINE", "GROUP", "Pipeline", "reference", "register"]

GROUP = "lore_kg.pipelines"
DEFAULT_PIPELINE = "lore"
_BUILTIN = {DEFAULT_PIPELINE: "extractors.plugin:factory"}
_REGISTERED: dict[str, str] = {}


def register(name: str, target: str) -> None:
    """Register a pipeline factory as ``"module:function"`` under `name`."""
    _REGISTERED[name] = target


def known() -> dict[str, str]:
    return {**_BUILTIN, **installed(GROUP), **_REGISTERED}


def reference(spec: str | None) -> str:
    """The factory reference a setting names: a registered name, or ``module:function`` itself."""
    spec = spec or DEFAULT_PIPELINE
    if ":" in spec:
        return spec
    names = known()
    if spec not in names:
        raise PipelineLoadError(f"unknown extraction pipeline {spec!r}; use one of: {', '.join(sorted(names))}, "
                                "or a factory as module:function")
    return names[spec]


class Pipeline:
    """The pipeline a run uses: what to load (`ref`, `model`), loaded at the first `get()`; or,
    with `extractor`, one already made (tests, the web app's EXTRACTOR setting).

    Worker processes receive a pickled `Pipeline` and load their own (or get a copy of the given one).
    """

    def __init__(self, spec: str | None = None, model: str | None = None, *, extractor=None):
        self.ref = None if extractor is not None else reference(spec)
        self.model = model
        self._loaded = extractor
        self._lock = threading.Lock()

    @property
    def loaded(self) -> bool:
        return self._loaded is not None

    def get(self):
        """The extractor, made once (spaCy is imported only here, by lore-kg's own factory)."""
        with self._lock:
            if self._loaded is None:
                self._loaded = self._make()
            return self._loaded

    def _factory(self):
        try:
            return load_reference(self.ref, default_attr="load_pipeline")
        except PluginError as exc:
            raise PipelineLoadError(f"cannot load the extraction pipeline: {exc}") from None

    def _make(self):
        factory = self._factory()
        try:
            return factory(self.model)
        except LoreError:
            raise
        except Exception as exc:
            raise PipelineLoadError(f"cannot load the extraction pipeline ({self.ref}): "
                                    f"{type(exc).__name__}: {exc}") from exc

    def describe(self) -> dict:
        """What `kg info` shows: the factory's own description, else its name."""
        if self.ref is None:
            return _plain(str(getattr(self._loaded, "name", "")), str(getattr(self._loaded, "version", "")))
        describe = getattr(self._factory(), "describe", None)
        return describe(self.model) if callable(describe) else _plain(self.ref, "")

    def __getstate__(self) -> dict:
        return {"ref": self.ref, "model": self.model, "given": self._loaded if self.ref is None else None}

    def __setstate__(self, state: dict) -> None:
        self.ref, self.model, self._loaded, self._lock = state["ref"], state["model"], state["given"], threading.Lock()


def _plain(name: str, version: str) -> dict:
    return {"name": name, "version": version, "base": "", "base_version": "", "base_package": "", "base_path": "",
            "checksums": "", "components": []}
