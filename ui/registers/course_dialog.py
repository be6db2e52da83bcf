"""Adding or editing a training course: title, length, date, place, fee per delegate, and
the trainer and CPD hours its certificates state.

The fee is typed as money ("£250", "99.50") and read with
``app.registers.training.parse_money``, so a refusal ("this cannot have fractions of a
penny") appears beside the fee like any other.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from PySide6.QtWidgets import QDoubleSpinBox, QLabel, QLineEdit, QWidget

from app.books.kinds import AnyBook
from app.cases.validation import SHORT_TEXT
from app.registers.training import (
    MAX_CPD_MINUTES,
    Course,
    CourseLength,
    format_money,
    parse_money,
)
from ui.widgets.dates import RequiredDateField
from ui.widgets.forms import combo_value, enum_combo, set_combo_value
from ui.workspace.record_dialog import RecordDialog


class CourseDraft(NamedTuple):
    """What the form holds, before the fee text is read as money."""

    title: str
    length: CourseLength
    held_on: date
    place: str
    fee_text: str
    trainer: str
    cpd_quarters: int  # CPD time in quarter hours; 0: from the length


class CourseDialog(RecordDialog):
    """Stores the course through ``casebook.registers.courses``; ``saved`` carries it."""

    def __init__(
        self,
        casebook: AnyBook,
        course: Course | None = None,
        *,
        today: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Edit course" if course else "New course", parent)
        self.casebook = casebook
        self.course = course
        self.what = f"The course “{course.title}”" if course else "The new course"

        self.title = QLineEdit(self)
        self.title.setAccessibleName("Title")
        self.title.setMaxLength(SHORT_TEXT)
        self.title.setPlaceholderText("e.g. Mediation skills for ward teams")
        self.length = enum_combo(CourseLength, self, name="Half day or one day")
        self.held_on = RequiredDateField("Date of the course", self, value=today)
        self.place = QLineEdit(self)
        self.place.setAccessibleName("Place")
        self.place.setMaxLength(SHORT_TEXT)
        self.place.setPlaceholderText("e.g. Education centre, St Mary's Hospital")
        self.fee = QLineEdit(self)
        self.fee.setAccessibleName("Fee per delegate, excluding VAT")
        self.fee.setPlaceholderText("e.g. 250 or 99.50")
        fee_hint = QLabel("Per delegate, excluding VAT (VAT is added on invoices and charges).")
        fee_hint.setWordWrap(True)
        self.trainer = QLineEdit(self)
        self.trainer.setAccessibleName("Trainer")
        self.trainer.setMaxLength(SHORT_TEXT)
        self.trainer.setPlaceholderText("Named on the CPD certificates")
        self.cpd_hours = QDoubleSpinBox(self)
        self.cpd_hours.setAccessibleName("CPD hours on the certificates")
        self.cpd_hours.setRange(0, MAX_CPD_MINUTES / 60)
        self.cpd_hours.setSingleStep(0.25)
        self.cpd_hours.setDecimals(2)
        self.cpd_hours.setSuffix(" hours")
        self.cpd_hours.setSpecialValueText("From the length (3½ or 7 hours)")

        self.add_row("&Title:", self.title, "title")
        self.add_row("&Length:", self.length, "length")
        self.add_row("&Date:", self.held_on, "held_on")
        self.add_row("&Place:", self.place, "place")
        self.add_row("&Fee (£):", self.fee, "fee")
        self.form.addRow("", fee_hint)
        self.add_row("T&rainer:", self.trainer, "trainer")
        self.add_row("CPD &hours:", self.cpd_hours, "cpd_minutes")

        if course is not None:
            self.title.setText(course.title)
            set_combo_value(self.length, course.length)
            self.held_on.set_value(course.held_on)
            self.place.setText(course.place)
            self.fee.setText(format_money(course.fee).removeprefix("£"))
            self.trainer.setText(course.trainer)
            self.cpd_hours.setValue((course.cpd_minutes_set or 0) / 60)
        for field, line in (("title", self.title), ("place", self.place), ("fee", self.fee)):
            line.textEdited.connect(lambda _text, field=field: self.errors[field].clear_reason())
        self.title.setFocus()

    def build(self) -> CourseDraft:
        return CourseDraft(
            self.title.text().strip(),
            combo_value(self.length, CourseLength),
            self.held_on.value(),
            self.place.text().strip(),
            self.fee.text().strip(),
            self.trainer.text().strip(),
            round(self.cpd_hours.value() * 4),
        )

    def store(self, record: CourseDraft) -> Course:
        course = Course(
            id=self.course.id if self.course else None,
            title=record.title,
            length=record.length,
            held_on=record.held_on,
            place=record.place,
            fee=parse_money("fee", record.fee_text),
            trainer=record.trainer,
            cpd_minutes_set=record.cpd_quarters * 15 or None,
        )
        courses = self.casebook.registers.courses
        with self.casebook.transaction():
            return courses.add(course) if course.id is None else courses.update(course)
