"""Small pieces every form uses: a reason shown beside a field, enum choices, tab order.

Validation itself lives in ``app.cases.validation``; the stores raise ``InvalidValue`` naming the
field, and these helpers put the sentence next to that field instead of in a dialog.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from enum import StrEnum
from typing import Protocol, TypeVar

from PySide6.QtWidgets import QComboBox, QWidget

from app.errors import InvalidValue, ParleyError
from ui.widgets.messages import InlineMessage, Kind

E = TypeVar("E", bound=StrEnum)


class Choice(Protocol):
    """A member of the enums offered in drop-downs: stored as ``value``, shown as ``label``."""

    @property
    def value(self) -> str: ...

    @property
    def label(self) -> str: ...


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


def enum_combo(
    choices: Iterable[Choice], parent: QWidget | None = None, *, name: str = ""
) -> QComboBox:
    """A drop-down of an enum's members, showing their labels, holding their values."""
    combo = QComboBox(parent)
    for member in choices:
        combo.addItem(member.label, member.value)
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
