"""Unlock with this computer's account: turning keychain unlock on and off, and using it.

Turning it on asks for the passphrase first (checked on a worker thread, as Argon2id takes
about a second): whoever sits at an unlocked Parley must not be able to make it open by
itself without knowing the passphrase. "The keychain is not available" is always said apart
from "wrong passphrase", and never changes anything.

``try_keychain_unlock`` is what the unlock dialog calls at start, once its window is
painted (``Session.start``): this module, and the ``app.books.vault`` and ``app.books.keychain`` it
loads when called, are not needed to paint it.

The keychain itself is reached through ``app.books.keychain.default_keychain()`` at each use (the
command line does the same), so tests replace that one function with an in-memory keychain.
Enabling and disabling run on the GUI thread, since they write the key file and an audit
entry through the casebook's connection; a keychain that asks the desktop for its own
password blocks the window until answered, which is what the mediator just asked for.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from app.errors import CannotUnlock, ParleyError
from ui.background import BackgroundJob, busy_cursor
from ui.widgets.messages import (
    FittedDialog,
    Kind,
    busy_bar,
    fit_height,
    heading,
)
from ui.widgets.passphrase import SecretField
from ui.worker import Task

if TYPE_CHECKING:
    from app.books.book import Book
    from app.books.vault import Unlocked

UNAVAILABLE = "This computer's keychain is not available: {reason}"
EXPLANATION = (
    "Parley can keep a key to this casebook in this computer's keychain (Windows Credential "
    "Locker, macOS Keychain, GNOME Keyring or KWallet). Then it opens without the passphrase "
    "whenever you are signed in to this computer as yourself.\n\n"
    "Anyone who can sign in to this computer as you could then open your casebook too. Your "
    "passphrase and recovery key keep working, and if the keychain ever fails, Parley asks "
    "for the passphrase."
)


def unavailable_message(error: BaseException) -> str:
    return UNAVAILABLE.format(reason=str(error))


def try_keychain_unlock(
    folder: Path,
    on_success: Callable[[Unlocked], None],
    on_unavailable: Callable[[str], None],
    *,
    job: BackgroundJob | None = None,
) -> Task[Unlocked] | None:
    """Try the keychain off the GUI thread when it is turned on for ``folder``.

    Returns ``None`` when keychain unlock is off (ask for the passphrase as usual). Else
    returns the running task (on ``job``, which the dialog forgets if it goes away; None
    too while ``job`` is still busy) and later calls
    ``on_success`` with the unlocked key (open it on the GUI thread with
    ``vault.open_casebook``), or ``on_unavailable`` with a sentence to show above the
    passphrase field. Every failure lands there: nothing is changed, and the passphrase and
    recovery key work as before.
    """
    from app.books import keychain, vault

    if not vault.keychain_enabled(folder):
        return None

    def unlock() -> Unlocked:
        unlocked = vault.unlock_with_keychain(folder, keychain.default_keychain())
        vault.bring_up_to_date(unlocked)  # a schema step, if an update brought one
        return unlocked

    def failed(error: ParleyError) -> None:
        if isinstance(error, keychain.KeychainUnavailable):
            on_unavailable(f"{unavailable_message(error)} Enter your passphrase instead.")
        else:
            on_unavailable(f"The keychain could not open the casebook. {error}")

    return (job or BackgroundJob()).start(unlock, on_success, failed)


class KeychainDialog(FittedDialog):
    """Shows whether keychain unlock is on, and turns it on (with the passphrase) or off."""

    changed = Signal()

    def __init__(self, casebook: Book, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.casebook = casebook
        self.job = BackgroundJob(self)
        self.setWindowTitle("Parley — Unlock with this computer's account")
        self.setMinimumWidth(560)

        explanation = QLabel(EXPLANATION, self)
        explanation.setWordWrap(True)
        explanation.setTextFormat(Qt.TextFormat.PlainText)
        self.status = QLabel(self)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        self.secret = SecretField("Your &passphrase, to turn it on:", "Passphrase", self)
        self.passphrase_label, self.passphrase = self.secret.label, self.secret.field
        self.message = self.secret.message
        self.busy = busy_bar(self)

        self.buttons = QDialogButtonBox(self)
        self.turn_on_button = self.buttons.addButton(
            "Turn &on", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.turn_off_button = self.buttons.addButton(
            "Turn o&ff", QDialogButtonBox.ButtonRole.DestructiveRole
        )
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Unlock with this computer's account", self))
        layout.addWidget(explanation)
        layout.addSpacing(6)
        layout.addWidget(self.status)
        layout.addWidget(self.secret)
        layout.addWidget(self.busy)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

        self.turn_on_button.clicked.connect(self.turn_on)
        self.turn_off_button.clicked.connect(self.turn_off)
        self.close_button.clicked.connect(self.reject)
        self.passphrase.textChanged.connect(self._update)
        self.passphrase.returnPressed.connect(self.turn_on)
        self._show_state()

    @property
    def is_busy(self) -> bool:
        return self.job.busy

    def enabled(self) -> bool:
        from app.books import vault

        return vault.keychain_enabled(self.casebook.folder)

    def _show_state(self) -> None:
        on = self.enabled()
        self.status.setText(
            "Keychain unlock is on for this casebook."
            if on
            else "Keychain unlock is off: Parley asks for the passphrase every time."
        )
        self.status.setAccessibleName(self.status.text())
        for widget in (self.passphrase_label, self.passphrase, self.turn_on_button):
            widget.setVisible(not on)
        self.turn_off_button.setVisible(on)
        (self.turn_off_button if on else self.passphrase).setFocus()
        self._update()
        fit_height(self)

    def _update(self) -> None:
        busy = self.is_busy
        self.turn_on_button.setEnabled(bool(self.passphrase.text()) and not busy)
        self.turn_off_button.setEnabled(not busy)
        self.passphrase.setEnabled(not busy)
        self.busy.setVisible(busy)

    # --- turning on --------------------------------------------------------------------------

    def turn_on(self) -> None:
        """Check the passphrase on a worker thread, then add the keychain slot."""
        secret = self.passphrase.text()
        if not secret or self.is_busy or self.enabled():
            return
        from app.books import vault

        folder = self.casebook.folder
        self.message.clear()
        self.job.start(
            lambda: vault.unlock_with_passphrase(folder, secret), self._proved, self._refused
        )
        self._update()
        fit_height(self)

    def _proved(self, unlocked: object) -> None:
        self.passphrase.clear()
        if not self.casebook.is_open:
            return  # locked meanwhile; the dialog is on its way out
        from app.books import keychain, vault

        with busy_cursor():
            try:
                name = vault.enable_keychain(self.casebook, keychain.default_keychain())
            except keychain.KeychainUnavailable as exc:
                self._say(unavailable_message(exc) + " Keychain unlock stays off.")
                return
            except ParleyError as exc:
                self._say(f"Keychain unlock was not turned on. {exc}")
                return
        self._show_state()
        self._say(
            f"Keychain unlock is on, using {name}. Next time, Parley opens without the "
            "passphrase while you are signed in to this computer.",
            Kind.INFO,
        )
        self.changed.emit()

    def _refused(self, error: ParleyError) -> None:
        if isinstance(error, CannotUnlock):
            self._say(f"{error} Check Caps Lock and try again. Keychain unlock stays off.")
        else:
            self._say(f"The passphrase could not be checked. {error}")
        self.passphrase.selectAll()
        self.passphrase.setFocus()

    # --- turning off -------------------------------------------------------------------------

    def turn_off(self) -> None:
        if self.is_busy or not self.casebook.is_open:
            return
        from app.books import keychain, vault

        with busy_cursor():
            try:
                notes = vault.disable_keychain(self.casebook, keychain.default_keychain())
            except ParleyError as exc:
                self._say(f"Keychain unlock was not turned off. {exc}")
                return
        self._show_state()
        if notes:
            self._say("Keychain unlock is off. " + " ".join(notes))
        else:
            self._say(
                "Keychain unlock is off. Parley deleted this casebook's entry from the "
                "keychain; the passphrase is needed to unlock from now on.",
                Kind.INFO,
            )
        self.changed.emit()

    def _say(self, text: str, kind: Kind = Kind.ERROR) -> None:
        self.message.show_message(text, kind)
        self._update()
        fit_height(self)

    def reject(self) -> None:
        self.job.forget()  # a late answer must not reach a dialog that has gone
        super().reject()


def show_keychain_setting(casebook: Book, parent: QWidget) -> KeychainDialog:
    dialog = KeychainDialog(casebook, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
