"""The case and its patient: every field, saved one at a time as the mediator works.

Each field is saved on its own (``dataclasses.replace`` of the last stored case), so a value
the store refuses stays on screen with its reason while every other field keeps saving.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import TypeVar

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.books.casebook import Casebook
from app.cases.nhs import format_nhs_number, nhs_number_problem, normalise_nhs_number
from app.cases.records import Case, CourtAgreement, Stage, Status
from app.errors import InvalidValue, ParleyError
from ui.widgets.dates import DateField, future_warning
from ui.widgets.forms import (
    FieldError,
    combo_value,
    enum_combo,
    set_combo_value,
    set_tab_order,
)
from ui.widgets.lists import wrapped_label
from ui.workspace import case_fields as fields
from ui.workspace.closing import Closing
from ui.workspace.field_form import CaseFieldForm, Field
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


class OverviewTab(CaseFieldForm):
    title = "&Overview"

    def __init__(self, casebook: Casebook, case_id: int, parent: QWidget | None = None) -> None:
        super().__init__(casebook, case_id, parent)

        case_form, self.case_group = self._group("Case")
        self.reference = self._line(case_form, "&Reference:", fields.REFERENCE, "Reference")
        self.title_edit = self._line(case_form, "&Title:", fields.TITLE, "Title")
        self.stage = enum_combo(Stage, self, name="Stage")
        self._row(case_form, "&Stage:", self.stage, "stage")
        self.status = enum_combo(Status, self, name="Status")
        self.outcome_button = QPushButton("Outcome…", self)
        self.outcome_button.setToolTip("See or correct the outcome recorded when the case closed")
        status_row = QWidget(self)
        status_line = QHBoxLayout(status_row)
        status_line.setContentsMargins(0, 0, 0, 0)
        status_line.addWidget(self.status, 1)
        status_line.addWidget(self.outcome_button)
        status_row.setFocusProxy(self.status)
        self._row(case_form, "Stat&us:", status_row, "status")
        self.closing = Closing(casebook, self, today=date.today)
        self.closing.recorded.connect(self._outcome_recorded)
        self.outcome_button.clicked.connect(lambda: self._case and self.closing.ask(self._case))
        self._fields["status"] = Field(
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
        self.date_of_birth.changed.connect(self._check_birth)
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
        self.parties_wish = self._date(
            court_form, "All parties &wish to mediate:", fields.PARTIES_WISH,
            "Date all parties said they wish to mediate",
        )  # fmt: skip
        self.court_agreed = self._court_agreement(court_form)
        self.before_formal = wrapped_label(
            "Before formal sessions, record that every party wishes to mediate and that the "
            "court agrees (when, and how).", self, name="Before formal sessions",
        )  # fmt: skip
        court_form.addRow(self.before_formal)

        self.summary = ConcealableText("summary", "Confidential summary", self, revealable=False)
        self.summary.editor.setMinimumHeight(self.fontMetrics().height() * 7)
        summary_group = QGroupBox("Confidentia&l summary", self)
        summary_layout = QVBoxLayout(summary_group)
        summary_layout.addWidget(self.summary, 1)
        self.errors["summary"] = FieldError(summary_group)
        summary_layout.addWidget(self.errors["summary"])
        self._fields["summary"] = Field(fields.SUMMARY, self.summary.text, self.summary.set_text)
        self._summary_timer = QTimer(self)
        self._summary_timer.setSingleShot(True)
        self._summary_timer.setInterval(SUMMARY_IDLE_MS)
        self._summary_timer.timeout.connect(lambda: self._save("summary"))
        self.summary.editor.textChanged.connect(self._summary_typed)
        self.summary.editor.installEventFilter(self)

        self._lay_out(summary_group)
        self.stage.currentIndexChanged.connect(self._stage_changed)
        self.status.currentIndexChanged.connect(self._status_chosen)
        self.court_group.hide()

    # --- building ---------------------------------------------------------------------------

    def _court_agreement(self, form: QFormLayout) -> tuple[DateField, QComboBox]:
        """When and how the court agreed, saved together: the rule needs both or neither."""
        on = DateField("Court agreed on", self, field="court.court_agreed_on")
        how = QComboBox(self)
        how.setAccessibleName("How the court agreed")
        how.addItem("Not yet agreed", None)
        for member in CourtAgreement:
            how.addItem(member.label, member.value)
        self._row(form, "Court agreed on:", on, "court.court_agreed_on")
        self._row(form, "How the court agreed:", how, "court.court_agreed_by")

        def shown() -> tuple[date | None, CourtAgreement | None]:
            value = how.currentData()
            return on.value(), CourtAgreement(value) if value else None

        def show(value: tuple[date | None, CourtAgreement | None]) -> None:
            on.set_value(value[0])
            how.setCurrentIndex(max(how.findData(value[1].value if value[1] else None), 0))

        key = fields.COURT_AGREEMENT.key
        self._fields[key] = Field(fields.COURT_AGREEMENT, shown, show)
        on.changed.connect(lambda: self._save(key))
        how.activated.connect(lambda _i: self._save(key))
        return on, how

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
                 self.parties_wish.line, self.court_agreed[0].line, self.court_agreed[1],
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
        if self._case is not None:
            self.save_fields()
        # Then the outcome form, if open: a whole outcome closes the case, else it says so.
        problems = self.closing.save_pending()
        if problems:
            raise ParleyError(problems[0])

    def clear(self) -> None:
        self.closing.discard()
        self._summary_timer.stop()
        self._case = None
        for widget in (self.stage, self.status):
            blocked = widget.blockSignals(True)
            widget.setCurrentIndex(0)
            widget.blockSignals(blocked)
        for edit in self._lines:
            edit.clear()
        for date_field in (self.referred_on, self.date_of_birth, self.next_hearing,
                           self.parties_wish, self.court_agreed[0]):  # fmt: skip
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
        self._show_readiness(case)
        self._clear_reasons()
        self._check_birth()

    def _check_birth(self) -> None:
        future_warning(self.date_of_birth, date.today())

    def _status_chosen(self) -> None:
        """Closing asks for the outcome first; the case closes when it is saved."""
        case = self._case
        closing = combo_value(self.status, Status) is Status.CLOSED
        if case is None or not closing or case.status is Status.CLOSED:
            self._save("status")
            return
        blocked = self.status.blockSignals(True)
        set_combo_value(self.status, case.status)
        self.status.blockSignals(blocked)
        self.closing.ask(case)

    def _outcome_recorded(self) -> None:
        self.reload()
        self.case_changed.emit()

    def stored(self, key: str, case: Case) -> None:
        if key == fields.NHS_NUMBER.key:
            self.nhs_number.setText(format_nhs_number(case.patient.nhs_number))
        self._show_readiness(case)

    def _show_readiness(self, case: Case) -> None:
        self.outcome_button.setVisible(case.status is Status.CLOSED)
        ready = case.court is not None and case.court.ready_for_formal_sessions
        self.before_formal.setVisible(case.stage is Stage.ELEVENTH_HOUR and not ready)

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
        shown = [self._fields[f.key].shown() for f in fields.COURT_FIELDS]
        has_court = case.court is not None or any(
            any(v) if isinstance(v, tuple) else v for v in shown
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
