"""One configuration for a lore-kg: the store, the extraction pipeline and its base model.

Each setting comes from the first of: a command-line flag, the environment (``KG_STORE``,
``KG_EXTRACTOR``, ``KG_MODEL``), the configuration file (``config.toml`` in the lore-kg user
config directory, or the file ``KG_CONFIG`` names), the default::

    # ~/.config/lore-kg/config.toml
    store = "/srv/lore/store"      # a directory, "memory" or a SPARQL endpoint URL
    pipeline = "lore"             # a registered pipeline name or a factory as module:function
    model = "en_core_web_sm"      # the base model the pipeline builds on

Credentials for a SPARQL endpoint live elsewhere (sparql.toml, kg/store/sparql).
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path

from kg.errors import ConfigError

__all__ = ["Config", "config_file"]

ENVIRONMENT = {"store": "KG_STORE", "pipeline": "KG_EXTRACTOR", "model": "KG_MODEL"}
CONFIG_ENV = "KG_CONFIG"


@dataclass(frozen=True)
class Config:
    store: str | None = None  # None: the default directory under the user data dir
    pipeline: str | None = None  # None: lore-kg's own (kg.pipelines.DEFAULT_PIPELINE)
    model: str | None = None  # None: the pipeline's default base model

    @classmethod
    def load(cls, *, environ: Mapping[str, str] | None = None, **flags: str | None) -> Config:
        """Flags over the environment over the configuration file. A flag of None is not given."""
        environ = os.environ if environ is None else environ
        unknown = set(flags) - set(ENVIRONMENT)
        if unknown:
            raise TypeError(f"unknown settings: {', '.join(sorted(unknown))}")
        values = _read_file(config_file(environ))
        values.update({k: environ[v] for k, v in ENVIRONMENT.items() if environ.get(v)})
        values.update({k: v for k, v in flags.items() if v is not None})
        return cls(**values)

    def with_flags(self, **flags: str | None) -> Config:
        """This configuration with the flags that were given (not None) in place."""
        return replace(self, **{k: v for k, v in flags.items() if v is not None})


def config_file(environ: Mapping[str, str]) -> Path:
    if environ.get(CONFIG_ENV):
        return Path(environ[CONFIG_ENV])
    from platformdirs import user_config_dir

    return Path(user_config_dir("lore-kg", appauthor=False)) / "config.toml"


def _read_file(path: Path) -> dict:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise ConfigError(f"cannot read the configuration file {path}: {exc.strerror}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"the configuration file {path} is not valid TOML: {exc}") from None
    names = {f.name for f in fields(Config)}
    unknown = sorted(set(data) - names)
    if unknown:
        raise ConfigError(f"the configuration file {path} sets unknown settings: {', '.join(unknown)} "
                          f"(known: {', '.join(sorted(names))})")
    bad = sorted(k for k, v in data.items() if not isinstance(v, str))
    if bad:
        raise ConfigError(f"the configuration file {path}: {', '.join(bad)} must be text in quotes")
    return dict(data)
