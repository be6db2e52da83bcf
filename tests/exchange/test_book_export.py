"""export-book --plaintext and import: a whole book out and back into an empty one gives the
same records; the office takes cases' opening details and the registers, nothing else; and a
sole practitioner moves the registers to a new office book."""

from __future__ import annotations

import json
import stat
from dataclasses import replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from itertools import count
from pathlib import Path
from typing import Any

import pytest
from case_strategies import cases_document, words
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from office_examples import AGREED, DETAILS

from app.books.casebook import Casebook
from app.books.office_book import OfficeBook
from app.books.outcomes import record_outcome
from app.cases.outcomes import (
    Cause,
    CourtInvolvement,
    OutcomeAnswers,
    OutcomeRecord,
    ReferralSource,
    Result,
    WithdrawnBy,
)
from app.cases.records import MeetingKind, Stage, Status
from app.errors import ImportRejected
from app.exchange.book_export import PlaintextNotConfirmed, book_document, export_book
from app.exchange.book_import import import_path
from app.exchange.importer import import_document
from app.registers.access_requests import AccessRequest
from app.registers.complaints import AcknowledgedBy, Channel, Complaint, ComplaintAbout
from app.registers.delegates import Delegate, Feedback
from app.registers.training import Booking, BookingStatus, Course, CourseLength
from app.settings import MEDIATOR, ORGANISATION

from helpers import fresh_copy, trust

NOW = datetime(2026, 6, 1, 9, 30)
ANSWERS = OutcomeAnswers(
    result=Result.WITHDRAWN, withdrawn_by=WithdrawnBy.CLINICAL_TEAM,
    court=CourtInvolvement.HEARING_LISTED, hearing_avoided=False,
    referral_source=ReferralSource.FAMILY, causes=frozenset({Cause.VALUES_OR_FAITH}),
    mediator_minutes=270,
)  # fmt: skip
_runs = count()
SLOW = settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def fill_registers(book: Casebook | OfficeBook, *, case_reference: str = "") -> None:
    """One of each kind of register record, in each state that has fields of its own."""
    registers = book.registers
    course = registers.courses.add(
        Course(None, "Mediation skills for clinicians", CourseLength.ONE_DAY, date(2026, 9, 14),
               "Łódź Room", Decimal("245.50"))
    )  # fmt: skip
    assert course.id is not None
    registers.bookings.add(Booking(None, course.id, "St Aldhelm's", "Siân Jones", delegates=2))
    for delegates in (3, 4):
        confirmed = registers.bookings.add(
            Booking(None, course.id, "Riverside Trust", "Zoë Nuñez", "zoe@example.org",
                    delegates=delegates, status=BookingStatus.CONFIRMED,
                    confirmed_on=date(2026, 5, 1))
        )  # fmt: skip
    assert confirmed.id is not None
    registers.cancel_booking(confirmed.id, date(2026, 8, 20))
    received = registers.record_complaint(
        Complaint(None, date(2026, 5, 4), Channel.EMAIL, "Ms Nowak", "a@example.org",
                  ComplaintAbout.MEDIATOR, "Late reply", case_reference)
    )  # fmt: skip
    assert received.id is not None
    registers.acknowledge_complaint(received.id, date(2026, 5, 5), AcknowledgedBy.EMAIL)
    registers.record_response(received.id, date(2026, 5, 20), "Apologised; process changed.")
    registers.record_complaint(
        Complaint(None, date(2026, 5, 28), Channel.PHONE, "Mr Evans",
                  answer_by=AcknowledgedBy.LETTER)
    )  # fmt: skip
    # Delegates of a past course: attendance, a certificate number, feedback with a comment.
    held = registers.courses.add(
        Course(None, "Law for clinicians", CourseLength.HALF_DAY, date(2026, 3, 2), "Online",
               Decimal(120), trainer="Helen Marsh", cpd_minutes_set=180)
    )  # fmt: skip
    assert held.id is not None
    booked = registers.bookings.add(
        Booking(None, held.id, "Riverside Trust", "Zoë Nuñez", delegates=2,
                status=BookingStatus.CONFIRMED, confirmed_on=date(2026, 2, 1))
    )  # fmt: skip
    assert booked.id is not None
    for name, came in (("Siân Roberts", True), ("Łukasz Nowak", False)):
        delegate = registers.delegates.add(Delegate(None, booked.id, name, "x@example.org"))
        delegate = registers.delegates.update(replace(delegate, attended=came))
        assert delegate.id is not None
        if came:
            registers.certificate(delegate.id, date(2026, 3, 3))
            registers.feedback.save(Feedback(delegate.id, date(2026, 3, 3), 5, 4, 4, 5, "Good"))
    request = registers.record_access_request(
        AccessRequest(None, date(2026, 4, 30), "Ms Nowak", "a@example.org",
                      party_ids=_a_party(book, case_reference))
    )  # fmt: skip
    registers.update_access_request(
        replace(request, identity_checked_on=date(2026, 5, 2), identity_checked_how="Passport",
                extension_months=1, extension_reason="Several cases")
    )  # fmt: skip


def _a_party(book: Casebook | OfficeBook, reference: str) -> tuple[int, ...]:
    """The first party of the case ``reference`` in a casebook (the office has none)."""
    if not isinstance(book, Casebook) or not reference:
        return ()
    case = book.cases.by_reference(reference)
    parties = book.parties.for_case(case.id or 0)
    return (parties[0].id,) if parties and parties[0].id is not None else ()


def exported(book: Casebook | OfficeBook) -> dict[str, Any]:
    document = book_document(book, NOW)
    return json.loads(json.dumps(document))  # as the file holds it


def round_trip(book: Casebook | OfficeBook, template: Path, tmp_path: Path) -> None:
    """Export, import into a fresh book of the same kind, export again: the same records."""
    first = exported(book)
    out = tmp_path / f"export-{next(_runs)}.json"
    export_book(book, out, plaintext=True, now=NOW)
    with fresh_copy(template, tmp_path / f"again-{next(_runs)}") as again:  # type: ignore[attr-defined]
        import_path(again, out)
        second = exported(again)
    assert second == first


@SLOW
@given(document=cases_document(), organisation=words)
def test_a_casebook_exported_and_read_back_gives_the_same_records(
    casebook: Casebook,
    second_casebook: Casebook,
    template_casebook: Path,
    tmp_path: Path,
    document: dict[str, Any],
    organisation: str,
) -> None:
    with fresh_copy(template_casebook, tmp_path / f"cb-{next(_runs)}") as book:  # type: ignore[attr-defined]
        assert isinstance(book, Casebook)
        import_document(book, document)
        book.settings.set(ORGANISATION, organisation)
        book.settings.set(MEDIATOR, "Alex Morgan")
        with book.transaction():
            fill_registers(book, case_reference="MM-2026-001")
        trust(book, second_casebook)
        closed = book.cases.by_reference("MM-2026-001")
        assert closed.id is not None
        book.cases.update(replace(closed, status=Status.CLOSED))
        closed_on = (closed.referred_on or date(2026, 1, 1)) + timedelta(days=30)
        destroyed_on = closed_on + timedelta(days=28)
        book.connection.execute(
            "UPDATE cases SET closed_on = ?, notes_destroyed_on = ? WHERE id = ?",
            (closed_on.isoformat(), destroyed_on.isoformat(), closed.id),
        )
        record_outcome(book, closed.id, ANSWERS, today=closed_on)
        doc = exported(book)
        assert [c["reference"] for c in doc["cases"]] != []
        [first] = [c for c in doc["cases"] if c["reference"] == "MM-2026-001"]
        assert (first["closed_on"], first["notes_destroyed_on"]) == (
            closed_on.isoformat(),
            destroyed_on.isoformat(),
        )
        assert first["outcome"]["answers"]["result"] == "withdrawn"
        round_trip(book, template_casebook, tmp_path)


@st.composite
def office_records(draw: st.DrawFn) -> dict[str, Any]:
    return {
        "referrals": draw(st.integers(0, 3)),
        "agreements": draw(st.lists(st.tuples(words, st.booleans(), st.booleans()), max_size=3)),
        "outcomes": draw(st.integers(0, 3)),
    }


@SLOW
@given(records=office_records())
def test_an_office_book_exported_and_read_back_gives_the_same_records(
    office_book: OfficeBook,
    casebook: Casebook,
    template_office_book: Path,
    tmp_path: Path,
    records: dict[str, Any],
) -> None:
    with fresh_copy(template_office_book, tmp_path / f"of-{next(_runs)}") as book:  # type: ignore[attr-defined]
        assert isinstance(book, OfficeBook)
        trust(book, casebook)
        for n in range(records["referrals"]):
            referral = book.referrals.add(replace(DETAILS, reference=f"MM-2026-{n + 100}"))
            if n % 2:
                book.referrals.mark_sent(referral.id, to="Alex", fingerprint="F" * 40,
                                         on=date(2026, 3, 3))  # fmt: skip
        for n, (mediator, signed, sent) in enumerate(records["agreements"]):
            filed = book.agreements.add(replace(AGREED, mediator=mediator),
                                        received_on=date(2026, 4, 2 + n % 2),
                                        received_from="F" * 40, sealed_id=f"{n:032x}")  # fmt: skip
            if signed:
                book.agreements.record_signed_copy(filed.id, date(2026, 4, 8), today=NOW.date())
                if sent:
                    book.agreements.record_sent_to_hospital(filed.id, date(2026, 4, 9),
                                                            today=NOW.date())  # fmt: skip
        for n in range(records["outcomes"]):
            counts = {kind: n for kind in MeetingKind}
            record = OutcomeRecord(
                Stage.FORMAL, Status.CLOSED, date(2026, 1, 5), date(2026, 3, 1), counts
            )
            if n % 2:  # from a Parley that asks the mediator: with the answers
                record = replace(record, stage_at_referral=Stage.EARLY,
                                 first_contact_working_days=n, answers=ANSWERS)  # fmt: skip
            book.outcomes.add(record, received_on=date(2026, 3, 2))
        fill_registers(book, case_reference="MM-2026-100")
        round_trip(book, template_office_book, tmp_path)


def test_export_book_needs_plaintext_and_is_private_and_audited(
    casebook: Casebook, tmp_path: Path
) -> None:
    out = tmp_path / "book.json"
    with pytest.raises(PlaintextNotConfirmed, match="--plaintext"):
        export_book(casebook, out, plaintext=False)
    assert not out.exists()
    made = export_book(casebook, out, plaintext=True)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    entry = [e for e in casebook.audit.entries() if e.action == "book exported"][-1]
    assert entry.detail == f"whole book, plaintext sha256={made.sha256}"
    assert "book.json" not in entry.detail  # people name files after patients


def test_a_whole_book_goes_only_into_an_empty_book_of_its_kind(
    casebook: Casebook, office_book: OfficeBook, second_casebook: Casebook, tmp_path: Path
) -> None:
    import_document(casebook, {"format": "parley.cases/1",
                               "cases": [{"reference": "MM-1", "title": "A case"}]})  # fmt: skip
    out = tmp_path / "book.json"
    export_book(casebook, out, plaintext=True)
    with pytest.raises(ImportRejected, match=r"^role: this is an export of a mediator's casebook"):
        import_path(office_book, out)
    with pytest.raises(ImportRejected, match="only into a new, empty book"):
        import_path(casebook, out)
    assert office_book.referrals.count() == 0 and casebook.cases.count() == 1
    import_path(second_casebook, out)
    assert second_casebook.cases.by_reference("MM-1").title == "A case"


def test_the_office_takes_opening_details_as_referrals_and_nothing_else(
    office_book: OfficeBook, tmp_path: Path
) -> None:
    from app.exchange.case_export import cases_document as as_document
    from app.exchange.case_export import opening_entry

    opening = tmp_path / "referrals.json"
    opening.write_text(json.dumps(as_document([opening_entry(DETAILS)])), encoding="utf-8")
    assert import_path(office_book, opening) == "1 referral(s)"
    assert office_book.referrals.by_reference(DETAILS.reference).details == DETAILS

    for field, value in (("notes", [{"text": "x", "written_at": "2026-03-01T10:00"}]),
                         ("summary", "x"), ("terms", []), ("status", "agreed")):  # fmt: skip
        case = {**opening_entry(DETAILS), "reference": "MM-2026-999", field: value}
        path = tmp_path / f"{field}.json"
        path.write_text(json.dumps(as_document([case])), encoding="utf-8")
        with pytest.raises(ImportRejected, match=rf"^cases\[0\]\.{field}: only a case's opening"):
            import_path(office_book, path)
    party = {**opening_entry(DETAILS)["parties"][0], "consented_on": "2026-03-05"}
    case = {**opening_entry(DETAILS), "reference": "MM-2026-998", "parties": [party]}
    path = tmp_path / "party.json"
    path.write_text(json.dumps(as_document([case])), encoding="utf-8")
    with pytest.raises(ImportRejected, match=r"^cases\[0\]\.parties\[0\]\.consented_on: "):
        import_path(office_book, path)
    assert office_book.referrals.count() == 1


def test_a_sole_practitioner_moves_the_registers_to_a_new_office_book(
    tmp_path: Path, template_office_book: Path
) -> None:
    from app.books import vault
    from app.exchange.registers_transfer import export_registers

    from conftest import FLOOR_KDF, PASSPHRASE

    sole = vault.create_casebook(tmp_path / "sole", PASSPHRASE, kdf=FLOOR_KDF).casebook
    with sole:
        case = {"reference": "MM-2026-001", "title": "A case"}
        import_document(sole, {"format": "parley.cases/1", "cases": [case]})
        fill_registers(sole, case_reference="MM-2026-001")
        before = export_registers(sole.connection, office=False)
        out = tmp_path / "registers.json"
        export_book(sole, out, plaintext=True, only_registers=True)
        assert "MM-2026-001" in out.read_text() and "A case" not in out.read_text()
        with fresh_copy(template_office_book, tmp_path / "office") as office:  # type: ignore[attr-defined]
            import_path(office, out)
            # All of it but the links of requests to party records: the office has no parties.
            del before["access_request_parties"]
            assert export_registers(office.connection, office=True) == before
            [complaint, _] = office.registers.complaint_rows(date(2026, 6, 1))[::-1]
            assert complaint.complaint.case_reference == "MM-2026-001"
            again = tmp_path / "again.json"
            with pytest.raises(ImportRejected, match="registers are empty"):
                import_path(office, out)
            assert not again.exists()
        sole.set_keeps_registers(False)
        assert not sole.keeps_registers


def test_every_table_of_a_book_is_exported_or_left_out_on_purpose(
    casebook: Casebook, office_book: OfficeBook
) -> None:
    """A register table added later and forgotten by the export would vanish from a book
    read back, with the round trips above still equal: name each table's way out here."""
    from app.exchange.registers_transfer import PARTY_LINKS, TABLES

    cases = {
        "cases",
        "parties",
        "meetings",
        "meeting_attendees",
        "notes",
        "note_shares",
        "issues",
        "terms",
        "disclosures",
        "outcomes",
    }  # in each case's entry
    office = {
        "referrals",
        "referral_parties",
        "agreements",
        "agreement_parties",
        "agreement_terms",
        "outcomes",
    }  # the office's own records
    # Not exported, by design: the book's keys and history, and the search index (rebuilt).
    left_out = {"audit", "book", "identity_keys", "received_files", "schema_version"}
    kept = {"settings", "contacts"}
    # A casebook's cases held out of the search index while many of their notes change
    # (empty outside that one transaction).
    held = {"search_held"}
    for book, own in ((casebook, cases | {PARTY_LINKS} | held), (office_book, office)):
        tables = {
            r[0] for r in book.connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'case_words%'"
            )
        }  # fmt: skip
        assert tables == own | set(TABLES) | left_out | kept
