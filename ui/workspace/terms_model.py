"""The terms of an agreement as a list the mediator can read, reorder and mark: the model,
the table that shows it, and the dialog that adds or edits one term.

The model holds plain ``Term`` values; it never saves anything itself. When the order
changes (by drag and drop or by keyboard) it says so with ``order_changed`` and the tab
stores the new order at once, so what is on screen and what is stored never drift apart.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterable, Sequence
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QPlainTextEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.cases.records import Term, TermStatus
from app.errors import ParleyError
from ui.widgets.forms import (
    FieldError,
    clear_when_changed,
    combo_value,
    enum_combo,
    set_combo_value,
    show_refusal,
)
from ui.widgets.messages import FittedDialog, InlineMessage, fit_height, heading
from ui.widgets.roles import ID_ROLE

AnyIndex = QModelIndex | QPersistentModelIndex

#: A drag carries term ids only: drag data can reach other programs, term text must not.
TERM_IDS_MIME = "application/x-parley-term-ids"
HIDDEN_TEXT = "Hidden in safe view"


class TermColumn(IntEnum):
    NUMBER = 0
    TEXT = 1
    STATUS = 2

    @property
    def header(self) -> str:
        return ("No.", "Term", "Status")[self]


_STATUS_SHOWN = {
    TermStatus.PROPOSED: "Proposed",
    TermStatus.AGREED: "✓ Agreed",
    TermStatus.WITHDRAWN: "Withdrawn",
}


def is_confidential(term: Term) -> bool:
    """Only agreed terms go into the care notes; the others stay with the mediator."""
    return term.status is not TermStatus.AGREED


class TermsModel(QAbstractTableModel):
    """A case's terms, in order: number, text and status."""

    #: The new order, as term ids, after a move (the tab stores it straight away).
    order_changed = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._terms: list[Term] = []
        self._safe_view = False

    # --- contents -------------------------------------------------------------------------

    def set_terms(self, terms: Iterable[Term]) -> None:
        self.beginResetModel()
        self._terms = list(terms)
        self.endResetModel()

    def clear(self) -> None:
        self.set_terms([])

    def terms(self) -> list[Term]:
        return list(self._terms)

    def term_at(self, row: int) -> Term:
        return self._terms[row]

    def term_ids(self) -> list[int]:
        return [t.id for t in self._terms if t.id is not None]

    def row_of(self, term_id: int) -> int:
        for row, term in enumerate(self._terms):
            if term.id == term_id:
                return row
        return -1

    def replace_term(self, term: Term) -> None:
        """Show a term as stored after an edit, without disturbing selection or order."""
        row = self.row_of(term.id) if term.id is not None else -1
        if row < 0:
            return
        self._terms[row] = term
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(TermColumn) - 1))

    def set_safe_view(self, on: bool) -> None:
        if on == self._safe_view:
            return
        self._safe_view = on
        if self._terms:
            last = self.index(len(self._terms) - 1, len(TermColumn) - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    def is_hidden(self, row: int) -> bool:
        return self._safe_view and is_confidential(self._terms[row])

    # --- what the view shows --------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._terms)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(TermColumn)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._terms):
            return None
        row, column = index.row(), TermColumn(index.column())
        term = self._terms[row]
        if role == ID_ROLE:
            return term.id
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._display(row, column, accessible=role != Qt.ItemDataRole.DisplayRole)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column is TermColumn.TEXT and not self.is_hidden(row):
                return term.text
            if column is TermColumn.STATUS:
                return _status_tooltip(term.status)
            return None
        if role == Qt.ItemDataRole.FontRole:
            return self._font(term, column, hidden=self.is_hidden(row))
        if role == Qt.ItemDataRole.ForegroundRole and term.status is TermStatus.WITHDRAWN:
            # Greyed with the palette's own muted colour, so light and dark themes both work.
            return QGuiApplication.palette().brush(QPalette.ColorRole.PlaceholderText)
        if role == Qt.ItemDataRole.TextAlignmentRole and column is TermColumn.NUMBER:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        return None

    def _display(self, row: int, column: TermColumn, *, accessible: bool) -> str:
        term = self._terms[row]
        match column:
            case TermColumn.NUMBER:
                return f"{row + 1}."
            case TermColumn.TEXT:
                if self.is_hidden(row):
                    return HIDDEN_TEXT
                return " ".join(term.text.split())  # one line in the list; the editor has all
            case TermColumn.STATUS:
                return term.status.label if accessible else _STATUS_SHOWN[term.status]

    @staticmethod
    def _font(term: Term, column: TermColumn, *, hidden: bool) -> QFont | None:
        font = QFont(QGuiApplication.font())
        if hidden and column is TermColumn.TEXT:
            font.setItalic(True)
        if term.status is TermStatus.WITHDRAWN and column is not TermColumn.NUMBER:
            font.setStrikeOut(not hidden)  # a struck-through placeholder would mislead
            return font
        if term.status is TermStatus.AGREED and column is TermColumn.STATUS:
            font.setBold(True)
            return font
        return font if hidden else None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return TermColumn(section).header
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            # Drops land between rows (on the root), never onto a term.
            return Qt.ItemFlag.ItemIsDropEnabled
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsDragEnabled
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    # --- moving terms ---------------------------------------------------------------------

    def moveRows(
        self,
        source_parent: AnyIndex,
        source_row: int,
        count: int,
        destination_parent: AnyIndex,
        destination_child: int,
    ) -> bool:
        size = len(self._terms)
        if source_parent.isValid() or destination_parent.isValid():
            return False
        if count < 1 or source_row < 0 or source_row + count > size:
            return False
        if not 0 <= destination_child <= size:
            return False
        if source_row <= destination_child <= source_row + count:
            return False  # onto itself: nothing moves (and beginMoveRows would refuse)
        if not self.beginMoveRows(
            QModelIndex(), source_row, source_row + count - 1, QModelIndex(), destination_child
        ):
            return False
        block = self._terms[source_row : source_row + count]
        del self._terms[source_row : source_row + count]
        at = destination_child - count if destination_child > source_row else destination_child
        self._terms[at:at] = block
        self.endMoveRows()
        # Every number between the old and new places has changed.
        first, last = min(source_row, at), max(source_row + count, at + count) - 1
        self.dataChanged.emit(
            self.index(first, TermColumn.NUMBER), self.index(last, TermColumn.NUMBER)
        )
        self.order_changed.emit(self.term_ids())
        return True

    def move_up(self, row: int) -> bool:
        return self.moveRows(QModelIndex(), row, 1, QModelIndex(), row - 1)

    def move_down(self, row: int) -> bool:
        return self.moveRows(QModelIndex(), row, 1, QModelIndex(), row + 2)

    # --- drag and drop --------------------------------------------------------------------

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [TERM_IDS_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        rows = sorted({i.row() for i in indexes if i.isValid()})
        ids = [self._terms[r].id for r in rows if 0 <= r < len(self._terms)]
        mime = QMimeData()
        mime.setData(TERM_IDS_MIME, QByteArray(json.dumps(ids).encode("ascii")))
        return mime

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: AnyIndex
    ) -> bool:
        return action == Qt.DropAction.MoveAction and self._dragged_rows(data) is not None

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: AnyIndex
    ) -> bool:
        """Move the dragged terms to ``row`` (or before the term dropped on).

        The move is done here, with ``moveRows``. ``removeRows`` is deliberately left as
        Qt's no-op, so the view's clean-up after a "move" drag cannot delete anything.
        """
        if action != Qt.DropAction.MoveAction:
            return False
        rows = self._dragged_rows(data)
        if rows is None:
            return False
        if row < 0:
            row = parent.row() if parent.isValid() else len(self._terms)
        return self.moveRows(QModelIndex(), rows[0], len(rows), QModelIndex(), row)

    def _dragged_rows(self, data: QMimeData) -> list[int] | None:
        """The rows of the dragged terms, if they are ours and next to each other."""
        if not data.hasFormat(TERM_IDS_MIME):
            return None
        try:
            ids = json.loads(bytes(data.data(TERM_IDS_MIME).data()).decode("ascii"))
        except (ValueError, UnicodeDecodeError):
            return None
        if not isinstance(ids, list) or not ids:
            return None
        rows = sorted(self.row_of(i) for i in ids if isinstance(i, int))
        if len(rows) != len(ids) or rows[0] < 0:
            return None  # a term of another case, or one deleted since the drag began
        if rows != list(range(rows[0], rows[0] + len(rows))):
            return None
        return rows


def _status_tooltip(status: TermStatus) -> str:
    return {
        TermStatus.PROPOSED: "Proposed: under discussion, not in the agreement",
        TermStatus.AGREED: "Agreed: will be in the agreed-terms PDF",
        TermStatus.WITHDRAWN: "Withdrawn: not in the agreement",
    }[status]


def terms_table(model: TermsModel, parent: QWidget) -> QTableView:
    """A table for the terms: whole sentences, one term selected, reordered by dragging."""
    table = QTableView(parent)
    table.setModel(model)
    table.setAccessibleName("Terms of the agreement, in order")
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setDragEnabled(True)
    table.setAcceptDrops(True)
    table.setDropIndicatorShown(True)
    table.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
    table.setDefaultDropAction(Qt.DropAction.MoveAction)
    table.setDragDropOverwriteMode(False)
    table.setWordWrap(True)  # terms are sentences; all of each is readable in the list
    table.setAlternatingRowColors(True)
    table.verticalHeader().hide()
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header = table.horizontalHeader()
    header.setHighlightSections(False)
    metrics = table.fontMetrics()
    header.setSectionResizeMode(TermColumn.NUMBER, QHeaderView.ResizeMode.Fixed)
    header.resizeSection(TermColumn.NUMBER, metrics.horizontalAdvance("No. 00"))
    header.setSectionResizeMode(TermColumn.TEXT, QHeaderView.ResizeMode.Stretch)
    header.setSectionResizeMode(TermColumn.STATUS, QHeaderView.ResizeMode.Fixed)
    header.resizeSection(TermColumn.STATUS, int(metrics.horizontalAdvance("✓ Withdrawn ") * 1.3))
    return table


class TermDialog(FittedDialog):
    """Add or edit one term; stays open with the reason beside the text if it is refused."""

    def __init__(
        self, term: Term, save: Callable[[Term], Term], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.term = term
        self._save = save
        adding = term.id is None
        self.setWindowTitle("Parley — " + ("New term" if adding else "Edit term"))
        self.setMinimumWidth(560)
        self.text = QPlainTextEdit(term.text, self)
        self.text.setTabChangesFocus(True)
        self.text.setAccessibleName("Term")
        self.text.setMinimumHeight(self.text.fontMetrics().lineSpacing() * 7)
        self.status = enum_combo(TermStatus, self, name="Status")
        set_combo_value(self.status, term.status)
        self.errors = {"text": FieldError(self)}
        self.message = InlineMessage(self)
        form = QFormLayout()
        form.addRow("&Term:", self.text)
        form.addRow("", self.errors["text"])
        clear_when_changed(self.text, self.errors["text"])
        form.addRow("Stat&us:", self.status)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.save_button = self.buttons.addButton("&Save", QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setDefault(True)
        layout = QVBoxLayout(self)
        layout.addWidget(heading("New term" if adding else "Edit term", self))
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.text.setFocus()

    def value(self) -> Term:
        return dataclasses.replace(
            self.term, text=self.text.toPlainText(), status=combo_value(self.status, TermStatus)
        )

    def accept(self) -> None:
        if self._try_save():
            super().accept()
        else:
            fit_height(self)  # make room for the reasons just shown beside the fields

    def _try_save(self) -> bool:
        """Store what is in the form; False, with the reasons shown, if it was refused."""
        self.message.clear()
        try:
            self.term = self._save(self.value())
        except ParleyError as problem:
            show_refusal(self.errors, self.message, problem)
            return False
        return True

    def forget(self) -> None:
        self.text.clear()
        self.reject()
