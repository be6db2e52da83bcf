"""Training courses and their bookings, with the charge of each cancellation as recorded."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from app.errors import InvalidValue, NotFound
from app.registers.calendar import Region
from app.registers.training import (
    Booking,
    BookingStatus,
    CancellationCharge,
    CancellationTier,
    Course,
    CourseLength,
    CourseSummary,
    check_booking,
    check_course,
    stored_charge,
)
from app.storage.convert import date_in, date_out, now_text
from app.storage.database import Connection
from app.storage.rows import Columns, Row, aliased, read_all, read_one

_COURSE_COLUMNS = "id, title, length, held_on, place, fee_pence, trainer, cpd_minutes"
_BOOKING_COLUMNS = (
    "id, course_id, organisation, contact_name, contact_email, contact_address, delegates, "
    "status, confirmed_on, cancelled_on, cancel_working_days, cancel_tier, cancel_cost_pence, "
    "cancel_net_pence, cancel_vat_rate, cancel_vat_pence, cancel_course_on, cancel_region"
)


def to_pence(amount: Decimal) -> int:
    """Whole pence; the amount must already be exact to the penny."""
    pence = amount * 100
    if pence != pence.to_integral_value():
        raise ValueError(f"{amount} is not a whole number of pence")
    return int(pence)


def from_pence(pence: int) -> Decimal:
    return (Decimal(pence) / 100).quantize(Decimal("0.01"))


class CourseStore:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def add(self, course: Course) -> Course:
        """Store a new course."""
        check_course(course)
        cur = self._conn.execute(
            "INSERT INTO training_courses (title, length, held_on, place, fee_pence, trainer, "
            "cpd_minutes, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (*_course_values(course), now_text()),
        )
        return self.get(int(cur.lastrowid))

    def update(self, course: Course) -> Course:
        """Change a course's details; charges recorded for cancellations stay as they were."""
        if course.id is None:
            raise ValueError("update needs a stored course")
        check_course(course)
        for booking in BookingStore(self._conn).for_course(course.id):
            if booking.confirmed_on is not None and booking.confirmed_on > course.held_on:
                raise InvalidValue(
                    "held_on", f"booking {booking.reference} was confirmed after this date"
                )
        cur = self._conn.execute(
            "UPDATE training_courses SET title = ?, length = ?, held_on = ?, place = ?, "
            "fee_pence = ?, trainer = ?, cpd_minutes = ?, updated_at = ? WHERE id = ?",
            (*_course_values(course), now_text(), course.id),
        )
        if cur.rowcount != 1:
            raise NotFound("That course no longer exists.")
        return self.get(course.id)

    def get(self, course_id: int) -> Course:
        found = read_one(
            self._conn.execute(
                f"SELECT {_COURSE_COLUMNS} FROM training_courses WHERE id = ?", (course_id,)
            ),
            _course,
        )
        if found is None:
            raise NotFound("That course no longer exists.")
        return found

    def all(self) -> list[Course]:
        """Every course, earliest first."""
        return read_all(
            self._conn.execute(
                f"SELECT {_COURSE_COLUMNS} FROM training_courses ORDER BY held_on, id"
            ),
            _course,
        )

    def summaries(self, start: date | None = None, end: date | None = None) -> list[CourseSummary]:
        """Courses held from ``start`` to ``end`` (inclusive, either open), earliest first,
        with their confirmed (or attended) and provisional bookings and delegates counted."""
        cursor = self._conn.execute(
            f"""
            SELECT {aliased("c", _COURSE_COLUMNS)},
                   count(b.id) FILTER (WHERE b.status IN ('confirmed', 'attended'))
                       AS confirmed_bookings,
                   coalesce(sum(b.delegates) FILTER (WHERE b.status IN ('confirmed', 'attended')),
                            0) AS confirmed_delegates,
                   count(b.id) FILTER (WHERE b.status = 'provisional') AS provisional_bookings,
                   coalesce(sum(b.delegates) FILTER (WHERE b.status = 'provisional'), 0)
                       AS provisional_delegates
            FROM training_courses c LEFT JOIN training_bookings b ON b.course_id = c.id
            WHERE c.held_on >= coalesce(:start, '') AND c.held_on <= coalesce(:end, '9999')
            GROUP BY c.id ORDER BY c.held_on, c.id
            """,
            {"start": date_out(start), "end": date_out(end)},
        )
        return read_all(cursor, _summary)

    def delete(self, course_id: int) -> None:
        """Delete a course that has no bookings."""
        has_bookings = self._conn.execute(
            "SELECT 1 FROM training_bookings WHERE course_id = ? LIMIT 1", (course_id,)
        ).fetchone()
        if has_bookings:
            raise InvalidValue("course", "this course has bookings; it cannot be deleted")
        self._conn.execute("DELETE FROM training_courses WHERE id = ?", (course_id,))


class BookingStore:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def add(self, booking: Booking) -> Booking:
        """Store a new provisional or confirmed booking (cancelling has its own path)."""
        if booking.status not in (BookingStatus.PROVISIONAL, BookingStatus.CONFIRMED):
            raise InvalidValue("status", "a new booking is provisional or confirmed")
        check_booking(booking, CourseStore(self._conn).get(booking.course_id))
        cur = self._conn.execute(
            "INSERT INTO training_bookings (course_id, organisation, contact_name, contact_email, "
            "contact_address, delegates, status, confirmed_on, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (booking.course_id, *_booking_values(booking), now_text()),
        )
        return self.get(int(cur.lastrowid))

    def update(self, booking: Booking) -> Booking:
        """Change a booking's details or status, but never into or out of *cancelled*."""
        if booking.id is None:
            raise ValueError("update needs a stored booking")
        current = self.get(booking.id)
        if current.status is BookingStatus.CANCELLED:
            raise InvalidValue("status", "this booking has been cancelled; it cannot be changed")
        if booking.status is BookingStatus.CANCELLED:
            raise InvalidValue("status", "cancel a booking with Cancel booking, which works out "
                               "the charge")  # fmt: skip
        check_booking(booking, CourseStore(self._conn).get(current.course_id))
        self._conn.execute(
            "UPDATE training_bookings SET organisation = ?, contact_name = ?, contact_email = ?, "
            "contact_address = ?, delegates = ?, status = ?, confirmed_on = ?, updated_at = ? "
            "WHERE id = ?",
            (*_booking_values(booking), now_text(), booking.id),
        )
        return self.get(booking.id)

    def record_cancellation(self, booking_id: int, charge: CancellationCharge) -> Booking:
        """Mark a confirmed booking cancelled with its charge (worked out by the caller)."""
        cur = self._conn.execute(
            "UPDATE training_bookings SET status = 'cancelled', cancelled_on = ?, "
            "cancel_working_days = ?, cancel_tier = ?, cancel_cost_pence = ?, "
            "cancel_net_pence = ?, cancel_vat_rate = ?, cancel_vat_pence = ?, "
            "cancel_course_on = ?, cancel_region = ?, updated_at = ? "
            "WHERE id = ? AND status = 'confirmed'",
            (
                date_out(charge.cancelled_on),
                charge.working_days_before,
                charge.tier.value,
                to_pence(charge.cost),
                to_pence(charge.net),
                str(charge.vat_rate),
                to_pence(charge.vat),
                date_out(charge.course_on),
                charge.region.value,
                now_text(),
                booking_id,
            ),
        )
        if cur.rowcount != 1:
            raise InvalidValue("status", "only a confirmed booking can be cancelled")
        return self.get(booking_id)

    def get(self, booking_id: int) -> Booking:
        found = read_one(
            self._conn.execute(
                f"SELECT {_BOOKING_COLUMNS} FROM training_bookings WHERE id = ?", (booking_id,)
            ),
            _booking,
        )
        if found is None:
            raise NotFound("That booking no longer exists.")
        return found

    def for_course(self, course_id: int) -> list[Booking]:
        """The course's bookings in the order they were made."""
        return read_all(
            self._conn.execute(
                f"SELECT {_BOOKING_COLUMNS} FROM training_bookings WHERE course_id = ? ORDER BY id",
                (course_id,),
            ),
            _booking,
        )

    def delete(self, booking_id: int) -> None:
        """Withdraw a provisional booking; confirmed ones are cancelled, not deleted."""
        if self.get(booking_id).status is not BookingStatus.PROVISIONAL:
            raise InvalidValue(
                "status", "only a provisional booking can be withdrawn; cancel a confirmed one"
            )
        self._conn.execute("DELETE FROM training_bookings WHERE id = ?", (booking_id,))


def _course_values(course: Course) -> tuple[Any, ...]:
    return (
        course.title,
        course.length.value,
        date_out(course.held_on),
        course.place,
        to_pence(course.fee),
        course.trainer,
        course.cpd_minutes_set,
    )


def _course(row: Row, at: Columns) -> Course:
    held_on = date_in(row[at["held_on"]])
    assert held_on is not None  # NOT NULL in the schema
    return Course(
        id=row[at["id"]],
        title=row[at["title"]],
        length=CourseLength(row[at["length"]]),
        held_on=held_on,
        place=row[at["place"]],
        fee=from_pence(row[at["fee_pence"]]),
        trainer=row[at["trainer"]],
        cpd_minutes_set=row[at["cpd_minutes"]],
    )


def _summary(row: Row, at: Columns) -> CourseSummary:
    return CourseSummary(
        course=_course(row, at),
        confirmed_bookings=row[at["confirmed_bookings"]],
        confirmed_delegates=row[at["confirmed_delegates"]],
        provisional_bookings=row[at["provisional_bookings"]],
        provisional_delegates=row[at["provisional_delegates"]],
    )


def _booking_values(booking: Booking) -> tuple[Any, ...]:
    return (
        booking.organisation,
        booking.contact_name,
        booking.contact_email,
        booking.contact_address,
        booking.delegates,
        booking.status.value,
        date_out(booking.confirmed_on),
    )


def _booking(row: Row, at: Columns) -> Booking:
    charge = None
    cancelled_on, course_on = date_in(row[at["cancelled_on"]]), date_in(row[at["cancel_course_on"]])
    if cancelled_on is not None and course_on is not None:
        charge = stored_charge(
            working_days_before=row[at["cancel_working_days"]],
            tier=CancellationTier(row[at["cancel_tier"]]),
            cost=from_pence(row[at["cancel_cost_pence"]]),
            net=from_pence(row[at["cancel_net_pence"]]),
            vat_rate=Decimal(row[at["cancel_vat_rate"]]),
            vat=from_pence(row[at["cancel_vat_pence"]]),
            cancelled_on=cancelled_on,
            course_on=course_on,
            region=Region(row[at["cancel_region"]]),
        )
    return Booking(
        id=row[at["id"]],
        course_id=row[at["course_id"]],
        organisation=row[at["organisation"]],
        contact_name=row[at["contact_name"]],
        contact_email=row[at["contact_email"]],
        contact_address=row[at["contact_address"]],
        delegates=row[at["delegates"]],
        status=BookingStatus(row[at["status"]]),
        confirmed_on=date_in(row[at["confirmed_on"]]),
        cancellation=charge,
    )
