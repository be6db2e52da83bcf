"""The anonymous outcome record of a case: what the service's statistics are made from.

It holds no name, no reference and no free text: the stage, the status, the dates of
referral and closure, and how many meetings of each kind there were. It is what a mediator
sends the office when a case closes (sealed file kind ``outcome``), and what the office
keeps. The issue on outcomes and statistics extends it (the result, court involvement, the
referral source, the causes, the mediator's hours); each field added here must be as
anonymous as these.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType

from app.cases.records import Case, Meeting, MeetingKind, Stage, Status
from app.cases.validation import check_date
from app.errors import InvalidValue, ParleyError


def _no_meetings() -> Mapping[MeetingKind, int]:
    return MappingProxyType(dict.fromkeys(MeetingKind, 0))


@dataclass(frozen=True)
class OutcomeRecord:
    stage: Stage
    status: Status
    referred_on: date | None
    closed_on: date | None
    #: How many meetings of each kind the case had (every kind present, 0 when none).
    meetings: Mapping[MeetingKind, int] = field(default_factory=_no_meetings)


class NotClosed(ParleyError):
    """An outcome is recorded when a case closes."""


def outcome_of(case: Case, meetings: Iterable[Meeting], *, closed_on: date | None) -> OutcomeRecord:
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
    )


#: The most meetings of one kind a case plausibly has; more is a damaged record.
MAX_MEETINGS = 10_000


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
