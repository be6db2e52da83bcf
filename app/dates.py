"""Reading dates and times as the British write them: day first, always, and never guessed.

A typed date is read in one of a few forms (``4/3/2019``, ``04/03/2019``, ``4 Mar 2019``,
``4 March 2019``, ``2019-03-04``) or refused with the reason in words; it is never turned
into a different date. There is no "nearest valid date" and no two-digit year: ``31/2/2019``
and ``4/3/19`` are refused, each saying why. The forms of the interface read through here, and
the command line and importer can too, so a date means the same wherever it is typed.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time

from app.formatting import format_date

#: The dates the stores accept: far enough back for any date of birth, far enough ahead for
#: any hearing, and nothing a slip of the keyboard makes (year 20199, year 19).
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2200, 12, 31)

EXAMPLE = "4/3/2019 or 4 March 2019"
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")  # fmt: skip
# Full names and three-letter abbreviations, and the British "Sept"; any case.
_MONTH_NUMBERS = (
    {name.lower(): i for i, name in enumerate(MONTHS, 1)}
    | {name[:3].lower(): i for i, name in enumerate(MONTHS, 1)}
    | {"sept": 9}
)

_NUMERIC = re.compile(r"(\d{1,2})\s*([/.-])\s*(\d{1,2})\s*\2\s*(\d+)")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_WORDS = re.compile(r"(\d{1,2})(st|nd|rd|th)?(?:\s+|\s*-\s*)([^\W\d_]+)\.?(?:\s+|\s*-\s*)(\d+)")
_TIME_24 = re.compile(r"(\d{1,2})\s*[:.]\s*(\d{2})")
_TIME_12 = re.compile(r"(\d{1,2})(?:\s*[:.]\s*(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)")


class UnreadableDate(ValueError):
    """A typed date or time that cannot be read, with the reason in words.

    ``reason`` follows a field's name ("there is no 31 February 2019"), as the reasons of
    ``InvalidValue`` do.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def read_date(text: str) -> date:
    """The date ``text`` names, read day first; ``UnreadableDate`` says why it cannot be.

    Accepted: ``4/3/2019`` and ``04/03/2019`` (also with ``.`` or ``-``), ``4 Mar 2019``,
    ``4 March 2019`` (also ``4th March 2019`` and ``04-Mar-2019``) and ``2019-03-04``.
    Spaces at either end, and the case of a month's name, do not matter.
    """
    typed = " ".join(text.split())
    if not typed:
        raise UnreadableDate(f"enter a date, for example {EXAMPLE}")
    if match := _ISO.fullmatch(typed):
        year, month, day = (int(part) for part in match.groups())
        return _checked(year, month, day)
    if match := _NUMERIC.fullmatch(typed):
        day, month = int(match.group(1)), int(match.group(3))
        return _checked(_year(match.group(4)), month, day)
    if match := _WORDS.fullmatch(typed):
        day_text, suffix, month_name, year_text = match.groups()
        named = _MONTH_NUMBERS.get(month_name.lower())
        if named is None:
            raise UnreadableDate(f"“{month_name}” is not the name of a month")
        if suffix and suffix.lower() != _ordinal_suffix(int(day_text)):
            raise UnreadableDate(f"“{day_text}{suffix}” is not a day of the month")
        return _checked(_year(year_text), named, int(day_text))
    raise UnreadableDate(f"this is not a date Parley can read: write it day first, as {EXAMPLE}")


def _year(text: str) -> int:
    if len(text) != 4:
        if len(text) <= 2:
            raise UnreadableDate("write the year in full, for example 2019 rather than 19")
        raise UnreadableDate(f"{text} is not a year")
    return int(text)


def _checked(year: int, month: int, day: int) -> date:
    if not 1 <= month <= 12:
        raise UnreadableDate(
            f"there is no month {month}: dates are written day first, as {EXAMPLE}"
        )
    try:
        value = date(year, month, day)
    except ValueError:
        raise UnreadableDate(f"there is no {day} {MONTHS[month - 1]} {year}") from None
    if not EARLIEST_DATE <= value <= LATEST_DATE:
        raise UnreadableDate(
            f"{format_date(value)} is outside the dates Parley keeps "
            f"({format_date(EARLIEST_DATE)} to {format_date(LATEST_DATE)})"
        )
    return value


def _ordinal_suffix(day: int) -> str:
    if 11 <= day % 100 <= 13:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")


def read_time(text: str) -> time:
    """The time of day ``text`` names: ``14:05``, ``9:30``, ``14.05``, ``2pm``, ``2:30 pm``.

    ``UnreadableDate`` says why it cannot be read; ``25:00`` or ``13pm`` are refused, never
    turned into another time.
    """
    typed = " ".join(text.split()).lower()
    if not typed:
        raise UnreadableDate("enter a time, for example 14:30")
    if match := _TIME_24.fullmatch(typed):
        hour, minute = int(match.group(1)), int(match.group(2))
        if hour > 23 or minute > 59:
            raise UnreadableDate(f"there is no time {text.strip()}: write it as 14:30")
        return time(hour, minute)
    if match := _TIME_12.fullmatch(typed):
        hour, minute = int(match.group(1)), int(match.group(2) or 0)
        if not 1 <= hour <= 12 or minute > 59:
            raise UnreadableDate(f"there is no time {text.strip()}: write it as 2:30 pm or 14:30")
        afternoon = match.group(3).startswith("p")
        return time(hour % 12 + (12 if afternoon else 0), minute)
    raise UnreadableDate("this is not a time Parley can read: write it as 14:30")


def format_time(value: time) -> str:
    """``14:05``: the 24-hour clock, as the forms show it."""
    return f"{value:%H:%M}"


def combine(day: date, moment: time) -> datetime:
    """A date and a time of day, to the minute (the forms carry no seconds)."""
    return datetime(day.year, day.month, day.day, moment.hour, moment.minute)
