"""The Overview tab: every case and patient field, saved as the mediator works."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from app.books.casebook import Casebook
from app.cases.records import Case, Court, CourtAgreement, Patient, Stage, Status
from ui.widgets.forms import set_combo_value
from ui.workspace.overview_tab import OverviewTab

from helpers import type_into, window_text

SUMMARY = "Parents fear the team has given up on Oliver; trust with nights is strained."


@pytest.fixture
def case(casebook: Casebook) -> Case:
    return casebook.cases.add(
        Case(None, "MM-2026-011", "Continuing ventilation on PICU", Stage.FORMAL,
             Status.IN_MEDIATION, hospital="Kingsmere", referred_on=date(2026, 3, 2),
             summary=SUMMARY, patient=Patient("Oliver Pritchard", date(2022, 1, 5)))
    )  # fmt: skip


@pytest.fixture
def tab(qtbot: QtBot, casebook: Casebook, case: Case) -> Iterator[OverviewTab]:
    shown = OverviewTab(casebook, case.id or 0)
    qtbot.addWidget(shown)
    shown.reload()
    shown.show()
    yield shown
    shown.clear()


def _retype(qtbot: QtBot, edit: QLineEdit, text: str) -> None:
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def test_shows_the_case_and_saves_an_edited_field(
    qtbot: QtBot, tab: OverviewTab, casebook: Casebook, case: Case
) -> None:
    assert tab.title == "&Overview"
    assert tab.title_edit.text() == "Continuing ventilation on PICU"
    assert tab.patient_name.text() == "Oliver Pritchard"
    assert tab.summary.text() == SUMMARY
    assert tab.referred_on.line.text() == "2 March 2026"
    assert tab.title_edit.accessibleName() == "Title"

    with qtbot.waitSignal(tab.case_changed):
        _retype(qtbot, tab.title_edit, "Ventilation on PICU")
    assert casebook.cases.get(case.id or 0).title == "Ventilation on PICU"

    set_combo_value(tab.status, Status.AGREED)
    type_into(qtbot, tab.referred_on, "")
    stored = casebook.cases.get(case.id or 0)
    assert stored.status is Status.AGREED and stored.referred_on is None
    assert stored.summary == SUMMARY and stored.hospital == "Kingsmere"


def test_a_bad_nhs_number_is_explained_and_not_saved(
    qtbot: QtBot, tab: OverviewTab, casebook: Casebook, case: Case
) -> None:
    error = tab.errors["patient.nhs_number"]
    tab.nhs_number.setFocus()
    qtbot.keyClicks(tab.nhs_number, "943 476")
    assert not error.reason  # still being typed: not yet wrong
    qtbot.keyClicks(tab.nhs_number, " 5918")
    assert error.reason and "check digit" in error.reason
    qtbot.keyClick(tab.nhs_number, Qt.Key.Key_Return)
    assert casebook.cases.get(case.id or 0).patient.nhs_number == ""
    assert tab.nhs_number.text() == "943 476 5918"  # the text stays to be corrected

    _retype(qtbot, tab.nhs_number, "94347")
    assert error.reason == "An NHS number has 10 digits, not 5"

    # Another field still saves while the NHS number waits to be corrected.
    _retype(qtbot, tab.hospital_number, "KCH 204518")
    assert casebook.cases.get(case.id or 0).patient.hospital_number == "KCH 204518"
    assert error.reason and tab.nhs_number.text() == "94347"

    _retype(qtbot, tab.nhs_number, "943-476-5919")
    assert casebook.cases.get(case.id or 0).patient.nhs_number == "9434765919"
    assert tab.nhs_number.text() == "943 476 5919"
    assert not error.reason


def test_a_refused_value_stays_on_screen_with_its_reason(
    qtbot: QtBot, tab: OverviewTab, casebook: Casebook, case: Case
) -> None:
    casebook.cases.add(Case(None, "MM-2026-012", "Another case"))
    tab.reload()
    _retype(qtbot, tab.reference, "MM-2026-012")
    assert tab.errors["reference"].reason == "MM-2026-012 is already used by another case"
    assert tab.reference.text() == "MM-2026-012"
    assert casebook.cases.get(case.id or 0).reference == "MM-2026-011"

    tab.title_edit.selectAll()
    qtbot.keyClick(tab.title_edit, Qt.Key.Key_Delete)
    qtbot.keyClick(tab.title_edit, Qt.Key.Key_Return)
    assert tab.errors["title"].reason == "This cannot be empty"
    assert tab.errors["reference"].reason  # one refusal does not hide another

    _retype(qtbot, tab.reference, "MM-2026-013")
    assert not tab.errors["reference"].reason and tab.errors["title"].reason


def test_court_details_only_for_the_eleventh_hour(
    qtbot: QtBot, tab: OverviewTab, casebook: Casebook, case: Case, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert tab.court_group.isHidden()
    set_combo_value(tab.stage, Stage.ELEVENTH_HOUR)
    assert tab.court_group.isVisible()
    assert casebook.cases.get(case.id or 0).stage is Stage.ELEVENTH_HOUR

    _retype(qtbot, tab.court_name, "Family Division, High Court")
    type_into(qtbot, tab.next_hearing, "9/7/2031")
    stored = casebook.cases.get(case.id or 0)
    assert stored.court is not None and stored.court.name == "Family Division, High Court"
    assert stored.court.next_hearing is not None

    asked: list[str] = []

    def answer(choice: QMessageBox.StandardButton) -> None:
        def question(parent: QWidget, title: str, text: str, *args: object) -> object:
            asked.append(text)
            return choice

        monkeypatch.setattr(QMessageBox, "question", staticmethod(question))

    answer(QMessageBox.StandardButton.Cancel)
    set_combo_value(tab.stage, Stage.FORMAL)
    assert "discard the court details" in asked[-1]
    assert tab.stage.currentData() == Stage.ELEVENTH_HOUR.value
    assert casebook.cases.get(case.id or 0).court is not None

    answer(QMessageBox.StandardButton.Discard)
    set_combo_value(tab.stage, Stage.FORMAL)
    stored = casebook.cases.get(case.id or 0)
    assert stored.stage is Stage.FORMAL and stored.court is None
    assert tab.court_group.isHidden() and tab.court_name.text() == ""


def test_the_parties_wish_and_the_courts_agreement_before_formal_sessions(
    qtbot: QtBot, tab: OverviewTab, casebook: Casebook, case: Case
) -> None:
    set_combo_value(tab.stage, Stage.ELEVENTH_HOUR)
    assert tab.before_formal.isVisible()  # until both are recorded, the case says so
    type_into(qtbot, tab.parties_wish.line, "2/3/2026")
    when, how = tab.court_agreed
    type_into(qtbot, when.line, "4/3/2026")  # a date, but not yet how
    assert tab.errors["court.court_agreed_by"].reason.startswith("Say how the court agreed")
    stored = casebook.cases.get(case.id or 0)
    assert stored.court is not None and stored.court.court_agreed_on is None
    assert stored.court.parties_wish_to_mediate_on is not None
    how.setFocus()
    qtbot.keyClick(how, Qt.Key.Key_Down)  # By order
    stored = casebook.cases.get(case.id or 0)
    assert stored.court is not None and stored.court.court_agreed_by is CourtAgreement.ORDER
    assert stored.court.ready_for_formal_sessions
    assert not tab.errors["court.court_agreed_by"].reason
    assert not tab.before_formal.isVisible()


def test_save_pending_stores_half_edited_fields(
    qtbot: QtBot, tab: OverviewTab, casebook: Casebook, case: Case
) -> None:
    tab.team.setFocus()
    qtbot.keyClicks(tab.team, "PICU")
    tab.summary.editor.setFocus()
    tab.summary.editor.moveCursor(tab.summary.editor.textCursor().MoveOperation.End)
    qtbot.keyClicks(tab.summary.editor, " Next: the diary.")

    tab.save_pending()

    stored = casebook.cases.get(case.id or 0)
    assert stored.team == "PICU"
    assert stored.summary == SUMMARY + " Next: the diary."


def test_the_summary_saves_when_focus_leaves_it(
    qtbot: QtBot, tab: OverviewTab, casebook: Casebook, case: Case
) -> None:
    tab.summary.editor.setFocus()
    qtbot.keyClicks(tab.summary.editor, "Short. ")
    tab.summary.editor.clearFocus()
    assert casebook.cases.get(case.id or 0).summary.startswith("Short. ")


def test_clear_leaves_no_case_text(tab: OverviewTab, casebook: Casebook, case: Case) -> None:
    court = Court("Family Division", "FD26P00123")
    casebook.cases.update(replace(case, stage=Stage.ELEVENTH_HOUR, court=court))
    tab.reload()
    assert "FD26P00123" in window_text(tab)

    tab.clear()

    shown = window_text(tab)
    for secret in ("Continuing ventilation", SUMMARY, "Oliver Pritchard", "MM-2026-011",
                   "Kingsmere", "FD26P00123", "Family Division"):  # fmt: skip
        assert secret not in shown
    assert tab.date_of_birth.value() is None


def test_safe_view_hides_the_summary(
    qtbot: QtBot, tab: OverviewTab, casebook: Casebook, case: Case
) -> None:
    tab.summary.editor.setFocus()
    qtbot.keyClicks(tab.summary.editor, "Typed just now. ")

    tab.set_safe_view(True)

    assert casebook.cases.get(case.id or 0).summary.startswith("Typed just now. ")
    assert SUMMARY not in window_text(tab)
    assert tab.summary.editor.isReadOnly()
    assert "hidden (safe view)" in tab.summary.editor.placeholderText()
    _retype(qtbot, tab.title_edit, "Still editable")  # the rest stays usable
    tab.save_pending()
    assert casebook.cases.get(case.id or 0).summary.endswith(SUMMARY)  # not blanked

    tab.set_safe_view(False)
    assert tab.summary.editor.toPlainText().endswith(SUMMARY)
    assert not tab.summary.editor.isReadOnly()


def test_the_earliest_storable_date_is_shown_and_kept(
    casebook: Casebook, case: Case, qtbot: QtBot
) -> None:
    """1 January 1900 once read as "Not recorded", and the next save stored it so."""
    casebook.cases.update(
        replace(case, patient=replace(case.patient, date_of_birth=date(1900, 1, 1)))
    )
    shown = OverviewTab(casebook, case.id or 0)
    qtbot.addWidget(shown)
    shown.reload()
    assert shown.date_of_birth.line.text() == "1 January 1900"
    shown.save_pending()
    assert casebook.cases.get(case.id or 0).patient.date_of_birth == date(1900, 1, 1)
    shown.clear()


def test_a_reference_that_could_be_a_path_is_refused_beside_it(
    qtbot: QtBot, tab: OverviewTab, casebook: Casebook, case: Case
) -> None:
    _retype(qtbot, tab.reference, "MM/2026/011")
    assert "cannot contain / or \\" in tab.errors["reference"].reason
    assert tab.reference.text() == "MM/2026/011"
    assert casebook.cases.get(case.id or 0).reference == "MM-2026-011"


def test_a_reference_stored_before_the_rules_still_shows_and_saves(
    qtbot: QtBot, casebook: Casebook, case: Case
) -> None:
    old = "../../../../tmp/evil"
    casebook.connection.execute("UPDATE cases SET reference = ? WHERE id = ?", (old, case.id))
    shown = OverviewTab(casebook, case.id or 0)
    qtbot.addWidget(shown)
    shown.reload()
    shown.show()
    assert shown.reference.text() == old
    _retype(qtbot, shown.title_edit, "Renamed, reference untouched")
    assert casebook.cases.get(case.id or 0).title == "Renamed, reference untouched"
    assert not shown.errors["reference"].reason and not shown.errors["title"].reason
    shown.clear()
