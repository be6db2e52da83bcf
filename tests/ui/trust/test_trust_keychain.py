"""Keychain unlock in the interface: on only with the right passphrase, off deletes the
entry, an unavailable keychain has its own message, and the unlock hook falls back to the
passphrase. The keychain is in memory, admitted through ``app.books.keychain.default_keychain``
(the one injection point the command line uses too); the user's own is never touched."""

from __future__ import annotations

from collections.abc import Iterator

import keyring.backends.null
import pytest
from keyring.errors import KeyringLocked
from pytestqt.qtbot import QtBot

from app.books import keychain, vault
from app.books.casebook import Casebook
from app.books.keychain import Keychain
from app.books.vault import Unlocked
from ui.application import Session
from ui.main_window import MainWindow
from ui.trust.install import install_trust, trust_features
from ui.trust.keychain_setting import KeychainDialog, try_keychain_unlock
from ui.unlock import UnlockDialog
from ui.worker import wait_for_background_work

from conftest import PASSPHRASE
from filled_book import NoBus
from memory_keychain import MemoryKeyring


@pytest.fixture
def backend(monkeypatch: pytest.MonkeyPatch) -> MemoryKeyring:
    made = MemoryKeyring()
    monkeypatch.setattr(
        keychain, "default_keychain", lambda: Keychain(made, also_trust=(MemoryKeyring,))
    )
    return made


@pytest.fixture
def dialog(qtbot: QtBot, casebook: Casebook) -> Iterator[KeychainDialog]:
    made = KeychainDialog(casebook)
    qtbot.addWidget(made)
    made.show()
    yield made
    made.reject()
    wait_for_background_work()


def turn_on(qtbot: QtBot, dialog: KeychainDialog, passphrase: str) -> None:
    dialog.passphrase.setText(passphrase)
    dialog.turn_on_button.click()
    qtbot.waitUntil(lambda: not dialog.is_busy, timeout=10_000)


def test_turn_on_with_the_passphrase_then_off(
    qtbot: QtBot, dialog: KeychainDialog, casebook: Casebook, backend: MemoryKeyring
) -> None:
    assert "off" in dialog.status.text() and dialog.turn_on_button.isVisible()
    assert not dialog.turn_on_button.isEnabled()  # no passphrase typed yet

    turn_on(qtbot, dialog, "not the passphrase")
    assert "does not open this casebook" in dialog.message.text()
    assert "keychain is not available" not in dialog.message.text()
    assert not vault.keychain_enabled(casebook.folder) and backend.entries == {}

    turn_on(qtbot, dialog, PASSPHRASE)
    assert vault.keychain_enabled(casebook.folder)
    assert list(backend.entries) == [("Parley", casebook.casebook_id)]
    assert "on for this casebook" in dialog.status.text()
    assert dialog.message.text().startswith("Keychain unlock is on, using")
    assert dialog.turn_off_button.isVisible() and not dialog.passphrase.isVisible()
    assert dialog.passphrase.text() == ""  # not kept once used

    dialog.turn_off_button.click()
    assert not vault.keychain_enabled(casebook.folder)
    assert backend.entries == {}
    assert "deleted this casebook's entry from the keychain" in dialog.message.text()
    assert "off" in dialog.status.text()
    actions = [e.action for e in casebook.audit.entries()]
    assert "keychain unlock turned on" in actions and "keychain unlock turned off" in actions


def test_an_unavailable_keychain_has_its_own_message(
    qtbot: QtBot, dialog: KeychainDialog, casebook: Casebook, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        keychain, "default_keychain", lambda: Keychain(keyring.backends.null.Keyring())
    )
    turn_on(qtbot, dialog, PASSPHRASE)
    text = dialog.message.text()
    assert text.startswith("This computer's keychain is not available: ")
    assert "no usable keychain" in text and "does not open" not in text
    assert not vault.keychain_enabled(casebook.folder)


def test_the_unlock_hook_uses_the_keychain_and_falls_back(
    qtbot: QtBot, casebook: Casebook, backend: MemoryKeyring
) -> None:
    folder = casebook.folder
    assert try_keychain_unlock(folder, lambda u: None, lambda m: None) is None  # off

    vault.enable_keychain(casebook, keychain.default_keychain())
    opened: list[Unlocked] = []
    told: list[str] = []
    assert try_keychain_unlock(folder, opened.append, told.append) is not None
    qtbot.waitUntil(lambda: bool(opened or told), timeout=10_000)
    assert told == [] and opened[0].data_key == casebook.data_key

    backend.fail_with = KeyringLocked("locked")
    try_keychain_unlock(folder, opened.append, told.append)
    qtbot.waitUntil(lambda: bool(told), timeout=10_000)
    assert told[0].startswith("This computer's keychain is not available: ")
    assert told[0].endswith("Enter your passphrase instead.") and "it is locked" in told[0]
    assert len(opened) == 1


def test_a_start_with_keychain_unlock_on_opens_the_casebook_once_the_window_is_painted(
    qtbot: QtBot, casebook: Casebook, backend: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    vault.enable_keychain(casebook, keychain.default_keychain())
    casebook.close()
    on_screen_when_tried: list[bool] = []
    original = UnlockDialog.try_keychain

    def try_keychain(dialog: UnlockDialog) -> None:
        handle = dialog.windowHandle()
        on_screen_when_tried.append(handle is not None and handle.isExposed())
        original(dialog)

    monkeypatch.setattr(UnlockDialog, "try_keychain", try_keychain)
    session = Session(
        casebook.folder, trust_options={"session_bus": NoBus(), "system_bus": NoBus()}
    )
    try:
        session.start(try_keychain=True)
        qtbot.waitUntil(lambda: session.casebook is not None, timeout=10_000)
        # Tried once, after the unlock window was on screen: the vault and its cryptography,
        # which the attempt loads, never hold up the first paint.
        assert on_screen_when_tried == [True]
        assert session.window.isVisible()
    finally:
        session.dispose()
        wait_for_background_work()


def test_the_file_menu_opens_it(qtbot: QtBot, casebook: Casebook) -> None:
    window = MainWindow(tabs=lambda: [])
    qtbot.addWidget(window)
    window.show_casebook(casebook)
    install_trust(window, session_bus=NoBus(), system_bus=NoBus())
    trust = trust_features(window)
    assert trust is not None and trust.keychain_action in window.file_menu.actions()
    trust.update_actions()
    trust.keychain_action.trigger()
    shown = window.findChild(KeychainDialog)
    assert shown is not None and shown.isVisible()
    window.clear()
    assert not shown.isVisible()
