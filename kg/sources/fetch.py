"""Fetch an article URL with the standard library: timeouts, size cap, redirect cap, and no
requests to private, loopback, link-local, multicast or reserved addresses unless allowed.

The host name of each hop is resolved once; the addresses are checked and the connection is
made to one of those very addresses (never to a second answer of the resolver, which a DNS
rebinding attack would make private). The request still names the host: the Host header, the
TLS server name (SNI) and the certificate check are for the host name of the URL. Proxies from
the environment are not used: a proxy would resolve the name again, past the check."""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
from urllib.parse import quote, urljoin, urlsplit

from kg import __version__
from kg.errors import DocumentTooLargeError, FetchError, PrivateAddressError, UnsupportedSourceError

MAX_REDIRECTS = 5
USER_AGENT = f"lore-kg/{__version__}"
_CHUNK = 64 * 1024
_REDIRECTS = (301, 302, 303, 307, 308)
_PATH_SAFE = "/%:@!$&'()*+,;=-._~?"

Address = tuple[int, tuple]  # (address family, socket address) as getaddrinfo gives them


def _blocked(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return (ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_multicast
            or ip.is_reserved or ip.is_unspecified or not ip.is_global)


def resolve(url: str, host: str, port: int) -> list[Address]:
    """The addresses to connect to for host: the host itself when it is an IP address."""
    literal = host.strip("[]")
    try:
        ip = ipaddress.ip_address(literal.split("%")[0])
    except ValueError:
        pass
    else:
        if ip.version == 4:
            return [(socket.AF_INET, (str(ip), port))]
        return [(socket.AF_INET6, (literal, port, 0, 0))]
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"{url}: cannot resolve host {host!r} ({_reason(exc)}); "
                         "check the address and your network") from None
    addresses = [(info[0], info[4]) for info in infos if info[0] in (socket.AF_INET, socket.AF_INET6)]
    if not addresses:
        raise FetchError(f"{url}: host {host!r} has no IP address; check the address")
    return addresses


def check_addresses(url: str, host: str, addresses: list[Address]) -> None:
    """Raise PrivateAddressError if any of host's addresses is not a public one."""
    for _family, sockaddr in addresses:
        ip = ipaddress.ip_address(sockaddr[0].split("%")[0])
        if _blocked(ip):
            raise PrivateAddressError(
                f"{url}: host {host} resolves to a private or local address ({ip}); "
                "lore-kg fetches only public addresses; to fetch it anyway, pass --allow-private "
                "to `kg ingest` (the web app: set LORE_ALLOW_PRIVATE_URLS=true)")


def _connect(addresses: list[Address], timeout: float) -> socket.socket:
    """A TCP connection to the first of the given addresses (never none: see resolve) that
    answers; the last one's error when none does."""
    *others, last = addresses
    for family, sockaddr in others:
        try:
            return _connect_one(family, sockaddr, timeout)
        except OSError:
            continue
    return _connect_one(*last, timeout)


def _connect_one(family: int, sockaddr: tuple, timeout: float) -> socket.socket:
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.settimeout(timeout)
        sock.connect(sockaddr)
    except BaseException:
        sock.close()
        raise
    try:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    except OSError:
        pass
    return sock


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """HTTP to host:port (Host header), over a socket to one of the checked addresses."""

    def __init__(self, host: str, port: int, addresses: list[Address], timeout: float):
        super().__init__(host, port, timeout=timeout)
        self._addresses = addresses

    def connect(self):
        self.sock = _connect(self._addresses, self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """HTTPS likewise; TLS names the host (SNI) and the certificate is checked against it."""

    def __init__(self, host: str, port: int, addresses: list[Address], timeout: float):
        super().__init__(host, port, timeout=timeout, context=tls_context())
        self._addresses = addresses

    def connect(self):
        sock = _connect(self._addresses, self.timeout)
        try:
            self.sock = self._context.wrap_socket(sock, server_hostname=self.host)
        except BaseException:
            sock.close()
            raise


def tls_context() -> ssl.SSLContext:
    """Certificates verified against the system's authorities, host names checked."""
    return ssl.create_default_context()


def _reason(exc: BaseException, timeout: float | None = None) -> str:
    if isinstance(exc, (TimeoutError, socket.timeout)):
        return f"timed out after {timeout:g}s" if timeout is not None else "timed out"
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    if isinstance(exc, socket.gaierror):
        return "name not known"
    if isinstance(exc, ssl.SSLError):
        return f"TLS error: {exc.reason or exc}"
    text = str(getattr(exc, "strerror", None) or exc).strip() or type(exc).__name__
    return " ".join(text.split())


def _target(parts) -> str:
    path = quote(parts.path or "/", safe=_PATH_SAFE)
    return f"{path}?{quote(parts.query, safe=_PATH_SAFE)}" if parts.query else path


def fetch(url: str, *, max_bytes: int, timeout: float,
          allow_private: bool = False) -> tuple[bytes, str | None, str]:
    """(body, Content-Type, final URL) of an http(s) URL; every redirect is checked anew."""
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
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError:
            raise FetchError(f"{current}: the URL has an invalid port; check the address") from None
        addresses = resolve(current, parts.hostname, port)
        if not allow_private:
            check_addresses(current, parts.hostname, addresses)
        kind = _PinnedHTTPSConnection if parts.scheme == "https" else _PinnedHTTPConnection
        connection = kind(parts.hostname, port, addresses, timeout)
        try:
            try:
                connection.request("GET", _target(parts), headers={
                    "User-Agent": USER_AGENT,
                    "Accept": "text/html,application/xhtml+xml,text/markdown,text/plain;q=0.9,*/*;q=0.1"})
                response = connection.getresponse()
            except ssl.SSLCertVerificationError as exc:
                raise FetchError(f"{current}: the site's certificate is not trusted "
                                 f"({exc.verify_message or exc.reason or exc}); check the URL") from None
            except (http.client.HTTPException, OSError, ValueError, UnicodeError) as exc:
                raise FetchError(f"{current}: could not fetch ({_reason(exc, timeout)}); "
                                 "check the address and your network") from None
            if response.status in _REDIRECTS:
                location = response.headers.get("Location")
                if not location:
                    raise FetchError(f"{current}: HTTP {response.status} redirect without a "
                                     "Location; check the address")
                current = urljoin(current, location.strip())
                continue
            if not 200 <= response.status < 300:
                raise FetchError(f"{current}: HTTP {response.status} {response.reason}; check "
                                 "the URL or save the article to a file")
            return _read(response, current, max_bytes, timeout), \
                response.headers.get("Content-Type"), current
        finally:
            connection.close()
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
        raise FetchError(f"{url}: could not read the response ({_reason(exc, timeout)}); "
                         "try again later") from None
    return b"".join(chunks)
