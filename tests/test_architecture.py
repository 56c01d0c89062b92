"""The shape of the code (docs/DESIGN.md): imports point one way, no cycle between packages, small modules.

Read from the source with `ast`, so an import inside a function counts as much as one at the top;
only imports under `if TYPE_CHECKING:` (type hints) are left out.
"""

import ast
from pathlib import Path

import networkx as nx
import pytest

ROOT = Path(__file__).parents[1]
PACKAGES = ("kg", "extractors", "web")
MAX_LINES = 500
# Who may import whom: kg is the library; extractors plug into it (kg.extraction, kg.text); web
# wraps it. kg knows extractors only by the reference its pipeline registry holds (kg.pipelines).
# The command line (kg.cli) is the outermost layer: it wraps the library and, for `kg serve`, web.
MAY_NOT_IMPORT = {"kg": {"extractors", "web"}, "extractors": {"web"}, "web": {"extractors"}}
OUTERMOST = {"kg.cli": {"web"}}


def _modules():
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
            yield name, path


def _unit(module: str) -> str | None:
    """The node of the package graph a module belongs to: a subpackage of kg (kg.store, kg.ask...),
    a top-level module of kg (kg.ingest), or extractors / web as a whole."""
    parts = module.split(".")
    if parts[0] not in PACKAGES:
        return None
    if parts[0] != "kg" or len(parts) == 1:
        return parts[0]
    return f"kg.{parts[1]}"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            typing_only.update(id(n) for n in ast.walk(node))
    found = set()
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names if _is_module(f"{node.module}.{a.name}"))
    return found


def _is_module(name: str) -> bool:
    path = ROOT.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


@pytest.fixture(scope="module")
def graph() -> nx.DiGraph:
    g = nx.DiGraph()
    for module, path in _modules():
        source = _unit(module)
        g.add_node(source)
        for imported in _imports(path):
            target = _unit(imported)
            if target and target != source and not (target == "kg" and imported != "kg"):
                g.add_edge(source, target, example=f"{path.relative_to(ROOT)} imports {imported}")
    return g


def test_architecture_no_import_cycle_between_packages(graph):
    cycles = [c for c in nx.simple_cycles(graph)]
    described = [" -> ".join([*c, c[0]]) + f" ({graph.edges[c[0], c[1 % len(c)]]['example']})" for c in cycles]
    assert described == []


def test_architecture_imports_point_one_way(graph):
    wrong = [data["example"] for a, b, data in graph.edges(data=True)
             if b.split(".")[0] in MAY_NOT_IMPORT.get(a.split(".")[0], set()) - OUTERMOST.get(a, set())]
    assert wrong == []


def test_architecture_no_module_over_the_limit():
    long = {str(path.relative_to(ROOT)): n for _, path in _modules()
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}


def test_architecture_the_checks_see_the_packages(graph):
    """The checks above would pass on an empty graph: make sure they read the real one."""
    assert {"kg.store", "kg.query", "kg.ask", "kg.sources", "kg.evaluate", "kg.core", "extractors", "web"} <= set(graph)
    assert graph.has_edge("web", "kg.core") and graph.has_edge("extractors", "kg.extraction")
