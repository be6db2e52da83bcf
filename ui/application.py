"""Start the window and walk the mediator through the session: create or unlock, work, lock.

``run_app`` is what ``main.py`` calls. ``Session`` owns the one open casebook and decides
which window is showing; windows only ask it to lock or quit. This module stays light to
import (no reportlab, no keyring): ``--smoke-test`` times the start-up through it.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QObject, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from app import vault
from app.casebook import Casebook
from app.keyfile import Argon2Params
from app.paths import default_vault_folder
from app.vault import CreatedCasebook
from ui.case_list import CaseListWindow
from ui.first_run import CreateDialog
from ui.messages import RecoveryKeyDialog, show_warnings
from ui.unlock import RetryThrottle, UnlockDialog
from ui.worker import wait_for_background_work

SMOKE_TIMEOUT_S = 10.0


class Session(QObject):
    """Which window shows, and the casebook while it is unlocked."""

    def __init__(
        self,
        folder: Path,
        *,
        kdf: Argon2Params | None = None,
        throttle: RetryThrottle | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.folder = Path(folder)
        self.casebook: Casebook | None = None
        self.dialog: QDialog | None = None
        self._kdf = kdf  # for tests and screenshots; None calibrates Argon2id here
        # One throttle for the whole session: locking must not reset the wait.
        self.throttle = throttle or RetryThrottle()
        self._window: CaseListWindow | None = None

    @property
    def window(self) -> CaseListWindow:
        """The case list window, made on first use and reused after each unlock."""
        if self._window is None:
            self._window = CaseListWindow()
            self._window.lock_requested.connect(self.lock)
            self._window.quit_requested.connect(self.quit)
        return self._window

    def start(self) -> QWidget:
        """Show the first window: create a casebook on first run, else unlock it."""
        if vault.casebook_exists(self.folder):
            return self.show_unlock()
        return self.show_create()

    def show_create(self) -> CreateDialog:
        dialog = CreateDialog(self.folder, kdf=self._kdf)
        dialog.created.connect(self._created)
        dialog.rejected.connect(self.quit)
        self._replace_dialog(dialog)
        return dialog

    def show_unlock(self) -> UnlockDialog:
        dialog = UnlockDialog(self.folder, throttle=self.throttle)
        dialog.unlocked.connect(self.open_case_list)
        dialog.rejected.connect(self.quit)
        self._replace_dialog(dialog)
        return dialog

    def _replace_dialog(self, dialog: QDialog) -> None:
        # Show the new window before the old one goes, so Qt never sees "no windows left"
        # and quits in between.
        dialog.show()
        dialog.activateWindow()
        old, self.dialog = self.dialog, dialog
        if old is not None:
            old.hide()
            old.deleteLater()

    def _created(self, created: CreatedCasebook) -> None:
        casebook = self.casebook = created.casebook  # so quitting from here still closes it
        self.folder = casebook.folder
        dialog = RecoveryKeyDialog(created.recovery_key)
        # Only the casebook is kept for later, not the result that holds the recovery key.
        dialog.accepted.connect(lambda: self.open_case_list(casebook))
        self._replace_dialog(dialog)

    def open_case_list(self, casebook: Casebook) -> None:
        self.casebook = casebook
        self.folder = casebook.folder
        window = self.window
        window.show_casebook(casebook)
        window.show()
        window.raise_()
        window.activateWindow()
        if self.dialog is not None:
            self.dialog.hide()
        show_warnings(window, casebook.warnings)

    def lock(self) -> None:
        """Clear every view, close the connection and forget the key; ask to unlock again."""
        if self._window is not None:
            self._window.clear()
        self._close_casebook()
        self.show_unlock()
        if self._window is not None:
            self._window.hide()

    def quit(self) -> None:
        self.shutdown()
        QCoreApplication.quit()  # does nothing when no event loop runs (as in tests)

    def shutdown(self) -> None:
        """Clear the views and close the casebook; safe to call more than once."""
        if self._window is not None:
            self._window.clear()
            self._window.hide()
        self._close_casebook()
        if self.dialog is not None:
            self.dialog.hide()

    def dispose(self) -> None:
        """Shut down and let Qt delete the windows (when the session ends, not the app)."""
        self.shutdown()
        for widget in (self.dialog, self._window):
            if widget is not None:
                widget.deleteLater()
        self.dialog = self._window = None

    def _close_casebook(self) -> None:
        casebook, self.casebook = self.casebook, None
        if casebook is not None:
            casebook.close()


def application() -> QApplication:
    """The process's QApplication, made once (tests and the self-test may have one already)."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    QApplication.setApplicationName("Parley")
    QApplication.setOrganizationName("Parley")
    QApplication.setDesktopFileName("parley")
    # British English for dates and numbers that Qt formats itself.
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    # No palette or style is set: Parley follows the system's, light or dark.
    return QApplication(sys.argv[:1])


def run_app(vault_folder: Path | None = None, *, smoke_test: bool = False) -> int:
    """Open Parley's window on ``vault_folder`` (default: the per-user folder); exit code.

    ``smoke_test``: show the first window, wait until it is on screen, then return 0 without
    creating, opening or changing any file.
    """
    app = application()
    session = Session(Path(vault_folder) if vault_folder else default_vault_folder())
    first = session.start()
    if smoke_test:
        return _exit_once_shown(app, session, first)
    app.aboutToQuit.connect(session.shutdown)
    code = app.exec()
    session.shutdown()
    wait_for_background_work()
    return code


def _exit_once_shown(app: QApplication, session: Session, window: QWidget) -> int:
    deadline = time.monotonic() + SMOKE_TIMEOUT_S

    def check() -> None:
        handle = window.windowHandle()
        if handle is not None and handle.isExposed():
            app.processEvents()  # let the first paint through before leaving
            app.exit(0)
        elif time.monotonic() > deadline:
            late = f"The first window did not appear within {SMOKE_TIMEOUT_S:.0f} s."
            print(late, file=sys.stderr)
            app.exit(1)
        else:
            QTimer.singleShot(10, check)

    QTimer.singleShot(0, check)
    code = app.exec()
    # Hide rather than close: closing would count as the mediator choosing Quit.
    session.dispose()
    return code
