"""Destroy a closed case's confidential notes, after saying exactly what goes and what stays.

The lists follow ``app.books.erasure.destroy_confidential_notes`` word for word in substance: what
is kept is what may have to be produced later (who the case was about, who took part, the
agreed terms, the fact of any disclosure); what records what was said in confidence goes.
The mediator confirms by typing the case's reference, so a stray Enter can destroy nothing.

The erasure runs on a worker, on a connection of its own (``destroy_confidential_notes_apart``):
its compaction rewrites the whole file, about 10 s at 10,000 cases, and the window must keep
painting. The dialog shows each step meanwhile and cannot be dismissed; the window behind it
is blocked, as for any window-modal dialog. A case open in the workspace is closed first, so
that nothing typed in it is stored again afterwards, and reopened after, showing what was
kept. Locking meanwhile closes the dialog; the erasure, one transaction, finishes on its own
connection and nobody is told.
"""

from __future__ import annotations

import html
from typing import Protocol

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.books.apart import apart
from app.books.casebook import Casebook
from app.books.erasure import (
    ErasureResult,
    destroy_confidential_notes_apart,
    let_go_of_erased_pages,
)
from app.cases.records import Case, Status, TermStatus
from app.errors import ParleyError
from ui.background import BackgroundJob
from ui.widgets.messages import FittedDialog, InlineMessage, Kind, fit_height, heading, show_error

KEPT = (
    "The case's reference, title, stage, status, hospital and team, referral, court details "
    "and dates",
    "The patient's name, date of birth, NHS number and hospital number",
    "The agreed terms and the date they were agreed",
    "The parties' names, roles and sides, their consent dates, and who is party to the agreement",
    "Meetings: their kind, time, length and who attended",
    "Disclosures: the date, the ground, to whom, and who decided (and the audit trail)",
)
ERASED = (
    "Every note, and whom it could be shared with",
    "Issues: positions, concerns, key issues and what could be achieved",
    "Proposed and withdrawn terms",
    "The confidential summary",
    "The parties' contact details and how they gave consent",
    "Where meetings took place",
    "What was disclosed, and why",
)
BACKUPS_STILL_HOLD = (
    "Backups made before now still hold these notes: destroy or replace them as well."
)


class OpenCase(Protocol):
    """The case open in the window's workspace (``ui.workspace.container.CaseWorkspace``)."""

    @property
    def case_id(self) -> int: ...


class CaseList(Protocol):
    """The window's list of cases (``ui.cases.case_list.CaseListPage``)."""

    def refresh_case(self, case_id: int) -> None: ...


class ErasureWindow(Protocol):
    """What the dialog needs of the main window (``ui.main_window.MainWindow`` has it)."""

    casebook: Casebook | None

    @property
    def workspace(self) -> OpenCase | None: ...

    @property
    def cases(self) -> CaseList: ...

    def close_case(self) -> bool: ...

    def open_case(self, case_id: int) -> None: ...


def _bullets(lines: tuple[str, ...]) -> str:
    # A real list, so a wrapped line hangs under its text rather than under the bullet.
    items = "".join(f"<li>{html.escape(line)}</li>" for line in lines)
    return f"<ul style='margin-left: 0; -qt-list-indent: 1'>{items}</ul>"


def _counted(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def describe_result(result: ErasureResult) -> str:
    parts = [
        _counted(result.notes, "note", "notes"),
        _counted(result.issues, "issue", "issues"),
        _counted(result.terms, "proposed or withdrawn term", "proposed or withdrawn terms"),
    ]
    return f"Erased from {result.reference}: {', '.join(parts[:2])} and {parts[2]}."


class EraseDialog(FittedDialog):
    """Explains, asks for the reference, erases, then shows what was done."""

    def __init__(
        self,
        window: ErasureWindow,
        case: Case,
        job: BackgroundJob,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._window = window
        self.case = case
        self.job = job
        self._erasing = False
        self.erasure: ErasureResult | None = None
        self.setWindowTitle("Parley — Destroy confidential notes")
        self.setMinimumWidth(800)
        casebook = window.casebook
        assert casebook is not None and case.id is not None
        notes = len(casebook.notes.for_case(case.id))
        issues = len(casebook.issues.for_case(case.id))
        terms = sum(t.status is not TermStatus.AGREED for t in casebook.terms.for_case(case.id))

        # Two pages, shown one at a time; not a QStackedWidget, whose height is the taller
        # page's, so the short result would sit in a dialog sized for the long question.
        self.ask_page = ask = QWidget(self)
        lists = QGridLayout()
        for column, (title, lines) in enumerate((("Kept", KEPT), ("Erased for good", ERASED))):
            caption = QLabel(f"<b>{title}</b>", ask)
            body = QLabel(_bullets(lines), ask)
            body.setTextFormat(Qt.TextFormat.RichText)
            body.setWordWrap(True)
            body.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            lists.addWidget(caption, 0, column)
            lists.addWidget(body, 1, column)
            lists.setColumnStretch(column, 1)
        lists.setHorizontalSpacing(4 * self.fontMetrics().averageCharWidth())
        counts = QLabel(
            f"This case has {_counted(notes, 'note', 'notes')}, "
            f"{_counted(issues, 'issue', 'issues')} and "
            f"{_counted(terms, 'proposed or withdrawn term', 'proposed or withdrawn terms')}. "
            "The erased text is also taken out of the search index and overwritten in the "
            "casebook's files. This cannot be undone.",
            ask,
        )
        counts.setWordWrap(True)
        backups = InlineMessage(ask)
        backups.show_message(BACKUPS_STILL_HOLD, Kind.INFO)
        self.confirm_label = QLabel(f"To confirm, type the case reference, {case.reference}:", ask)
        self.confirm_label.setTextFormat(Qt.TextFormat.PlainText)
        self.confirm_label.setWordWrap(True)
        self.confirm = QLineEdit(ask)
        self.confirm.setAccessibleName("Case reference, to confirm")
        self.confirm_label.setBuddy(self.confirm)
        self.message = InlineMessage(ask)
        self.step = QLabel(ask)
        self.step.setTextFormat(Qt.TextFormat.PlainText)
        self.step.hide()
        self.meter = QProgressBar(ask)
        self.meter.setAccessibleName("How far the erasure has got")
        self.meter.hide()
        page = QVBoxLayout(ask)
        page.setContentsMargins(0, 0, 0, 0)
        page.addWidget(heading(f"Destroy the confidential notes of {case.reference}?", ask))
        case_title = QLabel(case.title, ask)
        case_title.setTextFormat(Qt.TextFormat.PlainText)
        case_title.setWordWrap(True)
        page.addWidget(case_title)
        page.addSpacing(6)
        page.addLayout(lists)
        page.addSpacing(6)
        page.addWidget(counts)
        page.addWidget(backups)
        page.addSpacing(6)
        page.addWidget(self.confirm_label)
        page.addWidget(self.confirm)
        page.addWidget(self.message)
        page.addWidget(self.step)
        page.addWidget(self.meter)

        self.done_page = done = QWidget(self)
        self.done_heading = heading("", done)
        self.done_text = QLabel(done)
        self.done_text.setTextFormat(Qt.TextFormat.PlainText)
        self.done_text.setWordWrap(True)
        self.reminders = InlineMessage(done)
        done_column = QVBoxLayout(done)
        done_column.setContentsMargins(0, 0, 0, 0)
        done_column.addWidget(self.done_heading)
        done_column.addWidget(self.done_text)
        done_column.addWidget(self.reminders)
        done_column.addStretch(1)
        done.hide()

        self.buttons = QDialogButtonBox(self)
        self.destroy_button: QPushButton = self.buttons.addButton(
            "&Destroy notes", QDialogButtonBox.ButtonRole.DestructiveRole
        )
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.close_button.hide()
        self.destroy_button.setEnabled(False)
        self.destroy_button.setAutoDefault(False)
        self.cancel_button.setDefault(True)  # a stray Enter must not destroy anything
        layout = QVBoxLayout(self)
        layout.addWidget(ask, 1)
        layout.addWidget(done, 1)
        layout.addWidget(self.buttons)

        self.confirm.textChanged.connect(self._update_button)
        self.destroy_button.clicked.connect(self.erase)
        self.cancel_button.clicked.connect(self.reject)
        self.close_button.clicked.connect(self.accept)
        self.confirm.setFocus()

    def confirmed(self) -> bool:
        return self.confirm.text().strip().casefold() == self.case.reference.casefold()

    def _update_button(self) -> None:
        self.destroy_button.setEnabled(self.confirmed())

    @property
    def erasing(self) -> bool:
        """The erasure is running; it cannot be stopped half-way."""
        return self._erasing

    def erase(self) -> None:
        """Erase on the worker (the typed reference must match); then show the result."""
        window, case_id = self._window, self.case.id
        casebook = window.casebook
        if self.erasing or not self.confirmed() or casebook is None or not casebook.is_open:
            return
        if case_id is None:
            return
        if self.job.busy:
            self.message.show_message("Another erasure is still running; wait for it to end.")
            fit_height(self)
            return
        workspace = window.workspace
        reopen = workspace is not None and workspace.case_id == case_id
        if reopen and not window.close_case():
            # The workspace keeps the refused text on screen with its reason.
            self.message.show_message(
                "Some text typed in this case could not be stored, so nothing was destroyed. "
                "Correct or clear it (the reason is shown beside it), then try again."
            )
            fit_height(self)
            return
        taken = apart(casebook)  # on the GUI thread, before the work starts
        report = self.job.reporter()

        def done(result: ErasureResult | ParleyError) -> None:
            self._erased(casebook, case_id, reopen, result)

        self.job.progressed.connect(self._progressed)
        self._show_busy(True)
        started = self.job.start(
            lambda: destroy_confidential_notes_apart(taken, case_id, report), done, done
        )
        if started is None:  # cannot happen after the check above; say so if it does
            self._show_busy(False)
            self.message.show_message("Nothing was destroyed: Parley is busy. Try again.")

    def _progressed(self, done: int, of: int, what: str) -> None:
        self.meter.setRange(0, of)
        self.meter.setValue(done)
        self.step.setText(f"{what}…")

    def _show_busy(self, busy: bool) -> None:
        self._erasing = busy
        self.message.clear()
        self.step.setText("Erasing…")
        self.step.setVisible(busy)
        self.meter.setRange(0, 0)  # until the first step is heard of
        self.meter.setVisible(busy)
        self.confirm.setEnabled(not busy)
        self.destroy_button.setEnabled(not busy and self.confirmed())
        self.cancel_button.setEnabled(not busy)
        fit_height(self)

    def _erased(
        self, casebook: Casebook, case_id: int, reopen: bool, result: ErasureResult | ParleyError
    ) -> None:
        """Back on the GUI thread, the casebook still open (the job drops it otherwise)."""
        self.job.progressed.disconnect(self._progressed)
        self._show_busy(False)
        window = self._window
        if casebook.is_open:
            let_go_of_erased_pages(casebook)
        if reopen:
            window.open_case(case_id)
        window.cases.refresh_case(case_id)
        if isinstance(result, ParleyError):
            self.message.show_message(f"Nothing was destroyed. {result}")
            fit_height(self)
            return
        self.erasure = result
        self._show_done(result)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.erasing and event.key() == Qt.Key.Key_Escape:
            return  # the erasure cannot be stopped half-way; the dialog says when it is over
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.erasing:
            event.ignore()
            return
        super().closeEvent(event)

    def _show_done(self, result: ErasureResult) -> None:
        self.done_heading.setText(f"Confidential notes of {result.reference} destroyed")
        self.done_text.setText(
            f"{describe_result(result)} The agreed terms, the identifiers and the record of "
            "any disclosure were kept. The audit trail records the destruction."
        )
        self.reminders.show_message("\n".join(result.reminders), Kind.INFO)
        self.ask_page.hide()
        self.done_page.show()
        self.destroy_button.hide()
        self.cancel_button.hide()
        self.close_button.show()
        self.close_button.setDefault(True)
        self.close_button.setFocus()
        fit_height(self)
        # Labels just shown learn their wrapped height only once laid out: fit again then.
        QTimer.singleShot(0, self, lambda: fit_height(self))


def offer_erasure(window: ErasureWindow, case_id: int, job: BackgroundJob) -> EraseDialog | None:
    """Open the dialog for a closed case; say why not for any other."""
    casebook = window.casebook
    parent = window if isinstance(window, QWidget) else None
    if casebook is None:
        return None
    try:
        case = casebook.cases.get(case_id)
    except ParleyError as exc:
        show_error(parent, "The case could not be read.", str(exc))
        return None
    if case.status is not Status.CLOSED:
        show_error(
            parent,
            f"{case.reference} is not closed.",
            "Confidential notes are destroyed only after a case is closed. Set its status to "
            "Closed on its Overview page first.",
        )
        return None
    dialog = EraseDialog(window, case, job, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
