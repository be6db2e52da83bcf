"""First run on a new computer: put the casebook kept in a backup where Parley looks for it,
instead of making a new one, then ask for its passphrase.

The restore dialog is the one File → Restore from a backup… uses (checked on the worker
first; nothing written if the backup does not pass). Here nothing is open to lock or set
aside, so once the backup has passed, it is put in place at once and the unlock window
follows, saying what was restored.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from app.books.files import casebook_exists
from ui.background import BackgroundJob
from ui.first_run import CreateDialog
from ui.trust.restore_dialog import BackupChooser, PreparedCopies, RestoreDialog
from ui.unlock import UnlockDialog
from ui.widgets.messages import Kind, fit_height


class FirstRestore:
    """Restores into ``folder`` from the first-run window, then shows the unlock window."""

    def __init__(
        self,
        create: CreateDialog,
        folder: Path,
        choose: BackupChooser,
        show_unlock: Callable[[], UnlockDialog],
    ) -> None:
        self.create, self.folder = create, folder
        self._choose, self._show_unlock = choose, show_unlock
        self.job = BackgroundJob(create)
        self.copies = PreparedCopies()
        self.dialog: RestoreDialog | None = None

    def start(self) -> RestoreDialog | None:
        """Ask which backup, then for its passphrase (None: no file was chosen)."""
        backup = self._choose(self.create)
        if backup is None:
            return None
        self.dialog = RestoreDialog(
            self.folder, backup, self.job, self.copies, self, self.create, replacing=False
        )
        self.dialog.open()
        return self.dialog

    def lock(self, why: str = "", *, then: Callable[[], str] | None = None) -> None:
        """What the dialog calls once the backup has passed: nothing is open here, so put
        it in place now and go on to unlocking it."""
        said = then() if then is not None else why
        if not casebook_exists(self.folder):  # not put in place: say why where we are
            self.create.message.show_message(said)
            fit_height(self.create)
            return
        unlock = self._show_unlock()
        unlock.message.show_message(said, Kind.INFO)
        fit_height(unlock)
