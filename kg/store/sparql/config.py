"""Where and how to reach one SPARQL endpoint: URLs, credentials, time limits, graphs to hide.

Settings come from the environment or from a TOML file, never from the command line (it shows in
process lists and shell histories). Environment variables win over the file:

==========================  ==================  ===============================================
environment                 file key            meaning
==========================  ==================  ===============================================
KG_SPARQL_UPDATE_URL        update_url          where updates go (default: the query URL),
                                                e.g. Virtuoso's digest-protected /sparql-auth
KG_SPARQL_USER              user                user name for HTTP authentication
KG_SPARQL_PASSWORD          password            its password ...
KG_SPARQL_PASSWORD_FILE     password_file       ... or a file holding it (first line)
KG_SPARQL_AUTH              auth                ``digest`` or ``basic`` (default: whichever the
                                                server asks for; ``basic`` is sent up front)
KG_SPARQL_TIMEOUT           timeout             seconds to wait for an answer (default 60)
KG_SPARQL_DEFAULT_GRAPH     default_graph       the graph that stands for the default graph
KG_SPARQL_HIDDEN_GRAPHS     hidden_graphs       more graphs to keep out of the dataset
KG_SPARQL_CONFIG            -                   the TOML file (default: sparql.toml in the
                                                lore-kg user config directory)
==========================  ==================  ===============================================

The file has one table per query URL::

    ["http://db.example.org:8890/sparql"]
    update_url = "http://db.example.org:8890/sparql-auth"
    user = "lore"
    password_file = "/run/secrets/lore-sparql"

Credentials go to the query and update URLs only (never to another host after a redirect), and
no message of the remote store shows them (`safe_url`). A URL with credentials in it
(``http://user:pw@...``) is refused for the same reason.
"""

from __future__ import annotations

import os
import tomllib
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import StoreError

__all__ = ["CONFIG_ENV", "DEFAULT_GRAPH", "ENV", "EndpointConfig", "safe_url"]

DEFAULT_GRAPH = "urn:x-lore-kg:default-graph"
DEFAULT_TIMEOUT = 60.0

ENV = {
    "update_url": "KG_SPARQL_UPDATE_URL",
    "user": "KG_SPARQL_USER",
    "password": "KG_SPARQL_PASSWORD",
    "password_file": "KG_SPARQL_PASSWORD_FILE",
    "auth": "KG_SPARQL_AUTH",
    "timeout": "KG_SPARQL_TIMEOUT",
    "default_graph": "KG_SPARQL_DEFAULT_GRAPH",
    "hidden_graphs": "KG_SPARQL_HIDDEN_GRAPHS",
}
CONFIG_ENV = "KG_SPARQL_CONFIG"


@dataclass
class EndpointConfig:
    """Where and how to talk to one endpoint. `repr` never shows the password."""

    query_url: str
    update_url: str = ""
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    auth: str | None = None  # "basic", "digest" or None (answer the server's challenge)
    timeout: float = DEFAULT_TIMEOUT
    default_graph: str = DEFAULT_GRAPH
    hidden_graphs: tuple[str, ...] = ()

    def __post_init__(self):
        self.update_url = self.update_url or self.query_url
        for url in (self.query_url, self.update_url):
            parts = urllib.parse.urlsplit(url)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise StoreError(f"not an http(s) SPARQL endpoint URL: {safe_url(url)}")
            if parts.username or parts.password:
                raise StoreError("credentials do not belong in the endpoint URL (it shows in process lists and "
                                 "logs); set KG_SPARQL_USER and KG_SPARQL_PASSWORD instead")
        if self.auth not in (None, "basic", "digest"):
            raise StoreError(f"KG_SPARQL_AUTH must be 'basic' or 'digest', not {self.auth!r}")
        if self.password is not None and not self.user:
            raise StoreError("a SPARQL password is set but no user (KG_SPARQL_USER)")

    @classmethod
    def load(cls, query_url: str, **overrides) -> EndpointConfig:
        """Settings for `query_url`: keyword overrides, then the environment, then the file."""
        values: dict = dict(_config_file_section(query_url))
        for key, var in ENV.items():
            if os.environ.get(var):
                values[key] = os.environ[var]
        values.update({k: v for k, v in overrides.items() if v is not None})
        password_file = values.pop("password_file", None)
        if values.get("password") is None and password_file:
            try:
                values["password"] = Path(password_file).expanduser().read_text(encoding="utf-8").splitlines()[0]
            except (OSError, IndexError) as exc:
                raise StoreError(f"cannot read the SPARQL password file {password_file}: "
                                 f"{getattr(exc, 'strerror', None) or 'it is empty'}") from None
        if "timeout" in values:
            try:
                values["timeout"] = float(values["timeout"])
            except (TypeError, ValueError):
                raise StoreError(f"KG_SPARQL_TIMEOUT must be a number of seconds, not {values['timeout']!r}") from None
        hidden = values.get("hidden_graphs")
        if isinstance(hidden, str):
            values["hidden_graphs"] = tuple(hidden.split())
        elif hidden is not None:
            values["hidden_graphs"] = tuple(hidden)
        known = {"update_url", "user", "password", "auth", "timeout", "default_graph", "hidden_graphs"}
        return cls(query_url, **{k: v for k, v in values.items() if k in known})


def _config_file_section(query_url: str) -> dict:
    path = os.environ.get(CONFIG_ENV)
    if not path:
        from platformdirs import user_config_dir

        default = Path(user_config_dir("lore-kg", appauthor=False)) / "sparql.toml"
        if not default.is_file():
            return {}
        path = str(default)
    try:
        with open(path, "rb") as f:
            data = tomllib.load(f)
    except OSError as exc:
        raise StoreError(f"cannot read the SPARQL settings file {path}: {exc.strerror}") from None
    except tomllib.TOMLDecodeError as exc:
        raise StoreError(f"the SPARQL settings file {path} is not valid TOML: {exc}") from None
    section = data.get(query_url) or data.get(query_url.rstrip("/")) or {}
    return section if isinstance(section, dict) else {}


def safe_url(url: str) -> str:
    """The URL without user info, query string or fragment: fit for messages."""
    try:
        parts = urllib.parse.urlsplit(url)
        host = parts.hostname or ""
        if ":" in host:
            host = f"[{host}]"
        netloc = host + (f":{parts.port}" if parts.port else "")
        return urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, "", ""))
    except ValueError:
        return "<an invalid URL>"
