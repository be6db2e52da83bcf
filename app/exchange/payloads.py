"""What each kind of sealed file carries, written and read back with the importer's checks.

- ``referral``: a ``parley.cases/1`` document of one case's opening details
  (``app.cases.opening``); reading one refuses any other field with its path;
- ``handover``: a ``parley.cases/1`` document of one whole case (``app.exchange.case_export``);
- ``agreement``: ``{"agreement": …}``, the fields of ``AgreedTerms``, the value object the
  PDF is drawn from (the mediator's name is one of them);
- ``outcome``: ``{"outcome": …}``, the fields of the anonymous ``OutcomeRecord``.

Every refusal is an ``ImportRejected`` naming the path of the field, as an import's is.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from types import MappingProxyType
from typing import Any

from app.cases import validation
from app.cases.agreed_terms import AgreedTerms, AgreementParty
from app.cases.nhs import format_nhs_number, nhs_number_problem, normalise_nhs_number
from app.cases.opening import CASE_FIELDS, PARTY_FIELDS, OpeningDetails, OpeningParty
from app.cases.outcomes import (
    Cause,
    CourtInvolvement,
    OutcomeAnswers,
    OutcomeRecord,
    ReferralSource,
    Result,
    WithdrawnBy,
    check_answers,
    check_outcome,
)
from app.cases.records import MeetingKind, Stage, Status
from app.errors import InvalidValue
from app.exchange import import_schema as schema
from app.exchange.importer import PlannedCase, plan_document

Entry = dict[str, Any]

#: What a mediator's words are called, for the line that refuses them at the office.
_KEPT_BY_THE_MEDIATOR = {
    "summary": "a case's summary",
    "notes": "notes",
    "issues": "issues",
    "terms": "terms",
    "agreed_on": "the date agreed (it comes with the agreement itself)",
    "disclosures": "disclosures",
    "meetings": "meetings",
    "status": "a case's progress",
    "parties_wish_to_mediate_on": "the parties' wish to mediate",
    "court_agreed_on": "the court's agreement to mediation",
    "court_agreed_by": "the court's agreement to mediation",
}
#: The court's opening details; its agreement to mediation comes later, at the mediator's.
_OPENING_COURT = ("name", "reference", "next_hearing")

AGREEMENT_FIELDS = (
    "organisation", "case_reference", "patient_name", "patient_date_of_birth", "nhs_number",
    "hospital_number", "hospital", "team", "agreed_on", "parties", "terms", "mediator",
)  # fmt: skip
OUTCOME_FIELDS = (
    "stage", "status", "referred_on", "closed_on", "meetings", "stage_at_referral",
    "first_contact_working_days", "answers",
)  # fmt: skip
ANSWER_FIELDS = (
    "result", "withdrawn_by", "court", "hearing_avoided", "referral_source", "causes",
    "mediator_minutes",
)  # fmt: skip
MAX_TERMS = 1_000


# --- opening details ------------------------------------------------------------------------


def read_opening_document(
    document: object, existing_references: Collection[str]
) -> list[tuple[str, OpeningDetails]]:
    """The opening details of every case of a ``parley.cases/1`` document, each with its
    path; a field that is not an opening detail is refused with its path."""
    refuse_beyond_opening_details(document)
    return [(c.path, opening_details_from(c)) for c in plan_document(document, existing_references)]


def refuse_beyond_opening_details(document: object) -> None:
    """Refuse, with its path, the first field of any case that is not an opening detail."""
    if not isinstance(document, dict) or not isinstance(document.get("cases"), list):
        return  # the importer's own checks say what is wrong with the shape
    for n, case in enumerate(document["cases"]):
        if not isinstance(case, dict):
            continue
        path = f"cases[{n}]"
        for key in case:
            if key not in CASE_FIELDS:
                _refuse_field(schema.key_segment(path, str(key)), str(key))
        court = case.get("court")
        for key in court if isinstance(court, dict) else ():
            if key not in _OPENING_COURT:
                _refuse_field(schema.key_segment(f"{path}.court", str(key)), str(key))
        parties = case.get("parties")
        for m, party in enumerate(parties if isinstance(parties, list) else ()):
            for key in party if isinstance(party, dict) else ():
                if key not in PARTY_FIELDS:
                    _refuse_field(schema.key_segment(f"{path}.parties[{m}]", str(key)), str(key))


def _refuse_field(path: str, key: str) -> None:
    what = _KEPT_BY_THE_MEDIATOR.get(key)
    if what is None:
        what = "consent" if key.startswith("consent") else f"{key!r}"
    schema.reject(
        path,
        f"only a case's opening details come here (reference, title, stage, hospital, team, "
        f"referral, patient, court, parties' names, roles, sides and contact); {what} stay in "
        "the mediator's casebook",
    )


def opening_details_from(planned: PlannedCase) -> OpeningDetails:
    case = planned.case
    return OpeningDetails(
        reference=case.reference,
        title=case.title,
        stage=case.stage,
        hospital=case.hospital,
        team=case.team,
        referred_on=case.referred_on,
        referred_by=case.referred_by,
        patient=case.patient,
        court=case.court,
        parties=tuple(OpeningParty(p.name, p.role, p.side, p.contact) for _, p in planned.parties),
    )


# --- agreements -----------------------------------------------------------------------------


def agreement_entry(document: AgreedTerms) -> Entry:
    """The agreed-terms document's content, field by field."""
    return {
        "organisation": document.organisation,
        "case_reference": document.case_reference,
        "patient_name": document.patient_name,
        "patient_date_of_birth": _day(document.patient_date_of_birth),
        "nhs_number": document.nhs_number,
        "hospital_number": document.hospital_number,
        "hospital": document.hospital,
        "team": document.team,
        "agreed_on": _day(document.agreed_on),
        "parties": [{"name": p.name, "role": p.role} for p in document.parties],
        "terms": list(document.terms),
        "mediator": document.mediator,
    }


def read_agreement(value: object, path: str) -> AgreedTerms:
    """An agreed-terms document, checked field by field; errors name ``path``'s fields."""
    fields = schema.Fields(value, path, AGREEMENT_FIELDS, "an agreed-terms document")
    parties = []
    for p_path, item in fields.items(
        "parties", limit=schema.MAX_RECORDS["parties"], what="parties"
    ):
        party = schema.Fields(item, p_path, ("name", "role"), "a party to the agreement")
        parties.append(AgreementParty(party.text("name", required=True), party.text("role")))
    terms = tuple(
        schema.checked_text(t_path, item)
        for t_path, item in fields.items("terms", limit=MAX_TERMS, what="terms")
    )
    document = AgreedTerms(
        organisation=fields.text("organisation"),
        case_reference=fields.text("case_reference", required=True),
        patient_name=fields.text("patient_name"),
        patient_date_of_birth=fields.date("patient_date_of_birth"),
        nhs_number=fields.text("nhs_number"),
        hospital_number=fields.text("hospital_number"),
        hospital=fields.text("hospital"),
        team=fields.text("team"),
        agreed_on=fields.date("agreed_on"),
        parties=tuple(parties),
        terms=terms,
        mediator=fields.text("mediator"),
    )
    schema.checked(path, check_agreement, document)
    return document


def check_agreement(document: AgreedTerms) -> None:
    """The rules an agreed-terms document keeps (``InvalidValue`` names the field)."""
    validation.check_text(
        "case_reference", document.case_reference, limit=validation.REFERENCE_TEXT, required=True
    )
    for name in ("organisation", "patient_name", "hospital_number", "hospital", "team", "mediator"):
        validation.check_text(name, getattr(document, name))
    validation.check_date("patient_date_of_birth", document.patient_date_of_birth)
    validation.check_date("agreed_on", document.agreed_on)
    problem = nhs_number_problem(document.nhs_number)
    if problem:
        raise InvalidValue("nhs_number", problem)
    if document.nhs_number != format_nhs_number(normalise_nhs_number(document.nhs_number)):
        raise InvalidValue("nhs_number", "write it as it is printed, in groups: 943 476 5919")
    for n, party in enumerate(document.parties):
        validation.check_text(f"parties[{n}].name", party.name, required=True)
        validation.check_text(f"parties[{n}].role", party.role)
    if not document.terms:
        raise InvalidValue("terms", "an agreement has at least one agreed term")
    for n, term in enumerate(document.terms):
        validation.check_text(f"terms[{n}]", term, limit=20_000, required=True, multiline=True)


# --- outcome records ------------------------------------------------------------------------


def outcome_entry(record: OutcomeRecord) -> Entry:
    """The record as a sealed ``outcome`` (and an office's export) carries it: choices,
    dates and counts only. A record without the mediator's answers has no ``answers``."""
    entry: Entry = {
        "stage": record.stage.value,
        "status": record.status.value,
        "referred_on": _day(record.referred_on),
        "closed_on": _day(record.closed_on),
        "meetings": {kind.value: record.meetings[kind] for kind in MeetingKind},
    }
    if record.stage_at_referral is not None:
        entry["stage_at_referral"] = record.stage_at_referral.value
    if record.first_contact_working_days is not None:
        entry["first_contact_working_days"] = record.first_contact_working_days
    answers = record.answers
    if answers is not None:
        entry["answers"] = {
            "result": answers.result.value,
            "withdrawn_by": answers.withdrawn_by.value if answers.withdrawn_by else None,
            "court": answers.court.value,
            "hearing_avoided": answers.hearing_avoided,
            "referral_source": answers.referral_source.value,
            "causes": [cause.value for cause in Cause if cause in answers.causes],
            "mediator_minutes": answers.mediator_minutes,
        }
    return entry


def read_outcome(value: object, path: str) -> OutcomeRecord:
    """An anonymous outcome record: no field but these, and no free text among them."""
    fields = schema.Fields(value, path, OUTCOME_FIELDS, "an outcome record")
    kinds = tuple(kind.value for kind in MeetingKind)
    counted = fields.part("meetings", kinds, "the meetings counted by kind")
    if counted is None:
        schema.reject(fields.at("meetings"), "this is required")
    counts = {}
    for kind in MeetingKind:
        count = counted.integer(kind.value)
        if count is None:
            schema.reject(counted.at(kind.value), "this is required")
        counts[kind] = count
    referral_stage = fields.raw("stage_at_referral")
    record = OutcomeRecord(
        stage=fields.enum("stage", Stage),
        status=fields.enum("status", Status),
        referred_on=fields.date("referred_on"),
        closed_on=fields.date("closed_on"),
        meetings=MappingProxyType(counts),
        stage_at_referral=None
        if referral_stage is None
        else fields.enum("stage_at_referral", Stage),
        first_contact_working_days=fields.integer("first_contact_working_days"),
        answers=_read_answers(fields.part("answers", ANSWER_FIELDS, "the mediator's answers")),
    )
    return schema.checked(path, check_outcome, record)


def _read_answers(fields: schema.Fields | None) -> OutcomeAnswers | None:
    if fields is None:
        return None
    withdrawn_by = fields.raw("withdrawn_by")
    avoided = fields.boolean("hearing_avoided")
    minutes = fields.integer("mediator_minutes")
    if avoided is None:
        schema.reject(fields.at("hearing_avoided"), "this is required")
    if minutes is None:
        schema.reject(fields.at("mediator_minutes"), "this is required")
    causes = []
    for cause_path, cause in fields.items("causes", limit=len(Cause), what="causes"):
        if not isinstance(cause, str) or cause not in {c.value for c in Cause}:
            got = schema.quote(cause) if isinstance(cause, str) else schema.describe(cause)
            schema.reject(cause_path, f"must be one of {', '.join(c.value for c in Cause)} "
                          f"(got {got})")  # fmt: skip
        causes.append(Cause(cause))
    answers = OutcomeAnswers(
        result=fields.enum("result", Result),
        withdrawn_by=None if withdrawn_by is None else fields.enum("withdrawn_by", WithdrawnBy),
        court=fields.enum("court", CourtInvolvement),
        hearing_avoided=avoided,
        referral_source=fields.enum("referral_source", ReferralSource),
        causes=frozenset(causes),
        mediator_minutes=minutes,
    )
    try:
        check_answers(answers)
    except InvalidValue as exc:
        raise schema.rejected_at(fields.path, exc) from exc
    return answers


def _day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()
