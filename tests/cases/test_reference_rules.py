"""A case reference is a name, never a path: no / or \\, no control characters, no leading dot.

References end up in file names (an exported agreement, a letter) and in folders people
browse; ``../../../../tmp/evil`` used to be accepted at import and stored. Every place a
reference is made refuses such a value with a reason; a casebook that already holds one
still opens, shows it, and saves the case's other fields.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.books.casebook import Casebook
from app.books.office_book import OfficeBook
from app.cases.opening import OpeningDetails, check_opening_details
from app.cases.records import Case
from app.cases.validation import check_reference
from app.errors import ImportRejected, InvalidValue
from app.exchange.importer import import_document
from app.registers.complaints import Channel, Complaint, ComplaintAbout

EVIL = "../../../../tmp/evil"
REFUSED = {
    EVIL: "cannot contain / or \\",
    "MM/2026/001": "cannot contain / or \\",
    "MM\\2026\\001": "cannot contain / or \\",
    ".hidden": "cannot start with a dot",
    "..": "cannot start with a dot",
    "MM-2026\x00-001": "control character",
    "MM-2026\x85-001": "control character",  # NEL, a C1 control
    "MM-2026\u202e100-": "control character",  # right-to-left override: disguises text
    "MM\u2028001": "control character",  # line separator
}
ACCEPTED = ["MM-2026-001", "Case 7", "FD26P00123", "Siân-2026.4", "A.B", "北京-12", "x"]


@pytest.mark.parametrize("reference", REFUSED)
def test_a_new_case_with_such_a_reference_is_refused_with_the_reason(
    casebook: Casebook, reference: str
) -> None:
    with pytest.raises(InvalidValue) as refused:
        casebook.cases.add(Case(None, reference, "A case"))
    assert refused.value.field == "reference"
    assert REFUSED[reference] in refused.value.reason
    assert casebook.cases.count() == 0


@pytest.mark.parametrize("reference", ACCEPTED)
def test_ordinary_references_are_accepted(casebook: Casebook, reference: str) -> None:
    assert casebook.cases.add(Case(None, reference, "A case")).reference == reference


@settings(max_examples=300, deadline=None)
@given(
    st.text(max_size=20),
    st.sampled_from(["/", "\\", "\x00", "\x1f", "\x7f", "\x9b", "\u200f", "\u2029"]),
    st.text(max_size=20),
)
def test_any_separator_or_control_character_is_refused(head: str, bad: str, tail: str) -> None:
    with pytest.raises(InvalidValue) as refused:
        check_reference("reference", f"A{head}{bad}{tail}"[:40])
    assert refused.value.field == "reference" and refused.value.reason


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=20))
def test_a_leading_dot_is_refused(rest: str) -> None:
    with pytest.raises(InvalidValue, match="reference"):
        check_reference("reference", f".{rest}")


def test_an_edited_reference_is_checked_too(casebook: Casebook) -> None:
    case = casebook.cases.add(Case(None, "MM-2026-001", "A case"))
    with pytest.raises(InvalidValue, match="cannot contain"):
        casebook.cases.update(replace(case, reference=EVIL))
    assert casebook.cases.get(case.id or 0).reference == "MM-2026-001"


def test_an_import_refuses_it_naming_the_field(casebook: Casebook) -> None:
    document = {
        "format": "parley.cases/1",
        "cases": [
            {"reference": "MM-2026-001", "title": "Fine"},
            {"reference": EVIL, "title": "Hostile"},
        ],
    }
    with pytest.raises(ImportRejected, match=r"cases\[1\]\.reference: .*cannot contain / or"):
        import_document(casebook, document)
    assert casebook.cases.count() == 0  # all or nothing


def test_opening_details_from_the_office_are_checked() -> None:
    with pytest.raises(InvalidValue, match="cannot start with a dot"):
        check_opening_details(OpeningDetails(reference=".profile", title="Sent over"))


def test_a_complaint_cannot_name_such_a_reference(office_book: OfficeBook) -> None:
    complaint = Complaint(
        None, date(2026, 3, 2), Channel.LETTER, "A. Parent", "", ComplaintAbout.MEDIATOR, "",
        case_reference=EVIL,
    )  # fmt: skip
    with pytest.raises(InvalidValue) as refused:
        office_book.registers.record_complaint(complaint)
    assert refused.value.field == "case_reference" and "cannot contain" in refused.value.reason


def legacy_case(casebook: Casebook) -> Case:
    """A case stored before these rules, with the reference the outside battery used."""
    case = casebook.cases.add(Case(None, "MM-2020-001", "Made long ago"))
    casebook.connection.execute("UPDATE cases SET reference = ? WHERE id = ?", (EVIL, case.id))
    return casebook.cases.get(case.id or 0)


def test_a_casebook_that_holds_one_still_opens_shows_and_saves_it(casebook: Casebook) -> None:
    case = legacy_case(casebook)
    assert case.reference == EVIL
    assert [r.reference for r in casebook.cases.list_rows()] == [EVIL]
    assert casebook.cases.by_reference(EVIL).id == case.id
    # Its other fields still save; the reference is kept as it is until someone changes it.
    saved = casebook.cases.update(replace(case, title="Renamed", hospital="Kingsmere"))
    assert (saved.reference, saved.title) == (EVIL, "Renamed")
    # A new value must follow the rules, and a good one replaces the old for good.
    with pytest.raises(InvalidValue, match="cannot start with a dot"):
        casebook.cases.update(replace(saved, reference=".elsewhere"))
    assert casebook.cases.update(replace(saved, reference="MM-2020-001")).reference == (
        "MM-2020-001"
    )


def test_a_complaint_about_such_a_case_keeps_saving(office_book: OfficeBook) -> None:
    registers = office_book.registers
    complaint = registers.record_complaint(
        Complaint(
            None, date(2026, 3, 2), Channel.LETTER, "A. Parent", "", ComplaintAbout.MEDIATOR,
            "", case_reference="MM-2020-001",
        )
    )  # fmt: skip
    office_book.connection.execute(
        "UPDATE complaints SET case_reference = ? WHERE id = ?", (EVIL, complaint.id)
    )
    stored = registers.complaints.get(complaint.id or 0)
    assert stored.case_reference == EVIL
    edited = registers.update_complaint(replace(stored, complainant_name="A. Parent-Jones"))
    assert edited.case_reference == EVIL and edited.complainant_name == "A. Parent-Jones"
