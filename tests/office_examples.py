"""Examples shared by the office and exchange tests: a referral's opening details and an
agreed-terms document, with the names Parley must print right."""

from __future__ import annotations

from datetime import date

from app.cases.agreed_terms import AgreedTerms, AgreementParty
from app.cases.opening import OpeningDetails, OpeningParty
from app.cases.records import Court, PartyRole, Patient, Side, Stage

DETAILS = OpeningDetails(
    reference="MM-2026-040",
    title="Continuing ventilation",
    stage=Stage.ELEVENTH_HOUR,
    hospital="St Aldhelm's",
    team="PICU",
    referred_on=date(2026, 3, 2),
    referred_by="Dr Okafor",
    patient=Patient("Zoë Nuñez", date(2019, 5, 14), "9434765919", "H-77"),
    court=Court("High Court, Family Division", "FD26P00123", date(2026, 5, 1)),
    parties=(
        OpeningParty("Siân Jones", PartyRole.PARENT, Side.FAMILY, "07700 900123"),
        OpeningParty("Dr Łukasz Nowak", PartyRole.CONSULTANT, Side.CLINICAL),
    ),
)

AGREED = AgreedTerms(
    organisation="Riverside Medical Mediation",
    case_reference="MM-2026-040",
    patient_name="Zoë Nuñez",
    patient_date_of_birth=date(2019, 5, 14),
    nhs_number="943 476 5919",
    hospital_number="H-77",
    hospital="St Aldhelm's",
    team="PICU",
    agreed_on=date(2026, 4, 1),
    parties=(
        AgreementParty("Siân Jones", "Parent"),
        AgreementParty("Dr Łukasz Nowak", "Consultant"),
    ),
    terms=("Review the plan weekly.", "A second opinion from another centre."),
    mediator="Alex Morgan",
)
