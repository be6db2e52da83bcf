"""File → Check the casebook: the checks run on the worker while the window keeps painting,
the status bar names each, and the result says plainly whether the book is sound; locking
meanwhile shows nothing to whoever unlocks next and leaves the book as it was."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import SIGNAL
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from trust_windows import ShowWindow, features, message_boxes

from app.books import verify
from app.books.casebook import Casebook
from app.cases.records import Case
from app.storage.database import Connection
from ui.main_window import MainWindow
from ui.worker import wait_for_background_work

from helpers import snapshot


@pytest.fixture
def window(trusted_window: ShowWindow, casebook: Casebook) -> MainWindow:
    casebook.cases.add(Case(None, "MM-2026-060", "Oxygen at home"))
    return trusted_window()


def result_box(window: MainWindow) -> QMessageBox:
    [box] = message_boxes(window)
    return box


def test_a_sound_casebook_checks_out_and_each_check_is_named(
    qtbot: QtBot, window: MainWindow
) -> None:
    trust = features(window)
    assert trust.check_action in window.file_menu.actions()
    seen: list[str] = []
    window.statusBar().messageChanged.connect(seen.append)
    trust.update_actions()
    trust.check_action.trigger()
    assert trust.check_job.busy and not trust.check_action.isEnabled()
    qtbot.waitUntil(lambda: not trust.check_job.busy, timeout=60_000)

    box = result_box(window)
    assert box.text() == "The casebook checked out: no damage found."
    assert "Audit trail: the chain of entries is unbroken" in box.informativeText()
    assert "Checking the casebook: checking the audit trail (3 of 4)…" in seen
    assert not [m for m in seen if "(5 of 4)" in m]  # the closing "Done" is no step
    assert window.statusBar().currentMessage() == ""
    assert trust.check_action.isEnabled()
    box.accept()


def test_an_altered_audit_trail_is_reported_with_what_to_do(
    qtbot: QtBot, window: MainWindow, casebook: Casebook
) -> None:
    conn = casebook.connection
    conn.execute("DROP TRIGGER audit_is_append_only_u")
    conn.execute("UPDATE audit SET actor = 'someone else' WHERE id = 1")
    trust = features(window)
    trust.check_action.trigger()
    qtbot.waitUntil(lambda: not trust.check_job.busy, timeout=60_000)

    box = result_box(window)
    assert box.text() == "The casebook is damaged."
    assert "✗ Audit trail: entry 1 does not follow" in box.informativeText()
    assert "Restore the latest backup" in box.informativeText()
    box.accept()


def test_locking_during_the_checks_shows_nothing_and_changes_nothing(
    qtbot: QtBot, window: MainWindow, casebook: Casebook, monkeypatch: pytest.MonkeyPatch
) -> None:
    halfway, go_on = threading.Event(), threading.Event()
    structure = verify._check_structure

    def pausing(conn: Connection, report: verify.VerifyReport) -> None:
        structure(conn, report)
        halfway.set()
        assert go_on.wait(60)

    monkeypatch.setattr(verify, "_check_structure", pausing)
    folder, key = casebook.folder, casebook.data_key
    features(window).check_action.trigger()
    assert halfway.wait(60)

    window.clear()  # locking, exactly as the session does it
    casebook.close()
    window.hide()
    # The last connection out may remove SQLite's empty log and its index: not a change.
    kept = lambda: {n: h for n, h in snapshot(folder).items() if n.endswith((".db", ".key"))}  # noqa: E731
    before = kept()
    go_on.set()
    assert wait_for_background_work(60_000)
    qtbot.wait(50)  # let the outcome arrive, to be dropped

    assert message_boxes(window) == []
    assert window.statusBar().currentMessage() == ""
    assert kept() == before and before  # the checks wrote nothing
    assert verify.verify_unlocked(folder, key).ok
    # The forgotten check let go of the job's reports: none is left listening for them.
    job = features(window).check_job
    assert job.receivers(SIGNAL("progressed(int,int,QString)")) == 0
