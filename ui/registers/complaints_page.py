"""The Complaints page: every complaint, soonest deadline first, with the chosen one's detail.

Rows come from ``registers.complaint_rows(today)``, already in deadline order with their
overdue flags; overdue rows are bold, carry a warning icon and say "Overdue" in words. The
steps of the procedure are buttons that open a small dialog each; the service stores and
audits them. Safe view hides the complainant's contact details and the outcome.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QFont, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.books.casebook import Casebook
from app.errors import ParleyError
from app.formatting import format_date
from app.registers.complaints import (
    Complaint,
    ComplaintRow,
    ComplaintStatus,
    DeadlineRules,
    cmc_note,
)
from ui.registers import save_or_report
from ui.registers.complaint_dialog import (
    AcknowledgeDialog,
    CloseDialog,
    ComplaintDialog,
    ResponseDialog,
    StepDialog,
    acknowledgement_text,
    response_text,
)
from ui.registers.models import (
    ComplaintColumn,
    ComplaintTableModel,
    RowFilterProxy,
    complaint_filter,
)
from ui.widgets.forms import set_tab_order
from ui.widgets.lists import Today, form_caption, notice, size_columns, table_view, wrapped_label
from ui.widgets.messages import InlineMessage, Kind
from ui.widgets.section import SectionPage
from ui.workspace.record_dialog import RecordDialog, add_shortcut

HIDDEN = "Hidden in safe view"
_OPEN = (ComplaintStatus.RECEIVED, ComplaintStatus.ACKNOWLEDGED,
         ComplaintStatus.UNDER_INVESTIGATION)  # fmt: skip
_DETAILS = ("Received", "Complainant", "Contact details", "About", "Case", "Acknowledgement",
            "Response", "Outcome", "Civil Mediation Council", "Closed")  # fmt: skip


class ComplaintsPage(SectionPage):
    def __init__(self, parent: QWidget | None = None, *, today: Today = date.today) -> None:
        super().__init__(parent)
        self.casebook: Casebook | None = None
        self.today = today
        self.safe_view = False
        self.dialog: RecordDialog | None = None

        self.model = ComplaintTableModel(self)
        self.proxy = RowFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = table_view(self.proxy, "Complaints, soonest deadline first", self)
        self.table.setAccessibleDescription("Press Enter to edit the chosen complaint")
        size_columns(self.table, {
            ComplaintColumn.REFERENCE: "CP-00000", ComplaintColumn.RECEIVED: "28 September 2026",
            ComplaintColumn.COMPLAINANT: "Dr Łukasz Nowak-Whitfield",
            ComplaintColumn.ABOUT: "The process", ComplaintColumn.STATUS: "Under investigation",
        }, ComplaintColumn.NEXT_DEADLINE)  # fmt: skip
        self.table.sortByColumn(ComplaintColumn.NEXT_DEADLINE, Qt.SortOrder.AscendingOrder)

        self.status = QComboBox(self)
        self.status.addItem("All statuses", "")
        for status in ComplaintStatus:
            self.status.addItem(status.label, status.value)
        self.status.setAccessibleName("Status filter")
        status_label = QLabel("S&tatus:", self)
        status_label.setBuddy(self.status)
        self.record_button = QPushButton("&Record a complaint…", self)
        self.record_button.setToolTip("Record a complaint as it arrives (Insert)")
        self.edit_button = QPushButton("&Edit…", self)
        self.acknowledge_button = QPushButton("Ac&knowledge…", self)
        self.investigate_button = QPushButton("Start &investigation", self)
        self.respond_button = QPushButton("Record res&ponse…", self)
        self.close_button = QPushButton("Cl&ose…", self)
        self.top_bar = QWidget(self)
        bar = QHBoxLayout(self.top_bar)
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(status_label)
        bar.addWidget(self.status)
        bar.addStretch(1)
        self.buttons = [self.record_button, self.edit_button, self.acknowledge_button,
                        self.investigate_button, self.respond_button,
                        self.close_button]  # fmt: skip
        for button in self.buttons:
            bar.addWidget(button)

        self.first_button = QPushButton("&Record a complaint…", self)
        self.empty, _ = notice(
            "No complaints recorded",
            "Record each complaint on the day it arrives. Parley works out when the "
            "acknowledgement and the written response are due, and marks them when overdue.",
            [self.first_button],
        )
        self.all_button = QPushButton("Show &all statuses", self)
        self.no_match, self.no_match_title = notice("No complaints", "", [self.all_button])
        self.pages = QStackedWidget(self)
        for page in (self.table, self.empty, self.no_match):
            self.pages.addWidget(page)

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

        self.message = InlineMessage(self)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.setChildrenCollapsible(False)
        split.addWidget(self.pages)
        split.addWidget(scroll)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.top_bar)
        layout.addWidget(self.message)
        layout.addWidget(split, 1)

        self.status.currentIndexChanged.connect(self._apply_filter)
        self.record_button.clicked.connect(self.record_complaint)
        self.first_button.clicked.connect(self.record_complaint)
        self.all_button.clicked.connect(lambda: self.status.setCurrentIndex(0))
        self.edit_button.clicked.connect(self.edit_complaint)
        self.acknowledge_button.clicked.connect(self.acknowledge)
        self.investigate_button.clicked.connect(self.start_investigation)
        self.respond_button.clicked.connect(self.record_response)
        self.close_button.clicked.connect(self.close_complaint)
        self.table.activated.connect(lambda _index: self.edit_complaint())
        self.table.selectionModel().currentRowChanged.connect(self._show_details)
        add_shortcut(self, QKeySequence(Qt.Key.Key_Insert), self.record_complaint)
        order = [self.status, *self.buttons, self.table]
        set_tab_order(*order)
        self._apply_filter()

    # --- the SectionPage contract -----------------------------------------------------------

    def show_casebook(self, casebook: Casebook) -> None:
        self.casebook = casebook
        if self.isVisible():
            self.reload()  # otherwise when first shown: unlocking reads only what it shows

    def clear(self) -> list[str]:
        dialog, self.dialog = self.dialog, None
        problems: list[str] = []
        if isinstance(dialog, ComplaintDialog):
            problems = save_or_report(dialog, dialog.what)
        elif isinstance(dialog, StepDialog) and dialog.isVisible():
            # A step is an act with an audit entry: it is taken only when asked for.
            problems = [f"{dialog.what} was not recorded"]
        if dialog is not None:
            dialog.discard()
        self.casebook = None
        self.model.clear()
        self.message.clear()
        self._show_details()
        return problems

    def set_safe_view(self, on: bool) -> None:
        self.safe_view = on
        if self.dialog is not None:
            self.dialog.set_safe_view(on)
        self._show_details()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.casebook is not None:
            self.reload()  # what is overdue changes with the date

    # --- reading and showing ----------------------------------------------------------------

    def reload(self, complaint_id: int | None = None) -> None:
        if self.casebook is None:
            return
        chosen = self.selected()
        complaint_id = complaint_id or (chosen.complaint.id if chosen else None)
        try:
            rows = self.casebook.registers.complaint_rows(self.today())
        except ParleyError as exc:
            self.message.show_message(f"The complaints could not be read. {exc}", Kind.ERROR)
            rows = []
        self.model.set_rows(rows)
        self._apply_filter()
        self.select(complaint_id)

    def _apply_filter(self) -> None:
        value = self.status.currentData()
        status = ComplaintStatus(value) if value else None
        self.proxy.set_filter(complaint_filter(status))
        self.proxy.sort(self.table.horizontalHeader().sortIndicatorSection(),
                        self.table.horizontalHeader().sortIndicatorOrder())  # fmt: skip
        empty = self.model.rowCount() == 0
        if empty:
            self.pages.setCurrentWidget(self.empty)
        elif self.proxy.rowCount() == 0:
            self.no_match_title.setText(f"No complaints are {status.label.lower()}" if status
                                        else "No complaints")  # fmt: skip
            self.pages.setCurrentWidget(self.no_match)
        else:
            self.pages.setCurrentWidget(self.table)
        self.top_bar.setVisible(not empty or self.casebook is None)
        if self.selected() is None and self.proxy.rowCount():
            self.table.setCurrentIndex(self.proxy.index(0, 0))
        self._show_details()

    def select(self, complaint_id: int | None) -> None:
        row = self.model.row_of(complaint_id)
        if row < 0:
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():
            self.status.setCurrentIndex(0)
            index = self.proxy.mapFromSource(self.model.index(row, 0))
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)

    def selected(self) -> ComplaintRow | None:
        complaint_id = self.proxy.record_id(self.table.currentIndex())
        return self.model.row_at(self.model.row_of(complaint_id))

    def _show_details(self, *_args: QModelIndex) -> None:
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
        if self.dialog is not None:
            self.dialog.discard()
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self._saved)
        dialog.finished.connect(self._forget_dialog)
        dialog.open()
        return dialog

    def _forget_dialog(self) -> None:
        if self.dialog is not None and not self.dialog.isVisible():
            self.dialog = None

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
