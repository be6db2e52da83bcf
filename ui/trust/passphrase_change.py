"""File → Change passphrase…: the current passphrase, then a new one typed twice.

The current passphrase is asked for although the book is open: whoever sits at an unlocked
Parley must not be able to lock its owner out. Proving it and wrapping the data key under
the new one are two Argon2id derivations, so both run on a worker, on a connection of the
worker's own (``app.books.key_changes``); the window stays usable and the busy bar says so.

A wrong current passphrase is said beneath that field, and nothing typed in the new
fields is lost. The new passphrase follows the rule and meter of first run (the shared
``NewPassphrase``), so what this window accepts the vault accepts too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from app.errors import CannotUnlock, ParleyError, WeakPassphrase
from ui.widgets.messages import (
    InlineMessage,
    busy_bar,
    fit_height,
    heading,
    show_information,
)
from ui.widgets.passphrase import NewPassphrase, PassphraseDialog, SecretField, add_footer

if TYPE_CHECKING:
    from app.books.keyfile import Argon2Params
    from app.books.kinds import AnyBook

TITLE = "Change your passphrase"
WRONG_CURRENT = (
    "This is not your current passphrase, so nothing was changed. Check Caps Lock and try "
    "again; what you typed as the new passphrase is kept."
)


def book_words(book: AnyBook) -> str:
    """ "your casebook", or "the office's book"."""
    from app.roles import Role

    return "the office's book" if book.role is Role.OFFICE else "your casebook"


class ChangePassphraseDialog(PassphraseDialog):
    """Proves the current passphrase and sets a new one, on a worker thread."""

    changed = Signal()

    def __init__(
        self, book: AnyBook, parent: QWidget | None = None, *, kdf: Argon2Params | None = None
    ) -> None:
        super().__init__(parent, still_wanted=lambda: book.is_open)
        self.book = book
        self._kdf = kdf  # None: calibrated on this machine, as in normal use
        self.setWindowTitle(f"Parley — {TITLE}")
        self.setMinimumWidth(520)

        words = book_words(book)
        intro = QLabel(
            f"From now on only the new passphrase opens {words}. Your recovery key does not "
            "change, and keychain unlock, where it is on, keeps working. Backups made before "
            "now still open with the old passphrase: make a new backup afterwards.",
            self,
        )
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.PlainText)
        self.current = SecretField("C&urrent passphrase:", "Current passphrase", self)
        self.new_passphrase = NewPassphrase(
            self,
            label="&New passphrase:",
            confirm_label="Con&firm the new passphrase:",
            show_label="&Show the new passphrase",
            accessible_name="New passphrase",
        )
        self.message = InlineMessage(self)
        self.busy_label = QLabel("Changing the passphrase…", self)
        self.busy_label.hide()
        self.busy = busy_bar(self)
        self.buttons = QDialogButtonBox(parent=self)  # by keyword: see first_run.py
        self.buttons.setStandardButtons(QDialogButtonBox.StandardButton.Cancel)
        self.change_button = self.buttons.addButton(
            "&Change passphrase", QDialogButtonBox.ButtonRole.AcceptRole
        )
        # Not irreversible (the passphrase can be changed again), so Enter may do it.
        self.change_button.setDefault(True)

        layout = QVBoxLayout(self)
        layout.addWidget(heading(TITLE, self))
        layout.addWidget(intro)
        layout.addSpacing(8)
        layout.addWidget(self.current)
        layout.addSpacing(8)
        layout.addWidget(self.new_passphrase)
        add_footer(layout, self.message, self.busy_label, self.busy, self.buttons)

        self.current.field.textChanged.connect(self._current_edited)
        self.new_passphrase.changed.connect(self._update)
        self.buttons.accepted.connect(self.change)
        self.buttons.rejected.connect(self.reject)
        self.first_field = self.current.field
        self._update()

    def can_change(self) -> bool:
        return bool(self.current.text()) and self.new_passphrase.acceptable()

    def _current_edited(self) -> None:
        self.current.message.clear()  # the reason goes once the field is changed
        self._update()

    def _update(self) -> None:
        self.change_button.setEnabled(self.can_change() and not self.is_busy)
        fit_height(self)

    def _set_busy(self, busy: bool) -> None:
        self.current.field.setEnabled(not busy)
        self.new_passphrase.set_editable(not busy)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setEnabled(not busy)
        self.busy.setVisible(busy)
        self.busy_label.setVisible(busy)
        self._update()

    def change(self) -> None:
        if not self.can_change() or self.is_busy or not self.book.is_open:
            return
        from app.books.apart import apart
        from app.books.key_changes import change_passphrase_apart

        taken = apart(self.book)
        current, new, kdf = self.current.text(), self.new_passphrase.text(), self._kdf
        self.message.clear()
        self.current.message.clear()
        self.job.start(
            lambda: change_passphrase_apart(taken, current, new, kdf=kdf),
            self._changed,
            self._failed,
        )
        self._set_busy(True)

    def _changed(self, _result: object) -> None:
        self.current.field.clear()
        self.new_passphrase.clear()
        self._set_busy(False)
        self.changed.emit()
        parent = self.parentWidget()
        self.accept()
        show_information(
            parent,
            "Your passphrase has been changed.",
            f"Use the new passphrase to unlock {book_words(self.book)} from now on; the old "
            "one no longer opens it. Your recovery key is unchanged.",
        )

    def _failed(self, error: ParleyError) -> None:
        self._set_busy(False)
        if isinstance(error, CannotUnlock):
            self.current.message.show_message(WRONG_CURRENT)
            self.current.field.selectAll()
            self.current.field.setFocus()
        elif isinstance(error, WeakPassphrase):
            self.new_passphrase.problem.show_message(str(error))
            self.new_passphrase.passphrase.setFocus()
        else:
            self.message.show_message(f"The passphrase was not changed. {error}")
        fit_height(self)


def show_change_passphrase(
    book: AnyBook, parent: QWidget, *, kdf: Argon2Params | None = None
) -> ChangePassphraseDialog:
    dialog = ChangePassphraseDialog(book, parent, kdf=kdf)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
