"""Table models of the registers: courses, a course's bookings, and complaints.

Each model holds plain dataclasses handed over by ``casebook.registers`` and never writes;
pages change records through the service and hand the models fresh rows. Sorting goes by a
sort role carrying plain keys (dates, amounts, positions), so "9 May" never sorts after
"10 May"; filters live in small proxies.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from enum import IntEnum
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QStyle, QWidget

from app.formatting import format_date
from app.registers.complaints import ComplaintRow, ComplaintStatus, deadline_text
from app.registers.training import Booking, BookingStatus, CourseSummary, format_money
from ui.widgets.lists import plural
from ui.widgets.roles import ID_ROLE, SORT_ROLE

AnyIndex = QModelIndex | QPersistentModelIndex
R = TypeVar("R")

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter

# Qt 6.10 replaced invalidateRowsFilter() with a begin/end pair; pyproject allows Qt 6.8.
_NEW_FILTER_API = hasattr(QSortFilterProxyModel, "endFilterChange")


class RowsModel(QAbstractTableModel, Generic[R]):
    """Read-only rows of one dataclass each; subclasses say what each column shows."""

    headers: Sequence[str] = ()
    right_aligned: frozenset[int] = frozenset()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[R] = []

    def set_rows(self, rows: Sequence[R]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def clear(self) -> None:
        self.set_rows([])

    def row_at(self, row: int) -> R | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, record_id: int | None) -> int:
        return next((i for i, r in enumerate(self._rows) if self.id_of(r) == record_id), -1)

    def id_of(self, row: R) -> int | None:
        raise NotImplementedError

    def text(self, row: R, column: int) -> str:
        raise NotImplementedError

    def sort_key(self, row: R, column: int) -> Any:
        return self.text(row, column).casefold()

    def extra(self, row: R, column: int, role: int) -> Any:
        """Tooltips, fonts, icons: anything beyond the text and its sort key."""
        return None

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index.row()) if index.isValid() else None
        if row is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(row, column)
        if role == SORT_ROLE:
            return self.sort_key(row, column)
        if role == ID_ROLE:
            return self.id_of(row)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in self.right_aligned:
            return int(_RIGHT)
        return self.extra(row, column, role)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.TextAlignmentRole
            and section in self.right_aligned
        ):
            return int(_RIGHT)
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class RowFilterProxy(QSortFilterProxyModel):
    """Sorts on ``SORT_ROLE`` and keeps the rows ``accepts`` says yes to."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.accepts: Callable[[Any], bool] = lambda _row: True

    def set_filter(self, accepts: Callable[[Any], bool]) -> None:
        if _NEW_FILTER_API:
            self.beginFilterChange()
        self.accepts = accepts
        if _NEW_FILTER_API:
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        model = self.sourceModel()
        assert isinstance(model, RowsModel)
        return bool(self.accepts(model.row_at(source_row)))

    def record_id(self, index: QModelIndex) -> int | None:
        value = index.siblingAtColumn(0).data(ID_ROLE) if index.isValid() else None
        return int(value) if value is not None else None


# --- courses ---------------------------------------------------------------------------------


class CourseColumn(IntEnum):
    TITLE = 0
    LENGTH = 1
    DATE = 2
    PLACE = 3
    FEE = 4
    BOOKINGS = 5
    DELEGATES = 6


def _with_provisional(confirmed: int, provisional: int) -> str:
    return f"{confirmed} (+{provisional} provisional)" if provisional else str(confirmed)


class CourseTableModel(RowsModel[CourseSummary]):
    headers = ("Course", "Length", "Date", "Place", "Fee (excl. VAT)", "Bookings", "Delegates")
    right_aligned = frozenset({CourseColumn.FEE, CourseColumn.BOOKINGS, CourseColumn.DELEGATES})

    def id_of(self, row: CourseSummary) -> int | None:
        return row.course.id

    def text(self, row: CourseSummary, column: int) -> str:
        course = row.course
        return (
            course.title,
            course.length.label,
            format_date(course.held_on),
            course.place,
            format_money(course.fee),
            _with_provisional(row.confirmed_bookings, row.provisional_bookings),
            _with_provisional(row.confirmed_delegates, row.provisional_delegates),
        )[column]

    def sort_key(self, row: CourseSummary, column: int) -> Any:
        course = row.course
        keys: dict[int, Any] = {
            CourseColumn.DATE: course.held_on.isoformat(),
            CourseColumn.FEE: float(course.fee),
            CourseColumn.BOOKINGS: row.confirmed_bookings + row.provisional_bookings,
            CourseColumn.DELEGATES: row.confirmed_delegates + row.provisional_delegates,
        }
        return keys.get(column, super().sort_key(row, column))

    def extra(self, row: CourseSummary, column: int, role: int) -> Any:
        if role != Qt.ItemDataRole.ToolTipRole:
            return None
        if column == CourseColumn.BOOKINGS:
            return (
                f"{plural(row.confirmed_bookings, 'confirmed booking')}, "
                f"{row.provisional_bookings} provisional"
            )
        if column == CourseColumn.DELEGATES:
            return (
                f"{plural(row.confirmed_delegates, 'confirmed delegate')}, "
                f"{row.provisional_delegates} provisional"
            )
        if column in (CourseColumn.TITLE, CourseColumn.PLACE):
            return self.text(row, column) or None
        return None


class CourseWhen(IntEnum):
    UPCOMING = 0
    PAST = 1
    ALL = 2


def course_filter(when: CourseWhen, today: date) -> Callable[[CourseSummary], bool]:
    """Upcoming courses include today's; past ones are those already held."""
    if when is CourseWhen.UPCOMING:
        return lambda row: row.course.held_on >= today
    if when is CourseWhen.PAST:
        return lambda row: row.course.held_on < today
    return lambda _row: True


# --- bookings --------------------------------------------------------------------------------


class BookingColumn(IntEnum):
    REFERENCE = 0
    ORGANISATION = 1
    CONTACT = 2
    DELEGATES = 3
    CONFIRMED = 4
    STATUS = 5


def booking_status_text(booking: Booking) -> str:
    """``Confirmed``; a cancellation says when and what it cost."""
    charge = booking.cancellation
    if booking.status is BookingStatus.CANCELLED and charge is not None:
        return f"Cancelled {format_date(charge.cancelled_on)}: {format_money(charge.total)}"
    return booking.status.label


class BookingTableModel(RowsModel[Booking]):
    headers = ("Reference", "Organisation", "Contact", "Delegates", "Confirmed on", "Status")
    right_aligned = frozenset({BookingColumn.DELEGATES})

    def id_of(self, row: Booking) -> int | None:
        return row.id

    def text(self, row: Booking, column: int) -> str:
        return (
            row.reference,
            row.organisation,
            row.contact_name,
            str(row.delegates),
            format_date(row.confirmed_on),
            booking_status_text(row),
        )[column]

    def sort_key(self, row: Booking, column: int) -> Any:
        if column == BookingColumn.DELEGATES:
            return row.delegates
        if column == BookingColumn.CONFIRMED:
            return row.confirmed_on.isoformat() if row.confirmed_on else ""
        if column == BookingColumn.REFERENCE:
            return row.id or 0
        return super().sort_key(row, column)

    def extra(self, row: Booking, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == BookingColumn.STATUS and row.cancellation is not None:
                return row.cancellation.explanation
            if column == BookingColumn.CONTACT and row.contact_email:
                return f"{row.contact_name} <{row.contact_email}>"
        return None


# --- complaints ------------------------------------------------------------------------------


class ComplaintColumn(IntEnum):
    REFERENCE = 0
    RECEIVED = 1
    COMPLAINANT = 2
    ABOUT = 3
    STATUS = 4
    NEXT_DEADLINE = 5


class ComplaintTableModel(RowsModel[ComplaintRow]):
    """In the service's order (soonest deadline first, closed last); overdue rows are bold
    with a warning icon and say "Overdue" in words."""

    headers = ("Reference", "Received", "Complainant", "About", "Status", "Next deadline")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._order: dict[int | None, int] = {}

    def set_rows(self, rows: Sequence[ComplaintRow]) -> None:
        self._order = {row.complaint.id: i for i, row in enumerate(rows)}
        super().set_rows(rows)

    def id_of(self, row: ComplaintRow) -> int | None:
        return row.complaint.id

    def text(self, row: ComplaintRow, column: int) -> str:
        complaint = row.complaint
        return (
            complaint.reference,
            format_date(complaint.received_on),
            complaint.complainant_name,
            complaint.about.label,
            complaint.status.label,
            deadline_text(row),
        )[column]

    def sort_key(self, row: ComplaintRow, column: int) -> Any:
        complaint = row.complaint
        if column == ComplaintColumn.NEXT_DEADLINE:
            return self._order.get(complaint.id, 0)  # the service's order is the deadline order
        if column == ComplaintColumn.RECEIVED:
            return complaint.received_on.isoformat()
        if column == ComplaintColumn.REFERENCE:
            return complaint.id or 0
        if column == ComplaintColumn.STATUS:
            return list(ComplaintStatus).index(complaint.status)
        return super().sort_key(row, column)

    def extra(self, row: ComplaintRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.FontRole and row.overdue:
            font = QFont()
            font.setBold(True)
            return font
        deadline = column == ComplaintColumn.NEXT_DEADLINE
        if role == Qt.ItemDataRole.DecorationRole and deadline and row.overdue:
            style = QApplication.style()
            return style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        if role == Qt.ItemDataRole.ToolTipRole and column == ComplaintColumn.NEXT_DEADLINE:
            return self._deadlines_tooltip(row)
        if role == Qt.ItemDataRole.AccessibleTextRole and column == ComplaintColumn.NEXT_DEADLINE:
            return deadline_text(row) or "Nothing outstanding"
        return None

    @staticmethod
    def _deadlines_tooltip(row: ComplaintRow) -> str | None:
        complaint, lines = row.complaint, []
        if complaint.awaiting_acknowledgement and complaint.acknowledgement_due_on:
            late = " (overdue)" if row.acknowledgement_overdue else ""
            lines.append(
                f"Acknowledgement due {format_date(complaint.acknowledgement_due_on)}{late}"
            )
        if complaint.awaiting_response and complaint.response_due_on:
            late = " (overdue)" if row.response_overdue else ""
            lines.append(f"Response due {format_date(complaint.response_due_on)}{late}")
        return "\n".join(lines) or None


def complaint_filter(status: ComplaintStatus | None) -> Callable[[ComplaintRow], bool]:
    if status is None:
        return lambda _row: True
    return lambda row: row.complaint.status is status
