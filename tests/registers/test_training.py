"""Training courses and bookings: the cancellation policy at every boundary, money, stores."""

from __future__ import annotations

import inspect
import subprocess
import sys
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import app.registers.training
from app.books.casebook import Casebook
from app.errors import InvalidValue, NotFound
from app.registers.calendar import Region
from app.registers.service import Registers
from app.registers.settings import REGION, VAT_RATE, vat_rate_of
from app.registers.training import (
    MAX_FEE,
    POLICY_TEXT,
    Booking,
    BookingStatus,
    CancellationCharge,
    CancellationTier,
    Course,
    CourseLength,
    cancellation_charge,
    charge_for_cancelling,
    check_booking,
    check_course,
    check_money,
    parse_money,
    round_to_penny,
    tier_for,
    working_days_before,
)
from app.settings import Setting

from conftest import ROOT

EW, SCOT = Region.ENGLAND_WALES, Region.SCOTLAND
TEN, THIRTY, FIFTY = (
    CancellationTier.TEN_PERCENT,
    CancellationTier.THIRTY_PERCENT,
    CancellationTier.FIFTY_PERCENT,
)

# A one-day course on Thursday 7 May 2026, just after Easter (Good Friday 3 April, Easter
# Monday 6 April) and the early May bank holiday (Monday 4 May) in England and Wales.
COURSE_DAY = date(2026, 5, 7)


def charge(
    cancelled_on: date,
    *,
    fee: str = "333.33",
    delegates: int = 3,
    rate: str = "20",
    course_on: date = COURSE_DAY,
    region: Region = EW,
) -> CancellationCharge:
    return cancellation_charge(
        fee=Decimal(fee),
        delegates=delegates,
        course_on=course_on,
        cancelled_on=cancelled_on,
        vat_rate=Decimal(rate),
        region=region,
    )


# Both sides of every boundary, counted by hand from the calendar (E&W, 2026).
@pytest.mark.parametrize(
    ("cancelled_on", "working_days", "tier"),
    [
        (date(2026, 3, 24), 29, TEN),
        (date(2026, 3, 25), 28, TEN),  # exactly 28: Wed 25 Mar counts, Thu 7 May does not
        (date(2026, 3, 26), 27, THIRTY),
        (date(2026, 4, 22), 10, THIRTY),
        (date(2026, 4, 23), 9, FIFTY),
        (date(2026, 5, 6), 1, FIFTY),  # the day before
        (date(2026, 5, 7), 0, FIFTY),  # on the day
    ],
)
def test_every_boundary_on_both_sides(
    cancelled_on: date, working_days: int, tier: CancellationTier
) -> None:
    result = charge(cancelled_on)
    assert result.working_days_before == working_days
    assert result.tier is tier


def test_thresholds_of_the_tiers() -> None:
    assert [tier_for(n) for n in (0, 9, 10, 27, 28, 400)] == [
        FIFTY,
        FIFTY,
        THIRTY,
        THIRTY,
        TEN,
        TEN,
    ]


def test_after_the_course_is_refused() -> None:
    with pytest.raises(InvalidValue) as refused:
        charge(COURSE_DAY + timedelta(days=1))
    assert refused.value.field == "cancelled_on"
    assert "7 May 2026" in str(refused.value)


def test_a_weekend_cancellation_counts_as_the_next_working_day() -> None:
    saturday, sunday, monday = date(2026, 3, 21), date(2026, 3, 22), date(2026, 3, 23)
    counts = {working_days_before(d, COURSE_DAY, EW) for d in (saturday, sunday, monday)}
    assert counts == {working_days_before(monday, COURSE_DAY, EW)} == {30}
    assert working_days_before(date(2026, 3, 20), COURSE_DAY, EW) == 31  # Friday counts


def test_a_bank_holiday_cancellation_counts_as_the_next_working_day() -> None:
    good_friday, easter_monday, tuesday = date(2026, 4, 3), date(2026, 4, 6), date(2026, 4, 7)
    assert working_days_before(good_friday, COURSE_DAY, EW) == 21
    assert working_days_before(easter_monday, COURSE_DAY, EW) == 21
    assert working_days_before(tuesday, COURSE_DAY, EW) == 21


def test_easter_decides_the_tier_and_the_region_matters() -> None:
    # 26 March: 27 working days in England and Wales (Easter Monday is a holiday there) but
    # 28 in Scotland, where Easter Monday is an ordinary working day.
    assert charge(date(2026, 3, 26)).tier is THIRTY
    scottish = charge(date(2026, 3, 26), region=SCOT)
    assert (scottish.working_days_before, scottish.tier) == (28, TEN)


def test_christmas_decides_the_tier() -> None:
    # A course on Tuesday 5 January 2027: Christmas (Fri 25), Boxing Day (Mon 28, substitute)
    # and New Year's Day (Fri 1) are not counted.
    course_on = date(2027, 1, 5)
    assert charge(date(2026, 12, 17), course_on=course_on).working_days_before == 10
    assert charge(date(2026, 12, 17), course_on=course_on).tier is THIRTY
    assert charge(date(2026, 12, 18), course_on=course_on).working_days_before == 9
    assert charge(date(2026, 12, 18), course_on=course_on).tier is FIFTY
    assert charge(date(2026, 12, 25), course_on=course_on).working_days_before == 4


@pytest.mark.parametrize(
    ("cancelled_on", "net", "vat", "total"),
    [
        (date(2026, 3, 25), "100.00", "20.00", "120.00"),  # 10% of 999.99 = 99.999
        (date(2026, 3, 26), "300.00", "60.00", "360.00"),  # 30% = 299.997
        (date(2026, 4, 23), "500.00", "100.00", "600.00"),  # 50% = 499.995, half up
    ],
)
def test_money_of_each_tier_for_333_33_times_3(
    cancelled_on: date, net: str, vat: str, total: str
) -> None:
    result = charge(cancelled_on)
    assert result.cost == Decimal("999.99")
    assert (result.net, result.vat, result.total) == (Decimal(net), Decimal(vat), Decimal(total))
    assert str(result.total) == total  # two decimal places, always


def test_half_a_penny_rounds_up() -> None:
    result = charge(date(2026, 3, 25), fee="250.25", delegates=1)  # 10% = 25.025
    assert (result.net, result.vat, result.total) == (
        Decimal("25.03"),
        Decimal("5.01"),
        Decimal("30.04"),
    )
    assert round_to_penny(Decimal("0.125")) == Decimal("0.13")


def test_vat_is_worked_out_on_the_rounded_charge() -> None:
    # 10% of 249.99 is 24.999, charged as 25.00; 17.5% of 25.00 is 4.375, so 4.38 (on the
    # unrounded 24.999 it would have been 4.37).
    result = charge(date(2026, 3, 25), fee="249.99", delegates=1, rate="17.5")
    assert (result.net, result.vat, result.total) == (
        Decimal("25.00"),
        Decimal("4.38"),
        Decimal("29.38"),
    )


def test_the_explanation_shows_the_working() -> None:
    text = charge(date(2026, 3, 25)).explanation
    for expected in (
        "25 March 2026",
        "28 working days",
        "7 May 2026",
        "£999.99",
        "£100.00",
        "20%",
        "£20.00",
        "£120.00",
    ):
        assert expected in text


@settings(max_examples=200, deadline=None)
@given(
    fee_pence=st.integers(min_value=0, max_value=10_000_000),
    delegates=st.integers(min_value=1, max_value=50),
    days_before=st.integers(min_value=0, max_value=120),
    rate=st.sampled_from(["0", "5", "17.5", "20"]),
)
def test_charges_are_whole_pence_and_add_up(
    fee_pence: int, delegates: int, days_before: int, rate: str
) -> None:
    fee = Decimal(fee_pence) / 100
    result = charge(
        COURSE_DAY - timedelta(days=days_before), fee=str(fee), delegates=delegates, rate=rate
    )
    for amount in (result.net, result.vat, result.total):
        assert amount == amount.quantize(Decimal("0.01")) and amount >= 0
    assert result.total == result.net + result.vat
    assert result.net <= result.cost
    assert abs(result.net - result.cost * result.tier.percentage / 100) <= Decimal("0.005")


def test_the_policy_text_is_the_documented_rule() -> None:
    doc = inspect.getdoc(app.registers.training) or ""
    assert " ".join(POLICY_TEXT.split()) in " ".join(doc.split())
    for words in (
        "28 or more working days",
        "10 to 27 working days",
        "9 or fewer",
        "half a penny rounds up",
        "per delegate",
    ):
        assert words in POLICY_TEXT


@pytest.mark.parametrize(("text", "expected"), [("£1,250", "1250"), (" 99.5 ", "99.5"), ("0", "0")])
def test_parse_money(text: str, expected: str) -> None:
    assert parse_money("fee", text) == Decimal(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("250", "250"), ("250.5", "250.5"), ("250.50", "250.50"), ("£1,250.00", "1250.00"),
     ("£ 1,000,000", "1000000"), (".50", "0.50"), ("£0.99", "0.99")],
)  # fmt: skip
def test_pounds_and_pence_forms_are_read_exactly(text: str, expected: str) -> None:
    amount = parse_money("fee", text)
    assert amount == Decimal(expected)
    assert str(amount) == expected  # the same digits, not a value that merely compares equal


@pytest.mark.parametrize(
    "text",
    ["", "ten", "-5", "1.005", "NaN", "2000000", "1e30", "99999999999999999999999999999",
     "1E3", "Infinity", "sNaN", "0x10", "1_000", "12,34", "1,2345", "£", "£-1", "+5", "250.",
     "1 000", "٣", "2.5e2", "1000000.01"],
)  # fmt: skip
def test_parse_money_refuses_with_the_field_named(text: str) -> None:
    with pytest.raises(InvalidValue) as refused:
        parse_money("fee", text)
    assert refused.value.field == "fee"


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=40) | st.from_regex(r"\A£?[0-9,]{0,40}(\.[0-9]{0,4})?\Z"))
def test_any_typed_fee_is_read_exactly_or_refused_with_the_reason(text: str) -> None:
    try:
        amount = parse_money("fee", text)
    except InvalidValue as refused:
        assert refused.field == "fee"
        assert refused.reason
        return
    # Accepted: the digits typed, without the pound sign and the thousands commas.
    typed = text.strip().removeprefix("£").strip().replace(",", "")
    assert amount == Decimal(typed)
    assert Decimal(0) <= amount <= MAX_FEE
    assert amount == amount.quantize(Decimal("0.01"))


def test_a_third_decimal_is_called_a_fraction_of_a_penny() -> None:
    with pytest.raises(InvalidValue, match="fractions of a penny"):
        parse_money("fee", "1.005")


def test_a_stored_fee_out_of_range_is_refused_not_a_crash() -> None:
    for fee in (Decimal("1e30"), Decimal("99999999999999999999999999999"), Decimal("Infinity")):
        with pytest.raises(InvalidValue) as refused:
            check_money("fee", fee)
        assert refused.value.field == "fee"


# Stores and services


COURSE = Course(
    None,
    "Mediation skills for clinical teams",
    CourseLength.ONE_DAY,
    COURSE_DAY,
    "Education Centre, Leeds",
    Decimal("333.33"),
)
BOOKING = Booking(
    None,
    0,
    "St Aldhelm's NHS Trust",
    "Siân Roberts",
    "sian@example.nhs.uk",
    "12 Hospital Road\nLeeds",
    3,
    BookingStatus.CONFIRMED,
    date(2026, 2, 2),
)


def new_course(registers: Registers, **changes: object) -> Course:
    return registers.courses.add(replace(COURSE, **changes))  # type: ignore[arg-type]


def new_booking(registers: Registers, course: Course, **changes: object) -> Booking:
    assert course.id is not None
    booking = replace(BOOKING, course_id=course.id)
    return registers.bookings.add(replace(booking, **changes))  # type: ignore[arg-type]


def test_courses_and_bookings_round_trip(casebook: Casebook) -> None:
    registers = Registers(casebook.connection)
    course = new_course(registers)
    assert registers.courses.get(course.id or 0) == course
    assert course.fee == Decimal("333.33") and course.length is CourseLength.ONE_DAY
    booking = new_booking(registers, course)
    assert registers.bookings.get(booking.id or 0) == booking
    assert booking.reference == f"TB-{booking.id:05d}"
    assert booking.contact_address == "12 Hospital Road\nLeeds"
    moved = registers.courses.update(replace(course, place="Room 2", fee=Decimal("350")))
    assert (moved.place, moved.fee) == ("Room 2", Decimal("350.00"))
    attended = registers.bookings.update(replace(booking, status=BookingStatus.ATTENDED))
    assert attended.status is BookingStatus.ATTENDED


def test_course_summaries_count_bookings(casebook: Casebook) -> None:
    registers = Registers(casebook.connection)
    course = new_course(registers)
    new_course(registers, held_on=date(2026, 9, 1))
    new_booking(registers, course, delegates=2)
    new_booking(registers, course, delegates=4, status=BookingStatus.PROVISIONAL, confirmed_on=None)
    cancelled = new_booking(registers, course, delegates=5)
    registers.cancel_booking(cancelled.id or 0, date(2026, 4, 1))
    [summary] = registers.upcoming_courses(date(2026, 5, 1), days=30)
    assert summary.course == course
    assert (summary.confirmed_bookings, summary.confirmed_delegates) == (1, 2)
    assert (summary.provisional_bookings, summary.provisional_delegates) == (1, 4)
    assert len(registers.courses.summaries()) == 2


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", " "),
        ("fee", Decimal("-1")),
        ("fee", Decimal("1.234")),
        ("held_on", date(1800, 1, 1)),
        ("place", "x" * 301),
    ],
)
def test_course_errors_name_their_field(field: str, value: object) -> None:
    with pytest.raises(InvalidValue) as refused:
        check_course(replace(COURSE, **{field: value}))  # type: ignore[arg-type]
    assert refused.value.field == field


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("organisation", ""),
        ("contact_name", " "),
        ("contact_email", "not an email"),
        ("contact_email", "a@b"),
        ("delegates", 0),
        ("confirmed_on", None),
        ("confirmed_on", date(2026, 6, 1)),
    ],
)
def test_booking_errors_name_their_field(field: str, value: object) -> None:
    with pytest.raises(InvalidValue) as refused:
        check_booking(replace(BOOKING, **{field: value}), COURSE)  # type: ignore[arg-type]
    assert refused.value.field == field


def test_the_stores_validate_before_writing(casebook: Casebook) -> None:
    registers = Registers(casebook.connection)
    with pytest.raises(InvalidValue, match="title"):
        new_course(registers, title="")
    course = new_course(registers)
    with pytest.raises(InvalidValue, match="delegates"):
        new_booking(registers, course, delegates=0)
    with pytest.raises(InvalidValue, match="status"):
        new_booking(registers, course, status=BookingStatus.CANCELLED)
    with pytest.raises(NotFound):
        new_booking(registers, replace(course, id=999))
    assert registers.bookings.for_course(course.id or 0) == []


def test_cancelling_records_the_charge_and_audits_it(casebook: Casebook) -> None:
    registers = Registers(casebook.connection, audit=casebook.audit)
    booking = new_booking(registers, new_course(registers))
    preview = registers.preview_cancellation(booking.id or 0, date(2026, 3, 25))
    cancelled = registers.cancel_booking(booking.id or 0, date(2026, 3, 25))
    assert cancelled.status is BookingStatus.CANCELLED
    assert cancelled.cancellation == preview
    assert registers.bookings.get(booking.id or 0).cancellation == preview
    [entry] = [e for e in casebook.audit.entries() if e.action == "booking cancelled"]
    assert booking.reference in entry.detail and "£120.00" in entry.detail
    assert "Siân" not in entry.detail and "Aldhelm" not in entry.detail


def test_a_recorded_charge_survives_changes_to_the_settings(casebook: Casebook) -> None:
    registers = Registers(casebook.connection)
    booking = new_booking(registers, new_course(registers))
    before = registers.cancel_booking(booking.id or 0, date(2026, 3, 26)).cancellation
    casebook.settings.set(VAT_RATE, "17.5")
    casebook.settings.set(REGION, Region.SCOTLAND.value)
    assert vat_rate_of(casebook.settings) == Decimal("17.5")
    assert registers.bookings.get(booking.id or 0).cancellation == before
    # A new cancellation uses the new settings: Scotland counts 28 days, VAT 17.5%.
    other = new_booking(registers, registers.courses.get(booking.course_id))
    after = registers.cancel_booking(other.id or 0, date(2026, 3, 26)).cancellation
    assert after is not None and after.tier is TEN and after.vat == Decimal("17.50")


@pytest.mark.parametrize(
    ("status", "words"),
    [(BookingStatus.PROVISIONAL, "only a confirmed booking"), (BookingStatus.ATTENDED, "attended")],
)
def test_only_a_confirmed_booking_can_be_cancelled(
    casebook: Casebook, status: BookingStatus, words: str
) -> None:
    registers = Registers(casebook.connection)
    confirmed_on = None if status is BookingStatus.PROVISIONAL else date(2026, 2, 2)
    booking = new_booking(registers, new_course(registers))
    booking = registers.bookings.update(replace(booking, status=status, confirmed_on=confirmed_on))
    with pytest.raises(InvalidValue) as refused:
        registers.cancel_booking(booking.id or 0, date(2026, 3, 25))
    assert refused.value.field == "status" and words in str(refused.value)
    assert registers.bookings.get(booking.id or 0).status is status
    assert not [e for e in casebook.audit.entries() if e.action == "booking cancelled"]


def test_cancelling_twice_or_after_the_course_is_refused(casebook: Casebook) -> None:
    registers = Registers(casebook.connection)
    course = new_course(registers)
    booking = new_booking(registers, course)
    with pytest.raises(InvalidValue, match="cancelled_on"):
        registers.cancel_booking(booking.id or 0, date(2026, 5, 8))
    with pytest.raises(InvalidValue, match="before the booking was confirmed"):
        registers.cancel_booking(booking.id or 0, date(2026, 2, 1))
    registers.cancel_booking(booking.id or 0, date(2026, 5, 7))
    with pytest.raises(InvalidValue, match="already been cancelled"):
        registers.cancel_booking(booking.id or 0, date(2026, 5, 7))
    with pytest.raises(InvalidValue, match="cancelled"):
        registers.bookings.update(replace(booking, delegates=1))


def test_charge_for_cancelling_works_without_a_database() -> None:
    course = Course(1, "Course", CourseLength.HALF_DAY, COURSE_DAY, fee=Decimal("100"))
    booking = Booking(
        7,
        1,
        "Org",
        "Name",
        delegates=2,
        status=BookingStatus.CONFIRMED,
        confirmed_on=date(2026, 1, 5),
    )
    result = charge_for_cancelling(booking, course, COURSE_DAY, vat_rate=Decimal(20), region=EW)
    assert (result.net, result.vat, result.total) == (
        Decimal("100.00"),
        Decimal("20.00"),
        Decimal("120.00"),
    )


def test_withdrawing_and_deleting(casebook: Casebook) -> None:
    registers = Registers(casebook.connection)
    course = new_course(registers)
    provisional = new_booking(
        registers, course, status=BookingStatus.PROVISIONAL, confirmed_on=None
    )
    confirmed = new_booking(registers, course)
    with pytest.raises(InvalidValue, match="provisional"):
        registers.bookings.delete(confirmed.id or 0)
    registers.bookings.delete(provisional.id or 0)
    with pytest.raises(NotFound):
        registers.bookings.get(provisional.id or 0)
    with pytest.raises(InvalidValue, match="bookings"):
        registers.courses.delete(course.id or 0)


def test_the_schema_refuses_a_cancellation_without_its_charge(casebook: Casebook) -> None:
    registers = Registers(casebook.connection)
    booking = new_booking(registers, new_course(registers))
    with pytest.raises(Exception, match="CHECK"):
        casebook.connection.execute(
            "UPDATE training_bookings SET status = 'cancelled', cancelled_on = '2026-03-01' "
            "WHERE id = ?",
            (booking.id,),
        )


@pytest.mark.parametrize(
    ("setting", "good", "bad"),
    [(VAT_RATE, "17.5", "101"), (VAT_RATE, "0", "twenty"), (REGION, "scotland", "wales")],
)
def test_register_settings_validate(setting: Setting[str], good: str, bad: str) -> None:
    assert setting.parse(good) == good
    with pytest.raises(InvalidValue) as refused:
        setting.parse(bad)
    assert refused.value.field == setting.key


def test_the_registers_do_not_load_reportlab(subprocess_env: dict[str, str]) -> None:
    # The casebook will build Registers at unlock; the PDF library loads only for a letter.
    check = "import sys, app.registers.service; assert 'reportlab' not in sys.modules"
    result = subprocess.run(
        [sys.executable, "-c", check], cwd=ROOT, env=subprocess_env, capture_output=True
    )
    assert result.returncode == 0, result.stderr
