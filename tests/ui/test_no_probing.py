"""Pages, dialogs and windows know each other through typed contracts (``Protocol``s and
base classes), never by asking an object at run time whether it has an attribute.

Probing hides a broken contract until a mediator presses the key that needed it; a typed
contract is checked by mypy on every change. What stays is probing Qt and the standard
library for features of the version installed, each named here with why.
"""

from __future__ import annotations

import ast
from pathlib import Path

UI = Path(__file__).resolve().parents[2] / "ui"

#: (module, the attribute asked about): the only probes allowed, all of them of libraries.
FEATURE_PROBES = {
    # Qt 6.10 replaced invalidateRowsFilter() with a begin/end pair; pyproject allows 6.8.
    ("ui/registers/models.py", "endFilterChange"),
    # Linux only: a clock that keeps counting while the computer sleeps.
    ("ui/idle.py", "CLOCK_BOOTTIME"),
    # macOS builds of Qt only.
    ("ui/trust/clipboard.py", "QUtiMimeConverter"),
}


def probes() -> set[tuple[str, str]]:
    found = set()
    for path in sorted(UI.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            if node.func.id not in {"getattr", "hasattr", "setattr", "delattr"}:
                continue
            what = node.args[1] if len(node.args) > 1 else None
            name = what.value if isinstance(what, ast.Constant) else ast.unparse(what or node)
            found.add((str(path.relative_to(UI.parent)), str(name)))
    return found


def test_only_library_features_are_probed() -> None:
    assert probes() - FEATURE_PROBES == set()


def test_each_allowed_probe_is_still_there() -> None:
    """An entry left behind after its probe went would let a new one in unnoticed."""
    assert FEATURE_PROBES - probes() == set()
