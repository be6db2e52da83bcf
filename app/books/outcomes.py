"""Closing a case with its outcome, and the referral clock (time to first contact).

The anonymous outcome record is made here, where both the case and the register settings
are at hand: the working days from referral to first contact are counted with the bank
holidays of the region set in Parley, at the moment the case closes, and kept in the record,
so that a later change of region never rewrites a closed case's figures.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from app.books.casebook import Casebook
from app.cases.outcomes import (
    FIRST_CONTACT_TARGET,
    OutcomeAnswers,
    OutcomeRecord,
    check_answers,
    first_contact,
    outcome_of,
)
from app.cases.records import Case, CaseListRow, Status
from app.errors import ParleyError
from app.registers.calendar import add_working_days, working_days_between

ACTION = "outcome recorded"
#: Statuses by which the mediator has plainly been in touch (consent asked for, or more).
_CONTACTED = frozenset(Status) - {Status.REFERRED, Status.CONTACTING}


def close_case(casebook: Casebook, case_id: int, answers: OutcomeAnswers, *, today: date
               ) -> OutcomeRecord:  # fmt: skip
    """Close the case and keep its outcome record, together or not at all."""
    check_answers(answers)
    with casebook.transaction():
        case = casebook.cases.get(case_id)
        if case.status is not Status.CLOSED:
            case = casebook.cases.update(replace(case, status=Status.CLOSED))
        return _keep(casebook, case, answers, today)


def record_outcome(casebook: Casebook, case_id: int, answers: OutcomeAnswers, *, today: date
                   ) -> OutcomeRecord:  # fmt: skip
    """Record (or correct) the outcome of a case already closed."""
    check_answers(answers)
    with casebook.transaction():
        case = casebook.cases.get(case_id)
        if case.status is not Status.CLOSED:
            raise ParleyError(
                f"{case.reference} is not closed; its outcome is recorded when it closes."
            )
        return _keep(casebook, case, answers, today)


def _keep(casebook: Casebook, case: Case, answers: OutcomeAnswers, today: date) -> OutcomeRecord:
    assert case.id is not None
    stage_at_referral, closed_on = casebook.cases.referral_stage_and_closure(case.id)
    meetings = casebook.meetings.for_case(case.id)
    contact = first_contact(case, meetings, today=closed_on or today)
    days = None
    if case.referred_on is not None and contact is not None:
        region = casebook.registers.region
        days = max(0, working_days_between(case.referred_on, contact, region))
    record = outcome_of(
        case,
        meetings,
        closed_on=closed_on or today,
        stage_at_referral=stage_at_referral,
        first_contact_working_days=days,
        answers=answers,
    )
    stored = casebook.outcomes.keep(case.id, record)
    casebook.audit.record(ACTION, case_reference=case.reference)
    return stored


@dataclass(frozen=True)
class LateContact:
    """An open case still waiting for its first contact past (or on) the target day."""

    case: CaseListRow
    due_on: date
    working_days_late: int  # 0: due today


def late_first_contacts(casebook: Casebook, today: date) -> list[LateContact]:
    """Cases referred, not yet contacted, whose first contact is due by ``today``.

    A case counts as contacted once a meeting has taken place (a first call is recorded as
    a pre-mediation contact) or its status shows the mediator has been in touch (awaiting
    consent or later); the target is a setting
    (working days, 2 unless changed), counted with the region's bank holidays.
    """
    target = casebook.settings.get(FIRST_CONTACT_TARGET)
    region = casebook.registers.region
    late = []
    for row in casebook.cases.list_rows():
        if row.status in _CONTACTED or row.referred_on is None:
            continue
        case = casebook.cases.get(row.id)
        if first_contact(case, casebook.meetings.for_case(row.id), today=today) is not None:
            continue
        due = add_working_days(row.referred_on, target, region)
        if due <= today:
            late.append(LateContact(row, due, working_days_between(due, today, region)))
    return sorted(late, key=lambda c: (c.due_on, c.case.reference))
