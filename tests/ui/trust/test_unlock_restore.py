"""A casebook that will not open (its files damaged): the unlock window says so and offers
Restore from a backup…, which puts the backup in its place, checked first, keeps the
damaged book beside it, and asks for the passphrase again. A wrong passphrase never offers
it: a backup cannot mend a forgotten passphrase, and replacing a good book would lose work.
"""

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
from ui.trust.restore_dialog import RestoreDialog
from ui.unlock import UnlockDialog

from conftest import PASSPHRASE


@pytest.fixture
def backup_file(casebook_folder: Path, tmp_path: Path) -> Path:
    """Last week's backup, with one case in it."""
    out = tmp_path / "backups" / "Parley backup.parley-backup"
    out.parent.mkdir()
    with vault.open_with_passphrase(casebook_folder, PASSPHRASE) as book:
        book.cases.add(Case(None, "MM-2026-081", "Kept in the backup"))
        make_backup(book, out)
    return out


def damage(folder: Path, name: str) -> None:
    """Zero 64 bytes of one of the book's files, as a failing disk might: in the database,
    inside its first page, which every opening reads."""
    path = folder / name
    data = bytearray(path.read_bytes())
    at = min(200, len(data) // 2)
    data[at : at + 64] = bytes(64)
    path.write_bytes(bytes(data))


@pytest.fixture
def session(
    session_restoring: RestoringSession, casebook_folder: Path, backup_file: Path
) -> Session:
    return session_restoring(casebook_folder, backup_file)


def try_to_unlock(qtbot: QtBot, session: Session, secret: str = PASSPHRASE) -> UnlockDialog:
    unlock = session.dialog if isinstance(session.dialog, UnlockDialog) else session.start()
    assert isinstance(unlock, UnlockDialog)
    qtbot.waitExposed(unlock)
    unlock.activateWindow()
    qtbot.waitUntil(unlock.isActiveWindow)
    qtbot.keyClicks(unlock.field, secret)
    qtbot.keyClick(unlock.field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not unlock.is_busy, timeout=30_000)
    return unlock


@pytest.mark.parametrize("file", ["casebook.db", "both key files"])
def test_a_damaged_casebook_is_restored_from_the_unlock_window(
    qtbot: QtBot, session: Session, casebook_folder: Path, file: str
) -> None:
    for name in ["casebook.key", "casebook.key.bak"] if file == "both key files" else [file]:
        damage(casebook_folder, name)
    unlock = try_to_unlock(qtbot, session)
    assert session.casebook is None
    assert unlock.message.label.text().startswith("The casebook cannot be opened.")
    assert unlock.restore_button.isVisible()

    # Alt+B, as the button's underlined letter says.
    qtbot.keyClick(unlock, Qt.Key.Key_B, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: unlock.findChild(RestoreDialog) is not None)
    dialog = unlock.findChild(RestoreDialog)
    assert dialog is not None
    qtbot.waitExposed(dialog)
    shown = [label.text() for label in dialog.findChildren(QLabel)]
    assert "Replace this casebook with a backup?" in shown
    assert any("is not deleted: it is kept beside it" in text for text in shown)
    qtbot.keyClicks(dialog.secret, PASSPHRASE)
    # A stray Enter neither replaces the book nor throws away what was typed: it says how.
    qtbot.keyClick(dialog.secret, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.secret.text() == PASSPHRASE
    assert "Alt+S" in dialog.message.label.text()
    assert not [p for p in casebook_folder.parent.iterdir() if ".replaced-" in p.name]
    dialog.restore_button.click()
    qtbot.waitUntil(lambda: session.dialog is not unlock, timeout=60_000)

    again = session.dialog
    assert isinstance(again, UnlockDialog) and again.isVisible()
    said = again.note.text()
    assert said.startswith("Restored from Parley backup.parley-backup")
    [kept] = [p for p in casebook_folder.parent.iterdir() if ".replaced-" in p.name]
    assert f"The casebook you had is kept in {kept}." in said
    assert casebook_exists(kept)  # the damaged book is set aside, never deleted
    assert not again.restore_button.isVisible()
    # What was restored, where the old book went and which passphrase to use stay in view
    # after a wrong try (the passphrase may have changed since the backup).
    try_to_unlock(qtbot, session, "the passphrase of last month")
    assert again.message.label.text().startswith("That passphrase does not open")
    assert f"kept in {kept}" in again.note.text() and again.note.isVisible()
    again.field.clear()
    try_to_unlock(qtbot, session)
    qtbot.waitUntil(lambda: session.casebook is not None, timeout=10_000)
    assert session.casebook is not None
    assert "MM-2026-081" in list(session.casebook.cases.references())


def test_a_wrong_passphrase_never_offers_a_restore(
    qtbot: QtBot, session: Session, casebook_folder: Path
) -> None:
    unlock = try_to_unlock(qtbot, session, "not the passphrase of this casebook")
    assert unlock.message.label.text().startswith("That passphrase does not open")
    assert not unlock.restore_button.isVisible()


def test_the_offer_goes_with_the_problem(
    qtbot: QtBot, session: Session, casebook_folder: Path
) -> None:
    """Damage found, then the disk remounted or the file put back: the next try opens, and
    the offer is gone with the reason."""
    original = (casebook_folder / "casebook.db").read_bytes()
    damage(casebook_folder, "casebook.db")
    unlock = try_to_unlock(qtbot, session)
    assert unlock.restore_button.isVisible()
    (casebook_folder / "casebook.db").write_bytes(original)
    unlock.field.clear()
    qtbot.keyClicks(unlock.field, PASSPHRASE)
    qtbot.keyClick(unlock.field, Qt.Key.Key_Return)
    assert not unlock.restore_button.isVisible()  # as soon as the next try starts
    qtbot.waitUntil(lambda: session.casebook is not None, timeout=30_000)
