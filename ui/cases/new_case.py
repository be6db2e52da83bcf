"""The New case dialog: what a referral gives the mediator, checked as it is typed.

The store has the last word: whatever it refuses comes back as ``InvalidValue`` naming the
field, and the reason is shown beside that field. Nothing is stored until it all passes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.books.casebook import Casebook
from app.cases.nhs import format_nhs_number, nhs_number_problem, normalise_nhs_number
from app.cases.records import Case, Court, Patient, Stage, Status
from app.cases.validation import REFERENCE_TEXT, SHORT_TEXT
from app.errors import InvalidValue, ParleyError
from ui.widgets.dates import DateField, future_warning
from ui.widgets.forms import (
    FieldError,
    combo_value,
    enum_combo,
    focus_target,
    set_combo_value,
    show_invalid,
)
from ui.widgets.messages import FittedDialog, InlineMessage, fit_height, heading

DIALOG_WIDTH = 560


def suggest_reference(existing: Iterable[str], today: date) -> str:
    """``MM-<year>-NNN``: one more than the highest reference of this year."""
    pattern = re.compile(rf"MM-{today.year}-(\d+)")
    numbers = [int(m.group(1)) for ref in existing if (m := pattern.fullmatch(ref.strip()))]
    return f"MM-{today.year}-{max(numbers, default=0) + 1:03d}"


class CaseDetailsDialog(FittedDialog):
    """A case's opening details, checked as typed; ``save`` stores them through ``store``
    and emits ``created`` with the stored record's id. ``NewCaseDialog`` (a casebook's
    case) and the office's referral dialog are made of it."""

    created = Signal(int)  # the stored record's id
    WINDOW_TITLE = "Parley — New case"
    HEADING = "New case"
    BUTTON = "&Create case"
    WHAT = "The case"
    WITH_STATUS = True

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.WINDOW_TITLE)
        self.setMinimumWidth(DIALOG_WIDTH)
        self.errors: dict[str, FieldError] = {}
        self.fields: dict[str, QWidget] = {}

        self.reference = self._line("reference", "Reference", REFERENCE_TEXT)
        self.title = self._line("title", "Short title", SHORT_TEXT)
        self.title.setPlaceholderText("e.g. Ventilation review")
        self.stage = enum_combo(Stage, self, name="Stage")
        self.status = enum_combo(Status, self, name="Status")
        self.hospital = self._line("hospital", "Hospital")
        self.team = self._line("team", "Team")
        self.referred_on = DateField("Referred on", self, field="referred_on")
        self.referred_on.set_value(date.today())
        self.referred_by = self._line("referred_by", "Referred by")
        self.patient_name = self._line("patient.name", "Patient's name")
        self.date_of_birth = DateField(
            "Patient's date of birth", self, field="patient.date_of_birth"
        )
        self.nhs_number = self._line("patient.nhs_number", "NHS number", 16)
        self.nhs_number.setPlaceholderText("e.g. 943 476 5919")
        self.hospital_number = self._line("patient.hospital_number", "Hospital number")
        self.court_name = self._line("court.name", "Court")
        self.court_reference = self._line("court.reference", "Court reference")
        self.next_hearing = DateField("Next hearing", self, field="court.next_hearing")
        self.message = InlineMessage(self)  # a refusal that names no field on this form

        case_box = QGroupBox("Case", self)
        case_form = _form(case_box)
        self._row(case_form, "&Reference:", self.reference, "reference")
        self._row(case_form, "&Title:", self.title, "title")
        self._row(case_form, "&Stage:", self.stage, "stage")
        self._row(case_form, "Stat&us:", self.status, "status")
        self._row(case_form, "&Hospital:", self.hospital, "hospital")
        self._row(case_form, "T&eam:", self.team, "team")
        self._row(case_form, "Referre&d on:", self.referred_on, "referred_on")
        self._row(case_form, "Referred &by:", self.referred_by, "referred_by")
        patient_box = QGroupBox("Patient", self)
        patient_form = _form(patient_box)
        self._row(patient_form, "&Name:", self.patient_name, "patient.name")
        self._row(patient_form, "Date of b&irth:", self.date_of_birth, "patient.date_of_birth")
        self._row(patient_form, "NHS nu&mber:", self.nhs_number, "patient.nhs_number")
        self._row(
            patient_form, "Hos&pital number:", self.hospital_number, "patient.hospital_number"
        )
        self.court_box = QGroupBox("Court (legal action has begun)", self)
        court_form = _form(self.court_box)
        self._row(court_form, "C&ourt:", self.court_name, "court.name")
        self._row(court_form, "Court re&ference:", self.court_reference, "court.reference")
        self._row(court_form, "Ne&xt hearing:", self.next_hearing, "court.next_hearing")
        self.errors["court"] = self.errors["court.name"]
        # Said beside the date of birth, settled by either date.
        self.referred_on.changed.connect(lambda: self._clear_error("patient.date_of_birth"))
        self.date_of_birth.changed.connect(lambda: future_warning(self.date_of_birth, date.today()))

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.create_button = self.buttons.addButton(
            self.BUTTON, QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.create_button.setDefault(True)

        # One label width for all three groups, so their fields line up down the dialog.
        labels = self.findChildren(QLabel, "field-label")
        width = max(label.sizeHint().width() for label in labels)
        for label in labels:
            label.setMinimumWidth(width)

        status_cell = self.status.parentWidget()  # the field's cell, with its reason
        if not self.WITH_STATUS and status_cell is not None:
            case_form.setRowVisible(status_cell, False)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.HEADING, self))
        for box in (case_box, patient_box, self.court_box, *self.more_boxes()):
            layout.addWidget(box)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

        self.reference.setText(suggest_reference(self.existing_references(), date.today()))
        self.stage.currentIndexChanged.connect(self._stage_changed)
        self.nhs_number.textChanged.connect(self._check_nhs_number)
        self.nhs_number.editingFinished.connect(self._tidy_nhs_number)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self._stage_changed()
        self.reference.setFocus()
        self.reference.selectAll()

    def _line(self, field: str, name: str, limit: int = SHORT_TEXT) -> QLineEdit:
        line = QLineEdit(self)
        line.setAccessibleName(name)
        line.setMaxLength(limit)
        line.textEdited.connect(lambda _text, field=field: self._clear_error(field))
        return line

    def _row(self, form: QFormLayout, text: str, field: QWidget, key: str) -> None:
        """The field with its reason beneath, so a refusal sits right beside what it is about."""
        label = QLabel(text, self)
        label.setObjectName("field-label")
        label.setBuddy(focus_target(field))
        cell = QWidget(self)
        column = QVBoxLayout(cell)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(field)
        self.fields[key] = field
        if isinstance(field, DateField):
            self.errors[key] = field.error  # its own line says what it cannot read, too
            # The store's reason goes once another date is committed, as a line's does
            # when typed in (the field's own reason stays until what is typed can be read).
            field.changed.connect(lambda key=key: self._clear_error(key))
        else:
            self.errors[key] = FieldError(self)
            column.addWidget(self.errors[key])
        cell.setFocusProxy(field)
        form.addRow(label, cell)

    # --- checks as typed --------------------------------------------------------------------

    def _stage_changed(self) -> None:
        eleventh_hour = combo_value(self.stage, Stage) is Stage.ELEVENTH_HOUR
        self.court_box.setVisible(eleventh_hour)
        fit_height(self)

    def _check_nhs_number(self, text: str) -> None:
        problem = nhs_number_problem(text)
        # Incomplete numbers are normal while typing; say so only once ten digits are in,
        # or when something that is not a digit appears.
        digits = normalise_nhs_number(text)
        if problem and (len(digits) >= 10 or not digits.isdigit()):
            self.errors["patient.nhs_number"].show_reason(problem)
        else:
            self.errors["patient.nhs_number"].clear_reason()
        fit_height(self)

    def _tidy_nhs_number(self) -> None:
        text = self.nhs_number.text()
        if text and nhs_number_problem(text) is None:
            self.nhs_number.setText(format_nhs_number(text))
        elif text:
            problem = nhs_number_problem(text)
            self.errors["patient.nhs_number"].show_reason(problem or "")
            fit_height(self)

    def _clear_error(self, field: str) -> None:
        if field != "patient.nhs_number" and field in self.errors:
            self.errors[field].clear_reason()
            self.message.clear()
            fit_height(self)

    # --- saving -----------------------------------------------------------------------------

    def case(self) -> Case:
        """The case as the form holds it (not yet checked)."""
        stage = combo_value(self.stage, Stage)
        court = None
        if stage is Stage.ELEVENTH_HOUR:
            court = Court(
                self.court_name.text().strip(),
                self.court_reference.text().strip(),
                self.next_hearing.value(),
            )
            if court == Court():
                court = None
        return Case(
            id=None,
            reference=self.reference.text().strip(),
            title=self.title.text().strip(),
            stage=stage,
            status=combo_value(self.status, Status),
            hospital=self.hospital.text().strip(),
            team=self.team.text().strip(),
            referred_on=self.referred_on.value(),
            referred_by=self.referred_by.text().strip(),
            patient=Patient(
                self.patient_name.text().strip(),
                self.date_of_birth.value(),
                normalise_nhs_number(self.nhs_number.text()),
                self.hospital_number.text().strip(),
            ),
            court=court,
        )

    def set_stage(self, stage: Stage) -> None:
        set_combo_value(self.stage, stage)

    # --- what a kind of record says -----------------------------------------------------------

    def existing_references(self) -> Iterable[str]:
        """The references in use, to suggest the next."""
        raise NotImplementedError

    def more_boxes(self) -> list[QWidget]:
        """Groups of fields after the court's (a referral's parties)."""
        return []

    def store(self) -> int | None:
        """Store what the form holds (``InvalidValue`` names a field); the stored id."""
        raise NotImplementedError

    def save(self) -> None:
        self.message.clear()
        try:
            stored_id = self.store()
        except InvalidValue as problem:
            if not show_invalid(self.errors, problem):
                self.message.show_message(str(problem))
            if problem.field != "patient.nhs_number":
                # show_invalid shows one reason; a wrong NHS number stays pointed out too.
                self._check_nhs_number(self.nhs_number.text())
            self._focus_problem(problem.field)
            fit_height(self)
            return
        except ParleyError as exc:
            self.message.show_message(f"{self.WHAT} was not stored. {exc}")
            fit_height(self)
            return
        if stored_id is not None:
            self.created.emit(stored_id)
        self.accept()

    def _focus_problem(self, field: str) -> None:
        target = self.fields.get(field)
        if target is not None:
            target.setFocus(Qt.FocusReason.OtherFocusReason)


class NewCaseDialog(CaseDetailsDialog):
    """Asks for a new case; on success emits ``created`` with its id and closes."""

    def __init__(self, casebook: Casebook, parent: QWidget | None = None) -> None:
        self.casebook = casebook
        super().__init__(parent)

    def existing_references(self) -> Iterable[str]:
        return self.casebook.cases.references()

    def store(self) -> int | None:
        with self.casebook.transaction():
            return self.casebook.cases.add(self.case()).id


def _form(box: QGroupBox) -> QFormLayout:
    form = QFormLayout(box)
    # Fields grow with the dialog on every platform (macOS would keep them narrow).
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
    return form
