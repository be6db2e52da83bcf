"""Locking in the middle of an erasure and unlocking again at once: the unlock waits for the
erasure to end on its own connection, rather than finding the book busy and calling it "in
use by another program"; then the book opens with the notes gone and one audit chain."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.books import erasure
from app.cases.records import Case, Note, Status
from app.storage.database import Connection
from ui.application import Session
from ui.trust.erase_dialog import EraseDialog
from ui.trust.install import trust_features
from ui.unlock import UnlockDialog

from conftest import FLOOR_KDF, PASSPHRASE
from filled_book import NoBus
from helpers import unlock


@pytest.fixture
def session(qtbot: QtBot, casebook_folder: Path, tmp_path: Path) -> Iterator[Session]:
    made = Session(casebook_folder, kdf=FLOOR_KDF, demo_folder=tmp_path / "demo",
                   trust_options={"session_bus": NoBus(), "system_bus": NoBus()})  # fmt: skip
    yield made
    made.dispose()


def test_unlocking_waits_for_an_erasure_under_way_when_the_book_locked(
    qtbot: QtBot, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = unlock(qtbot, session, PASSPHRASE)
    book = session.casebook
    assert book is not None
    case = book.cases.add(Case(None, "MM-2026-080", "Closed"))
    assert case.id is not None
    book.notes.add(Note(None, case.id, "QzWaitNoteSentinel", datetime(2026, 3, 1, 10)))
    book.cases.update(replace(book.cases.get(case.id), status=Status.CLOSED))

    halfway, go_on = threading.Event(), threading.Event()
    erase = erasure._erase

    def pausing(conn: Connection, case_id: int) -> tuple[int, int, int]:
        counts = erase(conn, case_id)
        halfway.set()  # inside the erasure's transaction: SQLite's write lock is held
        assert go_on.wait(60)
        return counts

    monkeypatch.setattr(erasure, "_erase", pausing)
    window.open_case(case.id)
    trust = trust_features(window)
    assert trust is not None
    trust.update_actions()
    trust.erase_action.trigger()
    dialog = window.findChild(EraseDialog)
    assert dialog is not None
    qtbot.keyClicks(dialog.confirm, "MM-2026-080")
    dialog.destroy_button.click()
    assert halfway.wait(60)

    # SQLite would give up on the lock after 0.2 s rather than 5, and say the book is busy.
    monkeypatch.setattr("app.storage.database.BUSY_TIMEOUT_MS", 200)
    session.lock()
    unlocking = session.dialog
    assert isinstance(unlocking, UnlockDialog)
    qtbot.keyClicks(unlocking.field, PASSPHRASE)
    qtbot.keyClick(unlocking.field, Qt.Key.Key_Return)
    qtbot.wait(1500)  # the key is long derived: the unlock is waiting for the erasure
    assert session.casebook is None
    assert unlocking.message.label.text() == ""  # no "in use by another program"

    go_on.set()
    qtbot.waitUntil(lambda: session.casebook is not None, timeout=60_000)
    reopened = session.casebook
    assert reopened is not None
    assert reopened.notes.for_case(case.id) == []
    actions = [e.action for e in reopened.audit.entries()]
    assert actions[-2:] == ["confidential notes destroyed", "unlocked"]
    assert reopened.audit.first_broken_link() is None
