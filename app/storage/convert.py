"""Dates and times as the database keeps them: ISO 8601 text, minutes precision for times."""

from __future__ import annotations

from datetime import date, datetime


def date_out(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def date_in(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def time_out(value: datetime | None) -> str | None:
    return value.strftime("%Y-%m-%dT%H:%M") if value is not None else None


def time_in(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def now_text() -> str:
    return datetime.now().strftime("%Y-%m-%dT%H:%M:%S")
