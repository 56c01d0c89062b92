"""Fetch an article URL with the standard library: timeouts, size cap, redirect cap, and no
requests to private, loopback, link-local, multicast or reserved addresses unless allowed."""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
import urllib.error
import urllib.request
from urllib.parse import urljoin, urlsplit

from kg import __version__
from kg.errors import DocumentTooLargeError, FetchError, PrivateAddressError, UnsupportedSourceError

MAX_REDIRECTS = 5
USER_AGENT = f"lore-kg/{__version__}"
_CHUNK = 64 * 1024


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Hand 3xx responses back so every hop is checked before it is followed."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


def _blocked(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return (ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_multicast
            or ip.is_reserved or ip.is_unspecified or not ip.is_global)


def check_host(url: str, host: str, port: int | None) -> None:
    """Raise PrivateAddressError if host is or resolves to a non-public address."""
    try:
        addresses = [ipaddress.ip_address(host.strip("[]").split("%")[0])]
    except ValueError:
        try:
            infos = socket.getaddrinfo(host, port or 80, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError) as exc:
            raise FetchError(f"{url}: cannot resolve host {host!r} ({_reason(exc)}); "
                             "check the address and your network") from None
        addresses = [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]
    for ip in addresses:
        if _blocked(ip):
            raise PrivateAddressError(
                f"{url}: host {host} resolves to a private or local address ({ip}); "
                "lore-kg fetches only public addresses (allow_private=True to override)")


def _reason(exc: BaseException) -> str:
    if isinstance(exc, urllib.error.URLError) and not isinstance(exc, urllib.error.HTTPError):
        exc = exc.reason if isinstance(exc.reason, BaseException) else exc
    if isinstance(exc, (TimeoutError, socket.timeout)):
        return "timed out"
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    if isinstance(exc, socket.gaierror):
        return "name not known"
    if isinstance(exc, ssl.SSLError):
        return f"TLS error: {exc.reason or exc}"
    text = str(getattr(exc, "strerror", None) or exc).strip() or type(exc).__name__
    return " ".join(text.split())


def fetch(url: str, *, max_bytes: int, timeout: float,
          allow_private: bool = False) -> tuple[bytes, str | None, str]:
    """(body, Content-Type, final URL) of an http(s) URL."""
    opener = urllib.request.build_opener(_NoRedirect)
    current = url
    for _hop in range(MAX_REDIRECTS + 1):
        parts = urlsplit(current)
        if parts.scheme not in ("http", "https"):
            raise UnsupportedSourceError(
                f"{url}: redirected to a {parts.scheme or 'non-web'} address; "
                "lore-kg fetches only http and https URLs")
        if not parts.hostname:
            raise FetchError(f"{current}: the URL has no host; check the address")
        try:
            port = parts.port
        except ValueError:
            raise FetchError(f"{current}: the URL has an invalid port; check the address") from None
        if not allow_private:
            check_host(current, parts.hostname, port)
        request = urllib.request.Request(current, headers={
            "User-Agent": USER_AGENT,
            "Accept": "text/html,application/xhtml+xml,text/markdown,text/plain;q=0.9,*/*;q=0.1"})
        try:
            response = opener.open(request, timeout=timeout)
        except urllib.error.HTTPError as exc:
            location = exc.headers.get("Location") if exc.headers else None
            exc.close()
            if exc.code in (301, 302, 303, 307, 308):
                if not location:
                    raise FetchError(f"{current}: HTTP {exc.code} redirect without a Location; "
                                     "check the address") from None
                current = urljoin(current, location)
                continue
            raise FetchError(f"{current}: HTTP {exc.code} {exc.reason}; check the URL "
                             "or save the article to a file") from None
        except (urllib.error.URLError, http.client.HTTPException, OSError, ValueError) as exc:
            raise FetchError(f"{current}: could not fetch ({_reason(exc)} after at most "
                             f"{timeout:g}s); check the address and your network") from None
        with response:
            return _read(response, current, max_bytes, timeout), \
                response.headers.get("Content-Type"), current
    raise FetchError(f"{url}: more than {MAX_REDIRECTS} redirects; "
                     "fetch the final address directly or save the article to a file")


def _read(response, url: str, max_bytes: int, timeout: float) -> bytes:
    length = response.headers.get("Content-Length")
    if length and length.strip().isdigit() and int(length) > max_bytes:
        raise DocumentTooLargeError(f"{url}: the server reports {int(length)} bytes, over the "
                                    f"{max_bytes}-byte limit; save a smaller article")
    deadline = time.monotonic() + max(6 * timeout, 30.0)
    chunks: list[bytes] = []
    total = 0
    try:
        while True:
            chunk = response.read1(_CHUNK)  # one recv at a time: a drip feed still meets the deadline
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > max_bytes:
                raise DocumentTooLargeError(f"{url}: more than {max_bytes} bytes; "
                                            "lore-kg reads articles up to that size")
            if time.monotonic() > deadline:
                raise FetchError(f"{url}: download too slow (timed out); try again later")
    except (OSError, http.client.HTTPException) as exc:
        raise FetchError(f"{url}: could not read the response ({_reason(exc)}); "
                         "try again later") from None
    return b"".join(chunks)
