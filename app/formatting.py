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
