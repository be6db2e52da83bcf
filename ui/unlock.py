"""The way in: creating a casebook on first run, showing its recovery key, unlocking it.

Key derivation (Argon2id, about a second) runs through ``ui.worker`` so the window stays
responsive; opening the database afterwards is fast and happens on the GUI thread, which
then owns the connection.

This window opens Parley on every start after the first, so what only some mediators
need (the file chooser, the fixed-width font for a recovery key) loads when first used:
each PySide class costs its enums when first named.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.books.files import casebook_exists
from app.errors import (
    CannotUnlock,
    CasebookDamaged,
    CasebookMissing,
    NoPermission,
    ParleyError,
)
from ui.background import BackgroundJob
from ui.throttle import RetryThrottle
from ui.widgets.messages import (
    DIALOG_WIDTH,
    FOLDER_PREFIX,
    FittedDialog,
    InlineMessage,
    Kind,
    busy_bar,
    fit_height,
    heading,
    set_elided_path,
    small_label,
)
from ui.widgets.passphrase import SecretField
from ui.widgets.qt_properties import set_keys

if TYPE_CHECKING:
    from app.books.kinds import AnyBook
    from app.books.vault import Unlocked


class UnlockDialog(FittedDialog):
    """Asks for the passphrase (or the recovery key) and opens the casebook in ``folder``."""

    unlocked = Signal(object)  # Casebook or OfficeBook
    #: The casebook will not open (its files damaged): put a backup in its place.
    restore_requested = Signal()
    may_hold_text_boxes = False  # start-up waits for this window (see FittedDialog)

    def __init__(
        self,
        folder: Path,
        *,
        throttle: RetryThrottle | None = None,
        note: str = "",
        quit_text: str = "&Quit",
        parent: QWidget | None = None,
    ) -> None:
        """``note`` is rich text shown above the passphrase (the caller escapes any user
        text in it); ``quit_text`` names what the Quit button really does here."""
        super().__init__(parent)
        self.folder = Path(folder)
        self.throttle = throttle or RetryThrottle()
        self.job = BackgroundJob(self)
        self.setWindowTitle("Parley — Unlock")
        self.setMinimumWidth(DIALOG_WIDTH)

        self.folder_label = small_label("", self)
        # The reason a try failed shows beneath the field it is about.
        self.secret = SecretField("&Passphrase:", "Passphrase", self)
        self.field_label, self.field = self.secret.label, self.secret.field
        self.message = self.secret.message
        self.use_recovery = QCheckBox("Use recovery key &instead", self)
        # Parent by keyword and text set after: QPushButton(text, parent) makes PySide weigh
        # QPushButton(QIcon, text, parent), building QIcon (a 151-member enum) before the
        # first window is painted.
        self.choose_folder_button = QPushButton(parent=self)
        self.choose_folder_button.setText("C&hoose another folder…")
        self.choose_folder_button.setAutoDefault(False)
        self.choose_folder_button.hide()
        self.restore_button = QPushButton(parent=self)  # by keyword: see above
        self.restore_button.setText("Restore from a &backup…")
        self.restore_button.setToolTip(
            "Put the casebook kept in a Parley backup in this one's place; this one is kept "
            "beside it"
        )
        self.restore_button.setAutoDefault(False)
        self.restore_button.hide()
        self.wait_label = InlineMessage(self)
        self._folder_problem = False  # the message is about the folder, not the secret
        self.busy = busy_bar(self)

        self.buttons = QDialogButtonBox(parent=self)  # by keyword: see first_run.py
        self.unlock_button = self.buttons.addButton(
            "&Unlock", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.quit_button = self.buttons.addButton(quit_text, QDialogButtonBox.ButtonRole.RejectRole)
        self.note = QLabel(note, self)
        set_keys(self.note, textFormat="RichText")  # by name: see ui.widgets.qt_properties
        self.note.setWordWrap(True)
        self.note.setFrameShape(QLabel.Shape.StyledPanel)
        self.note.setMargin(8)
        self.note.setVisible(bool(note))
        self.quit_button.setAutoDefault(False)
        self.unlock_button.setDefault(True)

        choose_row = QHBoxLayout()
        choose_row.addWidget(self.choose_folder_button)
        choose_row.addWidget(self.restore_button)
        choose_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Unlock your casebook", self))
        layout.addWidget(self.folder_label)
        layout.addWidget(self.note)
        layout.addSpacing(10)
        layout.addWidget(self.secret)
        layout.addWidget(self.use_recovery)
        layout.addLayout(choose_row)
        layout.addWidget(self.wait_label)
        layout.addWidget(self.busy)
        layout.addStretch(1)
        layout.addSpacing(6)
        layout.addWidget(self.buttons)

        # Re-reads the throttle a few times a second; the clock, not the timer, decides.
        self.wait_timer = QTimer(self)
        self.wait_timer.setInterval(250)
        self.wait_timer.timeout.connect(self.update_wait)

        self.field.textChanged.connect(self._update_button)
        self.use_recovery.toggled.connect(self._switch_secret)
        self.choose_folder_button.clicked.connect(self.choose_folder)
        self.restore_button.clicked.connect(self.restore_requested.emit)
        self.buttons.accepted.connect(self.unlock)
        self.buttons.rejected.connect(self.reject)
        self.set_folder(self.folder)
        self._switch_secret(False)
        self.update_wait()

    @property
    def is_busy(self) -> bool:
        return self.job.busy

    def set_note(self, text: str) -> None:
        """Keep ``text`` (plain, a file name may be in it) in view above the passphrase,
        where a wrong try does not replace it, as the message beneath the field would."""
        import html

        self.note.setText(html.escape(text))
        self.note.setVisible(bool(text))
        fit_height(self)

    def set_folder(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.restore_button.hide()  # it offered to replace the book in the other folder
        set_elided_path(self.folder_label, self.folder, DIALOG_WIDTH - 40, FOLDER_PREFIX)

    def reject(self) -> None:
        self.job.forget()  # a late result must not open a casebook nobody sees
        super().reject()

    def _switch_secret(self, recovery: bool) -> None:
        self.field.clear()
        if not self._folder_problem:
            self.message.clear()
        if recovery:
            self.field_label.setText("&Recovery key:")
            self.field.setEchoMode(QLineEdit.EchoMode.Normal)  # it is copied from paper
            self.field.setAccessibleName("Recovery key")
            self.field.setPlaceholderText("XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX")
            from PySide6.QtGui import QFontDatabase  # on first use: see the module's note

            self.field.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        else:
            self.field_label.setText("&Passphrase:")
            self.field.setEchoMode(QLineEdit.EchoMode.Password)
            self.field.setAccessibleName("Passphrase")
            self.field.setPlaceholderText("")
            self.field.setFont(self.font())
        self.field.setFocus()
        fit_height(self)

    def _update_button(self) -> None:
        waiting = self.throttle.seconds_left() > 0
        self.unlock_button.setEnabled(bool(self.field.text()) and not waiting and not self.is_busy)

    def update_wait(self) -> None:
        """Show the countdown after repeated wrong tries; re-enable Unlock when it ends."""
        left = self.throttle.seconds_left()
        was_visible = self.wait_label.kind is not None
        if left > 0:
            self.wait_label.show_message(f"Try again in {math.ceil(left)} s", Kind.INFO)
            if not self.wait_timer.isActive():
                self.wait_timer.start()
        else:
            self.wait_label.clear()
            self.wait_timer.stop()
        self._update_button()
        if was_visible != (left > 0):
            fit_height(self)

    def unlock(self) -> None:
        secret = self.field.text()
        if not secret or self.is_busy or self.throttle.seconds_left() > 0:
            return
        folder = self.folder
        # Loaded here, not at start-up: the key derivation pulls in the cryptography libraries.
        from app.books import vault

        derive: Callable[[Path, str], Unlocked] = (
            vault.unlock_with_recovery_key
            if self.use_recovery.isChecked()
            else vault.unlock_with_passphrase
        )
        self.message.clear()
        self._folder_problem = False
        self.choose_folder_button.hide()
        self.restore_button.hide()
        self.job.start(lambda: _derive_then_wait(derive, folder, secret), self._opened,
                       self._failed)  # fmt: skip
        self._set_busy(True)

    def _set_busy(self, busy: bool) -> None:
        self.field.setEnabled(not busy)
        self.use_recovery.setEnabled(not busy)
        self.busy.setVisible(busy)
        self._update_button()
        fit_height(self)

    def _opened(self, unlocked: Unlocked) -> None:
        try:
            from app.books import vault

            casebook: AnyBook = vault.open_book(unlocked)
        except Exception as exc:  # shown inline like any other failure, never a traceback
            from ui.worker import as_parley_error

            self._failed(as_parley_error(exc))
            return
        self.throttle.reset()
        self._set_busy(False)
        self.field.clear()
        self.unlocked.emit(casebook)
        self.accept()

    def try_keychain(self) -> None:
        """Open with this computer's keychain where that is turned on; else do nothing."""
        from ui.trust.keychain_setting import try_keychain_unlock

        task = try_keychain_unlock(
            self.folder, self._opened, self._keychain_unavailable, job=self.job
        )
        if task is not None:
            self.message.show_message("Opening with this computer's keychain…", Kind.INFO)
            self._set_busy(True)

    def _keychain_unavailable(self, message: str) -> None:
        # Not a wrong secret: no throttle, just the passphrase prompt with the reason.
        self._set_busy(False)
        self.message.show_message(message, Kind.INFO)
        fit_height(self)
        self.field.setFocus()

    def _failed(self, error: ParleyError) -> None:
        self._set_busy(False)
        if isinstance(error, CannotUnlock):
            self.throttle.record_failure()
            hint = (
                "Check each group against what you wrote down."
                if self.use_recovery.isChecked()
                else "Check Caps Lock and try again, or use your recovery key."
            )
            self.message.show_message(f"{error}\n{hint}")
        elif isinstance(error, CasebookMissing):
            self.message.show_message(
                f"{error}\nIf it has moved (for example to another drive), choose its folder."
            )
            self.choose_folder_button.show()
            self._folder_problem = True
        elif isinstance(error, CasebookDamaged | NoPermission):
            detail = "" if "nothing was changed" in str(error).lower() else " Nothing was changed."
            # Damage, not another account's files: a backup can take its place.
            damaged = isinstance(error, CasebookDamaged)
            offer = " A backup can take its place: Restore from a backup…" if damaged else ""
            self.message.show_message(f"The casebook cannot be opened. {error}{detail}{offer}")
            self.restore_button.setVisible(damaged)
        else:
            self.message.show_message(str(error))
        self.update_wait()
        fit_height(self)
        self.field.selectAll()
        self.field.setFocus()

    def choose_folder(self) -> None:
        from PySide6.QtWidgets import QFileDialog  # on first use: see the module's note

        start = self.folder if self.folder.is_dir() else self.folder.parent
        chosen = QFileDialog.getExistingDirectory(self, "Choose the casebook folder", str(start))
        if not chosen:
            return
        self.set_folder(Path(chosen))
        if casebook_exists(self.folder):
            self.message.clear()
            self._folder_problem = False
            self.choose_folder_button.hide()
        else:
            self.message.show_message(f"There is no casebook in {self.folder} either.")
        fit_height(self)
        self.field.setFocus()


#: How long unlocking waits for work that was under way when the book locked (an erasure
#: rewriting a large file takes seconds); after that, opening tries anyway.
FINISHING_WORK_S = 300.0


def _derive_then_wait(
    derive: Callable[[Path, str], Unlocked], folder: Path, secret: str
) -> Unlocked:
    """On the worker: the key, then the end of any work on the book's own connections
    (docs/ARCHITECTURE.md, "The worker rule"), so that opening it does not find it
    busy and call it in use by another program; then any schema step an update brought,
    so that opening it on the GUI thread is quick."""
    unlocked = derive(folder, secret)
    from app.books import vault
    from app.books.apart import wait_for_work_apart  # with the vault: not at start-up

    wait_for_work_apart(folder, FINISHING_WORK_S)
    vault.bring_up_to_date(unlocked)
    return unlocked
