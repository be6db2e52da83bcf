"""Dates and times in forms: the one place where ``datetime.date`` meets Qt's ``QDate``.

Every date field of the interface is made here (a date that must be given, one that may be
left empty, a date with its time), and every conversion between Python's dates and Qt's
happens here, so that a date is read and shown the same way everywhere. Other modules set
and read these fields with ``set_date``/``date_of``, ``set_value``/``value`` and
``set_datetime``/``datetime_value``; none of them builds a ``QDate`` of its own.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from PySide6.QtCore import QDate, QDateTime, QTime, Signal
from PySide6.QtWidgets import QCheckBox, QDateEdit, QDateTimeEdit, QHBoxLayout, QWidget

from app.cases.validation import EARLIEST_DATE, LATEST_DATE

DATE_FORMAT = "d MMMM yyyy"  # "14 May 2019", as everywhere else
DATETIME_FORMAT = "d MMMM yyyy, HH:mm"  # "14 May 2019, 14:05"


def to_qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def from_qdate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def to_qdatetime(value: datetime) -> QDateTime:
    """To the minute: the forms show no seconds, so none are carried over."""
    return QDateTime(to_qdate(value.date()), QTime(value.hour, value.minute))


def from_qdatetime(value: QDateTime) -> datetime:
    day, time = value.date(), value.time()
    return datetime(day.year(), day.month(), day.day(), time.hour(), time.minute())


# --- a date that must be given ---------------------------------------------------------------


def date_edit(name: str, value: date, parent: QWidget | None = None) -> QDateEdit:
    """A date that must be given, shown as ``14 May 2019`` with a calendar to pick from."""
    edit = QDateEdit(parent)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(DATE_FORMAT)
    edit.setDateRange(to_qdate(EARLIEST_DATE), to_qdate(LATEST_DATE))
    edit.setDate(to_qdate(value))
    edit.setAccessibleName(name)
    return edit


def date_of(edit: QDateEdit) -> date:
    return from_qdate(edit.date())


def set_date(edit: QDateEdit, value: date) -> None:
    edit.setDate(to_qdate(value))


# --- a date and its time ---------------------------------------------------------------------


def datetime_edit(label: str, parent: QWidget) -> QDateTimeEdit:
    edit = QDateTimeEdit(parent)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(DATETIME_FORMAT)
    edit.setAccessibleName(label)
    return edit


def set_datetime(edit: QDateTimeEdit, value: datetime) -> None:
    edit.setDateTime(to_qdatetime(value))


def datetime_value(edit: QDateTimeEdit) -> datetime:
    return from_qdatetime(edit.dateTime())


# --- a date that may be left empty -----------------------------------------------------------

# With no date, the editor sits on its minimum, which Qt shows as special text: an empty date
# must never look like a real one. The minimum is the day before the earliest date the stores
# accept, so that no storable date (1 January 1900 included) reads as "Not recorded".
_NO_DATE = to_qdate(EARLIEST_DATE - timedelta(days=1))


class OptionalDateEdit(QWidget):
    """A date that may be left empty (a plain QDateEdit cannot say "not recorded")."""

    changed = Signal()

    def __init__(self, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.has_date = QCheckBox(self)
        self.has_date.setAccessibleName(f"{label} recorded")
        self.editor = QDateEdit(self)
        self.editor.setCalendarPopup(True)
        self.editor.setDisplayFormat(DATE_FORMAT)
        self.editor.setAccessibleName(label)
        # The bounds the stores check, so the editor cannot offer a refused date.
        self.editor.setMinimumDate(_NO_DATE)
        self.editor.setMaximumDate(to_qdate(LATEST_DATE))
        self.editor.setSpecialValueText("Not recorded")
        self.editor.setDate(_NO_DATE)
        self.editor.setEnabled(False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.has_date)
        layout.addWidget(self.editor, 1)
        self.setFocusProxy(self.has_date)
        self.has_date.toggled.connect(self._toggled)
        self.editor.dateChanged.connect(lambda _d: self.changed.emit())

    def _toggled(self, on: bool) -> None:
        self.editor.setEnabled(on)
        if on and self.editor.date() == _NO_DATE:
            self.editor.setDate(QDate.currentDate())
        elif not on:
            self.editor.setDate(_NO_DATE)
        self.changed.emit()

    def value(self) -> date | None:
        if not self.has_date.isChecked() or self.editor.date() == _NO_DATE:
            return None
        return from_qdate(self.editor.date())

    def set_value(self, value: date | None) -> None:
        blocked = self.blockSignals(True)
        self.has_date.setChecked(value is not None)
        self.editor.setEnabled(value is not None)
        self.editor.setDate(_NO_DATE if value is None else to_qdate(value))
        self.blockSignals(blocked)

    def wipe(self) -> None:
        """Empty, and holding nothing but today's date anywhere (locking).

        A date of birth identifies a patient: the editor keeps no earlier date even in the
        range its calendar would open on.
        """
        self.set_value(None)
        self.editor.setMinimumDate(QDate.currentDate())
        self.editor.setDate(QDate.currentDate())
