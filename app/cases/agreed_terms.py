"""The agreed terms of a case: the only thing that ever leaves the casebook.

``AgreedTerms`` is deliberately a value object of agreed terms and the identifiers needed
to file them in the care notes. The PDF writer takes this, never a case, so it cannot see
notes, summaries, issues, proposed or withdrawn terms, disclosures or contact details even
by mistake (docs/ARCHITECTURE.md, "Rules the code keeps", rule 2).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from app.cases.nhs import format_nhs_number
from app.cases.records import Case, Party, Term, TermStatus
from app.errors import ParleyError


@dataclass(frozen=True)
class AgreementParty:
    name: str
    role: str  # in words, e.g. "Parent", "Consultant"


@dataclass(frozen=True)
class AgreedTerms:
    organisation: str
    case_reference: str
    patient_name: str
    patient_date_of_birth: date | None
    nhs_number: str  # formatted for print, e.g. "943 476 5919"
    hospital_number: str
    hospital: str
    team: str
    agreed_on: date | None
    parties: tuple[AgreementParty, ...]
    terms: tuple[str, ...]  # agreed terms, in their agreed order
    mediator: str = ""


class NothingAgreed(ParleyError):
    """A case with no agreed terms has nothing to export."""


def agreed_terms_of(
    case: Case,
    parties: Iterable[Party],
    terms: Iterable[Term],
    *,
    organisation: str,
    mediator: str = "",
) -> AgreedTerms:
    """Select what the agreed-terms document may hold, and nothing else.

    Only terms whose status is *agreed* pass, in their order; of the parties, only those
    who are party to the agreement, and of them only name and role.
    """
    agreed = tuple(
        t.text
        for t in sorted(terms, key=lambda t: t.position)
        if t.status is TermStatus.AGREED and t.case_id == case.id
    )
    if not agreed:
        raise NothingAgreed(f"Case {case.reference} has no agreed terms to export yet.")
    signatories = tuple(
        AgreementParty(name=p.name, role=p.role.label)
        for p in parties
        if p.party_to_agreement and p.case_id == case.id
    )
    return AgreedTerms(
        organisation=organisation,
        case_reference=case.reference,
        patient_name=case.patient.name,
        patient_date_of_birth=case.patient.date_of_birth,
        nhs_number=format_nhs_number(case.patient.nhs_number),
        hospital_number=case.patient.hospital_number,
        hospital=case.hospital,
        team=case.team,
        agreed_on=case.agreed_on,
        parties=signatories,
        terms=agreed,
        mediator=mediator,
    )
