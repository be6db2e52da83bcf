"""Screens of the training and complaints registers, and what they share.

Every page and dialog here reads and writes through ``casebook.registers`` (and, for a
transaction, ``casebook.transaction()``); none of them holds a connection. "Today" is passed
in as a function, so the deadlines and filters can be tested on any day of the year.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from PySide6.QtCore import QAbstractItemModel, QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.validation import EARLIEST_DATE, LATEST_DATE
from ui.messages import heading
from ui.workspace.record_dialog import RecordDialog

#: Where a page gets today's date from (``date.today`` unless a test says otherwise).
Today = Callable[[], date]

_SELECTABLE = (
    Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
)


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


def wrapped_label(text: str = "", parent: QWidget | None = None, *, name: str = "") -> QLabel:
    """Plain, selectable, wrapped text: register fields hold what people typed, never markup."""
    label = QLabel(text, parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(_SELECTABLE)
    if name:
        label.setAccessibleName(name)
    return label


def plural(count: int, noun: str) -> str:
    """``1 delegate``, ``3 delegates``."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def weekday_date(value: date) -> str:
    """``Thursday 7 May 2026``: a date people can place in their week."""
    return f"{value:%A} {value.day} {value:%B %Y}"


def notice(title: str, guidance: str, buttons: Sequence[QWidget] = ()) -> tuple[QWidget, QLabel]:
    """A centred title, a line of guidance and buttons, shown in place of an empty table."""
    page = QWidget()
    column = QWidget(page)
    column.setMaximumWidth(70 * column.fontMetrics().averageCharWidth())
    title_label = heading(title, column, scale=1.3)
    text = wrapped_label(guidance, column)
    inner = QVBoxLayout(column)
    for label in (title_label, text):
        label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        inner.addWidget(label)
    row = QHBoxLayout()
    row.addStretch(1)
    for button in buttons:
        row.addWidget(button)
    row.addStretch(1)
    inner.addLayout(row)
    outer = QVBoxLayout(page)
    outer.addStretch(1)
    outer.addWidget(column, 0, Qt.AlignmentFlag.AlignHCenter)
    outer.addStretch(2)
    return page, title_label


def table_view(model: QAbstractItemModel, name: str, parent: QWidget | None = None) -> QTableView:
    """A read-only, sortable table of whole rows, as on the Cases page; Tab leaves it."""
    view = QTableView(parent)
    view.setModel(model)
    view.setAccessibleName(name)
    view.setSortingEnabled(True)
    view.setAlternatingRowColors(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setWordWrap(False)
    view.setTabKeyNavigation(False)
    view.verticalHeader().hide()
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    view.horizontalHeader().setHighlightSections(False)
    return view


def size_columns(view: QTableView, samples: dict[int, str], stretch: int) -> None:
    """Columns as wide as their usual widest value in the user's font; one takes the rest."""
    header = view.horizontalHeader()
    padding = 3 * view.fontMetrics().averageCharWidth()
    for column, sample in samples.items():
        header.resizeSection(column, view.fontMetrics().horizontalAdvance(sample) + padding)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)


def save_or_report(dialog: RecordDialog | None, what: str) -> list[str]:
    """Locking with a form open: store what it holds if the store accepts it, else say why
    not (the lock goes ahead either way; the window tells the person what was lost)."""
    if dialog is None or not dialog.isVisible() or dialog.save():
        return []
    reasons = [e.reason for e in dialog.errors.values() if e.reason] or [dialog.problem.text()]
    return [f"{what} was not saved: " + "; ".join(r for r in reasons if r)]
