"""File → New recovery key…: what will happen, the passphrase, then the new key, once.

Three steps, each in its own window:

1. ``NewRecoveryKeyDialog`` says in full what a new key means (the old one stops working,
   older backups still open with it) and asks for the passphrase. Replacing the key cannot
   be undone, so its button is never the default: Enter and Escape go back, and Enter in
   the passphrase field does nothing at all rather than close the window on what was typed.
2. On a worker, the passphrase is proved and the new key made; nothing is written yet.
3. The key is shown once, in the window first run uses (``RecoveryKeyDialog``: no copy
   button, no way past it without "I have stored the recovery key safely"). Only then is it
   put in place, on a worker too. If Parley locks or stops before that, nothing has
   changed and the old recovery key still works: a mediator never ends up with a recovery
   key they have not seen.

The key is never stored or logged: it lives in the windows that show it and in the
closure that puts it in place, and goes with them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from app.errors import CannotUnlock, ParleyError
from ui.background import BackgroundJob
from ui.trust.passphrase_change import book_words
from ui.widgets.confirm import CANNOT_BE_UNDONE, GO_BACK
from ui.widgets.messages import (
    InlineMessage,
    Kind,
    RecoveryKeyDialog,
    busy_bar,
    fit_height,
    heading,
    show_error,
    show_information,
)
from ui.widgets.passphrase import PassphraseDialog, SecretField, add_footer

if TYPE_CHECKING:
    from app.books.key_changes import NewRecoveryKey
    from app.books.kinds import AnyBook

TITLE = "Make a new recovery key"
ACT = "Make a &new recovery key"
ENTER_DOES_NOT = "When you are sure, choose “Make a new recovery key” (Alt+N); Enter never does."
WRONG = "This is not your passphrase, so no new key was made. Check Caps Lock and try again."
SHOWN_AFTER = (
    "\n\nOnce you continue, this key takes the place of the old one, which will no longer "
    "open {words}."
)


def summary(book: AnyBook) -> str:
    words = book_words(book)
    return (
        "Parley will make a new recovery key and show it to you once, to write down. Once "
        "you confirm that you have stored it:\n\n"
        f"• the old recovery key no longer opens {words};\n"
        "• your passphrase does not change, nor does keychain unlock where it is on;\n"
        "• backups made before now still open with the old recovery key, so make a new "
        "backup afterwards and keep the old key as long as you keep those backups.\n\n"
        f"{CANNOT_BE_UNDONE}"
    )


class _EnterDoesNothing(QObject):
    """Enter in the passphrase field neither makes the key nor closes the window: it only
    calls ``said`` (which says what does)."""

    def __init__(self, parent: QObject, said: Callable[[], None]) -> None:
        super().__init__(parent)
        self._said = said

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            if enter and event.modifiers() == Qt.KeyboardModifier.NoModifier:
                self._said()
                return True
        return False


class NewRecoveryKeyDialog(PassphraseDialog):
    """The summary and the passphrase; ``prepared`` carries the new key, not yet in use."""

    prepared = Signal(object)  # NewRecoveryKey

    def __init__(self, book: AnyBook, parent: QWidget | None = None) -> None:
        super().__init__(parent, still_wanted=lambda: book.is_open)
        self.book = book
        self.setWindowTitle(f"Parley — {TITLE}")
        self.setMinimumWidth(540)

        self.summary = QLabel(summary(book), self)
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.secret = SecretField("Your &passphrase:", "Passphrase", self)
        self.secret.field.installEventFilter(_EnterDoesNothing(self, self._enter_pressed))
        self.message = InlineMessage(self)
        self.busy = busy_bar(self)
        self.buttons = QDialogButtonBox(parent=self)  # by keyword: see first_run.py
        self.make_button = self.buttons.addButton(ACT, QDialogButtonBox.ButtonRole.AcceptRole)
        self.back_button = self.buttons.addButton(GO_BACK, QDialogButtonBox.ButtonRole.RejectRole)
        self.make_button.setAutoDefault(False)
        self.back_button.setDefault(True)  # Enter goes back

        layout = QVBoxLayout(self)
        layout.addWidget(heading(TITLE, self))
        layout.addWidget(self.summary)
        layout.addSpacing(8)
        layout.addWidget(self.secret)
        add_footer(layout, self.message, self.busy, self.buttons)

        self.secret.field.textChanged.connect(self._edited)
        self.make_button.clicked.connect(self.make)
        self.back_button.clicked.connect(self.reject)
        self.first_field = self.secret.field
        self._update()

    def _enter_pressed(self) -> None:
        self.secret.message.show_message(ENTER_DOES_NOT, Kind.INFO)
        fit_height(self)

    def _edited(self) -> None:
        self.secret.message.clear()
        self._update()

    def _update(self) -> None:
        busy = self.is_busy
        self.make_button.setEnabled(bool(self.secret.text()) and not busy)
        self.back_button.setEnabled(not busy)
        self.secret.field.setEnabled(not busy)
        self.busy.setVisible(busy)
        fit_height(self)

    def make(self) -> None:
        passphrase = self.secret.text()
        if not passphrase or self.is_busy or not self.book.is_open:
            return
        from app.books.apart import apart
        from app.books.key_changes import prepare_recovery_key

        taken = apart(self.book)
        self.message.clear()
        self.secret.message.clear()
        self.job.start(lambda: prepare_recovery_key(taken, passphrase), self._made, self._failed)
        self._update()

    def _made(self, new: NewRecoveryKey) -> None:
        self.secret.field.clear()
        self.prepared.emit(new)
        self.accept()

    def _failed(self, error: ParleyError) -> None:
        if isinstance(error, CannotUnlock):
            self.secret.message.show_message(WRONG)
        else:
            self.message.show_message(f"No new recovery key was made. {error}")
        self._update()
        self.secret.field.selectAll()
        self.secret.field.setFocus()


class RecoveryKeyChange(QObject):
    """The whole flow for one window: summary and passphrase, the key shown, then in place.

    Kept as a child of the main window, so the last step (after the dialogs have gone)
    still has somewhere to report to; ``forget`` (locking) drops a result on its way.
    """

    done = Signal()

    def __init__(self, window: QWidget, book: AnyBook, lock: QAction | None = None) -> None:
        """``lock``: the window's Lock action, so that Ctrl+L locks from these windows too
        (the new key, not yet in use, then goes unused)."""
        super().__init__(window)
        self.window = window
        self.book = book
        self._lock = lock
        self.job = BackgroundJob(self, still_wanted=lambda: self.book.is_open)

    def start(self) -> NewRecoveryKeyDialog:
        dialog = NewRecoveryKeyDialog(self.book, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.prepared.connect(self.show_key)
        if self._lock is not None:
            dialog.addAction(self._lock)
        dialog.open()
        return dialog

    def show_key(self, new: NewRecoveryKey) -> RecoveryKeyDialog:
        """Show the key once; it is put in place only when the mediator says it is stored."""
        dialog = show_new_recovery_key(self.window, new.shown, book_words(self.book))
        dialog.accepted.connect(lambda: self.put_in_place(new))
        if self._lock is not None:
            dialog.addAction(self._lock)
        return dialog

    def put_in_place(self, new: NewRecoveryKey) -> None:
        if not self.book.is_open:
            return
        from app.books.apart import apart
        from app.books.key_changes import put_recovery_key_in_place_apart

        taken = apart(self.book)
        self.job.start(lambda: put_recovery_key_in_place_apart(taken, new), self._in_place,
                       self._not_in_place)  # fmt: skip

    def _in_place(self, _result: object) -> None:
        words = book_words(self.book)
        show_information(
            self.window,
            "Your new recovery key is in use.",
            f"The old recovery key no longer opens {words}. Make a new backup, so that a "
            "backup opens with the new key too.",
        )
        self.done.emit()

    def _not_in_place(self, error: ParleyError) -> None:
        show_error(
            self.window,
            "The new recovery key was not put in place.",
            f"{error}\n\nYour old recovery key still works; the key just shown opens nothing. "
            "You can try again from File → New recovery key….",
        )

    def forget(self) -> None:
        self.job.forget()


def show_new_recovery_key(parent: QWidget, shown: str, words: str) -> RecoveryKeyDialog:
    """The window that shows a new recovery key once (window-modal over ``parent``)."""
    dialog = RecoveryKeyDialog(
        shown, parent, title="Your new recovery key", after=SHOWN_AFTER.format(words=words)
    )
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.show()
    return dialog
