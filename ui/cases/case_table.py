"""The case table: a model that reads the case list a page at a time, and the view.

The model holds the rows the view has been given so far and nothing more: it asks the
casebook's ``case_list`` for how many cases pass the filters (a count, no rows), then for
the next page after its last row as the view scrolls (``fetchMore``). Sorting and
filtering are a new query, answered by SQL on indexed columns
(``app.cases.stores.case_list``); the model never sorts or filters in Python.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable
from dataclasses import replace
from enum import IntEnum
from typing import Any, Protocol

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableView,
    QWidget,
)

from app.cases.records import CaseListRow, Stage
from app.cases.stores.case_list import ListOrder, ListQuery
from app.errors import ParleyError
from app.formatting import format_date, format_datetime
from ui.widgets.elided import WordElidingDelegate
from ui.widgets.roles import ID_ROLE

AnyIndex = QModelIndex | QPersistentModelIndex

CHUNK = 200  # rows read and handed to the view at a time: several screenfuls
#: A title names the diagnosis: safe view shows this in its place (the reference stays).
HIDDEN_TITLE = "Title hidden (safe view)"


class Column(IntEnum):
    REFERENCE = 0
    TITLE = 1
    STAGE = 2
    STATUS = 3
    REFERRED = 4
    LAST_ACTIVITY = 5
    NEXT_MEETING = 6

    @property
    def header(self) -> str:
        return _HEADERS[self]


_HEADERS = ("Reference", "Title", "Stage", "Status", "Referred", "Last activity", "Next meeting")
# The widest usual value of each column, measured in the user's font (Title takes the rest).
_WIDEST = {
    Column.REFERENCE: "MM-2026-000",
    Column.STAGE: "Eleventh hour",
    Column.STATUS: "Awaiting consent",
    Column.REFERRED: "28 September 2026",
    Column.LAST_ACTIVITY: "28 September 2026",
    Column.NEXT_MEETING: "28 September 2026, 14:00",
}
#: The Reference column widens to show a longer reference whole, up to this many characters.
REFERENCE_WIDTH_CHARS = 24
# The full stage names are long for a column; the tooltip gives the whole of it.
STAGE_SHORT = {Stage.EARLY: "Early", Stage.FORMAL: "Formal", Stage.ELEVENTH_HOUR: "Eleventh hour"}
# Each column's order in the list's query.
ORDERS = {
    Column.REFERENCE: ListOrder.REFERENCE,
    Column.TITLE: ListOrder.TITLE,
    Column.STAGE: ListOrder.STAGE,
    Column.STATUS: ListOrder.STATUS,
    Column.REFERRED: ListOrder.REFERRED,
    Column.LAST_ACTIVITY: ListOrder.LAST_ACTIVITY,
    Column.NEXT_MEETING: ListOrder.NEXT_MEETING,
}


#: What the model reads through: the casebook's ``case_list`` (or anything shaped like it).
class Source(Protocol):
    def first_page(self, query: ListQuery, limit: int) -> tuple[int, list[CaseListRow]]: ...
    def page(
        self, query: ListQuery, after: CaseListRow | None, limit: int
    ) -> list[CaseListRow]: ...
    def position(self, query: ListQuery, row: CaseListRow) -> int: ...


def _texts(row: CaseListRow) -> tuple[str, ...]:
    """What each column shows, in Column order."""
    return (
        row.reference,
        row.title,
        STAGE_SHORT[row.stage],
        row.status.label,
        format_date(row.referred_on),
        format_date(row.last_activity.date() if row.last_activity else None),
        format_datetime(row.next_meeting),
    )


def _tooltip(row: CaseListRow, column: int) -> str | None:
    if column == Column.STAGE:
        return row.stage.label
    if column == Column.LAST_ACTIVITY:
        return format_datetime(row.last_activity) or None
    if column == Column.TITLE:
        return row.title
    return None


class CaseTableModel(QAbstractTableModel):
    """The case list's rows in the order and with the filters of its query, read a page at
    a time as the view asks for them."""

    #: The list could not be read (the message is fit to show).
    failed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._source: Source | None = None
        self.query = ListQuery()
        self._matching = 0  # how many cases pass the filters
        self._rows: list[CaseListRow] = []  # the first of them, as far as the view has asked
        self._position: dict[int, int] = {}  # case id -> index in _rows
        self._texts: dict[int, tuple[str, ...]] = {}  # case id -> column texts, once shown
        self.safe_view = False

    # --- contents ---------------------------------------------------------------------------

    def show_source(self, source: Source | None, query: ListQuery | None = None) -> None:
        """Read from ``source`` (None: show nothing), with ``query`` or the current one."""
        self._source = source
        self.set_query(query or self.query)

    def set_query(self, query: ListQuery, keep: int = CHUNK) -> None:
        """Show the cases ``query`` asks for, its first ``keep`` rows read at once."""
        self.beginResetModel()
        self.query = query
        self._rows, self._matching = [], 0
        self._position.clear()
        self._texts.clear()
        if self._source is not None:
            try:
                # The count and the first rows together: a search is evaluated once.
                self._matching, rows = self._source.first_page(query, max(keep, CHUNK))
                self._append(rows)
            except ParleyError as exc:
                self._matching, self._rows = 0, []
                self.failed.emit(str(exc))
        self.endResetModel()

    def clear(self) -> None:
        self.show_source(None, ListQuery())

    def set_safe_view(self, on: bool) -> None:
        """Hide (or show again) every case's title, which may name the diagnosis."""
        if on == self.safe_view:
            return
        self.safe_view = on
        if self._rows:
            title = Column.TITLE
            self.dataChanged.emit(self.index(0, title), self.index(len(self._rows) - 1, title))

    @property
    def matching(self) -> int:
        """How many cases pass the filters, read or not."""
        return self._matching

    def references(self) -> list[str]:
        """The references of the rows read so far."""
        return [row.reference for row in self._rows]

    def row_at(self, row: int) -> CaseListRow:
        return self._rows[row]

    def loaded_position(self, case_id: int) -> int | None:
        """Where ``case_id`` is among the rows read so far."""
        return self._position.get(case_id)

    def position_of(self, row: CaseListRow) -> int | None:
        """Where ``row`` is in the whole list (read or not), None if it is filtered out."""
        if row.id in self._position:
            return self._position[row.id]
        if self._source is None:
            return None
        try:
            place = self._source.position(self.query, row)
        except ParleyError:
            return None
        # Read as far as it, and make sure it really is the row there (filters apply).
        self.fetch_through(place)
        return self._position.get(row.id)

    def reread(self) -> None:
        """Read the rows shown again (a case changed): as many as before, same query."""
        self.set_query(self.query, keep=len(self._rows))

    # --- lazy fetching ----------------------------------------------------------------------

    def canFetchMore(self, parent: AnyIndex) -> bool:
        return not parent.isValid() and len(self._rows) < self._matching

    def fetchMore(self, parent: AnyIndex) -> None:
        if parent.isValid():
            return
        self.fetch_through(len(self._rows) + CHUNK - 1)

    def fetch_through(self, position: int) -> None:
        """Give the view every row up to ``position`` (to select a case far down)."""
        first = len(self._rows)
        if position < first or self._source is None:
            return
        try:
            rows = self._page(position + 1 - first)
        except ParleyError as exc:
            self.failed.emit(str(exc))
            return
        if not rows:
            self._matching = first  # fewer than counted: something was deleted meanwhile
            return
        self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
        self._append(rows)
        self.endInsertRows()

    def _page(self, count: int) -> list[CaseListRow]:
        assert self._source is not None
        after = self._rows[-1] if self._rows else None
        return self._source.page(self.query, after, max(count, 1))

    def _append(self, rows: list[CaseListRow]) -> None:
        for row in rows:
            self._position[row.id] = len(self._rows)
            self._rows.append(row)

    # --- sorting ----------------------------------------------------------------------------

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(Column):
            return
        descending = order == Qt.SortOrder.DescendingOrder
        query = replace(self.query, order=ORDERS[Column(column)], descending=descending)
        if query != self.query:
            self.set_query(query)

    # --- what Qt asks -----------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if self.safe_view and index.column() == Column.TITLE and role in _TEXT_ROLES:
            return HIDDEN_TITLE if role == Qt.ItemDataRole.DisplayRole else None
        if role == Qt.ItemDataRole.DisplayRole:
            texts = self._texts.get(row.id)
            if texts is None:
                texts = self._texts[row.id] = _texts(row)
            return texts[index.column()]
        if role == ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tooltip(row, index.column())
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return Column(section).header
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


_TEXT_ROLES = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)


class CaseTable(QTableView):
    """The table of cases; Enter opens the current case (double-click is the other way)."""

    def __init__(self, model: CaseTableModel, open_case: Callable[[int], None]) -> None:
        super().__init__()
        self._open_case = open_case
        self.setModel(model)
        self.setSortingEnabled(True)
        self.setAlternatingRowColors(True)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(False)
        self.setTabKeyNavigation(False)  # Tab leaves the table, as everywhere else
        self.verticalHeader().hide()
        # Every row is one line high: Qt then never measures rows one by one.
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.setAccessibleName("Cases")
        self.setAccessibleDescription("Press Enter or double-click to open a case")
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        padding = 2 * self.fontMetrics().averageCharWidth()
        for column, sample in _WIDEST.items():
            header.resizeSection(column, self.fontMetrics().horizontalAdvance(sample) + padding)
        header.setSectionResizeMode(Column.TITLE, QHeaderView.ResizeMode.Stretch)
        # A title cut mid-letter reads as another word: it is shortened at a word instead.
        self.title_delegate = WordElidingDelegate(self)
        self.setItemDelegateForColumn(Column.TITLE, self.title_delegate)
        header.setSortIndicator(Column.REFERRED, Qt.SortOrder.DescendingOrder)
        self.doubleClicked.connect(self._open_index)
        # The reference tells cases apart (and is all safe view leaves): a service's own,
        # longer than the sample, widens its column as rows arrive, never past a limit.
        self._padding = padding
        model.modelReset.connect(self._fit_references)
        model.rowsInserted.connect(lambda _parent, _first, _last: self._fit_references())

    def _fit_references(self) -> None:
        model, metrics = self.model(), self.fontMetrics()
        limit = REFERENCE_WIDTH_CHARS * metrics.averageCharWidth()
        if not isinstance(model, CaseTableModel) or self.columnWidth(Column.REFERENCE) >= limit:
            return  # it only ever widens: at the limit there is nothing left to do
        # Measured for the longest few only: a reference's width follows its length closely
        # enough, and measuring all of a page's would add milliseconds to every keystroke.
        longest = heapq.nlargest(5, model.references(), key=len)
        if not longest:
            return
        widest = max(metrics.horizontalAdvance(reference) for reference in longest)
        needed = min(widest + self._padding, limit)
        if self.columnWidth(Column.REFERENCE) < needed:
            self.horizontalHeader().resizeSection(Column.REFERENCE, needed)

    def current_case_id(self) -> int | None:
        index = self.currentIndex()
        return index.data(ID_ROLE) if index.isValid() else None

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self._open_index(self.currentIndex())
            return
        super().keyPressEvent(event)

    def _open_index(self, index: QModelIndex) -> None:
        case_id = index.data(ID_ROLE)
        if case_id is not None:
            self._open_case(int(case_id))
