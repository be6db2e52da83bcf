"""What makes a record acceptable, in words a mediator understands.

One place for the rules, used by the stores (so the app and the importer agree) and by the
interface (to show the reason beside the field). Field names match the interchange format,
so an import error can name ``cases[2].patient.nhs_number``.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from app.cases.nhs import nhs_number_problem, normalise_nhs_number
from app.cases.records import (
    Case,
    Court,
    Disclosure,
    Issue,
    Meeting,
    Note,
    Party,
    Stage,
    Term,
)
from app.dates import EARLIEST_DATE, LATEST_DATE
from app.errors import InvalidValue

SHORT_TEXT = 300  # names, titles, places
LONG_TEXT = 200_000  # notes and summaries: generous, but bounded
REFERENCE_TEXT = 40
MAX_MEETING_MINUTES = 24 * 60
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


# Controls (C0, C1), format characters such as right-to-left overrides, which can make text
# read other than it is, and line and paragraph separators.
_INVISIBLE = frozenset({"Cc", "Cf", "Zl", "Zp"})


def check_reference(
    field: str, value: str, *, required: bool = True, kept: str | None = None
) -> None:
    """A case reference: a name that is safe wherever Parley or anyone uses it, file names
    included, so no path separators, no control characters and no leading dot.

    ``kept`` is the value already stored: unchanged, it is accepted as it is, so that a
    casebook made before these rules still opens and saves; only new values are refused.
    """
    check_text(field, value, limit=REFERENCE_TEXT, required=required)
    if value == kept:
        return
    if value != value.strip():
        raise InvalidValue(field, "remove the spaces at the start or end")
    if "/" in value or "\\" in value:
        raise InvalidValue(
            field,
            "a reference cannot contain / or \\ (they separate folders in file names); "
            "use - instead",
        )
    if any(unicodedata.category(ch) in _INVISIBLE for ch in value):
        raise InvalidValue(
            field, "this contains an invisible control character, which is not allowed here"
        )
    if value.startswith("."):
        raise InvalidValue(
            field, "a reference cannot start with a dot (it would hide a file named after it)"
        )


def check_date(field: str, value: date | None) -> None:
    if value is not None and not EARLIEST_DATE <= value <= LATEST_DATE:
        raise InvalidValue(field, f"{value.isoformat()} is not a plausible date")


def check_case(case: Case, *, kept_reference: str | None = None) -> None:
    """Raise ``InvalidValue`` naming the first field that is not acceptable.

    ``kept_reference``: the case's stored reference, accepted unchanged (see
    :func:`check_reference`).
    """
    check_reference("reference", case.reference, kept=kept_reference)
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
        raise InvalidValue("patient.date_of_birth", "this is after the date the case was referred")
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
        check_court(case.court)


def check_court(court: Court) -> None:
    check_text("court.name", court.name)
    check_text("court.reference", court.reference)
    check_date("court.next_hearing", court.next_hearing)
    check_date("court.parties_wish_to_mediate_on", court.parties_wish_to_mediate_on)
    check_date("court.court_agreed_on", court.court_agreed_on)
    if court.court_agreed_by is not None and court.court_agreed_on is None:
        raise InvalidValue("court.court_agreed_on", "give the date the court agreed")
    if court.court_agreed_on is not None and court.court_agreed_by is None:
        raise InvalidValue(
            "court.court_agreed_by",
            "say how the court agreed: an order, an adjournment or directions",
        )


def check_consent_dates(given: date | None, withdrawn: date | None) -> None:
    """Consent can only be withdrawn after it was given."""
    if withdrawn is None:
        return
    if given is None:
        raise InvalidValue("consent_withdrawn_on", "consent cannot be withdrawn before it is given")
    if withdrawn < given:
        raise InvalidValue("consent_withdrawn_on", "this is before consent was given")


def check_consent_how(date_field: str, given: date | None, how: str) -> None:
    """How consent was given means nothing without when: the date is asked for beside it."""
    if how.strip() and given is None:
        raise InvalidValue(
            date_field, "enter the date consent was given, or leave “How given” empty"
        )


def check_party(party: Party) -> None:
    check_text("name", party.name, required=True)
    check_text("contact", party.contact, limit=2_000, multiline=True)
    check_text("consent_how", party.consent_how)
    check_date("consented_on", party.consented_on)
    check_consent_how("consented_on", party.consented_on, party.consent_how)
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
    # After sharing: without consent that is the reason that matters most.
    check_consent_how("consent_on", note.consent_on, note.consent_how)
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
