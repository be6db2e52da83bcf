"""Every store reads its columns by name, so neither the order of a table's columns on disk
nor the order of a store's column list can shift a value into another field.

The casebook holds the demo cases and a little of every register; what each store reads is
taken once, the tables are rebuilt with their columns in reverse order (as a migration that
rebuilds a table might leave them), and every store must read back exactly the same.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from app.books import backup, erasure, vault
from app.books.casebook import Casebook
from app.cases.records import Status
from app.cases.stores import cases as case_store
from app.cases.stores import notes as note_store
from app.cases.stores import parties as party_store
from app.demo import demo_document
from app.exchange.importer import import_document
from app.identity import contacts as contact_store
from app.identity.cards import Card
from app.identity.contacts import ConfirmedHow
from app.identity.keys import new_identity
from app.registers.complaints import AcknowledgedBy, Channel, Complaint, ComplaintAbout
from app.registers.stores import complaints as complaint_store
from app.registers.stores import training as training_store
from app.registers.training import Booking, BookingStatus, Course, CourseLength
from app.roles import Role
from app.settings import MEDIATOR, ORGANISATION, registry
from app.storage.migrations import schema_version
from app.storage.rows import aliased, columns, read_all, read_one

from column_order import assert_same_reads, reverse_list, reverse_select, reverse_tables
from conftest import PASSPHRASE

TODAY = date(2026, 3, 2)
NOW = datetime(2026, 3, 2, 12, 0)

#: Every table a store reads, by the store that reads it.
TABLES = (
    "cases",
    "parties",
    "meetings",
    "meeting_attendees",
    "notes",
    "note_shares",
    "issues",
    "terms",
    "disclosures",
    "audit",
    "settings",
    "schema_version",
    "complaints",
    "training_courses",
    "training_bookings",
    "identity_keys",
    "contacts",
)


def fill(casebook: Casebook) -> None:
    """The demo cases, one of them closed, and a course, bookings and complaints."""
    casebook.settings.set(ORGANISATION, "Riverside Medical Mediation")
    casebook.settings.set(MEDIATOR, "Alex Morgan")
    import_document(casebook, demo_document(TODAY), source_name="the demo")
    first = casebook.cases.list_rows(NOW)[-1]
    casebook.cases.update(dataclasses.replace(casebook.cases.get(first.id), status=Status.CLOSED))
    casebook.audit.record(backup.ACTION, detail="casebook-backup.parley sha256=0")
    office = Card("Riverside office", Role.OFFICE, new_identity().public)
    casebook.contacts.add(office, confirmed_by="Alex Morgan", how=ConfirmedHow.PHONE, at=NOW)
    registers = casebook.registers
    course = registers.courses.add(
        Course(
            None,
            "Mediation skills",
            CourseLength.ONE_DAY,
            date(2026, 6, 1),
            "Leeds",
            Decimal("333.33"),
        )
    )
    assert course.id is not None
    for status, confirmed_on in (
        (BookingStatus.CONFIRMED, date(2026, 2, 2)),
        (BookingStatus.PROVISIONAL, None),
        (BookingStatus.CONFIRMED, date(2026, 2, 3)),
    ):
        registers.bookings.add(
            Booking(
                None,
                course.id,
                "St Aldhelm's NHS Trust",
                "Siân Roberts",
                "sian@example.nhs.uk",
                "12 Hospital Road\nLeeds",
                3,
                status,
                confirmed_on,
            )
        )
    last = registers.bookings.for_course(course.id)[-1]
    registers.cancel_booking(last.id or 0, date(2026, 4, 1))
    complaint = registers.record_complaint(
        Complaint(
            None,
            date(2026, 2, 10),
            Channel.LETTER,
            "Zoë Łukasz-Nuñez",
            "zoe@example.org",
            ComplaintAbout.MEDIATOR,
            "Felt the mediator took sides",
            case_reference=first.reference,
        )
    )
    registers.acknowledge_complaint(complaint.id or 0, date(2026, 2, 11), AcknowledgedBy.EMAIL)
    registers.record_complaint(
        Complaint(
            None, date(2026, 2, 20), Channel.PHONE, "A caller", "", ComplaintAbout.PROCESS, ""
        )
    )


def everything(casebook: Casebook) -> dict[str, Any]:
    """What every store reads from this casebook, as records."""
    seen: dict[str, Any] = {
        "list": casebook.cases.list_rows(NOW),
        "search": casebook.cases.list_rows_for(casebook.search.case_ids("oxygen"), NOW),
        "references": casebook.cases.references(),
        "audit": casebook.audit.entries(),
        "audit chain": casebook.audit.first_broken_link(),
        "settings": {key: casebook.settings.get(s) for key, s in registry().items()},
        "schema version": schema_version(casebook.connection),
        "due for review": erasure.cases_due_for_review(casebook, date(2099, 1, 1)),
        "last backup": backup.last_backup_at(casebook),
        "identity": casebook.identity.get(),
        "contacts": casebook.contacts.all(),
    }
    for row in seen["list"]:
        case = casebook.cases.get(row.id)
        parties = casebook.parties.for_case(row.id)
        seen[case.reference] = {
            "case": case,
            "by reference": casebook.cases.by_reference(case.reference),
            "parties": parties,
            "each party": [casebook.parties.get(p.id or 0) for p in parties],
            "meetings": casebook.meetings.for_case(row.id),
            "notes": casebook.notes.for_case(row.id),
            "shared": [casebook.notes.shareable_with(row.id, p.id or 0) for p in parties],
            "issues": casebook.issues.for_case(row.id),
            "terms": casebook.terms.for_case(row.id),
            "disclosures": casebook.disclosures.for_case(row.id),
        }
    registers = casebook.registers
    seen["courses"] = registers.courses.all()
    seen["summaries"] = registers.courses.summaries()
    seen["bookings"] = [registers.bookings.for_course(c.id or 0) for c in seen["courses"]]
    seen["complaints"] = registers.complaints.all()
    return seen


@pytest.fixture
def filled_folder(casebook_folder: Path) -> Path:
    casebook = vault.open_with_passphrase(casebook_folder, PASSPHRASE)
    try:
        with casebook.transaction():
            fill(casebook)
    finally:
        casebook.close()
    return casebook_folder


def read_everything(folder: Path) -> dict[str, Any]:
    casebook = vault.open_with_passphrase(folder, PASSPHRASE)
    try:
        return everything(casebook)
    finally:
        casebook.close()


def test_every_store_reads_the_same_records_with_the_columns_reordered_on_disk(
    filled_folder: Path,
) -> None:
    before = read_everything(filled_folder)
    assert len(before["list"]) == 6 and before["due for review"] and before["contacts"]
    assert any(b.cancellation for b in before["bookings"][0])
    assert any(c.acknowledged_how for c in before["complaints"])
    reverse_tables(filled_folder, TABLES)
    assert_same_reads(read_everything(filled_folder), before)


def test_a_stores_column_list_may_name_its_columns_in_any_order(
    filled_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A migration adds a column to a store's list wherever it reads best: the values
    already there must not move into their neighbours' fields."""
    before = read_everything(filled_folder)

    reverse_list(monkeypatch, case_store, "_COLUMNS")
    reverse_list(monkeypatch, party_store, "_COLUMNS")
    reverse_list(monkeypatch, note_store, "_COLUMNS")
    reverse_list(monkeypatch, training_store, "_COURSE_COLUMNS")
    reverse_list(monkeypatch, training_store, "_BOOKING_COLUMNS")
    reverse_list(monkeypatch, contact_store, "_COLUMNS")
    reverse_select(monkeypatch, complaint_store, "_LINKED")
    assert_same_reads(read_everything(filled_folder), before)


def test_a_query_whose_columns_share_a_name_is_refused_not_half_read() -> None:
    import sqlcipher3

    conn = sqlcipher3.connect(":memory:")
    try:
        conn.execute("CREATE TABLE cases (id INTEGER PRIMARY KEY, title TEXT)")
        conn.execute("CREATE TABLE meetings (id INTEGER PRIMARY KEY, case_id INTEGER)")
        conn.execute("INSERT INTO cases VALUES (1, 'A case')")
        conn.execute("INSERT INTO meetings VALUES (7, 1)")
        both = "FROM cases c JOIN meetings m ON m.case_id = c.id"
        with pytest.raises(ValueError, match="same name"):
            columns(conn.execute(f"SELECT c.id, m.id {both}"))
        at = columns(conn.execute(f"SELECT {aliased('c', 'id, title')}, m.id AS meeting_id {both}"))
        assert at == {"id": 0, "title": 1, "meeting_id": 2}
        cursor = conn.execute("SELECT title FROM cases")
        assert read_one(cursor, lambda row, at: row[at["title"]]) == "A case"
        with pytest.raises(KeyError):
            read_all(conn.execute("SELECT title FROM cases"), lambda row, at: row[at["id"]])
        assert read_one(conn.execute("SELECT id FROM cases WHERE 0"), lambda r, at: r) is None
    finally:
        conn.close()
