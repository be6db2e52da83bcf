"""The Overview's case fields: each writes only itself, reads back what it wrote, and court
details emptied field by field leave no court behind."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.cases.records import Case, Court, CourtAgreement, Patient, Stage, Status
from ui.workspace import case_fields as fields
from ui.workspace.case_fields import CaseField

FULL = Case(
    7, "MM-2026-011", "Continuing ventilation on PICU", Stage.ELEVENTH_HOUR, Status.IN_MEDIATION,
    "Kingsmere", "PICU", date(2026, 3, 2), "Dr Nowak", "The summary",
    Patient("Oliver Pritchard", date(2022, 1, 5), "9434765919", "K123"),
    Court("High Court, Family Division", "FD26P00123", date(2026, 6, 1)), date(2026, 4, 1),
)  # fmt: skip
EMPTY = Case(8, "MM-2026-012", "Second opinion")
TEXTS = st.text(max_size=30)
DATES = st.none() | st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31))
VALUES: dict[str, st.SearchStrategy[Any]] = {
    "status": st.sampled_from(Status),
    "referred_on": DATES,
    "patient.date_of_birth": DATES,
    "court.next_hearing": DATES,
    "court.parties_wish_to_mediate_on": DATES,
    "court.agreement": st.tuples(DATES, st.none() | st.sampled_from(CourtAgreement)),
}
ALL = [value for value in vars(fields).values() if isinstance(value, CaseField)]


def test_every_field_of_the_overview_is_here() -> None:
    assert {f.key for f in ALL} == {
        "reference", "title", "status", "hospital", "team", "referred_on", "referred_by",
        "summary", "patient.name", "patient.date_of_birth", "patient.nhs_number",
        "patient.hospital_number", "court.name", "court.reference", "court.next_hearing",
        "court.parties_wish_to_mediate_on", "court.agreement",
    }  # fmt: skip


@pytest.mark.parametrize("field", ALL, ids=lambda f: f.key)
@given(data=st.data(), case=st.sampled_from([FULL, EMPTY]))
def test_a_field_writes_itself_only(field: CaseField[Any], data: st.DataObject, case: Case) -> None:
    value = data.draw(VALUES.get(field.key, TEXTS))
    written = field.write(case, value)
    assert field.read(written) == value
    for other in ALL:
        if other is not field:
            assert other.read(written) == other.read(case), other.key
    assert (written.id, written.stage, written.agreed_on) == (case.id, case.stage, case.agreed_on)


def test_court_details_emptied_one_by_one_leave_no_court() -> None:
    case = replace(
        FULL,
        court=replace(
            FULL.court or Court(),
            parties_wish_to_mediate_on=date(2026, 3, 5),
            court_agreed_on=date(2026, 3, 6),
            court_agreed_by=CourtAgreement.ORDER,
        ),
    )
    empties: tuple[object, ...] = ("", "", None, None, (None, None))
    for field, empty in zip(fields.COURT_FIELDS, empties, strict=True):
        assert case.court is not None
        case = field.write(case, empty)
    assert case.court is None
    assert fields.COURT_NAME.read(case) == "" and fields.NEXT_HEARING.read(case) is None
    assert replace(case, court=FULL.court) == FULL
