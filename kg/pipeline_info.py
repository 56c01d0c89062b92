"""Describe the default extraction pipeline without importing spaCy."""

from __future__ import annotations

PIPELINE_NAME = "lore-kg-rules"


def pipeline_description() -> dict[str, str]:
    from kg import __version__

    return {"name": PIPELINE_NAME, "version": __version__, "base": "spacy.blank('en')"}
