"""The line under a case's header that offers the status its record points to.

The rules are ``app.cases.next_status``; this only shows the suggestion, with its reason,
and a button that accepts it in one click. Nothing changes unless the mediator presses it.
"Not now" hides the offer until the record changes again.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from app.cases.next_status import Suggestion
from app.cases.records import Status


class StatusOffer(QWidget):
    accepted = Signal(object)  # the Status to set

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.suggestion: Suggestion | None = None
        self._declined: Suggestion | None = None
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.accept_button = QPushButton(self)
        self.accept_button.setAutoDefault(False)
        self.later_button = QPushButton("Not now", self)
        self.later_button.setAutoDefault(False)
        self.later_button.setAccessibleName("Not now: keep the status as it is")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.accept_button)
        layout.addWidget(self.later_button)
        self.accept_button.clicked.connect(self._accept)
        self.later_button.clicked.connect(self._decline)
        self.hide()

    def offer(self, suggestion: Suggestion | None) -> None:
        """Show ``suggestion`` (None hides the offer); one declined stays hidden."""
        self.suggestion = suggestion
        if suggestion is None or suggestion == self._declined:
            self.hide()
            return
        label = suggestion.status.label
        self.label.setText(f"Suggested status: {label}. {suggestion.reason}")
        self.accept_button.setText(f"Set status to {label}")
        self.accept_button.setAccessibleName(f"Set the case's status to {label}")
        self.show()

    def clear(self) -> None:
        self.suggestion = self._declined = None
        self.label.clear()
        self.hide()

    def _accept(self) -> None:
        if self.suggestion is not None:
            status: Status = self.suggestion.status
            self.accepted.emit(status)

    def _decline(self) -> None:
        self._declined = self.suggestion
        self.hide()
