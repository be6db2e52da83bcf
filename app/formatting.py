"""How dates and times are shown to people: British, unambiguous, no leading zero."""

from __future__ import annotations

from datetime import date, datetime


def format_date(value: date | None) -> str:
    """``14 May 2019``; an empty string for no date."""
    if value is None:
        return ""
    return f"{value.day} {value:%B %Y}"


def format_datetime(value: datetime | None) -> str:
    """``14 May 2019, 14:05``; an empty string for no time."""
    if value is None:
        return ""
    return f"{format_date(value.date())}, {value:%H:%M}"


_TYPED_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d %b %Y", "%d %B %Y")


def read_date(text: str) -> date:
    """A date as the British type it: ``4/3/2019``, ``04/03/2019``, ``4 Mar 2019``,
    ``4 March 2019`` or ``2019-03-04``, always day first. ``ValueError`` says why not."""
    typed = " ".join(text.split())
    for form in _TYPED_FORMATS:
        try:
            return datetime.strptime(typed, form).date()
        except ValueError:
            continue
    raise ValueError(
        f"{text.strip()!r} is not a date Parley can read; write it day first, such as "
        "4/3/2026, 4 March 2026 or 2026-03-04"
    )
