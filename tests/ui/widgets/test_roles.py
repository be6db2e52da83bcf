"""Item-data roles: one definition each, no two with the same number, none made elsewhere.

Two modules each defining ``CASE_ID_ROLE`` as a different ``UserRole + n`` read each
other's values without complaint; this keeps every role in ``ui.widgets.roles``.
"""

from __future__ import annotations

import ast
from pathlib import Path

from PySide6.QtCore import Qt

from ui.widgets import roles

UI = Path(__file__).resolve().parents[3] / "ui"


def test_every_role_has_its_own_number_above_qts_own() -> None:
    defined = {name: value for name, value in vars(roles).items() if name.endswith("_ROLE")}
    assert set(defined) >= {"SORT_ROLE", "ID_ROLE", "KIND_ROLE", "ENTRY_ROLE"}
    assert len(set(defined.values())) == len(defined)
    assert all(value > Qt.ItemDataRole.UserRole for value in defined.values())


def test_no_module_but_roles_makes_a_user_role() -> None:
    makers = []
    for path in sorted(UI.rglob("*.py")):
        if path == UI / "widgets" / "roles.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        makers += [
            f"{path.relative_to(UI.parent)}:{node.lineno}"
            for node in ast.walk(tree)
            if isinstance(node, ast.Attribute) and node.attr == "UserRole"
        ]
    assert makers == [], "item-data roles belong in ui/widgets/roles.py"
