"""Locking the whole main window, with every section and every page of a case filled in,
leaves no confidential or identifying text in any widget of the application.

Every text field of a case (its patient and court, parties, meetings, notes, issues, terms
and a disclosure) and of the registers (a course, its bookings, complaints) holds its own
sentinel. The test first proves that the screen scraper finds each sentinel while the
casebook is open, then locks the way the session does and looks again, everywhere: labels,
fields, every model behind every view, combo boxes, buttons, tooltips, accessible names,
window titles, tab titles and the status bar, of every window Qt still has.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.books import vault
from app.cases.records import (
    Case,
    Court,
    Disclosure,
    DisclosureGround,
    Issue,
    IssueKind,
    Meeting,
    MeetingKind,
    Note,
    Party,
    PartyRole,
    Patient,
    Side,
    Stage,
    Status,
    Term,
    TermStatus,
)
from app.registers.complaints import Channel, Complaint, ComplaintAbout
from app.registers.training import Booking, BookingStatus, Course, CourseLength
from ui.application import Session
from ui.workspace.agreement_tab import AgreementTab
from ui.workspace.parties_tab import PartiesTab

from conftest import FLOOR_KDF, PASSPHRASE
from helpers import unlock, window_text

# One sentinel per text field: "Qq" and the field, so a hit names what was left behind.
CASE = {
    "reference": "QQ-REF-0042",
    "title": "Qqcase-title",
    "hospital": "Qqhospital",
    "team": "Qqteam",
    "referred_by": "Qqreferred-by",
    "summary": "Qqsummary of the case",
}
PATIENT_NAME, HOSPITAL_NUMBER = "Qqpatient-name", "Qqhospital-number"
NHS_NUMBER, NHS_SHOWN = "4010232137", "401 023 2137"  # not the placeholder's example
BORN, BORN_SHOWN = date(2013, 2, 27), "27 February 2013"
COURT = Court("Qqcourt-name", "Qqcourt-reference", date(2031, 7, 9))
PARTY = {"name": "Qqparty-name", "contact": "Qqparty-contact", "consent_how": "Qqconsent-how"}
OTHER_PARTY = "Qqother-party"
PLACE, NOTE, NOTE_CONSENT = "Qqmeeting-place", "Qqnote-text", "Qqnote-consent-how"
ISSUES = {kind: f"Qqissue-{kind.value}" for kind in IssueKind}
AGREED, PROPOSED = "Qqterm-agreed", "Qqterm-proposed"
DISCLOSURE = {"to": "Qqdisclosed-to", "what": "Qqdisclosed-what", "decided_by": "Qqdecided-by",
              "reason": "Qqdisclosure-reason"}  # fmt: skip
COURSE = {"title": "Qqcourse-title", "place": "Qqcourse-place"}
BOOKING = {"organisation": "Qqorganisation", "contact_name": "Qqbooking-contact",
           "contact_email": "qqbooking@example.org",
           "contact_address": "Qqbooking-address"}  # fmt: skip
COMPLAINT = {"complainant_name": "Qqcomplainant", "complainant_contact": "Qqcomplainant-contact",
             "about_detail": "Qqcomplaint-about", "outcome": "Qqcomplaint-outcome"}  # fmt: skip

SENTINELS = [
    *CASE.values(), PATIENT_NAME, HOSPITAL_NUMBER, NHS_SHOWN, NHS_NUMBER, BORN_SHOWN,
    COURT.name, COURT.reference, *PARTY.values(), OTHER_PARTY, PLACE, NOTE, NOTE_CONSENT,
    *ISSUES.values(), AGREED, PROPOSED, *DISCLOSURE.values(), *COURSE.values(),
    *BOOKING.values(), *COMPLAINT.values(), "TB-00001", "CP-00001",
]  # fmt: skip


class NoBus:
    """No desktop bus: the screen-lock watcher starts nothing."""

    def isConnected(self) -> bool:
        return False


def _fill(folder: Path) -> None:
    """Every section and page of the casebook, with a sentinel in each text field."""
    book = vault.open_with_passphrase(folder, PASSPHRASE)
    try:
        today, soon = date.today(), datetime.now().replace(second=0, microsecond=0)
        case = book.cases.add(Case(
            None, CASE["reference"], CASE["title"], Stage.ELEVENTH_HOUR, Status.IN_MEDIATION,
            CASE["hospital"], CASE["team"], today - timedelta(days=30), CASE["referred_by"],
            CASE["summary"], Patient(PATIENT_NAME, BORN, NHS_NUMBER, HOSPITAL_NUMBER), COURT,
            today,
        ))  # fmt: skip
        case_id = case.id or 0
        party = book.parties.add(Party(None, case_id, PARTY["name"], PartyRole.PARENT,
                                       Side.FAMILY, PARTY["contact"], today, PARTY["consent_how"],
                                       party_to_agreement=True))  # fmt: skip
        other = book.parties.add(Party(None, case_id, OTHER_PARTY, PartyRole.CONSULTANT,
                                       Side.CLINICAL))  # fmt: skip
        meeting = book.meetings.add(Meeting(None, case_id, MeetingKind.JOINT,
                                            soon + timedelta(days=1), 90, PLACE,
                                            (party.id or 0, other.id or 0)))  # fmt: skip
        book.notes.add(Note(None, case_id, NOTE, soon - timedelta(hours=2), meeting.id, party.id,
                            (other.id or 0,), today, NOTE_CONSENT))  # fmt: skip
        for kind, text in ISSUES.items():
            book.issues.add(Issue(None, case_id, kind, text, party.id))
        book.terms.add(Term(None, case_id, 0, AGREED, TermStatus.AGREED))
        book.terms.add(Term(None, case_id, 0, PROPOSED))
        book.disclosures.add(Disclosure(None, case_id, today, DisclosureGround.RISK_OF_HARM,
                                        **DISCLOSURE))  # fmt: skip
        registers = book.registers
        course = registers.courses.add(Course(None, COURSE["title"], CourseLength.ONE_DAY,
                                              today + timedelta(days=3), COURSE["place"],
                                              Decimal(250)))  # fmt: skip
        registers.bookings.add(Booking(None, course.id or 0, **BOOKING, delegates=2,
                                       status=BookingStatus.CONFIRMED,
                                       confirmed_on=today))  # fmt: skip
        complaint = registers.record_complaint(Complaint(
            None, today - timedelta(days=2), Channel.EMAIL, COMPLAINT["complainant_name"],
            COMPLAINT["complainant_contact"], ComplaintAbout.MEDIATOR, COMPLAINT["about_detail"],
            CASE["reference"],
        ))  # fmt: skip
        registers.record_response(complaint.id or 0, today, COMPLAINT["outcome"])
    finally:
        book.close()


@pytest.fixture
def session(qtbot: QtBot, casebook_folder: Path, tmp_path: Path) -> Iterator[Session]:
    _fill(casebook_folder)
    made = Session(casebook_folder, kdf=FLOOR_KDF, demo_folder=tmp_path / "demo",
                   trust_options={"session_bus": NoBus(), "system_bus": NoBus()})  # fmt: skip
    yield made
    made.dispose()


def _everything_on_screen() -> str:
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QApplication.processEvents()
    return window_text(*QApplication.topLevelWidgets())


def test_locking_leaves_no_confidential_or_identifying_text_anywhere(
    qtbot: QtBot, session: Session
) -> None:
    window = unlock(qtbot, session, PASSPHRASE)

    # Every section, as a mediator would look through them.
    pages = {window.navigation.item(row).text().strip(): row
             for row in range(window.navigation.count())}  # fmt: skip
    for name in ("Dashboard", "Training", "Complaints", "Cases"):
        window.navigation.setCurrentRow(pages[name])
    training = window.sections.widget(pages["Training"])
    complaints = window.sections.widget(pages["Complaints"])
    training.bookings_box.table.setCurrentIndex(training.bookings_box.proxy.index(0, 0))
    assert training.edit_booking() is not None  # the form holds the address

    # The case, every page of it, with a form and the preview left open.
    [row] = session.casebook.cases.list_rows() if session.casebook else []
    window.open_case(row.id)
    workspace = window.workspace
    assert workspace is not None
    for index in range(workspace.tab_widget.count()):
        workspace.tab_widget.setCurrentIndex(index)
        QApplication.processEvents()
    tabs = {tab.title.replace("&", ""): tab for tab in workspace.tabs}
    assert isinstance(tabs["Agreement"], AgreementTab) and isinstance(tabs["Parties"], PartiesTab)
    assert tabs["Agreement"].preview() is not None
    assert tabs["Parties"].edit_selected() is not None  # the form holds the contact details
    assert complaints.edit_complaint() is not None

    shown = _everything_on_screen()
    # The NHS number is shown in three groups, never as the ten digits stored.
    missing = [s for s in SENTINELS if s not in shown and s != NHS_NUMBER]
    assert missing == [], f"the scraper must see each sentinel before locking: {missing}"

    pages = [window.sections.widget(i) for i in range(window.sections.count())]
    session.lock()

    # Each page and each tab of the case has forgotten what it showed, at once...
    cleared = window_text(*pages, *workspace.tabs, dialogs=False)
    assert [sentinel for sentinel in SENTINELS if sentinel in cleared] == []
    # ...and once the closed windows are gone, nothing is left anywhere.
    left = _everything_on_screen()
    assert [sentinel for sentinel in SENTINELS if sentinel in left] == []
    assert "Qq" not in left
