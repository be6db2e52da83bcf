"""File → Import cases…: choose a cases file, check it on a worker, add it, say what came in.

Reading and checking the file (the slow part) runs off the GUI thread and touches no book;
storing the checked cases is one transaction on the GUI thread, which owns the casebook's
connection (docs/ARCHITECTURE.md, "The worker rule"). All of the file's cases are added, or
none, and the summary says how many of each record came in, or why nothing did.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from app.books.casebook import Casebook
from app.errors import ParleyError
from app.exchange.importer import ImportSummary, PlannedCase, plan_file, store_planned
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
    references = ", ".join(summary.references)
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
        self.last_message: QMessageBox | None = None

    def start(self, casebook: Casebook) -> bool:
        """Ask for a file and check it in the background; False if nothing was started."""
        if self.job.busy:
            return False
        self.casebook = casebook
        mark = self.job.mark()
        path = self.choose_file(self.window)
        if path is None or not self.job.still_current(mark):
            return False
        references = casebook.cases.references()
        self.job.start(
            lambda: plan_file(path, references),
            lambda planned: self._store(path, planned),
            self._refused,
            since=mark,
        )
        return True

    def forget(self) -> None:
        """Locking: a check still running stores nothing when it ends."""
        self.job.forget()
        self.casebook = None

    def _store(self, path: Path, planned: list[PlannedCase]) -> None:
        casebook = self.casebook
        if casebook is None:
            return
        try:
            summary = store_planned(casebook, planned, source_name=path.name)
        except ParleyError as exc:
            self._refused(exc)
            return
        box = QMessageBox(QMessageBox.Icon.Information, "Parley — Cases imported",
                          summary_words(summary), parent=self.window)  # fmt: skip
        self.last_message = box
        box.open()
        self.imported.emit(summary)

    def _refused(self, error: ParleyError) -> None:
        self.last_message = show_error(self.window, "Nothing was imported.", str(error))
