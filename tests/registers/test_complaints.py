"""Complaints: deadlines across Christmas and Easter, overdue flags, order, the store."""

from __future__ import annotations

import inspect
from dataclasses import replace
from datetime import date

import pytest

import app.registers.complaints
from app.books.casebook import Casebook
from app.cases.records import Case
from app.errors import InvalidValue
from app.registers.calendar import Region
from app.registers.complaints import (
    AcknowledgedBy,
    Channel,
    Complaint,
    ComplaintAbout,
    ComplaintStatus,
    DeadlineRules,
    acknowledgement_due,
    check_complaint,
    cmc_note,
    complaint_rows,
    one_month_after,
    response_due,
)
from app.registers.service import Registers
from app.registers.settings import COMPLAINT_RESPONSE_BASIS, COMPLAINT_RESPONSE_DAYS, REGION

EW, SCOT = Region.ENGLAND_WALES, Region.SCOTLAND
CALENDAR = DeadlineRules(EW)
WORKING = DeadlineRules(EW, response_in_working_days=True)


# Deadlines (the day of receipt never counts)


def test_acknowledgement_across_christmas() -> None:
    # Received Wednesday 23 December 2026: Thu 24 (1); Fri 25 Christmas, Mon 28 Boxing Day
    # (substitute) not counted; Tue 29 (2); Wed 30 (3).
    assert acknowledgement_due(date(2026, 12, 23), CALENDAR) == date(2026, 12, 30)
    assert acknowledgement_due(date(2026, 12, 24), CALENDAR) == date(2026, 12, 31)
    # Received on Christmas Eve 2027 (a Friday): 27 and 28 December are substitute days.
    assert acknowledgement_due(date(2027, 12, 24), CALENDAR) == date(2027, 12, 31)


def test_response_across_christmas_in_calendar_and_working_days() -> None:
    received = date(2026, 12, 23)
    # 25 calendar days, not moved although 17 January 2027 is a Sunday.
    assert response_due(received, CALENDAR) == date(2027, 1, 17)
    # 25 working days: Dec 24, 29, 30, 31 (4), then January without New Year's Day.
    assert response_due(received, WORKING) == date(2027, 2, 1)
    # Scotland also keeps 4 January 2027 (2nd January, substitute day).
    scottish = DeadlineRules(SCOT, response_in_working_days=True)
    assert response_due(received, scottish) == date(2027, 2, 2)


def test_deadlines_across_easter() -> None:
    received = date(2026, 4, 2)  # the Thursday before Good Friday
    assert acknowledgement_due(received, CALENDAR) == date(2026, 4, 9)  # Tue 7, Wed 8, Thu 9
    assert acknowledgement_due(received, DeadlineRules(SCOT)) == date(2026, 4, 8)  # no Easter Mon
    assert response_due(received, CALENDAR) == date(2026, 4, 27)
    # Good Friday, Easter Monday and the early May holiday (4 May) are all skipped.
    assert response_due(received, WORKING) == date(2026, 5, 12)


def test_a_complaint_received_at_a_weekend() -> None:
    saturday = date(2026, 3, 28)
    assert acknowledgement_due(saturday, CALENDAR) == date(2026, 4, 1)  # Mon, Tue, Wed


def test_the_number_of_response_days_is_a_rule() -> None:
    rules = DeadlineRules(EW, response_days=20)
    assert response_due(date(2026, 1, 5), rules) == date(2026, 1, 25)


@pytest.mark.parametrize(
    ("response", "limit"),
    [
        (date(2027, 1, 31), date(2027, 2, 28)),
        (date(2028, 1, 31), date(2028, 2, 29)),  # leap year
        (date(2026, 3, 31), date(2026, 4, 30)),
        (date(2026, 3, 15), date(2026, 4, 15)),
        (date(2026, 12, 31), date(2027, 1, 31)),
        (date(2026, 2, 28), date(2026, 3, 28)),
    ],
)
def test_the_civil_mediation_council_month(response: date, limit: date) -> None:
    assert one_month_after(response) == limit


def test_the_cmc_note_names_the_date() -> None:
    note = cmc_note(date(2027, 1, 31))
    assert "Civil Mediation Council" in note and "28 February 2027" in note


def test_the_module_documents_the_counting() -> None:
    doc = inspect.getdoc(app.registers.complaints) or ""
    assert "day a complaint is received is never counted" in doc


# Overdue flags and order (pure)


def complaint(cid: int, received: date, **changes: object) -> Complaint:
    base = Complaint(
        cid,
        received,
        Channel.EMAIL,
        f"Complainant {cid}",
        acknowledgement_due_on=acknowledgement_due(received, CALENDAR),
        response_due_on=response_due(received, CALENDAR),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def test_overdue_from_the_day_after_the_deadline() -> None:
    c = complaint(1, date(2026, 12, 23))  # acknowledgement due 30 Dec, response 17 Jan
    assert not c.acknowledgement_overdue(date(2026, 12, 30))
    assert c.acknowledgement_overdue(date(2026, 12, 31))
    assert not c.response_overdue(date(2027, 1, 17))
    assert c.response_overdue(date(2027, 1, 18))
    acknowledged = replace(c, status=ComplaintStatus.ACKNOWLEDGED, acknowledged_on=date(2027, 1, 2))
    assert not acknowledged.acknowledgement_overdue(date(2027, 1, 5))
    assert acknowledged.next_deadline == date(2027, 1, 17)
    responded = replace(acknowledged, response_sent_on=date(2027, 1, 20))
    assert not responded.overdue(date(2027, 3, 1))
    assert responded.next_deadline is None
    closed = replace(c, status=ComplaintStatus.CLOSED, closed_on=date(2027, 1, 1))
    assert not closed.overdue(date(2028, 1, 1)) and closed.next_deadline is None


def test_the_list_is_sorted_by_the_next_deadline_with_closed_last() -> None:
    late = complaint(1, date(2026, 3, 2))  # acknowledgement due Thu 5 March
    early = complaint(2, date(2026, 2, 2))  # due Thu 5 February
    acknowledged = complaint(  # only the response is outstanding: 27 February
        3, date(2026, 2, 2), status=ComplaintStatus.ACKNOWLEDGED, acknowledged_on=date(2026, 2, 3)
    )
    responded = complaint(
        4, date(2026, 1, 5), status=ComplaintStatus.RESPONDED, response_sent_on=date(2026, 1, 20)
    )
    closed = complaint(
        5, date(2026, 1, 1), status=ComplaintStatus.CLOSED, closed_on=date(2026, 2, 1)
    )
    rows = complaint_rows([closed, responded, late, acknowledged, early], date(2026, 3, 1))
    assert [r.complaint.id for r in rows] == [2, 3, 1, 4, 5]
    assert [r.next_deadline for r in rows] == [
        date(2026, 2, 5),
        date(2026, 2, 27),
        date(2026, 3, 5),
        None,
        None,
    ]
    assert [r.overdue for r in rows] == [True, True, False, False, False]
    assert rows[0].acknowledgement_overdue and not rows[1].acknowledgement_overdue


@pytest.mark.parametrize(
    ("field", "changes"),
    [
        ("complainant_name", {"complainant_name": " "}),
        ("received_on", {"received_on": date(1800, 1, 1)}),
        ("acknowledged_on", {"acknowledged_on": date(2026, 1, 1)}),
        ("complainant_contact", {"complainant_contact": "a\x00b"}),
    ],
)
def test_errors_name_their_field(field: str, changes: dict[str, object]) -> None:
    with pytest.raises(InvalidValue) as refused:
        check_complaint(complaint(1, date(2026, 2, 2), **changes))
    assert refused.value.field == field


# The store and the services


def new(registers: Registers, received: date = date(2026, 12, 23), **changes: object) -> Complaint:
    fresh = Complaint(
        None,
        received,
        Channel.LETTER,
        "Zoë Łukasz-Nuñez",
        "zoe@example.org",
        ComplaintAbout.MEDIATOR,
        "Felt the mediator took sides",
    )
    return registers.record_complaint(replace(fresh, **changes))  # type: ignore[arg-type]


def test_a_complaint_round_trips_through_its_lifecycle(casebook: Casebook) -> None:
    registers = Registers(casebook.connection, audit=casebook.audit)
    casebook.cases.add(Case(None, "MM-2026-001", "A case"))
    recorded = new(registers, case_reference="MM-2026-001")
    assert recorded.reference == f"CP-{recorded.id:05d}"
    assert recorded.status is ComplaintStatus.RECEIVED
    assert recorded.case_reference == "MM-2026-001"
    assert recorded.acknowledgement_due_on == date(2026, 12, 30)
    assert recorded.response_due_on == date(2027, 1, 17)
    assert registers.complaints.get(recorded.id or 0) == recorded
    cid = recorded.id or 0
    acknowledged = registers.acknowledge_complaint(cid, date(2026, 12, 24), AcknowledgedBy.EMAIL)
    assert acknowledged.status is ComplaintStatus.ACKNOWLEDGED
    assert acknowledged.acknowledged_how is AcknowledgedBy.EMAIL
    assert registers.start_investigation(cid).status is ComplaintStatus.UNDER_INVESTIGATION
    responded = registers.record_response(cid, date(2027, 1, 15), "Partly upheld; apology sent")
    assert responded.status is ComplaintStatus.RESPONDED
    assert responded.cmc_referral_by == date(2027, 2, 15)
    closed = registers.close_complaint(cid, date(2027, 2, 20))
    assert closed.status is ComplaintStatus.CLOSED and closed.outcome.startswith("Partly")
    actions = [(e.action, e.detail) for e in casebook.audit.entries()]
    ref = recorded.reference
    for expected in ("complaint recorded", "complaint acknowledged", "complaint response sent"):
        assert any(a == expected and ref in d for a, d in actions)
    details = " ".join(d for _, d in actions)
    assert "Zoë" not in details and "upheld" not in details and "sides" not in details


def test_an_unknown_case_reference_is_refused(casebook: Casebook) -> None:
    registers = Registers(casebook.connection)
    with pytest.raises(InvalidValue) as refused:
        new(registers, case_reference="MM-1999-999")
    assert refused.value.field == "case_reference"
    assert registers.complaints.all() == []


def test_erasing_the_case_keeps_the_complaint(casebook: Casebook) -> None:
    registers = Registers(casebook.connection)
    case = casebook.cases.add(Case(None, "MM-2026-002", "Another case"))
    recorded = new(registers, case_reference=case.reference)
    casebook.cases.delete(case.id or 0)
    assert registers.complaints.get(recorded.id or 0).case_reference == ""


def test_steps_out_of_order_are_refused(casebook: Casebook) -> None:
    registers = Registers(casebook.connection)
    cid = new(registers).id or 0
    with pytest.raises(InvalidValue, match="acknowledged_on"):
        registers.acknowledge_complaint(cid, date(2026, 12, 1), AcknowledgedBy.PHONE)
    with pytest.raises(InvalidValue, match="outcome"):
        registers.record_response(cid, date(2027, 1, 5), "  ")
    registers.acknowledge_complaint(cid, date(2026, 12, 29), AcknowledgedBy.PHONE)
    with pytest.raises(InvalidValue, match="already been acknowledged"):
        registers.acknowledge_complaint(cid, date(2026, 12, 30), AcknowledgedBy.PHONE)
    with pytest.raises(InvalidValue, match="before the acknowledgement"):
        registers.record_response(cid, date(2026, 12, 28), "Not upheld")
    registers.close_complaint(cid, date(2027, 1, 2))
    with pytest.raises(InvalidValue, match="already closed"):
        registers.record_response(cid, date(2027, 1, 5), "Not upheld")
    with pytest.raises(InvalidValue, match="status"):
        registers.record_complaint(
            Complaint(None, date(2026, 1, 5), Channel.PHONE, "X", status=ComplaintStatus.CLOSED)
        )


def test_settings_set_the_deadlines_of_new_complaints_only(casebook: Casebook) -> None:
    registers = Registers(casebook.connection)
    first = new(registers)
    casebook.settings.set(COMPLAINT_RESPONSE_BASIS, "working")
    casebook.settings.set(REGION, Region.SCOTLAND.value)
    second = new(registers)
    assert second.response_due_on == date(2027, 2, 2)
    assert registers.complaints.get(first.id or 0).response_due_on == date(2027, 1, 17)
    # Editing details keeps the deadlines; a corrected date of receipt moves them.
    renamed = registers.update_complaint(replace(first, complainant_name="Siân Roberts"))
    assert renamed.response_due_on == date(2027, 1, 17)
    casebook.settings.set(COMPLAINT_RESPONSE_DAYS, 20)
    moved = registers.update_complaint(replace(first, received_on=date(2026, 12, 22)))
    assert moved.acknowledgement_due_on == date(2026, 12, 29)
    # 20 Scottish working days from 22 December: 23, 24, 29, 30, 31 December, then 5 January on.
    assert moved.response_due_on == date(2027, 1, 25)
    with pytest.raises(InvalidValue):
        casebook.settings.set(COMPLAINT_RESPONSE_BASIS, "fortnights")


def test_the_dashboard_lists_due_and_overdue(casebook: Casebook) -> None:
    registers = Registers(casebook.connection)
    overdue = new(registers, date(2026, 12, 1))  # acknowledgement due 4 December
    due_soon = new(registers, date(2026, 12, 23))  # acknowledgement due 30 December
    later = new(registers, date(2027, 1, 20))
    answered = new(registers, date(2026, 12, 2))
    registers.record_response(answered.id or 0, date(2026, 12, 4), "Resolved")
    today = date(2026, 12, 28)
    due = registers.complaints_due(today, days=7)
    assert [r.complaint.id for r in due] == [overdue.id, due_soon.id]
    assert due[0].acknowledgement_overdue and not due[1].overdue
    every = [r.complaint.id for r in registers.complaint_rows(today)]
    assert every == [overdue.id, due_soon.id, later.id, answered.id]
    assert registers.complaint_rows(today)[-1].next_deadline is None
    assert due[0].complaint.next_deadline == date(2026, 12, 4)


def test_how_the_complainant_asked_to_be_answered_is_kept_and_checked(casebook: Casebook) -> None:
    registers = casebook.registers
    stored = new(registers, answer_by=AcknowledgedBy.LETTER)
    assert stored.answer_by is AcknowledgedBy.LETTER and stored.answer_warning == ""
    assert stored.id is not None
    by_email = registers.acknowledge_complaint(stored.id, date(2026, 12, 24), AcknowledgedBy.EMAIL)
    assert by_email.answer_warning == (
        "The complainant asked to be answered by letter, but the acknowledgement was sent by "
        "e-mail. Send the response by letter."
    )
    changed = registers.update_complaint(replace(by_email, answer_by=AcknowledgedBy.EMAIL))
    assert changed.answer_by is AcknowledgedBy.EMAIL and changed.answer_warning == ""
    unsaid = registers.update_complaint(replace(changed, answer_by=None))
    assert unsaid.answer_warning == ""  # nothing asked, nothing to warn about
