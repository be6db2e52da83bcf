"""The New case dialog: a suggested reference, checks as typed, refusals beside their field."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.books.casebook import Casebook
from app.cases.records import Case, Stage
from ui.cases.new_case import NewCaseDialog, suggest_reference

from helpers import type_into


@pytest.fixture
def dialog(qtbot: QtBot, casebook: Casebook) -> NewCaseDialog:
    made = NewCaseDialog(casebook)
    qtbot.addWidget(made)
    made.show()
    qtbot.waitExposed(made)
    return made


def test_suggested_reference_is_one_more_than_this_years_highest() -> None:
    today = date(2026, 5, 1)
    assert suggest_reference([], today) == "MM-2026-001"
    existing = ["MM-2026-009", "MM-2026-014", "MM-2025-120", "OTHER-1", "MM-2026-x"]
    assert suggest_reference(existing, today) == "MM-2026-015"
    assert suggest_reference(["MM-2026-999"], today) == "MM-2026-1000"


def test_the_form_starts_ready(dialog: NewCaseDialog) -> None:
    year = date.today().year
    assert dialog.reference.text() == f"MM-{year}-001"
    assert dialog.focusWidget() is dialog.reference
    assert dialog.create_button.isDefault()
    assert dialog.referred_on.value() == date.today()
    assert not dialog.court_box.isVisible()
    assert dialog.nhs_number.accessibleName() == "NHS number"


def test_nhs_number_is_checked_as_it_is_typed(qtbot: QtBot, dialog: NewCaseDialog) -> None:
    error = dialog.errors["patient.nhs_number"]
    qtbot.keyClicks(dialog.nhs_number, "943476")
    assert not error.reason  # still typing: not yet a mistake
    qtbot.keyClicks(dialog.nhs_number, "5918")
    assert error.reason and "check digit" in error.reason
    # Read whole beside the field, not cut off with "…" (the tooltip is no place for it).
    assert error.label.text() == error.reason
    dialog.nhs_number.setText("943 476 591x")
    assert error.reason == "An NHS number has only digits"
    dialog.nhs_number.setText("943 476 5919")
    assert not error.reason


def test_court_details_only_for_the_eleventh_hour(
    dialog: NewCaseDialog, casebook: Casebook
) -> None:
    dialog.title.setText("Transfer to hospice")
    dialog.set_stage(Stage.ELEVENTH_HOUR)
    assert dialog.court_box.isVisible()
    dialog.court_name.setText("Family Division")
    dialog.court_reference.setText("FD26P00123")
    dialog.next_hearing.set_value(date(2026, 6, 1))

    dialog.save()

    stored = casebook.cases.by_reference(dialog.reference.text())
    assert stored.court is not None and stored.court.reference == "FD26P00123"
    assert stored.court.next_hearing == date(2026, 6, 1)


def test_court_is_left_out_when_the_stage_changes_back(
    dialog: NewCaseDialog, casebook: Casebook
) -> None:
    dialog.title.setText("Feeding plan")
    dialog.set_stage(Stage.ELEVENTH_HOUR)
    dialog.court_name.setText("Family Division")
    dialog.set_stage(Stage.FORMAL)
    assert not dialog.court_box.isVisible()
    assert dialog.case().court is None


def test_refusals_are_shown_beside_their_field(
    qtbot: QtBot, dialog: NewCaseDialog, casebook: Casebook
) -> None:
    casebook.cases.add(Case(None, "MM-2026-050", "Existing"))
    dialog.reference.setText("MM-2026-050")
    created: list[int] = []
    dialog.created.connect(created.append)

    dialog.nhs_number.setText("9434765918")
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)  # no title
    assert dialog.errors["title"].reason == "This cannot be empty"
    assert dialog.focusWidget() is dialog.title
    assert "check digit" in dialog.errors["patient.nhs_number"].reason  # both are pointed out
    dialog.nhs_number.setText("943 476 5919")
    dialog.title.setText("Feeding plan")

    dialog.save()
    assert dialog.errors["reference"].reason == "MM-2026-050 is already used by another case"
    assert not dialog.errors["title"].reason
    qtbot.keyClicks(dialog.reference, "1")  # editing the field takes its reason away
    assert not dialog.errors["reference"].reason

    dialog.date_of_birth.set_value(date.today())
    dialog.referred_on.set_value(date(2020, 1, 1))
    dialog.save()
    assert (
        dialog.errors["patient.date_of_birth"].reason
        == "This is after the date the case was referred"
    )
    assert dialog.isVisible() and created == [] and casebook.cases.count() == 1

    dialog.date_of_birth.set_value(date(2015, 3, 1))
    dialog.save()
    assert len(created) == 1 and not dialog.isVisible()
    assert casebook.cases.get(created[0]).patient.date_of_birth == date(2015, 3, 1)


@pytest.mark.parametrize(
    "typed, reason",
    [
        ("../../../../tmp/evil", "cannot contain / or \\"),
        (".MM-2026-001", "cannot start with a dot"),
    ],
)
def test_a_reference_that_could_be_a_path_is_refused_with_the_reason(
    qtbot: QtBot, dialog: NewCaseDialog, casebook: Casebook, typed: str, reason: str
) -> None:
    dialog.reference.setText(typed)
    dialog.title.setText("Feeding plan")
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    error = dialog.errors["reference"]
    assert error.isVisible() and reason in error.reason, error.reason
    assert dialog.reference.text() == typed  # the refused value stays, to be corrected
    assert dialog.isVisible() and casebook.cases.count() == 0


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        # Ignored, or read as another date, by the date box this field once was.
        ("2026-11-12", date(2026, 11, 12)),
        ("12/11/2026", date(2026, 11, 12)),
        ("12 November 2026", date(2026, 11, 12)),
    ],
)
def test_referred_on_takes_the_date_as_typed(
    qtbot: QtBot, dialog: NewCaseDialog, typed: str, meant: date
) -> None:
    type_into(qtbot, dialog.referred_on, typed)
    assert dialog.case().referred_on == meant


def test_a_date_of_birth_typed_with_a_leading_zero_is_that_date(
    qtbot: QtBot, dialog: NewCaseDialog, casebook: Casebook
) -> None:
    """ "04 March 2019" once became 4 December 2019 on the patient's record."""
    dialog.title.setText("Feeding plan")
    type_into(qtbot, dialog.date_of_birth, "04 March 2019")
    dialog.save()
    stored = casebook.cases.by_reference(dialog.reference.text())
    assert stored.patient.date_of_birth == date(2019, 3, 4)


def test_an_unreadable_date_stops_the_save_with_its_reason(
    qtbot: QtBot, dialog: NewCaseDialog, casebook: Casebook
) -> None:
    dialog.title.setText("Feeding plan")
    type_into(qtbot, dialog.date_of_birth, "31/2/2019")
    assert dialog.errors["patient.date_of_birth"].reason == "There is no 31 February 2019"
    dialog.save()
    assert dialog.isVisible() and casebook.cases.count() == 0
    assert dialog.date_of_birth.line.text() == "31/2/2019"  # kept as typed, to correct
    assert dialog.date_of_birth.line.hasFocus()
