import pytest
from click.testing import CliRunner

from kg.store import open_store


@pytest.fixture(params=["memory", "oxigraph"])
def store(request, tmp_path):
    """The same behaviour checked on every local store implementation."""
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
