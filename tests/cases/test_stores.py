"""The stores: what a mediator records comes back exactly, and the rules hold."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from app.books.casebook import Casebook
from app.cases.records import (
    Case,
    Court,
    CourtAgreement,
    Meeting,
    MeetingKind,
    Note,
    Party,
    PartyRole,
    Patient,
    Side,
    Stage,
    Status,
    Term,
    TermStatus,
)
from app.errors import InvalidValue, ParleyError
from app.settings import IDLE_LOCK_MINUTES, ORGANISATION


def new_case(casebook: Casebook, reference: str = "MM-2026-001", **fields: object) -> Case:
    return casebook.cases.add(Case(None, reference, "Disagreement about ventilation", **fields))  # type: ignore[arg-type]


def party(casebook: Casebook, case: Case, name: str, **fields: object) -> Party:
    assert case.id is not None
    values = {"role": PartyRole.PARENT, "side": Side.FAMILY} | fields
    return casebook.parties.add(Party(None, case.id, name, **values))  # type: ignore[arg-type]


def test_a_case_round_trips(casebook: Casebook) -> None:
    case = new_case(
        casebook,
        stage=Stage.ELEVENTH_HOUR,
        status=Status.IN_MEDIATION,
        hospital="St Elsewhere Children's",
        team="PICU",
        referred_on=date(2026, 3, 2),
        referred_by="Dr Amara Okafor",
        summary="Line one\nLine two",
        patient=Patient("Zoë Nuñez", date(2019, 5, 14), "9434765919", "H-1"),
        court=Court(
            "High Court, Family Division", "FD26P00123", date(2026, 5, 1),
            parties_wish_to_mediate_on=date(2026, 3, 6), court_agreed_on=date(2026, 3, 9),
            court_agreed_by=CourtAgreement.ADJOURNMENT,
        ),
    )  # fmt: skip
    assert case.court is not None and case.court.ready_for_formal_sessions
    assert casebook.cases.get(case.id or 0) == case
    assert casebook.cases.by_reference("MM-2026-001") == case


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"patient": Patient(nhs_number="9434765918")}, "patient.nhs_number"),
        ({"patient": Patient(nhs_number="943 476 5919")}, "patient.nhs_number"),
        ({"court": Court("High Court")}, "court"),
        (
            {"stage": Stage.ELEVENTH_HOUR, "court": Court(court_agreed_on=date(2026, 3, 9))},
            "court.court_agreed_by",
        ),
        (
            {"stage": Stage.ELEVENTH_HOUR, "court": Court(court_agreed_by=CourtAgreement.ORDER)},
            "court.court_agreed_on",
        ),
        (
            {
                "stage": Stage.ELEVENTH_HOUR,
                "court": Court(parties_wish_to_mediate_on=date(1066, 1, 1)),
            },
            "court.parties_wish_to_mediate_on",
        ),
        ({"summary": "nul \x00 byte"}, "summary"),
        ({"referred_on": date(1066, 10, 14)}, "referred_on"),
        (
            {"referred_on": date(2026, 1, 1), "patient": Patient(date_of_birth=date(2026, 2, 1))},
            "patient.date_of_birth",
        ),
    ],
)
def test_bad_case_values_are_named(
    casebook: Casebook, fields: dict[str, object], field: str
) -> None:
    with pytest.raises(InvalidValue) as raised:
        new_case(casebook, **fields)
    assert raised.value.field == field
    assert casebook.cases.count() == 0


def test_references_are_unique(casebook: Casebook) -> None:
    new_case(casebook)
    with pytest.raises(InvalidValue, match="already used"):
        new_case(casebook)
    for blank in ("", "   "):
        with pytest.raises(InvalidValue, match="cannot be empty"):
            casebook.cases.add(Case(None, blank, "x"))


def test_notes_are_shareable_only_with_live_consent(casebook: Casebook) -> None:
    case = new_case(casebook)
    assert case.id is not None
    mum = party(casebook, case, "Siân Jones")
    doctor = party(casebook, case, "Dr Łukasz Nowak", role=PartyRole.CONSULTANT, side=Side.CLINICAL)
    assert mum.id and doctor.id
    when = datetime(2026, 3, 10, 15, 10)
    consented = casebook.notes.add(
        Note(None, case.id, "Worried about pain at night", when, None, mum.id, (doctor.id,),
             date(2026, 3, 10), "said so in the meeting")
    )  # fmt: skip
    casebook.notes.add(Note(None, case.id, "Mediator's own reflection", when))
    withdrawn = casebook.notes.add(
        Note(None, case.id, "Later withdrawn", when, None, mum.id, (doctor.id,),
             date(2026, 3, 10), consent_withdrawn_on=date(2026, 3, 11))
    )  # fmt: skip
    assert [n.id for n in casebook.notes.shareable_with(case.id, doctor.id)] == [consented.id]
    assert casebook.notes.shareable_with(case.id, mum.id) == []
    assert withdrawn.shareable_with == ()

    with pytest.raises(InvalidValue, match="express consent"):
        casebook.notes.add(Note(None, case.id, "No consent", when, None, mum.id, (doctor.id,)))


def test_a_note_cannot_cite_someone_from_another_case(casebook: Casebook) -> None:
    first, second = new_case(casebook), new_case(casebook, "MM-2026-002")
    stranger = party(casebook, second, "Someone else")
    assert first.id is not None
    with pytest.raises(InvalidValue, match="not a party to this case"):
        casebook.notes.add(
            Note(None, first.id, "text", datetime(2026, 3, 1, 9), source_party_id=stranger.id)
        )


def test_a_party_who_is_a_source_cannot_be_deleted(casebook: Casebook) -> None:
    case = new_case(casebook)
    mum = party(casebook, case, "Siân Jones")
    assert case.id and mum.id
    casebook.notes.add(Note(None, case.id, "text", datetime(2026, 3, 1, 9), None, mum.id))
    with pytest.raises(ParleyError, match="source of 1 note"):
        casebook.parties.delete(mum.id)
    assert casebook.parties.get(mum.id).name == "Siân Jones"


def test_terms_keep_their_order_and_can_be_reordered(casebook: Casebook) -> None:
    case = new_case(casebook)
    assert case.id is not None
    a, b, c = (
        casebook.terms.add(Term(None, case.id, 0, text, TermStatus.AGREED)) for text in "abc"
    )
    assert [t.text for t in casebook.terms.for_case(case.id)] == ["a", "b", "c"]
    casebook.terms.reorder(case.id, [c.id or 0, a.id or 0, b.id or 0])
    assert [t.text for t in casebook.terms.for_case(case.id)] == ["c", "a", "b"]
    with pytest.raises(InvalidValue):
        casebook.terms.reorder(case.id, [a.id or 0, b.id or 0])


def test_the_case_list_shows_last_activity_and_next_meeting(casebook: Casebook) -> None:
    case = new_case(casebook, referred_on=date(2026, 3, 1))
    assert case.id is not None
    casebook.meetings.add(Meeting(None, case.id, MeetingKind.JOINT, datetime(2026, 3, 5, 10)))
    casebook.meetings.add(Meeting(None, case.id, MeetingKind.JOINT, datetime(2026, 4, 5, 10)))
    casebook.notes.add(Note(None, case.id, "text", datetime(2026, 3, 7, 16, 30)))
    [row] = casebook.cases.list_rows(now=datetime(2026, 3, 20))
    assert row.last_activity == datetime(2026, 3, 7, 16, 30)
    assert row.next_meeting == datetime(2026, 4, 5, 10)


def test_last_activity_follows_notes_written_edited_and_deleted(casebook: Casebook) -> None:
    """The latest note is kept on the case (schema step 5); every change to notes keeps it."""
    case = new_case(casebook)
    assert case.id is not None

    def last() -> datetime | None:
        [row] = casebook.cases.list_rows(now=datetime(2026, 1, 1))
        return row.last_activity

    assert last() is None
    late = casebook.notes.add(Note(None, case.id, "late", datetime(2026, 3, 7, 16, 30)))
    early = casebook.notes.add(Note(None, case.id, "early", datetime(2026, 3, 1, 9)))
    assert last() == datetime(2026, 3, 7, 16, 30)  # an older note does not move it back
    assert late.id is not None and early.id is not None
    casebook.notes.update(Note(early.id, case.id, "early", datetime(2026, 3, 9, 8)))
    assert last() == datetime(2026, 3, 9, 8)
    casebook.notes.delete(early.id)
    assert last() == datetime(2026, 3, 7, 16, 30)
    casebook.notes.delete(late.id)
    assert last() is None
    assert [r.id for r in casebook.cases.list_rows_for([case.id])] == [case.id]


def test_search_finds_cases_by_their_fields_and_their_notes(casebook: Casebook) -> None:
    ventilation = new_case(casebook, patient=Patient("Zoë Nuñez"))
    other = new_case(casebook, "MM-2026-002")
    assert other.id is not None
    casebook.notes.add(Note(None, other.id, "Discussed tracheostomy options", datetime(2026, 3, 1)))
    assert set(casebook.search.case_ids("ventil")) == {ventilation.id, other.id}
    assert casebook.search.case_ids("tracheo") == [other.id]
    assert casebook.search.case_ids("zoe nunez") == [ventilation.id]  # accents folded
    # Characters with meaning to FTS5 are taken as plain text, never as syntax.
    for hostile in ('"', "AND OR NOT", "*", "ventilation)", "NEAR(a b)", "-x", "^"):
        casebook.search.case_ids(hostile)
    # Editing and deleting keep the index in step.
    casebook.cases.update(
        Case(ventilation.id, "MM-2026-001", "Feeding plan", patient=Patient("Zoë Nuñez"))
    )
    assert casebook.search.case_ids("ventilation") == [other.id]
    casebook.cases.delete(other.id)
    assert casebook.search.case_ids("tracheostomy") == []


def test_the_audit_trail_is_chained_and_append_only(casebook: Casebook) -> None:
    casebook.audit.record("agreement exported", case_reference="MM-2026-001", detail="x.pdf")
    assert casebook.audit.first_broken_link() is None
    conn = casebook.connection
    with pytest.raises(Exception, match="cannot be changed"):
        conn.execute("UPDATE audit SET detail = 'y' WHERE id = 1")
    with pytest.raises(Exception, match="cannot be changed"):
        conn.execute("DELETE FROM audit")
    # Someone with the key who drops the guard and edits an entry is still caught.
    conn.execute("DROP TRIGGER audit_is_append_only_u")
    conn.execute("UPDATE audit SET actor = 'someone else' WHERE id = 2")
    assert casebook.audit.first_broken_link() == 2


def test_settings_are_typed_and_checked(casebook: Casebook) -> None:
    assert casebook.settings.get(IDLE_LOCK_MINUTES) == 5
    casebook.settings.set(IDLE_LOCK_MINUTES, 15)
    assert casebook.settings.get(IDLE_LOCK_MINUTES) == 15
    with pytest.raises(InvalidValue, match="at least 1"):
        casebook.settings.set(IDLE_LOCK_MINUTES, 0)
    casebook.settings.set(ORGANISATION, "Riverside Mediation")
    assert casebook.settings.get(ORGANISATION) == "Riverside Mediation"


def test_a_transaction_is_all_or_nothing(casebook: Casebook) -> None:
    with pytest.raises(InvalidValue), casebook.transaction():
        new_case(casebook)
        new_case(casebook, "MM-2026-002", patient=Patient(nhs_number="123"))
    assert casebook.cases.count() == 0
