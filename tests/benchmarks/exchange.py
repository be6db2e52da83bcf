"""Benchmarks of sealed files between books (issue "The office"), for ``bench.py``.

- sealing a handover of a case of 1,000 notes (``send``: the case read from the book, written
  as a document, signed, sealed with ML-KEM-768 + X25519, written and audited), and opening
  it (``receive``: every check in order, then the case and its notes stored): each ≤ 1 s;
- receiving one agreement into an office book that already archives 10,000: ≤ 200 ms.

Each is the median of repeated runs; anything a run needs set up (a fresh recipient, a new
file) is made outside the timing.
"""

from __future__ import annotations

import shutil
import statistics
import time
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

from app.books import vault
from app.books.casebook import Casebook
from app.books.keyfile import Argon2Params
from app.books.office_book import OfficeBook
from app.cases.agreed_terms import AgreedTerms, AgreementParty
from app.cases.records import Case, Meeting, MeetingKind, Note, Party, PartyRole, Patient, Side
from app.exchange.payloads import agreement_entry
from app.exchange.receiving import receive
from app.exchange.sealed import Kind, new_document, seal
from app.exchange.sending import send
from app.exchange.trust import trust_card
from app.identity.cards import make_card, read_card
from app.identity.contacts import ConfirmedHow

NOTES = 1_000
AGREEMENTS = 10_000
NOTE_TEXT = (
    "Met the parents in the family room. They are worried that the night staffing on the "
    "ward means the ventilation plan is not followed; they want a named consultant and a "
    "written review each week. The team agreed to think about it before the joint meeting. "
)
AGREEMENT = AgreedTerms(
    "Riverside Medical Mediation", "MM-2026-030", "Zoë Nuñez", date(2019, 5, 14),
    "999 208 3328", "H-1", "St Aldhelm's", "PICU", date(2026, 4, 1),
    tuple(AgreementParty(f"Party {i}", "Parent") for i in range(4)),
    tuple(f"Term {i}: the team will review the plan each week." for i in range(1, 21)),
    "Alex Morgan",
)  # fmt: skip


def _trust(book: Casebook | OfficeBook, other: Casebook | OfficeBook) -> None:
    card = read_card(make_card(f"Book {other.casebook_id[:6]}", other.role, other.identity.get()))
    trust_card(book, card, fingerprint=card.fingerprint, how=ConfirmedHow.PHONE, by="Bench",
               at=datetime(2026, 3, 1))  # fmt: skip


def case_of_many_notes(casebook: Casebook, notes: int = NOTES) -> str:
    case = casebook.cases.add(
        Case(None, "MM-2026-777", "Continuing ventilation", hospital="St Aldhelm's",
             referred_on=date(2026, 1, 5), patient=Patient("Zoë Nuñez", date(2019, 5, 14)),
             summary="A long-running disagreement about ventilation at night.")
    )  # fmt: skip
    assert case.id is not None
    parties = [
        casebook.parties.add(Party(None, case.id, f"Party {i}", PartyRole.PARENT, Side.FAMILY))
        for i in range(4)
    ]
    start = datetime(2026, 1, 6, 9, 0)
    meetings = [
        casebook.meetings.add(Meeting(None, case.id, MeetingKind.SEPARATE,
                                      start + timedelta(days=i), 60, "Room 4",
                                      (parties[0].id or 0,)))
        for i in range(20)
    ]  # fmt: skip
    with casebook.transaction():
        for n in range(notes):
            casebook.notes.add(
                Note(None, case.id, f"{n}: {NOTE_TEXT}", start + timedelta(hours=n),
                     meetings[n % len(meetings)].id, parties[n % 4].id)
            )  # fmt: skip
    return case.reference


def seal_and_open_handover(
    scratch: Path, passphrase: str, kdf: Argon2Params, repeats: int
) -> tuple[float, float]:
    """Median milliseconds to seal (send) and to open (receive) a 1,000-note handover."""
    sender = vault.create_casebook(scratch / "sender", passphrase, kdf=kdf).casebook
    template = scratch / "recipient"
    recipient = vault.create_casebook(template, passphrase, kdf=kdf).casebook
    _trust(sender, recipient)
    _trust(recipient, sender)
    key, book_id = recipient.data_key, recipient.casebook_id
    recipient.close()
    reference = case_of_many_notes(sender)
    name = f"Book {book_id[:6]}"
    sealing, opening = [], []
    for n in range(repeats):
        out = scratch / f"handover-{n}.parley-sealed"
        start = time.perf_counter()
        send(sender, Kind.HANDOVER, reference, name, out)
        sealing.append((time.perf_counter() - start) * 1000)
        copy = scratch / f"recipient-{n}"
        shutil.copytree(template, copy)
        with vault.open_book(vault.Unlocked(copy, key, book_id)) as book:
            start = time.perf_counter()
            receive(book, out)
            opening.append((time.perf_counter() - start) * 1000)
            assert isinstance(book, Casebook) and book.cases.count() == 1
        shutil.rmtree(copy)
    sender.close()
    return statistics.median(sealing), statistics.median(opening)


def receive_agreement_into_full_archive(
    scratch: Path, passphrase: str, kdf: Argon2Params, repeats: int
) -> float:
    """Median milliseconds to receive one agreement into an office book of 10,000."""
    office = vault.create_office_book(scratch / "office", passphrase, kdf=kdf).book
    mediator = vault.create_casebook(scratch / "mediator", passphrase, kdf=kdf).casebook
    _trust(office, mediator)
    with office.transaction():
        for n in range(AGREEMENTS):
            office.agreements.add(
                replace(AGREEMENT, case_reference=f"MM-{2000 + n // 1000}-{n % 1000:03d}"),
                received_on=date(2026, 1, 1) + timedelta(days=n % 365),
                received_from=mediator.identity.fingerprint,
                sealed_id=f"{n:032x}",
            )
    keys = office.identity.get().public
    files = []
    for n in range(repeats):
        document = new_document(
            Kind.AGREEMENT, mediator.identity.fingerprint, keys.fingerprint,
            {"agreement": agreement_entry(replace(AGREEMENT, case_reference=f"MM-2027-{n:03d}"))},
            datetime(2027, 1, 1),
        )  # fmt: skip
        path = scratch / f"agreement-{n}.parley-sealed"
        path.write_bytes(seal(document, mediator.identity.get(), keys))
        files.append(path)
    times = []
    for path in files:
        start = time.perf_counter()
        receive(office, path)
        times.append((time.perf_counter() - start) * 1000)
    assert office.agreements.count() == AGREEMENTS + repeats
    office.close()
    mediator.close()
    return statistics.median(times)
