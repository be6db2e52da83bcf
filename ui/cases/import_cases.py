"""File → Import cases…: choose a cases file, check and store it on a worker, say what came in.

Reading, checking and storing all run off the GUI thread, on a connection of the worker's
own (``app.exchange.import_apart``; docs/ARCHITECTURE.md, "The worker rule"); the status bar
says how far it has got. All of the file's cases are added, or none, and the summary says
how many of each record came in, or why nothing did. Locking meanwhile stops the import
before it stores anything (one that has already stored its cases ends whole), and its
outcome is shown to nobody.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox, QWidget

from app.books.apart import apart
from app.books.casebook import Casebook
from app.errors import ParleyError
from app.exchange.import_apart import import_file_apart
from app.exchange.importer import ImportSummary
from ui.background import BackgroundJob
from ui.widgets.files import documents_folder
from ui.widgets.messages import show_error

#: Asks which file to import; None if the mediator cancels. Tests replace it.
FileChooser = Callable[[QWidget], Path | None]


def ask_for_cases_file(parent: QWidget) -> Path | None:
    chosen, _filter = QFileDialog.getOpenFileName(
        parent, "Import cases from a file", str(documents_folder()),
        "Parley cases files (*.json);;All files (*)",
    )  # fmt: skip
    return Path(chosen) if chosen else None


#: How many of an import's references the summary names.
NAMED = 5


def summary_words(summary: ImportSummary) -> str:
    """What came in, in words: "2 cases (MM-2026-020, MM-2026-021): 5 parties, …"."""

    def count(n: int, one: str, many: str) -> str:
        return f"{n} {one if n == 1 else many}"

    records = [
        count(summary.parties, "party", "parties"),
        count(summary.meetings, "meeting", "meetings"),
        count(summary.notes, "note", "notes"),
        count(summary.issues, "issue", "issues"),
        count(summary.terms, "term", "terms"),
        count(summary.disclosures, "disclosure", "disclosures"),
    ]
    # A file of a thousand cases would fill the screen with references (and take a third
    # of a second to lay out): the first few name the import, the count says the rest.
    shown = summary.references[:NAMED] if len(summary.references) > NAMED + 1 else None
    if shown is None:
        references = ", ".join(summary.references)
    else:
        references = ", ".join(shown) + f" and {len(summary.references) - NAMED:,} more"
    return (
        f"Imported {count(summary.cases, 'case', 'cases')} ({references}), with "
        + ", ".join(records)
        + "."
    )


class CaseImport(QObject):
    """One import at a time for the main window; ``imported`` when cases came in."""

    imported = Signal(object)  # the ImportSummary

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.window = window
        self.casebook: Casebook | None = None
        self.choose_file: FileChooser = ask_for_cases_file
        self.job = BackgroundJob(self, still_wanted=lambda: self.casebook is not None)
        self.job.progressed.connect(self._progressed)
        self.job.busy_changed.connect(self._busy_changed)
        self.last_message: QMessageBox | None = None

    def start(self, casebook: Casebook) -> bool:
        """Ask for a file, then check and store it in the background; False if nothing was
        started."""
        if self.job.busy:
            return False
        self.casebook = casebook
        mark = self.job.mark()
        path = self.choose_file(self.window)
        if path is None or not self.job.still_current(mark) or not casebook.is_open:
            return False
        taken = apart(casebook)  # on the GUI thread, before the work starts
        report, stopped = self.job.reporter(), self.job.stopper()
        started = self.job.start(
            lambda: import_file_apart(taken, path, report, stopped), self._imported,
            self._refused, since=mark,
        )  # fmt: skip
        return started is not None

    def forget(self) -> None:
        """Locking: an import still running stops before it stores anything (one that has
        already stored its cases ends whole), and its outcome is shown to nobody."""
        self.job.forget()
        self.casebook = None

    def _status(self, text: str) -> None:
        if isinstance(self.window, QMainWindow):
            if text:
                self.window.statusBar().showMessage(text)
            else:
                self.window.statusBar().clearMessage()

    def _busy_changed(self, busy: bool) -> None:
        self._status("Importing cases…" if busy else "")

    def _progressed(self, done: int, of: int, what: str) -> None:
        self._status(f"Importing cases: {what.lower()}, {done:,} of {of:,}…" if of > 1 else
                     f"Importing cases: {what.lower()}…")  # fmt: skip

    def _imported(self, summary: ImportSummary) -> None:
        box = QMessageBox(QMessageBox.Icon.Information, "Parley — Cases imported",
                          summary_words(summary), parent=self.window)  # fmt: skip
        self.last_message = box
        box.open()
        self.imported.emit(summary)

    def _refused(self, error: ParleyError) -> None:
        self.last_message = show_error(self.window, "Nothing was imported.", str(error))
