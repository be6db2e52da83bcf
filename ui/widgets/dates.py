"""Dates in forms: ``datetime.date`` to and from Qt's ``QDate``, and a date field that must
be given, shown as ``14 May 2019``."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QWidget

from app.cases.validation import EARLIEST_DATE, LATEST_DATE


def to_qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def from_qdate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def date_edit(name: str, value: date, parent: QWidget | None = None) -> QDateEdit:
    """A date that must be given, shown as ``14 May 2019`` with a calendar to pick from."""
    edit = QDateEdit(parent)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("d MMMM yyyy")
    edit.setDateRange(to_qdate(EARLIEST_DATE), to_qdate(LATEST_DATE))
    edit.setDate(to_qdate(value))
    edit.setAccessibleName(name)
    return edit


def date_of(edit: QDateEdit) -> date:
    return from_qdate(edit.date())
