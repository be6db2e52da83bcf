"""Destroy a closed case's confidential notes, after saying exactly what goes and what stays.

The lists follow ``app.books.erasure.destroy_confidential_notes`` word for word in substance: what
is kept is what may have to be produced later (who the case was about, who took part, the
agreed terms, the fact of any disclosure); what records what was said in confidence goes.
The mediator confirms by typing the case's reference, so a stray Enter can destroy nothing.

The erasure runs on the GUI thread under a busy cursor: it uses the casebook's connection
(one thread at a time) and took 0.9 s on a 1,000-case casebook, for an act done rarely and
deliberately. A case open in the workspace is closed first, so that nothing typed in it is
stored again afterwards, and reopened after, showing what was kept.
"""

from __future__ import annotations

import html
from typing import Protocol

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.books.casebook import Casebook
from app.books.erasure import ErasureResult, destroy_confidential_notes
from app.cases.records import Case, Status, TermStatus
from app.errors import ParleyError
from ui.background import busy_cursor
from ui.widgets.messages import FittedDialog, InlineMessage, Kind, fit_height, heading, show_error
from ui.worker import as_parley_error

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

    def __init__(self, window: ErasureWindow, case: Case, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._window = window
        self.case = case
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

    def erase(self) -> None:
        """Erase (the typed reference must match); then show the result."""
        window, case_id = self._window, self.case.id
        casebook = window.casebook
        if not self.confirmed() or casebook is None or not casebook.is_open or case_id is None:
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
        with busy_cursor():
            try:
                result: ErasureResult | ParleyError = destroy_confidential_notes(casebook, case_id)
            except Exception as exc:  # in words, never a traceback
                result = as_parley_error(exc)
        if reopen:
            window.open_case(case_id)
        window.cases.refresh_case(case_id)
        if isinstance(result, ParleyError):
            self.message.show_message(f"Nothing was destroyed. {result}")
            fit_height(self)
            return
        self.erasure = result
        self._show_done(result)

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


def offer_erasure(window: ErasureWindow, case_id: int) -> EraseDialog | None:
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
    dialog = EraseDialog(window, case, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
