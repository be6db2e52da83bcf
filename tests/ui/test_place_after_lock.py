"""Unlocking returns the mediator to where they were: the same section, case and page.

With an idle lock of five minutes, a lock in the middle of a meeting must not send the
mediator hunting for the case again.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.books import vault
from app.cases.records import Case
from ui.application import Session
from ui.main_window import MainWindow

from conftest import FLOOR_KDF, PASSPHRASE
from filled_book import filled_session
from helpers import unlock


@pytest.fixture
def session(qtbot: QtBot, casebook_folder: Path, tmp_path: Path) -> Iterator[Session]:
    made = filled_session(casebook_folder, tmp_path)
    yield made
    made.dispose()


def _unlock_again(qtbot: QtBot, session: Session) -> MainWindow:
    session.lock()
    assert session.casebook is None
    return unlock(qtbot, session, PASSPHRASE)


def test_unlocking_returns_to_the_same_case_and_page(qtbot: QtBot, session: Session) -> None:
    window = unlock(qtbot, session, PASSPHRASE)
    case_id = window.casebook.cases.list_rows()[0].id if window.casebook else 0
    window.open_case(case_id)
    assert window.workspace is not None
    pages = window.workspace.tab_widget.count()
    assert pages >= 6
    for index in range(pages):
        assert window.workspace is not None
        window.workspace.tab_widget.setCurrentIndex(index)
        window = _unlock_again(qtbot, session)
        assert window.workspace is not None, f"page {index}: back on the case list"
        assert window.workspace.case_id == case_id
        assert window.workspace.tab_widget.currentIndex() == index
        assert window.sections.currentWidget() is window.case_stack


def test_unlocking_returns_to_the_same_section(qtbot: QtBot, session: Session) -> None:
    window = unlock(qtbot, session, PASSPHRASE)
    navigation = window.navigation
    # The sections this book shows (the office's are hidden in a casebook).
    for row in [r for r in range(navigation.count()) if not navigation.item(r).isHidden()]:
        window.navigation.setCurrentRow(row)
        name = window.navigation.item(row).text()
        window = _unlock_again(qtbot, session)
        assert window.navigation.currentRow() == row, name
        assert window.workspace is None


def test_the_case_list_keeps_its_selected_case(qtbot: QtBot, session: Session) -> None:
    window = unlock(qtbot, session, PASSPHRASE)
    window.show_cases_section()
    case_id = window.casebook.cases.list_rows()[0].id if window.casebook else 0
    window.cases.select_case(case_id)
    window = _unlock_again(qtbot, session)
    assert window.sections.currentWidget() is window.case_stack
    assert window.cases.current_case_id() == case_id


def test_another_casebook_does_not_inherit_the_place(
    qtbot: QtBot, session: Session, tmp_path: Path
) -> None:
    window = unlock(qtbot, session, PASSPHRASE)
    case_id = window.casebook.cases.list_rows()[0].id if window.casebook else 0
    window.open_case(case_id)
    window.clear()  # as when switching to the demo: another casebook opens next
    other = vault.create_casebook(tmp_path / "other", PASSPHRASE, kdf=FLOOR_KDF).casebook
    try:
        same_id = other.cases.add(Case(None, "MM-2026-001", "Another case")).id
        assert same_id == case_id  # the same number names another case there
        window.show_casebook(other)
        assert window.workspace is None
    finally:
        window.clear()
        other.close()
