"""The extraction pipeline's version: what decides what is extracted, in one string.

lore-kg's version, the base pipeline's name and version, and a digest of the config, the rule
data, the component code and what it shares with kg (kg/extraction.py, the contract; kg/text.py, which
keys names). Ingest stores it with every article and extracts an article again
when it differs, so an upgraded lore-kg (or a new rule) refreshes stored graphs without --force.
No spaCy import: `kg info` shows it without loading a model.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from extractors.base_model import BaseModel
from kg import extraction as kg_extraction
from kg import text as kg_text

HERE = Path(__file__).parent
SHARED = {"kg/extraction.py": Path(kg_extraction.__file__), "kg/text.py": Path(kg_text.__file__)}


def pipeline_version(base: BaseModel) -> str:
    from kg import __version__

    digest = hashlib.sha256(f"{Path(base.name).name}\0{base.version}".encode())
    if base.path is not None and base.package is None:  # a pipeline given by path: what it is, not where
        for name in ("config.cfg", "meta.json"):
            if (base.path / name).is_file():
                digest.update((base.path / name).read_bytes())
    files = [*HERE.rglob("*.py"), HERE / "config.cfg", *(p for p in (HERE / "data").rglob("*") if p.is_file())]
    for path in sorted(files):
        digest.update(path.relative_to(HERE).as_posix().encode() + b"\0" + path.read_bytes())
    for name, path in SHARED.items():
        digest.update(name.encode() + b"\0" + path.read_bytes())
    tag = "blank" if base.is_blank else f"{Path(base.name).name}-{base.version}"
    return f"{__version__}+{tag}.{digest.hexdigest()[:10]}"
