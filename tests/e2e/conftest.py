"""End-to-end tests: `kg serve` in a subprocess, driven in a real headless Chromium.

The browser is Debian's `chromium` with `chromium-driver` (`make browser` installs them; nothing
is downloaded outside the package registries), driven by Selenium through chromedriver, never
through Selenium Manager. Without them the tests skip, with the reason, unless the CI variable
is set: in CI they must run, and a missing browser fails them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
SHARED_ARTICLES = REPO.parent / "shared" / "articles"
MINI_ARTICLE = REPO / "tests" / "data" / "eval" / "mini.txt"  # the conceiving article, in brief
KG = [sys.executable, "-c", "from kg.cli import main; main()"]
CHROME_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1366,900"]


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "e2e: end-to-end test in a real headless Chromium (tests/e2e); needs chromium, "
                   "chromium-driver and selenium (make browser)")


def _find(env: str, *names: str) -> str | None:
    if os.environ.get(env):  # an explicit path: that one or none
        return os.environ[env] if Path(os.environ[env]).is_file() else None
    for name in names:
        found = shutil.which(name) or (f"/usr/bin/{name}" if Path(f"/usr/bin/{name}").is_file() else None)
        if found:
            return found
    return None


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


@pytest.fixture(scope="session")
def browser_paths() -> dict:
    """{"chromium", "chromedriver"}; skips (or fails in CI) when something is missing."""
    paths = {"chromium": _find("LORE_CHROMIUM", "chromium", "chromium-browser"),
             "chromedriver": _find("LORE_CHROMEDRIVER", "chromedriver")}
    missing = [name for name, path in paths.items() if not path]
    try:
        import selenium  # noqa: F401
    except ImportError:
        missing.append("the selenium package (pip install -e '.[test]')")
    if missing:
        reason = (f"browser tests need {', '.join(missing)}: run `make browser` (apt-get install "
                  "chromium chromium-driver)")
        if _in_ci():
            pytest.fail(f"CI is set, so the end-to-end tests must run, but {reason}")
        pytest.skip(reason)
    return paths


def run_kg(*args: str, timeout: float = 300) -> str:
    done = subprocess.run([*KG, *args], capture_output=True, text=True, timeout=timeout, cwd=REPO)
    assert done.returncode == 0, f"kg {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture(scope="session")
def served(browser_paths, tmp_path_factory, hostile_files):
    """`kg serve` on a free loopback port over a store with the conceiving article ingested
    (../shared/articles, or tests/data/eval/mini.txt where that folder is absent) and the
    hostile files. Yields the base URL; stops the server (SIGINT, by its pid) afterwards."""
    from bench.load import Server

    root = tmp_path_factory.mktemp("e2e")
    store = root / "store"
    articles = SHARED_ARTICLES if SHARED_ARTICLES.is_dir() else MINI_ARTICLE
    run_kg("--store", str(store), "ingest", str(articles), str(hostile_files["article"]), "--no-progress")
    run_kg("--store", str(store), "import", str(hostile_files["trig"]))
    with Server(store, env={"LORE_SPARQL_TIMEOUT": "20"}, prod=False) as server:
        yield server.url


@pytest.fixture(scope="session")
def driver(browser_paths):
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="lore-chromium-")
    options = Options()
    options.binary_location = browser_paths["chromium"]
    for flag in [*CHROME_FLAGS, f"--user-data-dir={profile}"]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    # Chromium's default prompt handling, "dismiss and notify", makes the next command raise
    # UnexpectedAlertPresentException: an alert from injected script cannot pass unseen.
    browser = webdriver.Chrome(service=Service(browser_paths["chromedriver"]), options=options)
    browser.set_page_load_timeout(60)
    try:
        yield browser
    finally:
        browser.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="session")
def hostile_files(tmp_path_factory) -> dict:
    """An article whose text, and an entity whose label, hold script and img payloads."""
    root = tmp_path_factory.mktemp("hostile")
    article = root / "hostile_article.txt"
    article.write_text(
        "Hostile test <script>alert(1)</script> page\n\n"
        "<img src=x onerror=alert(1)> The hostile show is on Netflix.\n\n"
        "Reviewers said <script>alert(1)</script> about <img src=x onerror=alert(1)>.\n", encoding="utf-8")
    trig = root / "hostile.trig"
    trig.write_text("""@prefix lore: <https://w3id.org/lore-kg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/lore-kg/id/import/hostile> {
  <https://w3id.org/lore-kg/id/character/tiny-pretty-things/hostile> a lore:Character ;
      rdfs:label "<img src=x onerror=alert(1)>" .
  <https://w3id.org/lore-kg/id/show/tiny-pretty-things> lore:character
      <https://w3id.org/lore-kg/id/character/tiny-pretty-things/hostile> .
}
""", encoding="utf-8")
    return {"article": article, "trig": trig}


@pytest.fixture
def screenshot(driver, request):
    """screenshot(name): save the page to test-artifacts/ (kept by CI as an artefact)."""
    def take(name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"e2e-{name}.png"
        driver.save_screenshot(str(path))
        return path

    return take
