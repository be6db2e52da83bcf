"""Closing a case from its Overview: the outcome first, and the case closes only with it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.books.casebook import Casebook
from app.cases.outcomes import Cause, CourtInvolvement, Result, WithdrawnBy
from app.cases.records import Case, Stage, Status
from ui.widgets.forms import set_combo_value
from ui.workspace.outcome_dialog import OutcomeDialog
from ui.workspace.overview_tab import OverviewTab

from helpers import answer_next_box


@pytest.fixture
def case(casebook: Casebook) -> Case:
    return casebook.cases.add(
        Case(
            None,
            "MM-2026-021",
            "Place of care",
            Stage.FORMAL,
            Status.NOT_AGREED,
            referred_on=date(2026, 2, 2),
        )
    )


@pytest.fixture
def tab(qtbot: QtBot, casebook: Casebook, case: Case) -> Iterator[OverviewTab]:
    shown = OverviewTab(casebook, case.id or 0)
    qtbot.addWidget(shown)
    shown.reload()
    shown.show()
    yield shown
    shown.clear()


def _dialog(tab: OverviewTab) -> OutcomeDialog:
    dialog = tab.closing.dialog
    assert isinstance(dialog, OutcomeDialog) and dialog.isVisible()
    return dialog


def test_choosing_closed_asks_for_the_outcome_and_cancel_keeps_the_case_open(
    qtbot: QtBot, tab: OverviewTab, casebook: Casebook, case: Case
) -> None:
    assert not tab.outcome_button.isVisible()
    set_combo_value(tab.status, Status.CLOSED)
    dialog = _dialog(tab)
    assert tab.status.currentData() == Status.NOT_AGREED.value  # not closed yet
    assert dialog.focusWidget() is dialog.result_box
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert casebook.cases.get(case.id or 0).status is Status.NOT_AGREED
    assert casebook.outcomes.for_case(case.id or 0) is None


def test_the_outcome_is_typed_and_the_case_closes_with_it(
    qtbot: QtBot, tab: OverviewTab, casebook: Casebook, case: Case
) -> None:
    set_combo_value(tab.status, Status.CLOSED)
    dialog = _dialog(tab)
    assert not dialog.withdrawn_by.isEnabled() and not dialog.hearing_avoided.isEnabled()
    # Keyboard first: the result, then who withdrew, the court, the causes and the hours.
    set_combo_value(dialog.result_box, Result.WITHDRAWN)
    assert dialog.withdrawn_by.isEnabled()
    set_combo_value(dialog.withdrawn_by, WithdrawnBy.FAMILY)
    set_combo_value(dialog.court, CourtInvolvement.HEARING_LISTED)
    assert dialog.hearing_avoided.isEnabled()
    dialog.save_button.click()  # no cause ticked, no hours: refused with the reasons
    assert dialog.isVisible()
    assert dialog.errors["causes"].reason.startswith("Choose at least one cause")
    dialog.causes.setFocus()
    dialog.causes.setCurrentRow(1)
    qtbot.keyClick(dialog.causes, Qt.Key.Key_Space)
    assert not dialog.errors["causes"].reason
    dialog.save_button.click()
    assert dialog.errors["mediator_minutes"].reason
    dialog.hours.setValue(6.5)
    seen: list[str] = []
    answer_next_box("&Close the case", seen)
    with qtbot.waitSignal(tab.case_changed):
        dialog.save_button.click()
    QApplication.processEvents()
    assert "Withdrawn" in seen[0]

    assert casebook.cases.get(case.id or 0).status is Status.CLOSED
    record = casebook.outcomes.for_case(case.id or 0)
    assert record is not None and record.answers is not None
    assert record.answers.result is Result.WITHDRAWN
    assert record.answers.withdrawn_by is WithdrawnBy.FAMILY
    assert record.answers.causes == frozenset({Cause.LOSS_OF_TRUST})
    assert record.answers.mediator_minutes == 390
    assert tab.status.currentData() == Status.CLOSED.value and tab.outcome_button.isVisible()

    # Seen and corrected from the Overview: the form opens with what was recorded.
    tab.outcome_button.click()
    again = _dialog(tab)
    assert again.hours.value() == 6.5 and again.withdrawn_by.isEnabled()
    set_combo_value(again.result_box, Result.AGREED_IN_PART)
    again.save_button.click()
    corrected = casebook.outcomes.for_case(case.id or 0)
    assert corrected is not None and corrected.answers is not None
    assert corrected.answers.result is Result.AGREED_IN_PART
    assert corrected.answers.withdrawn_by is None


def test_locking_with_a_whole_outcome_open_closes_the_case(
    tab: OverviewTab, casebook: Casebook, case: Case
) -> None:
    set_combo_value(tab.status, Status.CLOSED)
    dialog = _dialog(tab)
    dialog.causes.item(0).setCheckState(Qt.CheckState.Checked)
    dialog.hours.setValue(2)
    tab.save_pending()
    assert casebook.cases.get(case.id or 0).status is Status.CLOSED
    assert tab.closing.dialog is None


def test_closing_asks_first_with_what_will_be_recorded_and_enter_goes_back(
    qtbot: QtBot, tab: OverviewTab, casebook: Casebook, case: Case
) -> None:
    """Closing records the outcome in the service's statistics: the mediator sees what will
    be recorded before it is, and a stray Enter (twice over) closes nothing."""
    set_combo_value(tab.status, Status.CLOSED)
    dialog = _dialog(tab)
    set_combo_value(dialog.result_box, Result.WITHDRAWN)
    set_combo_value(dialog.withdrawn_by, WithdrawnBy.FAMILY)
    dialog.causes.item(0).setCheckState(Qt.CheckState.Checked)
    dialog.hours.setValue(6.5)
    seen: list[str] = []
    answer_next_box(None, seen)  # Enter in the box that asks
    qtbot.keyClick(dialog.hours, Qt.Key.Key_Return)  # Enter in the form
    assert casebook.cases.get(case.id or 0).status is Status.NOT_AGREED
    assert casebook.outcomes.for_case(case.id or 0) is None
    assert dialog.isVisible() and dialog.hours.value() == 6.5  # the form is as it was
    [summary] = seen
    for shown in ("MM-2026-021", Result.WITHDRAWN.label, WithdrawnBy.FAMILY.label,
                  Cause.COMMUNICATION_BREAKDOWN.label, "6.5 hours"):  # fmt: skip
        assert shown.lower() in summary.lower()

    answer_next_box("&Close the case", seen)
    with qtbot.waitSignal(tab.case_changed):
        qtbot.keyClick(dialog.hours, Qt.Key.Key_Return)
    assert casebook.cases.get(case.id or 0).status is Status.CLOSED


def test_correcting_a_recorded_outcome_does_not_ask_again(
    qtbot: QtBot, tab: OverviewTab, casebook: Casebook, case: Case
) -> None:
    set_combo_value(tab.status, Status.CLOSED)
    dialog = _dialog(tab)
    dialog.causes.item(0).setCheckState(Qt.CheckState.Checked)
    dialog.hours.setValue(2)
    answer_next_box("&Close the case", [])
    dialog.save_button.click()
    QApplication.processEvents()
    tab.outcome_button.click()
    again = _dialog(tab)
    again.hours.setValue(3)
    again.save_button.click()  # the case is closed already: nothing new is consequential
    record = casebook.outcomes.for_case(case.id or 0)
    assert record is not None and record.answers is not None
    assert record.answers.mediator_minutes == 180
