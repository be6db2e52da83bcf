"""Books and roles: a casebook, the office's book, and a sole practitioner's casebook that also
keeps the registers; each opens as its own kind, and the office's has no place for anything
confidential (docs/ARCHITECTURE.md, "Books and roles")."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.books import schema, vault
from app.books.backup import make_backup, restore_backup
from app.books.casebook import Casebook
from app.books.kinds import WrongKindOfBook
from app.books.office_book import OfficeBook
from app.books.verify import verify_casebook
from app.errors import CasebookDamaged
from app.roles import Role
from app.storage import database, migrations

from conftest import FLOOR_KDF, PASSPHRASE
from helpers import snapshot

#: Every table and column an office book has, and nothing else. A new one must be added here
#: on purpose, after asking: could it hold anything said in mediation?
OFFICE_SCHEMA = {
    "book": {"id", "role"},
    "identity_keys": {
        "id", "encryption_private", "encryption_public", "signing_private", "signing_public",
        "made_at",
    },
    "contacts": {
        "id", "name", "role", "encryption_public", "signing_public", "fingerprint",
        "confirmed_by", "confirmed_at", "confirmed_how",
    },
    "received_files": {"id", "kind", "sender", "received_at", "sha256"},
    "audit": {
        "id", "at", "actor", "action", "case_reference", "detail", "prev_hash", "hash",
    },
    "settings": {"key", "value"},
    "schema_version": {"version"},
    "training_courses": {
        "id", "title", "length", "held_on", "place", "fee_pence", "updated_at", "trainer",
        "cpd_minutes",
    },
    "training_delegates": {"id", "booking_id", "name", "email", "attended", "certificate_number"},
    "training_feedback": {
        "delegate_id", "given_on", "content", "trainer", "relevance", "overall", "comment",
    },
    "access_requests": {
        "id", "received_on", "requester", "contact", "identity_checked_on",
        "identity_checked_how", "extension_months", "extension_reason", "responded_on",
        "updated_at",
    },
    "training_bookings": {
        "id", "course_id", "organisation", "contact_name", "contact_email", "contact_address",
        "delegates", "status", "confirmed_on", "cancelled_on", "cancel_working_days",
        "cancel_tier", "cancel_cost_pence", "cancel_net_pence", "cancel_vat_rate",
        "cancel_vat_pence", "cancel_course_on", "cancel_region", "updated_at",
    },
    "complaints": {
        "id", "received_on", "channel", "complainant_name", "complainant_contact", "about",
        "about_detail", "case_reference", "status", "acknowledgement_due_on",
        "response_due_on", "acknowledged_on", "acknowledged_how", "response_sent_on",
        "outcome", "closed_on", "updated_at", "answer_by",
    },
    "referrals": {
        "id", "reference", "title", "stage", "hospital", "team", "referred_on", "referred_by",
        "patient_name", "patient_born_on", "nhs_number", "hospital_number", "court_name",
        "court_reference", "next_hearing", "sent_to", "sent_to_fingerprint", "sent_on",
        "updated_at",
    },
    "referral_parties": {"referral_id", "position", "name", "role", "side", "contact"},
    "agreements": {
        "id", "case_reference", "organisation", "patient_name", "patient_born_on",
        "nhs_number", "hospital_number", "hospital", "team", "agreed_on", "mediator",
        "received_on", "received_from", "sealed_id", "signed_copy_on", "sent_to_hospital_on",
    },
    "agreement_parties": {"agreement_id", "position", "name", "role"},
    "agreement_terms": {"agreement_id", "position", "text"},
    "outcomes": {
        "id", "stage", "status", "referred_on", "closed_on", "pre_mediation_meetings",
        "separate_meetings", "joint_meetings", "support_meetings", "debrief_meetings",
        "received_on", "stage_at_referral", "first_contact_days", "result", "withdrawn_by",
        "court", "hearing_avoided", "referral_source", "causes", "mediator_minutes",
    },
}  # fmt: skip

#: Words that name what is said in mediation. No office table or column may be called by one,
#: except the meeting counts (integers: how many, never what was said).
CONFIDENTIAL_WORDS = re.compile(
    r"note|summar|issue|disclos|propos|withdraw|meeting|attendee|position_|concern|consent",
)


def _schema(conn: database.Connection) -> dict[str, dict[str, str]]:
    tables = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    return {
        table: {r[1]: r[2] for r in conn.execute(f"PRAGMA table_info({table})")} for table in tables
    }


def test_the_office_book_has_no_place_for_confidential_content(office_book: OfficeBook) -> None:
    conn = office_book.connection
    found = _schema(conn)
    assert {t: set(c) for t, c in found.items()} == OFFICE_SCHEMA
    for table, columns in found.items():
        assert not CONFIDENTIAL_WORDS.search(table), table
        for column, kind in columns.items():
            if CONFIDENTIAL_WORDS.search(column):
                assert table == "outcomes", (table, column)
                if column == "withdrawn_by":  # who withdrew the case: a choice, never words
                    assert _refuses_words(conn, column), column
                    continue
                assert column.endswith("_meetings"), (table, column)
                assert kind == "INTEGER", (table, column)
    # No view, virtual table or trigger body that could hold text of its own either.
    others = conn.execute(
        "SELECT type, name FROM sqlite_master WHERE type NOT IN ('table', 'index', 'trigger')"
    ).fetchall()
    assert others == []
    # The terms it keeps have no status: only agreed terms can be kept.
    assert "status" not in found["agreement_terms"]


def _refuses_words(conn: object, column: str) -> bool:
    """Whether the outcomes table refuses free text in ``column`` (only its choices fit)."""
    from app.storage.database import database_error_types, transaction

    try:
        with transaction(conn):  # type: ignore[arg-type]
            conn.execute(  # type: ignore[attr-defined]
                "INSERT INTO outcomes (stage, status, pre_mediation_meetings, separate_meetings, "
                "joint_meetings, support_meetings, debrief_meetings, received_on, result, "
                f"{column}) VALUES ('formal', 'closed', 0, 0, 0, 0, 0, '2026-01-01', "
                "'withdrawn', 'the mother, after the row about pain relief')"
            )
    except database_error_types():
        return True
    return False


def test_the_office_book_never_gains_the_case_tables(office_folder: Path) -> None:
    with vault.open_book_with_passphrase(office_folder, PASSPHRASE) as book:
        assert isinstance(book, OfficeBook) and book.role is Role.OFFICE
        conn = book.connection
        assert schema.schema_version(conn) == schema.OFFICE_BASE + len(schema.OFFICE_MIGRATIONS)
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        assert not {"cases", "notes", "parties", "case_words"} & tables
    # Opening again (the migration runner running on an up-to-date office book) adds nothing.
    with vault.open_book_with_passphrase(office_folder, PASSPHRASE) as book:
        assert not {"cases", "notes"} & {
            r[0] for r in book.connection.execute("SELECT name FROM sqlite_master")
        }


def test_a_parley_from_before_office_books_calls_it_newer(office_book: OfficeBook) -> None:
    """An older Parley knows only the casebook's steps: it must refuse, not run them."""
    conn = office_book.connection
    with pytest.raises(CasebookDamaged, match="newer Parley"):
        migrations.migrate(conn, office_book.folder / "casebook.db", b"k" * 32, schema.MIGRATIONS)


def test_the_role_is_kept_in_the_book_and_cannot_be_changed(office_book: OfficeBook) -> None:
    conn = office_book.connection
    assert schema.role_of(conn) is Role.OFFICE
    with pytest.raises(database.database_error_types(), match="keeps the role"):
        conn.execute("UPDATE book SET role = 'mediator'")
    with pytest.raises(database.database_error_types(), match="keeps the role"):
        conn.execute("DELETE FROM book")


def test_a_casebook_is_a_mediators(casebook: Casebook) -> None:
    assert schema.role_of(casebook.connection) is Role.MEDIATOR
    assert casebook.role is Role.MEDIATOR


def test_opening_the_office_book_as_a_casebook_is_refused_and_changes_nothing(
    office_folder: Path,
) -> None:
    before = snapshot(office_folder)
    with pytest.raises(WrongKindOfBook, match="the office's book, not a mediator's casebook"):
        vault.open_with_passphrase(office_folder, PASSPHRASE)
    assert snapshot(office_folder) == before


def test_whether_a_casebook_keeps_the_registers_is_chosen_at_creation(tmp_path: Path) -> None:
    sole = vault.create_casebook(tmp_path / "sole", PASSPHRASE, kdf=FLOOR_KDF).casebook
    mediator = vault.create_casebook(
        tmp_path / "mediator", PASSPHRASE, kdf=FLOOR_KDF, keeps_registers=False
    ).casebook
    with sole, mediator:
        assert sole.keeps_registers and not mediator.keeps_registers
        mediator.set_keeps_registers(True)
        assert mediator.keeps_registers
        assert [e.action for e in mediator.audit.entries()][-1] == "registers turned on"


def test_a_casebook_from_before_roles_opens_as_a_mediators_keeping_its_registers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Casebooks made before roles and identities keep opening: they gain the role and
    their own keys on first unlock, and keep the registers they always had."""
    monkeypatch.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:5])
    monkeypatch.setattr(schema, "LATEST", 5)
    monkeypatch.setattr(vault.IdentityStore, "ensure", lambda self: False)
    old = vault.create_casebook(tmp_path / "old", PASSPHRASE, kdf=FLOOR_KDF).casebook
    with old:
        old.connection.execute("DELETE FROM settings WHERE key = 'keeps_registers'")
        # As a step-5 casebook held it: today's case store knows later columns.
        old.connection.execute(
            "INSERT INTO cases (reference, title, stage, status, updated_at) "
            "VALUES ('MM-2025-001', 'Feeding', 'early', 'referred', '2025-01-01T00:00:00')"
        )
        assert "book" not in {
            r[0] for r in old.connection.execute("SELECT name FROM sqlite_master")
        }
    monkeypatch.undo()

    with vault.open_book_with_passphrase(tmp_path / "old", PASSPHRASE) as book:
        assert isinstance(book, Casebook) and book.role is Role.MEDIATOR
        assert schema.schema_version(book.connection) == schema.LATEST
        assert book.cases.by_reference("MM-2025-001").title == "Feeding"
        assert book.keeps_registers
        fingerprint = book.identity.fingerprint
    # The keys are made once, and kept.
    with vault.open_book_with_passphrase(tmp_path / "old", PASSPHRASE) as book:
        assert book.identity.fingerprint == fingerprint
    assert (tmp_path / "old" / "casebook.db.before-v6").exists()


def test_the_office_book_has_the_same_vault(office_folder: Path, tmp_path: Path) -> None:
    """Verify, backup and restore, and a passphrase change, as for a casebook."""
    with vault.open_book_with_passphrase(office_folder, PASSPHRASE) as book:
        assert verify_casebook(book).ok
        made = make_backup(book, tmp_path / "office.parley-backup")
        vault.change_passphrase(book, "a different office passphrase", kdf=FLOOR_KDF)
    restored = restore_backup(made.path, tmp_path / "restored", passphrase=PASSPHRASE)
    assert restored.cases == 0 and restored.contents == "0 referrals and 0 agreements"
    with vault.open_book_with_passphrase(tmp_path / "restored", PASSPHRASE) as book:
        assert isinstance(book, OfficeBook)
    with vault.open_book_with_passphrase(office_folder, "a different office passphrase") as book:
        assert isinstance(book, OfficeBook)


#: The first 16 hex digits of each released step's SHA-256: a released step is never edited
#: (a book already past it would never see the change), only followed by a new one.
RELEASED_CASEBOOK_STEPS = (
    "6c0cc7a9a741b1c7", "27a9b9052d572f1a", "2e4bbcb10d726ab8", "d38279e9af435f21",
    "4d7386fb0e8a714d", "a10be139d6c3f1ce",
)  # fmt: skip
RELEASED_OFFICE_STEPS = ("33b9958abb1a9690",)


def _digests(steps: tuple[str, ...]) -> tuple[str, ...]:
    import hashlib

    return tuple(hashlib.sha256(step.encode()).hexdigest()[:16] for step in steps)


def test_released_steps_are_never_edited() -> None:
    casebook = _digests(schema.MIGRATIONS)
    assert casebook[: len(RELEASED_CASEBOOK_STEPS)] == RELEASED_CASEBOOK_STEPS
    office = _digests(schema.OFFICE_MIGRATIONS)
    assert office[: len(RELEASED_OFFICE_STEPS)] == RELEASED_OFFICE_STEPS
