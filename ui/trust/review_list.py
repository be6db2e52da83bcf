"""Closed cases due for retention review, with the retention period beside them.

A case is due once the period set here (6 years unless changed) has passed since it was
closed. Reviewing means opening it and deciding: keep it, or destroy its confidential notes
(Case menu). Cases whose notes were already destroyed stay listed, with the date, because
what is kept of them is due for review too.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.books.casebook import Casebook
from app.books.erasure import DueForReview, cases_due_for_review
from app.errors import ParleyError
from app.formatting import format_date
from app.settings import RETENTION_REVIEW_YEARS
from ui.widgets.messages import InlineMessage, heading, small_label
from ui.widgets.roles import ID_ROLE

HEADERS = ("Case", "Title", "Closed on", "Review due", "Confidential notes")


def empty_text(years: int) -> str:
    unit = "year" if years == 1 else "years"
    return (
        f"No closed case is due for review. A case is listed here {years} {unit} after it "
        "was closed."
    )


class ReviewDialog(QDialog):
    """The list; ``open_case`` is called with a case id when the mediator opens one."""

    def __init__(
        self,
        casebook: Casebook,
        open_case: Callable[[int], None],
        parent: QWidget | None = None,
        *,
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__(parent)
        self.casebook = casebook
        self._open_case = open_case
        self._today = today
        self.setWindowTitle("Parley — Cases due for review")
        self.message = InlineMessage(self)

        self.years = QSpinBox(self)
        setting = RETENTION_REVIEW_YEARS
        self.years.setRange(setting.minimum or 1, setting.maximum or 50)
        self.years.setKeyboardTracking(False)  # "10" is not stored as "1" on the way
        self.years.setAccessibleName("Review closed cases this many years after closure")
        years_label = QLabel("&Review closed cases:", self)
        years_label.setBuddy(self.years)
        years_row = QHBoxLayout()
        years_row.addWidget(years_label)
        years_row.addWidget(self.years)
        years_row.addStretch(1)

        self.table = QTableWidget(0, len(HEADERS), self)
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setAccessibleName("Closed cases due for review")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.empty = QLabel(self)
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.open_button = self.buttons.addButton(
            "&Open case", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.open_button.setDefault(True)
        hint = small_label(
            "To destroy a case's confidential notes, open it, then choose Case → Destroy "
            "confidential notes…",
            self,
        )
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Cases due for review", self))
        layout.addLayout(years_row)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty, 1)
        layout.addWidget(hint)
        layout.addWidget(self.buttons)

        self.years.setValue(casebook.settings.get(RETENTION_REVIEW_YEARS))
        self._set_suffix(self.years.value())
        self.years.valueChanged.connect(self._years_changed)
        self.open_button.clicked.connect(self.open_selected)
        self.buttons.rejected.connect(self.reject)
        self.table.itemActivated.connect(lambda _item: self.open_selected())
        self.table.itemSelectionChanged.connect(self._update_button)
        self.resize(760, 440)
        self.reload()

    def reload(self) -> None:
        self.message.clear()
        try:
            due = cases_due_for_review(self.casebook, self._today())
        except ParleyError as exc:
            due = []
            self.message.show_message(f"The list could not be read. {exc}")
        self._show(due)

    def _show(self, due: list[DueForReview]) -> None:
        self.table.setRowCount(len(due))
        for row, case in enumerate(due):
            destroyed = (
                f"Destroyed {format_date(case.notes_destroyed_on)}"
                if case.notes_destroyed_on
                else "Kept"
            )
            cells = (case.reference, case.title, format_date(case.closed_on),
                     format_date(case.review_due_on), destroyed)  # fmt: skip
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(ID_ROLE, case.case_id)
                self.table.setItem(row, column, item)
        self.table.setVisible(bool(due))
        self.empty.setText(empty_text(self.years.value()))
        self.empty.setVisible(not due)
        if due:
            self.table.selectRow(0)
        self._update_button()

    def _set_suffix(self, years: int) -> None:
        self.years.setSuffix(" year after closure" if years == 1 else " years after closure")

    def _years_changed(self, years: int) -> None:
        self._set_suffix(years)
        try:
            self.casebook.settings.set(RETENTION_REVIEW_YEARS, years)
        except ParleyError as exc:
            self.message.show_message(f"The retention period was not changed. {exc}")
            return
        self.reload()

    def selected_case_id(self) -> int | None:
        items = self.table.selectedItems()
        return int(items[0].data(ID_ROLE)) if items else None

    def _update_button(self) -> None:
        self.open_button.setEnabled(self.selected_case_id() is not None)

    def open_selected(self) -> None:
        case_id = self.selected_case_id()
        if case_id is None:
            return
        self.accept()
        self._open_case(case_id)


def show_review_list(
    casebook: Casebook,
    open_case: Callable[[int], None],
    parent: QWidget,
    *,
    today: Callable[[], date] = date.today,
) -> ReviewDialog:
    dialog = ReviewDialog(casebook, open_case, parent, today=today)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
