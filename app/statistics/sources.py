"""Where a book's statistics come from: the anonymous facts of a period, from a casebook or
from the office's book.

A casebook counts its own cases: those referred in the period (their stage at referral),
the outcome records of those closed in it, and the meetings held in it. An office book has
no cases: it counts the referrals it made, the outcome records mediators sent it, and the
meetings those records count. Either adds its registers' figures when it keeps them.
The counting is done by the database (``counted_between``, ``referred_by_stage``): only
counts and the times' whole numbers come back.
"""

from __future__ import annotations

from datetime import date

from app.books.casebook import Casebook
from app.books.office_book import OfficeBook
from app.cases.outcomes import FIRST_CONTACT_TARGET
from app.registers.complaints import ComplaintStatus
from app.registers.delegates import QUESTION_HEADINGS
from app.registers.service import Registers
from app.registers.training import BookingStatus
from app.statistics.figures import (
    Answered,
    CourseFigures,
    MeetingFigures,
    Period,
    RegisterFigures,
    StatisticsInputs,
)


def inputs_for(book: Casebook | OfficeBook, period: Period, today: date) -> StatisticsInputs:
    """The facts of ``period`` from either kind of book."""
    if isinstance(book, OfficeBook):
        return office_inputs(book, period, today)
    return casebook_inputs(book, period, today)


def casebook_inputs(casebook: Casebook, period: Period, today: date) -> StatisticsInputs:
    counted = casebook.meetings.counted_between(period.first, period.last)
    meetings = MeetingFigures(
        counts={kind: count for kind, (count, _) in counted.items()},
        minutes={kind: minutes for kind, (_, minutes) in counted.items()},
        basis="held in the period, in every case",
    )
    return StatisticsInputs(
        period=period,
        referred=casebook.cases.referred_by_stage(period.first, period.last),
        closed=casebook.outcomes.counted_between(period.first, period.last),
        meetings=meetings,
        first_contact_target=casebook.settings.get(FIRST_CONTACT_TARGET),
        today=today,
        registers=_register_figures(casebook.registers, period, casebook.keeps_registers),
    )


def office_inputs(office: OfficeBook, period: Period, today: date) -> StatisticsInputs:
    first, last = period.first, period.last
    meetings = office.outcomes.meetings_counted_between(first, last)
    return StatisticsInputs(
        period=period,
        referred=office.referrals.referred_by_stage(first, last),
        closed=office.outcomes.counted_between(first, last),
        meetings=MeetingFigures(meetings, None, "of the cases closed in the period"),
        first_contact_target=office.settings.get(FIRST_CONTACT_TARGET),
        today=today,
        registers=_register_figures(office.registers, period, True),
    )


def _register_figures(registers: Registers, period: Period, keeps: bool
                      ) -> RegisterFigures | None:  # fmt: skip
    if not keeps:
        return None
    complaints = tuple(
        Answered(
            c.received_on,
            c.response_due_on or c.received_on,
            c.response_sent_on,
            closed_unanswered=c.status is ComplaintStatus.CLOSED and c.response_sent_on is None,
        )
        for c in registers.complaints.all()
        if c.received_on in period
    )
    requests = tuple(
        Answered(r.received_on, r.due_on, r.responded_on)
        for r in registers.access_requests.all()
        if r.received_on in period
    )
    return RegisterFigures(
        courses=tuple(_course_figures(registers, period)),
        feedback_questions=QUESTION_HEADINGS,
        complaints=complaints,
        access_requests=requests,
    )


def _course_figures(registers: Registers, period: Period) -> list[CourseFigures]:
    """Each course held in the period: delegates booked (confirmed or attended bookings),
    delegates who attended (named ones marked so; a booking marked attended without names
    counts whole), and the feedback."""
    figures = []
    for summary in registers.courses.summaries(period.first, period.last):
        course_id = summary.course.id
        assert course_id is not None
        attended = 0
        for booking in registers.bookings.for_course(course_id):
            named = registers.delegates.for_booking(booking.id or 0)
            if named:
                attended += sum(d.attended is True for d in named)
            elif booking.status is BookingStatus.ATTENDED:
                attended += booking.delegates
        feedback = registers.feedback.summary(course_id)
        figures.append(
            CourseFigures(
                summary.course.title,
                summary.course.held_on,
                summary.confirmed_delegates,
                attended,
                feedback.forms,
                feedback.averages,
            )
        )
    return figures
