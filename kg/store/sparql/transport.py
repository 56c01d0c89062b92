"""HTTP to one SPARQL endpoint (the SPARQL 1.1 Protocol): form-encoded POSTs, authentication,
time limits, and the endpoint's failures as lore-kg's errors.

- Every request waits KG_SPARQL_TIMEOUT seconds; a query with its own time limit
  (`query(timeout=...)`, used by the web console) waits that long and a grace second
  (`TIMEOUT_GRACE`) for the endpoint's own "stopped" answer. Either is a QueryTimeoutError.
- Virtuoso's "anytime" answers (cut at MaxQueryExecutionTime, status 200, partial) are a
  QueryTimeoutError too, not an answer.
- HTTP authentication: digest or basic as the server asks, basic sent up front with
  ``auth = "basic"``; credentials go to the configured URLs only.
"""

from __future__ import annotations

import base64
import re
import urllib.error
import urllib.parse
import urllib.request

from kg.errors import LoreError, QueryTimeoutError, StoreError
from kg.store.sparql.config import EndpointConfig, safe_url
from kg.store.sparql.dialect import EndpointSyntaxError, looks_like_syntax_error

__all__ = ["Answer", "TIMEOUT_GRACE", "Transport"]

TIMEOUT_GRACE = 1.0  # seconds past a query's own time limit that the endpoint's "stopped" answer may take


class Answer:
    """An endpoint's answer: its headers and body."""

    def __init__(self, headers, body: bytes):
        self.headers = headers
        self.body = body

    @property
    def content_type(self) -> str:
        return (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()

    @property
    def server(self) -> str:
        return self.headers.get("Server") or ""


class Transport:
    """POSTs to the query and update URLs of `config`. `location` is the query URL as messages show it."""

    def __init__(self, config: EndpointConfig):
        self.config = config
        self.location = safe_url(config.query_url)
        self._opener = self._build_opener()

    def _build_opener(self):
        handlers = []
        c = self.config
        if c.user and c.auth != "basic":
            manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            for url in {c.query_url, c.update_url}:
                manager.add_password(None, url, c.user, c.password or "")
            handlers.append(urllib.request.HTTPDigestAuthHandler(manager))
            handlers.append(urllib.request.HTTPBasicAuthHandler(manager))
        return urllib.request.build_opener(*handlers)

    def post(self, url: str, form: dict[str, str], accept: str, *, what: str,
             timeout: float | None = None) -> Answer:
        """POST `form`; wait the store's timeout (KG_SPARQL_TIMEOUT), or `timeout` seconds and
        `TIMEOUT_GRACE` for the endpoint's own answer when it stops there (the caller asks it to:
        kg.store.sparql.dialect.time_limit_form)."""
        headers = {"Accept": accept, "Content-Type": "application/x-www-form-urlencoded; charset=UTF-8",
                   "User-Agent": "lore-kg"}
        c = self.config
        wait, setting = c.timeout, " (KG_SPARQL_TIMEOUT)"
        if timeout is not None:
            wait, setting = timeout + TIMEOUT_GRACE, ""
        if c.user and c.auth == "basic":
            token = base64.b64encode(f"{c.user}:{c.password or ''}".encode()).decode()
            headers["Authorization"] = f"Basic {token}"
        request = urllib.request.Request(url, data=urllib.parse.urlencode(form).encode("utf-8"),
                                         headers=headers, method="POST")
        try:
            with self._opener.open(request, timeout=wait) as response:
                answer = Answer(response.headers, response.read())
        except urllib.error.HTTPError as exc:
            try:
                body = exc.read()
            except OSError:
                body = b""
            raise self._http_error(exc.code, body, url, what) from None
        except TimeoutError:
            raise QueryTimeoutError(f"the SPARQL endpoint {safe_url(url)} did not answer the {what} within "
                                    f"{wait:g} s{setting}") from None
        except urllib.error.URLError as exc:
            reason = exc.reason
            if isinstance(reason, TimeoutError):
                raise QueryTimeoutError(f"the SPARQL endpoint {safe_url(url)} did not answer the {what} "
                                        f"within {wait:g} s{setting}") from None
            text = getattr(reason, "strerror", None) or str(reason)
            raise StoreError(f"cannot reach the SPARQL endpoint {safe_url(url)}: {text}") from None
        except (OSError, ValueError) as exc:  # connection reset, bad status line...
            raise StoreError(f"the {what} to {safe_url(url)} failed: {type(exc).__name__}: {exc}") from None
        if (answer.headers.get("X-SQL-State") or "").strip() == "S1TAT":
            # Virtuoso's "anytime" answer: cut at MaxQueryExecutionTime, partial, with status 200.
            raise QueryTimeoutError(f"the SPARQL endpoint {safe_url(url)} stopped the {what} at its time limit "
                                    "and sent a partial answer; narrow the query")
        return answer

    def _http_error(self, code: int, body: bytes, url: str, what: str) -> LoreError:
        text = body.decode("utf-8", "replace").strip()
        first = next((line.strip() for line in text.splitlines() if line.strip()), "")
        message = re.sub(r"^Virtuoso \w+ Error \w+:\s*", "", first)
        message = re.sub(r"^SPARQL compiler:\s*(?=Internal error)", "", message)[:300] or f"HTTP {code}"
        where = safe_url(url)
        if code in (401, 403) or "SR186" in first or "No permission" in first:
            hint = ("set KG_SPARQL_USER and KG_SPARQL_PASSWORD" if not self.config.user
                    else "check KG_SPARQL_USER / KG_SPARQL_PASSWORD and that this user may write")
            if what == "update" and self.config.update_url == self.config.query_url:
                hint += ", and KG_SPARQL_UPDATE_URL for an authenticated update endpoint (Virtuoso: /sparql-auth)"
            return StoreError(f"the SPARQL endpoint {where} refused the {what} (HTTP {code}: {message}); {hint}")
        if "S1T00" in first or "SR171" in first or "timed out" in first.lower() or code == 504:
            return QueryTimeoutError(f"the SPARQL endpoint {where} stopped the {what} at its time limit: {message}")
        if code == 400 and looks_like_syntax_error(first):
            return EndpointSyntaxError(message, first)
        return StoreError(f"the SPARQL endpoint {where} failed the {what} (HTTP {code}): {message}")
