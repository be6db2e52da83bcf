"""The UK bank-holiday calendar against the published lists, and its rules over centuries."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.registers.calendar import (
    SUBDIVISIONS,
    Region,
    add_working_days,
    bank_holidays,
    easter_sunday,
    is_working_day,
    working_days_between,
)

EW, SCOT, NI = Region.ENGLAND_WALES, Region.SCOTLAND, Region.NORTHERN_IRELAND

# Published bank holidays, month-day, as listed by GOV.UK "UK bank holidays"
# (https://www.gov.uk/bank-holidays and its data file https://www.gov.uk/bank-holidays.json,
# divisions england-and-wales, scotland, northern-ireland), which follow the Scottish
# Government's and NI Direct's lists; 2026 and 2027 are the dates published in advance there.
PUBLISHED: dict[Region, dict[int, str]] = {
    EW: {
        2019: "01-01 04-19 04-22 05-06 05-27 08-26 12-25 12-26",
        2020: "01-01 04-10 04-13 05-08 05-25 08-31 12-25 12-28",
        2021: "01-01 04-02 04-05 05-03 05-31 08-30 12-27 12-28",
        2022: "01-03 04-15 04-18 05-02 06-02 06-03 08-29 09-19 12-26 12-27",
        2023: "01-02 04-07 04-10 05-01 05-08 05-29 08-28 12-25 12-26",
        2024: "01-01 03-29 04-01 05-06 05-27 08-26 12-25 12-26",
        2025: "01-01 04-18 04-21 05-05 05-26 08-25 12-25 12-26",
        2026: "01-01 04-03 04-06 05-04 05-25 08-31 12-25 12-28",
        2027: "01-01 03-26 03-29 05-03 05-31 08-30 12-27 12-28",
    },
    SCOT: {
        2019: "01-01 01-02 04-19 05-06 05-27 08-05 12-02 12-25 12-26",
        2020: "01-01 01-02 04-10 05-08 05-25 08-03 11-30 12-25 12-28",
        2021: "01-01 01-04 04-02 05-03 05-31 08-02 11-30 12-27 12-28",
        2022: "01-03 01-04 04-15 05-02 06-02 06-03 08-01 09-19 11-30 12-26 12-27",
        2023: "01-02 01-03 04-07 05-01 05-08 05-29 08-07 11-30 12-25 12-26",
        2024: "01-01 01-02 03-29 05-06 05-27 08-05 12-02 12-25 12-26",
        2025: "01-01 01-02 04-18 05-05 05-26 08-04 12-01 12-25 12-26",
        # 15 June: the one-off holiday for Scotland's first match of the 2026 World Cup
        # (Privy Council proclamation, February 2026); the hand-kept table had missed it.
        2026: "01-01 01-02 04-03 05-04 05-25 06-15 08-03 11-30 12-25 12-28",
        2027: "01-01 01-04 03-26 05-03 05-31 08-02 11-30 12-27 12-28",
    },
    NI: {
        2019: "01-01 03-18 04-19 04-22 05-06 05-27 07-12 08-26 12-25 12-26",
        2020: "01-01 03-17 04-10 04-13 05-08 05-25 07-13 08-31 12-25 12-28",
        2021: "01-01 03-17 04-02 04-05 05-03 05-31 07-12 08-30 12-27 12-28",
        2022: "01-03 03-17 04-15 04-18 05-02 06-02 06-03 07-12 08-29 09-19 12-26 12-27",
        2023: "01-02 03-17 04-07 04-10 05-01 05-08 05-29 07-12 08-28 12-25 12-26",
        2024: "01-01 03-18 03-29 04-01 05-06 05-27 07-12 08-26 12-25 12-26",
        2025: "01-01 03-17 04-18 04-21 05-05 05-26 07-14 08-25 12-25 12-26",
        2026: "01-01 03-17 04-03 04-06 05-04 05-25 07-13 08-31 12-25 12-28",
        2027: "01-01 03-17 03-26 03-29 05-03 05-31 07-12 08-30 12-27 12-28",
    },
}

ORDINARY_COUNT = {EW: 8, SCOT: 9, NI: 10}
#: The holidays every year has (from 2006, when Scotland gained St Andrew's Day): a year whose
#: holidays all carry these names has no one-off extra, so it has the ordinary count.
ORDINARY_NAMES = {
    "New Year's Day", "2nd January", "St Patrick's Day", "Good Friday", "Easter Monday",
    "Early May bank holiday", "Early May bank holiday (VE Day)", "Spring bank holiday",
    "Battle of the Boyne (Orangemen's Day)", "Summer bank holiday", "St Andrew's Day",
    "Christmas Day", "Boxing Day",
}  # fmt: skip


@pytest.mark.parametrize(
    ("region", "year"), [(r, y) for r, years in PUBLISHED.items() for y in years]
)
def test_matches_the_published_list(region: Region, year: int) -> None:
    expected = [date.fromisoformat(f"{year}-{md}") for md in PUBLISHED[region][year].split()]
    assert sorted(bank_holidays(year, region)) == expected


def test_the_one_off_and_moved_holidays_of_2020_2022_and_2023() -> None:
    for region in Region:
        assert bank_holidays(2020, region)[date(2020, 5, 8)].endswith("(VE Day)")
        assert date(2020, 5, 4) not in bank_holidays(2020, region)
        h2022 = bank_holidays(2022, region)
        assert "Spring bank holiday" in h2022[date(2022, 6, 2)]
        assert "Platinum Jubilee" in h2022[date(2022, 6, 3)]
        assert date(2022, 5, 30) not in h2022
        assert "Funeral" in h2022[date(2022, 9, 19)]
        assert "Coronation" in bank_holidays(2023, region)[date(2023, 5, 8)]


def test_older_one_offs_are_known() -> None:
    assert date(1999, 12, 31) in bank_holidays(1999, EW)
    assert date(2011, 4, 29) in bank_holidays(2011, SCOT)
    assert {date(2012, 6, 4), date(2012, 6, 5)} <= set(bank_holidays(2012, NI))
    assert {date(2002, 6, 3), date(2002, 6, 4)} <= set(bank_holidays(2002, EW))


def test_christmas_substitutes_at_a_weekend() -> None:
    # Christmas on a Saturday (2021): Monday 27 and Tuesday 28.
    assert bank_holidays(2021, EW)[date(2021, 12, 27)] == "Christmas Day (substitute day)"
    assert bank_holidays(2021, EW)[date(2021, 12, 28)] == "Boxing Day (substitute day)"
    # Christmas on a Sunday (2022): Boxing Day keeps Monday 26, Christmas moves to the 27th.
    assert bank_holidays(2022, EW)[date(2022, 12, 26)] == "Boxing Day"
    assert bank_holidays(2022, EW)[date(2022, 12, 27)] == "Christmas Day (substitute day)"
    # Boxing Day on a Saturday (2020): Monday 28.
    assert bank_holidays(2020, SCOT)[date(2020, 12, 28)] == "Boxing Day (substitute day)"


def test_regional_differences() -> None:
    assert "Easter Monday" not in bank_holidays(2025, SCOT).values()
    assert bank_holidays(2025, SCOT)[date(2025, 8, 4)] == "Summer bank holiday"
    assert bank_holidays(2025, EW)[date(2025, 8, 25)] == "Summer bank holiday"
    assert date(2025, 3, 17) in bank_holidays(2025, NI)
    assert date(2025, 3, 17) not in bank_holidays(2025, EW)


def test_a_returned_table_is_the_callers_own() -> None:
    bank_holidays(2025, EW).clear()
    assert len(bank_holidays(2025, EW)) == 8


def test_years_before_the_bank_holidays_act_are_refused() -> None:
    with pytest.raises(ValueError):
        bank_holidays(1500, EW)


def test_easter_of_known_years() -> None:
    known = {1900: "04-15", 1943: "04-25", 1961: "04-02", 2008: "03-23", 2019: "04-21",
             2038: "04-25", 2285: "03-22"}  # fmt: skip
    for year, md in known.items():
        assert easter_sunday(year) == date.fromisoformat(f"{year}-{md}")


YEARS = st.integers(min_value=1900, max_value=2200)
#: Today's pattern of holidays: the package follows the statutes' history, and the last of
#: the ordinary holidays to arrive was St Andrew's Day in Scotland (2006).
MODERN_YEARS = st.integers(min_value=2006, max_value=2100)


@settings(max_examples=150, deadline=None)
@given(YEARS)
def test_easter_is_a_sunday_between_22_march_and_25_april(year: int) -> None:
    easter = easter_sunday(year)
    assert easter.weekday() == 6
    assert date(year, 3, 22) <= easter <= date(year, 4, 25)


@settings(max_examples=150, deadline=None)
@given(MODERN_YEARS, st.sampled_from(list(Region)))
def test_holidays_are_weekdays_distinct_and_counted_right(year: int, region: Region) -> None:
    holidays = bank_holidays(year, region)
    # Every holiday, substitutes included, is a weekday: weekend dates are always replaced.
    assert all(day.weekday() < 5 for day in holidays)
    assert all(day.year == year for day in holidays)
    names = {name.removesuffix(" (substitute day)") for name in holidays.values()}
    if names <= ORDINARY_NAMES:  # no one-off extra this year
        # Keys are unique by construction; the count proves no holiday overwrote another.
        assert len(holidays) == ORDINARY_COUNT[region]
        substitutes = [d for d, name in holidays.items() if "substitute" in name]
        assert all(d.weekday() < 5 for d in substitutes)


# Working days

FRIDAY = date(2025, 6, 13)


def test_is_working_day() -> None:
    assert is_working_day(FRIDAY, EW)
    assert not is_working_day(FRIDAY + timedelta(days=1), EW)  # Saturday
    assert not is_working_day(date(2025, 8, 25), EW)
    assert is_working_day(date(2025, 8, 25), SCOT)  # Scotland's summer holiday is 4 August


def test_add_working_days_does_not_count_the_start_day() -> None:
    assert add_working_days(FRIDAY, 1, EW) == date(2025, 6, 16)
    assert add_working_days(FRIDAY, 0, EW) == FRIDAY
    assert add_working_days(date(2025, 6, 14), 1, EW) == date(2025, 6, 16)  # from a Saturday
    assert add_working_days(date(2025, 6, 16), -1, EW) == FRIDAY
    # Across Christmas 2025 (Thursday and Friday) and the weekend.
    assert add_working_days(date(2025, 12, 24), 1, EW) == date(2025, 12, 29)


def test_working_days_between_convention() -> None:
    assert working_days_between(FRIDAY, FRIDAY, EW) == 0
    assert working_days_between(FRIDAY, date(2025, 6, 16), EW) == 1  # Friday to Monday
    assert working_days_between(date(2025, 6, 16), FRIDAY, EW) == -1
    # Easter 2025: Good Friday 18 and Easter Monday 21 April are not counted in E&W.
    assert working_days_between(date(2025, 4, 17), date(2025, 4, 22), EW) == 1
    assert working_days_between(date(2025, 4, 17), date(2025, 4, 22), SCOT) == 2


DAYS = st.dates(min_value=date(2019, 1, 1), max_value=date(2030, 12, 31))


@settings(max_examples=150, deadline=None)
@given(DAYS, st.integers(min_value=-60, max_value=60), st.sampled_from(list(Region)))
def test_adding_and_counting_agree(start: date, n: int, region: Region) -> None:
    end = add_working_days(start, n, region)
    if n != 0:
        assert is_working_day(end, region)
    if n >= 0 or is_working_day(start, region):
        assert working_days_between(start, end, region) == n


# The package is the calendar's source: every date of two decades, in every region.


@pytest.mark.parametrize("region", list(Region))
def test_every_date_from_2015_to_2035_matches_the_holidays_package(region: Region) -> None:
    import holidays as package

    # England and Wales are one region here; the package lists them apart, so both count.
    subdivisions = ["ENG", "WLS"] if region is EW else [SUBDIVISIONS[region]]
    listed = [
        package.country_holidays("GB", subdiv=code, years=range(2015, 2036))
        for code in subdivisions
    ]
    day = date(2015, 1, 1)
    while day <= date(2035, 12, 31):
        off = [day.weekday() < 5 and day in calendar for calendar in listed]
        assert len(set(off)) == 1, f"ENG and WLS differ on {day}"
        assert is_working_day(day, region) == (day.weekday() < 5 and not off[0]), day
        assert (day in bank_holidays(day.year, region)) == off[0], day
        day += timedelta(days=1)


def test_the_known_years_are_the_packages() -> None:
    from holidays.countries.united_kingdom import UnitedKingdom

    from app.registers.calendar import FIRST_YEAR, LAST_YEAR

    assert (UnitedKingdom.start_year, UnitedKingdom.end_year) == (FIRST_YEAR, LAST_YEAR)


def test_a_register_date_too_far_ahead_to_count_from_is_refused_with_the_reason() -> None:
    from app.errors import InvalidValue
    from app.registers.calendar import LAST_COUNTABLE_DAY, check_countable

    check_countable("received_on", LAST_COUNTABLE_DAY)
    # The furthest deadline a register counts (366 working days) stays within the known years.
    assert add_working_days(LAST_COUNTABLE_DAY, 366, EW).year <= 2100
    with pytest.raises(InvalidValue, match="only up to 2100") as caught:
        check_countable("received_on", LAST_COUNTABLE_DAY + timedelta(days=1))
    assert caught.value.field == "received_on"
