"""The case list: every case in a table, filtered by status, stage and a search of everything.

The model holds plain ``CaseListRow`` values handed over by the casebook's stores; it never
sees a connection. At 10,000 cases the store's one query is quick (tens of milliseconds);
what is slow is Qt asking Python about every row. So the model sorts in Python on plain
keys, hands rows to the view in chunks as it scrolls (``fetchMore``), and works out each
row's text once, when it is first shown. The proxy only filters, on plain values.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.casebook import Casebook
from app.domain import CaseListRow, Stage, Status
from app.errors import ParleyError
from app.formatting import format_date, format_datetime
from ui.messages import heading, show_error

AnyIndex = QModelIndex | QPersistentModelIndex

CASE_ID_ROLE = Qt.ItemDataRole.UserRole + 2
CHUNK = 200  # rows handed to the view at a time: several screenfuls, never all 10,000
SEARCH_DELAY_MS = 150  # wait for a pause in typing rather than search on every key
EMPTY_GUIDANCE = (
    "Create your first case, or look around a demo casebook of fictional cases first. "
    "(Administrators can also import cases from a file with "
    "<tt>python main.py import FILE.json</tt>.)"
)
NO_MATCH_GUIDANCE = (
    "Search looks through each case and its notes. Check the spelling, or clear the search "
    "and the filters to see every case."
)


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
        if role == Qt.ItemDataRole.DisplayRole:
            texts = self._texts.get(row.id)
            if texts is None:
                texts = self._texts[row.id] = _texts(row)
            return texts[index.column()]
        if role == CASE_ID_ROLE:
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
        return index.data(CASE_ID_ROLE) if index.isValid() else None

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self._open_index(self.currentIndex())
            return
        super().keyPressEvent(event)

    def _open_index(self, index: QModelIndex) -> None:
        case_id = index.data(CASE_ID_ROLE)
        if case_id is not None:
            self._open_case(int(case_id))


class CaseListPage(QWidget):
    """The Cases page: search and filters above the table, or guidance when it is empty."""

    open_requested = Signal(int)  # case id
    new_case_requested = Signal()
    demo_requested = Signal()
    count_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.casebook: Casebook | None = None
        self.model = CaseTableModel(self)
        self.proxy = CaseFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = CaseTable(self.proxy, self.open_requested.emit)
        self._current_case: int | None = None  # kept across sorting, to select it again

        self.search_box = QLineEdit(self)
        self.search_box.setPlaceholderText("Search cases and notes")
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setAccessibleName("Search cases and notes")
        self.search_box.installEventFilter(self)
        self.status_filter = _filter_combo("All statuses", Status, "Status filter", self)
        self.stage_filter = _filter_combo("All stages", Stage, "Stage filter", self)
        self.new_case_button = QPushButton("&New case…", self)
        self.new_case_button.setAutoDefault(False)

        self.top_bar = QWidget(self)
        bar = QHBoxLayout(self.top_bar)
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.search_box, 3)
        for text, combo in (("S&tatus:", self.status_filter), ("Sta&ge:", self.stage_filter)):
            label = QLabel(text, self.top_bar)
            label.setBuddy(combo)
            bar.addSpacing(8)
            bar.addWidget(label)
            bar.addWidget(combo, 1)
        bar.addSpacing(8)
        bar.addWidget(self.new_case_button)

        self.create_button = QPushButton("&Create a case", self)
        self.demo_button = QPushButton("Open the &demo casebook", self)
        self.demo_busy = QLabel("Preparing the demo casebook…", self)
        self.demo_busy.hide()
        self.empty_state, _ = _notice(
            "No cases yet", EMPTY_GUIDANCE, [self.create_button, self.demo_button, self.demo_busy]
        )
        self.clear_filters_button = QPushButton("C&lear search and filters", self)
        self.no_match, self.no_match_title = _notice(
            "No cases match", NO_MATCH_GUIDANCE, [self.clear_filters_button]
        )
        self.pages = QStackedWidget(self)
        for page in (self.table, self.empty_state, self.no_match):
            self.pages.addWidget(page)
        layout = QVBoxLayout(self)
        layout.addWidget(self.top_bar)
        layout.addWidget(self.pages, 1)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_search)
        self.search_box.textChanged.connect(self._search_timer.start)
        self.search_box.returnPressed.connect(self.apply_search)
        self.status_filter.currentIndexChanged.connect(self.apply_search)
        self.stage_filter.currentIndexChanged.connect(self.apply_search)
        self.new_case_button.clicked.connect(self.new_case_requested)
        self.create_button.clicked.connect(self.new_case_requested)
        self.demo_button.clicked.connect(self.demo_requested)
        self.clear_filters_button.clicked.connect(self.clear_filters)
        self.table.selectionModel().currentChanged.connect(self._remember_current)
        self.proxy.layoutChanged.connect(self._restore_current)
        self.setTabOrder(self.search_box, self.status_filter)
        self.setTabOrder(self.status_filter, self.stage_filter)
        self.setTabOrder(self.stage_filter, self.new_case_button)
        self.setTabOrder(self.new_case_button, self.table)

    # --- showing a casebook -----------------------------------------------------------------

    def show_casebook(self, casebook: Casebook) -> None:
        self.casebook = casebook
        self.reload()
        self.focus_search()

    def reload(self) -> None:
        """Fetch the list again (when first shown, or after a case is added)."""
        if self.casebook is None:
            return
        try:
            rows = self.casebook.cases.list_rows()
        except ParleyError as exc:
            show_error(self, "The case list could not be read.", str(exc))
            rows = []
        self.model.set_rows(rows)
        self.apply_search()

    def refresh_case(self, case_id: int) -> None:
        """One case changed in its workspace: show its new status and last activity."""
        if self.casebook is None:
            return
        try:
            rows = self.casebook.cases.list_rows_for([case_id])
        except ParleyError:
            return  # the list is only a summary; the workspace has said what went wrong
        if rows and self.model.position_of(case_id) is None:
            self.reload()
        for row in rows:
            self.model.update_row(row)
        self._update_state()

    def clear(self) -> None:
        """Forget everything shown: used when locking, before the casebook closes."""
        self._search_timer.stop()
        self.casebook = None
        self._current_case = None
        for widget in (self.search_box, self.status_filter, self.stage_filter):
            blocked = widget.blockSignals(True)
            if isinstance(widget, QLineEdit):
                widget.clear()
            else:
                widget.setCurrentIndex(0)
            widget.blockSignals(blocked)
        self.proxy.set_filters(None)
        self.model.clear()
        self.set_demo_busy(False)
        self.count_changed.emit("")

    def clear_filters(self) -> None:
        for combo in (self.status_filter, self.stage_filter):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.search_box.clear()
        self.apply_search()
        self.focus_search()

    def apply_search(self) -> None:
        self._search_timer.stop()
        text = self.search_box.text().strip()
        case_ids: list[int] | None = None
        if self.casebook is not None and text:
            try:
                case_ids = self.casebook.search.case_ids(text)
            except ParleyError as exc:
                self.count_changed.emit(str(exc))
        status, stage = self.status_filter.currentData(), self.stage_filter.currentData()
        self.proxy.set_filters(
            case_ids, Status(status) if status else None, Stage(stage) if stage else None
        )
        self.proxy.fetch_at_least(CHUNK)
        self._update_state()

    def _update_state(self) -> None:
        total, shown = self.model.total, self.proxy.matching()
        empty = total == 0 and self.casebook is not None
        if empty:
            self.pages.setCurrentWidget(self.empty_state)
        elif shown == 0 and total > 0:
            text = self.search_box.text().strip()
            filtered = self.proxy.status is not None or self.proxy.stage is not None
            if text:
                title = f"No cases match “{text}”" + (" with these filters" if filtered else "")
            else:
                title = "No cases match these filters"
            self.no_match_title.setText(title)
            self.pages.setCurrentWidget(self.no_match)
        else:
            self.pages.setCurrentWidget(self.table)
        self.top_bar.setVisible(not empty)
        noun = "case" if total == 1 else "cases"
        if shown == total:
            self.count_changed.emit(f"{total} {noun}")
        elif shown == 0:
            self.count_changed.emit(f"No cases match (of {total})")
        else:
            self.count_changed.emit(f"{shown} of {total} {noun}")

    def showing_empty_state(self) -> bool:
        return self.pages.currentWidget() is self.empty_state

    def set_demo_busy(self, busy: bool) -> None:
        self.demo_busy.setVisible(busy)
        self.demo_button.setEnabled(not busy)
        self.create_button.setEnabled(not busy)

    # --- focus and selection ----------------------------------------------------------------

    def focus_search(self) -> None:
        target = self.create_button if self.showing_empty_state() else self.search_box
        target.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if target is self.search_box:
            self.search_box.selectAll()

    def select_case(self, case_id: int) -> None:
        """Make ``case_id`` the current row, fetching down to it if needed."""
        position = self.model.position_of(case_id)
        if position is None:
            return
        self.model.fetch_through(position)
        index = self.proxy.mapFromSource(self.model.index(position, 0))
        if index.isValid():
            self.table.setCurrentIndex(index)
            self.table.scrollTo(index)

    def _remember_current(self, current: QModelIndex) -> None:
        if current.isValid():
            self._current_case = current.data(CASE_ID_ROLE)

    def _restore_current(self) -> None:
        if not self.table.currentIndex().isValid() and self._current_case is not None:
            self.select_case(self._current_case)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Down from the search box goes to the results, as in a browser's address bar.
        if (
            watched is self.search_box
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Down
            and self.proxy.rowCount() > 0
        ):
            self.table.setFocus(Qt.FocusReason.TabFocusReason)
            if not self.table.currentIndex().isValid():
                self.table.setCurrentIndex(self.proxy.index(0, 0))
            return True
        return super().eventFilter(watched, event)


def _filter_combo(everything: str, choices: type[Status] | type[Stage], name: str,
                  parent: QWidget) -> QComboBox:  # fmt: skip
    combo = QComboBox(parent)
    combo.addItem(everything, "")
    for member in choices:
        combo.addItem(member.label, member.value)
    combo.setAccessibleName(name)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    return combo


def _notice(title_text: str, guidance_text: str, extras: list[QWidget]) -> tuple[QWidget, QLabel]:
    """A centred title, a short paragraph and buttons, in place of the table."""
    page = QWidget()
    # A column of comfortable measure (about 70 characters) between stretches.
    column = QWidget(page)
    column.setMaximumWidth(70 * column.fontMetrics().averageCharWidth())
    title = heading(title_text, column, scale=1.6)
    guidance = QLabel(guidance_text, column)
    guidance.setTextFormat(Qt.TextFormat.RichText)  # our own text, never the user's
    guidance.setWordWrap(True)
    text_layout = QVBoxLayout(column)
    for label in (title, guidance):
        label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        text_layout.addWidget(label)
    buttons = QHBoxLayout()
    buttons.addStretch(1)
    for widget in extras:
        buttons.addWidget(widget)
    buttons.addStretch(1)
    text_layout.addSpacing(12)
    text_layout.addLayout(buttons)
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(column, 10)
    row.addStretch(1)
    layout = QVBoxLayout(page)
    layout.addStretch(1)
    layout.addLayout(row)
    layout.addStretch(2)
    return page, title


def __getattr__(name: str) -> Any:
    # The benchmark harness still asks for the old one-page window by this name.
    if name == "CaseListWindow":
        from ui.main_window import MainWindow

        return MainWindow
    raise AttributeError(name)
