"""Back up now and the backup reminder: the file restores with the same cases; the banner
shows when no backup exists or the last is too old, and goes once a backup is made."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from trust_windows import ShowWindow, features, message_boxes

from app.books import vault
from app.books.backup import read_backup, restore_backup
from app.books.casebook import Casebook
from app.cases.records import Case
from app.settings import BACKUP_REMINDER_DAYS
from ui.main_window import MainWindow
from ui.trust.backup_dialog import default_backup_path, format_size
from ui.trust.backup_reminder import reminder_text

from conftest import PASSPHRASE


class Clock:
    """Starts at the real time (backups are audited with it), then moves only when told."""

    def __init__(self) -> None:
        self.now = datetime.now()

    def __call__(self) -> datetime:
        return self.now


class Chooser:
    """Stands in for the save dialog: records the suggestion and answers with ``target``."""

    def __init__(self) -> None:
        self.suggested: list[Path] = []
        self.target: Path | None = None

    def __call__(self, parent: QWidget, suggested: Path, chosen: Callable[[Path], None]) -> None:
        self.suggested.append(suggested)
        if self.target is not None:
            chosen(self.target)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def chooser() -> Chooser:
    return Chooser()


@pytest.fixture
def window(
    trusted_window: ShowWindow, casebook: Casebook, clock: Clock, chooser: Chooser
) -> MainWindow:
    for number, title in ((1, "Ventilation review"), (2, "Transfer to a specialist centre")):
        casebook.cases.add(Case(None, f"MM-2026-00{number}", title))
    return trusted_window(tabs=lambda: [], now=clock, choose_backup_file=chooser)


def test_back_up_now_writes_a_backup_that_restores_with_the_same_cases(
    qtbot: QtBot,
    window: MainWindow,
    casebook: Casebook,
    chooser: Chooser,
    clock: Clock,
    tmp_path: Path,
) -> None:
    trust = features(window)
    assert trust.reminder.isVisible()
    assert trust.reminder.label.text().startswith("No backup yet.")
    assert trust.backup_action in window.file_menu.actions()
    out = tmp_path / "stick"
    out.mkdir()
    chooser.target = out / "mine.parley-backup"

    qtbot.mouseClick(trust.reminder.back_up_button, Qt.MouseButton.LeftButton)
    assert window.statusBar().currentMessage() == "Making a backup…"  # on the worker
    assert not trust.backup_action.isEnabled()  # one at a time
    qtbot.waitUntil(lambda: len(message_boxes(window)) == 1, timeout=30_000)

    assert window.statusBar().currentMessage() == ""
    assert trust.backup_action.isEnabled()
    assert chooser.suggested[0].name == f"Parley backup {clock.now:%Y-%m-%d}.parley-backup"
    [box] = message_boxes(window)
    assert box.text() == "Backup made."
    assert chooser.target.name in box.informativeText()
    assert format_size(chooser.target.stat().st_size) in box.informativeText()
    assert not trust.reminder.isVisible()  # done: the banner goes at once

    keys = read_backup(chooser.target)  # whole, with its key slots
    assert keys.casebook_id == casebook.casebook_id
    restored = restore_backup(chooser.target, tmp_path / "restored", passphrase=PASSPHRASE)
    assert restored.cases == 2
    with vault.open_with_passphrase(restored.folder, PASSPHRASE) as copy:
        assert copy.cases.references() == casebook.cases.references()
    assert [e.action for e in casebook.audit.entries()].count("backup made") == 1


def test_the_reminder_comes_back_after_the_setting_and_not_now_hides_it(
    qtbot: QtBot,
    window: MainWindow,
    casebook: Casebook,
    chooser: Chooser,
    clock: Clock,
    tmp_path: Path,
) -> None:
    trust = features(window)
    chooser.target = tmp_path / "backup.parley-backup"
    trust.backup_action.trigger()
    qtbot.waitUntil(lambda: not trust.reminder.isVisible(), timeout=30_000)

    clock.now += timedelta(days=6, hours=23)  # not quite the 7 days of the setting
    trust.refresh()
    assert not trust.reminder.isVisible()
    clock.now += timedelta(days=2, hours=1)
    trust.refresh()
    assert trust.reminder.isVisible()
    assert trust.reminder.label.text().startswith("Last backup 9 days ago")

    trust.reminder.later_button.click()  # not now: hidden until the next unlock
    trust.refresh()
    assert not trust.reminder.isVisible()
    trust.locked()
    trust.refresh()
    assert trust.reminder.isVisible()

    casebook.settings.set(BACKUP_REMINDER_DAYS, 30)
    trust.refresh()
    assert not trust.reminder.isVisible()


def test_a_backup_that_cannot_be_made_is_explained(
    qtbot: QtBot, window: MainWindow, casebook: Casebook, chooser: Chooser
) -> None:
    trust = features(window)
    chooser.target = casebook.folder / "inside.parley-backup"
    trust.backup_action.trigger()
    qtbot.waitUntil(lambda: len(message_boxes(window)) == 1, timeout=30_000)
    [box] = message_boxes(window)
    assert box.text() == "No backup was made."
    assert "casebook's own folder" in box.informativeText()
    assert "Traceback" not in box.informativeText()
    assert trust.reminder.isVisible()
    assert not chooser.target.exists()


def test_nothing_is_written_if_parley_locked_while_choosing(
    window: MainWindow, casebook: Casebook, chooser: Chooser, tmp_path: Path
) -> None:
    trust = features(window)

    def lock_then_choose(parent: QWidget, suggested: Path, chosen: Callable[[Path], None]) -> None:
        window.clear()  # the idle lock arrives while the save dialog is open
        casebook.close()
        chosen(tmp_path / "late.parley-backup")

    trust._choose = lock_then_choose
    trust.backup_action.trigger()
    assert not (tmp_path / "late.parley-backup").exists()
    assert message_boxes(window) == []
    trust.update_actions()
    assert not trust.backup_action.isEnabled() and not trust.audit_action.isEnabled()


def test_locking_during_a_backup_leaves_a_whole_audited_backup_and_a_sound_book(
    qtbot: QtBot,
    window: MainWindow,
    casebook: Casebook,
    chooser: Chooser,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The mediator locks (or the idle lock comes) while the worker is half-way through: the
    work finishes on its own connection, nobody is told, and everything checks out."""
    from app.books import backup
    from app.books.verify import verify_unlocked
    from ui.worker import wait_for_background_work

    halfway, go_on = threading.Event(), threading.Event()
    checked = backup._check_export

    def pausing(export: Path, key: bytes) -> None:
        checked(export, key)  # the copy is made and checked; the file is not written yet
        halfway.set()
        assert go_on.wait(30)

    monkeypatch.setattr(backup, "_check_export", pausing)
    folder, key = casebook.folder, casebook.data_key
    chooser.target = tmp_path / "during-lock.parley-backup"
    features(window).backup_action.trigger()
    assert halfway.wait(30)

    window.clear()  # locking, exactly as the session does it
    casebook.close()
    go_on.set()
    assert wait_for_background_work()
    qtbot.wait(50)  # let the outcome arrive, to be dropped

    assert message_boxes(window) == []  # nothing shown to whoever unlocks next
    assert verify_unlocked(folder, key).ok
    restored = restore_backup(chooser.target, tmp_path / "restored", passphrase=PASSPHRASE)
    assert restored.cases == 2
    with vault.open_with_passphrase(folder, PASSPHRASE) as reopened:
        actions = [e.action for e in reopened.audit.entries()]
        assert actions.count("backup made") == 1
        assert reopened.audit.first_broken_link() is None


def test_words_and_names() -> None:
    now = datetime(2026, 5, 14, 9, 0)
    assert reminder_text(now - timedelta(days=1), now).startswith("Last backup yesterday")
    assert reminder_text(datetime(2026, 5, 5, 23, 0), now).startswith(
        "Last backup 9 days ago (5 May 2026)"
    )
    name = default_backup_path(now.date(), Path("/x")).name
    assert name == "Parley backup 2026-05-14.parley-backup"
    assert format_size(230_141) == "230 KB" and format_size(21_400_000) == "21.4 MB"
