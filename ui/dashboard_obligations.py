"""The dashboard's panels for the service's obligations: first contacts due or late (the
referral clock), subject access requests due or overdue, and feedback on recent courses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from PySide6.QtGui import QFont, QStandardItem
from PySide6.QtWidgets import QApplication, QStyle

from app.books.casebook import Casebook
from app.books.outcomes import LateContact, late_first_contacts
from app.formatting import format_date
from app.registers.access_requests import AccessRequest
from app.registers.delegates import QUESTION_HEADINGS, FeedbackSummary
from app.registers.training import Course
from ui.widgets.lists import ListPanel, plural
from ui.widgets.roles import ID_ROLE

RECENT_COURSES = 90  # days back for "recent" feedback


@dataclass(frozen=True)
class Obligations:
    contacts: list[LateContact]
    requests: list[AccessRequest]
    feedback: list[tuple[Course, FeedbackSummary]]
    today: date


def read_obligations(casebook: Casebook, today: date, days: int) -> Obligations:
    registers = casebook.registers
    recent = registers.courses.summaries(today - timedelta(days=RECENT_COURSES), today)
    feedback = [
        (s.course, registers.feedback.summary(s.course.id))
        for s in recent
        if s.course.id is not None and s.course.held_on <= today
    ]
    return Obligations(
        late_first_contacts(casebook, today),
        registers.access_requests_due(today, days),
        [(c, f) for c, f in feedback if f.forms],
        today,
    )


def show_obligations(found: Obligations, contacts: ListPanel, requests: ListPanel,
                     feedback: ListPanel, *, safe_view: bool = False) -> None:  # fmt: skip
    """Fill the three panels; in safe view a case is named by its reference alone."""
    contacts.set_items(
        [_contact(c, safe_view) for c in found.contacts],
        "No case is waiting past its target for a first contact.",
    )
    requests.set_items(
        [_request(r, found.today) for r in found.requests],
        "No subject access request due this week, and none overdue.",
    )
    feedback.set_items(
        [_feedback(c, f) for c, f in found.feedback],
        "No feedback from courses of the last three months yet. Record it with each "
        "booking's delegates on the Training page.",
    )


def _item(text: str, record_id: int | None, hint: str, *, warn: bool = False) -> QStandardItem:
    item = QStandardItem(text)
    item.setData(record_id, ID_ROLE)
    item.setToolTip(f"{text}\n\n{hint}")
    if warn:
        font = QFont()
        font.setBold(True)
        item.setFont(font)
        item.setIcon(QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning))
    return item


def _contact(late: LateContact, safe_view: bool) -> QStandardItem:
    case = late.case
    named = case.reference if safe_view else f"{case.reference} {case.title}"
    when = (f"Due today ({format_date(late.due_on)})" if not late.working_days_late
            else f"Late: {plural(late.working_days_late, 'working day')} past "
                 f"{format_date(late.due_on)}")  # fmt: skip
    text = f"{named}\n{when}; referred {format_date(case.referred_on)}"
    return _item(text, case.id, "Press Enter to open the case.",
                 warn=late.working_days_late > 0)  # fmt: skip


def _request(request: AccessRequest, today: date) -> QStandardItem:
    text = f"{request.reference} · {request.state(today)}"
    return _item(text, request.id, "Press Enter to see it on the Subject access page.",
                 warn=request.overdue(today))  # fmt: skip


def _feedback(course: Course, summary: FeedbackSummary) -> QStandardItem:
    pairs = zip(QUESTION_HEADINGS, summary.averages, strict=True)
    figures = ", ".join(f"{name.lower()} {value:.1f}" for name, value in pairs if value)
    text = (f"{course.title}, {format_date(course.held_on)}\n"
            f"{plural(summary.forms, 'form')}: {figures}")  # fmt: skip
    return _item(text, course.id, "Press Enter to see it on the Training page.")
