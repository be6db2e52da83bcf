"""What makes a record acceptable, in words a mediator understands.

One place for the rules, used by the stores (so the app and the importer agree) and by the
interface (to show the reason beside the field). Field names match the interchange format,
so an import error can name ``cases[2].patient.nhs_number``.
"""

from __future__ import annotations

import re
from datetime import date

from app.cases.nhs import nhs_number_problem, normalise_nhs_number
from app.cases.records import Case, Disclosure, Issue, Meeting, Note, Party, Stage, Term
from app.errors import InvalidValue

SHORT_TEXT = 300  # names, titles, places
LONG_TEXT = 200_000  # notes and summaries: generous, but bounded
REFERENCE_TEXT = 40
MAX_MEETING_MINUTES = 24 * 60
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2200, 12, 31)
_CONTROL = re.compile("[\x00-\x1f\x7f]")


def check_text(
    field: str,
    value: str,
    *,
    limit: int = SHORT_TEXT,
    required: bool = False,
    multiline: bool = False,
) -> None:
    """Refuse empty required text, over-long text and invisible control characters."""
    if required and not value.strip():
        raise InvalidValue(field, "this cannot be empty")
    if len(value) > limit:
        raise InvalidValue(
            field, f"this is too long ({len(value):,} characters; at most {limit:,})"
        )
    allowed = "\n\t" if multiline else ""
    # Found by a regular expression, not character by character: a note of 100,000 letters
    # is checked in microseconds, and only the control characters it holds are looked at.
    for found in _CONTROL.finditer(value):
        ch = found.group()
        if ch not in allowed:
            what = "a line break" if ch in "\r\n" else "an invisible control character"
            raise InvalidValue(field, f"this contains {what}, which is not allowed here")


def check_date(field: str, value: date | None) -> None:
    if value is not None and not EARLIEST_DATE <= value <= LATEST_DATE:
        raise InvalidValue(field, f"{value.isoformat()} is not a plausible date")


def check_case(case: Case) -> None:
    check_text("reference", case.reference, limit=REFERENCE_TEXT, required=True)
    if case.reference != case.reference.strip():
        raise InvalidValue("reference", "remove the spaces at the start or end")
    check_text("title", case.title, required=True)
    for name in ("hospital", "team", "referred_by"):
        check_text(name, getattr(case, name))
    check_text("summary", case.summary, limit=LONG_TEXT, multiline=True)
    check_date("referred_on", case.referred_on)
    check_date("agreed_on", case.agreed_on)
    patient = case.patient
    check_text("patient.name", patient.name)
    check_text("patient.hospital_number", patient.hospital_number)
    check_date("patient.date_of_birth", patient.date_of_birth)
    if patient.date_of_birth and case.referred_on and patient.date_of_birth > case.referred_on:
        raise InvalidValue("patient.date_of_birth", "this is after the referral date")
    problem = nhs_number_problem(patient.nhs_number)
    if problem:
        raise InvalidValue("patient.nhs_number", problem)
    if patient.nhs_number != normalise_nhs_number(patient.nhs_number):
        raise InvalidValue("patient.nhs_number", "store the ten digits without spaces")
    if case.court is not None:
        if case.stage is not Stage.ELEVENTH_HOUR:
            raise InvalidValue(
                "court", "court details belong only to eleventh-hour cases (legal action begun)"
            )
        check_text("court.name", case.court.name)
        check_text("court.reference", case.court.reference)
        check_date("court.next_hearing", case.court.next_hearing)


def check_consent_dates(given: date | None, withdrawn: date | None) -> None:
    """Consent can only be withdrawn after it was given."""
    if withdrawn is None:
        return
    if given is None:
        raise InvalidValue("consent_withdrawn_on", "consent cannot be withdrawn before it is given")
    if withdrawn < given:
        raise InvalidValue("consent_withdrawn_on", "this is before consent was given")


def check_party(party: Party) -> None:
    check_text("name", party.name, required=True)
    check_text("contact", party.contact, limit=2_000, multiline=True)
    check_text("consent_how", party.consent_how)
    check_date("consented_on", party.consented_on)
    check_date("consent_withdrawn_on", party.consent_withdrawn_on)
    check_consent_dates(party.consented_on, party.consent_withdrawn_on)


def check_meeting(meeting: Meeting) -> None:
    check_date("starts_at", meeting.starts_at.date())
    if meeting.minutes is not None and not 0 < meeting.minutes <= MAX_MEETING_MINUTES:
        raise InvalidValue("minutes", "a meeting lasts between 1 minute and 24 hours")
    check_text("place", meeting.place)
    if len(set(meeting.attendee_ids)) != len(meeting.attendee_ids):
        raise InvalidValue("attendees", "someone is listed twice")


def check_note(note: Note) -> None:
    check_text("text", note.text, limit=LONG_TEXT, required=True, multiline=True)
    check_date("written_at", note.written_at.date())
    check_date("consent_on", note.consent_on)
    check_date("consent_withdrawn_on", note.consent_withdrawn_on)
    check_text("consent_how", note.consent_how)
    if note.share_with and note.consent_on is None:
        raise InvalidValue(
            "may_share_with",
            "a note can be shared only with the express consent of its source: record when "
            "consent was given",
        )
    check_consent_dates(note.consent_on, note.consent_withdrawn_on)
    if len(set(note.share_with)) != len(note.share_with):
        raise InvalidValue("may_share_with", "someone is listed twice")


def check_issue(issue: Issue) -> None:
    check_text("text", issue.text, limit=LONG_TEXT, required=True, multiline=True)


def check_term(term: Term) -> None:
    check_text("text", term.text, limit=20_000, required=True, multiline=True)


def check_disclosure(disclosure: Disclosure, *, complete: bool = True) -> None:
    """A disclosure recorded in the app needs every field; an imported one may lack some."""
    check_date("on", disclosure.on)
    for name in ("to", "decided_by"):
        check_text(name, getattr(disclosure, name), required=complete)
    for name in ("what", "reason"):
        check_text(
            name, getattr(disclosure, name), limit=LONG_TEXT, required=complete, multiline=True
        )
