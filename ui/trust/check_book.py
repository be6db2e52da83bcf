"""File → Check the casebook: every check ``parley verify`` runs, on a worker, then the result.

The checks read every page (authentication codes, SQLite's structure, the search index, the
audit chain): seconds in a large book. They run on a connection of their own
(``app.books.verify.verify_unlocked``, which neither migrates nor writes), so the window
keeps painting and the status bar names each check as it starts. Locking meanwhile lets the
checks run out on their connection, unseen; nothing is written either way.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow, QMessageBox, QWidget

from app.books.apart import apart
from app.books.kinds import AnyBook
from app.books.verify import VerifyReport, verify_unlocked
from app.errors import ParleyError
from ui.background import BackgroundJob

TITLE = "Parley — Check the casebook"
IF_DAMAGED = (
    "Make no changes until this is resolved. Restore the latest backup made before the "
    "damage into a new folder (File → Back up now makes backups; the README's 'Backups, "
    "restore and checks' says how to restore one), and keep this casebook's folder as it is."
)


def check_book(window: QWidget, book: AnyBook, job: BackgroundJob) -> bool:
    """Start the checks on ``job``; False if a check is running already."""
    if job.busy or not book.is_open:
        return False
    taken = apart(book)  # on the GUI thread, before the work starts
    report = job.reporter()
    status = window.statusBar() if isinstance(window, QMainWindow) else None

    def progressed(done: int, of: int, what: str) -> None:
        # Each step is said as it starts (step done + 1); the last report, "Done", is not.
        if status is not None and done < of:
            status.showMessage(f"Checking the casebook: {what.lower()} ({done + 1} of {of})…")

    def stopped(busy: bool) -> None:
        # Finished, or forgotten by a lock (when no outcome comes): either way, let go.
        if not busy:
            job.progressed.disconnect(progressed)
            job.busy_changed.disconnect(stopped)

    if status is not None:
        status.showMessage("Checking the casebook…")

    def finished(outcome: VerifyReport | ParleyError) -> None:
        show_report(window, outcome)

    started = job.start(
        lambda: verify_unlocked(taken.folder, taken.data_key, report), finished, finished
    )
    if started is not None:  # the status bar is cleared as the job stops (TrustFeatures)
        job.progressed.connect(progressed)
        job.busy_changed.connect(stopped)
    return started is not None


def show_report(parent: QWidget, outcome: VerifyReport | ParleyError) -> QMessageBox:
    """What the checks found, in a window-modal box."""
    if isinstance(outcome, ParleyError):
        icon, text = QMessageBox.Icon.Warning, "The casebook could not be checked."
        detail = f"{outcome}\n\nNothing was changed."
    elif outcome.ok:
        icon, text = QMessageBox.Icon.Information, "The casebook checked out: no damage found."
        detail = "\n".join(f"✓ {line}" for line in outcome.passed)
    else:
        icon, text = QMessageBox.Icon.Warning, "The casebook is damaged."
        lines = [f"✗ {line}" for line in outcome.problems]
        lines += [f"✓ {line}" for line in outcome.passed]
        detail = "\n".join(lines) + "\n\n" + IF_DAMAGED
    box = QMessageBox(icon, TITLE, text, QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setInformativeText(detail)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box
