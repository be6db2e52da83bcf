"""The audit trail, read-only: when, who, what act, which case, and the detail.

Entries record acts, never case content, so the table holds nothing confidential. The chain
of hashes is checked each time the trail is shown; if a link is broken the window says so
first, names the entry, and marks its row.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QRegularExpression,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.books.book import Book
from app.errors import ParleyError
from app.formatting import format_datetime
from app.storage.audit import AuditEntry
from ui.widgets.messages import InlineMessage, heading, small_label
from ui.widgets.roles import SORT_ROLE

ALL_ENTRIES = "All entries"
NOT_A_CASE = "Not about a case"
NOBODY = "—"  # no name was set in Settings when the act happened
AnyIndex = QModelIndex | QPersistentModelIndex


class AuditColumn(IntEnum):
    NUMBER = 0
    WHEN = 1
    WHO = 2
    ACT = 3
    CASE = 4
    DETAIL = 5


HEADERS = {
    AuditColumn.NUMBER: "No.",
    AuditColumn.WHEN: "When",
    AuditColumn.WHO: "Who",
    AuditColumn.ACT: "Act",
    AuditColumn.CASE: "Case",
    AuditColumn.DETAIL: "Detail",
}


def act_label(action: str) -> str:
    return action[:1].upper() + action[1:]


def describe(entry: AuditEntry) -> str:
    """``entry 12 (Unlocked, 3 May 2026, 09:14)``: how the warning names an entry."""
    return f"entry {entry.id} ({act_label(entry.action)}, {format_datetime(entry.at)})"


def broken_link_warning(entries: list[AuditEntry], broken: int) -> str:
    found = next((e for e in entries if e.id == broken), None)
    where = describe(found) if found is not None else f"entry {broken}"
    return (
        f"The audit trail has been altered. Its chain of entries breaks at {where}: that "
        "entry was changed, or an entry just before it was removed, outside Parley. Entries "
        "from there on cannot be relied on. Keep this casebook as it is and compare it with "
        "a backup; 'parley verify' reports the same."
    )


class AuditModel(QAbstractTableModel):
    def __init__(self, entries: list[AuditEntry], broken: int | None, parent: Any = None) -> None:
        super().__init__(parent)
        self.entries = entries
        self.broken = broken

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(AuditColumn)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[AuditColumn(section)]
        return None

    def data(self, index: AnyIndex, role: int = 0) -> Any:
        if not index.isValid():
            return None
        entry = self.entries[index.row()]
        column = AuditColumn(index.column())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = self._text(entry, column)
            if role == Qt.ItemDataRole.ToolTipRole:
                return text if column == AuditColumn.DETAIL and text else None
            return text
        if role == SORT_ROLE:
            # Entry order is time order (and survives a clock that was wrong); text sorts
            # alphabetically.
            if column in (AuditColumn.NUMBER, AuditColumn.WHEN):
                return entry.id
            return self._text(entry, column).casefold()
        if role == Qt.ItemDataRole.FontRole and entry.id == self.broken:
            font = QFont()
            font.setBold(True)
            return font
        broken = entry.id == self.broken
        if role == Qt.ItemDataRole.DecorationRole and column == AuditColumn.NUMBER and broken:
            warning = QStyle.StandardPixmap.SP_MessageBoxWarning
            return QApplication.style().standardIcon(warning)
        if role == Qt.ItemDataRole.AccessibleDescriptionRole and entry.id == self.broken:
            return "The audit chain breaks at this entry"
        return None

    @staticmethod
    def _text(entry: AuditEntry, column: AuditColumn) -> str:
        if column == AuditColumn.NUMBER:
            return str(entry.id)
        if column == AuditColumn.WHEN:
            return format_datetime(entry.at)
        if column == AuditColumn.WHO:
            return entry.actor or NOBODY
        if column == AuditColumn.ACT:
            return act_label(entry.action)
        if column == AuditColumn.CASE:
            return entry.case_reference
        return entry.detail


class AuditDialog(QDialog):
    """The whole trail, newest first, with a filter by case."""

    def __init__(self, casebook: Book, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Parley — Audit trail")
        self.warning = InlineMessage(self)
        try:
            entries = casebook.audit.entries()
            broken = casebook.audit.first_broken_link()
        except ParleyError as exc:
            entries, broken = [], None
            self.warning.show_message(f"The audit trail could not be read. {exc}")
        self.broken = broken
        if broken is not None:
            self.warning.show_message(broken_link_warning(entries, broken))

        self.model = AuditModel(entries, broken, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.setFilterKeyColumn(AuditColumn.CASE)
        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        self.table.setAccessibleName("Audit trail entries")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSortingEnabled(True)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.sortByColumn(AuditColumn.NUMBER, Qt.SortOrder.DescendingOrder)
        header = self.table.horizontalHeader()
        # Measured in bold (the broken entry's row is bold), from what the trail holds, so
        # names and acts are shown whole; the detail takes the rest of the width.
        bold = QFont(self.table.font())
        bold.setBold(True)
        metrics = QFontMetrics(bold)
        pad = 3 * metrics.averageCharWidth()
        icon = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)

        def widest(column: AuditColumn, *samples: str) -> int:
            texts = [AuditModel._text(e, column) for e in entries] + list(samples)
            return (
                min(
                    max(metrics.horizontalAdvance(t) for t in texts),
                    40 * metrics.averageCharWidth(),
                )
                + pad
            )

        widths = {
            AuditColumn.NUMBER: widest(AuditColumn.NUMBER, "No.", "000") + icon,
            AuditColumn.WHEN: widest(AuditColumn.WHEN, "28 September 2026, 14:00"),
            AuditColumn.WHO: widest(AuditColumn.WHO, "Who"),
            AuditColumn.ACT: widest(AuditColumn.ACT, "Act"),
            AuditColumn.CASE: widest(AuditColumn.CASE, "MM-2026-014"),
        }
        for column, width in widths.items():
            header.resizeSection(column, width)
        header.setStretchLastSection(True)
        header.setSectionResizeMode(AuditColumn.DETAIL, QHeaderView.ResizeMode.Stretch)

        self.case_filter = QComboBox(self)
        self.case_filter.setAccessibleName("Show entries about")
        self.case_filter.addItem(ALL_ENTRIES, None)
        self.case_filter.addItem(NOT_A_CASE, "")
        for reference in sorted({e.case_reference for e in entries if e.case_reference}):
            self.case_filter.addItem(reference, reference)
        filter_label = QLabel("&Show:", self)
        filter_label.setBuddy(self.case_filter)
        self.count_label = small_label("", self)
        filter_row = QHBoxLayout()
        filter_row.addWidget(filter_label)
        filter_row.addWidget(self.case_filter)
        filter_row.addStretch(1)
        filter_row.addWidget(self.count_label)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Audit trail", self))
        about = small_label(
            "Every unlock, export, backup, disclosure and change of passphrase, each chained "
            "to the one before so that no entry can be altered unnoticed.",
            self,
        )
        about.setWordWrap(True)
        layout.addWidget(about)
        layout.addWidget(self.warning)
        layout.addLayout(filter_row)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)

        buttons.rejected.connect(self.reject)
        self.case_filter.currentIndexChanged.connect(self._filter)
        self._filter()
        self.resize(min(1000, max(760, sum(widths.values()) + 260)), 560)
        self._show_broken()

    def show_case(self, reference: str | None) -> None:
        """Show only the entries about ``reference`` ("" for none; None for all)."""
        index = self.case_filter.findData(reference)
        self.case_filter.setCurrentIndex(max(index, 0))

    def visible_entries(self) -> list[AuditEntry]:
        rows = []
        for row in range(self.proxy.rowCount()):
            source = self.proxy.mapToSource(self.proxy.index(row, 0))
            rows.append(self.model.entries[source.row()])
        return rows

    def _filter(self) -> None:
        chosen = self.case_filter.currentData()
        if chosen is None:
            self.proxy.setFilterRegularExpression(QRegularExpression())
        else:
            exact = f"^{QRegularExpression.escape(chosen)}$"
            self.proxy.setFilterRegularExpression(QRegularExpression(exact))
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        unit = "entry" if total == 1 else "entries"
        counted = f"{total} {unit}" if shown == total else f"{shown} of {total} {unit}"
        self.count_label.setText(counted)

    def _show_broken(self) -> None:
        if self.broken is None:
            return
        for row, entry in enumerate(self.model.entries):
            if entry.id == self.broken:
                index = self.proxy.mapFromSource(self.model.index(row, 0))
                self.table.selectRow(index.row())
                self.table.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
                return


def show_audit_trail(casebook: Book, parent: QWidget) -> AuditDialog:
    dialog = AuditDialog(casebook, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
