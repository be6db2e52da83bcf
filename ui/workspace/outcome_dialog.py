"""Closing a case: the outcome the mediator records, stored with the closure in one step.

The form asks the design's list: the result (and who withdrew, for a withdrawn case), how far
the courts were involved and whether mediation avoided a hearing, where the referral came
from, the causes of the disagreement (one or more from the fixed list) and the hours spent.
Save closes the case and keeps its anonymous outcome record; Cancel leaves the case as it
was. Opened on a closed case without a record (closed before Parley asked), Save records the
outcome alone.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import NamedTuple

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDoubleSpinBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QWidget,
)

from app.books.casebook import Casebook
from app.books.outcomes import close_case, record_outcome
from app.cases.outcomes import (
    HEARING_IN_VIEW,
    MAX_MEDIATOR_HOURS,
    Cause,
    CourtInvolvement,
    OutcomeAnswers,
    OutcomeRecord,
    ReferralSource,
    Result,
    WithdrawnBy,
    check_answers,
)
from app.cases.records import Case, Status
from app.errors import ParleyError
from app.formatting import format_date
from ui.widgets.confirm import confirm_irreversible, summary_text
from ui.widgets.forms import combo_value, enum_combo, set_combo_value
from ui.widgets.roles import CHOICE_ROLE
from ui.workspace.record_dialog import RecordDialog


class OutcomeDraft(NamedTuple):
    result: Result
    withdrawn_by: WithdrawnBy | None
    court: CourtInvolvement
    hearing_avoided: bool
    referral_source: ReferralSource
    causes: frozenset[Cause]
    minutes: int


class OutcomeDialog(RecordDialog):
    """Stores through ``app.books.outcomes``; ``saved`` carries the outcome record."""

    def __init__(self, casebook: Casebook, case: Case, *, today: Callable[[], date],
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(f"Close {case.reference}: its outcome", parent)
        self.casebook, self.case, self.today = casebook, case, today
        self.what = f"The outcome of {case.reference}"
        intro = QLabel(
            "Recorded without names or words: it is what the service's statistics count, and "
            "it stays when the confidential notes are destroyed.",
            self,
        )
        intro.setWordWrap(True)
        self.form.addRow(intro)

        self.result_box = enum_combo(Result, self, name="Result")
        self.withdrawn_by = enum_combo(WithdrawnBy, self, name="Withdrawn by")
        self.court = enum_combo(CourtInvolvement, self, name="Court involvement")
        self.hearing_avoided = QCheckBox("Mediation &avoided a hearing", self)
        self.referral_source = enum_combo(ReferralSource, self, name="Referral source")
        self.causes = QListWidget(self)
        self.causes.setAccessibleName("Causes of the disagreement")
        self.causes.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        for cause in Cause:
            item = QListWidgetItem(cause.label, self.causes)
            item.setData(CHOICE_ROLE, cause.value)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                          | Qt.ItemFlag.ItemIsUserCheckable)  # fmt: skip
            item.setCheckState(Qt.CheckState.Unchecked)
        row = self.causes.fontMetrics().height() * 1.4
        self.causes.setMinimumHeight(int(row * 6))
        self.hours = QDoubleSpinBox(self)
        self.hours.setAccessibleName("Mediator's hours")
        self.hours.setRange(0, MAX_MEDIATOR_HOURS)
        self.hours.setDecimals(2)
        self.hours.setSingleStep(0.25)
        self.hours.setSuffix(" hours")

        self.add_row("&Result:", self.result_box, "result")
        self.add_row("&Withdrawn by:", self.withdrawn_by, "withdrawn_by")
        self.add_row("C&ourt involvement:", self.court, "court")
        self.add_row("", self.hearing_avoided, "hearing_avoided")
        self.add_row("Referral &source:", self.referral_source, "referral_source")
        self.add_row("&Causes:", self.causes, "causes")
        self.add_row("Your &hours:", self.hours, "mediator_minutes")
        caption = QLabel("Tick every cause that applies (Space ticks the one chosen).", self)
        caption.setWordWrap(True)
        self.form.addRow("", caption)

        for combo in (self.result_box, self.court):
            combo.currentIndexChanged.connect(self._follow)
        self.causes.itemChanged.connect(lambda _item: self.errors["causes"].clear_reason())
        self.hours.valueChanged.connect(lambda _v: self.errors["mediator_minutes"].clear_reason())
        self._follow()
        self.result_box.setFocus()

    def show_record(self, record: OutcomeRecord) -> None:
        """Fill the form from a record kept before (correcting it)."""
        answers = record.answers
        if answers is None:
            return
        set_combo_value(self.result_box, answers.result)
        if answers.withdrawn_by is not None:
            set_combo_value(self.withdrawn_by, answers.withdrawn_by)
        set_combo_value(self.court, answers.court)
        self.hearing_avoided.setChecked(answers.hearing_avoided)
        set_combo_value(self.referral_source, answers.referral_source)
        for n in range(self.causes.count()):
            item = self.causes.item(n)
            ticked = Cause(item.data(CHOICE_ROLE)) in answers.causes
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
        self.hours.setValue(answers.mediator_minutes / 60)

    def _follow(self) -> None:
        """Only what applies can be answered: who withdrew, and a hearing avoided."""
        withdrawn = combo_value(self.result_box, Result) is Result.WITHDRAWN
        self.withdrawn_by.setEnabled(withdrawn)
        in_view = combo_value(self.court, CourtInvolvement) in HEARING_IN_VIEW
        self.hearing_avoided.setEnabled(in_view)
        if not in_view:
            self.hearing_avoided.setChecked(False)

    def build(self) -> OutcomeDraft:
        withdrawn = combo_value(self.result_box, Result) is Result.WITHDRAWN
        causes = frozenset(
            Cause(self.causes.item(n).data(CHOICE_ROLE))
            for n in range(self.causes.count())
            if self.causes.item(n).checkState() == Qt.CheckState.Checked
        )
        return OutcomeDraft(
            combo_value(self.result_box, Result),
            combo_value(self.withdrawn_by, WithdrawnBy) if withdrawn else None,
            combo_value(self.court, CourtInvolvement),
            self.hearing_avoided.isChecked(),
            combo_value(self.referral_source, ReferralSource),
            causes,
            round(self.hours.value() * 60),
        )

    def save(self) -> bool:
        """Closing asks first, with what will be recorded (Enter there goes back); a form
        the rules refuse says why without asking, and correcting a closed case's outcome
        does not ask."""
        if self.case.status is not Status.CLOSED:
            try:
                draft = self.build()
                check_answers(_answers(draft))
            except ParleyError:
                return super().save()  # the reasons, beside their fields
            if not self._confirmed(draft):
                return False
        return super().save()

    def save_unasked(self) -> bool:
        """Locking: a whole outcome is kept without asking (no one is there to ask, and
        what was typed must not be lost)."""
        return super().save()

    def _confirmed(self, draft: OutcomeDraft) -> bool:
        result = draft.result.label
        if draft.withdrawn_by is not None:
            result = f"{result} (by {draft.withdrawn_by.label.lower()})"
        court = draft.court.label
        if draft.hearing_avoided:
            court = f"{court}; mediation avoided a hearing"
        causes = "; ".join(c.label for c in Cause if c in draft.causes)
        summary = summary_text([
            ("Case", self.case.reference), ("Closed on", format_date(self.today())),
            ("Result", result), ("Court involvement", court),
            ("Referral source", draft.referral_source.label), ("Causes", causes),
            ("Your hours", f"{draft.minutes / 60:g} hours"),
        ])  # fmt: skip
        return confirm_irreversible(
            self,
            title=f"Close {self.case.reference}?",
            question=f"Close {self.case.reference} with this outcome? The outcome goes into "
            "the service's statistics.",
            summary=summary,
            act="&Close the case",
            footer="The outcome can be corrected afterwards from the Overview (Outcome…).",
        )

    def store(self, record: OutcomeDraft) -> OutcomeRecord:
        answers = _answers(record)
        assert self.case.id is not None
        if self.case.status is Status.CLOSED:
            return record_outcome(self.casebook, self.case.id, answers, today=self.today())
        return close_case(self.casebook, self.case.id, answers, today=self.today())


def _answers(record: OutcomeDraft) -> OutcomeAnswers:
    return OutcomeAnswers(
        result=record.result,
        withdrawn_by=record.withdrawn_by,
        court=record.court,
        hearing_avoided=record.hearing_avoided,
        referral_source=record.referral_source,
        causes=record.causes,
        mediator_minutes=record.minutes,
    )
