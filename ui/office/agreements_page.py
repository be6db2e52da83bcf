"""The office's Agreements page: the archive of agreed-terms documents received from mediators.

Each is exactly the document the mediator's casebook makes (the same value object, the same
PDF writer): it is previewed, printed and exported here as there. The office records when
the signed copy came back and when it went to the hospital for the care notes, and sees
which are still waiting for either.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from enum import IntEnum
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.books.kinds import AnyBook
from app.books.office_book import OfficeBook
from app.errors import InvalidValue, ParleyError
from app.formatting import format_date
from app.office.agreements import ArchivedAgreement
from ui.registers.complaints_page import HIDDEN
from ui.registers.models import RowsModel
from ui.registers.page import RegisterPage, RegisterWords
from ui.widgets.dates import RequiredDateField
from ui.widgets.forms import set_tab_order
from ui.widgets.lists import Today, size_columns
from ui.widgets.messages import (
    DIALOG_WIDTH,
    FittedDialog,
    InlineMessage,
    Kind,
    fit_height,
    heading,
)
from ui.workspace.agreement_document import agreement_html
from ui.workspace.agreement_output import AgreementOutput

WORDS = RegisterWords(
    rows="agreements",
    table="Agreements received",
    table_help="Agreed-terms documents received from mediators; the chosen one is shown below",
    filter_label="&Show:",
    filter_name="Which agreements",
    empty_title="No agreements received yet",
    empty_guidance="When a mediator's case reaches agreement, they send its agreed terms to "
    "the office as a sealed file. Receive it with File, Receive, or drop the file on this "
    "window; it is listed here to print, send for signature and file with the hospital.",
    first_button="&Receive a sealed file…",
    show_all_button="Show &all agreements",
)
WAITING, SIGNED, HOSPITAL, EVERY = "waiting", "signed", "hospital", ""
SAFE_VIEW_DOCUMENT = (
    "The agreement is hidden in safe view: it names the patient. Turn safe view off "
    "(Ctrl+Shift+H) to read it here; Preview, Print and Export still give the whole document."
)
FILTERS = (
    ("Still waiting", WAITING),
    ("Waiting for the signed copy", SIGNED),
    ("Waiting to go to the hospital", HOSPITAL),
    ("All agreements", EVERY),
)


class AgreementColumn(IntEnum):
    CASE = 0
    PATIENT = 1
    AGREED = 2
    MEDIATOR = 3
    RECEIVED = 4
    SIGNED = 5
    HOSPITAL = 6
    WAITING = 7


class AgreementsModel(RowsModel[ArchivedAgreement]):
    headers = ("Case", "Patient", "Agreed", "Mediator", "Received", "Signed copy back",
               "To the hospital", "Waiting for")  # fmt: skip
    #: The patient's name is hidden in safe view (the reference stays).
    safe_view = False

    def id_of(self, row: ArchivedAgreement) -> int | None:
        return row.id

    def text(self, row: ArchivedAgreement, column: int) -> str:
        document = row.document
        texts = {
            AgreementColumn.CASE: document.case_reference,
            AgreementColumn.PATIENT: HIDDEN if self.safe_view else document.patient_name,
            AgreementColumn.AGREED: format_date(document.agreed_on),
            AgreementColumn.MEDIATOR: document.mediator,
            AgreementColumn.RECEIVED: format_date(row.received_on),
            AgreementColumn.SIGNED: format_date(row.signed_copy_on) or "Not yet",
            AgreementColumn.HOSPITAL: format_date(row.sent_to_hospital_on) or "Not yet",
            AgreementColumn.WAITING: row.waiting_for.capitalize() or "Nothing: filed",
        }
        return texts[AgreementColumn(column)]

    def sort_key(self, row: ArchivedAgreement, column: int) -> Any:
        days = {
            AgreementColumn.AGREED: row.document.agreed_on,
            AgreementColumn.RECEIVED: row.received_on,
            AgreementColumn.SIGNED: row.signed_copy_on,
            AgreementColumn.HOSPITAL: row.sent_to_hospital_on,
        }
        if column in days:
            return (days[AgreementColumn(column)] or date.max).isoformat()
        return super().sort_key(row, column)


def keeps(value: str) -> Callable[[ArchivedAgreement], bool]:
    if value == WAITING:
        return lambda a: bool(a.waiting_for)
    if value == SIGNED:
        return lambda a: a.signed_copy_on is None
    if value == HOSPITAL:
        return lambda a: a.signed_copy_on is not None and a.sent_to_hospital_on is None
    return lambda a: True


class AgreementsPage(RegisterPage[ArchivedAgreement]):
    receive_requested = Signal()

    def __init__(self, parent: QWidget | None = None, *, today: Today = date.today) -> None:
        self.agreements = AgreementsModel()  # the page's model, with its safe view
        super().__init__(self.agreements, WORDS, FILTERS, show_all=EVERY, today=today,
                         parent=parent)  # fmt: skip
        size_columns(self.table, {
            AgreementColumn.CASE: "MM-2026-014", AgreementColumn.PATIENT: "Zoë Nuñez-Whitfield",
            AgreementColumn.AGREED: "28 September 2026", AgreementColumn.MEDIATOR: "Alex Morgan",
            AgreementColumn.RECEIVED: "28 September 2026", AgreementColumn.SIGNED: "28 Sep 2026",
            AgreementColumn.HOSPITAL: "28 Sep 2026",
        }, AgreementColumn.WAITING)  # fmt: skip
        self.table.sortByColumn(AgreementColumn.RECEIVED, Qt.SortOrder.AscendingOrder)
        self.output: AgreementOutput | None = None

        self.preview_button = QPushButton("Previe&w…", self)
        self.print_button = QPushButton("&Print…", self)
        self.export_button = QPushButton("E&xport PDF…", self)
        self.signed_button = QPushButton("Si&gned copy back…", self)
        self.signed_button.setToolTip("Record the day the signed copy came back to the office")
        self.hospital_button = QPushButton("Sent to hospi&tal…", self)
        self.hospital_button.setToolTip(
            "Record the day the signed copy went to the hospital for the care notes"
        )
        self.add_buttons(self.preview_button, self.print_button, self.export_button,
                         self.signed_button, self.hospital_button)  # fmt: skip

        self.document = QTextBrowser(self)
        self.document.setAccessibleName("The chosen agreement, as it prints")
        self.document.setOpenLinks(False)
        self.set_details(self.document)

        self.preview_button.clicked.connect(self.preview)
        self.print_button.clicked.connect(self.print_document)
        self.export_button.clicked.connect(self.export_pdf)
        self.signed_button.clicked.connect(self.record_signed_copy)
        self.hospital_button.clicked.connect(self.record_sent_to_hospital)
        self.first_button.clicked.connect(self.receive_requested)
        self.table.activated.connect(lambda _index: self.preview())
        set_tab_order(self.filter, *self.buttons, self.table, self.document)
        self.refresh()

    # --- the RegisterPage contract ----------------------------------------------------------

    def read_rows(self, casebook: AnyBook) -> Sequence[ArchivedAgreement]:
        return casebook.agreements.all() if isinstance(casebook, OfficeBook) else []

    def row_filter(self, value: str) -> Callable[[ArchivedAgreement], bool]:
        return keeps(value)

    def no_match_text(self, value: str) -> str:
        return {
            WAITING: "No agreement is waiting: all are signed and filed with the hospital",
            SIGNED: "Every signed copy has come back",
            HOSPITAL: "Nothing is waiting to go to the hospital",
        }.get(value, "No agreements")

    def set_safe_view(self, on: bool) -> None:
        super().set_safe_view(on)
        self.agreements.safe_view = on
        self.reload()

    def show_chosen(self) -> None:
        chosen = self.selected()
        if chosen is not None and self.safe_view:
            # The document names the patient on every line that matters: none of it shows.
            self.document.setPlainText(SAFE_VIEW_DOCUMENT)
        else:
            self.document.setHtml(agreement_html(chosen.document) if chosen is not None else "")
        busy = self.output is not None and self.output.busy
        for button in (self.preview_button, self.print_button, self.export_button):
            button.setEnabled(chosen is not None and not busy)
        self.signed_button.setEnabled(chosen is not None and chosen.signed_copy_on is None)
        self.hospital_button.setEnabled(
            chosen is not None
            and chosen.signed_copy_on is not None
            and chosen.sent_to_hospital_on is None
        )

    def clear(self) -> list[str]:
        if self.output is not None:
            self.output.forget()
            self.output = None
        return super().clear()

    # --- getting the document out -----------------------------------------------------------

    def _output(self) -> AgreementOutput | None:
        chosen, book = self.selected(), self.casebook
        if chosen is None or book is None:
            return None
        if self.output is not None:
            self.output.forget()
        document = chosen.document
        self.output = AgreementOutput(book, lambda: document, self)
        self.output.said.connect(self._say)
        self.output.job.busy_changed.connect(lambda _busy: self.show_chosen())
        return self.output

    def _say(self, text: str, kind: Kind) -> None:
        self.message.show_message(text, kind)

    def preview(self) -> None:
        output = self._output()
        if output is not None:
            output.preview()

    def print_document(self) -> bool:
        output = self._output()
        return output.print_document() if output is not None else False

    def export_pdf(self) -> None:
        output = self._output()
        if output is not None:
            output.export_pdf()

    # --- the signed copy and the hospital ---------------------------------------------------

    def record_signed_copy(self) -> DayDialog | None:
        chosen = self.selected()
        if chosen is None or not isinstance(self.casebook, OfficeBook):
            return None
        archive, today = self.casebook.agreements, self.today()
        dialog = DayDialog(
            "Signed copy back",
            f"When did the signed copy of {chosen.document.case_reference} come back?",
            "The signed copy came &back on:",
            today,
            lambda on: archive.record_signed_copy(chosen.id, on, today=today),
            self,
        )
        dialog.recorded.connect(lambda: self._recorded(chosen.id, "Recorded the signed copy."))
        self.open_dialog(dialog)
        return dialog

    def record_sent_to_hospital(self) -> DayDialog | None:
        chosen = self.selected()
        if chosen is None or not isinstance(self.casebook, OfficeBook):
            return None
        archive, today = self.casebook.agreements, self.today()
        dialog = DayDialog(
            "Sent to the hospital",
            f"When did the signed copy of {chosen.document.case_reference} go to the hospital "
            "for the patient's care notes?",
            "It went to the &hospital on:",
            today,
            lambda on: archive.record_sent_to_hospital(chosen.id, on, today=today),
            self,
        )
        dialog.recorded.connect(
            lambda: self._recorded(chosen.id, "Recorded: filed with the hospital.")
        )
        self.open_dialog(dialog)
        return dialog

    def _recorded(self, agreement_id: int, said: str) -> None:
        self.message.show_message(said, Kind.INFO)
        self.reload(agreement_id)


class DayDialog(FittedDialog):
    """Asks for one day and records it; the store's refusal is shown beside the field."""

    recorded = Signal()

    def __init__(
        self,
        title: str,
        question: str,
        label: str,
        today: date,
        record: Callable[[date], object],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Parley — {title}")
        self.setMinimumWidth(DIALOG_WIDTH)
        self._record = record
        asked = QLabel(question, self)
        asked.setWordWrap(True)
        self.day = RequiredDateField(label.replace("&", "").rstrip(":"), self, value=today)
        caption = QLabel(label, self)
        caption.setBuddy(self.day)
        self.problem = InlineMessage(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel,
            parent=self,
        )
        layout = QVBoxLayout(self)
        layout.addWidget(heading(title, self))
        layout.addWidget(asked)
        layout.addWidget(caption)
        layout.addWidget(self.day)
        layout.addWidget(self.problem)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.day.setFocus()

    def save(self) -> None:
        self.problem.clear()
        try:
            on = self.day.value()
        except InvalidValue as exc:  # typed so that it cannot be read: said beside it
            self.day.error.show_reason(exc.reason)
            fit_height(self)
            return
        try:
            self._record(on)
        except InvalidValue as exc:
            self.problem.show_message(exc.reason.capitalize() + ".")
            return
        except ParleyError as exc:
            self.problem.show_message(str(exc))
            return
        self.recorded.emit()
        self.accept()
