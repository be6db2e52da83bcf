"""The mediator's world as plain data: cases, parties, meetings, notes, terms, disclosures.

These dataclasses are what services hand to the interface; they carry no database handle.
Records not yet stored have ``id=None``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum


class Stage(StrEnum):
    EARLY = "early"
    FORMAL = "formal"
    ELEVENTH_HOUR = "eleventh_hour"

    @property
    def label(self) -> str:
        return _STAGE_LABELS[self]


_STAGE_LABELS = {
    Stage.EARLY: "Early facilitated discussion",
    Stage.FORMAL: "Formal mediation",
    Stage.ELEVENTH_HOUR: "Eleventh hour (legal action begun)",
}


class Status(StrEnum):
    REFERRED = "referred"
    CONTACTING = "contacting"
    AWAITING_CONSENT = "awaiting_consent"
    IN_MEDIATION = "in_mediation"
    AGREED = "agreed"
    NOT_AGREED = "not_agreed"
    WITHDRAWN = "withdrawn"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class PartyRole(StrEnum):
    PARENT = "parent"
    GUARDIAN = "guardian"
    PATIENT = "patient"
    CONSULTANT = "consultant"
    NURSE = "nurse"
    OTHER_CLINICIAN = "other_clinician"
    ADVOCATE = "advocate"
    LEGAL_REPRESENTATIVE = "legal_representative"
    OTHER = "other"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class Side(StrEnum):
    FAMILY = "family"
    CLINICAL = "clinical"
    OTHER = "other"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class MeetingKind(StrEnum):
    PRE_MEDIATION = "pre_mediation"
    SEPARATE = "separate"
    JOINT = "joint"
    SUPPORT = "support"
    DEBRIEF = "debrief"

    @property
    def label(self) -> str:
        return _MEETING_LABELS[self]


_MEETING_LABELS = {
    MeetingKind.PRE_MEDIATION: "Pre-mediation contact",
    MeetingKind.SEPARATE: "Separate meeting",
    MeetingKind.JOINT: "Joint meeting",
    MeetingKind.SUPPORT: "Support (one-to-one)",
    MeetingKind.DEBRIEF: "Debrief",
}


class IssueKind(StrEnum):
    POSITION = "position"
    UNDERLYING = "underlying"
    KEY = "key"
    REALISTIC = "realistic"

    @property
    def label(self) -> str:
        return _ISSUE_LABELS[self]


_ISSUE_LABELS = {
    IssueKind.POSITION: "Stated position",
    IssueKind.UNDERLYING: "Underlying concern",
    IssueKind.KEY: "Key issue",
    IssueKind.REALISTIC: "Realistically achievable",
}


class TermStatus(StrEnum):
    PROPOSED = "proposed"
    AGREED = "agreed"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class DisclosureGround(StrEnum):
    RISK_OF_HARM = "risk_of_harm"
    UNLAWFUL = "unlawful"
    COURT_ORDER = "court_order"

    @property
    def label(self) -> str:
        return _GROUND_LABELS[self]


_GROUND_LABELS = {
    DisclosureGround.RISK_OF_HARM: "Significant risk of harm to a person",
    DisclosureGround.UNLAWFUL: "A party breaking the law",
    DisclosureGround.COURT_ORDER: "A court order",
}


@dataclass(frozen=True)
class Patient:
    name: str = ""
    date_of_birth: date | None = None
    nhs_number: str = ""  # ten digits, no spaces; shown with app.cases.nhs.format_nhs_number
    hospital_number: str = ""


class CourtAgreement(StrEnum):
    """How the court agreed to mediation in an eleventh-hour case."""

    ORDER = "order"
    ADJOURNMENT = "adjournment"
    DIRECTIONS = "directions"

    @property
    def label(self) -> str:
        return _AGREEMENT_LABELS[self]


_AGREEMENT_LABELS = {
    CourtAgreement.ORDER: "By order",
    CourtAgreement.ADJOURNMENT: "By adjourning the hearing",
    CourtAgreement.DIRECTIONS: "By directions",
}


@dataclass(frozen=True)
class Court:
    """Only for eleventh-hour cases, where legal action has begun.

    Before formal sessions, the mediator records that every party wishes to mediate and
    that the court agrees (when, and how: an order, an adjournment, directions).
    """

    name: str = ""
    reference: str = ""
    next_hearing: date | None = None
    parties_wish_to_mediate_on: date | None = None
    court_agreed_on: date | None = None
    court_agreed_by: CourtAgreement | None = None

    @property
    def ready_for_formal_sessions(self) -> bool:
        """Both recorded: every party wishes to mediate, and the court agrees."""
        return self.parties_wish_to_mediate_on is not None and self.court_agreed_on is not None


@dataclass(frozen=True)
class Case:
    id: int | None
    reference: str
    title: str
    stage: Stage = Stage.EARLY
    status: Status = Status.REFERRED
    hospital: str = ""
    team: str = ""
    referred_on: date | None = None
    referred_by: str = ""
    summary: str = ""  # confidential
    patient: Patient = field(default_factory=Patient)
    court: Court | None = None
    agreed_on: date | None = None


@dataclass(frozen=True)
class Closure:
    """When a case was closed (kept by the database as its status changes), and when its
    confidential notes were destroyed (erasure)."""

    closed_on: date | None = None
    notes_destroyed_on: date | None = None


@dataclass(frozen=True)
class CaseListRow:
    """One line of the case list: what the list shows and sorts on, nothing confidential."""

    id: int
    reference: str
    title: str
    stage: Stage
    status: Status
    referred_on: date | None
    last_activity: datetime | None
    next_meeting: datetime | None


@dataclass(frozen=True)
class Party:
    id: int | None
    case_id: int
    name: str
    role: PartyRole
    side: Side
    contact: str = ""  # confidential: phone, email, address
    consented_on: date | None = None  # consent to mediate
    consent_how: str = ""
    consent_withdrawn_on: date | None = None
    party_to_agreement: bool = False

    @property
    def has_consented(self) -> bool:
        return self.consented_on is not None and self.consent_withdrawn_on is None


@dataclass(frozen=True)
class Meeting:
    id: int | None
    case_id: int
    kind: MeetingKind
    starts_at: datetime
    minutes: int | None = None
    place: str = ""
    attendee_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class Note:
    """Confidential to the mediator unless its source gave express consent to share it."""

    id: int | None
    case_id: int
    text: str
    written_at: datetime
    meeting_id: int | None = None
    source_party_id: int | None = None  # None: the mediator's own note
    share_with: tuple[int, ...] = ()  # party ids the source consented to share with
    consent_on: date | None = None
    consent_how: str = ""
    consent_withdrawn_on: date | None = None

    @property
    def shareable_with(self) -> tuple[int, ...]:
        """The parties this note may go to now: none without live, recorded consent."""
        if self.consent_on is None or self.consent_withdrawn_on is not None:
            return ()
        return self.share_with


@dataclass(frozen=True)
class Issue:
    id: int | None
    case_id: int
    kind: IssueKind
    text: str
    raised_by: int | None = None  # party id


@dataclass(frozen=True)
class Term:
    id: int | None
    case_id: int
    position: int
    text: str
    status: TermStatus = TermStatus.PROPOSED


@dataclass(frozen=True)
class Disclosure:
    """A use of a confidentiality exception: risk of harm, unlawful conduct, a court order."""

    id: int | None
    case_id: int
    on: date
    ground: DisclosureGround
    to: str
    what: str
    decided_by: str
    reason: str
