"""A case's opening details: what the office knows of a case when it refers it to a mediator.

``OpeningDetails`` holds the reference, title, stage, hospital and team, the referral, the
patient's identifiers, court details of an eleventh-hour case, and each party's name, role,
side and contact: nothing said in mediation. The office keeps referrals as these, a referral
sealed to a mediator carries exactly these, and a casebook opens a new case from them
(a ``referral``: docs/ARCHITECTURE.md, "Books and roles").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from app.cases.records import Case, Court, Party, PartyRole, Patient, Side, Stage, Status
from app.cases.validation import check_case, check_party

#: The interchange format's fields that are opening details (``app.exchange.importer``).
CASE_FIELDS = (
    "reference", "title", "stage", "referred_on", "referred_by", "hospital", "team", "court",
    "patient", "parties",
)  # fmt: skip
PARTY_FIELDS = ("id", "name", "role", "side", "contact")


@dataclass(frozen=True)
class OpeningParty:
    name: str
    role: PartyRole
    side: Side
    contact: str = ""


@dataclass(frozen=True)
class OpeningDetails:
    reference: str
    title: str
    stage: Stage = Stage.EARLY
    hospital: str = ""
    team: str = ""
    referred_on: date | None = None
    referred_by: str = ""
    patient: Patient = field(default_factory=Patient)
    court: Court | None = None
    parties: tuple[OpeningParty, ...] = ()

    def as_case(self) -> Case:
        """The new case a mediator opens from these details (status: referred)."""
        return Case(
            id=None,
            reference=self.reference,
            title=self.title,
            stage=self.stage,
            status=Status.REFERRED,
            hospital=self.hospital,
            team=self.team,
            referred_on=self.referred_on,
            referred_by=self.referred_by,
            patient=self.patient,
            court=self.court,
        )

    def as_parties(self, case_id: int) -> list[Party]:
        return [
            Party(None, case_id, p.name, p.role, p.side, contact=p.contact) for p in self.parties
        ]


def opening_details_of(case: Case, parties: Iterable[Party]) -> OpeningDetails:
    """Select a case's opening details, and nothing else, from a case and its parties."""
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
        parties=tuple(
            OpeningParty(p.name, p.role, p.side, p.contact) for p in parties if p.case_id == case.id
        ),
    )


def check_opening_details(details: OpeningDetails) -> None:
    """The same rules as a case and its parties (``InvalidValue`` names the field)."""
    check_case(details.as_case())
    for party in details.as_parties(0):
        check_party(party)
