"""Closing a case from its Overview: the outcome form comes first, and the case closes only
when its outcome is saved (Cancel leaves it as it was).

A closed case's outcome can be seen and corrected from the same form, and one closed before
Parley asked for outcomes can have its outcome recorded afterwards.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QWidget

from app.books.casebook import Casebook
from app.cases.records import Case
from ui.workspace.outcome_dialog import OutcomeDialog


class Closing(QObject):
    """The one outcome form a case's Overview may have open."""

    #: The outcome was saved (and the case closed, if it was not).
    recorded = Signal()

    def __init__(self, casebook: Casebook, parent: QWidget, *, today: Callable[[], date]) -> None:
        super().__init__(parent)
        self.casebook, self.today, self._parent = casebook, today, parent
        self.dialog: OutcomeDialog | None = None

    def ask(self, case: Case) -> OutcomeDialog:
        """Open the outcome form for ``case`` (filled in from its record, if it has one)."""
        self.discard()
        dialog = OutcomeDialog(self.casebook, case, today=self.today, parent=self._parent)
        if case.id is not None:
            kept = self.casebook.outcomes.for_case(case.id)
            if kept is not None:
                dialog.show_record(kept)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(lambda _record: self.recorded.emit())
        dialog.finished.connect(lambda _result: self._forget(dialog))
        self.dialog = dialog
        dialog.open()
        return dialog

    def save_pending(self) -> list[str]:
        """Locking with the form open: closes the case if the form holds a whole outcome,
        else says why not."""
        dialog, self.dialog = self.dialog, None
        if dialog is None or not dialog.isVisible():
            return []
        problems = (
            []
            if dialog.save_unasked()
            else [
                f"{dialog.what} was not saved, and the case not "
                "closed: the form did not hold a whole outcome."
            ]
        )
        dialog.discard()
        return problems

    def discard(self) -> None:
        dialog, self.dialog = self.dialog, None
        if dialog is not None:
            dialog.discard()

    def _forget(self, dialog: OutcomeDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
