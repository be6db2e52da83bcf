"""``export-book --plaintext``: the whole book in one unencrypted JSON document, on request.

It is the one deliberate plaintext copy of a book (docs/ARCHITECTURE.md, "Rules the code
keeps", rule 1): refused unless the caller says ``plaintext``, written atomically with
owner-only permissions, and recorded in the audit trail with its SHA-256. ``import`` reads
it back into an empty book of the same kind, and exporting that book again gives the same
document but for ``exported_at``.

``parley.book/1`` holds the book's records: settings, trusted contacts, and then, for a
casebook, its cases whole (as in ``parley.cases/1``, plus ``closed_on``,
``notes_destroyed_on``, ``stage_at_referral`` and a closed case's anonymous ``outcome``) and
its registers; for the office's book, referrals, archived
agreements, outcome records and the registers. Not in it: the book's own keys (a book
restored from it gets new ones, and its contacts need its new card), the sealed files it has
taken in, and the audit trail (the book's own history, which the new book begins afresh).

``parley.registers/1`` (``only_registers``) holds the registers alone: how a sole
practitioner moves them into a new office book.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from app.books.casebook import Casebook
from app.books.kinds import AnyBook
from app.books.office_book import OfficeBook
from app.documents.written import DocumentKind, write_document
from app.errors import ExportFailed, ParleyError
from app.exchange import case_export, payloads
from app.exchange.registers_transfer import export_registers

BOOK_FORMAT = "parley.book/1"
REGISTERS_FORMAT = "parley.registers/1"
BOOK_EXPORT = DocumentKind("book exported", "The export")

Entry = dict[str, Any]


class PlaintextNotConfirmed(ParleyError):
    """``export-book`` without saying that a plaintext copy is what is wanted."""


@dataclass(frozen=True)
class ExportedBook:
    path: Path
    sha256: str
    size: int
    summary: str


def book_document(book: AnyBook, now: datetime) -> Entry:
    """The whole book as a ``parley.book/1`` document."""
    document: Entry = {
        "format": BOOK_FORMAT,
        "role": book.role.value,
        "exported_at": now.isoformat(timespec="seconds"),
        "settings": book.settings.stored(),
        "contacts": [
            {
                "name": c.name,
                "role": c.role.value,
                "encryption_key": _b64(c.keys.encryption),
                "signing_key": _b64(c.keys.signing),
                "confirmed_by": c.confirmed_by,
                "confirmed_at": c.confirmed_at.isoformat(timespec="seconds"),
                "confirmed_how": c.confirmed_how.value,
            }
            for c in book.contacts.all()
        ],
    }
    if isinstance(book, Casebook):
        document["cases"] = [_case(book, row.id) for row in book.cases.list_rows()]
    else:
        document |= _office_records(book)
    document["registers"] = export_registers(book.connection, office=isinstance(book, OfficeBook))
    return document


def registers_document(book: AnyBook, now: datetime) -> Entry:
    """The registers alone, as a ``parley.registers/1`` document."""
    return {
        "format": REGISTERS_FORMAT,
        "exported_at": now.isoformat(timespec="seconds"),
        "registers": export_registers(book.connection, office=isinstance(book, OfficeBook)),
    }


def export_book(
    book: AnyBook,
    out: Path,
    *,
    plaintext: bool,
    only_registers: bool = False,
    now: datetime | None = None,
) -> ExportedBook:
    """Write the book (or only its registers) to ``out`` unencrypted, 0600, and audit it."""
    if not plaintext:
        raise PlaintextNotConfirmed(
            "export-book writes the whole book unencrypted, notes and all; add --plaintext to "
            "say that is what you want. Nothing was written."
        )
    now = now or datetime.now()
    out = Path(out)
    if not out.parent.is_dir():
        raise ExportFailed(f"The folder {out.parent} does not exist; choose another place.")
    if out.exists():
        raise ExportFailed(f"{out} already exists; Parley will not overwrite it.")
    document = registers_document(book, now) if only_registers else book_document(book, now)
    data = (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    what = "registers, plaintext" if only_registers else "whole book, plaintext"
    written = write_document(book.audit, BOOK_EXPORT, data, out, reference=what)
    return ExportedBook(out, written.sha256, written.size, _summary(document))


def _case(casebook: Casebook, case_id: int) -> Entry:
    entry = case_export.case_entry(casebook, casebook.cases.get(case_id))
    closure = casebook.cases.closure(case_id)
    for key, day in (
        ("closed_on", closure.closed_on),
        ("notes_destroyed_on", closure.notes_destroyed_on),
    ):
        if day is not None:
            entry[key] = day.isoformat()
    referral_stage, _ = casebook.cases.referral_stage_and_closure(case_id)
    if referral_stage is not None:
        entry["stage_at_referral"] = referral_stage.value
    outcome = casebook.outcomes.for_case(case_id)
    if outcome is not None:
        entry["outcome"] = payloads.outcome_entry(outcome)
    return entry


def _office_records(book: OfficeBook) -> Entry:
    referrals = []
    for referral in book.referrals.all():
        entry = case_export.opening_entry(referral.details)
        if referral.sent_on is not None:
            entry["sent_to"] = referral.sent_to
            entry["sent_to_fingerprint"] = referral.sent_to_fingerprint
            entry["sent_on"] = referral.sent_on.isoformat()
        referrals.append(entry)
    agreements = []
    # Oldest first, so that a book read back from this lists them in the same order.
    for archived in reversed(book.agreements.all()):
        entry = payloads.agreement_entry(archived.document)
        entry |= {
            "received_on": archived.received_on.isoformat(),
            "received_from": archived.received_from,
            "sealed_id": archived.sealed_id,
            "signed_copy_on": _day(archived.signed_copy_on),
            "sent_to_hospital_on": _day(archived.sent_to_hospital_on),
        }
        agreements.append(entry)
    outcomes = [
        payloads.outcome_entry(record) | {"received_on": received.isoformat()}
        for record, received in book.outcomes.all()
    ]
    return {"referrals": referrals, "agreements": agreements, "outcomes": outcomes}


def _summary(document: Entry) -> str:
    counted = [
        f"{len(document[key])} {key}"
        for key in ("cases", "referrals", "agreements", "outcomes", "contacts")
        if key in document
    ]
    registers = sum(len(rows) for rows in document["registers"].values())
    return ", ".join([*counted, f"{registers} register records"])


def _day(value: Any) -> str | None:
    return None if value is None else str(value.isoformat())


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")
