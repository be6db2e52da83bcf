"""Meetings booked over one another, and notes dated before their meeting: said, never refused.

A mediator cannot be in two meetings at once, whichever cases they belong to; a note written
before the meeting it records is most likely a mistyped date."""

from __future__ import annotations

from datetime import datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from app.books.casebook import Casebook
from app.cases.clashes import before_its_meeting, clashing, overlap
from app.cases.records import Case, Meeting, MeetingKind

START = datetime(2026, 3, 20, 14, 0)


def _meeting(at: datetime, minutes: int | None, meeting_id: int | None = None) -> Meeting:
    return Meeting(meeting_id, 1, MeetingKind.JOINT, at, minutes)


def test_the_same_start_clashes_with_or_without_a_length() -> None:
    assert overlap(_meeting(START, None), _meeting(START, None))
    assert overlap(_meeting(START, 60), _meeting(START, None))
    assert not overlap(_meeting(START, None), _meeting(START + timedelta(minutes=1), None))


def test_back_to_back_meetings_do_not_clash() -> None:
    assert not overlap(_meeting(START, 60), _meeting(START + timedelta(hours=1), 30))
    assert overlap(_meeting(START, 61), _meeting(START + timedelta(hours=1), 30))


moments = st.integers(0, 60 * 48).map(lambda m: START + timedelta(minutes=m))
lengths = st.none() | st.integers(1, 24 * 60)


@given(moments, lengths, moments, lengths)
def test_overlap_is_two_spans_sharing_a_minute(
    a_at: datetime, a_len: int | None, b_at: datetime, b_len: int | None
) -> None:
    a, b = _meeting(a_at, a_len), _meeting(b_at, b_len)
    assert overlap(a, b) == overlap(b, a)

    def minutes(at: datetime, length: int | None) -> set[datetime]:
        return {at + timedelta(minutes=n) for n in range(length or 1)}

    assert overlap(a, b) == bool(minutes(a_at, a_len) & minutes(b_at, b_len))


def test_a_meeting_never_clashes_with_itself_when_edited() -> None:
    kept = _meeting(START, 60, meeting_id=7)
    assert clashing(kept, [kept]) == []
    other = _meeting(START + timedelta(minutes=30), 60, meeting_id=8)
    assert clashing(kept, [kept, other]) == [other]


def test_the_casebook_finds_clashes_across_cases(casebook: Casebook) -> None:
    first = casebook.cases.add(Case(None, "MM-2026-001", "Feeding plan")).id or 0
    second = casebook.cases.add(Case(None, "MM-2026-002", "Ventilation")).id or 0
    long_one = casebook.meetings.add(
        Meeting(None, first, MeetingKind.JOINT, START - timedelta(hours=3), 4 * 60)
    )
    casebook.meetings.add(Meeting(None, second, MeetingKind.SEPARATE, START + timedelta(hours=2)))
    wanted = Meeting(None, second, MeetingKind.JOINT, START, 60)
    assert casebook.meetings.clashing_with(wanted) == [long_one]


def test_a_note_before_its_meeting_day() -> None:
    meeting = _meeting(START, 60)
    assert before_its_meeting(START - timedelta(days=1), meeting)
    assert not before_its_meeting(START.replace(hour=9), meeting)  # written that morning
    assert not before_its_meeting(START + timedelta(days=2), meeting)
