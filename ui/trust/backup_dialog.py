"""Back up now: choose where, write one encrypted file, say what was written.

The backup runs on the worker (``ui.background.BackgroundJob``) with a connection of its
own (``app.books.backup.make_backup_apart``), so the window keeps painting and the
mediator can go on working: the status bar says "Making a backup…" until it is done (2.5 s
for 10,000 cases here). Locking meanwhile lets it finish on its own connection: the file
is whole and audited, or absent; what it did is not shown to the next person to unlock.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox, QWidget

from app.books.apart import apart
from app.books.backup import BackupResult, make_backup_apart
from app.books.kinds import AnyBook
from app.errors import ParleyError
from ui.background import BackgroundJob
from ui.widgets.files import documents_folder, file_name_from

#: Parley's own extension for backups (the one the app's tests use).
BACKUP_SUFFIX = ".parley-backup"
FILE_FILTER = f"Parley backups (*{BACKUP_SUFFIX})"

#: Asks where to write; calls back with the chosen file, or never if the mediator cancels.
Chooser = Callable[[QWidget, Path, Callable[[Path], None]], None]


def default_backup_path(today: date, folder: Path | None = None) -> Path:
    """``Parley backup 2026-05-14.parley-backup`` in Documents (or the home folder).

    The date is ISO in a file name so that backups sort in date order in any file manager.
    """
    name = file_name_from(f"Parley backup {today.isoformat()}", BACKUP_SUFFIX, fallback="Parley")
    return (folder or documents_folder()) / name


def ask_for_file(parent: QWidget, suggested: Path, chosen: Callable[[Path], None]) -> None:
    """The system's save dialog, opened window-modal without a nested event loop."""
    dialog = QFileDialog(parent, "Back up the casebook to…", str(suggested))
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    dialog.setNameFilter(FILE_FILTER)
    dialog.setDefaultSuffix(BACKUP_SUFFIX.lstrip("."))
    dialog.selectFile(suggested.name)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.fileSelected.connect(lambda name: chosen(Path(name)))
    dialog.open()


def format_size(size: int) -> str:
    """``230 KB``, ``21.4 MB``: the decimal units file managers show."""
    if size < 1000:
        return f"{size} bytes"
    if size < 1_000_000:
        return f"{size / 1000:.0f} KB"
    if size < 1_000_000_000:
        return f"{size / 1_000_000:.1f} MB"
    return f"{size / 1_000_000_000:.2f} GB"


def back_up_now(
    window: QWidget,
    casebook: AnyBook,
    job: BackgroundJob,
    *,
    today: Callable[[], date] = date.today,
    choose: Chooser = ask_for_file,
    made: Callable[[BackupResult], None] | None = None,
    still_open: Callable[[], bool] | None = None,
) -> None:
    """Ask where, write the backup on ``job``, and tell the mediator what happened.

    ``still_open`` says whether ``casebook`` is still the open one when the file has been
    chosen (the casebook may have locked while the dialog was up); ``made`` is told of a
    backup written, so the reminder can go. ``job`` drops the outcome if the casebook
    locks before the backup is done.
    """
    if job.busy:
        return  # one at a time; the status bar says a backup is being made
    mark = job.mark()

    def write(target: Path) -> None:
        if not casebook.is_open or (still_open is not None and not still_open()):
            return  # locked meanwhile: the unlock window is up, nothing to say here
        taken = apart(casebook)  # on the GUI thread, before the work starts
        status = window.statusBar() if isinstance(window, QMainWindow) else None
        if status is not None:
            status.showMessage("Making a backup…")

        def done(result: BackupResult | ParleyError) -> None:
            if status is not None:
                status.clearMessage()
            if not casebook.is_open:
                return  # locked while it ran: whoever unlocks next is not told
            if isinstance(result, BackupResult):
                if made is not None:
                    made(result)
                show_made(window, result)
            else:
                show_failed(window, result)

        started = job.start(lambda: make_backup_apart(taken, target), done, done, since=mark)
        if started is None and status is not None:
            status.clearMessage()

    choose(window, default_backup_path(today()), write)


def show_made(parent: QWidget, result: BackupResult) -> QMessageBox:
    detail = (
        f"File: {result.path.name}\n"
        f"Folder: {result.path.parent}\n"
        f"Size: {format_size(result.size)}\n\n"
        "It is encrypted: it opens with the passphrase or the recovery key that open this "
        "casebook today. Keep it apart from this laptop, on another disk or a memory stick "
        "kept somewhere safe."
    )
    return _box(parent, QMessageBox.Icon.Information, "Backup made.", detail)


def show_failed(parent: QWidget, error: ParleyError) -> QMessageBox:
    detail = f"{error}\n\nYour casebook is as it was."
    return _box(parent, QMessageBox.Icon.Warning, "No backup was made.", detail)


def _box(parent: QWidget, icon: QMessageBox.Icon, text: str, detail: str) -> QMessageBox:
    box = QMessageBox(icon, "Parley — Back up", text, QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setInformativeText(detail)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box
