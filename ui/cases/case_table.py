"""The case table: a model of case-list rows, a proxy that filters them, and the view."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableView,
    QWidget,
)

from app.cases.records import CaseListRow, Stage, Status
from app.formatting import format_date, format_datetime
from ui.widgets.roles import ID_ROLE

AnyIndex = QModelIndex | QPersistentModelIndex

CHUNK = 200  # rows handed to the view at a time: several screenfuls, never all 10,000
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
# The full stage names are long for a column; the tooltip gives the whole of it.
STAGE_SHORT = {Stage.EARLY: "Early", Stage.FORMAL: "Formal", Stage.ELEVENTH_HOUR: "Eleventh hour"}
# Stages and statuses sort in the order a case moves through them, not alphabetically.
_STAGE_ORDER = {stage: i for i, stage in enumerate(Stage)}
_STATUS_ORDER = {status: i for i, status in enumerate(Status)}


def _iso(value: date | None) -> str:
    return value.isoformat() if value else ""  # "" sorts before every date


_SORT_KEYS: dict[Column, Callable[[CaseListRow], Any]] = {
    Column.REFERENCE: lambda r: r.reference.casefold(),
    Column.TITLE: lambda r: r.title.casefold(),
    Column.STAGE: lambda r: _STAGE_ORDER[r.stage],
    Column.STATUS: lambda r: _STATUS_ORDER[r.status],
    Column.REFERRED: lambda r: _iso(r.referred_on),
    Column.LAST_ACTIVITY: lambda r: _iso(r.last_activity),
    Column.NEXT_MEETING: lambda r: _iso(r.next_meeting),
}


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
    """Read-only rows of the case list, one ``CaseListRow`` each, in the chosen order."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[CaseListRow] = []  # every case, sorted
        self._shown = 0  # how many of them the view has been given so far
        self._position: dict[int, int] = {}  # case id -> index in _rows
        self._texts: dict[int, tuple[str, ...]] = {}  # case id -> column texts, once shown
        self.sort_column, self.sort_order = Column.REFERRED, Qt.SortOrder.DescendingOrder
        self.safe_view = False

    # --- contents ---------------------------------------------------------------------------

    def set_rows(self, rows: Iterable[CaseListRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._texts.clear()
        self._sort_rows(self._rows)
        self._index_positions()
        self._shown = min(CHUNK, len(self._rows))
        self.endResetModel()

    def clear(self) -> None:
        self.set_rows([])

    def set_safe_view(self, on: bool) -> None:
        """Hide (or show again) every case's title, which may name the diagnosis."""
        if on == self.safe_view:
            return
        self.safe_view = on
        if self._shown:
            title = Column.TITLE
            self.dataChanged.emit(self.index(0, title), self.index(self._shown - 1, title))

    @property
    def total(self) -> int:
        return len(self._rows)

    def all_rows(self) -> list[CaseListRow]:
        return self._rows

    def row_at(self, row: int) -> CaseListRow:
        return self._rows[row]

    def position_of(self, case_id: int) -> int | None:
        return self._position.get(case_id)

    def update_row(self, updated: CaseListRow) -> None:
        """One case changed (its last activity, say): show the new values in place."""
        position = self._position.get(updated.id)
        if position is None:
            return
        self._rows[position] = updated
        self._texts.pop(updated.id, None)
        if position < self._shown:
            self.dataChanged.emit(self.index(position, 0), self.index(position, len(Column) - 1))
        self.sort(self.sort_column, self.sort_order)  # it may belong elsewhere now

    # --- lazy fetching ----------------------------------------------------------------------

    def canFetchMore(self, parent: AnyIndex) -> bool:
        return not parent.isValid() and self._shown < len(self._rows)

    def fetchMore(self, parent: AnyIndex) -> None:
        if parent.isValid():
            return
        self.fetch_through(self._shown + CHUNK - 1)

    def fetch_through(self, position: int) -> None:
        """Give the view every row up to ``position`` (to select a case far down)."""
        last = min(position, len(self._rows) - 1)
        if last < self._shown:
            return
        self.beginInsertRows(QModelIndex(), self._shown, last)
        self._shown = last + 1
        self.endInsertRows()

    # --- sorting ----------------------------------------------------------------------------

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(Column):
            return
        self.sort_column, self.sort_order = Column(column), order
        if not self._rows:
            return
        self.layoutAboutToBeChanged.emit()
        # Asked only now: the proxy records the view's selection when told of the change.
        keep = self.persistentIndexList()
        kept_ids = [self._rows[index.row()].id for index in keep]
        self._sort_rows(self._rows)
        self._index_positions()
        moved = []
        for case_id, index in zip(kept_ids, keep, strict=True):
            position = self._position[case_id]
            # A row sorted beyond what the view was given is dropped from the selection;
            # the page selects it again (fetching that far) when it was the current case.
            inside = position < self._shown
            moved.append(self.index(position, index.column()) if inside else QModelIndex())
        self.changePersistentIndexList(keep, moved)
        self.layoutChanged.emit()

    def _sort_rows(self, rows: list[CaseListRow]) -> None:
        # Two stable passes: ties keep reference order whichever way the column runs.
        rows.sort(key=_SORT_KEYS[Column.REFERENCE])
        descending = self.sort_order == Qt.SortOrder.DescendingOrder
        rows.sort(key=_SORT_KEYS[self.sort_column], reverse=descending)

    def _index_positions(self) -> None:
        self._position = {row.id: i for i, row in enumerate(self._rows)}

    # --- what Qt asks -----------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else self._shown

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self._shown:
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

# Qt 6.10 replaced invalidateRowsFilter() with a begin/end pair; pyproject allows Qt 6.8.
_NEW_FILTER_API = hasattr(QSortFilterProxyModel, "endFilterChange")


class CaseFilterProxy(QSortFilterProxyModel):
    """Keeps the cases a search found (all when ``None``) with the chosen status and stage.

    Sorting is left to the source model, which sorts every case, not only those fetched.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.case_ids: frozenset[int] | None = None
        self.status: Status | None = None
        self.stage: Stage | None = None

    def source(self) -> CaseTableModel:
        model = self.sourceModel()
        assert isinstance(model, CaseTableModel)
        return model

    @property
    def filtering(self) -> bool:
        return self.case_ids is not None or self.status is not None or self.stage is not None

    def set_filters(
        self,
        case_ids: Iterable[int] | None,
        status: Status | None = None,
        stage: Stage | None = None,
    ) -> None:
        if _NEW_FILTER_API:
            self.beginFilterChange()
        self.case_ids = None if case_ids is None else frozenset(case_ids)
        self.status, self.stage = status, stage
        if _NEW_FILTER_API:
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self.invalidateRowsFilter()

    def accepts(self, row: CaseListRow) -> bool:
        return (
            (self.case_ids is None or row.id in self.case_ids)
            and (self.status is None or row.status is self.status)
            and (self.stage is None or row.stage is self.stage)
        )

    def matching(self) -> int:
        """How many of all the cases pass the filters, fetched or not."""
        if not self.filtering:
            return self.source().total
        return sum(1 for row in self.source().all_rows() if self.accepts(row))

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        return self.accepts(self.source().row_at(source_row))

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.source().sort(column, order)

    def fetchMore(self, parent: AnyIndex) -> None:
        # A chunk may hold no match at all; the view would then never ask again, so keep
        # fetching until something shows or there is nothing left.
        source, before = self.source(), self.rowCount(parent)
        while source.canFetchMore(QModelIndex()) and self.rowCount(parent) == before:
            source.fetchMore(QModelIndex())

    def fetch_at_least(self, rows: int) -> None:
        """Make sure a screenful is there after the filters change, without the view's help."""
        while self.rowCount() < rows and self.canFetchMore(QModelIndex()):
            self.fetchMore(QModelIndex())


class CaseTable(QTableView):
    """The table of cases; Enter opens the current case (double-click is the other way)."""

    def __init__(self, proxy: CaseFilterProxy, open_case: Callable[[int], None]) -> None:
        super().__init__()
        self._open_case = open_case
        self.setModel(proxy)
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
        header.setSortIndicator(Column.REFERRED, Qt.SortOrder.DescendingOrder)
        self.doubleClicked.connect(self._open_index)

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
