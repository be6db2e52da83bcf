"""UK bank holidays and working days, for England and Wales, Scotland and Northern Ireland.

Pure functions, computed for any year from 1583 (the first full Gregorian year) onwards:
Easter by the Anonymous Gregorian computus, the first- and last-Monday rules, and substitute
days when a fixed-date holiday falls at a weekend. One-off holidays and moved dates (jubilees,
a royal wedding, a state funeral, a coronation) come from a table, because no rule predicts
them. Today's statutory pattern is applied to every year: this is a calendar for deadlines,
not a history of when each holiday was first created (early May dates only from 1978,
St Andrew's Day from 2007).

Substitute days: a fixed-date holiday (New Year's Day, 2 January, St Patrick's Day, the
Battle of the Boyne, St Andrew's Day, Christmas Day, Boxing Day) that falls on a Saturday or
Sunday is replaced by the next weekday that is not already a holiday, taking the weekend
holidays in date order. So when Christmas Day is a Saturday, the holidays are Monday 27 and
Tuesday 28 December; when it is a Sunday, Boxing Day stays on Monday 26 and Christmas moves to
Tuesday 27.

Working days are Monday to Friday, except the bank holidays of the region.
"""

from __future__ import annotations

import functools
from datetime import date, timedelta
from enum import StrEnum

FIRST_YEAR = 1583
LAST_YEAR = 9998  # leaves room to step past the end of a year without leaving ``date``


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

# Rule-based holidays moved by proclamation in a given year: (year, rule) -> (date, name).
_MOVED: dict[tuple[int, str], tuple[date, str]] = {
    (1995, "early_may"): (date(1995, 5, 8), "Early May bank holiday (VE Day)"),
    (2002, "spring"): (date(2002, 6, 4), "Spring bank holiday (moved for the Golden Jubilee)"),
    (2012, "spring"): (date(2012, 6, 4), "Spring bank holiday (moved for the Diamond Jubilee)"),
    (2020, "early_may"): (date(2020, 5, 8), "Early May bank holiday (VE Day)"),
    (2022, "spring"): (date(2022, 6, 2), "Spring bank holiday (moved for the Platinum Jubilee)"),
}

# One-off extra holidays, all of them declared for the whole of the UK.
_ONE_OFF: dict[int, tuple[tuple[date, str], ...]] = {
    1999: ((date(1999, 12, 31), "Millennium celebrations"),),
    2002: ((date(2002, 6, 3), "Golden Jubilee of Queen Elizabeth II"),),
    2011: ((date(2011, 4, 29), "Wedding of Prince William and Catherine Middleton"),),
    2012: ((date(2012, 6, 5), "Diamond Jubilee of Queen Elizabeth II"),),
    2022: (
        (date(2022, 6, 3), "Platinum Jubilee of Queen Elizabeth II"),
        (date(2022, 9, 19), "State Funeral of Queen Elizabeth II"),
    ),
    2023: ((date(2023, 5, 8), "Coronation of King Charles III"),),
}

#: Years whose holidays differ from the ordinary rules (moved dates or one-off extras).
EXCEPTIONAL_YEARS = frozenset(year for year, _ in _MOVED) | frozenset(_ONE_OFF)


def easter_sunday(year: int) -> date:
    """Easter Sunday in the Gregorian calendar (the Anonymous Gregorian algorithm)."""
    _check_year(year)
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7  # noqa: E741 - the algorithm's own name
    m = (a + 11 * h + 22 * l) // 451
    month, day = divmod(h + l - 7 * m + 114, 31)
    return date(year, month, day + 1)


def bank_holidays(year: int, region: Region) -> dict[date, str]:
    """Every bank holiday of ``year`` in ``region``, by date, with its name.

    Substitute days are named "… (substitute day)". The dict is the caller's own copy.
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


def _check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(f"bank holidays are computed for {FIRST_YEAR}–{LAST_YEAR}, not {year}")


def _first_monday(year: int, month: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(7 - first.weekday()) % 7)


def _last_monday(year: int, month: int) -> date:
    last = date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)
    return last - timedelta(days=last.weekday())


@functools.lru_cache(maxsize=1024)
def _holidays(year: int, region: Region) -> tuple[tuple[date, str], ...]:
    _check_year(year)
    easter = easter_sunday(year)
    scotland = region is Region.SCOTLAND

    def moved(rule: str, usual: date, name: str) -> tuple[date, str]:
        return _MOVED.get((year, rule), (usual, name))

    # Holidays that keep their weekday: never substituted.
    fixed_weekday: list[tuple[date, str]] = [
        (easter - timedelta(days=2), "Good Friday"),
        moved("early_may", _first_monday(year, 5), "Early May bank holiday"),
        moved("spring", _last_monday(year, 5), "Spring bank holiday"),
        (_first_monday(year, 8) if scotland else _last_monday(year, 8), "Summer bank holiday"),
        *_ONE_OFF.get(year, ()),
    ]
    if not scotland:
        fixed_weekday.append((easter + timedelta(days=1), "Easter Monday"))
    # Holidays on a fixed date: substituted when they fall at a weekend.
    fixed_date: list[tuple[date, str]] = [
        (date(year, 1, 1), "New Year's Day"),
        (date(year, 12, 25), "Christmas Day"),
        (date(year, 12, 26), "Boxing Day"),
    ]
    if scotland:
        fixed_date += [(date(year, 1, 2), "2nd January"), (date(year, 11, 30), "St Andrew's Day")]
    if region is Region.NORTHERN_IRELAND:
        fixed_date += [
            (date(year, 3, 17), "St Patrick's Day"),
            (date(year, 7, 12), "Battle of the Boyne (Orangemen's Day)"),
        ]

    table: dict[date, str] = {}
    weekend: list[tuple[date, str]] = []
    for day, name in sorted(fixed_weekday + fixed_date):
        if day.weekday() >= 5:
            weekend.append((day, name))
        elif day in table:  # the rules above never collide; a new one-off must not either
            raise AssertionError(f"two holidays on {day}: {table[day]} and {name}")
        else:
            table[day] = name
    for day, name in weekend:
        substitute = day + timedelta(days=1)
        while substitute.weekday() >= 5 or substitute in table:
            substitute += timedelta(days=1)
        table[substitute] = f"{name} (substitute day)"
    return tuple(sorted(table.items()))


@functools.lru_cache(maxsize=1024)
def _holiday_dates(year: int, region: Region) -> frozenset[date]:
    return frozenset(day for day, _ in _holidays(year, region))
