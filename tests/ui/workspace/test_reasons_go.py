"""A reason beside a field goes as soon as the field is put right, before the next save: a
reason that outlives its problem sends the mediator looking for a mistake that is not there."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from app.books.casebook import Casebook
from app.cases.records import Case
from app.registers.training import BookingStatus, Course, CourseLength
from ui.registers.booking_dialog import BookingDialog
from ui.registers.complaint_dialog import ComplaintDialog
from ui.widgets.forms import set_combo_value
from ui.workspace.party_dialog import PartyDialog
from ui.workspace.record_dialog import RecordDialog

TODAY = date(2026, 3, 20)


def _shown(qtbot: QtBot, dialog: RecordDialog) -> RecordDialog:
    qtbot.addWidget(dialog, before_close_func=lambda shown: shown.discard())
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _course(casebook: Casebook) -> Course:
    return casebook.registers.courses.add(
        Course(None, "Skills", CourseLength.ONE_DAY, date(2026, 5, 7), "Room 1", Decimal(300))
    )


def _retype(qtbot: QtBot, line: QLineEdit, text: str) -> None:
    line.setFocus()
    line.selectAll()
    qtbot.keyClick(line, Qt.Key.Key_Delete)
    qtbot.keyClicks(line, text)


def test_cannot_be_empty_goes_once_the_name_is_typed(qtbot: QtBot, casebook: Casebook) -> None:
    case_id = casebook.cases.add(Case(None, "MM-2026-001", "Feeding plan")).id or 0
    dialog = _shown(qtbot, PartyDialog(casebook, case_id))
    assert isinstance(dialog, PartyDialog)
    assert not dialog.save()
    assert dialog.errors["name"].reason == "This cannot be empty"
    qtbot.keyClicks(dialog.name, "Sian Pritchard")
    assert dialog.errors["name"].reason == ""


def test_the_email_reason_goes_once_the_address_is_corrected(
    qtbot: QtBot, casebook: Casebook
) -> None:
    dialog = _shown(qtbot, BookingDialog(casebook, _course(casebook), today=TODAY))
    assert isinstance(dialog, BookingDialog)
    dialog.organisation.setText("Northfield NHS Trust")
    dialog.contact_name.setText("Siân Pritchard")
    dialog.contact_email.setText("sian@example")
    assert not dialog.save()
    assert dialog.errors["contact_email"].reason
    _retype(qtbot, dialog.contact_email, "sian@example.org")
    assert dialog.errors["contact_email"].reason == ""


def test_no_such_case_goes_once_the_reference_is_changed(qtbot: QtBot, casebook: Casebook) -> None:
    casebook.cases.add(Case(None, "MM-2026-014", "Ventilation review"))
    dialog = _shown(qtbot, ComplaintDialog(casebook, today=TODAY))
    assert isinstance(dialog, ComplaintDialog)
    dialog.complainant_name.setText("Gareth Pritchard")
    dialog.about_detail.setPlainText("Felt the mediator took sides")
    dialog.case_reference.setText("MM-2026-999")
    assert not dialog.save()
    assert "MM-2026-999" in dialog.errors["case_reference"].reason
    _retype(qtbot, dialog.case_reference, "MM-2026-014")
    assert dialog.errors["case_reference"].reason == ""


def test_a_confirmation_date_reason_goes_when_the_status_changes(
    qtbot: QtBot, casebook: Casebook
) -> None:
    dialog = _shown(qtbot, BookingDialog(casebook, _course(casebook), today=TODAY))
    assert isinstance(dialog, BookingDialog)
    dialog.errors["confirmed_on"].show_reason("a provisional booking has no confirmation date")
    set_combo_value(dialog.status, BookingStatus.CONFIRMED)
    assert dialog.errors["confirmed_on"].reason == ""


def test_how_given_without_a_date_is_refused_and_the_reason_goes_with_either(
    qtbot: QtBot, casebook: Casebook
) -> None:
    """The reason sits beside the date it asks for, and goes when either field it depends
    on is changed: the date given, or "How given" emptied."""
    case_id = casebook.cases.add(Case(None, "MM-2026-001", "Feeding plan")).id or 0
    dialog = _shown(qtbot, PartyDialog(casebook, case_id))
    assert isinstance(dialog, PartyDialog)
    dialog.name.setText("Gareth Pritchard")
    qtbot.keyClicks(dialog.consent_how, "In person")
    assert not dialog.save()
    reason = dialog.errors["consented_on"].reason
    assert reason == "Enter the date consent was given, or leave “How given” empty"
    assert casebook.parties.for_case(case_id) == []
    _retype(qtbot, dialog.consent_how, "")
    assert dialog.errors["consented_on"].reason == ""
