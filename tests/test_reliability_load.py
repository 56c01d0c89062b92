"""A short load smoke test: `kg serve --prod` on a loopback port, 5 concurrent clients for 3 s on the
graph page, an entity page, the ask page and /sparql: served by waitress, no request fails, memory
grows by less than 200 MB. The full run (50 clients, 60 s, latency percentiles and memory in
docs/BENCHMARKS.md) is `make load` (bench/load.py)."""

from __future__ import annotations

import urllib.request

from bench.load import Server, endpoints, run_python
from tests.test_web_data import build_store


def test_reliability_load_smoke_serves_every_endpoint_without_errors(tmp_path):
    path = tmp_path / "store"
    build_store(str(path)).close()
    with Server(path) as server:
        with urllib.request.urlopen(server.url + "/", timeout=30) as response:
            assert response.headers["Server"] == "lore-kg"  # waitress's ident: not Flask's development server
        paths = endpoints(server.url)
        assert paths["entity"] == "/entity/show/tiny-pretty-things"
        before = server.rss_mb()
        result = run_python(server.url, list(paths.values()), connections=5, seconds=3)
        after = server.rss_mb()
    assert result["errors"] == 0, result["error_samples"]
    assert all(r["requests"] >= 1 for r in result["per_path"].values()), result["per_path"]
    assert before > 0 and after - before < 200, (before, after)
