"""A new computer: on the first-run window, Restore from a backup… puts the casebook kept in
a backup where Parley looks for it, checked first, and then asks for its passphrase. A wrong
passphrase or a damaged backup writes nothing, and the window stays as it was."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot
from trust_windows import RestoringSession

from app.books import vault
from app.books.backup import make_backup
from app.books.files import casebook_exists
from app.cases.records import Case
from ui.application import Session
from ui.first_run import CreateDialog
from ui.trust.restore_dialog import RestoreDialog
from ui.unlock import UnlockDialog

from conftest import PASSPHRASE


@pytest.fixture
def backup_file(casebook_folder: Path, tmp_path: Path) -> Path:
    """A backup made on the old laptop, with one case in it."""
    out = tmp_path / "Parley backup.parley-backup"
    with vault.open_with_passphrase(casebook_folder, PASSPHRASE) as book:
        book.cases.add(Case(None, "MM-2026-080", "Kept in the backup"))
        make_backup(book, out)
    return out


@pytest.fixture
def new_laptop(tmp_path: Path) -> Path:
    return tmp_path / "new laptop" / "Parley"


@pytest.fixture
def session(session_restoring: RestoringSession, new_laptop: Path, backup_file: Path) -> Session:
    return session_restoring(new_laptop, backup_file)


def open_restore(qtbot: QtBot, session: Session) -> tuple[CreateDialog, RestoreDialog]:
    create = session.start()
    assert isinstance(create, CreateDialog)
    qtbot.waitExposed(create)
    create.activateWindow()
    qtbot.waitUntil(create.isActiveWindow)
    # Alt+B, as the button's underlined letter says (a mnemonic clicks a moment later).
    qtbot.keyClick(create, Qt.Key.Key_B, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: create.findChild(RestoreDialog) is not None)
    dialog = create.findChild(RestoreDialog)
    assert dialog is not None
    qtbot.waitExposed(dialog)
    shown = [label.text() for label in dialog.findChildren(QLabel)]
    assert "Restore from a backup" in shown  # not "Replace this casebook": there is none
    assert not any("kept beside it" in text for text in shown)
    assert not dialog.cancel_button.isDefault() and not dialog.restore_button.isDefault()
    return create, dialog


def test_a_new_laptop_restores_the_casebook_then_unlocks_it(
    qtbot: QtBot, session: Session, new_laptop: Path
) -> None:
    _create, dialog = open_restore(qtbot, session)
    qtbot.keyClicks(dialog.secret, PASSPHRASE)
    dialog.restore_button.click()
    qtbot.waitUntil(lambda: isinstance(session.dialog, UnlockDialog), timeout=60_000)

    unlock = session.dialog
    assert isinstance(unlock, UnlockDialog)
    assert unlock.note.text().startswith("Restored from Parley backup.parley-backup")
    assert casebook_exists(new_laptop)
    assert [p.name for p in new_laptop.parent.iterdir()] == [new_laptop.name]  # nothing left
    qtbot.keyClicks(unlock.field, PASSPHRASE)
    qtbot.keyClick(unlock.field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: session.casebook is not None, timeout=10_000)
    assert session.casebook is not None
    assert list(session.casebook.cases.references()) == ["MM-2026-080"]


def test_a_wrong_passphrase_writes_nothing_and_first_run_goes_on(
    qtbot: QtBot, session: Session, new_laptop: Path
) -> None:
    create, dialog = open_restore(qtbot, session)
    qtbot.keyClicks(dialog.secret, "not the passphrase of that casebook")
    dialog.restore_button.click()
    qtbot.waitUntil(lambda: not dialog.checking, timeout=60_000)

    assert dialog.message.label.text().startswith("Nothing was restored.")
    assert not casebook_exists(new_laptop)
    assert not new_laptop.parent.exists() or not any(
        ".restoring-" in p.name for p in new_laptop.parent.iterdir()
    )
    dialog.reject()
    assert session.dialog is create and create.isVisible()  # making a casebook still works


def test_a_damaged_backup_writes_nothing(
    qtbot: QtBot, session: Session, new_laptop: Path, backup_file: Path
) -> None:
    data = bytearray(backup_file.read_bytes())
    data[len(data) // 2] ^= 0x40
    backup_file.write_bytes(bytes(data))
    _create, dialog = open_restore(qtbot, session)
    qtbot.keyClicks(dialog.secret, PASSPHRASE)
    dialog.restore_button.click()
    qtbot.waitUntil(lambda: not dialog.checking, timeout=60_000)

    assert dialog.message.label.text().startswith("Nothing was restored.")
    assert not casebook_exists(new_laptop)
