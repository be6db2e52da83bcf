"""The fields of a case the Overview tab edits, each read from and written into a ``Case``.

Each field is typed by what it holds (text, a date or none, a status) and knows its name as
the stores give it in ``InvalidValue.field`` ("patient.nhs_number"), so a refusal lands
beside the right field. Writing returns a new case (``dataclasses.replace`` of the last one
stored), so saving one field never changes another.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import Generic, TypeVar

from app.cases.records import Case, Court, CourtAgreement, Patient, Status

V = TypeVar("V")


@dataclass(frozen=True)
class CaseField(Generic[V]):
    """One editable value of a case."""

    key: str  # the store's name for it, as in ``InvalidValue.field``
    read: Callable[[Case], V]  # the value as stored
    write: Callable[[Case, V], Case]  # the case with a new value


def _with_patient(case: Case, patient: Patient) -> Case:
    return replace(case, patient=patient)


def _court(case: Case) -> Court:
    """The case's court details; all empty when it has none."""
    return case.court or Court()


def _with_court(case: Case, court: Court) -> Case:
    # Court details emptied field by field leave no court behind, as if never entered.
    return replace(case, court=None if court == Court() else court)


REFERENCE = CaseField[str]("reference", lambda c: c.reference, lambda c, v: replace(c, reference=v))
TITLE = CaseField[str]("title", lambda c: c.title, lambda c, v: replace(c, title=v))
STATUS = CaseField[Status]("status", lambda c: c.status, lambda c, v: replace(c, status=v))
HOSPITAL = CaseField[str]("hospital", lambda c: c.hospital, lambda c, v: replace(c, hospital=v))
TEAM = CaseField[str]("team", lambda c: c.team, lambda c, v: replace(c, team=v))
REFERRED_ON = CaseField[date | None](
    "referred_on", lambda c: c.referred_on, lambda c, v: replace(c, referred_on=v)
)
REFERRED_BY = CaseField[str](
    "referred_by", lambda c: c.referred_by, lambda c, v: replace(c, referred_by=v)
)
SUMMARY = CaseField[str]("summary", lambda c: c.summary, lambda c, v: replace(c, summary=v))

PATIENT_NAME = CaseField[str](
    "patient.name",
    lambda c: c.patient.name,
    lambda c, v: _with_patient(c, replace(c.patient, name=v)),
)
DATE_OF_BIRTH = CaseField[date | None](
    "patient.date_of_birth",
    lambda c: c.patient.date_of_birth,
    lambda c, v: _with_patient(c, replace(c.patient, date_of_birth=v)),
)
NHS_NUMBER = CaseField[str](
    "patient.nhs_number",
    lambda c: c.patient.nhs_number,
    lambda c, v: _with_patient(c, replace(c.patient, nhs_number=v)),
)
HOSPITAL_NUMBER = CaseField[str](
    "patient.hospital_number",
    lambda c: c.patient.hospital_number,
    lambda c, v: _with_patient(c, replace(c.patient, hospital_number=v)),
)

COURT_NAME = CaseField[str](
    "court.name",
    lambda c: _court(c).name,
    lambda c, v: _with_court(c, replace(_court(c), name=v)),
)
COURT_REFERENCE = CaseField[str](
    "court.reference",
    lambda c: _court(c).reference,
    lambda c, v: _with_court(c, replace(_court(c), reference=v)),
)
NEXT_HEARING = CaseField[date | None](
    "court.next_hearing",
    lambda c: _court(c).next_hearing,
    lambda c, v: _with_court(c, replace(_court(c), next_hearing=v)),
)
PARTIES_WISH = CaseField[date | None](
    "court.parties_wish_to_mediate_on",
    lambda c: _court(c).parties_wish_to_mediate_on,
    lambda c, v: _with_court(c, replace(_court(c), parties_wish_to_mediate_on=v)),
)
#: When and how the court agreed: one field, since the rule holds them together (a date
#: without the how, or the how without a date, is refused).
COURT_AGREEMENT = CaseField[tuple[date | None, CourtAgreement | None]](
    "court.agreement",
    lambda c: (_court(c).court_agreed_on, _court(c).court_agreed_by),
    lambda c, v: _with_court(c, replace(_court(c), court_agreed_on=v[0], court_agreed_by=v[1])),
)
#: The court fields, which belong only to eleventh-hour cases.
COURT_FIELDS = (COURT_NAME, COURT_REFERENCE, NEXT_HEARING, PARTIES_WISH, COURT_AGREEMENT)
