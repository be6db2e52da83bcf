"""Wire the trust features into the main window: menus, the backup banner, the clipboard
guard and the screen-lock watcher.

The window has no signal for "a casebook was shown" or "the views were cleared", so this
module watches the window itself: showing or activating it refreshes the banner and the
menus, and the non-spontaneous hide that locking (and quitting) performs clears the
clipboard and forgets the banner. Minimising is spontaneous and leaves the clipboard alone,
so text copied to paste elsewhere survives its 30 seconds.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QVBoxLayout, QWidget

from app.cases.records import Status
from ui.background import BackgroundJob
from ui.main_window import MainWindow
from ui.trust.audit_view import show_audit_trail
from ui.trust.backup_dialog import Chooser, ask_for_file, back_up_now
from ui.trust.backup_reminder import BackupReminder
from ui.trust.check_book import check_book
from ui.trust.clipboard import ClipboardGuard, install_clipboard_guard
from ui.trust.erase_dialog import offer_erasure
from ui.trust.keychain_setting import show_keychain_setting
from ui.trust.passphrase_change import show_change_passphrase
from ui.trust.recovery_key_change import RecoveryKeyChange
from ui.trust.restore_dialog import (
    BackupChooser,
    PreparedCopies,
    RestoreDialog,
    ask_for_backup,
)
from ui.trust.review_list import show_review_list
from ui.trust.screen_lock import ScreenLockWatcher

if TYPE_CHECKING:
    from app.books.keyfile import Argon2Params


class Locker(Protocol):
    """What locks the casebook for the whole application (``ui.application.Session``)."""

    def lock(self, why: str = "", *, then: Callable[[], str] | None = None) -> None:
        """Store what was typed, close the casebook and ask to unlock, saying ``why``
        (or what ``then``, run once the casebook is closed, returns)."""
        ...


class TrustFeatures(QObject):
    """Everything ``install_trust`` adds, kept as one child of the window."""

    def __init__(
        self,
        window: MainWindow,
        session: Locker | None = None,
        *,
        now: Callable[[], datetime] = datetime.now,
        choose_backup_file: Chooser = ask_for_file,
        choose_restore_file: BackupChooser = ask_for_backup,
        clipboard_timer: QTimer | None = None,
        session_bus: Any | None = None,
        system_bus: Any | None = None,
        kdf: Argon2Params | None = None,
    ) -> None:
        super().__init__(window)
        self.setObjectName("trust-features")
        self.window = window
        self.session = session
        self._now = now
        self._choose = choose_backup_file
        self._kdf = kdf  # tests: Argon2id at the floor; None calibrates, as in normal use
        self._recovery_key_change: RecoveryKeyChange | None = None
        self._choose_restore = choose_restore_file

        self.backup_job = BackgroundJob(self)
        self.backup_job.busy_changed.connect(lambda _busy: self.update_actions())
        # Kept here, not by the dialog: the dialog goes when the book locks, the work does not.
        self.erase_job = BackgroundJob(self)
        self.erase_job.busy_changed.connect(lambda _busy: self.update_actions())
        self.check_job = BackgroundJob(self)
        self.check_job.busy_changed.connect(self._checking)
        self.restore_job = BackgroundJob(self)
        self.restore_job.busy_changed.connect(lambda _busy: self.update_actions())
        self.window.importer.job.busy_changed.connect(lambda _busy: self.update_actions())
        self.restore_copies = PreparedCopies()
        self.reminder = BackupReminder(window, now=now)
        self.reminder.back_up_requested.connect(self.back_up)
        _put_above_central_widget(window, self.reminder)
        self.clipboard: ClipboardGuard = install_clipboard_guard(window, timer=clipboard_timer)
        self.watcher = ScreenLockWatcher(
            self, window=window, session_bus=session_bus, system_bus=system_bus
        )
        self.watcher.lock_requested.connect(self.lock)
        self._make_actions()
        window.settings_changed.connect(self.refresh)  # the reminder's days may have changed
        window.installEventFilter(self)
        self.watcher.start()
        self.refresh()

    # --- menus -------------------------------------------------------------------------------

    def _make_actions(self) -> None:
        window = self.window

        def action(text: str, slot: Callable[[], object], tip: str) -> QAction:
            made = QAction(text, window)
            made.setStatusTip(tip)
            made.triggered.connect(slot)
            return made

        self.backup_action = action(
            "&Back up now…", self.back_up, "Write an encrypted copy of the casebook to a file"
        )
        self.check_action = action(
            "&Check the casebook",
            self.check,
            "Check every page's encryption, the structure, the search index and the audit trail",
        )
        self.restore_action = action(
            "R&estore from a backup…",
            self.restore,
            "Put a backup in this book's place, checked first; the book there is kept",
        )
        self.keychain_action = action(
            "Unlock with this computer's &account…",
            self.keychain_setting,
            "Open the casebook without the passphrase while you are signed in here",
        )
        self.passphrase_action = action(
            "Change &passphrase…",
            self.change_passphrase,
            "Choose a new passphrase; the recovery key stays as it is",
        )
        self.recovery_key_action = action(
            "New recovery &key…",
            self.new_recovery_key,
            "Replace the recovery key with a new one, shown once",
        )
        self.audit_action = action(
            "&Audit trail", self.audit_trail, "Every unlock, export, backup and disclosure"
        )
        self.review_action = action(
            "Cases due for &review",
            self.review_list,
            "Closed cases whose retention period has passed",
        )
        self.erase_action = action(
            "&Destroy confidential notes…",
            self.erase_current_case,
            "Erase this closed case's notes, keeping its agreed terms and identifiers",
        )
        # File: New case, Lock | Back up now, Check, Restore | keychain, passphrase, recovery
        # key | Settings | Quit: the ways into the book together, apart from what is about its
        # content.
        file_menu = window.file_menu
        for made in (self.backup_action, self.check_action, self.restore_action):
            file_menu.insertAction(window.settings_action, made)
        file_menu.insertSeparator(window.settings_action)
        for made in (self.keychain_action, self.passphrase_action, self.recovery_key_action):
            file_menu.insertAction(window.settings_action, made)
        file_menu.insertSeparator(window.settings_action)
        window.view_menu.addSeparator()
        window.view_menu.addActions([self.audit_action, self.review_action])
        window.case_menu.addSeparator()
        window.case_menu.addAction(self.erase_action)
        for menu in (window.file_menu, window.view_menu, window.case_menu):
            # The window tells nobody when a case's status changes: look when the menu opens.
            menu.aboutToShow.connect(self.update_actions)

    def update_actions(self) -> None:
        unlocked = self.window.book is not None
        for action in (self.backup_action, self.keychain_action, self.audit_action,
                       self.passphrase_action, self.recovery_key_action):  # fmt: skip
            action.setEnabled(unlocked)
        # Retention reviews and erasure are about a casebook's cases.
        self.review_action.setEnabled(self.window.casebook is not None)
        self.review_action.setVisible(self.window.book is None or self.window.casebook is not None)
        self.backup_action.setEnabled(unlocked and not self.backup_job.busy)
        self.check_action.setEnabled(unlocked and not self.check_job.busy)
        # A restore replaces the folder: not while other work has the book open apart.
        jobs = [self.backup_job, self.erase_job, self.check_job, self.restore_job,
                self.window.importer.job]  # fmt: skip
        if self._recovery_key_change is not None:  # a new key being put in place
            jobs.append(self._recovery_key_change.job)
        self.restore_action.setVisible(self.session is not None)
        self.restore_action.setEnabled(
            unlocked and self.session is not None and not any(job.busy for job in jobs)
        )
        self.erase_action.setEnabled(
            self._closed_case_open() is not None and not self.erase_job.busy
        )

    def _closed_case_open(self) -> int | None:
        workspace = self.window.workspace
        if workspace is None or self.window.casebook is None:
            return None
        return workspace.case_id if workspace.case.status is Status.CLOSED else None

    # --- what the actions do -----------------------------------------------------------------

    def back_up(self) -> None:
        casebook = self.window.book
        if casebook is None:
            return
        back_up_now(
            self.window,
            casebook,
            self.backup_job,
            today=lambda: self._now().date(),
            choose=self._choose,
            made=lambda _result: self.reminder.refresh(self.window.book),
            still_open=lambda: self.window.book is casebook,
        )

    def check(self) -> None:
        if self.window.book is not None:
            check_book(self.window, self.window.book, self.check_job)

    def _checking(self, busy: bool) -> None:
        self.update_actions()
        if not busy:  # done, or forgotten on locking: the status bar's count goes too
            self.window.statusBar().clearMessage()

    def restore(self) -> None:
        book, session = self.window.book, self.session
        if book is None or session is None or self.restore_job.busy:
            return
        backup = self._choose_restore(self.window)
        if backup is None or self.window.book is not book or not book.is_open:
            return  # cancelled, or locked while the file was being chosen
        dialog = RestoreDialog(
            book.folder, backup, self.restore_job, self.restore_copies, session, self.window
        )
        dialog.addAction(self.window.lock_action)  # Ctrl+L locks from inside the dialog too
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def keychain_setting(self) -> None:
        if self.window.book is not None:
            show_keychain_setting(self.window.book, self.window)

    def change_passphrase(self) -> None:
        if self.window.book is not None:
            dialog = show_change_passphrase(self.window.book, self.window, kdf=self._kdf)
            dialog.addAction(self.window.lock_action)  # Ctrl+L locks from inside it too

    def new_recovery_key(self) -> None:
        if self.window.book is None:
            return
        self._recovery_key_change = RecoveryKeyChange(
            self.window, self.window.book, self.window.lock_action
        )
        self._recovery_key_change.start()

    def audit_trail(self) -> None:
        if self.window.book is not None:
            show_audit_trail(self.window.book, self.window)

    def review_list(self) -> None:
        if self.window.casebook is not None:
            today: Callable[[], date] = lambda: self._now().date()  # noqa: E731
            show_review_list(self.window.casebook, self.window.open_case, self.window, today=today)

    def erase_current_case(self) -> None:
        case_id = self._closed_case_open()
        if case_id is not None:
            offer_erasure(self.window, case_id, self.erase_job)

    def lock(self, why: str) -> None:
        """Lock through the session (so the unlock window says why), else as Ctrl+L does."""
        if self.session is not None:
            self.session.lock(why)
        else:
            self.window.lock_requested.emit()

    # --- following the window ----------------------------------------------------------------

    def refresh(self) -> None:
        self.update_actions()
        self.reminder.refresh(self.window.book)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window:
            kind = event.type()
            if kind in (QEvent.Type.Show, QEvent.Type.WindowActivate):
                self.refresh()
            elif kind == QEvent.Type.Hide and not event.spontaneous():
                self.locked()
        return False

    def locked(self) -> None:
        """The window was put away (locking or quitting): leave nothing behind."""
        self.backup_job.forget()  # a backup under way finishes; nobody is told
        if self._recovery_key_change is not None:
            self._recovery_key_change.forget()  # likewise a new key being put in place
            self._recovery_key_change.deleteLater()
            self._recovery_key_change = None
        self.erase_job.forget()  # so does an erasure, on its own connection
        self.check_job.forget()  # and the checks, which write nothing
        self.restore_copies.forget(self.restore_job)  # a backup being checked is thrown away
        self.clipboard.clear_if_ours()
        self.clipboard.drop_selection()
        self.reminder.reset()
        self.update_actions()


def _put_above_central_widget(window: MainWindow, banner: QWidget) -> None:
    """A full-width banner between the toolbar and the window's content."""
    content = window.takeCentralWidget()
    holder = QWidget(window)
    column = QVBoxLayout(holder)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(0)
    column.addWidget(banner)
    if content is not None:
        column.addWidget(content, 1)
    window.setCentralWidget(holder)


def install_trust(window: MainWindow, session: Locker | None = None, **options: Any) -> None:
    """Add backups, the audit trail, retention review, erasure, keychain unlock, screen-lock
    locking and the clipboard guard to ``window``; ``session.lock(why)`` locks.

    ``options`` are for tests and screenshots (see :class:`TrustFeatures`). Calling it twice
    does nothing the second time.
    """
    if trust_features(window) is None:
        TrustFeatures(window, session, **options)


def trust_features(window: MainWindow) -> TrustFeatures | None:
    return window.findChild(TrustFeatures, "trust-features")
