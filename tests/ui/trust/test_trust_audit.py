"""The audit trail window: every entry, read-only, newest first; a filter by case; and a
clear warning, naming the entry, when the chain of hashes has been broken."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView
from pytestqt.qtbot import QtBot

from app.books.casebook import Casebook
from app.settings import MEDIATOR
from ui.main_window import MainWindow
from ui.trust.audit_view import NOT_A_CASE, AuditColumn, AuditDialog
from ui.trust.install import install_trust, trust_features

from filled_book import NoBus


@pytest.fixture
def trail(casebook: Casebook) -> Casebook:
    # "casebook created" and "unlocked" are there already; the rest as the app records them.
    casebook.settings.set(MEDIATOR, "Siân Pritchard")
    casebook.audit.record("agreement exported", case_reference="MM-2026-001",
                          detail="agreement.pdf sha256=ab12")  # fmt: skip
    casebook.audit.record("disclosure recorded", case_reference="MM-2026-002",
                          detail="Significant risk of harm")  # fmt: skip
    casebook.audit.record("backup made", detail="Parley backup.parley-backup sha256=cd34")
    return casebook


@pytest.fixture
def dialog(qtbot: QtBot, trail: Casebook) -> Iterator[AuditDialog]:
    made = AuditDialog(trail)
    qtbot.addWidget(made)
    made.show()
    yield made


def cell(dialog: AuditDialog, row: int, column: AuditColumn) -> str:
    return str(dialog.proxy.index(row, column).data())


def test_every_entry_newest_first_and_read_only(dialog: AuditDialog) -> None:
    assert [e.action for e in dialog.visible_entries()] == [
        "backup made", "disclosure recorded", "agreement exported", "unlocked", "casebook created",
    ]  # fmt: skip
    assert cell(dialog, 0, AuditColumn.ACT) == "Backup made"
    assert cell(dialog, 1, AuditColumn.WHO) == "Siân Pritchard"
    assert cell(dialog, 3, AuditColumn.WHO) == "—"  # before a name was set
    assert cell(dialog, 2, AuditColumn.CASE) == "MM-2026-001"
    assert "sha256=ab12" in cell(dialog, 2, AuditColumn.DETAIL)
    assert dialog.table.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
    assert dialog.count_label.text() == "5 entries"
    assert not dialog.warning.isVisible()


def test_filter_by_case(dialog: AuditDialog) -> None:
    choices = [dialog.case_filter.itemText(i) for i in range(dialog.case_filter.count())]
    assert choices == ["All entries", NOT_A_CASE, "MM-2026-001", "MM-2026-002"]
    dialog.show_case("MM-2026-001")
    assert [e.action for e in dialog.visible_entries()] == ["agreement exported"]
    assert dialog.count_label.text() == "1 of 5 entries"
    dialog.show_case("")
    not_a_case = ["backup made", "unlocked", "casebook created"]
    assert [e.action for e in dialog.visible_entries()] == not_a_case
    dialog.show_case(None)
    assert len(dialog.visible_entries()) == 5


def test_a_broken_chain_is_named(qtbot: QtBot, trail: Casebook) -> None:
    conn = trail.connection
    # As tests/cases/test_stores.py does: someone with the key drops the guard and edits an entry.
    conn.execute("DROP TRIGGER audit_is_append_only_u")
    conn.execute("UPDATE audit SET detail = 'agreement.pdf sha256=0000' WHERE id = 3")
    assert trail.audit.first_broken_link() == 3

    dialog = AuditDialog(trail)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.warning.isVisible()
    text = dialog.warning.text()
    assert "has been altered" in text and "entry 3 (Agreement exported," in text
    selected = dialog.table.selectionModel().selectedRows()
    assert [cell(dialog, i.row(), AuditColumn.NUMBER) for i in selected] == ["3"]
    assert dialog.proxy.index(selected[0].row(), 0).data(Qt.ItemDataRole.FontRole).bold()


def test_the_view_menu_opens_it(qtbot: QtBot, trail: Casebook) -> None:
    window = MainWindow(tabs=lambda: [])
    qtbot.addWidget(window)
    window.show_casebook(trail)
    install_trust(window, session_bus=NoBus(), system_bus=NoBus())
    trust = trust_features(window)
    assert trust is not None and trust.audit_action in window.view_menu.actions()
    trust.update_actions()
    trust.audit_action.trigger()
    shown = window.findChild(AuditDialog)
    assert shown is not None and shown.isVisible()
    assert len(shown.visible_entries()) == 5
    window.clear()  # locking closes it
    assert not shown.isVisible()
