"""URL ingest against a hostile server or address (server-side request forgery, slow drips).
tests/test_sources.py covers the ordinary cases (private addresses, redirect cap, size cap, a
server that never answers); these are the ones an attacker would try next."""

from __future__ import annotations

import http.server
import socket
import threading
import time

import pytest

from kg import sources_fetch
from kg.errors import FetchError, PrivateAddressError
from kg.sources import read_document


class _Drip(http.server.BaseHTTPRequestHandler):
    """Sends a body one byte every 50 ms, forever: each read is well within the socket timeout."""

    hits = 0

    def log_message(self, *args):
        pass

    def do_GET(self):  # noqa: N802 - http.server's name
        _Drip.hits += 1
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
    """time for kg.sources_fetch, running 40 times faster, so the download deadline comes in a second."""

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


@pytest.mark.xfail(strict=True, reason="DNS rebinding: kg/sources_fetch.py checks the address a host name "
                   "resolves to, then lets urllib resolve it again to connect; the second answer is not "
                   "checked. Fix: connect to the address that was checked (report of issue 7).")
def test_reliability_fetch_dns_rebinding_cannot_reach_a_private_address(server, monkeypatch):
    answers = iter(["93.184.216.34"] + ["127.0.0.1"] * 10)  # public for the check, loopback for the connection
    real = socket.getaddrinfo

    def rebinding(host, port, *args, **kwargs):
        if host == "rebind.example":
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (next(answers), port))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    _Drip.hits = 0
    with pytest.raises((PrivateAddressError, FetchError)):
        read_document(f"http://rebind.example:{server}/article")
    assert _Drip.hits == 0
