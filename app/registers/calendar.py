"""UK bank holidays and working days, for England and Wales, Scotland and Northern Ireland.

The holidays themselves come from the ``holidays`` package (its United Kingdom calendar with
the subdivisions ENG, SCT and NIR), whose maintainers follow each proclamation: a hand-kept
table here once missed a one-off bank holiday in one region, and would miss the next.
England and Wales share one list (the package's ENG and WLS agree), so the region setting
keeps its three choices.

The package lists a holiday that falls at a weekend on its own date *and* its substitute
weekday ("… (observed)"). Parley counts days off, so ``bank_holidays`` gives only the
weekdays, with substitutes named "… (substitute day)" as GOV.UK names them, and working days
check the weekday first: Monday to Friday, except the bank holidays of the region.

The package follows the statutes' history (no early May holiday before 1978, St Andrew's
Day from 2006), which is right for a deadline in any year.
It loads only when a date is first counted, never while the first window opens.
"""

from __future__ import annotations

import calendar
import functools
from datetime import date, timedelta
from enum import StrEnum

from app.errors import InvalidValue

FIRST_YEAR = 1872  # the Bank Holidays Act 1871: the package's calendar starts here
LAST_YEAR = 2100  # and ends here (a test holds this to the package's own end year)
#: The last date a register may count working days from: a complaint's response may be
#: due up to 366 working days later, which must still fall within the known years.
LAST_COUNTABLE_DAY = date(LAST_YEAR - 2, 12, 31)


class Region(StrEnum):
    ENGLAND_WALES = "england_wales"
    SCOTLAND = "scotland"
    NORTHERN_IRELAND = "northern_ireland"

    @property
    def label(self) -> str:
        return _REGION_LABELS[self]


_REGION_LABELS = {
    Region.ENGLAND_WALES: "England and Wales",
    Region.SCOTLAND: "Scotland",
    Region.NORTHERN_IRELAND: "Northern Ireland",
}

#: The package's subdivision code for each region.
SUBDIVISIONS = {
    Region.ENGLAND_WALES: "ENG",
    Region.SCOTLAND: "SCT",
    Region.NORTHERN_IRELAND: "NIR",
}

# GOV.UK's names where the package's differ, so the names read as the published list does.
_GOV_UK_NAMES = {
    "May Day": "Early May bank holiday",
    "Spring Bank Holiday": "Spring bank holiday",
    "Summer Bank Holiday": "Summer bank holiday",
    "Late Summer Bank Holiday": "Summer bank holiday",
    "New Year Holiday": "2nd January",
    "Saint Andrew's Day": "St Andrew's Day",
    "Saint Patrick's Day": "St Patrick's Day",
    "Battle of the Boyne": "Battle of the Boyne (Orangemen's Day)",
}
_OBSERVED = " (observed)"
_VE_DAY = (5, 8)  # the early May holiday moved to 8 May (1995, 2020) marks VE Day


def easter_sunday(year: int) -> date:
    """Easter Sunday in the Gregorian calendar (dateutil's, which the package uses too)."""
    from dateutil.easter import easter

    sunday: date = easter(year)
    return sunday


def bank_holidays(year: int, region: Region) -> dict[date, str]:
    """Every bank holiday of ``year`` in ``region`` that is a day off, by date, with its name.

    Substitute days are named "… (substitute day)"; a holiday falling at a weekend is not
    listed on the weekend date itself. The dict is the caller's own copy.
    """
    return dict(_holidays(year, Region(region)))


def is_working_day(day: date, region: Region) -> bool:
    """Monday to Friday and not a bank holiday in ``region``."""
    return day.weekday() < 5 and day not in _holiday_dates(day.year, Region(region))


def add_working_days(start: date, n: int, region: Region) -> date:
    """The ``n``-th working day after ``start``, not counting ``start`` itself.

    ``add_working_days(friday, 1)`` is the next Monday (if it is not a bank holiday), and the
    answer is always a working day when ``n`` is not 0, even if ``start`` is not. A negative
    ``n`` counts backwards the same way; ``n == 0`` gives ``start`` unchanged.
    """
    step = timedelta(days=1 if n > 0 else -1)
    day, remaining = start, abs(n)
    while remaining:
        day += step
        if is_working_day(day, region):
            remaining -= 1
    return day


def working_days_between(a: date, b: date, region: Region) -> int:
    """The working days after ``a`` up to and including ``b``; negative when ``b`` is earlier.

    ``a`` is never counted and ``b`` is counted if it is a working day, so that for any
    working day ``b`` after ``a``, ``add_working_days(a, working_days_between(a, b)) == b``.
    From a Friday to the following Monday is 1; from a day to itself is 0. When ``b`` is
    before ``a`` the answer is minus the count from ``b`` to ``a``.
    """
    if b < a:
        return -working_days_between(b, a, region)
    count = 0
    day = a + timedelta(days=1)
    while day <= b:
        count += is_working_day(day, region)
        day += timedelta(days=1)
    return count


def check_countable(field: str, day: date | None) -> None:
    """Refuse (``InvalidValue`` on ``field``) a date too far ahead to count working days from."""
    if day is not None and day > LAST_COUNTABLE_DAY:
        raise InvalidValue(
            field,
            f"working days can be counted only up to {LAST_YEAR} (the bank holidays known to "
            f"Parley), so this date cannot be after 31 December {LAST_COUNTABLE_DAY.year}",
        )


def months_after(day: date, months: int) -> date:
    """The same day ``months`` calendar months later, or that month's last day when it is
    shorter (31 January and one month: 28 or 29 February)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(f"bank holidays are known for {FIRST_YEAR}–{LAST_YEAR}, not {year}")


def _house_name(day: date, name: str) -> str:
    observed = name.endswith(_OBSERVED)
    base = name.removesuffix(_OBSERVED)
    if base == "May Day" and (day.month, day.day) == _VE_DAY:
        return "Early May bank holiday (VE Day)"
    base = _GOV_UK_NAMES.get(base, base)
    return f"{base} (substitute day)" if observed else base


@functools.lru_cache(maxsize=1024)
def _holidays(year: int, region: Region) -> tuple[tuple[date, str], ...]:
    _check_year(year)
    # Loaded here, not at the top: it takes a tenth of a second, and the first window
    # never counts a working day.
    import holidays

    listed = holidays.country_holidays(
        "GB", subdiv=SUBDIVISIONS[region], years=year, language="en_GB"
    )
    days_off = {
        day: _house_name(day, name)
        for day, name in listed.items()
        if day.weekday() < 5 and day.year == year
    }
    return tuple(sorted(days_off.items()))


@functools.lru_cache(maxsize=1024)
def _holiday_dates(year: int, region: Region) -> frozenset[date]:
    return frozenset(day for day, _ in _holidays(year, region))
