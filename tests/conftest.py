import os

import pytest
from click.testing import CliRunner

from kg.store import open_store
from kg.store.sparql.config import ENV as SPARQL_ENV


def _on_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def start_virtuoso(directory, **options):
    """A throwaway Virtuoso (tests/virtuoso.py: `VirtuosoServer.start(directory, **options)`).

    Skips the test, saying why, when it cannot start; under CI (CI=true) that is a failure instead.
    """
    from tests.virtuoso import VirtuosoServer

    try:
        return VirtuosoServer.start(directory, **options)
    except RuntimeError as exc:
        if _on_ci():
            pytest.fail(f"CI needs Virtuoso for the remote store tests: {exc}")
        pytest.skip(f"Virtuoso tests skipped: {exc}")


@pytest.fixture(scope="session")
def pipeline():
    """The default extraction pipeline (en_core_web_sm underneath), loaded once per test session."""
    from extractors.pipeline import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory):
    """One throwaway Virtuoso for the whole session, stopped at the end (see start_virtuoso)."""
    server = start_virtuoso(tmp_path_factory.mktemp("virtuoso"))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def cutting_virtuoso(tmp_path_factory):
    """A Virtuoso of its own whose ResultSetMaxRows is 25 (as if 10,000 rows were not enough)."""
    server = start_virtuoso(tmp_path_factory.mktemp("virtuoso-cut"), max_rows=25, buffers=20_000)
    yield server
    server.stop()


# Every setting of the remote store read from the environment, and KG_STORE.
SPARQL_ENV_VARS = (*SPARQL_ENV.values(), "KG_STORE")


def sparql_env(mp: pytest.MonkeyPatch, tmp_path, server=None) -> None:
    """The remote store's settings as a test wants them: nothing from the user's environment
    (KG_SPARQL_*, KG_STORE) or settings file; with `server`, its update URL and credentials
    (`server.store_env()`, never in the store URL)."""
    for var in SPARQL_ENV_VARS:
        mp.delenv(var, raising=False)
    empty = tmp_path / "empty-settings.toml"
    empty.write_text("")
    mp.setenv("KG_SPARQL_CONFIG", str(empty))
    if server is not None:
        for key, value in server.store_env().items():
            mp.setenv(key, value)


def remote_store(server, **options):
    """A SparqlStore on the test server, writing through /sparql-auth with the dba password."""
    from kg.store.sparql import SparqlStore

    return SparqlStore(server.query_url, update_url=server.update_url, user=server.user,
                       password=server.password, **options)


@pytest.fixture
def virtuoso_store(virtuoso_server):
    """The remote store on an emptied dataset (every lore graph dropped before and after)."""
    s = remote_store(virtuoso_server)
    s.clear()
    yield s
    s.clear()
    s.close()


# Modules whose `store` tests also run against Virtuoso (the remote store behaves like the others).
VIRTUOSO_SUITES = {"test_store", "test_rdfio", "test_store_remote", "test_ingest", "test_cli", "test_ask",
                   "test_web_remote"}


@pytest.fixture(params=["memory", "oxigraph", "virtuoso"])
def store(request, tmp_path):
    """The same behaviour checked on every store: in memory, embedded, and Virtuoso over HTTP."""
    if request.param == "virtuoso":
        if request.module.__name__.split(".")[-1] not in VIRTUOSO_SUITES:
            pytest.skip("Virtuoso runs the store, ingest, CLI, ask and web suites; this module's "
                        "behaviour does not depend on the store")
        yield request.getfixturevalue("virtuoso_store")
        return
    spec = "memory" if request.param == "memory" else str(tmp_path / "store")
    s = open_store(spec)
    yield s
    s.close()


@pytest.fixture
def store_dir(tmp_path):
    return str(tmp_path / "store")


@pytest.fixture
def runner():
    return CliRunner()
