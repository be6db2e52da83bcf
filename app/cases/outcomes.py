"""The anonymous outcome record of a case: what the service's statistics are made from.

It holds no name, no reference and no free text. From the case, at the moment it closes:
the stage at referral and at close, the status, the dates of referral and closure, how many
meetings of each kind there were, and the working days from the referral to the first
contact (the first meeting that took place). From the mediator (``OutcomeAnswers``, asked
when the case closes): the result (and who withdrew, if it was withdrawn), the court's
involvement and whether mediation avoided a hearing, where the referral came from, the
causes of the disagreement from a fixed list, and the mediator's hours.

It is kept for every closed case apart from the case's records, so it survives the
destruction of the confidential notes (and even the case's deletion); it is what a mediator
sends the office when a case closes (sealed file kind ``outcome``), and what the office
keeps. A record received from a Parley that did not yet ask the mediator has no answers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from types import MappingProxyType

from app.cases.records import Case, Meeting, MeetingKind, Stage, Status
from app.cases.validation import check_date
from app.errors import InvalidValue, ParleyError
from app.settings import Setting, register

#: The most hours a mediator plausibly gives one case; more is a typing slip.
MAX_MEDIATOR_HOURS = 2_000
#: The most meetings of one kind a case plausibly has; more is a damaged record.
MAX_MEETINGS = 10_000
MAX_WORKING_DAYS = 10_000

#: The referral-response target: first contact within this many working days of referral.
FIRST_CONTACT_TARGET = Setting[int](
    "first_contact_target_working_days",
    2,
    "First contact due within (working days of the referral)",
    1,
    60,
)
register(FIRST_CONTACT_TARGET)


class Result(StrEnum):
    AGREED_IN_FULL = "agreed_in_full"
    AGREED_IN_PART = "agreed_in_part"
    NOT_AGREED = "not_agreed"
    WITHDRAWN = "withdrawn"
    REFERRED_ELSEWHERE = "referred_elsewhere"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class WithdrawnBy(StrEnum):
    FAMILY = "family"
    CLINICAL_TEAM = "clinical_team"

    @property
    def label(self) -> str:
        return "The family" if self is WithdrawnBy.FAMILY else "The clinical team"


class CourtInvolvement(StrEnum):
    NONE = "none"
    THREATENED = "threatened"
    PROCEEDINGS_ISSUED = "proceedings_issued"
    HEARING_LISTED = "hearing_listed"
    DECIDED_BY_COURT = "decided_by_court"

    @property
    def label(self) -> str:
        return _COURT_LABELS[self]


_COURT_LABELS = {
    CourtInvolvement.NONE: "None",
    CourtInvolvement.THREATENED: "Threatened",
    CourtInvolvement.PROCEEDINGS_ISSUED: "Proceedings issued",
    CourtInvolvement.HEARING_LISTED: "Hearing listed",
    CourtInvolvement.DECIDED_BY_COURT: "Decided by the court",
}
#: Where a hearing was in view, so that mediation could avoid it.
HEARING_IN_VIEW = frozenset(
    {
        CourtInvolvement.THREATENED,
        CourtInvolvement.PROCEEDINGS_ISSUED,
        CourtInvolvement.HEARING_LISTED,
    }
)


class ReferralSource(StrEnum):
    CLINICAL_TEAM = "clinical_team"
    FAMILY = "family"
    HOSPITAL_LEGAL_TEAM = "hospital_legal_team"
    ETHICS_COMMITTEE = "ethics_committee"
    OTHER = "other"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class Cause(StrEnum):
    """The causes of the disagreement, from the fixed list of the design."""

    COMMUNICATION_BREAKDOWN = "communication_breakdown"
    LOSS_OF_TRUST = "loss_of_trust"
    TREATMENT_LIMITATION = "treatment_limitation"
    STARTING_TREATMENT = "starting_treatment"
    PLACE_OF_CARE = "place_of_care"
    PAIN_AND_SYMPTOMS = "pain_and_symptoms"
    EXPECTATIONS_OF_RECOVERY = "expectations_of_recovery"
    VALUES_OR_FAITH = "values_or_faith"
    FAMILY_DISAGREEMENT = "family_disagreement"
    OTHER = "other"

    @property
    def label(self) -> str:
        return _CAUSE_LABELS[self]


_CAUSE_LABELS = {
    Cause.COMMUNICATION_BREAKDOWN: "Communication breakdown",
    Cause.LOSS_OF_TRUST: "Loss of trust",
    Cause.TREATMENT_LIMITATION: "Treatment limitation or withdrawal",
    Cause.STARTING_TREATMENT: "Starting or continuing a treatment",
    Cause.PLACE_OF_CARE: "Place of care or discharge",
    Cause.PAIN_AND_SYMPTOMS: "Pain and symptom management",
    Cause.EXPECTATIONS_OF_RECOVERY: "Expectations of recovery",
    Cause.VALUES_OR_FAITH: "Values or faith",
    Cause.FAMILY_DISAGREEMENT: "Family disagreement",
    Cause.OTHER: "Other",
}


@dataclass(frozen=True)
class OutcomeAnswers:
    """What the mediator records when a case closes."""

    result: Result
    court: CourtInvolvement
    hearing_avoided: bool
    referral_source: ReferralSource
    causes: frozenset[Cause]
    mediator_minutes: int
    withdrawn_by: WithdrawnBy | None = None

    @property
    def mediator_hours(self) -> float:
        return self.mediator_minutes / 60


def _no_meetings() -> Mapping[MeetingKind, int]:
    return MappingProxyType(dict.fromkeys(MeetingKind, 0))


@dataclass(frozen=True)
class OutcomeRecord:
    stage: Stage  # at close
    status: Status
    referred_on: date | None
    closed_on: date | None
    #: How many meetings of each kind the case had (every kind present, 0 when none).
    meetings: Mapping[MeetingKind, int] = field(default_factory=_no_meetings)
    stage_at_referral: Stage | None = None
    #: Working days from the referral to the first meeting that took place; ``None`` when
    #: either is not recorded.
    first_contact_working_days: int | None = None
    answers: OutcomeAnswers | None = None

    @property
    def days_to_close(self) -> int | None:
        """Calendar days from the referral to the closure."""
        if self.referred_on is None or self.closed_on is None:
            return None
        return (self.closed_on - self.referred_on).days


@dataclass(frozen=True)
class ClosedCounts:
    """The outcome records of the cases closed in a period, counted for the statistics.

    Counted by the database in three grouped queries (``app.cases.stores.outcomes.
    count_closed``) rather than read as records: a year of a busy service is ten thousand
    of them. ``None`` in a key stands for
    a record without the mediator's answers (from a Parley that did not yet ask them).
    """

    cases: int = 0
    #: By (result, who withdrew, stage at close).
    results: Mapping[tuple[Result | None, WithdrawnBy | None, Stage], int] = field(
        default_factory=dict
    )
    #: By (court involvement, whether a hearing was avoided).
    court: Mapping[tuple[CourtInvolvement | None, bool], int] = field(default_factory=dict)
    sources: Mapping[ReferralSource | None, int] = field(default_factory=dict)
    #: Cases with each cause (a case may have several).
    causes: Mapping[Cause, int] = field(default_factory=dict)
    #: Each case's working days to first contact, where known, smallest first.
    first_contact_days: tuple[int, ...] = ()
    #: Each case's calendar days from referral to closure, where both are known, smallest first.
    days_to_close: tuple[int, ...] = ()

    @property
    def unanswered(self) -> int:
        """Cases closed without the mediator's answers."""
        return self.sources.get(None, 0)


class NotClosed(ParleyError):
    """An outcome is recorded when a case closes."""


def first_contact(case: Case, meetings: Iterable[Meeting], *, today: date) -> date | None:
    """The day of the case's first meeting that has taken place by ``today`` (its first
    contact), or ``None``."""
    days = [m.starts_at.date() for m in meetings if m.case_id == case.id]
    held = [day for day in days if day <= today]
    return min(held, default=None)


def outcome_of(
    case: Case,
    meetings: Iterable[Meeting],
    *,
    closed_on: date | None,
    stage_at_referral: Stage | None = None,
    first_contact_working_days: int | None = None,
    answers: OutcomeAnswers | None = None,
) -> OutcomeRecord:
    """The anonymous record of a closed case, counting its meetings by kind."""
    if case.status is not Status.CLOSED:
        raise NotClosed(
            f"Case {case.reference} is not closed yet; its outcome is recorded when it closes."
        )
    counts = dict.fromkeys(MeetingKind, 0)
    for meeting in meetings:
        if meeting.case_id == case.id:
            counts[meeting.kind] += 1
    return OutcomeRecord(
        stage=case.stage,
        status=case.status,
        referred_on=case.referred_on,
        closed_on=closed_on,
        meetings=MappingProxyType(counts),
        stage_at_referral=stage_at_referral,
        first_contact_working_days=first_contact_working_days,
        answers=answers,
    )


def check_answers(answers: OutcomeAnswers) -> None:
    """The rules of the mediator's answers (``InvalidValue`` names the field)."""
    withdrawn = answers.result is Result.WITHDRAWN
    if withdrawn and answers.withdrawn_by is None:
        raise InvalidValue("withdrawn_by", "say who withdrew: the family or the clinical team")
    if not withdrawn and answers.withdrawn_by is not None:
        raise InvalidValue("withdrawn_by", "only a withdrawn case says who withdrew")
    if answers.hearing_avoided and answers.court not in HEARING_IN_VIEW:
        raise InvalidValue(
            "hearing_avoided",
            "a hearing can only have been avoided where one was threatened, issued or listed",
        )
    if not answers.causes:
        raise InvalidValue("causes", "choose at least one cause of the disagreement")
    if not 0 < answers.mediator_minutes <= MAX_MEDIATOR_HOURS * 60:
        raise InvalidValue(
            "mediator_minutes",
            f"give the hours spent, more than 0 and at most {MAX_MEDIATOR_HOURS:,}",
        )


def check_outcome(record: OutcomeRecord) -> None:
    """The rules an outcome record keeps (``InvalidValue`` names the field)."""
    check_date("referred_on", record.referred_on)
    check_date("closed_on", record.closed_on)
    if record.referred_on and record.closed_on and record.closed_on < record.referred_on:
        raise InvalidValue("closed_on", "this is before the referral")
    if set(record.meetings) != set(MeetingKind):
        raise InvalidValue("meetings", "every kind of meeting must be counted")
    for kind, count in record.meetings.items():
        if not 0 <= count <= MAX_MEETINGS:
            raise InvalidValue(f"meetings.{kind.value}", "this is not a plausible count")
    days = record.first_contact_working_days
    if days is not None and not 0 <= days <= MAX_WORKING_DAYS:
        raise InvalidValue("first_contact_working_days", "this is not a plausible count")
    if record.answers is not None:
        check_answers(record.answers)
