"""The design's layering: app/ imports without Qt and never reaches into ui/."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

CHECK = """
import importlib, pkgutil, sys
import app
names = [m.name for m in pkgutil.walk_packages(app.__path__, "app.")]
for name in names:
    importlib.import_module(name)
leaked = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6", "ui"))
print(len(names), "modules")
assert not leaked, leaked
"""

START_UP = """
import sys
import app.cli, app.books.vault, app.books.casebook
heavy = sorted(m for m in ("reportlab", "keyring", "holidays") if m in sys.modules)
assert not heavy, heavy
"""


def test_every_app_module_imports_without_qt_or_ui(subprocess_env: dict[str, str]) -> None:
    result = subprocess.run(
        [sys.executable, "-c", CHECK], cwd=ROOT, env=subprocess_env, capture_output=True,
        text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert int(result.stdout.split()[0]) >= 20


def test_heavy_libraries_stay_out_of_start_up(subprocess_env: dict[str, str]) -> None:
    result = subprocess.run(
        [sys.executable, "-c", START_UP], cwd=ROOT, env=subprocess_env, capture_output=True,
        text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr


FIRST_WINDOW = """
import sys
from pathlib import Path
from ui.application import Session, application
app = application()
Session(Path(sys.argv[1]), window_settings=None).start()
loaded = {m.split(".")[0] for m in sys.modules} | set(sys.modules)
heavy = sorted(m for m in ("cryptography", "sqlcipher3", "reportlab", "keyring",
                           "platformdirs", "holidays", "importlib.metadata", "ui.main_window",
                           "app.books.vault")
               if m in loaded)
assert not heavy, heavy
"""


def test_the_first_window_loads_nothing_it_does_not_show(
    subprocess_env: dict[str, str], tmp_path: Path
) -> None:
    # Start-up is measured against a bare Qt window (make bench): the vault, the database,
    # the PDF writer and the main window load once a casebook is being opened, not before.
    result = subprocess.run(
        [sys.executable, "-c", FIRST_WINDOW, str(tmp_path / "none")],
        cwd=ROOT,
        env=subprocess_env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


# --- the import graph: no cycles, no app -> ui, lazy imports included ---------------------


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def import_graph() -> dict[str, set[str]]:
    """Every product module (app/, ui/, main.py) and the product modules it imports anywhere
    in its body: at the top, inside functions, and under ``TYPE_CHECKING``."""
    files = [p for d in ("app", "ui") for p in (ROOT / d).rglob("*.py")] + [ROOT / "main.py"]
    modules = {_module_name(p): p for p in files}

    def resolve(name: str) -> str | None:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    up = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                    base = ".".join([*up, base] if base else up)
                targets.add(base)
                targets.update(f"{base}.{alias.name}" for alias in node.names)
        resolved = {resolve(t) for t in targets} - {None, name}
        # A package's __init__ importing its own modules is not a cycle with them.
        graph[name] = {t for t in resolved if t and not t.startswith(name + ".")}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one node (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def package_graph(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    """The same edges between rooms: each sub-package of app/ or ui/ (with everything below
    it) is one room, and each top-level module (``app.errors``, ``ui.worker``) its own."""

    def room(name: str) -> str:
        parts = name.split(".")
        in_package = len(parts) > 2 or (len(parts) == 2 and (ROOT / parts[0] / parts[1]).is_dir())
        return ".".join(parts[:2]) if in_package else name

    rooms: dict[str, set[str]] = {}
    for source, targets in graph.items():
        edges = rooms.setdefault(room(source), set())
        edges.update(room(t) for t in targets if room(t) != room(source))
    return rooms


def test_no_import_cycle_between_modules() -> None:
    assert cycles(import_graph()) == []


def test_no_import_cycle_between_packages() -> None:
    assert cycles(package_graph(import_graph())) == []


def test_app_never_imports_ui() -> None:
    graph = import_graph()
    leaks = sorted(f"{m} -> {t}" for m, ts in graph.items() if m.startswith("app") for t in ts
                   if t.startswith("ui"))  # fmt: skip
    assert leaks == []


def test_the_graph_sees_lazy_and_type_only_imports() -> None:
    """The checks above are only as good as the graph: it must see an import made inside a
    function and one made only for type checking, or a cycle could hide there."""
    graph = import_graph()
    assert "app.books.vault" in graph["app.cli.session"]  # inside a function
    assert "app.books.kinds" in graph["app.cli.options"]  # under TYPE_CHECKING
    planted = {**graph, "app.errors": graph["app.errors"] | {"app.books.vault"}}
    assert cycles(planted), "a planted cycle must be found"
    assert cycles(package_graph(planted)), "and seen between packages too"
