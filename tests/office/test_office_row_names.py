"""The office book's stores read their columns by name too: reversing the columns of its
tables on disk, or of a store's column list, changes nothing they read."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pytest
from test_office_stores import AGREED, DETAILS

from app.books import vault
from app.books.office_book import OfficeBook
from app.cases.outcomes import OutcomeRecord
from app.cases.records import MeetingKind, Stage, Status
from app.identity import contacts as contact_store
from app.identity.cards import Card
from app.identity.contacts import ConfirmedHow
from app.identity.keys import new_identity
from app.office import agreements as agreement_store
from app.office import outcomes as outcome_store
from app.office import referrals as referral_store
from app.registers.complaints import Channel, Complaint, ComplaintAbout
from app.registers.stores import complaints as complaint_store
from app.roles import Role

from column_order import assert_same_reads, reverse_list, reverse_select, reverse_tables
from conftest import PASSPHRASE

TABLES = (
    "referrals",
    "referral_parties",
    "agreements",
    "agreement_parties",
    "agreement_terms",
    "outcomes",
    "complaints",
    "identity_keys",
    "contacts",
    "audit",
    "settings",
)


def fill(office: OfficeBook) -> None:
    referral = office.referrals.add(DETAILS)
    office.referrals.mark_sent(
        referral.id,
        to="Alex Morgan",
        fingerprint="AB" * 20,
        on=DETAILS.referred_on or date(2026, 3, 2),
    )
    office.referrals.add(replace(DETAILS, reference="MM-2026-041", court=None, parties=()))
    filed = office.agreements.add(
        AGREED, received_on=date(2026, 4, 2), received_from="F" * 40, sealed_id="id-1"
    )
    office.agreements.record_signed_copy(filed.id, date(2026, 4, 8), today=date(2026, 4, 20))
    counts = dict.fromkeys(MeetingKind, 0) | {MeetingKind.JOINT: 2, MeetingKind.SEPARATE: 3}
    office.outcomes.add(
        OutcomeRecord(Stage.FORMAL, Status.CLOSED, date(2026, 3, 2), date(2026, 4, 30),
                      MappingProxyType(counts)),
        received_on=date(2026, 5, 1),
    )  # fmt: skip
    office.registers.record_complaint(
        Complaint(None, date(2026, 2, 10), Channel.LETTER, "Zoë Łukasz-Nuñez", "zoe@example.org",
                  ComplaintAbout.MEDIATOR, "Felt unheard", case_reference="MM-2026-040")
    )  # fmt: skip
    mediator = Card("Alex Morgan", Role.MEDIATOR, new_identity().public)
    office.contacts.add(
        mediator, confirmed_by="The office", how=ConfirmedHow.IN_PERSON, at=datetime(2026, 3, 1)
    )


def everything(office: OfficeBook) -> dict[str, Any]:
    referrals = office.referrals.all()
    return {
        "referrals": referrals,
        "each referral": [office.referrals.get(r.id) for r in referrals],
        "agreements": office.agreements.all(),
        "waiting": office.agreements.waiting(),
        "latest": office.agreements.latest_for(AGREED.case_reference),
        "outcomes": office.outcomes.all(),
        "complaints": office.registers.complaints.all(),
        "identity": office.identity.get(),
        "contacts": office.contacts.all(),
        "audit": office.audit.entries(),
    }


def read_everything(folder: Path) -> dict[str, Any]:
    office = vault.open_book_with_passphrase(folder, PASSPHRASE)
    assert isinstance(office, OfficeBook)
    try:
        return everything(office)
    finally:
        office.close()


@pytest.fixture
def filled_office(office_folder: Path) -> Path:
    office = vault.open_book_with_passphrase(office_folder, PASSPHRASE)
    assert isinstance(office, OfficeBook)
    try:
        with office.transaction():
            fill(office)
    finally:
        office.close()
    return office_folder


def test_the_office_reads_the_same_records_with_the_columns_reordered_on_disk(
    filled_office: Path,
) -> None:
    before = read_everything(filled_office)
    assert len(before["referrals"]) == 2 and any(r.sent_on for r in before["referrals"])
    assert before["agreements"][0].signed_copy_on and before["outcomes"] and before["contacts"]
    assert before["complaints"][0].case_reference == "MM-2026-040"
    reverse_tables(filled_office, TABLES)
    assert_same_reads(read_everything(filled_office), before)


def test_the_office_stores_column_lists_may_name_their_columns_in_any_order(
    filled_office: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = read_everything(filled_office)
    reverse_list(monkeypatch, referral_store, "_COLUMNS")
    reverse_list(monkeypatch, agreement_store, "_COLUMNS")
    reverse_list(monkeypatch, outcome_store, "_COLUMNS")
    reverse_list(monkeypatch, contact_store, "_COLUMNS")
    reverse_select(monkeypatch, complaint_store, "_NAMED")
    assert_same_reads(read_everything(filled_office), before)
