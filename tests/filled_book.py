"""A casebook with every section and every page of a case filled in: one case (patient and
court, two parties, a meeting, a note, an issue of each kind, an agreed and a proposed term, a
disclosure) and the registers (a course with a booking, a complaint with its response).

Each text field holds its own sentinel ("Qq" and the field), so a test looking for text left
behind can name what was left. Tests that walk every window use it too, so each window and
dialog has something to show.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

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

from conftest import FLOOR_KDF, PASSPHRASE

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


def fill(folder: Path) -> None:
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


def filled_session(folder: Path, scratch: Path) -> Session:
    """A session on the casebook at ``folder``, filled first; not yet started."""
    fill(folder)
    return Session(folder, kdf=FLOOR_KDF, demo_folder=scratch / "demo",
                   trust_options={"session_bus": NoBus(), "system_bus": NoBus()})  # fmt: skip
