"""Locking by Ctrl+L, by the idle timer and at log-out: typed text is stored first, then
every view is emptied, the casebook closed and the unlock window shown."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import ClassVar

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from app.books import vault
from app.books.casebook import Casebook
from app.cases.records import Case, Note, Stage, Status
from app.settings import IDLE_LOCK_MINUTES
from ui.application import Session
from ui.cases.new_case import NewCaseDialog
from ui.idle import IdleWatch
from ui.unlock import UnlockDialog
from ui.workspace.base import WorkspaceTab

from conftest import PASSPHRASE


class FakeClock:
    def __init__(self) -> None:
        self.now = 10_000.0

    def __call__(self) -> float:
        return self.now


class DraftTab(WorkspaceTab):
    """Keeps a half-typed note until asked to save; records whether the casebook was open."""

    title = "&Notes"
    saved_while_open: ClassVar[list[bool]] = []

    def __init__(self, casebook: Casebook, case_id: int, parent: QWidget | None = None) -> None:
        super().__init__(casebook, case_id, parent)
        self.editor = QLineEdit(self)

    def reload(self) -> None:
        pass

    def save_pending(self) -> None:
        DraftTab.saved_while_open.append(self.casebook.is_open)
        if self.editor.text():
            note = Note(None, self.case_id, self.editor.text(), datetime(2026, 4, 9, 9, 0))
            self.casebook.notes.add(note)
            self.editor.clear()

    def clear(self) -> None:
        self.editor.clear()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def session(qtbot: QtBot, casebook: Casebook, clock: FakeClock) -> Iterator[Session]:
    casebook.cases.add(
        Case(None, "MM-2026-001", "Ventilation review", Stage.FORMAL, Status.IN_MEDIATION,
             referred_on=date(2026, 3, 2))
    )  # fmt: skip
    DraftTab.saved_while_open = []
    made = Session(casebook.folder, idle_clock=clock, tabs=lambda: [DraftTab])
    made.open_casebook(casebook)
    qtbot.waitExposed(made.window)
    yield made
    made.dispose()


def _type_a_draft(session: Session, text: str) -> None:
    window = session.window
    window.cases.search_box.setText("ventilation")
    window.cases.apply_search()
    window.open_case(window.cases.model.index(0, 0).data(Qt.ItemDataRole.UserRole + 2))
    assert window.workspace is not None
    tab = window.workspace.tabs[0]
    assert isinstance(tab, DraftTab)
    tab.editor.setText(text)


def _assert_locked(session: Session, casebook: Casebook, folder: Path, draft: str) -> None:
    window = session.window
    assert DraftTab.saved_while_open == [True]  # stored before the casebook closed
    assert not casebook.is_open and session.casebook is None
    assert window.cases.model.rowCount() == 0 and window.cases.model.matching == 0
    assert window.cases.model.rowCount() == 0
    assert window.workspace is None and window.case_stack.count() == 1
    assert window.cases.search_box.text() == ""
    assert window.count_label.text() == "" and window.folder_label.text() == ""
    window.status_line.fit()  # as a resize or safe view does: the folder is not drawn again
    assert window.folder_label.text() == "" and window.folder_label.toolTip() == ""
    assert window.windowTitle() == "Parley — Casebook"
    assert not window.isVisible()
    assert isinstance(session.dialog, UnlockDialog) and session.dialog.isVisible()
    assert not session.idle.running
    with vault.open_with_passphrase(folder, PASSPHRASE) as reopened:
        assert [n.text for n in reopened.notes.for_case(1)] == [draft]


def test_ctrl_l_stores_the_draft_then_clears_and_locks(
    qtbot: QtBot, session: Session, casebook: Casebook
) -> None:
    folder = casebook.folder
    _type_a_draft(session, "Father worried about the night staff")
    window = session.window
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)

    qtbot.keyClick(window.workspace, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)  # type: ignore[arg-type]

    _assert_locked(session, casebook, folder, "Father worried about the night staff")


def test_the_idle_timer_locks_after_the_limit(
    qtbot: QtBot, session: Session, casebook: Casebook, clock: FakeClock
) -> None:
    folder = casebook.folder
    _type_a_draft(session, "Mother asked for a second opinion")
    assert session.idle.running and session.idle.limit_s == 5 * 60
    assert session.idle.timer.isActive()

    clock.now += 4 * 60
    assert not session.idle.check()
    # Any key press anywhere in the application counts as someone being there.
    QApplication.sendEvent(
        session.window,
        QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Shift, Qt.KeyboardModifier.NoModifier),
    )
    clock.now += 4 * 60
    assert not session.idle.check()
    assert casebook.is_open

    clock.now += 61
    assert session.idle.check()

    _assert_locked(session, casebook, folder, "Mother asked for a second opinion")
    assert isinstance(session.dialog, UnlockDialog)
    assert session.dialog.message.text() == "Parley locked itself after 5 minutes without use."


def test_text_that_cannot_be_stored_is_named_on_the_unlock_window(
    session: Session, casebook: Casebook
) -> None:
    _type_a_draft(session, "Pasted from elsewhere\x07")  # a control character: refused

    session.lock()

    assert not casebook.is_open  # the lock is never held up
    assert isinstance(session.dialog, UnlockDialog)
    message = session.dialog.message.text()
    assert message.startswith("Not stored, as it was not valid: Notes: text: this contains")
    assert "Pasted" not in message  # the reason, never the text


def test_the_limit_is_read_from_the_casebook(
    qtbot: QtBot, casebook: Casebook, clock: FakeClock
) -> None:
    casebook.settings.set(IDLE_LOCK_MINUTES, 2)
    session = Session(casebook.folder, idle_clock=clock, tabs=lambda: [])
    session.open_casebook(casebook)
    try:
        assert session.idle.limit_s == 120
        assert session.window.lock_hint.text() == "Locks after 2 idle minutes (Ctrl+L locks now)"
        clock.now += 121
        session.idle.check()
        assert not casebook.is_open
    finally:
        session.dispose()


def test_the_session_ending_locks(session: Session, casebook: Casebook) -> None:
    folder = casebook.folder
    _type_a_draft(session, "Debrief booked")
    session.session_ending()
    _assert_locked(session, casebook, folder, "Debrief booked")
    session.session_ending()  # a second notice changes nothing
    assert isinstance(session.dialog, UnlockDialog)


def test_locking_closes_open_dialogs(qtbot: QtBot, session: Session, casebook: Casebook) -> None:
    window = session.window
    window.new_case()
    dialog = window.findChild(NewCaseDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.title.setText("Confidential title")
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)

    qtbot.keyClick(dialog.title, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)

    assert not dialog.isVisible()  # Ctrl+L works from inside the dialog, and closes it
    assert not casebook.is_open
    assert casebook.folder == session.folder


def test_idle_watch_counts_sleep_by_the_wall_clock() -> None:
    # A monotonic clock that stopped while the laptop slept; the wall clock did not.
    asleep, wall = FakeClock(), FakeClock()
    watch = IdleWatch(clock=asleep, wall_clock=wall)
    fired: list[bool] = []
    watch.idle.connect(lambda: fired.append(True))
    watch.start(5)
    wall.now += 3600
    assert watch.check() and fired == [True]
    assert not watch.running
    watch.stop()
