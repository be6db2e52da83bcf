"""Start the window and walk the mediator through the session: create or unlock, work, lock.

``run_app`` is what ``main.py`` calls. ``Session`` owns the one open casebook and decides
which window is showing; windows only ask it to lock or quit. This module stays light to
import (no reportlab, no keyring): ``--smoke-test`` times the start-up through it.
"""

from __future__ import annotations

import gc
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QLocale, QObject, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from app.books.files import casebook_exists
from app.errors import ParleyError
from app.paths import default_demo_folder, default_vault_folder
from ui.background import BackgroundJob
from ui.throttle import RetryThrottle
from ui.widgets.messages import Kind, RecoveryKeyDialog, fit_height, show_error, show_warnings

if TYPE_CHECKING:
    from PySide6.QtCore import QSettings
    from PySide6.QtGui import QSessionManager

    # The main window, and the stores behind it, load only once a casebook is open: the
    # first window is the measure of start-up.
    from app.books.keyfile import Argon2Params
    from app.books.kinds import AnyBook
    from app.books.vault import CreatedCasebook, CreatedOfficeBook
    from ui.first_run import CreateDialog
    from ui.idle import Clock, IdleWatch
    from ui.locked_restore import LockedRestore
    from ui.main_window import MainWindow, TabClasses
    from ui.office.sealed_files import SealedFiles
    from ui.unlock import UnlockDialog

SMOKE_TIMEOUT_S = 10.0
KEYCHAIN_WAIT_S = 2.0
PAINT_CLOCK_VARIABLE = "PARLEY_PRINT_PAINT_CLOCK"


class Session(QObject):
    """Which window shows, and the casebook while it is unlocked."""

    def __init__(
        self,
        folder: Path,
        *,
        kdf: Argon2Params | None = None,
        throttle: RetryThrottle | None = None,
        idle_clock: Clock | None = None,
        demo_folder: Path | None = None,
        window_settings: QSettings | None = None,
        tabs: TabClasses | None = None,
        trust_options: dict[str, Any] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.folder = Path(folder)
        self.home_folder = self.folder  # the mediator's own, to come back to from the demo
        #: The open book: a mediator's casebook or the office's book.
        self.casebook: AnyBook | None = None
        self.dialog: QDialog | None = None
        self._kdf = kdf  # for tests and screenshots; None calibrates Argon2id here
        # One throttle for the whole session: locking must not reset the wait.
        self.throttle = throttle or RetryThrottle()
        self._idle_clock = idle_clock
        self._idle: IdleWatch | None = None
        self._demo_folder = demo_folder
        self._demo = BackgroundJob(self)
        self._window_settings = window_settings  # None: window geometry is not remembered
        self._tabs = tabs
        self._trust_options = trust_options or {}  # tests: private buses, clocks, choosers
        self._window: MainWindow | None = None
        self._sealed: SealedFiles | None = None
        #: A backup put in place while no book is open (first run, or a book that will not open).
        self._locked_restore: LockedRestore | None = None
        #: A sealed file Parley was opened on, taken in once a book is unlocked.
        self.opened_on: Path | None = None
        self._listening = False
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            # Logging out or shutting down: store what was typed and lock first.
            app.commitDataRequest.connect(self.session_ending)
            self._listening = True

    @property
    def window(self) -> MainWindow:
        """The main window, made on first use and reused after each unlock."""
        if self._window is None:
            from ui.main_window import MainWindow

            self._window = MainWindow(settings=self._window_settings, tabs=self._tabs)
            # Dashboard (first after unlocking), Training and Complaints; then the office's
            # sections, Contacts, and sealed files (each book shows the sections of its role).
            from ui.office.install import install_office
            from ui.registers.install import install_registers

            self._sealed = install_office(self._window, install_registers(self._window)).sealed
            if self.opened_on is not None:
                self._sealed.receive_when_open(self.opened_on)
            self._window.lock_requested.connect(self.lock)
            self._window.quit_requested.connect(self.quit)
            self._window.demo_requested.connect(self.open_demo)
            self._window.settings_changed.connect(self._apply_settings)
            # Backups, the audit trail, keychain, screen lock and the clipboard guard.
            from ui.trust.install import install_trust

            install_trust(self._window, self, **self._trust_options)
        return self._window

    @property
    def idle(self) -> IdleWatch:
        """The watch that locks after a while without use; made once a book is first
        opened, not before the first window."""
        if self._idle is None:
            from ui.idle import IdleWatch

            self._idle = IdleWatch(self, clock=self._idle_clock)
            self._idle.idle.connect(self._idle_lock)
        return self._idle

    @property
    def demo_folder(self) -> Path:
        return self._demo_folder or default_demo_folder()

    def start(self, *, try_keychain: bool = False) -> QWidget:
        """Show the first window: create a casebook on first run, else unlock it.

        ``try_keychain``: where keychain unlock is turned on, try it once, at start only (a
        lock must end at the passphrase, or locking on idle would undo itself).
        """
        if casebook_exists(self.folder):
            dialog = self.show_unlock()
            if try_keychain:
                # Once the window is painted: the attempt loads the vault and its
                # cryptography, which the first paint must not wait for. A window that never
                # reaches the screen (started minimised) still gets its attempt.
                when_on_screen(
                    dialog,
                    dialog.try_keychain,
                    within_s=KEYCHAIN_WAIT_S,
                    otherwise=dialog.try_keychain,
                )
            return dialog
        return self.show_create()

    def show_create(self) -> CreateDialog:
        from ui.first_run import CreateDialog  # only the first window's own module loads

        dialog = CreateDialog(self.folder, kdf=self._kdf)
        dialog.created.connect(self._created)
        dialog.restore_requested.connect(lambda: self._restore_locked(dialog))
        dialog.rejected.connect(self.quit)
        self._replace_dialog(dialog)
        return dialog

    def _restore_locked(self, window: CreateDialog | UnlockDialog) -> None:
        # Only now: a restore with no book open is rare, and the first window must open
        # quickly.
        from ui.locked_restore import LockedRestore
        from ui.trust.restore_dialog import ask_for_backup

        choose = self._trust_options.get("choose_restore_file", ask_for_backup)
        self.folder = window.folder  # the unlock window may have been pointed at another
        self._locked_restore = LockedRestore(window, self.folder, choose, self.show_unlock)
        self._locked_restore.start()

    def show_unlock(self) -> UnlockDialog:
        from ui.unlock import UnlockDialog

        # Asked in this order so that the usual start, on the mediator's own casebook,
        # never needs the demo's folder (platformdirs loads only when it is asked for).
        in_demo = self.folder != self.home_folder and self.folder == self.demo_folder
        if in_demo:
            dialog = UnlockDialog(
                self.folder,
                throttle=self.throttle,
                note=_demo_note(),
                quit_text="&Back to my casebook",
            )
        else:
            dialog = UnlockDialog(self.folder, throttle=self.throttle)
        dialog.unlocked.connect(self.open_casebook)
        dialog.restore_requested.connect(lambda: self._restore_locked(dialog))
        if in_demo:
            # Leaving the demo goes back to the mediator's own casebook, not out of Parley.
            dialog.rejected.connect(self._leave_demo)
        else:
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

    def _created(self, created: CreatedCasebook | CreatedOfficeBook) -> None:
        casebook = self.casebook = created.book  # so quitting from here still closes it
        self.folder = self.home_folder = casebook.folder
        dialog = RecoveryKeyDialog(created.recovery_key)
        # Only the casebook is kept for later, not the result that holds the recovery key.
        dialog.accepted.connect(lambda: self.open_casebook(casebook))
        self._replace_dialog(dialog)

    def open_casebook(self, casebook: AnyBook) -> None:
        """Show the main window on ``casebook`` (or the office's book) and start watching
        for idleness."""
        self.casebook = casebook
        self.folder = casebook.folder
        window = self.window
        window.show_casebook(casebook)
        window.show()
        window.raise_()
        window.activateWindow()
        if self.dialog is not None:
            self.dialog.hide()
        from app.settings import IDLE_LOCK_MINUTES

        self.idle.start(casebook.settings.get(IDLE_LOCK_MINUTES))
        show_warnings(window, casebook.warnings)
        if self._sealed is not None:
            self._sealed.book_shown()  # the file Parley was opened on, if any

    def _apply_settings(self) -> None:
        if self.casebook is not None:
            from app.settings import IDLE_LOCK_MINUTES

            self.idle.set_limit_minutes(self.casebook.settings.get(IDLE_LOCK_MINUTES))

    def lock(self, why: str = "", *, then: Callable[[], str] | None = None) -> None:
        """Store what was typed, clear every view, close the connection and forget the key;
        then ask to unlock again, saying ``why`` when Parley locked by itself.

        ``then`` runs once the book is closed and before the unlock window shows (a restore
        puts the backup in place there); what it returns stays in the window's note, in
        view until the book is opened, and ``why`` is not said.
        """
        if self.casebook is None:
            return  # already locked (the idle timer and Ctrl+L can both arrive)
        problems = self._end_work()
        done = then() if then is not None else ""
        dialog = self.show_unlock()
        if done:
            dialog.set_note(done)  # what was done, and how to unlock now
            why = ""
        if problems:
            # Said on the unlock window, the only place left to say it. The reasons name
            # fields and rules, never what was typed.
            lost = "; ".join(problems)
            dialog.message.show_message(f"{why} Not stored, as it was not valid: {lost}".strip())
        elif why:
            dialog.message.show_message(why, Kind.INFO)
        fit_height(dialog)
        if self._window is not None:
            self._window.hide()

    def _idle_lock(self) -> None:
        minutes = round(self.idle.limit_s / 60)
        unit = "minute" if minutes == 1 else "minutes"
        self.lock(f"Parley locked itself after {minutes} {unit} without use.")

    def session_ending(self, manager: QSessionManager | None = None) -> None:
        self.lock()

    # --- the demo casebook ------------------------------------------------------------------

    def open_demo(self) -> None:
        """Make the demo casebook if needed (off the GUI thread), then lock and unlock it."""
        folder, kdf = self.demo_folder, self._kdf
        if casebook_exists(folder):
            self._switch_to(folder)
            return
        if self._demo.busy:
            return

        def make() -> Path:
            from app.demo import create_demo_casebook  # only now: it is rarely wanted

            # Made and closed on the worker thread: the connection never crosses threads.
            create_demo_casebook(folder, kdf=kdf).casebook.close()
            return folder

        self.window.cases.set_demo_busy(True)
        self._demo.start(make, self._switch_to, self._demo_failed)

    def _switch_to(self, folder: Path) -> None:
        if self.casebook is None:
            return  # locked meanwhile: the unlock window is already up
        self._end_work()
        self.folder = folder
        self.show_unlock()
        if self._window is not None:
            self._window.hide()

    def _demo_failed(self, error: ParleyError) -> None:
        if self._window is not None:
            self._window.cases.set_demo_busy(False)
            show_error(self._window, "The demo casebook could not be made.", str(error))

    def _leave_demo(self) -> None:
        self.folder = self.home_folder
        self.show_unlock()

    # --- ending ------------------------------------------------------------------------------

    def quit(self) -> None:
        self.shutdown()
        QCoreApplication.quit()  # does nothing when no event loop runs (as in tests)

    def shutdown(self) -> None:
        """Store what was typed, clear the views and close the casebook; safe to repeat."""
        self._end_work()
        if self._window is not None:
            self._window.hide()
        if self.dialog is not None:
            self.dialog.hide()

    def dispose(self) -> None:
        """Shut down and let Qt delete the windows (when the session ends, not the app)."""
        self.shutdown()
        app = QGuiApplication.instance()
        if self._listening and isinstance(app, QGuiApplication):
            app.commitDataRequest.disconnect(self.session_ending)
            self._listening = False
        for widget in (self.dialog, self._window):
            if widget is not None:
                widget.deleteLater()
        self.dialog = self._window = self._sealed = None

    def _end_work(self) -> list[str]:
        # In this order: nothing typed is lost, nothing shown survives, then the key goes.
        if self._idle is not None:
            self._idle.stop()
        self._demo.forget()  # the demo is still made, but nothing opens it
        problems = self._window.clear() if self._window is not None else []
        casebook, self.casebook = self.casebook, None
        if casebook is not None:
            casebook.close()
        return problems


def _demo_note() -> str:
    import html

    from app.demo import DEMO_PASSPHRASE

    return (
        "This is the <b>demo casebook</b>: fictional cases only, for trying Parley.<br>"
        f"Its passphrase is: <b>{html.escape(DEMO_PASSPHRASE)}</b>"
    )


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


def show_window_icon(app: QApplication) -> None:
    """Give every window Parley's icon. Called once the first window is painted: QIcon
    builds a 151-member enum (3 ms) that the first paint need not wait for, and Qt hands
    the icon to windows already open."""
    from PySide6.QtGui import QIcon

    from app.resources import resource_path

    app.setWindowIcon(QIcon(str(resource_path("icons", "parley.svg"))))


def _settings() -> QSettings:
    from PySide6.QtCore import QSettings

    return QSettings()


def run_app(
    vault_folder: Path | None = None, *, smoke_test: bool = False, opened_on: Path | None = None
) -> int:
    """Open Parley's window on ``vault_folder`` (default: the per-user folder); exit code.

    ``opened_on``: a sealed file (a double-click on one opens Parley on it), taken in once a
    book is unlocked.

    ``smoke_test``: show the first window, wait until it is on screen, then return 0 without
    creating, opening or changing any file.
    """
    if not gc.isenabled():
        # main.py held the cycle collector off while modules loaded. What they made
        # (modules, classes, Qt's enums) lives as long as the process, so it is frozen out
        # of every later collection rather than scanned in one long pass just before the
        # first paint. Collection resumes once the first window is painted (building it
        # makes little to collect); everything after is collected as usual.
        gc.freeze()
    app = application()
    session = Session(
        Path(vault_folder) if vault_folder else default_vault_folder(),
        window_settings=None if smoke_test else _settings(),
    )
    session.opened_on = opened_on
    # The smoke test measures start-up and must touch nothing: no keychain attempt then.
    first = session.start(try_keychain=not smoke_test)
    if smoke_test:
        code = _exit_once_shown(app, session, first)
        gc.enable()
        return code

    def once_painted() -> None:
        show_window_icon(app)
        gc.enable()

    when_on_screen(first, once_painted, within_s=KEYCHAIN_WAIT_S, otherwise=once_painted)
    app.aboutToQuit.connect(session.shutdown)
    code = app.exec()
    session.shutdown()
    from ui.worker import wait_for_background_work

    wait_for_background_work()
    return code


def when_on_screen(
    window: QWidget, then: Callable[[], None], *, within_s: float, otherwise: Callable[[], None]
) -> None:
    """Call ``then`` once ``window`` is exposed on screen (Qt paints a widget's window as
    it is exposed), or ``otherwise`` if it is not within ``within_s``. Neither is called
    if the window is deleted first."""
    deadline = time.monotonic() + within_s

    def check() -> None:
        handle = window.windowHandle()
        if handle is not None and handle.isExposed():
            then()
        elif time.monotonic() > deadline:
            otherwise()
        else:
            QTimer.singleShot(1, window, check)  # a fine poll: only until the first paint

    QTimer.singleShot(0, window, check)


def _exit_once_shown(app: QApplication, session: Session, window: QWidget) -> int:
    def painted() -> None:
        app.processEvents()  # let the first paint through before leaving
        if os.environ.get(PAINT_CLOCK_VARIABLE):
            # For the benchmark: when the window was painted, on the clock every process
            # shares, so start-up is timed without the exit that follows.
            print(f"painted {time.monotonic():.6f}", flush=True)
        app.exit(0)

    def late() -> None:
        print(f"The first window did not appear within {SMOKE_TIMEOUT_S:.0f} s.", file=sys.stderr)
        app.exit(1)

    when_on_screen(window, painted, within_s=SMOKE_TIMEOUT_S, otherwise=late)
    code = app.exec()
    # Hide rather than close: closing would count as the mediator choosing Quit.
    session.dispose()
    return code
