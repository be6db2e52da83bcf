"""The Complaints page: every complaint, soonest deadline first, with the chosen one's detail.

Rows come from ``registers.complaint_rows(today)``, already in deadline order with their
overdue flags; overdue rows are bold, carry a warning icon and say "Overdue" in words. The
steps of the procedure are buttons that open a small dialog each; the service stores and
audits them. Safe view hides the complainant's contact details and the outcome.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QScrollArea,
    QWidget,
)

from app.books.kinds import AnyBook
from app.errors import ParleyError
from app.formatting import format_date
from app.registers.complaints import (
    Complaint,
    ComplaintRow,
    ComplaintStatus,
    DeadlineRules,
    cmc_note,
)
from ui.registers.complaint_dialog import (
    AcknowledgeDialog,
    CloseDialog,
    ComplaintDialog,
    ResponseDialog,
    StepDialog,
    acknowledgement_text,
    response_text,
)
from ui.registers.models import ComplaintColumn, ComplaintTableModel, complaint_filter
from ui.registers.page import RegisterPage, RegisterWords
from ui.widgets.forms import set_tab_order
from ui.widgets.lists import Today, form_caption, size_columns, wrapped_label
from ui.widgets.messages import Kind
from ui.workspace.record_dialog import RecordDialog, add_shortcut

HIDDEN = "Hidden in safe view"
_OPEN = (ComplaintStatus.RECEIVED, ComplaintStatus.ACKNOWLEDGED,
         ComplaintStatus.UNDER_INVESTIGATION)  # fmt: skip
_DETAILS = ("Received", "Complainant", "Contact details", "Answer by", "About", "Case",
            "Acknowledgement", "Response", "Outcome", "Civil Mediation Council",
            "Closed")  # fmt: skip
WORDS = RegisterWords(
    rows="complaints",
    table="Complaints, soonest deadline first",
    table_help="Press Enter to edit the chosen complaint",
    filter_label="S&tatus:",
    filter_name="Status filter",
    empty_title="No complaints recorded",
    empty_guidance="Record each complaint on the day it arrives. Parley works out when the "
    "acknowledgement and the written response are due, and marks them when overdue.",
    first_button="&Record a complaint…",
    show_all_button="Show &all statuses",
)


class ComplaintsPage(RegisterPage[ComplaintRow]):
    def __init__(self, parent: QWidget | None = None, *, today: Today = date.today) -> None:
        filters = [("All statuses", ""), *((s.label, s.value) for s in ComplaintStatus)]
        super().__init__(ComplaintTableModel(), WORDS, filters, show_all="", today=today,
                         parent=parent)  # fmt: skip
        self.status, self.all_button = self.filter, self.show_all_button
        size_columns(self.table, {
            ComplaintColumn.REFERENCE: "CP-00000", ComplaintColumn.RECEIVED: "28 September 2026",
            ComplaintColumn.COMPLAINANT: "Dr Łukasz Nowak-Whitfield",
            ComplaintColumn.ABOUT: "The process", ComplaintColumn.STATUS: "Under investigation",
        }, ComplaintColumn.NEXT_DEADLINE)  # fmt: skip
        self.table.sortByColumn(ComplaintColumn.NEXT_DEADLINE, Qt.SortOrder.AscendingOrder)

        self.record_button = QPushButton("&Record a complaint…", self)
        self.record_button.setToolTip("Record a complaint as it arrives (Insert)")
        self.edit_button = QPushButton("&Edit…", self)
        self.acknowledge_button = QPushButton("Ac&knowledge…", self)
        self.investigate_button = QPushButton("Start &investigation", self)
        self.respond_button = QPushButton("Record res&ponse…", self)
        self.close_button = QPushButton("Cl&ose…", self)
        self.add_buttons(self.record_button, self.edit_button, self.acknowledge_button,
                         self.investigate_button, self.respond_button,
                         self.close_button)  # fmt: skip

        self.details = QGroupBox("The chosen complaint", self)
        self.detail_form = QFormLayout(self.details)
        self.detail: dict[str, QLabel] = {}
        for name in _DETAILS:
            self.detail[name] = wrapped_label(name=name)
            self.detail_form.addRow(form_caption(f"{name}:", self), self.detail[name])
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.details)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.set_details(scroll)

        self.record_button.clicked.connect(self.record_complaint)
        self.first_button.clicked.connect(self.record_complaint)
        self.edit_button.clicked.connect(self.edit_complaint)
        self.acknowledge_button.clicked.connect(self.acknowledge)
        self.investigate_button.clicked.connect(self.start_investigation)
        self.respond_button.clicked.connect(self.record_response)
        self.close_button.clicked.connect(self.close_complaint)
        self.table.activated.connect(lambda _index: self.edit_complaint())
        add_shortcut(self, QKeySequence(Qt.Key.Key_Insert), self.record_complaint)
        set_tab_order(self.status, *self.buttons, self.table)
        self.refresh()

    # --- the RegisterPage contract ----------------------------------------------------------

    def read_rows(self, casebook: AnyBook) -> Sequence[ComplaintRow]:
        return casebook.registers.complaint_rows(self.today())

    def row_filter(self, value: str) -> Callable[[ComplaintRow], bool]:
        return complaint_filter(ComplaintStatus(value) if value else None)

    def no_match_text(self, value: str) -> str:
        return (
            f"No complaints are {ComplaintStatus(value).label.lower()}"
            if value
            else ("No complaints")
        )

    def show_chosen(self) -> None:
        row = self.selected()
        texts = dict.fromkeys(_DETAILS, "")
        if row is not None and self.casebook is not None:
            texts = self._detail_texts(row, self.casebook.registers.deadline_rules())
        for caption, label in self.detail.items():
            label.setText(texts[caption])
            hidden = texts[caption] == HIDDEN
            overdue = texts[caption].startswith("Overdue")
            font = QFont(label.font())
            font.setItalic(hidden)
            font.setBold(overdue)
            label.setFont(font)
            self.detail_form.setRowVisible(label, bool(texts[caption]))
        self.details.setTitle(
            f"Complaint {row.complaint.reference}: {row.complaint.status.label.lower()}"
            if row else "Choose a complaint to see its deadlines and progress"
        )  # fmt: skip
        self._update_buttons()

    def put_away(self, dialog: QDialog) -> list[str]:
        if isinstance(dialog, StepDialog):
            # A step is an act with an audit entry: it is taken only when asked for.
            problems = [f"{dialog.what} was not recorded"] if dialog.isVisible() else []
            dialog.discard()
            return problems
        return super().put_away(dialog)

    def set_safe_view(self, on: bool) -> None:
        super().set_safe_view(on)
        self.show_chosen()

    # --- showing ----------------------------------------------------------------------------

    def _detail_texts(self, row: ComplaintRow, rules: DeadlineRules) -> dict[str, str]:
        complaint = row.complaint
        about = complaint.about.label
        if complaint.about_detail:
            about += f": {complaint.about_detail}"
        responded = complaint.response_sent_on
        return {
            "Received": f"{format_date(complaint.received_on)}, by "
            f"{complaint.channel.label.lower()}",
            "Complainant": complaint.complainant_name,
            "Contact details": (HIDDEN if self.safe_view and complaint.complainant_contact
                                else complaint.complainant_contact or "None recorded"),
            "Answer by": (complaint.answer_by.label if complaint.answer_by
                          else "Not said"),
            "About": about,
            "Case": complaint.case_reference or "None given",
            "Acknowledgement": acknowledgement_text(row, rules),
            "Response": response_text(row, rules),
            "Outcome": (HIDDEN if self.safe_view and complaint.outcome else complaint.outcome),
            "Civil Mediation Council": cmc_note(responded) if responded else "",
            "Closed": format_date(complaint.closed_on),
        }  # fmt: skip

    def _update_buttons(self) -> None:
        row = self.selected()
        complaint = row.complaint if row else None
        status = complaint.status if complaint else None
        self.record_button.setEnabled(self.casebook is not None)
        self.first_button.setEnabled(self.casebook is not None)
        self.edit_button.setEnabled(complaint is not None)
        self.acknowledge_button.setEnabled(
            complaint is not None and complaint.acknowledged_on is None and status in _OPEN
        )
        self.investigate_button.setEnabled(
            status in (ComplaintStatus.RECEIVED, ComplaintStatus.ACKNOWLEDGED)
        )
        self.respond_button.setEnabled(status in _OPEN)
        self.close_button.setEnabled(status is not None and status is not ComplaintStatus.CLOSED)

    # --- acting -----------------------------------------------------------------------------

    def _open(self, dialog: RecordDialog) -> RecordDialog:
        dialog.saved.connect(self._saved)
        self.open_dialog(dialog)
        return dialog

    def _saved(self, complaint: Complaint) -> None:
        self.message.clear()
        self.reload(complaint.id)
        self.table.setFocus()

    def _chosen(self) -> Complaint | None:
        row = self.selected()
        return row.complaint if row is not None and self.casebook is not None else None

    def record_complaint(self) -> RecordDialog | None:
        if self.casebook is None:
            return None
        return self._open(ComplaintDialog(self.casebook, today=self.today(),
                                          safe_view=self.safe_view, parent=self))  # fmt: skip

    def edit_complaint(self) -> RecordDialog | None:
        complaint = self._chosen()
        if complaint is None or self.casebook is None:
            return None
        return self._open(ComplaintDialog(self.casebook, complaint, today=self.today(),
                                          safe_view=self.safe_view, parent=self))  # fmt: skip

    def acknowledge(self) -> RecordDialog | None:
        complaint = self._chosen()
        if complaint is None or self.casebook is None or not self.acknowledge_button.isEnabled():
            return None
        return self._open(AcknowledgeDialog(self.casebook, complaint, today=self.today(),
                                            parent=self))  # fmt: skip

    def record_response(self) -> RecordDialog | None:
        complaint = self._chosen()
        if complaint is None or self.casebook is None or not self.respond_button.isEnabled():
            return None
        return self._open(ResponseDialog(self.casebook, complaint, today=self.today(),
                                         safe_view=self.safe_view, parent=self))  # fmt: skip

    def close_complaint(self) -> RecordDialog | None:
        complaint = self._chosen()
        if complaint is None or self.casebook is None or not self.close_button.isEnabled():
            return None
        return self._open(CloseDialog(self.casebook, complaint, today=self.today(),
                                      parent=self))  # fmt: skip

    def start_investigation(self) -> None:
        complaint = self._chosen()
        if complaint is None or self.casebook is None or complaint.id is None:
            return
        try:
            stored = self.casebook.registers.start_investigation(complaint.id)
        except ParleyError as exc:
            self.message.show_message(f"Not changed: {exc}", Kind.ERROR)
            return
        self._saved(stored)
        self.message.show_message(f"Complaint {stored.reference} is under investigation.",
                                  Kind.INFO)  # fmt: skip
