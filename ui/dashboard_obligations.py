"""The panels both dashboards show, the casebook's and the office's, from one reading:
courses coming up, complaints and subject access requests due or overdue, and feedback on
recent courses (averages per course); and, in a casebook, first contacts due or late (the
referral clock). Each item holds the id Enter opens; an overdue one is bold with a warning
icon, and says so in words.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from PySide6.QtCore import Qt, SignalInstance
from PySide6.QtGui import QFont, QStandardItem
from PySide6.QtWidgets import QApplication, QStyle, QWidget

from app.books.casebook import Casebook
from app.books.kinds import AnyBook
from app.books.outcomes import LateContact, late_first_contacts
from app.formatting import format_date
from app.registers.access_requests import AccessRequest, due_soon
from app.registers.complaints import ComplaintRow, deadline_text
from app.registers.delegates import QUESTION_HEADINGS, FeedbackSummary
from app.registers.training import Booking, BookingStatus, Course, CourseSummary
from ui.widgets.lists import ListPanel, plural, weekday_date
from ui.widgets.roles import ID_ROLE

WEEK = 7  # days, today included
COURSE_DAYS = 28
RECENT_COURSES = 90  # days back for "recent" feedback
REQUESTS_TITLE = "Subject access requests due this week, and overdue"


@dataclass(frozen=True)
class Obligations:
    courses: list[CourseSummary]
    bookings: dict[int | None, list[Booking]]
    complaints: list[ComplaintRow]
    #: Unanswered requests overdue or due within the week, soonest first.
    requests: list[AccessRequest]
    #: Every unanswered request, those due later included.
    open_requests: int
    feedback: list[tuple[Course, FeedbackSummary]]
    today: date
    contacts: list[LateContact] = field(default_factory=list)  # a casebook's cases


def read_obligations(book: AnyBook, today: date) -> Obligations:
    """What either kind of book has coming up and owes, for its dashboard."""
    registers = book.registers
    courses = registers.upcoming_courses(today, COURSE_DAYS)
    recent = registers.courses.summaries(today - timedelta(days=RECENT_COURSES), today)
    feedback = [
        (s.course, registers.feedback.summary(s.course.id))
        for s in recent
        if s.course.id is not None and s.course.held_on <= today
    ]
    open_requests = registers.access_requests_open()
    return Obligations(
        courses,
        {c.course.id: registers.bookings.for_course(c.course.id or 0) for c in courses},
        registers.complaints_due(today, WEEK),
        due_soon(open_requests, today, WEEK),
        len(open_requests),
        [(c, f) for c, f in feedback if f.forms],
        today,
        late_first_contacts(book, today) if isinstance(book, Casebook) else [],
    )


class RegisterPanels:
    """The four panels of the registers, made for a dashboard page (its children)."""

    def __init__(self, parent: QWidget) -> None:
        self.courses = ListPanel("Courses coming up", "Courses in the next four weeks", parent)
        self.complaints = ListPanel(
            "Complaints due this week, and overdue", "Complaints due or overdue", parent
        )
        self.requests = ListPanel(REQUESTS_TITLE, "Subject access requests due or overdue", parent)
        self.feedback = ListPanel("Feedback on recent courses", "Course feedback averages", parent)

    def lead_to(self, course: SignalInstance, complaint: SignalInstance,
                request: SignalInstance) -> None:  # fmt: skip
        """Enter on an item emits its id on the page's signal for what it is."""
        self.courses.activated.connect(course)
        self.feedback.activated.connect(course)
        self.complaints.activated.connect(complaint)
        self.requests.activated.connect(request)

    def show(self, found: Obligations) -> None:
        self.courses.set_items(
            [course_item(c, found.bookings.get(c.course.id, [])) for c in found.courses],
            "No courses in the next four weeks. Add courses and their bookings on the Training "
            "page.",
        )
        self.complaints.set_items(
            [complaint_item(row) for row in found.complaints],
            "No complaints due this week, and none overdue.",
        )
        later = found.open_requests - len(found.requests)
        # Those due later are counted, so that the panel never looks like the whole register.
        more = f" (+{later} due later)" if later else ""
        self.requests.setTitle(REQUESTS_TITLE + more)
        self.requests.set_items(
            [_request(r, found.today) for r in found.requests],
            "No subject access request due this week, and none overdue."
            + (f" {_open_later(later)} See the Subject access page." if later else ""),
        )
        self.feedback.set_items(
            [_feedback(c, f) for c, f in found.feedback],
            "No feedback from courses of the last three months yet. Record it with each "
            "booking's delegates on the Training page.",
        )


def show_contacts(found: Obligations, contacts: ListPanel, *, safe_view: bool) -> None:
    """A casebook's first contacts due or late; in safe view a case is named by its
    reference alone."""
    contacts.set_items(
        [_contact(c, safe_view) for c in found.contacts],
        "No case is waiting past its target for a first contact.",
    )


def list_item(text: str, record_id: int | None, tooltip: str = "", *, warn: bool = False
              ) -> QStandardItem:  # fmt: skip
    """One entry of a dashboard list: its text, the id Enter opens, and a tooltip; bold with
    a warning icon when ``warn`` (its text says why)."""
    item = QStandardItem(text)
    item.setData(record_id, ID_ROLE)
    item.setToolTip(tooltip or text)
    item.setData(text.replace("\n", ". "), Qt.ItemDataRole.AccessibleTextRole)
    if warn:
        font = QFont()
        font.setBold(True)
        item.setFont(font)
        item.setIcon(QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning))
    return item


def course_item(summary: CourseSummary, bookings: list[Booking]) -> QStandardItem:
    """A course in a dashboard's list: when, what, who is booked; Enter opens it."""
    course = summary.course
    booked = f"{plural(summary.confirmed_delegates, 'delegate')} confirmed"
    if summary.provisional_delegates:
        booked += f", {summary.provisional_delegates} provisional"
    live = [b for b in bookings if b.status is not BookingStatus.CANCELLED]
    names = "; ".join(f"{b.organisation} ({b.delegates}, {b.status.label.lower()})"
                      for b in live[:3])  # fmt: skip
    if len(live) > 3:
        names += f"; and {len(live) - 3} more"
    text = (
        f"{weekday_date(course.held_on)} · {course.title} ({course.length.label.lower()})"
        f"\n{booked}" + (f"\n{names}" if names else "\nNo bookings yet")
    )
    return list_item(text, course.id, f"{text}\n\nPress Enter to see it on the Training page.")


def complaint_item(row: ComplaintRow) -> QStandardItem:
    """A complaint in a dashboard's list, by reference, with what is due (bold if overdue)."""
    complaint = row.complaint
    text = (
        f"{complaint.reference} · {deadline_text(row)}\n{complaint.about.label}, received "
        f"{format_date(complaint.received_on)}"
    )
    return list_item(text, complaint.id,
                     f"{text}\n\nPress Enter to see it on the Complaints page.",
                     warn=row.overdue)  # fmt: skip


def _contact(late: LateContact, safe_view: bool) -> QStandardItem:
    case = late.case
    named = case.reference if safe_view else f"{case.reference} {case.title}"
    when = (f"Due today ({format_date(late.due_on)})" if not late.working_days_late
            else f"Late: {plural(late.working_days_late, 'working day')} past "
                 f"{format_date(late.due_on)}")  # fmt: skip
    text = f"{named}\n{when}; referred {format_date(case.referred_on)}"
    return list_item(text, case.id, f"{text}\n\nPress Enter to open the case.",
                     warn=late.working_days_late > 0)  # fmt: skip


def _request(request: AccessRequest, today: date) -> QStandardItem:
    text = f"{request.reference} · {request.state(today)}"
    return list_item(text, request.id, f"{text}\n\nPress Enter to see it on the Subject access "
                     "page.", warn=request.overdue(today))  # fmt: skip


def _open_later(count: int) -> str:
    return f"{plural(count, 'open request')} {'is' if count == 1 else 'are'} due later."


def _feedback(course: Course, summary: FeedbackSummary) -> QStandardItem:
    pairs = zip(QUESTION_HEADINGS, summary.averages, strict=True)
    figures = ", ".join(f"{name.lower()} {value:.1f}" for name, value in pairs if value)
    text = (f"{course.title}, {format_date(course.held_on)}\n"
            f"{plural(summary.forms, 'form')}: {figures}")  # fmt: skip
    return list_item(text, course.id, f"{text}\n\nPress Enter to see it on the Training page.")
