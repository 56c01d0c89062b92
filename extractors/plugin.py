"""lore-kg's own pipeline as kg sees it (kg.pipelines, registered as ``lore``): a factory that
imports spaCy only when called, and a description for `kg info` that needs no spaCy at all."""

from __future__ import annotations

PIPELINE_NAME = "lore-kg"


class LoreFactory:
    def __call__(self, model: str | None = None):
        from extractors.pipeline import LorePipeline

        return LorePipeline(model)

    def describe(self, model: str | None = None) -> dict:
        return describe(model)


factory = LoreFactory()


def describe(model: str | None = None) -> dict:
    """Name, version, base pipeline, components and the state of the base's checksums."""
    from confection import Config

    from extractors import base_model
    from extractors.pipeline_config import CONFIG
    from extractors.version import pipeline_version

    try:
        base = base_model.resolve(model, verify=False)
    except base_model.ModelNotFoundError as exc:
        return {"name": PIPELINE_NAME, "version": "", "base": model or base_model.DEFAULT_MODEL, "base_version": "",
                "base_package": "", "base_path": "", "checksums": f"NOT INSTALLED: {exc}", "components": []}
    except base_model.ModelChecksumError as exc:  # the wrong version of the default
        return {"name": PIPELINE_NAME, "version": "", "base": base_model.DEFAULT_MODEL, "base_version": "",
                "base_package": "", "base_path": "", "checksums": f"MISMATCH: {exc}", "components": []}
    checksums = base_model.checksum_state(base)
    config = Config().from_disk(CONFIG, interpolate=False)
    lore = config["lore"]
    if base.is_blank:
        components = list(config["nlp"]["pipeline"])
    else:
        trained = [c for c in base_model.read_meta(base.path).get("pipeline", []) if c not in lore["exclude"]]
        components = [*lore["first"], *trained, *lore["last"]]
    return {"name": PIPELINE_NAME, "version": pipeline_version(base), **base.describe(),
            "checksums": checksums, "components": components}
