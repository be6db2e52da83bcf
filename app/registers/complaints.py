"""Complaints about the service, with the deadlines of the complaints procedure.

Deadlines. The day a complaint is received is never counted. The acknowledgement is due by
the end of the 3rd working day after it (Monday to Friday, not bank holidays of the region
set in Parley), so a complaint received on a Friday is due to be acknowledged by Wednesday,
or later if a bank holiday intervenes. The written response is due by the end of the 25th day
after receipt: calendar days unless Parley is set to count working days (the number of days
is a setting too); a calendar-day deadline is not moved when it falls at a weekend or on a
bank holiday. A deadline is overdue from the day after it. The complainant may take the
complaint to the Civil Mediation Council within one month of our response: by the same day
of the following month, or that month's last day if it is shorter (a response on 31 January
gives 28 or 29 February).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from app.cases.validation import LONG_TEXT, check_date, check_reference, check_text
from app.errors import InvalidValue
from app.formatting import format_date
from app.registers.calendar import Region, add_working_days, check_countable, months_after

ACKNOWLEDGEMENT_WORKING_DAYS = 3


class Channel(StrEnum):
    EMAIL = "email"
    LETTER = "letter"
    PHONE = "phone"
    IN_PERSON = "in_person"
    OTHER = "other"

    @property
    def label(self) -> str:
        return "In person" if self is Channel.IN_PERSON else self.value.capitalize()


class ComplaintAbout(StrEnum):
    MEDIATOR = "mediator"
    PROCESS = "process"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {"mediator": "A mediator", "process": "The process", "other": "Other"}[self.value]


class ComplaintStatus(StrEnum):
    RECEIVED = "received"
    ACKNOWLEDGED = "acknowledged"
    UNDER_INVESTIGATION = "under_investigation"
    RESPONDED = "responded"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class AcknowledgedBy(StrEnum):
    """How a complaint is acknowledged or answered, and how a complainant asks to be."""

    EMAIL = "email"
    LETTER = "letter"
    PHONE = "phone"

    @property
    def label(self) -> str:
        return {"email": "E-mail", "letter": "Letter", "phone": "Telephone"}[self.value]

    @property
    def words(self) -> str:
        """As a sentence says it: "by e-mail", "by letter", "by telephone"."""
        return f"by {self.label.lower()}"


@dataclass(frozen=True)
class DeadlineRules:
    """How a complaint's deadlines are worked out (from the register settings)."""

    region: Region = Region.ENGLAND_WALES
    response_days: int = 25
    response_in_working_days: bool = False


def acknowledgement_due(received_on: date, rules: DeadlineRules) -> date:
    """The 3rd working day after receipt (the day of receipt not counted)."""
    return add_working_days(received_on, ACKNOWLEDGEMENT_WORKING_DAYS, rules.region)


def response_due(received_on: date, rules: DeadlineRules) -> date:
    """The ``response_days``-th calendar (or working) day after receipt, not moved."""
    if rules.response_in_working_days:
        return add_working_days(received_on, rules.response_days, rules.region)
    return received_on + timedelta(days=rules.response_days)


def one_month_after(day: date) -> date:
    """The same day next month, or that month's last day when it is shorter."""
    return months_after(day, 1)


def cmc_note(response_on: date) -> str:
    """The standard sentence for the response: the Civil Mediation Council and its date."""
    return (
        "If you are not satisfied with our response, you may refer your complaint to the Civil "
        "Mediation Council within one month of the date of this response, that is by "
        f"{format_date(one_month_after(response_on))}."
    )


@dataclass(frozen=True)
class Complaint:
    id: int | None
    received_on: date
    channel: Channel
    complainant_name: str
    complainant_contact: str = ""
    about: ComplaintAbout = ComplaintAbout.PROCESS
    about_detail: str = ""
    case_reference: str = ""  # optional; in a casebook it must name one of its cases
    status: ComplaintStatus = ComplaintStatus.RECEIVED
    # Worked out by the store when the complaint is recorded (or its date of receipt changed),
    # so a later change to the settings does not move a deadline already running.
    acknowledgement_due_on: date | None = None
    response_due_on: date | None = None
    acknowledged_on: date | None = None
    acknowledged_how: AcknowledgedBy | None = None
    response_sent_on: date | None = None
    outcome: str = ""
    closed_on: date | None = None
    #: How the complainant asked to be answered (``None``: they did not say).
    answer_by: AcknowledgedBy | None = None

    @property
    def reference(self) -> str:
        """The complaint's reference, e.g. ``CP-00007``."""
        return f"CP-{self.id:05d}" if self.id is not None else ""

    @property
    def awaiting_acknowledgement(self) -> bool:
        # A full response also acknowledges; a closed complaint awaits nothing.
        return (
            self.acknowledged_on is None
            and self.response_sent_on is None
            and self.status is not ComplaintStatus.CLOSED
        )

    @property
    def awaiting_response(self) -> bool:
        return self.response_sent_on is None and self.status is not ComplaintStatus.CLOSED

    @property
    def next_deadline(self) -> date | None:
        """The earliest deadline still outstanding, or ``None``."""
        due = []
        if self.awaiting_acknowledgement and self.acknowledgement_due_on:
            due.append(self.acknowledgement_due_on)
        if self.awaiting_response and self.response_due_on:
            due.append(self.response_due_on)
        return min(due, default=None)

    def acknowledgement_overdue(self, today: date) -> bool:
        due = self.acknowledgement_due_on
        return self.awaiting_acknowledgement and due is not None and today > due

    def response_overdue(self, today: date) -> bool:
        due = self.response_due_on
        return self.awaiting_response and due is not None and today > due

    def overdue(self, today: date) -> bool:
        return self.acknowledgement_overdue(today) or self.response_overdue(today)

    @property
    def answer_warning(self) -> str:
        """A warning when the acknowledgement went another way than the complainant asked."""
        asked, sent = self.answer_by, self.acknowledged_how
        if asked is None or sent is None or asked is sent:
            return ""
        return (
            f"The complainant asked to be answered {asked.words}, but the acknowledgement was "
            f"sent {sent.words}. Send the response {asked.words}."
        )

    @property
    def cmc_referral_by(self) -> date | None:
        """The last day to take the complaint to the Civil Mediation Council."""
        return one_month_after(self.response_sent_on) if self.response_sent_on else None


@dataclass(frozen=True)
class ComplaintRow:
    """One line of the complaints list, with its flags worked out for ``today``."""

    complaint: Complaint
    next_deadline: date | None
    acknowledgement_overdue: bool
    response_overdue: bool

    @property
    def overdue(self) -> bool:
        return self.acknowledgement_overdue or self.response_overdue


def sort_key(complaint: Complaint) -> tuple[bool, bool, date, date, int]:
    """Soonest outstanding deadline first; then those awaiting nothing; closed ones last."""
    deadline = complaint.next_deadline
    return (
        complaint.status is ComplaintStatus.CLOSED,
        deadline is None,
        deadline or date.max,
        complaint.received_on,
        complaint.id or 0,
    )


def complaint_rows(complaints: list[Complaint], today: date) -> list[ComplaintRow]:
    """The complaints in list order, each with its overdue flags for ``today``."""
    return [
        ComplaintRow(
            c, c.next_deadline, c.acknowledgement_overdue(today), c.response_overdue(today)
        )
        for c in sorted(complaints, key=sort_key)
    ]


def check_complaint(complaint: Complaint, *, kept_case_reference: str | None = None) -> None:
    """Raise ``InvalidValue`` naming the first field that is not acceptable.

    ``kept_case_reference``: the case reference already stored, accepted unchanged (see
    ``check_reference``)."""
    check_date("received_on", complaint.received_on)
    check_countable("received_on", complaint.received_on)  # its deadlines are counted from it
    check_text("complainant_name", complaint.complainant_name, required=True)
    check_text("complainant_contact", complaint.complainant_contact, limit=2_000, multiline=True)
    check_text("about_detail", complaint.about_detail, limit=LONG_TEXT, multiline=True)
    check_reference(
        "case_reference", complaint.case_reference, required=False, kept=kept_case_reference
    )
    check_text("outcome", complaint.outcome, limit=LONG_TEXT, multiline=True)
    for name in ("acknowledged_on", "response_sent_on", "closed_on"):
        day: date | None = getattr(complaint, name)
        check_date(name, day)
        if day is not None and day < complaint.received_on:
            raise InvalidValue(
                name,
                f"this is before the complaint was received ({format_date(complaint.received_on)})",
            )


def deadline_text(row: ComplaintRow) -> str:
    """What is due next and by when, or what is overdue, in words (never by colour alone)."""
    complaint = row.complaint
    if row.acknowledgement_overdue:
        return f"Overdue: acknowledgement was due {format_date(complaint.acknowledgement_due_on)}"
    if row.response_overdue:
        return f"Overdue: response was due {format_date(complaint.response_due_on)}"
    if row.next_deadline is None:
        return "Nothing due"
    if complaint.awaiting_acknowledgement and row.next_deadline == (
        complaint.acknowledgement_due_on
    ):
        return f"Acknowledge by {format_date(row.next_deadline)}"
    return f"Respond by {format_date(row.next_deadline)}"
