"""Meetings booked over one another, and notes dated before their meeting.

Neither is refused: a mediator may mean it (a note written the day before, a double booking
being moved). Both are said beside the field, so a mistyped date or time is caught while
the form is still open.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from app.cases.records import Meeting


def span(meeting: Meeting) -> tuple[datetime, datetime]:
    """When ``meeting`` starts and ends; one without a length takes its starting minute."""
    return meeting.starts_at, meeting.starts_at + timedelta(minutes=meeting.minutes or 1)


def overlap(a: Meeting, b: Meeting) -> bool:
    """Whether the two meetings share a minute (back to back is not a clash)."""
    a_start, a_end = span(a)
    b_start, b_end = span(b)
    return a_start < b_end and b_start < a_end


def clashing(meeting: Meeting, others: Iterable[Meeting]) -> list[Meeting]:
    """The meetings of ``others`` that overlap ``meeting``, itself left out (when edited)."""
    return [
        other
        for other in others
        if not (meeting.id is not None and other.id == meeting.id) and overlap(meeting, other)
    ]


def before_its_meeting(written_at: datetime, meeting: Meeting) -> bool:
    """A note dated a day (or more) before the meeting it is tied to."""
    return written_at.date() < meeting.starts_at.date()
