"""Where the pipeline's config lives (no spaCy import)."""

from pathlib import Path

CONFIG = Path(__file__).parent / "config.cfg"
