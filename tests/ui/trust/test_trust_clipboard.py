"""Copying note text: on the clipboard marked sensitive, cleared after 30 s only if it is
still our copy, and cleared when Parley locks. The timer is fired by hand, never waited for."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QContextMenuEvent, QGuiApplication
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget
from pytestqt.qtbot import QtBot
from trust_windows import ShowWindow, features

from app.books import vault
from app.books.casebook import Casebook
from app.cases.records import Case, Note
from ui.application import Session
from ui.main_window import MainWindow
from ui.trust.clipboard import (
    CLEAR_AFTER_MS,
    KDE_HINT,
    MAC_CONCEALED_MIME,
    OWN_FORMAT,
    sensitive_mime_data,
    windows_mime,
)
from ui.workspace.notes_tab import MeetingsNotesTab
from ui.workspace.overview_tab import OverviewTab

from conftest import FLOOR_KDF, PASSPHRASE
from filled_book import NoBus

NOTE = "Mother worried the night team will not call her if his breathing changes."


@pytest.fixture(autouse=True)
def empty_clipboard() -> Iterator[None]:
    # Also keeps Qt's offscreen clipboard from holding our data at exit, where it crashes.
    QGuiApplication.clipboard().clear()
    yield
    QGuiApplication.clipboard().clear()


def add_case_with_note(casebook: Casebook) -> int:
    case = casebook.cases.add(Case(None, "MM-2026-031", "Night-time observations"))
    assert case.id is not None
    casebook.notes.add(Note(None, case.id, NOTE, datetime(2026, 3, 10, 15, 10)))
    return case.id


def open_note(qtbot: QtBot, window: MainWindow, case_id: int) -> MeetingsNotesTab:
    window.open_case(case_id)
    assert window.workspace is not None
    [tab] = [t for t in window.workspace.tabs if isinstance(t, MeetingsNotesTab)]
    window.workspace.tab_widget.setCurrentWidget(tab)
    model = tab.view.model()
    tab.view.setCurrentIndex(model.index(0, 0))
    qtbot.waitUntil(lambda: tab.preview_text.toPlainText() == NOTE, timeout=2_000)
    return tab


@pytest.fixture
def window(trusted_window: ShowWindow) -> MainWindow:
    return trusted_window(clipboard_timer=QTimer())  # the real workspace tabs


def copy_from_preview(qtbot: QtBot, tab: MeetingsNotesTab) -> None:
    tab.preview_text.setFocus()
    tab.preview_text.selectAll()
    qtbot.keyClick(tab.preview_text, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)


def test_copied_note_text_is_marked_and_cleared_after_30_seconds(
    qtbot: QtBot, window: MainWindow, casebook: Casebook
) -> None:
    tab = open_note(qtbot, window, add_case_with_note(casebook))
    board = QGuiApplication.clipboard()
    guard = features(window).clipboard

    copy_from_preview(qtbot, tab)

    assert board.text() == NOTE
    data = board.mimeData()
    assert bytes(data.data(KDE_HINT).data()) == b"secret"
    assert data.hasFormat(OWN_FORMAT)
    assert guard.timer.isActive() and guard.timer.interval() == CLEAR_AFTER_MS == 30_000

    guard.timer.timeout.emit()  # 30 s later
    assert board.text() == ""


def test_something_copied_since_is_left_alone(
    qtbot: QtBot, window: MainWindow, casebook: Casebook
) -> None:
    tab = open_note(qtbot, window, add_case_with_note(casebook))
    board = QGuiApplication.clipboard()
    copy_from_preview(qtbot, tab)
    board.setText("a room number copied from the e-mail")  # another program, meanwhile

    features(window).clipboard.timer.timeout.emit()

    assert board.text() == "a room number copied from the e-mail"


def copy_by_context_menu(target: QWidget) -> None:
    QApplication.sendEvent(
        target, QContextMenuEvent(QContextMenuEvent.Reason.Mouse, QPoint(2, 2), QPoint(2, 2))
    )
    menu = QApplication.activePopupWidget()
    assert menu is not None
    [copy] = [a for a in menu.actions() if a.objectName() == "edit-copy"]
    copy.trigger()
    menu.close()


def test_the_context_menu_copy_is_guarded_too(
    qtbot: QtBot, window: MainWindow, casebook: Casebook
) -> None:
    tab = open_note(qtbot, window, add_case_with_note(casebook))
    tab.preview_text.selectAll()
    copy_by_context_menu(tab.preview_text.viewport())  # where a right click arrives
    data = QGuiApplication.clipboard().mimeData()
    assert data.text() == NOTE and data.hasFormat(KDE_HINT)

    assert window.workspace is not None
    [overview] = [t for t in window.workspace.tabs if isinstance(t, OverviewTab)]
    field: QLineEdit = overview.title_edit
    field.selectAll()
    copy_by_context_menu(field)
    data = QGuiApplication.clipboard().mimeData()
    assert data.text() == "Night-time observations" and data.hasFormat(KDE_HINT)


def test_locking_clears_our_copy(qtbot: QtBot, casebook_folder: Path, tmp_path: Path) -> None:
    session = Session(casebook_folder, kdf=FLOOR_KDF, demo_folder=tmp_path / "demo",
                      trust_options={"session_bus": NoBus(), "system_bus": NoBus()})  # fmt: skip
    try:
        window = session.window
        casebook = vault.open_with_passphrase(casebook_folder, PASSPHRASE)
        case_id = add_case_with_note(casebook)
        session.open_casebook(casebook)
        qtbot.waitExposed(window)
        copy_from_preview(qtbot, open_note(qtbot, window, case_id))
        assert QGuiApplication.clipboard().text() == NOTE

        session.lock()

        assert session.casebook is None
        assert QGuiApplication.clipboard().text() == ""
        assert not features(window).clipboard.timer.isActive()
    finally:
        session.dispose()


def test_the_markers_of_each_platform() -> None:
    token = b"t" * 16
    linux = sensitive_mime_data("x", token, "linux")
    assert bytes(linux.data(KDE_HINT).data()) == b"secret"
    windows = sensitive_mime_data("x", token, "win32")
    history = windows.data(windows_mime("CanIncludeInClipboardHistory"))
    assert bytes(history.data()) == b"\x00\x00\x00\x00"
    assert windows.hasFormat(windows_mime("ExcludeClipboardContentFromMonitorProcessing"))
    assert windows.hasFormat(windows_mime("CanUploadToCloudClipboard"))
    assert not windows.hasFormat(KDE_HINT)
    assert sensitive_mime_data("x", token, "darwin").hasFormat(MAC_CONCEALED_MIME)
    for data in (linux, windows):
        assert data.text() == "x" and bytes(data.data(OWN_FORMAT).data()) == token
