"""Training courses, their bookings, and the published cancellation policy.

Cancellation charges. A confirmed booking may be cancelled up to and including the day of
the course. The working days before the course are counted from the day the cancellation
reaches us up to the day before the course: the day of cancellation counts if it is a
working day, and the course day never counts. Working days are Monday to Friday except the
bank holidays of the region set in Parley (England and Wales unless changed), so a
cancellation made at a weekend or on a bank holiday counts the same as one made on the next
working day. With 28 or more working days the charge is a 10% administration fee; with 10 to
27 working days, 30% of the cost; with 9 or fewer (including a cancellation on the day of
the course), 50% of the cost. The cost is the course fee, which is per delegate and excludes
VAT, times the number of delegates booked. The charge is rounded to the nearest penny (half a
penny rounds up); VAT at the rate set in Parley (20% unless changed) is then worked out on
the rounded charge and rounded the same way, and the total is the two added together. Only a
confirmed booking is charged: a provisional booking is simply withdrawn, and a booking cannot
be cancelled after the day of its course.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from app.cases.validation import SHORT_TEXT, check_date, check_text
from app.errors import InvalidValue
from app.formatting import format_date
from app.registers.calendar import Region, check_countable, working_days_between

#: The policy as the interface shows it: the same words as this module's docstring (a test
#: holds them together), kept as a constant because optimised builds drop docstrings.
POLICY_TEXT = (
    "Cancellation charges. A confirmed booking may be cancelled up to and including the day "
    "of the course. The working days before the course are counted from the day the "
    "cancellation reaches us up to the day before the course: the day of cancellation "
    "counts if it is a working day, and the course day never counts. Working days are "
    "Monday to Friday except the bank holidays of the region set in Parley (England and "
    "Wales unless changed), so a cancellation made at a weekend or on a bank holiday counts "
    "the same as one made on the next working day. With 28 or more working days the charge "
    "is a 10% administration fee; with 10 to 27 working days, 30% of the cost; with 9 or "
    "fewer (including a cancellation on the day of the course), 50% of the cost. The cost "
    "is the course fee, which is per delegate and excludes VAT, times the number of "
    "delegates booked. The charge is rounded to the nearest penny (half a penny rounds up); "
    "VAT at the rate set in Parley (20% unless changed) is then worked out on the rounded "
    "charge and rounded the same way, and the total is the two added together. Only a "
    "confirmed booking is charged: a provisional booking is simply withdrawn, and a booking "
    "cannot be cancelled after the day of its course."
)

PENNY = Decimal("0.01")
MAX_FEE = Decimal("1000000")
MAX_DELEGATES = 1000
MAX_CPD_MINUTES = 24 * 60
#: The tiers' thresholds in working days before the course.
ADMINISTRATION_FEE_FROM = 28
THIRTY_PERCENT_FROM = 10


class CourseLength(StrEnum):
    HALF_DAY = "half_day"
    ONE_DAY = "one_day"

    @property
    def label(self) -> str:
        return "Half day" if self is CourseLength.HALF_DAY else "One day"

    @property
    def cpd_minutes(self) -> int:
        """The CPD time a course of this length gives unless set: 3½ or 7 hours."""
        return 210 if self is CourseLength.HALF_DAY else 420


class BookingStatus(StrEnum):
    PROVISIONAL = "provisional"
    CONFIRMED = "confirmed"
    CANCELLED = "cancelled"
    ATTENDED = "attended"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class CancellationTier(StrEnum):
    """The three charges of the policy, from the most notice to the least."""

    TEN_PERCENT = "ten_percent"
    THIRTY_PERCENT = "thirty_percent"
    FIFTY_PERCENT = "fifty_percent"

    @property
    def percentage(self) -> Decimal:
        return Decimal(_TIERS[self][0])

    @property
    def label(self) -> str:
        """Short, for a table column: ``10% administration fee``."""
        return _TIERS[self][1]

    @property
    def policy_sentence(self) -> str:
        """The policy's own words for this tier."""
        return _TIERS[self][2]


_TIERS = {
    CancellationTier.TEN_PERCENT: (10, "10% administration fee", "Cancelled at least 28 "
        "working days before the course: a 10% administration fee plus VAT."),
    CancellationTier.THIRTY_PERCENT: (30, "30% of the cost", "Cancelled between 27 and 10 "
        "working days before the course: 30% of the cost plus VAT."),
    CancellationTier.FIFTY_PERCENT: (50, "50% of the cost", "Cancelled fewer than 10 working "
        "days before the course (or on the day): 50% of the cost plus VAT."),
}  # fmt: skip


@dataclass(frozen=True)
class Course:
    id: int | None
    title: str
    length: CourseLength
    held_on: date
    place: str = ""
    fee: Decimal = Decimal(0)  # per delegate, excluding VAT
    trainer: str = ""
    #: The CPD time the certificate states; ``None``: from the length (``cpd_minutes``).
    cpd_minutes_set: int | None = None

    @property
    def cpd_minutes(self) -> int:
        return self.cpd_minutes_set or self.length.cpd_minutes


@dataclass(frozen=True)
class CancellationCharge:
    """What cancelling a booking costs, with the working shown."""

    working_days_before: int
    tier: CancellationTier
    net: Decimal  # the charge before VAT, rounded to the penny
    vat: Decimal
    total: Decimal
    explanation: str
    cost: Decimal  # fee x delegates, excluding VAT
    vat_rate: Decimal  # per cent
    cancelled_on: date
    course_on: date
    region: Region  # whose bank holidays were left out of the count


@dataclass(frozen=True)
class Booking:
    id: int | None
    course_id: int
    organisation: str
    contact_name: str
    contact_email: str = ""
    contact_address: str = ""
    delegates: int = 1
    status: BookingStatus = BookingStatus.PROVISIONAL
    confirmed_on: date | None = None
    cancellation: CancellationCharge | None = None  # set only by cancelling

    @property
    def reference(self) -> str:
        """The booking reference quoted to the client, e.g. ``TB-00042``."""
        return f"TB-{self.id:05d}" if self.id is not None else ""


@dataclass(frozen=True)
class CourseSummary:
    """A course with its bookings counted, for lists and the dashboard."""

    course: Course
    confirmed_bookings: int
    confirmed_delegates: int
    provisional_bookings: int
    provisional_delegates: int


# Money


def round_to_penny(amount: Decimal) -> Decimal:
    """Round half up to whole pence (``0.125`` becomes ``0.13``)."""
    return amount.quantize(PENNY, rounding=ROUND_HALF_UP)


def format_money(amount: Decimal) -> str:
    """``£1,234.50``."""
    return f"£{amount:,.2f}"


def format_percent(rate: Decimal) -> str:
    """``20%``, ``17.5%``."""
    return f"{rate.normalize():f}%"


#: Pounds and pence as people write them: ``250``, ``250.5``, ``250.50``, ``£1,250.00``,
#: ``.50``. Digits are ASCII, and commas only between groups of three. More than two
#: decimals pass the form so that ``check_money`` can say "fractions of a penny".
_POUNDS_AND_PENCE = re.compile(r"£?\s*(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)?(?:\.[0-9]+)?")


def parse_money(field: str, text: str) -> Decimal:
    """An amount typed by a person (``£1,250``, ``99.5``) as exact pounds and pence.

    Anything else (an exponent, a sign, a misplaced comma, a third decimal) is refused with
    the reason, never read as some other amount.
    """
    typed = text.strip()
    if not _POUNDS_AND_PENCE.fullmatch(typed) or not any(ch.isdigit() for ch in typed):
        raise InvalidValue(
            field, "this must be an amount in pounds and pence, such as 250, 99.50 or £1,250"
        )
    amount = Decimal(typed.removeprefix("£").strip().replace(",", ""))
    check_money(field, amount)
    return amount


def check_money(field: str, amount: Decimal) -> None:
    """Refuse negative amounts, fractions of a penny and implausible sums."""
    if not amount.is_finite() or amount < 0:
        raise InvalidValue(field, "this must be an amount of £0 or more")
    # Before the pence: an amount past the bound may have more digits than Decimal's
    # precision, and quantizing it would raise instead of refusing.
    if amount > MAX_FEE:
        raise InvalidValue(field, f"this is more than {format_money(MAX_FEE)}")
    if amount != amount.quantize(PENNY):
        raise InvalidValue(field, "this cannot have fractions of a penny")


# Validation


def check_course(course: Course) -> None:
    """Raise ``InvalidValue`` naming the first field of ``course`` that is not acceptable."""
    check_text("title", course.title, required=True)
    check_text("place", course.place, limit=SHORT_TEXT)
    check_text("trainer", course.trainer, limit=SHORT_TEXT)
    if course.cpd_minutes_set is not None and not 0 < course.cpd_minutes_set <= MAX_CPD_MINUTES:
        raise InvalidValue(
            "cpd_minutes", "a course gives between a few minutes and 24 hours of CPD"
        )
    check_date("held_on", course.held_on)
    check_countable("held_on", course.held_on)  # cancellations count working days to it
    check_money("fee", course.fee)


def check_booking(booking: Booking, course: Course) -> None:
    """Raise ``InvalidValue`` naming the first field of ``booking`` that is not acceptable."""
    check_text("organisation", booking.organisation, required=True)
    check_text("contact_name", booking.contact_name, required=True)
    check_text("contact_email", booking.contact_email)
    if booking.contact_email and not _looks_like_email(booking.contact_email):
        raise InvalidValue("contact_email", "this does not look like an email address")
    check_text("contact_address", booking.contact_address, limit=2_000, multiline=True)
    if not 1 <= booking.delegates <= MAX_DELEGATES:
        raise InvalidValue("delegates", f"a booking is for 1 to {MAX_DELEGATES} delegates")
    check_date("confirmed_on", booking.confirmed_on)
    if booking.status is BookingStatus.PROVISIONAL and booking.confirmed_on is not None:
        raise InvalidValue("confirmed_on", "a provisional booking has no confirmation date")
    if booking.status is not BookingStatus.PROVISIONAL and booking.confirmed_on is None:
        raise InvalidValue("confirmed_on", "give the date the booking was confirmed")
    if booking.confirmed_on is not None and booking.confirmed_on > course.held_on:
        raise InvalidValue(
            "confirmed_on", f"this is after the course ({format_date(course.held_on)})"
        )


def _looks_like_email(text: str) -> bool:
    local, at, domain = text.rpartition("@")
    return bool(at and local and "." in domain.strip(".") and not any(c.isspace() for c in text))


# The cancellation policy


def working_days_before(cancelled_on: date, course_on: date, region: Region) -> int:
    """Working days from ``cancelled_on`` (counted if a working day) to the eve of the course.

    0 for a cancellation on the course day. Not defined after the course: see the policy.
    """
    if cancelled_on > course_on:
        raise ValueError("a cancellation after the course has no working days before it")
    day_before = timedelta(days=1)
    return working_days_between(cancelled_on - day_before, course_on - day_before, region)


def tier_for(working_days: int) -> CancellationTier:
    """28 or more: 10%; 10 to 27: 30%; 9 or fewer: 50%."""
    if working_days >= ADMINISTRATION_FEE_FROM:
        return CancellationTier.TEN_PERCENT
    if working_days >= THIRTY_PERCENT_FROM:
        return CancellationTier.THIRTY_PERCENT
    return CancellationTier.FIFTY_PERCENT


def cancellation_charge(
    *,
    fee: Decimal,
    delegates: int,
    course_on: date,
    cancelled_on: date,
    vat_rate: Decimal,
    region: Region,
) -> CancellationCharge:
    """The charge for cancelling ``delegates`` places at ``fee`` each, by the policy above.

    Refuses (``InvalidValue`` on ``cancelled_on``) a cancellation after the course day.
    """
    if cancelled_on > course_on:
        raise InvalidValue(
            "cancelled_on",
            f"the course was on {format_date(course_on)}; a booking can be cancelled up to "
            "and including the day of the course, not after it",
        )
    days = working_days_before(cancelled_on, course_on, region)
    tier = tier_for(days)
    cost = fee * delegates  # exact: whole pence times a whole number
    net = round_to_penny(cost * tier.percentage / 100)
    vat = round_to_penny(net * vat_rate / 100)
    return stored_charge(
        working_days_before=days,
        tier=tier,
        cost=cost,
        net=net,
        vat_rate=vat_rate,
        vat=vat,
        cancelled_on=cancelled_on,
        course_on=course_on,
        region=region,
    )


def stored_charge(
    *,
    working_days_before: int,
    tier: CancellationTier,
    cost: Decimal,
    net: Decimal,
    vat_rate: Decimal,
    vat: Decimal,
    cancelled_on: date,
    course_on: date,
    region: Region,
) -> CancellationCharge:
    """A charge from its recorded parts, with its explanation written out."""
    total = net + vat
    days = f"{working_days_before} working day{'s' if working_days_before != 1 else ''}"
    explanation = (
        f"Cancelled on {format_date(cancelled_on)}, {days} before the course on "
        f"{format_date(course_on)} (the day of cancellation counts if it is a working day; "
        f"the course day and bank holidays in {region.label} do not). {tier.policy_sentence} "
        f"{format_percent(tier.percentage)} of {format_money(cost)} is {format_money(net)}; "
        f"VAT at {format_percent(vat_rate)} is {format_money(vat)}; "
        f"total {format_money(total)}."
    )
    return CancellationCharge(
        working_days_before=working_days_before,
        tier=tier,
        net=net,
        vat=vat,
        total=total,
        explanation=explanation,
        cost=cost,
        vat_rate=vat_rate,
        cancelled_on=cancelled_on,
        course_on=course_on,
        region=region,
    )


def charge_for_cancelling(
    booking: Booking, course: Course, cancelled_on: date, *, vat_rate: Decimal, region: Region
) -> CancellationCharge:
    """The charge for cancelling this booking on ``cancelled_on``; refused unless confirmed."""
    if booking.status is not BookingStatus.CONFIRMED:
        raise InvalidValue("status", _NOT_CANCELLABLE[booking.status])
    check_date("cancelled_on", cancelled_on)
    if booking.confirmed_on is not None and cancelled_on < booking.confirmed_on:
        raise InvalidValue(
            "cancelled_on",
            f"this is before the booking was confirmed ({format_date(booking.confirmed_on)})",
        )
    return cancellation_charge(
        fee=course.fee,
        delegates=booking.delegates,
        course_on=course.held_on,
        cancelled_on=cancelled_on,
        vat_rate=vat_rate,
        region=region,
    )


_NOT_CANCELLABLE = {
    BookingStatus.PROVISIONAL: "only a confirmed booking can be cancelled under the policy; "
    "a provisional booking has nothing to charge and can simply be withdrawn",
    BookingStatus.CANCELLED: "this booking has already been cancelled",
    BookingStatus.ATTENDED: "this booking is marked as attended, so it cannot be cancelled",
    BookingStatus.CONFIRMED: "",
}


@dataclass(frozen=True)
class CancellationLetter:
    """Everything the cancellation confirmation may show: booking and course fields only."""

    organisation: str  # ours, from the settings
    written_on: date
    booking_reference: str
    contact_name: str
    contact_organisation: str
    contact_email: str
    contact_address: str
    course_title: str
    course_length: str  # in words
    course_on: date
    course_place: str
    delegates: int
    charge: CancellationCharge


def cancellation_letter(
    booking: Booking, course: Course, *, organisation: str, written_on: date
) -> CancellationLetter:
    """The letter's contents for a cancelled booking."""
    if booking.cancellation is None:
        raise InvalidValue("status", "this booking has not been cancelled")
    return CancellationLetter(
        organisation=organisation,
        written_on=written_on,
        booking_reference=booking.reference,
        contact_name=booking.contact_name,
        contact_organisation=booking.organisation,
        contact_email=booking.contact_email,
        contact_address=booking.contact_address,
        course_title=course.title,
        course_length=course.length.label,
        course_on=course.held_on,
        course_place=course.place,
        delegates=booking.delegates,
        charge=booking.cancellation,
    )
