"""Lists, tables and plain text shared by the pages: a titled list whose items open, a
read-only table of whole rows, guidance shown in place of an empty table, and wrapped,
selectable labels for what people typed."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListView,
    QSizePolicy,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.widgets.messages import heading
from ui.widgets.roles import ID_ROLE

#: Where a page gets today's date from (``date.today`` unless a test says otherwise).
Today = Callable[[], date]

_SELECTABLE = (
    Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
)


def wrapped_label(text: str = "", parent: QWidget | None = None, *, name: str = "") -> QLabel:
    """Plain, selectable, wrapped text: register fields hold what people typed, never markup."""
    label = QLabel(text, parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(_SELECTABLE)
    # Take the width on offer (a form gives Preferred fields none), so the text wraps at
    # the dialog's width instead of in a narrow column that clips its last lines.
    policy = label.sizePolicy()
    policy.setHorizontalPolicy(QSizePolicy.Policy.Expanding)
    label.setSizePolicy(policy)
    if name:
        label.setAccessibleName(name)
    return label


def form_caption(text: str, parent: QWidget | None = None) -> QLabel:
    """A form's label, level with the first line of a value that wraps (as on paper)."""
    label = QLabel(text, parent)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    return label


def plural(count: int, noun: str) -> str:
    """``1 delegate``, ``3 delegates``."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def weekday_date(value: date) -> str:
    """``Thursday 7 May 2026``: a date people can place in their week."""
    return f"{value:%A} {value.day} {value:%B %Y}"


def notice(
    title: str,
    guidance: str,
    buttons: Sequence[QWidget] = (),
    *,
    scale: float = 1.3,
    rich: bool = False,
) -> tuple[QWidget, QLabel]:
    """A centred title, a paragraph of guidance and buttons, shown in place of an empty
    table. ``rich``: the guidance is Parley's own rich text (never what someone typed)."""
    page = QWidget()
    column = QWidget(page)
    title_label = heading(title, column, scale=scale)
    text = wrapped_label(guidance, column)
    text.setObjectName("guidance")
    if rich:
        text.setTextFormat(Qt.TextFormat.RichText)
    inner = QVBoxLayout(column)
    for label in (title_label, text):
        label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        inner.addWidget(label)
    row = QHBoxLayout()
    row.addStretch(1)
    for button in buttons:
        row.addWidget(button)
    row.addStretch(1)
    inner.addSpacing(12)
    inner.addLayout(row)
    # The words keep to a comfortable measure (about 70 characters), but never narrower than
    # the buttons, which would otherwise be squeezed until their names were cut off.
    margins = inner.contentsMargins()
    measure = 70 * column.fontMetrics().averageCharWidth()
    column.setMaximumWidth(max(measure, row.sizeHint().width() + margins.left() + margins.right()))
    # Centred by stretches on either side rather than by an alignment: an aligned widget is
    # given the width its words would like on one line, and the height they need at the
    # layout's full width, so wrapped words were cut off below the first line.
    middle = QHBoxLayout()
    middle.addStretch(1)
    middle.addWidget(column, 8)
    middle.addStretch(1)
    outer = QVBoxLayout(page)
    outer.addStretch(1)
    outer.addLayout(middle)
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
    """Columns as wide as their usual widest value (or their heading, with room for the sort
    arrow) in the user's font; one takes the rest."""
    header, metrics = view.horizontalHeader(), view.fontMetrics()
    padding = 3 * metrics.averageCharWidth()
    model = view.model()
    for column, sample in samples.items():
        title = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
        widest = max(metrics.horizontalAdvance(sample), metrics.horizontalAdvance(title) + padding)
        header.resizeSection(column, widest + padding)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)


class ListPanel(QGroupBox):
    """A titled list whose items can be opened (Enter or double-click), or a line of
    guidance when there is nothing to list."""

    activated = Signal(int)  # the id held by the item

    def __init__(self, title: str, name: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.model = QStandardItemModel(self)
        self.view = QListView(self)
        self.view.setModel(self.model)
        self.view.setAccessibleName(name)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(True)
        self.view.setAlternatingRowColors(True)
        self.view.setSpacing(2)
        # By the pixel: scrolling item by item, an item taller than a small panel had no
        # scroll bar, and its last lines could not be seen.
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.empty = wrapped_label("", self, name=f"{name}: none")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # Tab stops at the guidance too (a selectable label takes focus by click alone), so
        # that a reader going panel by panel hears that there is nothing to list.
        self.empty.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.view)
        self.pages.addWidget(self.empty)
        QVBoxLayout(self).addWidget(self.pages)
        self.view.activated.connect(self._activated)

    def set_items(self, items: list[QStandardItem], empty_text: str) -> None:
        self.model.clear()
        for item in items:
            item.setEditable(False)
            self.model.appendRow(item)
        self.empty.setText(empty_text)
        self.pages.setCurrentWidget(self.view if items else self.empty)
        # Tab reaches the guidance when there is nothing to list (it is keyboard-selectable).
        self.setFocusProxy(self.view if items else self.empty)

    def texts(self) -> list[str]:
        return [self.model.item(r).text() for r in range(self.model.rowCount())]

    def _activated(self, index: QModelIndex) -> None:
        value = index.data(ID_ROLE)
        if value is not None:
            self.activated.emit(int(value))
