"""The training and complaints registers as services for the interface and the dashboard.

``Registers`` bundles the stores and does the acts that need more than one of them: it reads
the register settings (region, VAT rate, complaint deadlines), works out charges and
deadlines, and enters the acts that matter in the audit trail in the same transaction as the
change. Audit entries name bookings and complaints by reference, never by person.
"""

from __future__ import annotations

from datetime import date, timedelta

from app.registers.access_requests import AccessRequest
from app.registers.calendar import Region
from app.registers.complaints import (
    AcknowledgedBy,
    Complaint,
    ComplaintRow,
    DeadlineRules,
    complaint_rows,
)
from app.registers.delegates import Certificate
from app.registers.settings import (
    COMPLAINT_RESPONSE_DAYS,
    region_of,
    response_in_working_days,
    vat_rate_of,
)
from app.registers.stores.access_requests import AccessRequestStore
from app.registers.stores.complaints import ComplaintStore
from app.registers.stores.delegates import DelegateStore, FeedbackStore
from app.registers.stores.training import BookingStore, CourseStore
from app.registers.training import (
    Booking,
    CancellationCharge,
    CancellationLetter,
    CourseSummary,
    cancellation_letter,
    charge_for_cancelling,
    format_money,
)
from app.settings import ORGANISATION, Settings
from app.storage.audit import AuditTrail
from app.storage.database import Connection, transaction


class Registers:
    """The registers of one open book (a casebook's, or the office's with ``office``).

    Use it from the thread that owns the connection.
    """

    def __init__(
        self, conn: Connection, *, audit: AuditTrail | None = None, office: bool = False
    ) -> None:
        self._conn = conn
        self.settings = Settings(conn)
        self.audit = audit if audit is not None else AuditTrail(conn)
        self.courses = CourseStore(conn)
        self.bookings = BookingStore(conn)
        self.complaints = ComplaintStore(conn, office=office)
        self.access_requests = AccessRequestStore(conn, office=office)
        self.delegates = DelegateStore(conn)
        self.feedback = FeedbackStore(conn)

    # Settings, read at the moment of use

    @property
    def region(self) -> Region:
        return region_of(self.settings)

    def deadline_rules(self) -> DeadlineRules:
        """The complaint deadline rules as currently set."""
        return DeadlineRules(
            region=self.region,
            response_days=self.settings.get(COMPLAINT_RESPONSE_DAYS),
            response_in_working_days=response_in_working_days(self.settings),
        )

    # Training

    def upcoming_courses(self, today: date, days: int = 28) -> list[CourseSummary]:
        """Courses from ``today`` to ``days`` days ahead, with their bookings counted."""
        return self.courses.summaries(today, today + timedelta(days=days))

    def preview_cancellation(self, booking_id: int, cancelled_on: date) -> CancellationCharge:
        """What cancelling on ``cancelled_on`` would cost, without changing anything."""
        booking = self.bookings.get(booking_id)
        course = self.courses.get(booking.course_id)
        return charge_for_cancelling(
            booking,
            course,
            cancelled_on,
            vat_rate=vat_rate_of(self.settings),
            region=self.region,
        )

    def cancel_booking(self, booking_id: int, cancelled_on: date) -> Booking:
        """Cancel a confirmed booking, record its charge and audit it, all or nothing.

        Raises ``InvalidValue`` (field ``status`` or ``cancelled_on``) when the policy does
        not allow it: a booking that is not confirmed, or a date after the course.
        """
        with transaction(self._conn):
            charge = self.preview_cancellation(booking_id, cancelled_on)
            booking = self.bookings.record_cancellation(booking_id, charge)
            self.audit.record(
                "booking cancelled",
                detail=f"{booking.reference} charge {format_money(charge.total)} "
                f"({charge.working_days_before} working days before)",
            )
        return booking

    def cancellation_letter(self, booking_id: int, written_on: date) -> CancellationLetter:
        """The cancellation confirmation's contents (for ``render_cancellation_pdf``)."""
        booking = self.bookings.get(booking_id)
        return cancellation_letter(
            booking,
            self.courses.get(booking.course_id),
            organisation=self.settings.get(ORGANISATION),
            written_on=written_on,
        )

    def certificate(self, delegate_id: int, issued_on: date) -> Certificate:
        """The CPD certificate of a delegate who attended, numbered once and for good."""
        with transaction(self._conn):
            delegate = self.delegates.get(delegate_id)
            booking = self.bookings.get(delegate.booking_id)
            course = self.courses.get(booking.course_id)
            numbered = self.delegates.issue_certificate_number(delegate_id, course.held_on.year)
        return Certificate(
            number=numbered.certificate_number,
            organisation=self.settings.get(ORGANISATION),
            delegate=numbered.name,
            course=course.title,
            held_on=course.held_on,
            minutes=course.cpd_minutes,
            trainer=course.trainer,
            issued_on=issued_on,
        )

    # Complaints

    def record_complaint(self, complaint: Complaint) -> Complaint:
        """Record a new complaint with its deadlines, and audit it."""
        with transaction(self._conn):
            stored = self.complaints.add(complaint, self.deadline_rules())
            self.audit.record("complaint recorded", detail=stored.reference)
        return stored

    def update_complaint(self, complaint: Complaint) -> Complaint:
        """Correct a complaint's details; a new date of receipt moves its deadlines."""
        with transaction(self._conn):
            return self.complaints.update(complaint, self.deadline_rules())

    def acknowledge_complaint(self, complaint_id: int, on: date, how: AcknowledgedBy) -> Complaint:
        """Record the acknowledgement (when, how), and audit it."""
        with transaction(self._conn):
            stored = self.complaints.acknowledge(complaint_id, on, how)
            self.audit.record(
                "complaint acknowledged", detail=f"{stored.reference} by {stored.acknowledged_how}"
            )
        return stored

    def start_investigation(self, complaint_id: int) -> Complaint:
        """Mark a received or acknowledged complaint as under investigation."""
        return self.complaints.start_investigation(complaint_id)

    def record_response(self, complaint_id: int, on: date, outcome: str) -> Complaint:
        """Record the written response and its outcome, and audit it (never the outcome)."""
        with transaction(self._conn):
            stored = self.complaints.record_response(complaint_id, on, outcome)
            self.audit.record("complaint response sent", detail=stored.reference)
        return stored

    def close_complaint(self, complaint_id: int, on: date) -> Complaint:
        """Close a complaint (after the response, or when it is withdrawn), and audit it."""
        with transaction(self._conn):
            stored = self.complaints.close(complaint_id, on)
            self.audit.record("complaint closed", detail=stored.reference)
        return stored

    def complaint_rows(self, today: date) -> list[ComplaintRow]:
        """The complaints list: soonest outstanding deadline first, closed last, with flags."""
        return complaint_rows(self.complaints.all(), today)

    def complaints_due(self, today: date, days: int = 7) -> list[ComplaintRow]:
        """For the dashboard: open complaints overdue or due within ``days`` of ``today``."""
        return complaint_rows(self.complaints.due_by(today + timedelta(days=days)), today)

    # Subject access requests

    def record_access_request(self, request: AccessRequest) -> AccessRequest:
        """Record a newly received request, and audit it (by reference, never by name)."""
        with transaction(self._conn):
            stored = self.access_requests.add(request)
            self.audit.record("subject access request recorded", detail=stored.reference)
        return stored

    def update_access_request(self, request: AccessRequest) -> AccessRequest:
        """Correct or progress a request (identity checked, extended, answered); audited."""
        if request.id is None:
            raise ValueError("update needs a stored request")
        with transaction(self._conn):
            before = self.access_requests.get(request.id)
            stored = self.access_requests.update(request)
            for act, was, now in (
                ("identity checked", before.identity_checked_on, stored.identity_checked_on),
                ("answered", before.responded_on, stored.responded_on),
            ):
                if now is not None and was is None:
                    self.audit.record(f"subject access request {act}", detail=stored.reference)
            if stored.extension_months != before.extension_months:
                self.audit.record(
                    "subject access request extended",
                    detail=f"{stored.reference} to {stored.due_on.isoformat()}",
                )
        return stored

    def access_requests_open(self) -> list[AccessRequest]:
        """Every request not yet answered, however far off its deadline."""
        return [r for r in self.access_requests.all() if not r.answered]
