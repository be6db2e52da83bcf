"""What every register page shares, so that a new register is a small subclass.

A register page shows one kind of record in a sortable table, narrowed by one filter, with
the chosen record's details below it and the buttons that act on it above. When there is
nothing to list it shows guidance and the button that adds the first record; when the
filter hides every row it says so and offers to show them all. It keeps at most one form
(or question) open; locking stores what a form holds if the store accepts it, or says why
not, and then forgets every row.

A subclass (Training and Complaints; the office's Referrals, Agreements, Contacts and
Subject access) says in ``RegisterWords`` what its rows are called, and implements
``read_rows``, ``row_filter``, ``no_match_text`` and ``show_chosen``; it adds its buttons
with ``add_buttons`` and its details with ``set_details``, connects them, and ends its
``__init__`` with ``refresh()``. Pages read and write through the casebook's services only.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.books.kinds import AnyBook
from app.errors import InvalidValue, ParleyError
from ui.registers import save_or_report
from ui.registers.models import RowFilterProxy, RowsModel
from ui.widgets.lists import Today, notice, table_view
from ui.widgets.messages import InlineMessage, Kind, ask_to_delete
from ui.widgets.section import SectionPage
from ui.workspace.record_dialog import RecordDialog

R = TypeVar("R")


@dataclass(frozen=True)
class RegisterWords:
    """What a register page calls things, in the mediator's words."""

    rows: str  # "courses", as in "The courses could not be read."
    table: str  # the table's accessible name
    table_help: str  # its accessible description: what Enter does
    filter_label: str  # "&Show:", with its Alt key
    filter_name: str  # the filter's accessible name
    empty_title: str  # shown in place of an empty register…
    empty_guidance: str  # …with what to do first
    first_button: str  # the button that adds the first record
    show_all_button: str  # offered when the filter hides every row


class RegisterPage(SectionPage, Generic[R]):
    """A register's table, filter, buttons, details and empty states; see the module."""

    def __init__(
        self,
        model: RowsModel[R],
        words: RegisterWords,
        filters: Sequence[tuple[str, object]],
        *,
        show_all: object,
        today: Today,
        parent: QWidget | None = None,
    ) -> None:
        """``filters`` are the filter's choices (label, value); ``show_all`` is the value
        that hides nothing."""
        super().__init__(parent)
        self.casebook: AnyBook | None = None
        self.today = today
        self.words = words
        self.safe_view = False
        self.dialog: QDialog | None = None  # the one form (or cancellation, or step) open
        self.confirmation: QMessageBox | None = None  # the one question open
        self._show_all = show_all

        self.model = model
        model.setParent(self)
        self.proxy = RowFilterProxy(self)
        self.proxy.setSourceModel(model)
        self.table = table_view(self.proxy, words.table, self)
        self.table.setAccessibleDescription(words.table_help)

        self.filter = QComboBox(self)
        for label, value in filters:
            self.filter.addItem(label, value)
        self.filter.setAccessibleName(words.filter_name)
        filter_label = QLabel(words.filter_label, self)
        filter_label.setBuddy(self.filter)
        self.top_bar = QWidget(self)
        self._bar = QHBoxLayout(self.top_bar)
        self._bar.setContentsMargins(0, 0, 0, 0)
        self._bar.addWidget(filter_label)
        self._bar.addWidget(self.filter)
        self._bar.addStretch(1)
        self.buttons: list[QPushButton] = []

        self.first_button = QPushButton(words.first_button, self)
        self.empty, _ = notice(words.empty_title, words.empty_guidance, [self.first_button])
        self.show_all_button = QPushButton(words.show_all_button, self)
        self.no_match, self.no_match_title = notice("", "", [self.show_all_button])
        self.pages = QStackedWidget(self)
        for page in (self.table, self.empty, self.no_match):
            self.pages.addWidget(page)

        self.message = InlineMessage(self)
        self.split = QSplitter(Qt.Orientation.Vertical, self)
        self.split.setChildrenCollapsible(False)
        self.split.addWidget(self.pages)
        layout = QVBoxLayout(self)
        layout.addWidget(self.top_bar)
        layout.addWidget(self.message)
        layout.addWidget(self.split, 1)

        self.filter.currentIndexChanged.connect(self._apply_filter)
        self.show_all_button.clicked.connect(self.show_every_row)
        self.table.selectionModel().currentRowChanged.connect(self._chosen_changed)

    # --- what a subclass says -----------------------------------------------------------------

    def read_rows(self, casebook: AnyBook) -> Sequence[R]:
        """Every record of the register, from the casebook's services."""
        raise NotImplementedError

    def row_filter(self, value: Any) -> Callable[[R], bool]:
        """Which rows the filter's ``value`` keeps."""
        raise NotImplementedError

    def no_match_text(self, value: Any) -> str:
        """The title shown when the filter's ``value`` hides every row."""
        raise NotImplementedError

    def show_chosen(self) -> None:
        """Show the chosen record's details (or none) and enable the buttons that apply."""
        raise NotImplementedError

    # --- building -----------------------------------------------------------------------------

    def add_buttons(self, *buttons: QPushButton) -> None:
        """The buttons that act on the register, at the right of the filter."""
        for button in buttons:
            self._bar.addWidget(button)
        self.buttons += buttons

    def set_details(self, details: QWidget) -> None:
        """What is shown of the chosen record, below the table."""
        self.split.addWidget(details)
        self.split.setStretchFactor(0, 3)
        self.split.setStretchFactor(1, 2)

    def refresh(self) -> None:
        """Show the rows held now through the filter (the end of a subclass's ``__init__``)."""
        self._apply_filter()

    # --- the SectionPage contract -----------------------------------------------------------

    def show_casebook(self, casebook: AnyBook) -> None:
        self.casebook = casebook
        if self.isVisible():
            self.reload()  # otherwise when first shown: unlocking reads only what it shows

    def clear(self) -> list[str]:
        dialog, self.dialog = self.dialog, None
        problems = self.put_away(dialog) if dialog is not None else []
        if self.confirmation is not None:
            self.confirmation.reject()  # nothing is deleted unless the person said so
            self.confirmation = None
        self.casebook = None
        self.model.clear()
        self.message.clear()
        self._apply_filter()
        return problems

    def put_away(self, dialog: QDialog) -> list[str]:
        """Locking with ``dialog`` open: a form stores what it holds if the store accepts
        it, else says why not; then it closes. Returns what was not stored."""
        if not isinstance(dialog, RecordDialog):
            dialog.reject()
            return []
        problems = save_or_report(dialog, dialog.what)
        dialog.discard()
        return problems

    def set_safe_view(self, on: bool) -> None:
        """Registers hold no confidential case content; a form open may hide some fields."""
        self.safe_view = on
        if isinstance(self.dialog, RecordDialog):
            self.dialog.set_safe_view(on)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.casebook is not None:
            self.reload()  # what is upcoming or overdue moves with the date

    # --- reading and choosing ---------------------------------------------------------------

    def reload(self, record_id: int | None = None) -> None:
        """Read every record afresh, keeping (or making) ``record_id`` the chosen one."""
        if self.casebook is None:
            return
        chosen = self.selected()
        record_id = record_id or (self.model.id_of(chosen) if chosen is not None else None)
        try:
            rows = self.read_rows(self.casebook)
        except ParleyError as exc:
            self.message.show_message(f"The {self.words.rows} could not be read. {exc}", Kind.ERROR)
            rows = []
        self.model.set_rows(rows)
        self._apply_filter()
        self.select(record_id)

    def _apply_filter(self) -> None:
        value = self.filter.currentData()
        self.proxy.set_filter(self.row_filter(value))
        header = self.table.horizontalHeader()
        self.proxy.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        any_rows = self.model.rowCount() > 0
        if not any_rows:
            self.pages.setCurrentWidget(self.empty)
        elif self.proxy.rowCount() == 0:
            self.no_match_title.setText(self.no_match_text(value))
            self.pages.setCurrentWidget(self.no_match)
        else:
            self.pages.setCurrentWidget(self.table)
        # With nothing recorded, the guidance says what to do; a bar of idle buttons would not.
        self.top_bar.setVisible(any_rows)
        self.filter.setEnabled(any_rows)
        if self.selected() is None and self.proxy.rowCount():
            self.table.setCurrentIndex(self.proxy.index(0, 0))
        self.show_chosen()

    def show_every_row(self) -> None:
        self.filter.setCurrentIndex(max(0, self.filter.findData(self._show_all)))

    def select(self, record_id: int | None) -> None:
        """Make a record the chosen one (showing every row if the filter hides it)."""
        row = self.model.row_of(record_id)
        if row < 0:
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():
            self.show_every_row()
            index = self.proxy.mapFromSource(self.model.index(row, 0))
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)

    def selected(self) -> R | None:
        record_id = self.proxy.record_id(self.table.currentIndex())
        return self.model.row_at(self.model.row_of(record_id))

    def _chosen_changed(self, *_args: QModelIndex) -> None:
        self.show_chosen()

    # --- acting -----------------------------------------------------------------------------

    def open_dialog(self, dialog: QDialog) -> QDialog:
        """Open ``dialog`` as the page's one dialog (a form open already is closed unsaved)."""
        if isinstance(self.dialog, RecordDialog):
            self.dialog.discard()
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(self._forget_dialog)
        dialog.open()
        return dialog

    def _forget_dialog(self) -> None:
        if self.dialog is not None and not self.dialog.isVisible():
            self.dialog = None

    def confirm_delete(
        self, question: str, detail: str, delete: Callable[[AnyBook], None], done: str
    ) -> QMessageBox:
        """Ask first (Cancel is the default); then delete in one transaction and say so, or
        say why the store refused."""
        box = ask_to_delete(self, question, detail, lambda: self._delete(delete, done))
        # Forgotten when answered either way: the box deletes itself, and locking must not
        # reach for it afterwards.
        box.finished.connect(lambda _result: self._confirmation_closed(box))
        self.confirmation = box
        return box

    def _confirmation_closed(self, box: QMessageBox) -> None:
        if self.confirmation is box:
            self.confirmation = None

    def _delete(self, delete: Callable[[AnyBook], None], done: str) -> None:
        self.confirmation = None
        if self.casebook is None:
            return  # locked while the question was open
        try:
            with self.casebook.transaction():
                delete(self.casebook)
        except ParleyError as exc:
            reason = exc.reason if isinstance(exc, InvalidValue) else str(exc)
            self.message.show_message(f"Not deleted: {reason}", Kind.ERROR)
            return
        self.message.show_message(done, Kind.INFO)
        self.reload()
