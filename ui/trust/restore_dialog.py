"""File → Restore from a backup…: put a backup in the open book's place, checked first, the
book there kept.

The backup is opened with its passphrase (or recovery key), unpacked and checked on a worker
(``app.books.backup.prepare_restore``) into a hidden folder beside the book's, while the book
stays open and the window keeps painting: nothing in the book's folder is touched. Only once
the copy has passed every check does Parley lock (storing what was typed and closing the
book's connection, ``Session.lock(then=…)``), rename the book's folder aside (kept, never
deleted) and the restored one into its place, and ask to unlock it. A failure before then
leaves the book open as it was; a failure of the renames puts the old folder back. Locking
while the backup is being checked throws the checked copy away.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.books.backup import (
    PreparedRestore,
    RestoreResult,
    abandon_restore,
    finish_restore,
    prepare_restore,
)
from app.errors import ParleyError
from app.progress import WorkStopped
from ui.background import BackgroundJob
from ui.trust.backup_dialog import BACKUP_SUFFIX
from ui.widgets.files import choose_open_path
from ui.widgets.messages import FittedDialog, InlineMessage, Kind, busy_bar, fit_height, heading

#: Asks which backup to restore; None if the mediator cancels. Tests replace it.
BackupChooser = Callable[[QWidget], Path | None]


def ask_for_backup(parent: QWidget) -> Path | None:
    return choose_open_path(parent, "Restore from a backup", "Parley backups", BACKUP_SUFFIX)


class Relocker(Protocol):
    """Locks the book, running ``then`` once it is closed (``ui.application.Session``)."""

    def lock(self, why: str = "", *, then: Callable[[], str] | None = None) -> None: ...


class PreparedCopies:
    """Checked copies not yet put in place, so that locking can throw them away.

    The worker adds its copy and locking drains them under one lock, and the worker asks
    whether it is still wanted under the same lock: no copy is left behind in between.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._copies: list[PreparedRestore] = []

    def keep_unless(self, stopped: Callable[[], bool], prepared: PreparedRestore) -> None:
        """On the worker: keep ``prepared``, or throw it away if no longer wanted."""
        with self._lock:
            if not stopped():
                self._copies.append(prepared)
                return
        abandon_restore(prepared)
        raise WorkStopped("The restore was stopped; nothing was changed.")

    def take(self, prepared: PreparedRestore) -> bool:
        """On the GUI thread: the copy is ours to put in place (not thrown away)."""
        with self._lock:
            if prepared in self._copies:
                self._copies.remove(prepared)
                return True
            return False

    def forget(self, job: BackgroundJob) -> None:
        """Locking: the job's outcome is dropped, and every copy waiting goes."""
        with self._lock:
            job.forget()
            copies, self._copies = self._copies, []
        for copy in copies:
            abandon_restore(copy)


class RestoreDialog(FittedDialog):
    """Says what a restore does, asks for the backup's passphrase, checks, then restores."""

    def __init__(
        self,
        folder: Path,
        backup: Path,
        job: BackgroundJob,
        copies: PreparedCopies,
        session: Relocker,
        parent: QWidget | None = None,
        *,
        replacing: bool = True,
    ) -> None:
        super().__init__(parent)
        self.folder, self.backup, self.job = folder, backup, job
        # False on first run (a new computer): nothing is there to be replaced or locked.
        self.replacing = replacing
        self._copies, self._session = copies, session
        self._checking = False
        #: What was put in place, once it is (None until then, or if it failed).
        self.restored: RestoreResult | None = None
        self.setWindowTitle("Parley — Restore from a backup")
        self.setMinimumWidth(640)
        about = QLabel(
            f"Backup: {backup.name}\nIn: {backup.parent}\n\n"
            "The backup is checked first; nothing changes if it does not pass. Then Parley "
            "locks (if the casebook is open), puts the backup in its place and asks for its "
            "passphrase.\n\n"
            "The casebook there now is not deleted: it is kept beside it, in a folder whose "
            f"name is “{folder.name}.replaced-” followed by today's date and time. Anything "
            "added since the backup was made is only in that kept casebook."
            if replacing
            else f"Backup: {backup.name}\nIn: {backup.parent}\n\n"
            "The backup is checked first; nothing is written if it does not pass. Then "
            f"Parley puts it in {folder} and asks for its passphrase.",
            self,
        )
        about.setTextFormat(Qt.TextFormat.PlainText)
        about.setWordWrap(True)
        self.secret_label = QLabel(
            "&Passphrase that opened the casebook when the backup was made:", self
        )
        self.secret = QLineEdit(self)
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret_label.setBuddy(self.secret)
        self.use_recovery = QCheckBox("Use the &recovery key instead", self)
        self.use_recovery.toggled.connect(self._recovery_toggled)
        self.message = InlineMessage(self)
        self.step = QLabel(self)
        self.step.setTextFormat(Qt.TextFormat.PlainText)
        self.step.hide()
        self.busy = busy_bar(self)
        self.buttons = QDialogButtonBox(self)
        self.restore_button: QPushButton = self.buttons.addButton(
            "Re&store", QDialogButtonBox.ButtonRole.DestructiveRole
        )
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        # No default: a stray Enter must neither replace a book nor, as Cancel would, close
        # the window and throw away what was typed. It says how to go on instead.
        for button in (self.restore_button, self.cancel_button):
            button.setAutoDefault(False)
        layout = QVBoxLayout(self)
        title = "Replace this casebook with a backup?" if replacing else "Restore from a backup"
        layout.addWidget(heading(title, self))
        layout.addWidget(about)
        layout.addSpacing(6)
        layout.addWidget(self.secret_label)
        layout.addWidget(self.secret)
        layout.addWidget(self.use_recovery)
        layout.addWidget(self.message)
        layout.addWidget(self.step)
        layout.addWidget(self.busy)
        layout.addWidget(self.buttons)
        self.restore_button.clicked.connect(self.restore)
        self.cancel_button.clicked.connect(self.reject)
        self.secret.textChanged.connect(lambda _text: self.message.clear())
        self.secret.returnPressed.connect(self._say_how)
        self.secret.setFocus()

    def _say_how(self) -> None:
        if self._checking:
            return
        act = "replace this casebook with the backup" if self.replacing else "restore it"
        self.message.show_message(
            f"To {act}, press Restore (Alt+S); Enter alone does not, so that a stray key "
            "never does it.",
            Kind.INFO,
        )
        fit_height(self)

    @property
    def checking(self) -> bool:
        return self._checking

    def _recovery_toggled(self, on: bool) -> None:
        self.secret_label.setText(
            "&Recovery key of the casebook when the backup was made:"
            if on
            else "&Passphrase that opened the casebook when the backup was made:"
        )
        self.secret.setEchoMode(QLineEdit.EchoMode.Normal if on else QLineEdit.EchoMode.Password)

    def restore(self) -> None:
        """Check the backup on the worker; once it passes, lock and put it in place."""
        secret = self.secret.text()
        if self._checking or self.job.busy:
            return
        if not secret.strip():
            self.message.show_message(
                "Type the recovery key." if self.use_recovery.isChecked()
                else "Type the passphrase that opened the casebook when the backup was made."
            )  # fmt: skip
            fit_height(self)
            return
        recovery = self.use_recovery.isChecked()
        folder, backup, copies = self.folder, self.backup, self._copies
        replacing = self.replacing
        report, stopped = self.job.reporter(), self.job.stopper()

        def work() -> PreparedRestore:
            prepared = prepare_restore(
                backup, folder, replace=replacing, progress=report,
                passphrase=None if recovery else secret,
                recovery_key=secret if recovery else None,
            )  # fmt: skip
            copies.keep_unless(stopped, prepared)
            return prepared

        self.job.progressed.connect(self._progressed)
        self._show_checking(True)
        if self.job.start(work, self._checked, self._refused) is None:
            self._show_checking(False)

    def _progressed(self, done: int, of: int, what: str) -> None:
        self.step.setText(f"{what}…")

    def _show_checking(self, on: bool) -> None:
        self._checking = on
        self.message.clear()
        self.step.setText("Checking the backup…")
        self.step.setVisible(on)
        self.busy.setVisible(on)
        for widget in (self.secret, self.use_recovery, self.restore_button, self.cancel_button):
            widget.setEnabled(not on)
        fit_height(self)

    def _refused(self, error: ParleyError) -> None:
        self.job.progressed.disconnect(self._progressed)
        self._show_checking(False)
        self.message.show_message(f"Nothing was restored. {error}")
        self.secret.selectAll()
        self.secret.setFocus()
        fit_height(self)

    def _checked(self, prepared: PreparedRestore) -> None:
        self.job.progressed.disconnect(self._progressed)
        self._show_checking(False)
        if not self._copies.take(prepared):
            return  # thrown away by a lock in between
        name, replacing = self.backup.name, self.replacing
        self.secret.clear()

        def put_in_place() -> str:  # the book is closed now
            try:
                result = finish_restore(prepared)
            except ParleyError as exc:
                kept = " Your casebook is as it was." if replacing else ""
                return f"The backup was not restored: {exc}{kept}"
            self.restored = result
            kept = (
                f" The casebook you had is kept in {result.moved_aside}."
                if result.moved_aside
                else ""
            )
            notes = "".join(f" {warning}" for warning in result.warnings)
            return (
                f"Restored from {name} ({result.contents}).{kept} Unlock it with the "
                f"passphrase that opened it when the backup was made.{notes}"
            )

        self.accept()
        self._session.lock(then=put_in_place)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self._checking and event.key() == Qt.Key.Key_Escape:
            return  # the check is on its way; the dialog says when it is over
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._checking:
            event.ignore()
            return
        super().closeEvent(event)
