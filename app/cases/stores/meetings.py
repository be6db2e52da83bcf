"""Meetings with the parties: pre-mediation contact, separate and joint meetings, support."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from app.cases.clashes import clashing
from app.cases.records import Meeting, MeetingKind
from app.cases.stores.parties import require_parties_of_case
from app.cases.validation import MAX_MEETING_MINUTES, check_meeting
from app.errors import NotFound
from app.storage.convert import time_in, time_out
from app.storage.database import Connection
from app.storage.rows import Columns, Row, read_all, read_one


class MeetingStore:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def add(self, meeting: Meeting) -> Meeting:
        check_meeting(meeting)
        require_parties_of_case(self._conn, meeting.case_id, meeting.attendee_ids, "attendees")
        cur = self._conn.execute(
            "INSERT INTO meetings (case_id, kind, starts_at, minutes, place) "
            "VALUES (?, ?, ?, ?, ?)",
            (
                meeting.case_id,
                meeting.kind.value,
                time_out(meeting.starts_at),
                meeting.minutes,
                meeting.place,
            ),
        )
        meeting_id = int(cur.lastrowid)
        self._set_attendees(meeting_id, meeting.attendee_ids)
        return self.get(meeting_id)

    def update(self, meeting: Meeting) -> Meeting:
        check_meeting(meeting)
        require_parties_of_case(self._conn, meeting.case_id, meeting.attendee_ids, "attendees")
        cur = self._conn.execute(
            "UPDATE meetings SET kind = ?, starts_at = ?, minutes = ?, place = ? "
            "WHERE id = ? AND case_id = ?",
            (
                meeting.kind.value,
                time_out(meeting.starts_at),
                meeting.minutes,
                meeting.place,
                meeting.id,
                meeting.case_id,
            ),
        )
        if cur.rowcount != 1 or meeting.id is None:
            raise NotFound("That meeting no longer exists.")
        self._conn.execute("DELETE FROM meeting_attendees WHERE meeting_id = ?", (meeting.id,))
        self._set_attendees(meeting.id, meeting.attendee_ids)
        return self.get(meeting.id)

    def get(self, meeting_id: int) -> Meeting:
        found = read_one(
            self._conn.execute(
                "SELECT id, case_id, kind, starts_at, minutes, place FROM meetings WHERE id = ?",
                (meeting_id,),
            ),
            self._meeting,
        )
        if found is None:
            raise NotFound("That meeting no longer exists.")
        return found

    def for_case(self, case_id: int) -> list[Meeting]:
        return read_all(
            self._conn.execute(
                "SELECT id, case_id, kind, starts_at, minutes, place FROM meetings "
                "WHERE case_id = ? ORDER BY starts_at, id",
                (case_id,),
            ),
            self._meeting,
        )

    def counted_between(self, first: date, last: date) -> dict[MeetingKind, tuple[int, int]]:
        """Meetings of every case from ``first`` to ``last`` (both days included), by kind:
        how many, and their minutes added up (for the statistics)."""
        rows = self._conn.execute(
            "SELECT kind, count(*), coalesce(sum(minutes), 0) FROM meetings "
            "WHERE starts_at >= ? AND starts_at < ? GROUP BY kind",
            (first.isoformat(), (last + timedelta(days=1)).isoformat()),
        )
        found = {kind: (0, 0) for kind in MeetingKind}
        for kind, count, minutes in rows:
            found[MeetingKind(kind)] = (int(count), int(minutes))
        return found

    def cases_meeting_between(self, start: datetime, end: datetime) -> list[int]:
        """Ids of the cases with a meeting starting at or after ``start`` and before ``end``
        (read from the meetings' index by start, however many cases there are)."""
        rows = self._conn.execute(
            "SELECT DISTINCT case_id FROM meetings WHERE starts_at >= ? AND starts_at < ?",
            (time_out(start), time_out(end)),
        )
        return [r[0] for r in rows]

    def clashing_with(self, meeting: Meeting) -> list[Meeting]:
        """The meetings of every case that overlap ``meeting`` (itself left out): read
        from the meetings' index by start, from the longest a meeting can last before it."""
        start, end = meeting.starts_at, meeting.starts_at + timedelta(minutes=meeting.minutes or 1)
        near = read_all(
            self._conn.execute(
                "SELECT id, case_id, kind, starts_at, minutes, place FROM meetings "
                "WHERE starts_at > ? AND starts_at < ? ORDER BY starts_at, id",
                (time_out(start - timedelta(minutes=MAX_MEETING_MINUTES)), time_out(end)),
            ),
            self._meeting,
        )
        return clashing(meeting, near)

    def delete(self, meeting_id: int) -> None:
        """Remove a meeting; its notes stay with the case, no longer tied to a meeting."""
        self._conn.execute("DELETE FROM meetings WHERE id = ?", (meeting_id,))

    def _set_attendees(self, meeting_id: int, party_ids: tuple[int, ...]) -> None:
        self._conn.executemany(
            "INSERT INTO meeting_attendees (meeting_id, party_id) VALUES (?, ?)",
            [(meeting_id, p) for p in party_ids],
        )

    def _meeting(self, row: Row, at: Columns) -> Meeting:
        attendees = tuple(
            r[0]
            for r in self._conn.execute(
                "SELECT party_id FROM meeting_attendees WHERE meeting_id = ? ORDER BY party_id",
                (row[at["id"]],),
            )
        )
        starts_at = time_in(row[at["starts_at"]])
        assert starts_at is not None  # NOT NULL in the schema
        return Meeting(
            id=row[at["id"]],
            case_id=row[at["case_id"]],
            kind=MeetingKind(row[at["kind"]]),
            starts_at=starts_at,
            minutes=row[at["minutes"]],
            place=row[at["place"]],
            attendee_ids=attendees,
        )
