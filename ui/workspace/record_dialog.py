"""Pieces every record dialog of the workspace shares.

Party tick-lists, text that safe view can hide, and the dialog base that
asks before discarding input.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.cases.records import Party
from app.errors import InvalidValue, ParleyError
from ui.widgets.dates import DateField, DateTimeField
from ui.widgets.forms import (
    FieldError,
    clear_when_changed,
    clear_with,
    focus_target,
    show_invalid,
)
from ui.widgets.messages import FittedDialog, InlineMessage, fit_height, heading
from ui.widgets.roles import ID_ROLE


def add_shortcut(
    owner: QWidget, keys: QKeySequence | QKeySequence.StandardKey, slot: Callable[[], object]
) -> None:
    """A key for ``slot`` while focus is inside ``owner`` only, so each page of the case
    keeps its own Insert and Delete."""
    action = QAction(owner)
    action.setShortcut(keys)
    action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    action.triggered.connect(slot)
    owner.addAction(action)


def party_label(party: Party) -> str:
    return f"{party.name} ({party.role.label})"


class PartyChecklist(QListWidget):
    """The case's parties with a tick box each (Space ticks the current one)."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(name)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        # Enough rows to see that the list scrolls when there are more, and no more than
        # that, so the room goes to the text the mediator writes.
        row = self.fontMetrics().height() * 1.4
        self.setMinimumHeight(int(row * 4.5))
        self.setMaximumHeight(int(row * 7.5))

    def set_parties(self, parties: Iterable[Party], checked: Iterable[int]) -> None:
        ticked = set(checked)
        self.clear()
        for party in parties:
            item = QListWidgetItem(party_label(party), self)
            item.setData(ID_ROLE, party.id)
            item.setFlags(
                Qt.ItemFlag.ItemIsEnabled
                | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsUserCheckable
            )
            state = Qt.CheckState.Checked if party.id in ticked else Qt.CheckState.Unchecked
            item.setCheckState(state)

    def checked_ids(self) -> tuple[int, ...]:
        return tuple(
            int(self.item(row).data(ID_ROLE))
            for row in range(self.count())
            if self.item(row).checkState() == Qt.CheckState.Checked
        )

    def leave_out(self, party_id: int | None) -> None:
        """Hide one party (a note's own source), unless already ticked: nothing is lost."""
        for row in range(self.count()):
            item = self.item(row)
            unticked = item.checkState() == Qt.CheckState.Unchecked
            item.setHidden(item.data(ID_ROLE) == party_id and unticked)

    def set_checked(self, party_id: int, on: bool) -> None:
        for row in range(self.count()):
            if self.item(row).data(ID_ROLE) == party_id:
                state = Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
                self.item(row).setCheckState(state)


class ConcealableText(QWidget):
    """Confidential text that safe view hides on screen.

    While hidden, the text lives only in this object, not in the editor, so nothing on
    screen (or read by accessibility tools) holds it. "Show it here" reveals it in this
    dialog only, for the mediator who is writing and has checked who can see the screen.
    """

    def __init__(
        self, what: str, name: str, parent: QWidget | None = None, *, revealable: bool = True
    ) -> None:
        super().__init__(parent)
        self._what = what
        self._revealable = revealable
        self._kept: str | None = None
        self.editor = QPlainTextEdit(self)
        self.editor.setAccessibleName(name)
        self.editor.setTabChangesFocus(True)  # Tab moves on, as in every other field
        self.reveal = QPushButton(f"S&how the {what} here", self)
        self.reveal.setToolTip(f"Safe view is on. Show the {what} in this window only.")
        self.reveal.hide()
        self.reveal.clicked.connect(self._reveal)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.editor, 1)
        row = QHBoxLayout()
        row.addWidget(self.reveal)
        row.addStretch(1)
        layout.addLayout(row)
        self.setFocusProxy(self.editor)

    @property
    def concealed(self) -> bool:
        return self._kept is not None

    def text(self) -> str:
        return self._kept if self._kept is not None else self.editor.toPlainText()

    def set_text(self, text: str) -> None:
        if self._kept is not None:
            self._kept = text
        else:
            self.editor.setPlainText(text)

    def set_concealed(self, on: bool) -> None:
        if on and self._kept is None:
            self._kept = self.editor.toPlainText()
            self.editor.setPlainText("")
            self.editor.setReadOnly(True)
            self.editor.setPlaceholderText(f"•••• {self._what} hidden (safe view)")
            self.reveal.setVisible(self._revealable)
        elif not on and self._kept is not None:
            kept, self._kept = self._kept, None
            self.editor.setPlaceholderText("")
            self.editor.setReadOnly(False)
            self.editor.setPlainText(kept)
            self.reveal.hide()

    def _reveal(self) -> None:
        self.set_concealed(False)
        self.editor.setFocus()

    def wipe(self) -> None:
        self._kept = None
        self.editor.setPlainText("")


class RecordDialog(FittedDialog):
    """A form that stores one record on Save and stays open, with reasons, if refused."""

    saved = Signal(object)
    #: How a message names this form when what it holds could not be stored ("The new
    #: course"); subclasses say which record it is.
    what = "A form"

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Parley — {title}")
        self.setMinimumWidth(560)
        self.errors: dict[str, FieldError] = {}
        self.fields: dict[str, QWidget] = {}
        self._as_opened: object | None = None
        # A refusal that names no field of this form still needs saying, in words.
        self.problem = InlineMessage(self)
        self.form = QFormLayout()
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setDefault(True)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(title, self, scale=1.2))
        layout.addWidget(self.problem)
        layout.addLayout(self.form, 1)
        layout.addSpacing(layout.spacing() * 2)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

    def add_row(
        self,
        label: str,
        widget: QWidget,
        field: str | None = None,
        form: QFormLayout | None = None,
    ) -> QLabel:
        """A labelled field, with room under it for the reason it was refused."""
        box = QWidget(self)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        if field is not None:
            if isinstance(widget, DateField | DateTimeField):
                widget.field = field
                error = widget.error  # its own line says what it cannot read, too
            else:
                error = FieldError(box)
                column.addWidget(error)
            self.errors[field] = error
            self.fields[field] = widget
            if isinstance(widget, DateField | DateTimeField):
                widget.changed.connect(error.clear_reason)
            else:
                clear_when_changed(widget, error)
        box.setFocusProxy(widget)
        caption = QLabel(label, self)
        caption.setBuddy(focus_target(widget))
        (form or self.form).addRow(caption, box)
        return caption

    def joined(self, field: str, *others: str) -> None:
        """A store's rule joins ``field`` to ``others`` (its reason is said beside
        ``field``): the reason goes when any of them changes, as when ``field`` does."""
        clear_with(self.errors[field], *(self.fields[other] for other in others))

    def build(self) -> object:
        """The record as the form now describes it (not yet checked or stored)."""
        raise NotImplementedError

    def store(self, record: Any) -> object:
        """Hand the record to its store; returns what was stored."""
        raise NotImplementedError

    def showEvent(self, event: QShowEvent) -> None:
        if self._as_opened is None:
            self._as_opened = self.build()  # to tell later whether anything was changed
        super().showEvent(event)

    def reject(self) -> None:
        # Esc or Cancel must not silently throw away a note the mediator has just written.
        try:
            changed = self._as_opened is not None and self.build() != self._as_opened
        except ParleyError:
            changed = True  # a date that cannot be read was typed: that is a change
        if changed and not self._discard_confirmed():
            return
        super().reject()

    def discard(self) -> None:
        """Close without asking (locking, after the tab stored what the store accepts)."""
        super().reject()

    def _discard_confirmed(self) -> bool:
        answer = QMessageBox.question(
            self,
            "Parley — Discard changes?",
            "Discard what you have typed here? It has not been saved.",
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Discard

    def save(self) -> bool:
        try:
            stored = self.store(self.build())
        except InvalidValue as problem:
            if show_invalid(self.errors, problem):
                self.problem.clear()
                self.fields[problem.field].setFocus()  # where the mediator can put it right
            else:
                self.problem.show_message(str(problem))
            fit_height(self)
            return False
        except ParleyError as exc:
            for error in self.errors.values():
                error.clear_reason()
            self.problem.show_message(str(exc))
            fit_height(self)
            return False
        self.saved.emit(stored)
        self.accept()
        return True

    def set_safe_view(self, on: bool) -> None:
        """Dialogs holding confidential text hide it; others have nothing to hide."""
