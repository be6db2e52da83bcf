"""The case list: rows from the casebook, sorting, search through notes, empty state, lock."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from app.casebook import Casebook
from app.domain import Case, Meeting, MeetingKind, Note, Stage, Status
from ui.application import Session
from ui.case_list import CASE_ID_ROLE, CaseListWindow, Column
from ui.unlock import UnlockDialog


@pytest.fixture
def cases(casebook: Casebook) -> Casebook:
    """Three cases; only MM-2026-002's note mentions a tracheostomy."""
    first = casebook.cases.add(
        Case(None, "MM-2026-001", "Ventilation review", Stage.FORMAL, Status.IN_MEDIATION,
             referred_on=date(2026, 3, 2))
    )  # fmt: skip
    second = casebook.cases.add(
        Case(None, "MM-2026-002", "Feeding plan", Stage.EARLY, Status.REFERRED,
             referred_on=date(2026, 1, 15))
    )  # fmt: skip
    casebook.cases.add(
        Case(None, "MM-2026-003", "Transfer to hospice", Stage.ELEVENTH_HOUR, Status.AGREED,
             referred_on=date(2026, 2, 20))
    )  # fmt: skip
    casebook.notes.add(
        Note(None, second.id or 0, "Mother asked again about the tracheostomy.",
             datetime(2026, 1, 20, 10, 30))
    )  # fmt: skip
    casebook.meetings.add(
        Meeting(None, first.id or 0, MeetingKind.JOINT, datetime(2099, 5, 1, 14, 0), 90)
    )
    return casebook


@pytest.fixture
def window(qtbot: QtBot) -> Iterator[CaseListWindow]:
    shown = CaseListWindow()
    qtbot.addWidget(shown)
    yield shown
    shown.clear()


def _column(window: CaseListWindow, column: Column) -> list[str]:
    proxy = window.proxy
    return [proxy.index(row, column).data() for row in range(proxy.rowCount())]


def test_the_table_shows_the_cases(window: CaseListWindow, cases: Casebook) -> None:
    window.show_casebook(cases)

    assert window.windowTitle() == "Parley — Casebook"
    assert not window.showing_empty_state()
    # Newest referral first, as the store lists them.
    assert _column(window, Column.REFERENCE) == ["MM-2026-001", "MM-2026-003", "MM-2026-002"]
    assert _column(window, Column.REFERRED) == [
        "2 March 2026",
        "20 February 2026",
        "15 January 2026",
    ]
    assert _column(window, Column.STAGE) == ["Formal", "Eleventh hour", "Early"]
    assert _column(window, Column.STATUS) == ["In mediation", "Agreed", "Referred"]
    assert _column(window, Column.NEXT_MEETING)[0] == "1 May 2099, 14:00"
    assert _column(window, Column.LAST_ACTIVITY)[2] == "20 January 2026"
    headers = [window.model.headerData(c, Qt.Orientation.Horizontal) for c in Column]
    assert headers == ["Reference", "Title", "Stage", "Status", "Referred", "Last activity",
                       "Next meeting"]  # fmt: skip
    assert window.count_label.text() == "3 cases"
    assert str(cases.folder) in window.folder_label.toolTip()
    assert not window.model.flags(window.model.index(0, 0)) & Qt.ItemFlag.ItemIsEditable


def test_sorting_by_referred(window: CaseListWindow, cases: Casebook) -> None:
    window.show_casebook(cases)

    window.table.sortByColumn(Column.REFERRED, Qt.SortOrder.AscendingOrder)
    assert _column(window, Column.REFERENCE) == ["MM-2026-002", "MM-2026-003", "MM-2026-001"]
    window.table.sortByColumn(Column.REFERRED, Qt.SortOrder.DescendingOrder)
    assert _column(window, Column.REFERENCE) == ["MM-2026-001", "MM-2026-003", "MM-2026-002"]
    # Stages sort in the order a case moves through them, not alphabetically.
    window.table.sortByColumn(Column.STAGE, Qt.SortOrder.AscendingOrder)
    assert _column(window, Column.STAGE) == ["Early", "Formal", "Eleventh hour"]


def test_search_finds_a_word_only_in_a_note(
    qtbot: QtBot, window: CaseListWindow, cases: Casebook
) -> None:
    window.show_casebook(cases)
    window.show()

    qtbot.keyClicks(window.search_box, "tracheo")  # unfinished words match as you type
    qtbot.waitUntil(lambda: window.proxy.rowCount() == 1)
    assert _column(window, Column.REFERENCE) == ["MM-2026-002"]
    assert window.proxy.index(0, 0).data(CASE_ID_ROLE) == cases.cases.by_reference("MM-2026-002").id
    assert window.count_label.text() == "1 of 3 cases"

    window.search_box.clear()
    qtbot.waitUntil(lambda: window.proxy.rowCount() == 3)

    qtbot.keyClicks(window.search_box, "zebra")
    qtbot.waitUntil(lambda: window.proxy.rowCount() == 0)
    assert window.count_label.text() == "No cases match (of 3)"
    assert not window.showing_empty_state()  # no match is not "no cases yet"
    assert window.pages.currentWidget() is window.no_match
    assert window.no_match_title.text() == "No cases match “zebra”"


def test_empty_state_with_no_cases(window: CaseListWindow, casebook: Casebook) -> None:
    window.show_casebook(casebook)
    window.show()

    assert window.showing_empty_state()
    texts = " ".join(label.text() for label in window.empty_state.findChildren(QLabel))
    assert "No cases yet" in texts
    assert "python main.py import FILE.json" in texts and "make demo" in texts
    assert not window.search_box.isVisible()
    assert window.count_label.text() == "0 cases"


def test_ctrl_l_locks(qtbot: QtBot, cases: Casebook) -> None:
    session = Session(cases.folder)
    session.open_case_list(cases)
    window = session.window
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.search_box.setText("tracheostomy")
    window.apply_search()
    model = window.model
    assert model.rowCount() == 3

    qtbot.keyClick(window.table, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)

    assert not cases.is_open
    assert session.casebook is None
    assert model.rowCount() == 0
    assert window.search_box.text() == "" and window.count_label.text() == ""
    assert not window.isVisible()
    assert isinstance(session.dialog, UnlockDialog) and session.dialog.isVisible()
    session.dispose()


def test_lock_is_in_the_file_menu_and_toolbar(window: CaseListWindow) -> None:
    assert window.file_menu.actions()[0] is window.lock_action
    assert window.quit_action in window.file_menu.actions()
    assert window.lock_action in window.toolbar.actions()
    assert window.lock_action.shortcut().toString() == "Ctrl+L"
