"""Recording a disclosure made under an exception to confidentiality.

Every field is required: a disclosure is an act the mediator may have to account for, so
the record must say when, on what ground, what, to whom, who decided and why. Each missing
field is named beside it, all at once, rather than one at a time.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.cases.records import Disclosure, DisclosureGround
from app.cases.validation import check_disclosure
from app.errors import InvalidValue, ParleyError
from app.formatting import format_date
from ui.widgets.confirm import confirm_irreversible, summary_text
from ui.widgets.dates import RequiredDateField
from ui.widgets.forms import FieldError, clear_when_changed, focus_target, show_refusal
from ui.widgets.messages import FittedDialog, InlineMessage, Kind, fit_height, heading, small_label

GROUND_EXPLANATIONS = {
    DisclosureGround.RISK_OF_HARM: "Disclosing is needed to protect someone from serious harm.",
    DisclosureGround.UNLAWFUL: "A party has revealed conduct that breaks the law.",
    DisclosureGround.COURT_ORDER: "A court has ordered the information to be disclosed.",
}
NO_GROUND = "Choose the ground on which this disclosure was made"
# Stand-ins used only while collecting problems, so that every refused field is found in
# one pass through app.cases.validation's own rules (which stop at the first).
_STAND_INS: dict[str, Any] = {
    "on": date(2000, 1, 1),
    "to": "x",
    "what": "x",
    "decided_by": "x",
    "reason": "x",
}


def disclosure_problems(disclosure: Disclosure) -> dict[str, str]:
    """Every field ``check_disclosure`` refuses, with its reason."""
    problems: dict[str, str] = {}
    candidate = disclosure
    while True:
        try:
            check_disclosure(candidate)
        except InvalidValue as problem:
            problems[problem.field] = problem.reason
            if problem.field not in _STAND_INS:
                return problems
            candidate = dataclasses.replace(candidate, **{problem.field: _STAND_INS[problem.field]})
        else:
            return problems


class DisclosureDialog(FittedDialog):
    """Asks for every part of a disclosure and records it with ``record``."""

    def __init__(
        self,
        case_id: int,
        record: Callable[[Disclosure], Disclosure],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.case_id = case_id
        self._record = record
        self.recorded: Disclosure | None = None
        self.setWindowTitle("Parley — Record a disclosure")
        self.setMinimumWidth(600)

        intro = QLabel(
            "Record a disclosure of confidential information made under an exception to "
            "confidentiality. Every field is required. Once recorded it cannot be changed "
            "or deleted, and it is entered in the audit trail.",
            self,
        )
        intro.setWordWrap(True)
        self.on = RequiredDateField("Date of the disclosure", self, value=date.today())
        self.grounds = QButtonGroup(self)
        ground_box = QWidget(self)
        ground_layout = QVBoxLayout(ground_box)
        ground_layout.setContentsMargins(0, 0, 0, 0)
        self.ground_buttons: dict[DisclosureGround, QRadioButton] = {}
        for ground in DisclosureGround:
            button = QRadioButton(ground.label, ground_box)
            button.setAccessibleDescription(GROUND_EXPLANATIONS[ground])
            # One short line each, unwrapped: a wrapped label nested in a form row is
            # given too little height and overlaps the next button.
            explanation = small_label(GROUND_EXPLANATIONS[ground], ground_box)
            # Lined up under the button's text, not under its circle.
            indent = self.style().pixelMetric(self.style().PixelMetric.PM_ExclusiveIndicatorWidth)
            explanation.setIndent(indent + 6)
            ground_layout.addWidget(button)
            ground_layout.addWidget(explanation)
            self.grounds.addButton(button)
            self.ground_buttons[ground] = button
        # The form would otherwise squeeze this nested group below its natural height when
        # the dialog is fitted to its contents, and the buttons would overlap their notes.
        ground_box.setMinimumHeight(ground_layout.sizeHint().height())
        self.what = self._text_box("What was disclosed")
        self.to = QLineEdit(self)
        self.to.setAccessibleName("Disclosed to whom")
        self.to.setPlaceholderText("Name and role or organisation")
        self.decided_by = QLineEdit(self)
        self.decided_by.setAccessibleName("Who decided to disclose")
        self.reason = self._text_box("Why it was disclosed")
        self.errors = {
            name: FieldError(self) for name in ("ground", "what", "to", "decided_by", "reason")
        }
        self.errors["on"] = self.on.error  # the date's own line: also what it cannot read
        self.message = InlineMessage(self)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        rows: list[tuple[str, QWidget, str]] = [
            ("&Date:", self.on, "on"),
            ("&Ground:", ground_box, "ground"),
            ("W&hat was disclosed:", self.what, "what"),
            ("&To whom:", self.to, "to"),
            ("Decided &by:", self.decided_by, "decided_by"),
            ("&Why:", self.reason, "reason"),
        ]
        for text, field, name in rows:
            label = QLabel(text, self)
            label.setBuddy(
                self.ground_buttons[DisclosureGround.RISK_OF_HARM]
                if field is ground_box
                else focus_target(field)
            )
            label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            form.addRow(label, field)
            if field is not self.on:
                form.addRow("", self.errors[name])
            if field is self.on:
                self.on.changed.connect(self.errors[name].clear_reason)
            else:
                clear_when_changed(field, self.errors[name])
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.record_button = self.buttons.addButton(
            "&Record disclosure…", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.record_button.setDefault(True)
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Record a disclosure", self))
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addStretch(1)  # spare height gathers here, not between the rows
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.on.setFocus()

    def _text_box(self, name: str) -> QPlainTextEdit:
        box = QPlainTextEdit(self)
        box.setTabChangesFocus(True)  # Tab moves to the next field; the keyboard never sticks
        box.setAccessibleName(name)
        box.setMinimumHeight(box.fontMetrics().lineSpacing() * 3)
        box.setMaximumHeight(box.fontMetrics().lineSpacing() * 7)
        return box

    def ground(self) -> DisclosureGround | None:
        for ground, button in self.ground_buttons.items():
            if button.isChecked():
                return ground
        return None

    def set_ground(self, ground: DisclosureGround) -> None:
        self.ground_buttons[ground].setChecked(True)

    def value(self) -> Disclosure:
        return Disclosure(
            None,
            self.case_id,
            self.on.value(),
            self.ground() or DisclosureGround.RISK_OF_HARM,
            self.to.text(),
            self.what.toPlainText(),
            self.decided_by.text(),
            self.reason.toPlainText(),
        )

    def accept(self) -> None:
        """Record button, or Enter: check the form, show what will be recorded, and record
        it only if the mediator then chooses Record (Enter there goes back)."""
        if self._try_save(confirm=True):
            super().accept()
        else:
            fit_height(self)  # make room for the reasons just shown beside the fields

    def store_unasked(self) -> None:
        """Locking: a complete form is recorded without asking (there is no one to ask, and
        what was typed must not be lost); an incomplete one stays with its reasons."""
        if self._try_save(confirm=False):
            super().accept()

    def _confirmed(self, disclosure: Disclosure) -> bool:
        ground = disclosure.ground.label
        summary = summary_text([
            ("Date", format_date(disclosure.on)), ("Ground", ground), ("To whom", disclosure.to),
            ("Decided by", disclosure.decided_by), ("What was disclosed", disclosure.what),
            ("Why", disclosure.reason),
        ])  # fmt: skip
        return confirm_irreversible(
            self,
            title="Record this disclosure?",
            question="Record this disclosure? Once recorded it can never be changed or "
            "deleted, and it is entered in the audit trail.",
            summary=summary,
            act="&Record disclosure",
        )

    def _try_save(self, *, confirm: bool) -> bool:
        """Store what is in the form; False, with the reasons shown, if it was refused (or,
        with ``confirm``, if the mediator went back to it)."""
        self.message.clear()
        for error in self.errors.values():
            error.clear_reason()
        try:
            disclosure = self.value()
        except InvalidValue as unreadable:  # the date: it says why beneath itself
            self.on.commit()
            self.errors["on"].show_reason(unreadable.reason)
            return False
        problems = disclosure_problems(disclosure)
        if self.ground() is None:
            problems["ground"] = NO_GROUND
        if problems:
            for name, reason in problems.items():
                self.errors[name].show_reason(reason)
            self.message.show_message(
                "Nothing has been recorded yet: please complete the fields marked.", Kind.ERROR
            )
            return False
        if confirm and not (self._confirmed(disclosure) and self.isVisible()):
            return False  # gone back to the form, or locked while the question was open
        try:
            self.recorded = self._record(disclosure)
        except ParleyError as problem:
            show_refusal(self.errors, self.message, problem)
            return False
        return True

    def problems(self) -> dict[str, str]:
        """The reasons shown beside fields now, by field name (for tests and screen readers)."""
        return {name: e.reason for name, e in self.errors.items() if e.reason}

    def forget(self) -> None:
        for box in (self.what, self.reason):
            box.clear()
        for line in (self.to, self.decided_by):
            line.clear()
        self.reject()
