"""Passphrase fields, the same wherever one is asked for.

``SecretField`` is one hidden field under its label with the reason it was refused beneath
it (the unlock window, proving the passphrase before a change). ``NewPassphrase`` is a new
passphrase typed twice, with the strength meter and the policy's advice (first run, and
changing the passphrase): the rule and the meter are the ones the vault applies
(``app.books.passphrase_policy``), so what the window accepts the vault accepts too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QBoxLayout,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from app.books.passphrase_policy import MIN_LENGTH, STRENGTH_LABELS, passphrase_problem, strength
from ui.background import BackgroundJob
from ui.widgets.messages import FittedDialog, InlineMessage, Kind

if TYPE_CHECKING:
    # Not at run time: this module is in the first windows, and the Qt namespace and
    # QEvent's enums are costly to build (see ui.widgets.qt_properties).
    from PySide6.QtGui import QKeyEvent


def password_field(accessible_name: str, parent: QWidget) -> QLineEdit:
    field = QLineEdit(parent)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setAccessibleName(accessible_name)
    return field


class SecretField(QWidget):
    """A label (its mnemonic reaches the field), a hidden field, and a message beneath."""

    def __init__(self, label: str, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel(label, self)
        self.field = password_field(accessible_name, self)
        self.label.setBuddy(self.field)
        self.message = InlineMessage(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.label, self.field, self.message):
            layout.addWidget(widget)

    def text(self) -> str:
        return self.field.text()


class NewPassphrase(QWidget):
    """A new passphrase and its confirmation, a strength meter, and what is wrong with it.

    ``changed`` is emitted on every keystroke; ``acceptable()`` says whether the two agree
    and the policy accepts them.
    """

    changed = Signal()

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        label: str = "&Passphrase:",
        confirm_label: str = "&Confirm the passphrase:",
        show_label: str = "&Show passphrase",
        accessible_name: str = "Passphrase",
    ) -> None:
        super().__init__(parent)
        self.passphrase = password_field(accessible_name, self)
        self.confirmation = password_field(f"Confirm {accessible_name.lower()}", self)
        self.show_text = QCheckBox(show_label, self)
        self.meter = QProgressBar(self)
        self.meter.setRange(0, len(STRENGTH_LABELS) - 1)
        self.meter.setTextVisible(False)
        self.meter.setMaximumHeight(self.meter.fontMetrics().height() // 2)
        self.meter.setAccessibleName(f"{accessible_name} strength")
        self.strength_label = QLabel(self)
        # As wide as the longest label, so the meter does not jump while typing.
        metrics = self.strength_label.fontMetrics()
        self.strength_label.setMinimumWidth(
            max(metrics.horizontalAdvance(t) for t in STRENGTH_LABELS)
        )
        self.problem = InlineMessage(self)
        self.match_label = InlineMessage(self)
        meter_row = QWidget(self)
        meter_layout = QHBoxLayout(meter_row)
        meter_layout.setContentsMargins(0, 0, 0, 0)
        meter_layout.addWidget(self.meter, 1)
        meter_layout.addWidget(self.strength_label)
        passphrase_label = QLabel(label, self)
        passphrase_label.setBuddy(self.passphrase)
        confirmation_label = QLabel(confirm_label, self)
        confirmation_label.setBuddy(self.confirmation)

        # Labels above fields, as in the unlock window; a QFormLayout mis-sizes wrapped rows.
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (passphrase_label, self.passphrase, meter_row, self.problem):
            layout.addWidget(widget)
        layout.addSpacing(6)
        for widget in (confirmation_label, self.confirmation, self.match_label, self.show_text):
            layout.addWidget(widget)

        self.passphrase.textChanged.connect(self.refresh)
        self.confirmation.textChanged.connect(self.refresh)
        self.show_text.toggled.connect(self._show_text)
        self.refresh()

    def text(self) -> str:
        return self.passphrase.text()

    def acceptable(self) -> bool:
        text = self.passphrase.text()
        return passphrase_problem(text) is None and text == self.confirmation.text()

    def clear(self) -> None:
        self.passphrase.clear()
        self.confirmation.clear()

    def set_editable(self, editable: bool) -> None:
        for widget in (self.passphrase, self.confirmation, self.show_text):
            widget.setEnabled(editable)

    def _show_text(self, visible: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if visible else QLineEdit.EchoMode.Password
        self.passphrase.setEchoMode(mode)
        self.confirmation.setEchoMode(mode)

    def refresh(self) -> None:
        text, again = self.passphrase.text(), self.confirmation.text()
        score = strength(text)
        self.meter.setValue(score)
        self.strength_label.setText(STRENGTH_LABELS[score] if text else "")
        self.meter.setAccessibleDescription(STRENGTH_LABELS[score])
        problem = passphrase_problem(text)
        if text and problem:
            self.problem.show_message(problem)
        else:
            # The advice stays once the passphrase is long enough (a reason takes its place
            # while it is not), so the confirmation field beneath never moves up.
            self.problem.show_message(
                f"Use at least {MIN_LENGTH} characters. Three or four unrelated words are "
                "strong and easy to remember.",
                Kind.GUIDANCE,
            )
        if again and again != text:
            self.match_label.show_message("The two passphrases are not the same.")
        else:
            self.match_label.clear()
        self.changed.emit()


def add_footer(layout: QBoxLayout, *widgets: QWidget) -> None:
    """The last rows of a passphrase window: its messages and busy bar, then (the last
    widget) its buttons at the very bottom."""
    for widget in widgets[:-1]:
        layout.addWidget(widget)
    layout.addStretch(1)
    layout.addSpacing(6)
    layout.addWidget(widgets[-1])


class PassphraseDialog(FittedDialog):
    """A window that asks for a passphrase and then checks it on a worker (``job``) while
    the book is open: the passphrase field has the first focus, Escape waits while the
    work runs (so that whether it was done is never hidden), and closing it, as locking
    does, drops a result still on its way."""

    def __init__(self, parent: QWidget | None, still_wanted: Callable[[], bool]) -> None:
        super().__init__(parent)
        self.job = BackgroundJob(self, still_wanted=still_wanted)
        self.first_field: QWidget | None = None

    @property
    def is_busy(self) -> bool:
        return self.job.busy

    def setVisible(self, visible: bool) -> None:
        # Qt gives a dialog's first focus to its default button; the passphrase comes first.
        appearing = visible and not self.isVisible()
        super().setVisible(visible)
        if appearing and self.first_field is not None:
            self.first_field.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        from PySide6.QtCore import Qt  # only once a key is pressed: see the imports

        if self.is_busy and event.key() == Qt.Key.Key_Escape:
            event.accept()
            return
        super().keyPressEvent(event)

    def reject(self) -> None:
        self.job.forget()  # locking closes it: a late result must not reach it
        super().reject()
