"""Small pieces every form uses: a reason shown beside a field, enum choices, tab order.

Validation itself lives in ``app.cases.validation``; the stores raise ``InvalidValue`` naming the
field, and these helpers put the sentence next to that field instead of in a dialog.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from enum import StrEnum
from typing import Protocol, TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QComboBox, QSizePolicy, QStyle, QWidget

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
    """The reason a value was refused, in words, with a warning icon, beneath its field.

    Its line is kept while there is nothing to say, so a reason appearing never moves the
    fields below it: the mediator's next click lands where it was aimed, not on the reason.
    A reason too long for the line is shortened with "…"; the whole of it is in the tooltip
    and the accessible name.

    The same line carries a warning (``show_warning``): something that is allowed but looks
    like a slip, such as two meetings at one time. A warning never stops a save; a reason,
    while there is one, is shown instead of it, and the warning returns when the reason goes.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._reason = ""
        self._warning = ""
        self.label.setWordWrap(False)
        self.label.setAccessibleDescription("Problem with this field")
        # Any width: the text is fitted to what the form gives, never the other way round.
        self.label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        icon = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        self.setFixedHeight(max(self.fontMetrics().height(), icon) + 2)
        # Never hidden, only emptied: some layouts (QFormLayout) close up a hidden row.
        if parent is not None:
            self.show()

    @property
    def reason(self) -> str:
        return self._reason

    @property
    def warning(self) -> str:
        return self._warning

    def text(self) -> str:
        return self._reason

    def show_reason(self, reason: str) -> None:
        # Validation words reasons to follow a field name ("reference: this cannot be
        # empty"); standing alone beside the field, they start a sentence.
        self._reason = _sentence(reason)
        self._render()

    def clear_reason(self) -> None:
        self._reason = ""
        self._render()

    def show_warning(self, warning: str) -> None:
        """Say ``warning`` (allowed, but worth a second look); empty clears it."""
        self._warning = _sentence(warning)
        self._render()

    def clear_warning(self) -> None:
        self.show_warning("")

    def clear(self) -> None:
        self._reason = self._warning = ""
        self._render()

    def _render(self) -> None:
        shown = self._reason or self._warning
        self.setToolTip(shown)
        if not shown:
            self.setAccessibleName("")
            self.label.clear()
            self._icon.clear()
            self.kind = None
            return
        self.show_message(shown, Kind.ERROR if self._reason else Kind.WARNING)
        self.label.setAccessibleDescription(
            "Problem with this field" if self._reason else "Warning about this field"
        )
        self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        width = self.label.width()
        shown = self._reason or self._warning
        if shown and width > 0:
            metrics = self.label.fontMetrics()
            self.label.setText(metrics.elidedText(shown, Qt.TextElideMode.ElideRight, width))


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


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


class CommittedField(QWidget):
    """A field whose value counts once the mediator commits it (a date once it can be read:
    leaving the field, Enter, the calendar), not at each key; ``changed`` says so."""

    changed = Signal()


def clear_when_changed(widget: QWidget, error: FieldError) -> None:
    """The reason beside ``widget`` goes as soon as the mediator changes what it holds, so a
    reason never outlives its problem (the next save says it again if it still stands).
    Not for a date field: connect its ``changed`` instead, so that its own reason for what it
    cannot read stays until the date can be read."""
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractSpinBox,
        QLineEdit,
        QListWidget,
        QPlainTextEdit,
        QSpinBox,
        QTextEdit,
    )

    for part in [widget, *widget.findChildren(QWidget)]:
        if isinstance(part, QLineEdit):
            part.textEdited.connect(error.clear_reason)
        elif isinstance(part, QPlainTextEdit | QTextEdit):
            part.textChanged.connect(error.clear_reason)
        elif isinstance(part, QComboBox):
            part.currentIndexChanged.connect(error.clear_reason)
        elif isinstance(part, QSpinBox):
            part.valueChanged.connect(error.clear_reason)
        elif isinstance(part, QAbstractButton) and part.isCheckable():
            part.toggled.connect(error.clear_reason)
        elif isinstance(part, QListWidget):
            part.itemChanged.connect(error.clear_reason)
        elif isinstance(part, QAbstractSpinBox):
            part.editingFinished.connect(error.clear_reason)


def clear_with(error: FieldError, *widgets: QWidget) -> None:
    """The reason in ``error`` goes when any of ``widgets`` changes: for a rule joining two
    fields (consent withdrawn before it was given), putting right either settles it. A date
    field counts once its date is committed (its ``changed``), not at each key."""
    for widget in widgets:
        if isinstance(widget, CommittedField):
            widget.changed.connect(error.clear_reason)
        else:
            clear_when_changed(widget, error)


def focus_target(widget: QWidget) -> QWidget:
    """The widget that takes the keyboard focus for ``widget``: the end of its chain of focus
    proxies. A label's buddy must be this one: Qt moves focus to a buddy only if the buddy
    itself accepts focus, which a container handing focus on to its field does not."""
    while (proxy := widget.focusProxy()) is not None:
        widget = proxy
    return widget


def set_tab_order(*widgets: QWidget) -> None:
    """Tab visits ``widgets`` in this order (Qt takes them a pair at a time)."""
    for before, after in itertools.pairwise(widgets):
        QWidget.setTabOrder(before, after)
