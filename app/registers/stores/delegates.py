"""Delegates of bookings, their attendance and certificate numbers, and their feedback."""

from __future__ import annotations

from typing import Any

from app.errors import InvalidValue, NotFound
from app.registers.delegates import (
    Delegate,
    Feedback,
    FeedbackSummary,
    certificate_number,
    check_delegate,
    check_feedback,
    summarise,
)
from app.registers.training import BookingStatus
from app.storage.convert import date_in, date_out
from app.storage.database import Connection
from app.storage.rows import Columns, Row, aliased, read_all, read_one

_COLUMNS = "id, booking_id, name, email, attended, certificate_number"
_FEEDBACK = "delegate_id, given_on, content, trainer, relevance, overall, comment"


class DelegateStore:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def add(self, delegate: Delegate) -> Delegate:
        """Name a delegate of a booking (no more than the booking is for)."""
        check_delegate(delegate)
        row = self._conn.execute(
            "SELECT delegates, status FROM training_bookings WHERE id = ?", (delegate.booking_id,)
        ).fetchone()
        if row is None:
            raise NotFound("That booking no longer exists.")
        booked, status = int(row[0]), row[1]
        if status == BookingStatus.CANCELLED.value:
            raise InvalidValue("booking", "this booking has been cancelled")
        named = self._conn.execute(
            "SELECT count(*) FROM training_delegates WHERE booking_id = ?", (delegate.booking_id,)
        ).fetchone()[0]
        if named >= booked:
            raise InvalidValue(
                "name",
                f"this booking is for {booked} delegate{'' if booked == 1 else 's'}, all named; "
                "change the booking to add more",
            )
        cur = self._conn.execute(
            "INSERT INTO training_delegates (booking_id, name, email, attended, "
            "certificate_number) VALUES (?, ?, ?, ?, ?)",
            _values(delegate),
        )
        return self.get(int(cur.lastrowid))

    def update(self, delegate: Delegate) -> Delegate:
        """Correct a delegate's name or e-mail, or record their attendance."""
        if delegate.id is None:
            raise ValueError("update needs a stored delegate")
        current = self.get(delegate.id)
        if current.certificate_number and delegate.attended is not True:
            raise InvalidValue(
                "attended", "a certificate has been issued to this delegate as having attended"
            )
        merged = Delegate(
            delegate.id, current.booking_id, delegate.name, delegate.email, delegate.attended,
            current.certificate_number,
        )  # fmt: skip
        check_delegate(merged)
        self._conn.execute(
            "UPDATE training_delegates SET name = ?, email = ?, attended = ? WHERE id = ?",
            (merged.name, merged.email, _attended(merged.attended), delegate.id),
        )
        return self.get(delegate.id)

    def issue_certificate_number(self, delegate_id: int, year: int) -> Delegate:
        """Give the delegate their certificate number, once; later calls keep it."""
        current = self.get(delegate_id)
        if current.attended is not True:
            raise InvalidValue("attended", "a certificate is only for a delegate who attended")
        if not current.certificate_number:
            self._conn.execute(
                "UPDATE training_delegates SET certificate_number = ? WHERE id = ?",
                (certificate_number(year, delegate_id), delegate_id),
            )
        return self.get(delegate_id)

    def get(self, delegate_id: int) -> Delegate:
        cursor = self._conn.execute(
            f"SELECT {_COLUMNS} FROM training_delegates WHERE id = ?", (delegate_id,)
        )
        found = read_one(cursor, _delegate)
        if found is None:
            raise NotFound("That delegate no longer exists.")
        return found

    def for_booking(self, booking_id: int) -> list[Delegate]:
        cursor = self._conn.execute(
            f"SELECT {_COLUMNS} FROM training_delegates WHERE booking_id = ? ORDER BY id",
            (booking_id,),
        )
        return read_all(cursor, _delegate)

    def for_course(self, course_id: int) -> list[Delegate]:
        """Every named delegate of the course's bookings, booking by booking."""
        cursor = self._conn.execute(
            f"SELECT {aliased('d', _COLUMNS)} FROM training_delegates d "
            "JOIN training_bookings b ON b.id = d.booking_id WHERE b.course_id = ? "
            "ORDER BY b.id, d.id",
            (course_id,),
        )
        return read_all(cursor, _delegate)

    def delete(self, delegate_id: int) -> None:
        """Remove a delegate named by mistake: not one with a certificate or feedback."""
        current = self.get(delegate_id)
        if current.certificate_number:
            raise InvalidValue("delegate", "this delegate has a certificate; it cannot be removed")
        if FeedbackStore(self._conn).get(delegate_id) is not None:
            raise InvalidValue("delegate", "this delegate gave feedback; it cannot be removed")
        self._conn.execute("DELETE FROM training_delegates WHERE id = ?", (delegate_id,))


class FeedbackStore:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def save(self, feedback: Feedback) -> Feedback:
        """Keep a delegate's form (replacing one given before); only from one who attended."""
        check_feedback(feedback)
        if DelegateStore(self._conn).get(feedback.delegate_id).attended is not True:
            raise InvalidValue("delegate", "feedback is given by a delegate who attended")
        self._conn.execute(
            f"INSERT INTO training_feedback ({_FEEDBACK}) VALUES (?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (delegate_id) DO UPDATE SET given_on = excluded.given_on, "
            "content = excluded.content, trainer = excluded.trainer, "
            "relevance = excluded.relevance, overall = excluded.overall, "
            "comment = excluded.comment",
            (feedback.delegate_id, date_out(feedback.given_on), *feedback.ratings,
             feedback.comment),
        )  # fmt: skip
        saved = self.get(feedback.delegate_id)
        assert saved is not None
        return saved

    def get(self, delegate_id: int) -> Feedback | None:
        cursor = self._conn.execute(
            f"SELECT {_FEEDBACK} FROM training_feedback WHERE delegate_id = ?", (delegate_id,)
        )
        return read_one(cursor, _feedback)

    def for_course(self, course_id: int) -> list[Feedback]:
        cursor = self._conn.execute(
            f"SELECT {aliased('f', _FEEDBACK)} FROM training_feedback f "
            "JOIN training_delegates d ON d.id = f.delegate_id "
            "JOIN training_bookings b ON b.id = d.booking_id WHERE b.course_id = ? ORDER BY d.id",
            (course_id,),
        )
        return read_all(cursor, _feedback)

    def summary(self, course_id: int) -> FeedbackSummary:
        """The course's averages per question, for the dashboard and the statistics."""
        return summarise(course_id, self.for_course(course_id))


def _attended(value: bool | None) -> int | None:
    return None if value is None else int(value)


def _values(delegate: Delegate) -> tuple[Any, ...]:
    return (
        delegate.booking_id,
        delegate.name,
        delegate.email,
        _attended(delegate.attended),
        delegate.certificate_number or None,
    )


def _delegate(row: Row, at: Columns) -> Delegate:
    attended = row[at["attended"]]
    return Delegate(
        id=row[at["id"]],
        booking_id=row[at["booking_id"]],
        name=row[at["name"]],
        email=row[at["email"]],
        attended=None if attended is None else bool(attended),
        certificate_number=row[at["certificate_number"]] or "",
    )


def _feedback(row: Row, at: Columns) -> Feedback:
    given_on = date_in(row[at["given_on"]])
    assert given_on is not None  # NOT NULL in the schema
    return Feedback(
        delegate_id=row[at["delegate_id"]],
        given_on=given_on,
        content=row[at["content"]],
        trainer=row[at["trainer"]],
        relevance=row[at["relevance"]],
        overall=row[at["overall"]],
        comment=row[at["comment"]],
    )
