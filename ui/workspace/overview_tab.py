"""The case and its patient: every field, saved one at a time as the mediator works.

Each field is saved on its own (``dataclasses.replace`` of the last stored case), so a value
the store refuses stays on screen with its reason while every other field keeps saving.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.books.casebook import Casebook
from app.cases.nhs import format_nhs_number, nhs_number_problem, normalise_nhs_number
from app.cases.records import Case, Stage, Status
from app.errors import InvalidValue, ParleyError
from ui.widgets.dates import DateField
from ui.widgets.forms import (
    FieldError,
    combo_value,
    enum_combo,
    focus_target,
    set_combo_value,
    set_tab_order,
)
from ui.widgets.messages import InlineMessage
from ui.workspace import case_fields as fields
from ui.workspace.base import WorkspaceTab
from ui.workspace.case_fields import CaseField
from ui.workspace.record_dialog import ConcealableText

V = TypeVar("V")
#: Fields that identify the patient, or may name the diagnosis: hidden in safe view.
IDENTIFYING = (
    fields.TITLE.key,
    fields.PATIENT_NAME.key,
    fields.DATE_OF_BIRTH.key,
    fields.NHS_NUMBER.key,
    fields.HOSPITAL_NUMBER.key,
)
SUMMARY_IDLE_MS = 2_000  # a long summary is saved in pauses, not only when focus leaves it


@dataclass(frozen=True)
class _Field(Generic[V]):
    """A field of the case and the widget that edits it."""

    case_field: CaseField[V]
    shown: Callable[[], V]  # the value on screen, as it would be stored
    show: Callable[[V], None]  # put a stored value on screen

    def read(self, case: Case) -> V:
        return self.case_field.read(case)

    def write(self, case: Case, value: V) -> Case:
        return self.case_field.write(case, value)


def _shows(field: _Field[Any], case: Case) -> bool:
    """Whether ``field`` shows what ``case`` holds (a date that cannot be read does not)."""
    try:
        return bool(field.shown() == field.read(case))
    except InvalidValue:
        return False


class OverviewTab(WorkspaceTab):
    title = "&Overview"

    def __init__(self, casebook: Casebook, case_id: int, parent: QWidget | None = None) -> None:
        super().__init__(casebook, case_id, parent)
        self._case: Case | None = None
        self.errors: dict[str, FieldError] = {}
        self._fields: dict[str, _Field[Any]] = {}
        self._lines: list[QLineEdit] = []
        # Which field's save put a reason where: a save of A can be refused beside B.
        self._reasons: dict[str, str] = {}
        self._refusals: dict[str, InvalidValue] = {}  # the last refusal of each field's save
        self.message = InlineMessage(self)  # a refusal that names no field on this page

        case_form, self.case_group = self._group("Case")
        self.reference = self._line(case_form, "&Reference:", fields.REFERENCE, "Reference")
        self.title_edit = self._line(case_form, "&Title:", fields.TITLE, "Title")
        self.stage = enum_combo(Stage, self, name="Stage")
        self._row(case_form, "&Stage:", self.stage, "stage")
        self.status = enum_combo(Status, self, name="Status")
        self._row(case_form, "Stat&us:", self.status, "status")
        self._fields["status"] = _Field(
            fields.STATUS,
            lambda: combo_value(self.status, Status),
            lambda v: set_combo_value(self.status, v),
        )
        self.hospital = self._line(case_form, "Hospital:", fields.HOSPITAL, "Hospital")
        self.team = self._line(case_form, "T&eam:", fields.TEAM, "Team")
        self.referred_on = self._date(case_form, "Referred on:", fields.REFERRED_ON, "Referred on")
        self.referred_by = self._line(case_form, "Referred b&y:", fields.REFERRED_BY, "Referred by")

        patient_form, self.patient_group = self._group("Patient")
        self.patient_hidden = QLabel(
            "The patient's name, date of birth, NHS number and hospital number, and the case's "
            "title, are hidden while safe view is on (Ctrl+Shift+H shows them).",
            self,
        )
        self.patient_hidden.setWordWrap(True)
        self.patient_hidden.hide()
        self.patient_name = self._line(
            patient_form, "&Name:", fields.PATIENT_NAME, "Patient's name"
        )
        self.date_of_birth = self._date(
            patient_form, "Date of birth:", fields.DATE_OF_BIRTH, "Date of birth"
        )
        self.nhs_number = self._line(patient_form, "NHS number:", fields.NHS_NUMBER, "NHS number")
        self.nhs_number.setPlaceholderText("Ten digits, for example 943 476 5919")
        self.nhs_number.textEdited.connect(self._check_nhs_number)
        self.hospital_number = self._line(
            patient_form, "Hospital number:", fields.HOSPITAL_NUMBER, "Hospital number"
        )

        court_form, self.court_group = self._group("Court (legal action begun)")
        self.court_name = self._line(court_form, "Court:", fields.COURT_NAME, "Court")
        self.court_reference = self._line(
            court_form, "Court reference:", fields.COURT_REFERENCE, "Court reference"
        )
        self.next_hearing = self._date(
            court_form, "Ne&xt hearing:", fields.NEXT_HEARING, "Next hearing"
        )

        self.summary = ConcealableText("summary", "Confidential summary", self, revealable=False)
        self.summary.editor.setMinimumHeight(self.fontMetrics().height() * 7)
        summary_group = QGroupBox("Confidential &summary", self)
        summary_layout = QVBoxLayout(summary_group)
        summary_layout.addWidget(self.summary, 1)
        self.errors["summary"] = FieldError(summary_group)
        summary_layout.addWidget(self.errors["summary"])
        self._fields["summary"] = _Field(fields.SUMMARY, self.summary.text, self.summary.set_text)
        self._summary_timer = QTimer(self)
        self._summary_timer.setSingleShot(True)
        self._summary_timer.setInterval(SUMMARY_IDLE_MS)
        self._summary_timer.timeout.connect(lambda: self._save("summary"))
        self.summary.editor.textChanged.connect(self._summary_typed)
        self.summary.editor.installEventFilter(self)

        self._lay_out(summary_group)
        self.stage.currentIndexChanged.connect(self._stage_changed)
        self.status.currentIndexChanged.connect(lambda _i: self._save("status"))
        self.court_group.hide()

    # --- building ---------------------------------------------------------------------------

    def _group(self, title: str) -> tuple[QFormLayout, QGroupBox]:
        group = QGroupBox(title, self)
        form = QFormLayout(group)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        return form, group

    def _row(self, form: QFormLayout, label: str, widget: QWidget, key: str) -> None:
        box = QWidget(self)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        if isinstance(widget, DateField):
            self.errors[key] = widget.error  # its own line says what it cannot read, too
        else:
            self.errors[key] = FieldError(box)
            column.addWidget(self.errors[key])
        box.setFocusProxy(widget)
        caption = QLabel(label, self)
        caption.setBuddy(focus_target(widget))
        form.addRow(caption, box)

    def _line(self, form: QFormLayout, label: str, field: CaseField[str], name: str) -> QLineEdit:
        key = field.key
        edit = QLineEdit(self)
        edit.setAccessibleName(name)
        self._row(form, label, edit, key)
        self._lines.append(edit)

        def shown() -> str:
            if key == fields.NHS_NUMBER.key:
                # Typed any way ("943-476-5919"), stored as ten digits, shown in three groups.
                return normalise_nhs_number(edit.text())
            return edit.text().strip()

        def show(value: str) -> None:
            edit.setText(format_nhs_number(value) if key == fields.NHS_NUMBER.key else value)
            edit.setCursorPosition(0)  # a long title shows its beginning, not its end

        self._fields[key] = _Field(field, shown, show)
        edit.editingFinished.connect(lambda: self._save(key))
        return edit

    def _date(
        self, form: QFormLayout, label: str, field: CaseField[date | None], name: str
    ) -> DateField:
        key = field.key
        # Saved when committed (leaving the field, Enter, the calendar), not as typed.
        edit = DateField(name, self, field=key)
        self._row(form, label, edit, key)
        self._fields[key] = _Field(field, edit.value, edit.set_value)
        edit.changed.connect(lambda: self._save(key))
        return edit

    def _lay_out(self, summary_group: QGroupBox) -> None:
        side = QVBoxLayout()
        side.addWidget(self.patient_group)
        side.addWidget(self.patient_hidden)
        side.addWidget(self.court_group)
        side.addStretch(1)
        top = QHBoxLayout()
        top.addWidget(self.case_group, 1)
        top.addLayout(side, 1)
        content = QWidget(self)
        layout = QVBoxLayout(content)
        layout.addWidget(self.message)
        layout.addLayout(top)
        layout.addWidget(summary_group, 1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        order = [self.reference, self.title_edit, self.stage, self.status, self.hospital,
                 self.team, self.referred_on.line, self.referred_by, self.patient_name,
                 self.date_of_birth.line, self.nhs_number, self.hospital_number,
                 self.court_name, self.court_reference, self.next_hearing.line,
                 self.summary.editor]  # fmt: skip
        set_tab_order(*order)
        self.setFocusProxy(self.reference)

    # --- the WorkspaceTab contract ----------------------------------------------------------

    def reload(self) -> None:
        try:
            case = self.casebook.cases.get(self.case_id)
        except ParleyError as exc:
            self.clear()
            self.message.show_message(f"This case could not be read. {exc}")
            return
        self._show(case)

    def save_pending(self) -> None:
        self._summary_timer.stop()
        if self._case is None:
            return
        refused: list[InvalidValue] = []
        for key, field in self._fields.items():
            if self._case is not None and not _shows(field, self._case) and not self._save(key):
                refused.append(self._refusals[key])
        if refused:
            # Said by the window (locking, closing the case); the text stays on screen.
            raise refused[0]

    def clear(self) -> None:
        self._summary_timer.stop()
        self._case = None
        for widget in (self.stage, self.status):
            blocked = widget.blockSignals(True)
            widget.setCurrentIndex(0)
            widget.blockSignals(blocked)
        for edit in self._lines:
            edit.clear()
        for date_field in (self.referred_on, self.date_of_birth, self.next_hearing):
            date_field.wipe()  # a date of birth identifies the patient too
        blocked = self.summary.editor.blockSignals(True)
        self.summary.wipe()
        self.summary.editor.blockSignals(blocked)
        self._clear_reasons()
        self.court_group.hide()

    def set_safe_view(self, on: bool) -> None:
        if on and not self.safe_view:
            # Store what was typed before it disappears from view.
            for key in ("summary", *IDENTIFYING):
                self._save(key)
        super().set_safe_view(on)
        # The patient's details and the title (which may name the diagnosis) go from the
        # screen altogether; the reference and the rest of the case stay to work with.
        self.patient_group.setVisible(not on)
        self.patient_hidden.setVisible(on)
        form, row = self.case_group.layout(), self.title_edit.parentWidget()
        if isinstance(form, QFormLayout) and row is not None:
            form.setRowVisible(row, not on)
        blocked = self.summary.editor.blockSignals(True)
        self.summary.set_concealed(on)
        self.summary.editor.blockSignals(blocked)

    # --- showing and saving -----------------------------------------------------------------

    def _show(self, case: Case) -> None:
        self._case = case
        quiet = (self.stage, self.status, self.summary.editor)
        blocked = [widget.blockSignals(True) for widget in quiet]
        for field in self._fields.values():
            field.show(field.read(case))
        set_combo_value(self.stage, case.stage)
        for widget, was in zip(quiet, blocked, strict=True):
            widget.blockSignals(was)
        self.court_group.setVisible(case.stage is Stage.ELEVENTH_HOUR)
        self._clear_reasons()

    def _save(self, key: str) -> bool:
        case = self._case
        if case is None:
            return True
        field = self._fields[key]
        try:
            value = field.shown()
        except InvalidValue as unreadable:  # a date that cannot be read: it says why itself
            self._refuse(key, unreadable)
            return False
        if value == field.read(case):
            self._forget_reasons_of(key)
            return True
        if key == fields.NHS_NUMBER.key:
            problem = nhs_number_problem(value)
            if problem:
                self._refuse(key, InvalidValue(key, problem))
                return False
        return self._store(key, field.write(case, value))

    def _store(self, key: str, case: Case) -> bool:
        try:
            stored = self.casebook.cases.update(case)
        except InvalidValue as problem:
            self._refuse(key, problem)
            return False
        except ParleyError as exc:
            self._refuse(key, InvalidValue("", str(exc)))
            return False
        self._case = stored
        if key == fields.NHS_NUMBER.key:
            self.nhs_number.setText(format_nhs_number(stored.patient.nhs_number))
        # A refusal goes once the field that caused it holds what is stored.
        for owner in list(self._reasons):
            owner_field = self._fields.get(owner)
            if owner_field is None or _shows(owner_field, stored):
                self._forget_reasons_of(owner)
        self.case_changed.emit()
        return True

    def _refuse(self, key: str, problem: InvalidValue) -> None:
        """Say why beside the field the store named (or above the form); keep the text."""
        self._forget_reasons_of(key)
        self._refusals[key] = problem
        target = self.errors.get(problem.field)
        if target is not None:
            target.show_reason(problem.reason)
            self._reasons[key] = problem.field
        else:
            self.message.show_message(str(problem))
            self._reasons[key] = ""

    def _forget_reasons_of(self, key: str) -> None:
        where = self._reasons.pop(key, None)
        if where is None:
            return
        if where and where not in self._reasons.values():
            self.errors[where].clear_reason()
        elif not where and "" not in self._reasons.values():
            self.message.clear()

    def _clear_reasons(self) -> None:
        self._reasons.clear()
        for error in self.errors.values():
            error.clear_reason()
        self.message.clear()

    def _check_nhs_number(self, text: str) -> None:
        """Check as it is typed; a number still being typed is not yet wrong."""
        digits = normalise_nhs_number(text)
        problem = nhs_number_problem(text)
        if problem and digits.isdigit() and len(digits) < 10:
            problem = None
        if problem:
            self._refuse(fields.NHS_NUMBER.key, InvalidValue(fields.NHS_NUMBER.key, problem))
        else:
            self._forget_reasons_of(fields.NHS_NUMBER.key)

    def _summary_typed(self) -> None:
        if self._case is not None and not self.summary.concealed:
            self._summary_timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.summary.editor and event.type() == QEvent.Type.FocusOut:
            self._summary_timer.stop()
            self._save("summary")
        return super().eventFilter(watched, event)

    def _stage_changed(self) -> None:
        case = self._case
        if case is None:
            return
        stage = combo_value(self.stage, Stage)
        has_court = case.court is not None or any(
            self._fields[f.key].shown() for f in fields.COURT_FIELDS
        )
        if stage is not Stage.ELEVENTH_HOUR and has_court and not self._discard_court(stage):
            blocked = self.stage.blockSignals(True)
            set_combo_value(self.stage, case.stage)
            self.stage.blockSignals(blocked)
            return
        court = case.court if stage is Stage.ELEVENTH_HOUR else None
        if not self._store("stage", replace(case, stage=stage, court=court)):
            blocked = self.stage.blockSignals(True)
            set_combo_value(self.stage, case.stage)
            self.stage.blockSignals(blocked)
            return
        self.court_group.setVisible(stage is Stage.ELEVENTH_HOUR)
        if court is None:
            # Only the court fields are reset: anything else on screen stays as typed.
            for court_field in fields.COURT_FIELDS:
                self._fields[court_field.key].show(court_field.read(replace(case, court=None)))
                self._forget_reasons_of(court_field.key)

    def _discard_court(self, stage: Stage) -> bool:
        answer = QMessageBox.question(
            self,
            "Parley — Court details",
            f"Change the stage to “{stage.label}” and discard the court details?\n\n"
            "Court details belong only to eleventh-hour cases, where legal action has begun.",
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        # The box runs its own event loop: the casebook may have locked in the meantime.
        return answer == QMessageBox.StandardButton.Discard and self._case is not None
