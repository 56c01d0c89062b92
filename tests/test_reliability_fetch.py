"""URL ingest against a hostile server or address (server-side request forgery, DNS rebinding, TLS
name checks, slow drips).
tests/test_sources.py covers the ordinary cases (private addresses, redirect cap, size cap, a
server that never answers); these are the ones an attacker would try next."""

from __future__ import annotations

import http.server
import shutil
import socket
import ssl
import subprocess
import threading
import time

import pytest

from kg.sources import fetch as sources_fetch
from kg.errors import DocumentTooLargeError, FetchError, PrivateAddressError, UnsupportedSourceError
from kg.sources import read_document


class _Drip(http.server.BaseHTTPRequestHandler):
    """Sends a body one byte every 50 ms, forever: each read is well within the socket timeout."""

    hits = 0
    hosts: list[str] = []
    completed = False
    finished = threading.Event()

    def log_message(self, *args):
        pass

    def do_GET(self):  # noqa: N802 - http.server's name
        _Drip.hits += 1
        _Drip.hosts.append(self.headers.get("Host", ""))
        if self.path in ("/to-internal", "/to-file", "/to-ftp"):
            target = {"/to-internal": f"http://internal.example:{self.server.server_address[1]}/article",
                      "/to-file": "file:///etc/passwd", "/to-ftp": "ftp://127.0.0.1/pub/article.txt"}[self.path]
            self.send_response(302)
            self.send_header("Location", target)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if self.path == "/endless":  # 64 MB without a Content-Length, as fast as the client reads
            _Drip.completed = False
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            try:
                for _ in range(1024):
                    self.wfile.write(b"word " * 13_107)
                _Drip.completed = True
            except OSError:
                pass
            finally:
                _Drip.finished.set()
            return
        if self.path == "/huge":  # says a gigabyte is coming, sends a little and hangs up
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(10 ** 9))
            self.end_headers()
            self.wfile.write(b"Secret Show is based on Hidden Book. " * 10)
            self.wfile.flush()
            return
        if self.path == "/article":
            body = b"<html><body><article><p>Secret Show is based on Hidden Book, the internal page says.</p>" \
                   b"<p>Nobody outside should read this, which is why it is on a private address.</p></article></body></html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        try:
            while True:
                self.wfile.write(b"a")
                self.wfile.flush()
                time.sleep(0.05)
        except OSError:
            pass


@pytest.fixture(scope="module")
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Drip)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield httpd.server_address[1]
    httpd.shutdown()
    httpd.server_close()


class _FastClock:
    """time for kg.sources.fetch, running 40 times faster, so the download deadline comes in a second."""

    def __init__(self):
        self.start = time.monotonic()

    def monotonic(self):
        return self.start + (time.monotonic() - self.start) * 40

    def __getattr__(self, name):
        return getattr(time, name)


def test_reliability_fetch_a_slow_drip_is_cut_at_the_download_deadline(server, monkeypatch):
    monkeypatch.setattr(sources_fetch, "time", _FastClock())
    outcome = []

    def fetch():
        try:
            read_document(f"http://127.0.0.1:{server}/drip", allow_private=True, timeout=0.5)
        except Exception as exc:  # noqa: BLE001 - inspected below
            outcome.append(exc)

    worker = threading.Thread(target=fetch, daemon=True)
    worker.start()
    worker.join(15)  # the deadline is 30 s of the fast clock: under a second
    assert not worker.is_alive(), "the download of a slow drip went on past its deadline"
    assert isinstance(outcome[0], FetchError) and "too slow" in str(outcome[0])


@pytest.mark.parametrize("host", [
    "127.1", "2130706433", "0x7f000001", "0177.0.0.1", "[::ffff:127.0.0.1]", "[::ffff:7f00:1]", "[::]",
    "[fc00::1]", "[fe80::1]", "100.64.0.1", "198.18.0.1", "240.0.0.1", "255.255.255.255", "169.254.0.1",
    "localhost", "LocalHost",
])
def test_reliability_fetch_refuses_every_spelling_of_a_private_address(server, host):
    _Drip.hits = 0
    with pytest.raises(PrivateAddressError):
        read_document(f"http://{host}:{server}/article")
    assert _Drip.hits == 0


class _Resolver:
    """socket.getaddrinfo with made-up names: each name maps to a list of answers, one per lookup
    (the last one repeats); other names are looked up for real. Counts the lookups of each name."""

    def __init__(self, monkeypatch, **names):
        self.answers = {name.replace("_", "."): list(ips) for name, ips in names.items()}
        self.lookups: dict[str, int] = {}
        real = socket.getaddrinfo

        def getaddrinfo(host, port, *args, **kwargs):
            if host in self.answers:
                count = self.lookups.get(host, 0)
                self.lookups[host] = count + 1
                ips = self.answers[host]
                return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (ips[min(count, len(ips) - 1)], int(port)))]
            return real(host, port, *args, **kwargs)

        monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


def test_reliability_fetch_dns_rebinding_cannot_reach_a_private_address(server, monkeypatch):
    """The name is public when checked and loopback on every later lookup: the connection must go
    to the address that was checked (refused here, standing in for the public server)."""
    resolver = _Resolver(monkeypatch, rebind_example=["93.184.216.34", "127.0.0.1"])
    connected = []
    real_connect = socket.socket.connect

    def connect(sock, address):
        connected.append(address[:2])
        if address[0] == "93.184.216.34":
            raise ConnectionRefusedError(111, "Connection refused")
        return real_connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    _Drip.hits = 0
    with pytest.raises(FetchError, match="refused") as info:
        read_document(f"http://rebind.example:{server}/article", timeout=2)
    assert not isinstance(info.value, PrivateAddressError)
    assert _Drip.hits == 0
    assert connected == [("93.184.216.34", server)]
    assert resolver.lookups == {"rebind.example": 1}


def test_reliability_fetch_connects_to_the_resolved_address_and_names_the_host(server, monkeypatch):
    resolver = _Resolver(monkeypatch, pinned_example=["127.0.0.1"])
    _Drip.hosts.clear()
    doc = read_document(f"http://pinned.example:{server}/article", allow_private=True, timeout=2)
    assert "Secret Show" in doc.text
    assert _Drip.hosts == [f"pinned.example:{server}"]  # the Host header names the host, not the address
    assert resolver.lookups == {"pinned.example": 1}


def test_reliability_fetch_a_redirect_to_a_private_name_is_refused(server, monkeypatch):
    # 127.0.0.1 passes as public; the redirect names a host that resolves to 127.0.0.2.
    real = sources_fetch._blocked
    monkeypatch.setattr(sources_fetch, "_blocked", lambda ip: str(ip) != "127.0.0.1" and real(ip))
    _Resolver(monkeypatch, public_example=["127.0.0.1"], internal_example=["127.0.0.2"])
    _Drip.hits = 0
    with pytest.raises(PrivateAddressError, match="127.0.0.2"):
        read_document(f"http://public.example:{server}/to-internal", timeout=2)
    assert _Drip.hits == 1  # the redirect itself; the internal address was never asked


@pytest.mark.parametrize("path", ["/to-file", "/to-ftp"])
def test_reliability_fetch_a_redirect_to_another_scheme_is_refused(server, path):
    with pytest.raises(UnsupportedSourceError, match="redirected to a (file|ftp) address"):
        read_document(f"http://127.0.0.1:{server}{path}", allow_private=True, timeout=2)


def test_reliability_fetch_stops_reading_at_the_size_cap(server):
    """A body without a Content-Length is read up to the cap, then the connection is dropped: the
    server cannot push its 64 MB (a client reading it all would hold it in memory)."""
    _Drip.finished.clear()
    with pytest.raises(DocumentTooLargeError, match="more than 200000 bytes"):
        read_document(f"http://127.0.0.1:{server}/endless", allow_private=True, max_bytes=200_000, timeout=5)
    assert _Drip.finished.wait(30)
    assert not _Drip.completed


def test_reliability_fetch_a_declared_size_over_the_cap_is_refused_before_reading(server):
    with pytest.raises(DocumentTooLargeError, match="server reports 1000000000 bytes"):
        read_document(f"http://127.0.0.1:{server}/huge", allow_private=True, timeout=2)


# --- HTTPS: the pinned connection still speaks TLS to the host name -------------------------


@pytest.fixture(scope="module")
def certificates(tmp_path_factory):
    """A throwaway certificate authority and a certificate for tls.example it signed."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make the test certificates")
    folder = tmp_path_factory.mktemp("tls")
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2"]
    subprocess.run(["openssl", "req", "-x509", *ec, "-keyout", folder / "ca.key", "-out", folder / "ca.pem",
                    "-subj", "/CN=lore-kg test CA"], check=True, capture_output=True)
    subprocess.run(["openssl", "req", "-x509", *ec, "-keyout", folder / "leaf.key", "-out", folder / "leaf.pem",
                    "-subj", "/CN=tls.example", "-CA", folder / "ca.pem", "-CAkey", folder / "ca.key",
                    "-addext", "subjectAltName=DNS:tls.example",
                    "-addext", "basicConstraints=critical,CA:FALSE"], check=True, capture_output=True)
    return folder


@pytest.fixture(scope="module")
def tls_server(certificates):
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(certificates / "leaf.pem", certificates / "leaf.key")
    server_names = []
    context.sni_callback = lambda sslobj, name, ctx: server_names.append(name)
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Drip)
    httpd.daemon_threads = True
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield httpd.server_address[1], server_names
    httpd.shutdown()
    httpd.server_close()


def _trusting(certificates):
    def tls_context():
        context = ssl.create_default_context(cafile=str(certificates / "ca.pem"))
        assert context.check_hostname and context.verify_mode == ssl.CERT_REQUIRED
        return context
    return tls_context


def test_reliability_fetch_https_checks_the_certificate_of_the_host_name(tls_server, certificates, monkeypatch):
    port, server_names = tls_server
    _Resolver(monkeypatch, tls_example=["127.0.0.1"], other_example=["127.0.0.1"])
    # The system's authorities do not know the test one: refused, nothing served.
    _Drip.hits = 0
    with pytest.raises(FetchError, match="certificate") as info:
        read_document(f"https://tls.example:{port}/article", allow_private=True, timeout=2)
    assert _Drip.hits == 0
    assert "the site's certificate is not trusted" in str(info.value) and str(info.value).endswith("; check the URL")
    # Trusting the test authority: served, with the host name in SNI and in the Host header.
    monkeypatch.setattr(sources_fetch, "tls_context", _trusting(certificates))
    server_names.clear()
    _Drip.hosts.clear()
    doc = read_document(f"https://tls.example:{port}/article", allow_private=True, timeout=2)
    assert "Secret Show" in doc.text
    assert server_names == ["tls.example"]
    assert _Drip.hosts == [f"tls.example:{port}"]
    # Same address, same authority, another name: the certificate is not for it.
    _Drip.hits = 0
    with pytest.raises(FetchError, match="certificate|hostname|match"):
        read_document(f"https://other.example:{port}/article", allow_private=True, timeout=2)
    assert _Drip.hits == 0


def test_reliability_fetch_connects_to_the_next_checked_address_when_one_fails(server):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    refused, served = (socket.AF_INET, ("127.0.0.1", closed)), (socket.AF_INET, ("127.0.0.1", server))
    with sources_fetch._connect([refused, served], 2) as sock:
        assert sock.getpeername() == ("127.0.0.1", server)
    with pytest.raises(ConnectionRefusedError):
        sources_fetch._connect([refused, refused], 2)  # none answers: the last one's error
