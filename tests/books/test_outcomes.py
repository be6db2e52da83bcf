"""Outcomes: recorded when a case closes, counted in working days and calendar days, and kept
when the confidential notes are destroyed."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest

from app.books.casebook import Casebook
from app.books.erasure import destroy_confidential_notes
from app.books.outcomes import close_case, late_first_contacts, record_outcome
from app.cases.outcomes import (
    FIRST_CONTACT_TARGET,
    Cause,
    CourtInvolvement,
    OutcomeAnswers,
    ReferralSource,
    Result,
    WithdrawnBy,
    check_answers,
)
from app.cases.records import Case, Meeting, MeetingKind, Note, Stage, Status
from app.errors import InvalidValue, ParleyError
from app.registers.calendar import Region
from app.registers.settings import REGION

ANSWERS = OutcomeAnswers(
    result=Result.AGREED_IN_PART,
    court=CourtInvolvement.PROCEEDINGS_ISSUED,
    hearing_avoided=True,
    referral_source=ReferralSource.HOSPITAL_LEGAL_TEAM,
    causes=frozenset({Cause.LOSS_OF_TRUST, Cause.TREATMENT_LIMITATION}),
    mediator_minutes=14 * 60 + 30,
)
# Thursday 17 April 2025: Good Friday and Easter Monday follow (England and Wales).
REFERRED = date(2025, 4, 17)


def _case(casebook: Casebook, reference: str = "MM-2025-001", **fields: object) -> Case:
    values: dict[str, object] = {"stage": Stage.EARLY, "referred_on": REFERRED, **fields}
    return casebook.cases.add(Case(None, reference, "A case", **values))  # type: ignore[arg-type]


def _meeting(casebook: Casebook, case: Case, kind: MeetingKind, when: datetime) -> None:
    assert case.id is not None
    casebook.meetings.add(Meeting(None, case.id, kind, when, 60))


def test_closing_keeps_the_anonymous_record_with_its_clocks(casebook: Casebook) -> None:
    case = _case(casebook)
    assert case.id is not None
    # Referred at the formal stage's start: it became eleventh hour later.
    casebook.cases.update(replace(case, stage=Stage.FORMAL))
    _meeting(casebook, case, MeetingKind.PRE_MEDIATION, datetime(2025, 4, 23, 10, 0))
    _meeting(casebook, case, MeetingKind.JOINT, datetime(2025, 5, 6, 10, 0))
    _meeting(casebook, case, MeetingKind.SUPPORT, datetime(2025, 5, 7, 9, 0))
    record = close_case(casebook, case.id, ANSWERS, today=date(2025, 6, 2))

    assert casebook.cases.get(case.id).status is Status.CLOSED
    assert record == casebook.outcomes.for_case(case.id)
    assert record.answers == ANSWERS
    assert (record.stage_at_referral, record.stage) == (Stage.EARLY, Stage.FORMAL)
    # Friday 18 and Monday 21 April are bank holidays: Tuesday 22 is the 1st working day.
    assert record.first_contact_working_days == 2
    assert record.meetings[MeetingKind.JOINT] == 1 and record.meetings[MeetingKind.SUPPORT] == 1
    closed_on = record.closed_on
    assert closed_on is not None and record.days_to_close == (closed_on - REFERRED).days
    assert [e.action for e in casebook.audit.entries("MM-2025-001")][-1] == "outcome recorded"


def test_the_region_counts_its_own_bank_holidays(casebook: Casebook) -> None:
    casebook.settings.set(REGION, Region.SCOTLAND.value)  # Easter Monday is not one there
    case = _case(casebook)
    assert case.id is not None
    _meeting(casebook, case, MeetingKind.PRE_MEDIATION, datetime(2025, 4, 23, 10, 0))
    record = close_case(casebook, case.id, ANSWERS, today=date(2025, 6, 2))
    assert record.first_contact_working_days == 3


def test_the_record_survives_destroying_the_confidential_notes(casebook: Casebook) -> None:
    case = _case(casebook, summary="Qz confidential summary")
    assert case.id is not None
    _meeting(casebook, case, MeetingKind.SEPARATE, datetime(2025, 4, 22, 14, 0))
    casebook.notes.add(Note(None, case.id, "Qz what the father said", datetime(2025, 4, 22, 15)))
    kept = close_case(casebook, case.id, ANSWERS, today=date(2025, 6, 2))

    destroy_confidential_notes(casebook, case.id)

    assert casebook.notes.for_case(case.id) == []
    assert casebook.outcomes.for_case(case.id) == kept
    assert casebook.outcomes.closed_between(date(2025, 1, 1), date(2099, 1, 1)) == [kept]


def test_the_record_outlives_the_case_itself(casebook: Casebook) -> None:
    case = _case(casebook)
    assert case.id is not None
    kept = close_case(casebook, case.id, ANSWERS, today=date(2025, 6, 2))
    casebook.cases.delete(case.id)
    assert casebook.outcomes.closed_between(date(2025, 1, 1), date(2099, 1, 1)) == [kept]


def test_reopening_drops_the_record_and_closing_again_asks_again(casebook: Casebook) -> None:
    case = _case(casebook)
    assert case.id is not None
    close_case(casebook, case.id, ANSWERS, today=date(2025, 6, 2))
    casebook.cases.update(replace(casebook.cases.get(case.id), status=Status.IN_MEDIATION))
    assert casebook.outcomes.for_case(case.id) is None
    again = replace(ANSWERS, result=Result.AGREED_IN_FULL)
    assert close_case(casebook, case.id, again, today=date(2025, 7, 1)).answers == again
    assert casebook.outcomes.count() == 1


def test_an_outcome_is_recorded_only_for_a_closed_case(casebook: Casebook) -> None:
    case = _case(casebook)
    assert case.id is not None
    with pytest.raises(ParleyError, match="not closed"):
        record_outcome(casebook, case.id, ANSWERS, today=date(2025, 6, 2))
    casebook.cases.update(replace(case, status=Status.CLOSED))  # closed before outcomes existed
    record = record_outcome(casebook, case.id, ANSWERS, today=date(2025, 6, 2))
    assert record.first_contact_working_days is None  # no meeting recorded


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"result": Result.WITHDRAWN}, "withdrawn_by"),
        ({"withdrawn_by": WithdrawnBy.FAMILY}, "withdrawn_by"),
        ({"court": CourtInvolvement.NONE}, "hearing_avoided"),
        ({"court": CourtInvolvement.DECIDED_BY_COURT}, "hearing_avoided"),
        ({"causes": frozenset()}, "causes"),
        ({"mediator_minutes": 0}, "mediator_minutes"),
        ({"mediator_minutes": 2_001 * 60}, "mediator_minutes"),
    ],
)
def test_answers_that_do_not_fit_are_refused_by_field(
    casebook: Casebook, changes: dict[str, object], field: str
) -> None:
    case = _case(casebook)
    assert case.id is not None
    bad = replace(ANSWERS, **changes)  # type: ignore[arg-type]
    with pytest.raises(InvalidValue) as refused:
        close_case(casebook, case.id, bad, today=date(2025, 6, 2))
    assert refused.value.field == field
    # Nothing half done: the case is still open and has no record.
    assert casebook.cases.get(case.id).status is Status.REFERRED
    assert casebook.outcomes.for_case(case.id) is None


def test_withdrawn_by_whom_is_kept() -> None:
    check_answers(replace(ANSWERS, result=Result.WITHDRAWN, withdrawn_by=WithdrawnBy.CLINICAL_TEAM))


def test_late_first_contacts_count_working_days(casebook: Casebook) -> None:
    # Referred Thursday 17 April 2025: due two working days later, Wednesday 23 April.
    waiting = _case(casebook, "MM-2025-001")
    contacted = _case(casebook, "MM-2025-002")
    consented = _case(casebook, "MM-2025-003", status=Status.AWAITING_CONSENT)
    assert contacted.id is not None and waiting.id is not None and consented.id
    _meeting(casebook, contacted, MeetingKind.PRE_MEDIATION, datetime(2025, 4, 22, 9, 0))

    assert late_first_contacts(casebook, date(2025, 4, 22)) == []
    [due_today] = late_first_contacts(casebook, date(2025, 4, 23))
    assert (due_today.case.reference, due_today.due_on) == ("MM-2025-001", date(2025, 4, 23))
    assert due_today.working_days_late == 0
    [late] = late_first_contacts(casebook, date(2025, 4, 28))
    assert late.working_days_late == 3  # Thursday, Friday, Monday

    casebook.settings.set(FIRST_CONTACT_TARGET, 6)  # 22, 23, 24, 25, 28 and 29 April
    assert late_first_contacts(casebook, date(2025, 4, 28)) == []
