"""The case list: a table of every case, searchable through cases and notes.

The model holds plain ``CaseListRow`` values handed over by the casebook's stores; it never
sees a connection. Search runs in the encrypted database (FTS5) and the proxy only keeps the
rows whose ids came back.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.casebook import Casebook
from app.domain import CaseListRow, Stage, Status
from app.errors import ParleyError
from app.formatting import format_date, format_datetime
from ui.messages import heading, set_elided_path, show_error

AnyIndex = QModelIndex | QPersistentModelIndex

#: Raw, comparable values (strings and numbers only, so Qt never compares mixed types).
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
CASE_ID_ROLE = Qt.ItemDataRole.UserRole + 2

SEARCH_DELAY_MS = 150  # wait for a pause in typing rather than search on every key
EMPTY_GUIDANCE = (
    "Cases can be added by importing a file: <tt>python main.py import FILE.json</tt>, "
    "or open the demo casebook with <tt>make demo</tt>."
)
NO_MATCH_GUIDANCE = (
    "Search looks through each case and its notes. Check the spelling, or clear the search "
    "to see every case."
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


_HEADERS = {
    Column.REFERENCE: "Reference",
    Column.TITLE: "Title",
    Column.STAGE: "Stage",
    Column.STATUS: "Status",
    Column.REFERRED: "Referred",
    Column.LAST_ACTIVITY: "Last activity",
    Column.NEXT_MEETING: "Next meeting",
}
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
_STAGE_SHORT = {Stage.EARLY: "Early", Stage.FORMAL: "Formal", Stage.ELEVENTH_HOUR: "Eleventh hour"}
# Stages and statuses sort in the order a case moves through them, not alphabetically.
_STAGE_ORDER = {stage: i for i, stage in enumerate(Stage)}
_STATUS_ORDER = {status: i for i, status in enumerate(Status)}


def _display(row: CaseListRow, column: Column) -> str:
    match column:
        case Column.REFERENCE:
            return row.reference
        case Column.TITLE:
            return row.title
        case Column.STAGE:
            return _STAGE_SHORT[row.stage]
        case Column.STATUS:
            return row.status.label
        case Column.REFERRED:
            return format_date(row.referred_on)
        case Column.LAST_ACTIVITY:
            return format_date(row.last_activity.date() if row.last_activity else None)
        case Column.NEXT_MEETING:
            return format_datetime(row.next_meeting)


def _sort_key(row: CaseListRow, column: Column) -> str | int:
    match column:
        case Column.REFERENCE:
            return row.reference.casefold()
        case Column.TITLE:
            return row.title.casefold()
        case Column.STAGE:
            return _STAGE_ORDER[row.stage]
        case Column.STATUS:
            return _STATUS_ORDER[row.status]
        case Column.REFERRED:
            return row.referred_on.isoformat() if row.referred_on else ""
        case Column.LAST_ACTIVITY:
            return row.last_activity.isoformat() if row.last_activity else ""
        case Column.NEXT_MEETING:
            return row.next_meeting.isoformat() if row.next_meeting else ""


def _tooltip(row: CaseListRow, column: Column) -> str | None:
    if column is Column.STAGE:
        return row.stage.label
    if column is Column.LAST_ACTIVITY:
        return format_datetime(row.last_activity) or None
    if column is Column.TITLE:
        return row.title
    return None


class CaseTableModel(QAbstractTableModel):
    """Read-only rows of the case list, one ``CaseListRow`` each."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[CaseListRow] = []

    def set_rows(self, rows: Iterable[CaseListRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def clear(self) -> None:
        self.set_rows([])

    def row_at(self, row: int) -> CaseListRow:
        return self._rows[row]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = self._rows[index.row()], Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return _display(row, column)
        if role == SORT_ROLE:
            return _sort_key(row, column)
        if role == CASE_ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tooltip(row, column)
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
    """Sorts on ``SORT_ROLE`` and keeps only the cases a search found (all when ``None``)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self._case_ids: frozenset[int] | None = None

    def set_case_ids(self, case_ids: Iterable[int] | None) -> None:
        if _NEW_FILTER_API:
            self.beginFilterChange()
        self._case_ids = None if case_ids is None else frozenset(case_ids)
        if _NEW_FILTER_API:
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        if self._case_ids is None:
            return True
        case_id = self.sourceModel().index(source_row, 0, source_parent).data(CASE_ID_ROLE)
        return case_id in self._case_ids


class CaseListWindow(QMainWindow):
    """The main window while the casebook is unlocked."""

    lock_requested = Signal()
    quit_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.casebook: Casebook | None = None
        self.setWindowTitle("Parley — Casebook")
        self._size_to_screen(1200, 720)

        self.model = CaseTableModel(self)
        self.proxy = CaseFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = self._make_table()
        self.search_box = QLineEdit(self)
        self.search_box.setPlaceholderText("Search cases and notes")
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setAccessibleName("Search cases and notes")
        self.empty_state, _ = self._make_notice("No cases yet", EMPTY_GUIDANCE)
        self.no_match, self.no_match_title = self._make_notice("No cases match", NO_MATCH_GUIDANCE)
        self.pages = QStackedWidget(self)
        for page in (self.table, self.empty_state, self.no_match):
            self.pages.addWidget(page)

        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.addWidget(self.search_box)
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)

        self.count_label = QLabel(self)
        self.folder_label = QLabel(self)
        self.folder_label.setTextFormat(Qt.TextFormat.PlainText)
        self.statusBar().addWidget(self.count_label, 1)
        self.statusBar().addPermanentWidget(self.folder_label)
        self._make_actions()

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_search)
        self.search_box.textChanged.connect(self._search_timer.start)
        self.search_box.returnPressed.connect(self.apply_search)

    def _size_to_screen(self, width: int, height: int) -> None:
        """Room for full titles and dates, but never larger than a small laptop's screen."""
        screen = QGuiApplication.primaryScreen()
        if screen is not None:
            available = screen.availableGeometry()
            width = min(width, int(available.width() * 0.9))
            height = min(height, int(available.height() * 0.9))
        self.resize(width, height)

    def _make_table(self) -> QTableView:
        table = QTableView(self)
        table.setModel(self.proxy)
        table.setSortingEnabled(True)
        table.setAlternatingRowColors(True)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setWordWrap(False)
        table.verticalHeader().hide()
        table.setAccessibleName("Cases")
        header = table.horizontalHeader()
        header.setHighlightSections(False)
        padding = 2 * table.fontMetrics().averageCharWidth()
        for column, sample in _WIDEST.items():
            header.resizeSection(column, table.fontMetrics().horizontalAdvance(sample) + padding)
        header.setSectionResizeMode(Column.TITLE, QHeaderView.ResizeMode.Stretch)
        table.sortByColumn(Column.REFERRED, Qt.SortOrder.DescendingOrder)
        return table

    def _make_notice(self, title_text: str, guidance_text: str) -> tuple[QWidget, QLabel]:
        """A centred title and a short paragraph, in place of the table."""
        page = QWidget(self)
        # The text sits in a column of comfortable measure (about 70 characters) between
        # stretches; the labels fill the column, so their wrapped height is computed right.
        column = QWidget(page)
        column.setMaximumWidth(70 * column.fontMetrics().averageCharWidth())
        title = heading(title_text, column, scale=1.6)
        guidance = QLabel(guidance_text, column)
        guidance.setTextFormat(Qt.TextFormat.RichText)  # our own text, never the user's
        guidance.setWordWrap(True)
        guidance.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        text_layout = QVBoxLayout(column)
        for label in (title, guidance):
            label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
            text_layout.addWidget(label)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(column, 10)
        row.addStretch(1)
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(2)
        return page, title

    def _make_actions(self) -> None:
        self.lock_action = QAction("&Lock", self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.setToolTip("Lock the casebook (Ctrl+L)")
        self.lock_action.triggered.connect(self.lock_requested)
        self.quit_action = QAction("&Quit", self)
        # Windows has no standard Quit shortcut; Ctrl+Q is what people there expect too.
        quit_keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Quit)
        self.quit_action.setShortcuts(quit_keys or [QKeySequence("Ctrl+Q")])
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.quit_action.triggered.connect(self.quit_requested)
        find = QAction("Search", self)
        find.setShortcuts(QKeySequence.keyBindings(QKeySequence.StandardKey.Find))
        find.triggered.connect(lambda: self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason))
        self.addAction(find)  # a shortcut only: the search box is always in sight

        self.file_menu = self.menuBar().addMenu("&File")
        self.file_menu.addAction(self.lock_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)
        self.toolbar = self.addToolBar("Main")
        self.toolbar.setObjectName("main-toolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.toolbar.addAction(self.lock_action)

    # --- showing a casebook -----------------------------------------------------------------

    def show_casebook(self, casebook: Casebook) -> None:
        self.casebook = casebook
        set_elided_path(self.folder_label, casebook.folder, 420)
        self.reload()
        self.search_box.setFocus()

    def reload(self) -> None:
        """Fetch the list again (after a change, or when first shown)."""
        if self.casebook is None:
            return
        try:
            rows = self.casebook.cases.list_rows()
        except ParleyError as exc:
            show_error(self, "The case list could not be read.", str(exc))
            rows = []
        self.model.set_rows(rows)
        self.apply_search()

    def clear(self) -> None:
        """Forget everything shown: used when locking, before the casebook closes."""
        self._search_timer.stop()
        self.casebook = None
        self.search_box.blockSignals(True)
        self.search_box.clear()
        self.search_box.blockSignals(False)
        self.proxy.set_case_ids(None)
        self.model.clear()
        self.count_label.clear()
        self.folder_label.clear()
        self.folder_label.setToolTip("")

    def apply_search(self) -> None:
        self._search_timer.stop()
        text = self.search_box.text().strip()
        if self.casebook is None or not text:
            self.proxy.set_case_ids(None)
        else:
            try:
                self.proxy.set_case_ids(self.casebook.search.case_ids(text))
            except ParleyError as exc:
                self.statusBar().showMessage(str(exc), 5000)
        self._update_state()

    def _update_state(self) -> None:
        total, shown = self.model.rowCount(), self.proxy.rowCount()
        empty = total == 0 and self.casebook is not None
        if empty:
            self.pages.setCurrentWidget(self.empty_state)
        elif shown == 0 and total > 0:
            self.no_match_title.setText(f"No cases match “{self.search_box.text().strip()}”")
            self.pages.setCurrentWidget(self.no_match)
        else:
            self.pages.setCurrentWidget(self.table)
        self.search_box.setVisible(not empty)
        noun = "case" if total == 1 else "cases"
        if shown == total:
            self.count_label.setText(f"{total} {noun}")
        elif shown == 0:
            self.count_label.setText(f"No cases match (of {total})")
        else:
            self.count_label.setText(f"{shown} of {total} {noun}")

    def showing_empty_state(self) -> bool:
        return self.pages.currentWidget() is self.empty_state

    def closeEvent(self, event: QCloseEvent) -> None:
        # Closing the main window ends the session; the application closes the casebook.
        event.accept()
        self.quit_requested.emit()
