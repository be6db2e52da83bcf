"""Restore from a backup while no book is open: from the first-run window on a new computer,
or from the unlock window of a casebook that will not open (its files damaged).

The restore dialog is the one File → Restore from a backup… uses (checked on the worker
first; nothing written if the backup does not pass). Here nothing is open to lock, so once
the backup has passed it is put in place at once (a damaged book there is set aside, never
deleted) and the unlock window follows, saying what was restored.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from app.books.files import casebook_exists
from ui.background import BackgroundJob
from ui.first_run import CreateDialog
from ui.trust.restore_dialog import BackupChooser, PreparedCopies, RestoreDialog
from ui.unlock import UnlockDialog
from ui.widgets.messages import fit_height


class LockedRestore:
    """Restores into ``folder`` from ``window`` (the first-run or the unlock window), then
    shows the unlock window."""

    def __init__(
        self,
        window: CreateDialog | UnlockDialog,
        folder: Path,
        choose: BackupChooser,
        show_unlock: Callable[[], UnlockDialog],
    ) -> None:
        self.window, self.folder = window, folder
        self._choose, self._show_unlock = choose, show_unlock
        self.job = BackgroundJob(window)
        self.copies = PreparedCopies()
        self.dialog: RestoreDialog | None = None

    def start(self) -> RestoreDialog | None:
        """Ask which backup, then for its passphrase (None: no file was chosen)."""
        backup = self._choose(self.window)
        if backup is None:
            return None
        # On first run nothing is there to replace; from the unlock window, the book that
        # would not open is.
        replacing = casebook_exists(self.folder)
        self.dialog = RestoreDialog(
            self.folder, backup, self.job, self.copies, self, self.window, replacing=replacing
        )
        self.dialog.open()
        return self.dialog

    def lock(self, why: str = "", *, then: Callable[[], str] | None = None) -> None:
        """What the dialog calls once the backup has passed: nothing is open here, so put
        it in place now and go on to unlocking it."""
        said = then() if then is not None else why
        if self.dialog is None or self.dialog.restored is None:
            self.window.message.show_message(said)  # not put in place: say why where we are
            fit_height(self.window)
            return
        self._show_unlock().set_note(said)  # kept in view after a wrong try
