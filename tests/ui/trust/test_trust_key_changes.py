"""Changing the passphrase and making a new recovery key from the menus, as a mediator does
it: with the keyboard, the slow work on a worker thread, a wrong passphrase said beside its
field without losing what was typed, the retired secret dead afterwards, and a new recovery
key that is not in use until it has been shown and stored."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TypeVar

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot
from trust_windows import ShowWindow, features, message_boxes

from app.books import keychain, keyfile, vault
from app.books.casebook import Casebook
from app.errors import WrongPassphrase, WrongRecoveryKey
from ui.main_window import MainWindow
from ui.trust.passphrase_change import WRONG_CURRENT, ChangePassphraseDialog
from ui.trust.recovery_key_change import ENTER_DOES_NOT, WRONG, NewRecoveryKeyDialog
from ui.widgets.messages import RecoveryKeyDialog
from ui.worker import wait_for_background_work

from conftest import FLOOR_KDF, PASSPHRASE
from helpers import snapshot
from memory_keychain import MemoryKeyring, memory_chain

NEW = "amber meadow violin 1987"
D = TypeVar("D", bound=QDialog)


@pytest.fixture
def derived_on() -> Iterator[list[str]]:
    """The name of the thread each Argon2id derivation ran on."""
    threads: list[str] = []
    real = keyfile.derive_from_passphrase

    def recording(passphrase: str, params: keyfile.Argon2Params) -> bytes:
        threads.append(threading.current_thread().name)
        return real(passphrase, params)

    keyfile.derive_from_passphrase = recording  # type: ignore[assignment]
    yield threads
    keyfile.derive_from_passphrase = real  # type: ignore[assignment]


@pytest.fixture
def window(trusted_window: ShowWindow) -> MainWindow:
    return trusted_window(tabs=lambda: [], kdf=FLOOR_KDF)


def open_dialog(window: MainWindow, kind: type[D]) -> D:
    shown = [d for d in window.findChildren(kind) if d.isVisible()]
    assert len(shown) == 1, shown
    shown[0].activateWindow()
    QApplication.processEvents()
    assert shown[0].isActiveWindow()  # so that its Alt keys reach it, as on a desktop
    return shown[0]


def gone(dialog: QDialog) -> bool:
    """Closed (and, being deleted on close, perhaps deleted already)."""
    return not shiboken6.isValid(dialog) or not dialog.isVisible()


def keys_only(folder: Path) -> dict[str, str]:
    return {k: v for k, v in snapshot(folder).items() if k.startswith("casebook.key")}


# --- the menus --------------------------------------------------------------------------------


def test_both_are_in_the_file_menu_with_letters_of_their_own(window: MainWindow) -> None:
    trust = features(window)
    trust.update_actions()
    entries = [a for a in window.file_menu.actions() if a.isVisible() and not a.isSeparator()]
    texts = [a.text() for a in entries]
    assert "Change &passphrase…" in texts and "New recovery &key…" in texts
    letters = [t[t.index("&") + 1].upper() for t in texts if "&" in t]
    assert len(letters) == len(set(letters)), texts
    assert trust.passphrase_action.isEnabled() and trust.recovery_key_action.isEnabled()
    window.clear()
    trust.update_actions()
    assert not trust.passphrase_action.isEnabled()
    assert not trust.recovery_key_action.isEnabled()


# --- changing the passphrase -----------------------------------------------------------------


def test_change_the_passphrase_from_the_menu_with_the_keyboard(
    qtbot: QtBot,
    window: MainWindow,
    casebook: Casebook,
    template_recovery_key: str,
    derived_on: list[str],
) -> None:
    features(window).passphrase_action.trigger()
    dialog = open_dialog(window, ChangePassphraseDialog)
    assert QApplication.focusWidget() is dialog.current.field
    assert not dialog.change_button.isEnabled()

    # A wrong current passphrase: said beside its field; the new one stays as typed.
    before = keys_only(casebook.folder)
    qtbot.keyClicks(dialog.current.field, "not my passphrase")
    qtbot.keyClick(dialog.current.field, Qt.Key.Key_Tab)
    qtbot.keyClicks(QApplication.focusWidget(), NEW)
    dialog.new_passphrase.confirmation.setFocus()
    qtbot.keyClicks(dialog.new_passphrase.confirmation, NEW)
    assert dialog.change_button.isEnabled()
    qtbot.keyClick(dialog.new_passphrase.confirmation, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.is_busy, timeout=10_000)
    assert dialog.current.message.isVisible() and dialog.current.message.text() == WRONG_CURRENT
    assert dialog.new_passphrase.passphrase.text() == NEW
    assert dialog.new_passphrase.confirmation.text() == NEW
    assert keys_only(casebook.folder) == before
    assert derived_on and threading.main_thread().name not in derived_on

    # Typing again clears the reason; the right passphrase changes it.
    dialog.current.field.selectAll()
    qtbot.keyClicks(dialog.current.field, PASSPHRASE)
    assert not dialog.current.message.isVisible()
    qtbot.keyClick(dialog.current.field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: gone(dialog), timeout=10_000)
    assert threading.main_thread().name not in derived_on
    assert any("has been changed" in box.text() for box in message_boxes(window))
    assert "passphrase changed" in [e.action for e in casebook.audit.entries()]

    folder = casebook.folder
    with pytest.raises(WrongPassphrase):
        vault.unlock_with_passphrase(folder, PASSPHRASE)
    assert vault.unlock_with_passphrase(folder, NEW).data_key == casebook.data_key
    assert vault.unlock_with_recovery_key(folder, template_recovery_key).data_key == (
        casebook.data_key
    )


def test_a_new_passphrase_is_held_to_the_rule_of_first_run(
    qtbot: QtBot, window: MainWindow
) -> None:
    features(window).passphrase_action.trigger()
    dialog = open_dialog(window, ChangePassphraseDialog)
    dialog.current.field.setText(PASSPHRASE)
    dialog.new_passphrase.passphrase.setText("short")
    dialog.new_passphrase.confirmation.setText("short")
    assert dialog.new_passphrase.problem.isVisible()
    assert "at least 12 characters" in dialog.new_passphrase.problem.text()
    assert not dialog.change_button.isEnabled()
    dialog.new_passphrase.passphrase.setText(NEW)
    dialog.new_passphrase.confirmation.setText(NEW + "x")
    assert "not the same" in dialog.new_passphrase.match_label.text()
    assert not dialog.change_button.isEnabled()
    assert dialog.new_passphrase.strength_label.text()  # the meter speaks as on first run


def test_keychain_unlock_keeps_working_after_a_change(
    qtbot: QtBot, window: MainWindow, casebook: Casebook, monkeypatch: pytest.MonkeyPatch
) -> None:
    backend = MemoryKeyring()
    monkeypatch.setattr(keychain, "default_keychain", lambda: memory_chain(backend))
    vault.enable_keychain(casebook, keychain.default_keychain())
    stored = dict(backend.entries)
    features(window).passphrase_action.trigger()
    dialog = open_dialog(window, ChangePassphraseDialog)
    dialog.current.field.setText(PASSPHRASE)
    dialog.new_passphrase.passphrase.setText(NEW)
    dialog.new_passphrase.confirmation.setText(NEW)
    dialog.change_button.click()
    qtbot.waitUntil(lambda: gone(dialog), timeout=10_000)
    assert backend.entries == stored
    unlocked = vault.unlock_with_keychain(casebook.folder, keychain.default_keychain())
    assert unlocked.data_key == casebook.data_key


# --- a new recovery key ----------------------------------------------------------------------


def start_new_key(window: MainWindow) -> NewRecoveryKeyDialog:
    features(window).recovery_key_action.trigger()
    return open_dialog(window, NewRecoveryKeyDialog)


def test_enter_never_makes_a_new_recovery_key(
    qtbot: QtBot, window: MainWindow, casebook: Casebook
) -> None:
    before = keys_only(casebook.folder)
    dialog = start_new_key(window)
    assert "no longer opens your casebook" in dialog.summary.text()
    assert "backups made before now still open with the old recovery key" in (dialog.summary.text())
    assert dialog.back_button.isDefault()
    assert not dialog.make_button.isDefault() and not dialog.make_button.autoDefault()
    assert QApplication.focusWidget() is dialog.secret.field

    qtbot.keyClicks(dialog.secret.field, PASSPHRASE)
    qtbot.keyClick(dialog.secret.field, Qt.Key.Key_Return)
    # Enter in the field: nothing made, nothing lost, and the way to do it said.
    assert dialog.isVisible() and not dialog.is_busy
    assert dialog.secret.field.text() == PASSPHRASE
    assert dialog.secret.message.text() == ENTER_DOES_NOT
    layout = dialog.layout()
    assert layout is not None  # the window grew for the sentence; nothing in it is clipped
    assert dialog.height() >= layout.totalHeightForWidth(dialog.width())

    # Enter anywhere else goes back.
    dialog.make_button.setFocus()
    qtbot.keyClick(dialog.make_button, Qt.Key.Key_Return)
    assert gone(dialog)
    wait_for_background_work()
    assert keys_only(casebook.folder) == before


def test_a_wrong_passphrase_makes_no_key(
    qtbot: QtBot, window: MainWindow, casebook: Casebook
) -> None:
    before = keys_only(casebook.folder)
    dialog = start_new_key(window)
    qtbot.keyClicks(dialog.secret.field, "not my passphrase")
    # A button's Alt key clicks it as a mouse would, a moment later (Qt's animateClick).
    qtbot.keyClick(dialog.secret.field, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: dialog.secret.message.text() == WRONG, timeout=10_000)
    assert dialog.isVisible() and not dialog.is_busy
    assert [d for d in window.findChildren(RecoveryKeyDialog) if d.isVisible()] == []
    assert keys_only(casebook.folder) == before


def test_the_new_key_is_shown_once_and_in_use_only_once_stored(
    qtbot: QtBot,
    window: MainWindow,
    casebook: Casebook,
    template_recovery_key: str,
    derived_on: list[str],
) -> None:
    folder = casebook.folder
    dialog = start_new_key(window)
    qtbot.keyClicks(dialog.secret.field, PASSPHRASE)
    qtbot.keyClick(dialog, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)  # the act's own key
    qtbot.waitUntil(lambda: bool(window.findChildren(RecoveryKeyDialog)), timeout=10_000)
    assert derived_on and threading.main_thread().name not in derived_on
    shown = open_dialog(window, RecoveryKeyDialog)
    new_key = shown.recovery_key_text().replace("\n", "-")
    assert keyfile.parse_recovery_key(new_key) is not None and new_key != template_recovery_key
    assert "Your new recovery key" in shown.windowTitle()

    # Shown, not yet in use: the old key still opens it, the new one does not.
    assert vault.unlock_with_recovery_key(folder, template_recovery_key).data_key
    with pytest.raises(WrongRecoveryKey):
        vault.unlock_with_recovery_key(folder, new_key)
    qtbot.keyClick(shown, Qt.Key.Key_Escape)  # Escape does not skip writing it down
    assert shown.isVisible()

    qtbot.keyClick(shown.stored, Qt.Key.Key_Space)
    qtbot.keyClick(shown.stored, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: any("is in use" in box.text() for box in message_boxes(window)), timeout=10_000
    )
    with pytest.raises(WrongRecoveryKey):
        vault.unlock_with_recovery_key(folder, template_recovery_key)
    assert vault.unlock_with_recovery_key(folder, new_key).data_key == casebook.data_key
    assert vault.unlock_with_passphrase(folder, PASSPHRASE).data_key == casebook.data_key
    entries = casebook.audit.entries()
    assert "recovery key replaced" in [e.action for e in entries]
    assert not any(new_key in e.detail for e in entries)


def test_locking_before_the_key_is_stored_changes_nothing(
    qtbot: QtBot, window: MainWindow, casebook: Casebook, template_recovery_key: str
) -> None:
    folder = casebook.folder
    before = keys_only(folder)
    dialog = start_new_key(window)
    dialog.secret.field.setText(PASSPHRASE)
    dialog.make_button.click()
    qtbot.waitUntil(lambda: bool(window.findChildren(RecoveryKeyDialog)), timeout=10_000)
    shown = open_dialog(window, RecoveryKeyDialog)
    with qtbot.waitSignal(window.lock_requested, timeout=2_000):  # Ctrl+L works here too
        qtbot.keyClick(shown.stored, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    window.clear()  # what locking then does to the window
    casebook.close()
    QApplication.processEvents()
    wait_for_background_work()
    assert keys_only(folder) == before
    vault.unlock_with_recovery_key(folder, template_recovery_key)
