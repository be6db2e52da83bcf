"""Receive: take in a sealed file addressed to this book, after every check, or nothing.

The checks run in the design's order, and the first that fails refuses the file with one
clear line, before anything is written (docs/ARCHITECTURE.md, "Sealed exchange between
books"):

1. addressed to this book (the fingerprint outside the seal);
2. it opens (HPKE: not altered, not cut short, really sealed to this book's key);
3. the signature is valid, by the keys inside, over a document naming this book;
4. the sender is a trusted contact, with those very keys, whose role may send this kind;
5. not received before (every file's id is kept);
6. the payload passes the same validation as an import of that kind, with field paths;
7. the kind is allowed for this book's role (an office never takes a handover or a
   referral; a casebook never an agreement or an outcome).

Then, in one transaction: what the file brings, its id, and an audit entry with the file's
SHA-256.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from app.books.casebook import Casebook
from app.books.kinds import AnyBook
from app.books.office_book import OfficeBook
from app.cases.agreed_terms import AgreedTerms
from app.cases.outcomes import OutcomeRecord
from app.errors import ImportRejected
from app.exchange import payloads
from app.exchange.importer import PlannedCase, check_structure, plan_document, store_case
from app.exchange.sealed import (
    MAX_SEALED_BYTES,
    Document,
    Kind,
    SealedFileRefused,
    open_envelope,
    read_envelope,
    read_signed,
)
from app.formatting import format_date
from app.identity.contacts import Contact
from app.identity.keys import Identity, PublicKeys, format_fingerprint


@dataclass(frozen=True)
class ReceivedFile:
    kind: Kind
    sender: Contact
    reference: str  # the case it is about ("" for an outcome, which names none)
    sha256: str
    file_id: str


#: What each kind of file, once checked, stores in the book.
_Take = Callable[[AnyBook, Document, datetime], str]


@dataclass(frozen=True)
class Opened:
    """A sealed file that is addressed to this book, opens, and is validly signed (checks 1
    to 3); the rest need the book. Made by ``open_sealed``, which needs only this book's
    keys, so it can run off the GUI thread."""

    name: str
    data: bytes
    document: Document
    keys: PublicKeys


def receive(book: AnyBook, path: Path, *, now: datetime | None = None) -> ReceivedFile:
    """Check ``path`` in the design's order and take in what it brings, or refuse it."""
    return take_in(book, open_sealed(path, book.identity.get()), now=now)


def open_sealed(path: Path, own: Identity) -> Opened:
    """Checks 1 to 3 on the file at ``path`` for the book whose keys are ``own``."""
    path = Path(path)
    data = _read(path)
    name = path.name
    envelope = read_envelope(data, name)
    if envelope.recipient != own.public.fingerprint:  # 1
        raise SealedFileRefused(
            f"{name} is sealed to another book ({format_fingerprint(envelope.recipient)}), not "
            "this one; it cannot be opened here."
        )
    plaintext = open_envelope(envelope, own, name)  # 2
    document, keys = read_signed(plaintext, own.public.fingerprint, name)  # 3
    return Opened(name, data, document, keys)


def take_in(book: AnyBook, opened: Opened, *, now: datetime | None = None) -> ReceivedFile:
    """Checks 4 to 7 on a file ``open_sealed`` opened for ``book``; then store what it
    brings, its id and the audit entry in one transaction, or refuse it."""
    now = now or datetime.now()
    name, document, data = opened.name, opened.document, opened.data
    if document.recipient != book.identity.fingerprint:  # opened for another book
        raise SealedFileRefused(f"{name} was opened for another book; receive it again.")
    sender = _trusted_sender(book, document, opened.keys, name)  # 4
    seen = book.received.seen(document.id)  # 5
    if seen is not None:
        raise SealedFileRefused(
            f"{name} was already received on {format_date(seen.date())} at {seen:%H:%M}; "
            "nothing was changed."
        )
    take = _checked(book, document, name)  # 6
    if book.role is not document.kind.recipient_role:  # 7
        raise SealedFileRefused(
            f"{name} is {document.kind.what}, which {book.role.book_name} never takes in. "
            "Nothing was changed."
        )
    digest = hashlib.sha256(data).hexdigest()
    try:
        with book.transaction():
            reference = take(book, document, now)
            book.received.add(
                document.id,
                kind=document.kind.value,
                sender=sender.fingerprint,
                sha256=digest,
                at=now,
            )
            book.audit.record(
                "sealed file received",
                case_reference=reference,
                detail=f"{document.kind.value} from {sender.fingerprint} id={document.id} "
                f"sha256={digest}",
            )
    except ImportRejected as exc:  # a store's last word on a record: all of it is undone
        raise SealedFileRefused(f"{name} was refused: {exc}") from exc
    return ReceivedFile(document.kind, sender, reference, digest, document.id)


def _read(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(MAX_SEALED_BYTES + 1)
    except FileNotFoundError as exc:
        raise SealedFileRefused(f"There is no file at {path}.") from exc
    except OSError as exc:
        raise SealedFileRefused(f"{path.name} cannot be read ({exc.strerror or exc}).") from exc


def _trusted_sender(book: AnyBook, document: Document, keys: object, name: str) -> Contact:
    contact = book.contacts.by_fingerprint(document.sender)
    if contact is None or contact.keys != keys:
        raise SealedFileRefused(
            f"{name} comes from a book this one does not trust "
            f"({format_fingerprint(document.sender)}): import its card and confirm its "
            "fingerprint with its owner first."
        )
    if contact.role is not document.kind.sender_role:
        raise SealedFileRefused(
            f"{name} is {document.kind.what} from {contact.name}, {contact.role.book_name}, "
            f"which may not send one. Nothing was changed."
        )
    return contact


def _checked(book: AnyBook, document: Document, name: str) -> _Take:
    """Validate the payload as an import of its kind would be; return how to store it."""
    payload = document.payload
    try:
        check_structure(payload)
        if document.kind is Kind.AGREEMENT:
            agreement = payloads.read_agreement(_only(payload, "agreement"), "agreement")
            return lambda b, d, now: _file_agreement(b, agreement, d, now)
        if document.kind is Kind.OUTCOME:
            record = payloads.read_outcome(_only(payload, "outcome"), "outcome")
            return lambda b, d, now: _keep_outcome(b, record, now)
        references = book.cases.references() if isinstance(book, Casebook) else set()
        if document.kind is Kind.REFERRAL:
            payloads.refuse_beyond_opening_details(payload)
        planned = plan_document(payload, references)
        if len(planned) != 1:
            raise ImportRejected(f"cases: a {document.kind.value} carries exactly one case")
        return lambda b, d, now: _open_case(b, planned[0])
    except ImportRejected as exc:
        raise SealedFileRefused(f"{name} was refused: {exc}") from exc


def _only(payload: dict[str, object], key: str) -> object:
    if set(payload) != {key}:
        unexpected = sorted(set(payload) - {key})
        where = unexpected[0] if unexpected else key
        raise ImportRejected(f"{where}: a file of this kind holds only {key!r}")
    return payload[key]


def _file_agreement(
    book: AnyBook, agreement: AgreedTerms, document: Document, now: datetime
) -> str:
    assert isinstance(book, OfficeBook)
    book.agreements.add(
        agreement, received_on=now.date(), received_from=document.sender, sealed_id=document.id
    )
    return agreement.case_reference


def _keep_outcome(book: AnyBook, record: OutcomeRecord, now: datetime) -> str:
    assert isinstance(book, OfficeBook)
    book.outcomes.add(record, received_on=now.date())
    return ""  # an outcome record names no case


def _open_case(book: AnyBook, planned: PlannedCase) -> str:
    assert isinstance(book, Casebook)
    store_case(book, planned)
    return planned.case.reference
