"""A reason that a rule ties to two fields goes when EITHER of them is changed: the mediator
may put right the other field, and a reason left behind would send them looking for a
mistake that is no longer there. Showing and clearing it moves nothing on the form.

One test per rule of the stores that joins two fields of one form: the date of birth and
the referral (New case and Overview), consent given and withdrawn, consent and sharing (a
party, a note), a booking's status and confirmation date, and a subject access request's
dates, identity check and extension."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QScrollArea, QWidget
from pytestqt.qtbot import QtBot

from app.books.casebook import Casebook
from app.cases.records import Case, Party, PartyRole, Patient, Side
from app.registers.training import BookingStatus, Course, CourseLength
from ui.cases.new_case import NewCaseDialog
from ui.registers.access_dialog import AccessRequestDialog
from ui.widgets.dates import DateField
from ui.widgets.forms import FieldError, set_combo_value
from ui.workspace.note_dialog import NoteDialog
from ui.workspace.overview_tab import OverviewTab
from ui.workspace.party_dialog import PartyDialog
from ui.workspace.record_dialog import RecordDialog

TODAY = date(2026, 3, 20)


def _course(casebook: Casebook) -> Course:
    return casebook.registers.courses.add(
        Course(None, "Skills", CourseLength.ONE_DAY, date(2026, 5, 7), "Room 1", Decimal(300))
    )


def _active(qtbot: QtBot, window: QWidget) -> None:
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)  # Tab leaves a field only in the active window


@pytest.fixture
def shown(qtbot: QtBot) -> Iterator[Callable[[QWidget], QWidget]]:
    def show(window: QWidget) -> QWidget:
        if isinstance(window, RecordDialog):
            qtbot.addWidget(window, before_close_func=lambda d: d.discard())
        else:
            qtbot.addWidget(window)
        _active(qtbot, window)
        return window

    yield show


def _retype(qtbot: QtBot, field: QWidget, text: str) -> None:
    """Select what the field holds, type ``text`` (nothing: empty it) and Tab away."""
    line = field.line if isinstance(field, DateField) else field
    assert isinstance(line, QLineEdit)
    line.setFocus()
    line.selectAll()
    qtbot.keyClick(line, Qt.Key.Key_Delete)
    qtbot.keyClicks(line, text)
    qtbot.keyClick(line, Qt.Key.Key_Tab)


class Still:
    """Where every field of a form is: a reason appearing or going moves none of them."""

    def __init__(self, window: QWidget) -> None:
        self.window = window
        self.before = self._places()

    def _places(self) -> list[tuple[int, int]]:
        QApplication.processEvents()
        places = []
        for line in self.window.findChildren(QLineEdit):
            if line.isVisible():
                # Within what scrolls, if anything does: the page may scroll to the focus.
                scrolled = next((a.widget() for a in self.window.findChildren(QScrollArea)
                                 if a.widget().isAncestorOf(line)), self.window)  # fmt: skip
                at = line.mapTo(scrolled, line.rect().topLeft())
                places.append((at.x(), at.y()))
        return places

    def check(self) -> None:
        assert self._places() == self.before


def _says(error: FieldError, words: str) -> None:
    assert words.lower() in error.reason.lower()


# --- New case ----------------------------------------------------------------------------------


def _new_case(shown: Callable[[QWidget], QWidget], casebook: Casebook) -> NewCaseDialog:
    dialog = shown(NewCaseDialog(casebook))
    assert isinstance(dialog, NewCaseDialog)
    dialog.title.setText("Feeding plan")
    return dialog


def test_new_case_birth_after_referral_goes_when_the_referral_date_changes(
    qtbot: QtBot, shown: Callable[[QWidget], QWidget], casebook: Casebook
) -> None:
    dialog = _new_case(shown, casebook)
    _retype(qtbot, dialog.referred_on, "1/3/2026")
    _retype(qtbot, dialog.date_of_birth, "5/3/2026")
    still = Still(dialog)
    dialog.save()
    _says(dialog.errors["patient.date_of_birth"], "after the date the case was referred")
    still.check()
    _retype(qtbot, dialog.referred_on, "10/3/2026")
    assert dialog.errors["patient.date_of_birth"].reason == ""
    still.check()


def test_new_case_birth_after_referral_goes_when_the_birth_date_changes(
    qtbot: QtBot, shown: Callable[[QWidget], QWidget], casebook: Casebook
) -> None:
    dialog = _new_case(shown, casebook)
    _retype(qtbot, dialog.referred_on, "1/3/2026")
    _retype(qtbot, dialog.date_of_birth, "5/3/2026")
    dialog.save()
    _says(dialog.errors["patient.date_of_birth"], "after the date the case was referred")
    _retype(qtbot, dialog.date_of_birth, "5/3/2016")
    assert dialog.errors["patient.date_of_birth"].reason == ""


# --- Overview ----------------------------------------------------------------------------------


def test_overview_birth_after_referral_goes_when_the_referral_date_changes(
    qtbot: QtBot, shown: Callable[[QWidget], QWidget], casebook: Casebook
) -> None:
    case = casebook.cases.add(
        Case(None, "MM-2026-011", "Ventilation", referred_on=date(2026, 3, 2),
             patient=Patient("Oliver Pritchard", date(2022, 1, 5)))
    )  # fmt: skip
    tab = OverviewTab(casebook, case.id or 0)
    tab.reload()
    shown(tab)
    still = Still(tab)
    _retype(qtbot, tab.date_of_birth, "5/3/2026")
    _says(tab.errors["patient.date_of_birth"], "after the date the case was referred")
    still.check()
    _retype(qtbot, tab.referred_on, "10/3/2026")
    assert tab.errors["patient.date_of_birth"].reason == ""
    still.check()
    # What the field showed is what is kept, once the rule allows it.
    stored = casebook.cases.get(case.id or 0)
    assert stored.patient.date_of_birth == date(2026, 3, 5)
    assert stored.referred_on == date(2026, 3, 10)
    tab.clear()


# --- A party ------------------------------------------------------------------------------------


def _party_dialog(shown: Callable[[QWidget], QWidget], casebook: Casebook) -> PartyDialog:
    case_id = casebook.cases.add(Case(None, "MM-2026-001", "Feeding plan")).id or 0
    dialog = shown(PartyDialog(casebook, case_id))
    assert isinstance(dialog, PartyDialog)
    dialog.name.setText("Gareth Pritchard")
    return dialog


def test_party_withdrawn_before_given_goes_when_the_given_date_changes(
    qtbot: QtBot, shown: Callable[[QWidget], QWidget], casebook: Casebook
) -> None:
    dialog = _party_dialog(shown, casebook)
    _retype(qtbot, dialog.consented_on, "10/3/2026")
    _retype(qtbot, dialog.withdrawn_on, "5/3/2026")
    still = Still(dialog)
    assert not dialog.save()
    _says(dialog.errors["consent_withdrawn_on"], "before consent was given")
    _retype(qtbot, dialog.consented_on, "1/3/2026")
    assert dialog.errors["consent_withdrawn_on"].reason == ""
    still.check()


def test_party_how_given_without_a_date_goes_when_the_date_is_given(
    qtbot: QtBot, shown: Callable[[QWidget], QWidget], casebook: Casebook
) -> None:
    dialog = _party_dialog(shown, casebook)
    _retype(qtbot, dialog.consent_how, "In person")
    assert not dialog.save()
    _says(dialog.errors["consented_on"], "enter the date consent was given")
    _retype(qtbot, dialog.consented_on, "1/3/2026")
    assert dialog.errors["consented_on"].reason == ""


# --- A note -------------------------------------------------------------------------------------


def _note_dialog(shown: Callable[[QWidget], QWidget], casebook: Casebook) -> NoteDialog:
    case_id = casebook.cases.add(Case(None, "MM-2026-001", "Feeding plan")).id or 0
    party = casebook.parties.add(
        Party(None, case_id, "Gareth Pritchard", PartyRole.PARENT, Side.FAMILY)
    )
    dialog = shown(NoteDialog(casebook, case_id, [party], []))
    assert isinstance(dialog, NoteDialog)
    dialog.text.editor.setPlainText("Agrees to a second opinion.")
    return dialog


def test_note_shared_without_consent_goes_when_the_consent_date_is_given(
    qtbot: QtBot, shown: Callable[[QWidget], QWidget], casebook: Casebook
) -> None:
    dialog = _note_dialog(shown, casebook)
    dialog.share_with.item(0).setCheckState(Qt.CheckState.Checked)
    still = Still(dialog)
    assert not dialog.save()
    _says(dialog.errors["may_share_with"], "express consent")
    _retype(qtbot, dialog.consent_on, "1/3/2026")
    assert dialog.errors["may_share_with"].reason == ""
    still.check()


def test_note_withdrawn_before_given_goes_when_the_given_date_changes(
    qtbot: QtBot, shown: Callable[[QWidget], QWidget], casebook: Casebook
) -> None:
    dialog = _note_dialog(shown, casebook)
    _retype(qtbot, dialog.consent_on, "10/3/2026")
    _retype(qtbot, dialog.consent_withdrawn_on, "5/3/2026")
    assert not dialog.save()
    _says(dialog.errors["consent_withdrawn_on"], "before consent was given")
    _retype(qtbot, dialog.consent_on, "1/3/2026")
    assert dialog.errors["consent_withdrawn_on"].reason == ""


# --- A booking ----------------------------------------------------------------------------------


def test_booking_confirmed_without_a_date_goes_when_the_status_changes(
    qtbot: QtBot, shown: Callable[[QWidget], QWidget], casebook: Casebook
) -> None:
    from ui.registers.booking_dialog import BookingDialog

    dialog = shown(BookingDialog(casebook, _course(casebook), today=TODAY))
    assert isinstance(dialog, BookingDialog)
    dialog.organisation.setText("Northfield NHS Trust")
    dialog.contact_name.setText("Siân Pritchard")
    set_combo_value(dialog.status, BookingStatus.CONFIRMED)
    _retype(qtbot, dialog.confirmed_on, "")
    assert not dialog.save()
    _says(dialog.errors["confirmed_on"], "give the date the booking was confirmed")
    set_combo_value(dialog.status, BookingStatus.PROVISIONAL)
    assert dialog.errors["confirmed_on"].reason == ""


# --- A subject access request -------------------------------------------------------------------


def _request(shown: Callable[[QWidget], QWidget], casebook: Casebook) -> AccessRequestDialog:
    dialog = shown(AccessRequestDialog(casebook, today=TODAY))
    assert isinstance(dialog, AccessRequestDialog)
    dialog.requester.setText("Gareth Pritchard")
    return dialog


def test_request_answered_before_received_goes_when_the_received_date_changes(
    qtbot: QtBot, shown: Callable[[QWidget], QWidget], casebook: Casebook
) -> None:
    dialog = _request(shown, casebook)
    _retype(qtbot, dialog.identity_on, "1/3/2026")
    _retype(qtbot, dialog.identity_how, "Photo identity")
    _retype(qtbot, dialog.received_on, "10/3/2026")
    still = Still(dialog)
    assert not dialog.save()
    _says(dialog.errors["identity_checked_on"], "before the request was received")
    _retype(qtbot, dialog.received_on, "1/3/2026")
    assert dialog.errors["identity_checked_on"].reason == ""
    still.check()


def test_request_identity_date_without_how_goes_when_the_date_is_emptied(
    qtbot: QtBot, shown: Callable[[QWidget], QWidget], casebook: Casebook
) -> None:
    dialog = _request(shown, casebook)
    _retype(qtbot, dialog.identity_on, "20/3/2026")
    assert not dialog.save()
    _says(dialog.errors["identity_checked_how"], "say how")
    _retype(qtbot, dialog.identity_on, "")
    assert dialog.errors["identity_checked_how"].reason == ""


def test_request_how_without_identity_date_goes_when_how_is_emptied(
    qtbot: QtBot, shown: Callable[[QWidget], QWidget], casebook: Casebook
) -> None:
    dialog = _request(shown, casebook)
    _retype(qtbot, dialog.identity_how, "Photo identity")
    assert not dialog.save()
    _says(dialog.errors["identity_checked_on"], "give the date the identity was checked")
    _retype(qtbot, dialog.identity_how, "")
    assert dialog.errors["identity_checked_on"].reason == ""


def test_request_extension_without_reason_goes_when_the_extension_is_taken_back(
    qtbot: QtBot, shown: Callable[[QWidget], QWidget], casebook: Casebook
) -> None:
    dialog = _request(shown, casebook)
    dialog.extension.setValue(2)
    assert not dialog.save()
    _says(dialog.errors["extension_reason"], "give the reason")
    dialog.extension.setValue(0)
    assert dialog.errors["extension_reason"].reason == ""


def test_request_answered_before_identity_checked_goes_when_the_answer_date_is_emptied(
    qtbot: QtBot, shown: Callable[[QWidget], QWidget], casebook: Casebook
) -> None:
    dialog = _request(shown, casebook)
    _retype(qtbot, dialog.responded_on, "20/3/2026")
    assert not dialog.save()
    _says(dialog.errors["identity_checked_on"], "check the requester's identity")
    _retype(qtbot, dialog.responded_on, "")
    assert dialog.errors["identity_checked_on"].reason == ""
