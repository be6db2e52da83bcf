"""Subject access requests: the one-month deadline, extensions, the register and its audit."""

from __future__ import annotations

import calendar
from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.books.access_pack import access_pack
from app.books.casebook import Casebook
from app.books.office_book import OfficeBook
from app.cases.records import Case, Party, PartyRole, Side
from app.errors import InvalidValue, ParleyError
from app.registers.access_requests import AccessRequest, check_request, due_soon

REQUEST = AccessRequest(None, date(2026, 1, 31), "Siân Pritchard", "sian@example.org")


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (date(2026, 1, 31), date(2026, 2, 28)),  # no 31 February: that month's last day
        (date(2028, 1, 31), date(2028, 2, 29)),  # a leap year
        (date(2026, 3, 15), date(2026, 4, 15)),  # the same date next month
        (date(2026, 12, 31), date(2027, 1, 31)),  # across the year
        (date(2026, 5, 31), date(2026, 6, 30)),
    ],
)
def test_due_one_calendar_month_after_receipt(received: date, due: date) -> None:
    assert replace(REQUEST, received_on=received).due_on == due


def test_extension_by_up_to_two_further_months_with_a_reason() -> None:
    extended = replace(REQUEST, extension_months=2, extension_reason="Several requests at once")
    assert extended.due_on == date(2026, 4, 30)  # three months from 31 January
    with pytest.raises(InvalidValue) as refused:
        check_request(replace(REQUEST, extension_months=1))
    assert refused.value.field == "extension_reason"
    with pytest.raises(InvalidValue) as refused:
        check_request(replace(extended, extension_months=3))
    assert refused.value.field == "extension_months"


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2190, 12, 31)),
       st.integers(min_value=0, max_value=2))  # fmt: skip
def test_the_deadline_is_the_same_day_or_the_months_last(received: date, extra: int) -> None:
    due = replace(REQUEST, received_on=received, extension_months=extra,
                  extension_reason="x" if extra else "").due_on  # fmt: skip
    months = (due.year - received.year) * 12 + due.month - received.month
    assert months == 1 + extra
    # The same date, or that month's last day when it has no such date.
    assert due.day == min(received.day, calendar.monthrange(due.year, due.month)[1])


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"requester": " "}, "requester"),
        ({"identity_checked_on": date(2026, 2, 2)}, "identity_checked_how"),
        ({"identity_checked_how": "Passport seen"}, "identity_checked_on"),
        ({"identity_checked_on": date(2026, 1, 1), "identity_checked_how": "x"},
         "identity_checked_on"),
        ({"responded_on": date(2026, 2, 10)}, "identity_checked_on"),
        ({"responded_on": date(2026, 1, 2)}, "responded_on"),
    ],
)  # fmt: skip
def test_bad_requests_are_refused_by_field(changes: dict[str, object], field: str) -> None:
    with pytest.raises(InvalidValue) as refused:
        check_request(replace(REQUEST, **changes))  # type: ignore[arg-type]
    assert refused.value.field == field


def test_overdue_until_answered() -> None:
    assert not REQUEST.overdue(date(2026, 2, 28))
    assert REQUEST.overdue(date(2026, 3, 1))
    assert REQUEST.state(date(2026, 3, 1)) == "Overdue: the answer was due 28 February 2026"
    checked = replace(REQUEST, identity_checked_on=date(2026, 2, 2), identity_checked_how="Known")
    answered = replace(checked, responded_on=date(2026, 3, 2))
    assert not answered.overdue(date(2026, 3, 10))
    assert answered.state(date(2026, 3, 10)) == "Answered 2 March 2026 (late)"


def test_the_register_records_progress_and_audits_by_reference(casebook: Casebook) -> None:
    registers = casebook.registers
    stored = registers.record_access_request(REQUEST)
    assert stored.reference == "SAR-00001"
    checked = registers.update_access_request(
        replace(stored, identity_checked_on=date(2026, 2, 2), identity_checked_how="Passport")
    )
    registers.update_access_request(
        replace(checked, extension_months=1, extension_reason="Complex: three cases")
    )

    # As the dashboard asks: the open requests, those due within the week.
    def due(today: date) -> list[str]:
        return [r.reference for r in due_soon(registers.access_requests_open(), today, 7)]

    assert due(date(2026, 3, 25)) == ["SAR-00001"]
    assert due(date(2026, 3, 1)) == []  # due 31 March
    answered = replace(registers.access_requests.get(1), responded_on=date(2026, 3, 20))
    registers.update_access_request(answered)
    assert due(date(2026, 5, 1)) == []
    actions = [(e.action, e.detail) for e in casebook.audit.entries()
               if "access request" in e.action]  # fmt: skip
    assert actions == [
        ("subject access request recorded", "SAR-00001"),
        ("subject access request identity checked", "SAR-00001"),
        ("subject access request extended", "SAR-00001 to 2026-03-31"),
        ("subject access request answered", "SAR-00001"),
    ]
    assert all("Siân" not in detail for _, detail in actions)


def test_a_casebook_request_names_its_party_records(casebook: Casebook) -> None:
    case = casebook.cases.add(Case(None, "MM-2026-001", "A case"))
    assert case.id is not None
    party = casebook.parties.add(Party(None, case.id, "Siân Pritchard", PartyRole.PARENT,
                                       Side.FAMILY))  # fmt: skip
    assert party.id is not None
    bare = casebook.registers.record_access_request(REQUEST)
    assert bare.id is not None
    with pytest.raises(ParleyError, match="names no party record"):
        access_pack(casebook, bare.id)
    linked = casebook.registers.update_access_request(replace(bare, party_ids=(party.id,)))
    assert linked.party_ids == (party.id,)
    assert {i.key for i in access_pack(casebook, bare.id).selected()} == {f"party:{party.id}"}
    with pytest.raises(InvalidValue) as refused:
        casebook.registers.update_access_request(replace(bare, party_ids=(999,)))
    assert refused.value.field == "party_ids"


def test_the_office_keeps_the_register_without_party_records(office_book: OfficeBook) -> None:
    stored = office_book.registers.record_access_request(REQUEST)
    assert office_book.registers.access_requests.all() == [stored]
    with pytest.raises(InvalidValue):
        office_book.registers.record_access_request(replace(REQUEST, party_ids=(1,)))
