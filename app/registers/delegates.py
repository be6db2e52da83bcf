"""The delegates of a course: who came, their CPD certificates, and their feedback.

Each booking names its delegates (up to the number booked). Attendance is recorded per
delegate; a delegate who attended gets a CPD certificate (their name, the course, its date,
its length in hours, the trainer, the organisation, and a certificate number kept once
given), and may give feedback: four ratings from 1 (poor) to 5 (excellent) and a comment.
The averages per course reach the dashboard and the statistics; the comments never leave
the book (no document or report has a place for them).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.cases.validation import LONG_TEXT, check_date, check_text
from app.errors import InvalidValue

#: The feedback form's ratings: (field, question as the form asks it).
QUESTIONS: tuple[tuple[str, str], ...] = (
    ("content", "The content"),
    ("trainer", "The trainer"),
    ("relevance", "Relevance to my practice"),
    ("overall", "Overall"),
)
#: Short headings for tables and the statistics.
QUESTION_HEADINGS = ("Content", "Trainer", "Relevance", "Overall")


@dataclass(frozen=True)
class Delegate:
    id: int | None
    booking_id: int
    name: str
    email: str = ""
    attended: bool | None = None  # None: not yet recorded
    certificate_number: str = ""


@dataclass(frozen=True)
class Feedback:
    delegate_id: int
    given_on: date
    content: int
    trainer: int
    relevance: int
    overall: int
    comment: str = ""  # stays in the book

    @property
    def ratings(self) -> tuple[int, int, int, int]:
        return (self.content, self.trainer, self.relevance, self.overall)


@dataclass(frozen=True)
class FeedbackSummary:
    """A course's feedback: how many forms, and each rating's average (``None``: no forms)."""

    course_id: int
    forms: int
    averages: tuple[float | None, ...]


@dataclass(frozen=True)
class Certificate:
    """Everything a CPD certificate may show, and nothing else."""

    number: str
    organisation: str
    delegate: str
    course: str
    held_on: date
    minutes: int
    trainer: str
    issued_on: date

    @property
    def hours_text(self) -> str:
        """``7 hours``, ``3.5 hours``, ``1 hour``."""
        hours = self.minutes / 60
        shown = f"{hours:g}" if hours * 4 == int(hours * 4) else f"{hours:.2f}"
        return f"{shown} hour{'' if hours == 1 else 's'}"


def certificate_number(year: int, delegate_id: int) -> str:
    """``CPD-2026-00042``: the year of the course and the delegate's own number."""
    return f"CPD-{year}-{delegate_id:05d}"


def check_delegate(delegate: Delegate) -> None:
    check_text("name", delegate.name, required=True)
    check_text("email", delegate.email)
    if delegate.certificate_number and delegate.attended is not True:
        raise InvalidValue("attended", "a certificate is only for a delegate who attended")


def check_feedback(feedback: Feedback) -> None:
    check_date("given_on", feedback.given_on)
    for (field, _question), rating in zip(QUESTIONS, feedback.ratings, strict=True):
        if not 1 <= rating <= 5:
            raise InvalidValue(field, "give a rating from 1 (poor) to 5 (excellent)")
    check_text("comment", feedback.comment, limit=LONG_TEXT, multiline=True)


def summarise(course_id: int, forms: list[Feedback]) -> FeedbackSummary:
    """The course's averages, one per question."""
    if not forms:
        return FeedbackSummary(course_id, 0, (None,) * len(QUESTIONS))
    averages = tuple(
        sum(form.ratings[n] for form in forms) / len(forms) for n in range(len(QUESTIONS))
    )
    return FeedbackSummary(course_id, len(forms), averages)
