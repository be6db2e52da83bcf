"""Recording a complaint, correcting its details, the steps of the procedure, and its
deadlines in words.

A complaint is recorded as received; its progress (acknowledged, under investigation,
responded, closed) is made by the steps below, each stored and audited by
``casebook.registers``, so a status is never just typed in. The complainant's contact details
and the outcome are hidden while safe view is on.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from app.books.kinds import AnyBook
from app.books.office_book import OfficeBook
from app.cases.validation import REFERENCE_TEXT, SHORT_TEXT
from app.errors import ParleyError
from app.formatting import format_date
from app.registers.calendar import add_working_days
from app.registers.complaints import (
    ACKNOWLEDGEMENT_WORKING_DAYS,
    AcknowledgedBy,
    Channel,
    Complaint,
    ComplaintAbout,
    ComplaintRow,
    ComplaintStatus,
    DeadlineRules,
    acknowledgement_due,
    cmc_note,
    response_due,
)
from ui.widgets.dates import RequiredDateField
from ui.widgets.forms import combo_value, enum_combo, set_combo_value
from ui.widgets.lists import wrapped_label
from ui.workspace.record_dialog import ConcealableText, RecordDialog


def response_words(days: int, *, working: bool) -> str:
    if working:
        return f"{days} working days after receipt"
    return f"{days} calendar days after receipt; not moved at weekends or bank holidays"


def response_basis(complaint: Complaint, rules: DeadlineRules) -> str:
    """How the stored response deadline counts, in words.

    It was fixed when the complaint was recorded and the settings may have changed since,
    so the words follow the stored date, not only today's settings.
    """
    received, due = complaint.received_on, complaint.response_due_on
    if due is None:
        return ""
    days = (due - received).days
    working = add_working_days(received, rules.response_days, rules.region) == due
    if working and (rules.response_in_working_days or days != rules.response_days):
        return response_words(rules.response_days, working=True)
    return response_words(days, working=False)


def acknowledgement_text(row: ComplaintRow, rules: DeadlineRules) -> str:
    complaint = row.complaint
    due = format_date(complaint.acknowledgement_due_on)
    if complaint.acknowledged_on is not None:
        how = complaint.acknowledged_how.label.lower() if complaint.acknowledged_how else ""
        by = f" by {how}" if how else ""
        text = f"Acknowledged {format_date(complaint.acknowledged_on)}{by} (due {due})"
        warning = complaint.answer_warning
        return f"{text}. {warning}" if warning else text
    rule = (
        f"{ACKNOWLEDGEMENT_WORKING_DAYS} working days after receipt; bank holidays in "
        f"{rules.region.label} not counted"
    )
    if row.acknowledgement_overdue:
        return f"Overdue: was due by {due} ({rule})"
    if complaint.awaiting_acknowledgement:
        return f"Due by {due} ({rule})"
    return "Not needed: the complaint was answered or closed first"


def response_text(row: ComplaintRow, rules: DeadlineRules) -> str:
    complaint = row.complaint
    due = format_date(complaint.response_due_on)
    if complaint.response_sent_on is not None:
        return f"Sent {format_date(complaint.response_sent_on)} (due {due})"
    basis = response_basis(complaint, rules)
    if row.response_overdue:
        return f"Overdue: was due by {due} ({basis})"
    if complaint.awaiting_response:
        return f"Due by {due} ({basis})"
    return "None: the complaint was closed without a response"


def case_references(book: AnyBook) -> set[str]:
    """The references a complaint may name: the casebook's cases; in the office's book, the
    referrals and the agreements it holds (any reference may be typed there)."""
    if isinstance(book, OfficeBook):
        return book.referrals.references() | {
            a.document.case_reference for a in book.agreements.all()
        }
    return book.cases.references()


def answer_combo(parent: QWidget, name: str) -> QComboBox:
    """E-mail, letter or telephone, or not said."""
    combo = QComboBox(parent)
    combo.setAccessibleName(name)
    combo.addItem("Not said", None)
    for way in AcknowledgedBy:
        combo.addItem(way.label, way.value)
    return combo


def answer_of(combo: QComboBox) -> AcknowledgedBy | None:
    value = combo.currentData()
    return AcknowledgedBy(value) if value else None


def set_answer(combo: QComboBox, way: AcknowledgedBy | None) -> None:
    combo.setCurrentIndex(max(combo.findData(way.value if way else None), 0))


class ComplaintDialog(RecordDialog):
    """Records a new complaint, or corrects one's details; ``saved`` carries it."""

    def __init__(
        self,
        casebook: AnyBook,
        complaint: Complaint | None = None,
        *,
        today: date,
        safe_view: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        title = f"Edit complaint {complaint.reference}" if complaint else "Record a complaint"
        super().__init__(title, parent)
        self.casebook = casebook
        self.complaint = complaint
        self.what = f"Complaint {complaint.reference}" if complaint else "The new complaint"

        self.received_on = RequiredDateField("Received on", self, value=today)
        self.channel = enum_combo(Channel, self, name="How it was received")
        self.complainant_name = QLineEdit(self)
        self.complainant_name.setAccessibleName("Complainant's name")
        self.complainant_name.setMaxLength(SHORT_TEXT)
        self.contact = ConcealableText("contact details", "Complainant's contact details", self)
        self.contact.editor.setMaximumHeight(self.fontMetrics().height() * 5)
        self.contact.editor.setPlaceholderText("Telephone, email, address")
        self.about = enum_combo(ComplaintAbout, self, name="What it is about")
        self.about_detail = QPlainTextEdit(self)
        self.about_detail.setAccessibleName("What the complaint is about, in detail")
        self.about_detail.setTabChangesFocus(True)
        self.about_detail.setPlaceholderText("Which mediator, which part of the process, what")
        self.about_detail.setMaximumHeight(self.fontMetrics().height() * 7)
        self.case_reference = QLineEdit(self)
        self.case_reference.setAccessibleName("Case reference (optional)")
        self.case_reference.setMaxLength(REFERENCE_TEXT)
        self.case_reference.setPlaceholderText("Optional, e.g. MM-2026-014")
        try:
            references = sorted(case_references(casebook))
        except ParleyError:
            references = []
        completer = QCompleter(references, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.case_reference.setCompleter(completer)
        self.answer_by = answer_combo(self, "How the complainant asked to be answered")
        self.deadlines = wrapped_label(name="Deadlines")

        self.add_row("&Received on:", self.received_on, "received_on")
        self.add_row("How recei&ved:", self.channel, "channel")
        self.add_row("Complainant's &name:", self.complainant_name, "complainant_name")
        self.add_row("Con&tact details:", self.contact, "complainant_contact")
        self.add_row("&About:", self.about, "about")
        self.add_row("&Detail:", self.about_detail, "about_detail")
        self.add_row("Case re&ference:", self.case_reference, "case_reference")
        self.add_row("Answer &by:", self.answer_by, "answer_by")
        status = complaint.status if complaint else ComplaintStatus.RECEIVED
        self.form.addRow(
            "Status:",
            wrapped_label(
                f"{status.label}. The status moves on with Acknowledge, Start investigation, "
                "Record response and Close.",
                self,
                name="Status",
            ),
        )
        self.outcome: ConcealableText | None = None
        if complaint is not None and complaint.response_sent_on is not None:
            self.outcome = ConcealableText("outcome", "Outcome of the complaint", self)
            self.add_row("&Outcome:", self.outcome, "outcome")
        self.form.addRow("Deadlines:", self.deadlines)

        if complaint is not None:
            self.received_on.set_value(complaint.received_on)
            set_combo_value(self.channel, complaint.channel)
            self.complainant_name.setText(complaint.complainant_name)
            self.contact.set_text(complaint.complainant_contact)
            set_combo_value(self.about, complaint.about)
            self.about_detail.setPlainText(complaint.about_detail)
            self.case_reference.setText(complaint.case_reference)
            set_answer(self.answer_by, complaint.answer_by)
            if self.outcome is not None:
                self.outcome.set_text(complaint.outcome)
        self.set_safe_view(safe_view)
        self.received_on.changed.connect(lambda: self._show_deadlines())
        self._show_deadlines()
        (self.complainant_name if complaint else self.received_on).setFocus()

    def _show_deadlines(self) -> None:
        """The deadlines this date of receipt gives, before anything is stored."""
        received = self.received_on.value()
        if self.complaint is not None and received == self.complaint.received_on:
            acknowledge = self.complaint.acknowledgement_due_on
            respond = self.complaint.response_due_on
        else:
            rules = self.casebook.registers.deadline_rules()
            acknowledge, respond = (
                acknowledgement_due(received, rules),
                response_due(received, rules),
            )
        rules = self.casebook.registers.deadline_rules()
        basis = response_words(rules.response_days, working=rules.response_in_working_days)
        self.deadlines.setText(
            f"Acknowledge by {format_date(acknowledge)} ({ACKNOWLEDGEMENT_WORKING_DAYS} working "
            f"days after receipt); respond by {format_date(respond)} ({basis})."
        )

    def set_safe_view(self, on: bool) -> None:
        self.contact.set_concealed(on)
        if self.outcome is not None:
            self.outcome.set_concealed(on)

    def build(self) -> Complaint:
        base = self.complaint or Complaint(None, self.received_on.value(), Channel.EMAIL, "")
        return Complaint(
            id=base.id,
            received_on=self.received_on.value(),
            channel=combo_value(self.channel, Channel),
            complainant_name=self.complainant_name.text().strip(),
            complainant_contact=self.contact.text().strip(),
            about=combo_value(self.about, ComplaintAbout),
            about_detail=self.about_detail.toPlainText().strip(),
            case_reference=self.case_reference.text().strip(),
            status=base.status,
            outcome=self.outcome.text().strip() if self.outcome else base.outcome,
            answer_by=answer_of(self.answer_by),
        )

    def store(self, record: Complaint) -> Complaint:
        registers = self.casebook.registers
        if record.id is None:
            return registers.record_complaint(record)
        return registers.update_complaint(record)


class StepDialog(RecordDialog):
    """One step of the procedure on one complaint: a date, and what the step needs."""

    def __init__(
        self, title: str, casebook: AnyBook, complaint: Complaint, today: date, field: str,
        parent: QWidget | None = None,
    ) -> None:  # fmt: skip
        super().__init__(f"{title}: {complaint.reference}", parent)
        self.what = f"{title} ({complaint.reference})"
        self.casebook = casebook
        self.complaint = complaint
        self.on = RequiredDateField("Date", self, value=max(today, complaint.received_on))
        received = wrapped_label(
            f"{complaint.complainant_name}, received {format_date(complaint.received_on)}", self
        )
        self.form.addRow("Complaint:", received)
        self.add_row("&Date:", self.on, field)
        self.on.setFocus()


class AcknowledgeDialog(StepDialog):
    def __init__(
        self, casebook: AnyBook, complaint: Complaint, *, today: date,
        parent: QWidget | None = None,
    ) -> None:  # fmt: skip
        super().__init__("Acknowledge", casebook, complaint, today, "acknowledged_on", parent)
        self.how = enum_combo(AcknowledgedBy, self, name="How it was acknowledged")
        if complaint.answer_by is not None:
            set_combo_value(self.how, complaint.answer_by)  # the way they asked for
        self.add_row("&How:", self.how, "acknowledged_how")
        due = complaint.acknowledgement_due_on
        if due is not None:
            self.form.addRow("Due by:", QLabel(format_date(due), self))
        self.warning = wrapped_label(name="How the complainant asked to be answered")
        self.form.addRow("", self.warning)
        self.how.currentIndexChanged.connect(lambda _i: self._warn())
        self._warn()

    def _warn(self) -> None:
        """Say, before it is saved, when this is not the way the complainant asked for."""
        asked = self.complaint.answer_by
        chosen = combo_value(self.how, AcknowledgedBy)
        differs = asked is not None and asked is not chosen
        self.warning.setText(
            f"The complainant asked to be answered {asked.words}." if differs and asked else ""
        )
        self.warning.setVisible(differs)

    def build(self) -> tuple[date, AcknowledgedBy]:
        return self.on.value(), combo_value(self.how, AcknowledgedBy)

    def store(self, record: tuple[date, AcknowledgedBy]) -> Complaint:
        return self.casebook.registers.acknowledge_complaint(self.complaint.id or 0, *record)


class ResponseDialog(StepDialog):
    """The written response: when it was sent and the outcome (confidential on screen)."""

    def __init__(
        self, casebook: AnyBook, complaint: Complaint, *, today: date, safe_view: bool = False,
        parent: QWidget | None = None,
    ) -> None:  # fmt: skip
        super().__init__("Record the response", casebook, complaint, today, "response_sent_on",
                         parent)  # fmt: skip
        self.outcome = ConcealableText("outcome", "Outcome of the complaint", self)
        self.outcome.editor.setPlaceholderText("What was found, and what will be done")
        self.add_row("&Outcome:", self.outcome, "outcome")
        self.note = wrapped_label(name="Civil Mediation Council note")
        self.form.addRow("In the response:", self.note)
        self.outcome.set_concealed(safe_view)
        self.on.changed.connect(lambda: self._show_note())
        self._show_note()

    def _show_note(self) -> None:
        self.note.setText(cmc_note(self.on.value()))

    def set_safe_view(self, on: bool) -> None:
        self.outcome.set_concealed(on)

    def build(self) -> tuple[date, str]:
        return self.on.value(), self.outcome.text().strip()

    def store(self, record: tuple[date, str]) -> Complaint:
        return self.casebook.registers.record_response(self.complaint.id or 0, *record)


class CloseDialog(StepDialog):
    def __init__(
        self, casebook: AnyBook, complaint: Complaint, *, today: date,
        parent: QWidget | None = None,
    ) -> None:  # fmt: skip
        super().__init__("Close", casebook, complaint, today, "closed_on", parent)
        if complaint.response_sent_on is None:
            hint = "No response has been recorded: close it only if it was withdrawn."
            self.form.addRow("", wrapped_label(hint, self))

    def build(self) -> date:
        return self.on.value()

    def store(self, record: date) -> Complaint:
        return self.casebook.registers.close_complaint(self.complaint.id or 0, record)
