"""File → Restore from a backup…: the backup is checked on the worker while the book stays
open; only then does Parley lock, put it in the book's place (the old book kept beside it)
and ask to unlock it. A wrong passphrase or a damaged backup changes nothing, and locking
while the backup is being checked throws the checked copy away."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from trust_windows import features

from app.books import backup, vault
from app.books.backup import make_backup
from app.books.verify import verify_unlocked
from app.cases.records import Case
from app.errors import ParleyError
from ui.application import Session
from ui.main_window import MainWindow
from ui.trust.restore_dialog import RestoreDialog
from ui.unlock import UnlockDialog
from ui.worker import wait_for_background_work

from conftest import FLOOR_KDF, PASSPHRASE
from filled_book import NoBus
from helpers import unlock


class Chosen:
    def __init__(self) -> None:
        self.file: Path | None = None

    def __call__(self, parent: QWidget) -> Path | None:
        return self.file


@pytest.fixture
def chosen() -> Chosen:
    return Chosen()


@pytest.fixture
def session(
    qtbot: QtBot, casebook_folder: Path, tmp_path: Path, chosen: Chosen
) -> Iterator[Session]:
    made = Session(casebook_folder, kdf=FLOOR_KDF, demo_folder=tmp_path / "demo",
                   trust_options={"session_bus": NoBus(), "system_bus": NoBus(),
                                  "choose_restore_file": chosen})  # fmt: skip
    yield made
    made.dispose()


@pytest.fixture
def window(qtbot: QtBot, session: Session, chosen: Chosen, tmp_path: Path) -> MainWindow:
    """Unlocked, with one case in the backup and one added after it."""
    opened = unlock(qtbot, session, PASSPHRASE)
    book = session.casebook
    assert book is not None
    book.cases.add(Case(None, "MM-2026-070", "In the backup"))
    chosen.file = tmp_path / "Parley backup.parley-backup"
    make_backup(book, chosen.file)
    book.cases.add(Case(None, "MM-2026-071", "Added after the backup"))
    return opened


def start_restore(qtbot: QtBot, window: MainWindow, passphrase: str) -> RestoreDialog:
    trust = features(window)
    trust.update_actions()
    assert trust.restore_action in window.file_menu.actions()
    assert trust.restore_action.isEnabled()
    trust.restore_action.trigger()
    dialog = window.findChild(RestoreDialog)
    assert dialog is not None and dialog.isVisible()
    assert not dialog.cancel_button.isDefault() and not dialog.restore_button.isDefault()
    qtbot.keyClicks(dialog.secret, passphrase)
    dialog.restore_button.click()
    return dialog


def staging_left(folder: Path) -> list[str]:
    return [p.name for p in folder.parent.iterdir() if ".restoring-" in p.name]


def test_restoring_checks_then_replaces_the_book_and_keeps_the_old_one(
    qtbot: QtBot, session: Session, window: MainWindow, casebook_folder: Path
) -> None:
    dialog = start_restore(qtbot, window, PASSPHRASE)
    assert dialog.checking and not dialog.restore_button.isEnabled()
    qtbot.waitUntil(lambda: session.casebook is None, timeout=60_000)  # locked, then restored

    unlock_window = session.dialog
    assert isinstance(unlock_window, UnlockDialog)
    said = unlock_window.note.text()  # kept in view after a wrong try
    assert said.startswith("Restored from Parley backup.parley-backup")
    [kept] = [p for p in casebook_folder.parent.iterdir() if ".replaced-" in p.name]
    assert str(kept) in said
    assert staging_left(casebook_folder) == []

    with vault.open_with_passphrase(casebook_folder, PASSPHRASE) as restored:
        assert list(restored.cases.references()) == ["MM-2026-070"]
        assert "restored from backup" in [e.action for e in restored.audit.entries()]
    with vault.open_with_passphrase(kept, PASSPHRASE) as old:
        assert sorted(old.cases.references()) == ["MM-2026-070", "MM-2026-071"]


def test_a_wrong_passphrase_changes_nothing_and_says_so(
    qtbot: QtBot, session: Session, window: MainWindow, casebook_folder: Path
) -> None:
    book = session.casebook
    assert book is not None
    dialog = start_restore(qtbot, window, "not the passphrase at all")
    qtbot.waitUntil(lambda: not dialog.checking, timeout=60_000)

    said = dialog.message.label.text()
    assert said.startswith("Nothing was restored. That passphrase does not open this backup")
    assert dialog.restore_button.isEnabled() and dialog.secret.hasFocus()
    assert session.casebook is book and book.is_open
    assert sorted(book.cases.references()) == ["MM-2026-070", "MM-2026-071"]
    assert staging_left(casebook_folder) == []
    assert [p for p in casebook_folder.parent.iterdir() if ".replaced-" in p.name] == []


def test_locking_while_the_backup_is_checked_throws_the_copy_away(
    qtbot: QtBot,
    session: Session,
    window: MainWindow,
    casebook_folder: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    halfway, go_on = threading.Event(), threading.Event()
    unpack = backup._unpack_and_verify

    def pausing(*args: object) -> tuple[int, str, tuple[str, ...]]:
        done = unpack(*args)  # type: ignore[arg-type]
        halfway.set()  # unpacked and checked beside the book, not yet handed over
        assert go_on.wait(60)
        return done

    monkeypatch.setattr(backup, "_unpack_and_verify", pausing)
    start_restore(qtbot, window, PASSPHRASE)
    assert halfway.wait(60)
    assert staging_left(casebook_folder)  # the checked copy is there

    session.lock()  # Ctrl+L, or the idle lock
    go_on.set()
    assert wait_for_background_work(60_000)
    qtbot.wait(50)  # let the outcome arrive, to be dropped

    assert staging_left(casebook_folder) == []
    assert [p for p in casebook_folder.parent.iterdir() if ".replaced-" in p.name] == []
    assert verify_unlocked(casebook_folder, vault.unlock_with_passphrase(
        casebook_folder, PASSPHRASE).data_key).ok  # fmt: skip
    with vault.open_with_passphrase(casebook_folder, PASSPHRASE) as same:
        assert sorted(same.cases.references()) == ["MM-2026-070", "MM-2026-071"]
        assert same.audit.first_broken_link() is None


def test_no_restore_while_an_import_is_storing_cases(
    qtbot: QtBot, session: Session, window: MainWindow, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    """An import writes to the book on a connection of its own; putting a backup in the
    folder's place meanwhile would leave its writes in the book set aside."""
    from ui.cases import import_cases

    storing, go_on = threading.Event(), threading.Event()

    def slow_import(*_args: object) -> object:
        storing.set()
        assert go_on.wait(60)
        raise ParleyError("stopped by the test")

    monkeypatch.setattr(import_cases, "import_file_apart", slow_import)
    window.importer.choose_file = lambda _parent: tmp_path / "cases.json"
    book = session.casebook
    assert book is not None and window.importer.start(book)
    assert storing.wait(60)
    features(window).update_actions()
    assert not features(window).restore_action.isEnabled()
    go_on.set()
    qtbot.waitUntil(lambda: not window.importer.job.busy, timeout=60_000)
    features(window).update_actions()
    assert features(window).restore_action.isEnabled()
