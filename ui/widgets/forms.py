"""Small pieces every form uses: a reason shown beside a field, optional dates, enum choices.

Validation itself lives in ``app.cases.validation``; the stores raise ``InvalidValue`` naming the
field, and these helpers put the sentence next to that field instead of in a dialog.
"""

from __future__ import annotations

import itertools
from datetime import date
from enum import StrEnum
from typing import TypeVar

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QDateEdit, QHBoxLayout, QWidget

from app.cases.validation import LATEST_DATE
from app.errors import InvalidValue, ParleyError
from ui.widgets.messages import InlineMessage, Kind

E = TypeVar("E", bound=StrEnum)
_NO_DATE = QDate(1900, 1, 1)  # app.cases.validation's earliest plausible date, never a real entry


class FieldError(InlineMessage):
    """The reason a value was refused, in words, with a warning icon, beside its field."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label.setAccessibleDescription("Problem with this field")

    @property
    def reason(self) -> str:
        return self.text()

    def show_reason(self, reason: str) -> None:
        if reason:
            # Validation words reasons to follow a field name ("reference: this cannot be
            # empty"); standing alone beside the field, they start a sentence.
            self.show_message(reason[0].upper() + reason[1:], Kind.ERROR)
        else:
            self.clear()

    def clear_reason(self) -> None:
        self.clear()


def show_invalid(errors: dict[str, FieldError], problem: InvalidValue) -> bool:
    """Show ``problem`` beside its field; False if the form has no such field (then the
    caller shows it elsewhere, so the reason is never lost)."""
    for error in errors.values():
        error.clear_reason()
    target = errors.get(problem.field)
    if target is None:
        return False
    target.show_reason(problem.reason)
    return True


def show_refusal(
    errors: dict[str, FieldError], message: InlineMessage, problem: ParleyError
) -> None:
    """Say why a save was refused: beside its field where the form has one, else in
    ``message``, so the reason is never lost."""
    if isinstance(problem, InvalidValue) and show_invalid(errors, problem):
        return
    message.show_message(str(problem), Kind.ERROR)


class OptionalDateEdit(QWidget):
    """A date that may be left empty (a plain QDateEdit cannot say "not recorded")."""

    changed = Signal()

    def __init__(self, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.has_date = QCheckBox(self)
        self.has_date.setAccessibleName(f"{label} recorded")
        self.editor = QDateEdit(self)
        self.editor.setCalendarPopup(True)
        self.editor.setDisplayFormat("d MMMM yyyy")  # "14 May 2019", as everywhere else
        self.editor.setAccessibleName(label)
        # With no date, the editor sits on its minimum, which Qt shows as special text: an
        # empty date must never look like a real one.
        self.editor.setMinimumDate(_NO_DATE)
        self.editor.setMaximumDate(QDate(LATEST_DATE.year, LATEST_DATE.month, LATEST_DATE.day))
        self.editor.setSpecialValueText("Not recorded")
        self.editor.setDate(_NO_DATE)
        self.editor.setEnabled(False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.has_date)
        layout.addWidget(self.editor, 1)
        self.setFocusProxy(self.has_date)
        self.has_date.toggled.connect(self._toggled)
        self.editor.dateChanged.connect(lambda _d: self.changed.emit())

    def _toggled(self, on: bool) -> None:
        self.editor.setEnabled(on)
        if on and self.editor.date() == _NO_DATE:
            self.editor.setDate(QDate.currentDate())
        elif not on:
            self.editor.setDate(_NO_DATE)
        self.changed.emit()

    def value(self) -> date | None:
        if not self.has_date.isChecked() or self.editor.date() == _NO_DATE:
            return None
        q = self.editor.date()
        return date(q.year(), q.month(), q.day())

    def set_value(self, value: date | None) -> None:
        blocked = self.blockSignals(True)
        self.has_date.setChecked(value is not None)
        self.editor.setEnabled(value is not None)
        if value is None:
            self.editor.setDate(_NO_DATE)
        else:
            self.editor.setDate(QDate(value.year, value.month, value.day))
        self.blockSignals(blocked)


def enum_combo(choices: type[E], parent: QWidget | None = None, *, name: str = "") -> QComboBox:
    """A drop-down of an enum's members, showing their labels, holding their values."""
    combo = QComboBox(parent)
    for member in choices:
        combo.addItem(getattr(member, "label", member.value), member.value)
    if name:
        combo.setAccessibleName(name)
    return combo


def combo_value(combo: QComboBox, choices: type[E]) -> E:
    return choices(combo.currentData())


def set_combo_value(combo: QComboBox, value: StrEnum) -> None:
    index = combo.findData(value.value)
    if index >= 0:
        combo.setCurrentIndex(index)


def set_tab_order(*widgets: QWidget) -> None:
    """Tab visits ``widgets`` in this order (Qt takes them a pair at a time)."""
    for before, after in itertools.pairwise(widgets):
        QWidget.setTabOrder(before, after)
