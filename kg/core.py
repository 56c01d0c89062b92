"""The core object: one lore-kg, its store, its extraction pipeline and how it runs queries.

    lore = Lore(Config.load(store="memory"))
    lore.ingest(["articles/"])
    print(lore.ask("Which book would season 2 of X adapt?").answers)

Built from one `Config` (flags, environment, configuration file). The `kg` command, the web app
(`web.create_app(lore=...)`) and `kg eval` wrap it; tests call it directly. The store is opened at
first use and the pipeline loaded at the first extraction, so a command that only reads never
imports spaCy.
"""

from __future__ import annotations

from kg.config import Config
from kg.errors import NoStoreError
from kg.pipelines import Pipeline
from kg.store import open_store, serve_store
from kg.store.base import Store

__all__ = ["Lore"]


class Lore:
    def __init__(self, config: Config | None = None, *, extractor=None):
        """`extractor`: an extraction pipeline already made, used instead of the configured one."""
        self.config = config if config is not None else Config.load()
        self._extractor = extractor
        self.pipeline = Pipeline(self.config.pipeline, self.config.model, extractor=extractor)
        self._store: Store | None = None

    def configure(self, **flags: str | None) -> Lore:
        """Apply the flags a command was given (None: not given) before anything is opened."""
        config = self.config.with_flags(**flags)
        if config != self.config:
            if self._store is not None or self.pipeline.loaded and self._extractor is None:
                raise RuntimeError("configure a Lore before it opens its store or loads its pipeline")
            self.config = config
            self.pipeline = Pipeline(config.pipeline, config.model, extractor=self._extractor)
        return self

    # --- the store ---------------------------------------------------------------------------

    def store(self, *, read_only: bool = False) -> Store:
        """The store, opened at the first call (read-only if that call asks so) and kept."""
        if self._store is None:
            self._store = open_store(self.config.store, read_only=read_only)
        return self._store

    def existing_store(self) -> Store | None:
        """The store read-only, or None when there is none yet (nothing ingested)."""
        try:
            return self.store(read_only=True)
        except NoStoreError:
            return None

    def serving(self, *, workers: int = 2):
        """The store as a long-running server uses it (`Store.serving`)."""
        return serve_store(self.config.store, workers=workers)

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None

    def __enter__(self) -> Lore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- what users do -----------------------------------------------------------------------

    def ingest(self, specs: list[str], **options):
        """Read, extract and store articles (`kg.ingest.ingest_paths`'s options)."""
        from kg.ingest import ingest_paths

        return ingest_paths(self.store(), specs, pipeline=self.pipeline, **options)

    def ask(self, question: str):
        from kg.ask import answer

        return answer(self.store(read_only=True), question)

    def query(self, sparql: str):
        return self.store(read_only=True).query(sparql)

    def evaluate(self, directories: list[str], *, skip_missing: bool = False) -> dict:
        """Score extraction and answers against the gold files of each directory (kg.evaluate):
        directory -> EvalReport (or, with `skip_missing`, the reason it has none)."""
        from kg.evaluate import evaluate_dirs

        return evaluate_dirs(directories, pipeline=self.pipeline, skip_missing=skip_missing)

    def info(self) -> dict:
        from kg.info import info

        return info(self.existing_store(), self.pipeline)
