"""Send: seal one case's referral, agreement, outcome or handover to a trusted book.

Who may send what (docs/ARCHITECTURE.md, "Sealed exchange between books"): the office sends
referrals to mediators; a mediator sends agreements and outcomes to the office, and hands a
case over to another mediator. Each way out is built from the value object that may leave
(opening details, ``AgreedTerms``, ``OutcomeRecord``), never from a case, except the
handover, which is the whole case by design. The file is written owner-only and takes its
name only once the sending is in the audit trail with the file's SHA-256; a handed-over case
is kept or closed, as the mediator chooses, in the same transaction.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from app.books.casebook import Casebook
from app.books.kinds import AnyBook, require_casebook, require_office
from app.cases.outcomes import outcome_of
from app.cases.records import Status
from app.documents.export import agreed_terms_for
from app.errors import ExportFailed, ParleyError
from app.exchange import case_export, payloads
from app.exchange.sealed import Document, Kind, new_document, seal
from app.identity.contacts import Contact
from app.identity.keys import Identity
from app.storage.atomic import replacing


class NotAllowed(ParleyError):
    """A kind of file this book may not send, or not to that contact."""


@dataclass(frozen=True)
class SentFile:
    path: Path
    kind: Kind
    reference: str
    to: Contact
    sha256: str
    size: int
    closed: bool = False  # a handover whose case was closed on this side


@dataclass(frozen=True)
class Outgoing:
    """A sealed file about to be made: everything read from the book, checked, and nothing
    written yet. ``seal_outgoing`` needs no book, so it can run off the GUI thread."""

    kind: Kind
    reference: str
    to: Contact
    out: Path
    close: bool
    now: datetime
    document: Document
    identity: Identity


def send(
    book: AnyBook,
    kind: Kind,
    reference: str,
    to: str,
    out: Path,
    *,
    close: bool = False,
    now: datetime | None = None,
) -> SentFile:
    """Seal ``kind`` of case ``reference`` to the contact ``to`` (a name or fingerprint) in
    ``out``. ``close``: after a handover, close the case here."""
    outgoing = prepare(book, kind, reference, to, out, close=close, now=now)
    return deliver(book, outgoing, seal_outgoing(outgoing))


def prepare(
    book: AnyBook,
    kind: Kind,
    reference: str,
    to: str,
    out: Path,
    *,
    close: bool = False,
    now: datetime | None = None,
) -> Outgoing:
    """Every check of ``send`` and what will go, read from ``book``; nothing is written."""
    now = now or datetime.now()
    out = Path(out)
    contact = book.contacts.find(to)
    _check_allowed(book, kind, contact, close)
    payload, reference = _payload(book, kind, reference.strip())
    _check_destination(out)
    identity = book.identity.get()
    document = new_document(kind, identity.public.fingerprint, contact.fingerprint, payload, now)
    return Outgoing(kind, reference, contact, out, close, now, document, identity)


def seal_outgoing(outgoing: Outgoing) -> bytes:
    """The sealed file's bytes (the slow part: signing and sealing; no book needed)."""
    return seal(outgoing.document, outgoing.identity, outgoing.to.keys)


def deliver(book: AnyBook, outgoing: Outgoing, data: bytes) -> SentFile:
    """Write the sealed file and record the sending (closing a handed-over case if asked),
    together or not at all."""
    kind, reference, contact, out = outgoing.kind, outgoing.reference, outgoing.to, outgoing.out
    _check_destination(out)  # again: time may have passed while it was being sealed
    digest = hashlib.sha256(data).hexdigest()
    detail = f"{kind.value} to {contact.fingerprint} id={outgoing.document.id} sha256={digest}"
    try:
        # The file takes its name only once the sending is in the audit trail (and the case
        # closed, or the referral marked sent, with it): one without the other never happens.
        with (
            replacing(out, data),
            book.audit.recording("sealed file sent", case_reference=reference, detail=detail),
        ):
            _after_sending(book, kind, reference, contact, outgoing.now, outgoing.close)
    except OSError as exc:
        raise ExportFailed(
            f"The sealed file could not be written to {out} ({exc.strerror or exc}); nothing "
            "was sent or left behind."
        ) from exc
    return SentFile(out, kind, reference, contact, digest, len(data), closed=outgoing.close)


def _check_allowed(book: AnyBook, kind: Kind, contact: Contact, close: bool) -> None:
    if book.role is not kind.sender_role:
        raise NotAllowed(f"{book.role.book_name.capitalize()} does not send {kind.what}.")
    if contact.role is not kind.recipient_role:
        raise NotAllowed(
            f"{contact.name} is {contact.role.book_name}, which does not take {kind.what}."
        )
    if close and kind is not Kind.HANDOVER:
        raise NotAllowed("Only a handover closes the case on this side.")


def _payload(book: AnyBook, kind: Kind, reference: str) -> tuple[dict[str, Any], str]:
    if kind is Kind.REFERRAL:
        details = require_office(book, "sending a referral").referrals.by_reference(reference)
        entry = case_export.opening_entry(details.details)
        return case_export.cases_document([entry]), details.reference
    casebook = require_casebook(book, f"sending {kind.what}")
    case = casebook.cases.by_reference(reference)
    if kind is Kind.AGREEMENT:
        document = agreed_terms_for(casebook, case.reference)
        return {"agreement": payloads.agreement_entry(document)}, case.reference
    if kind is Kind.OUTCOME:
        assert case.id is not None
        # The record kept when the case closed, with the mediator's answers; a case closed
        # before Parley asked for them sends what the case itself says.
        record = casebook.outcomes.for_case(case.id) or outcome_of(
            case,
            casebook.meetings.for_case(case.id),
            closed_on=casebook.cases.closure(case.id).closed_on,
        )
        return {"outcome": payloads.outcome_entry(record)}, case.reference
    handover = case_export.cases_document([case_export.case_entry(casebook, case)])
    return handover, case.reference


def _after_sending(
    book: AnyBook, kind: Kind, reference: str, contact: Contact, now: datetime, close: bool
) -> None:
    if kind is Kind.REFERRAL:
        office = require_office(book, "sending a referral")
        referral = office.referrals.by_reference(reference)
        office.referrals.mark_sent(
            referral.id, to=contact.name, fingerprint=contact.fingerprint, on=now.date()
        )
    elif close and isinstance(book, Casebook):
        case = book.cases.by_reference(reference)
        book.cases.update(replace(case, status=Status.CLOSED))


def _check_destination(out: Path) -> None:
    if not out.parent.is_dir():
        raise ExportFailed(f"The folder {out.parent} does not exist; choose another place.")
    if out.exists():
        raise ExportFailed(f"{out} already exists; choose another name (nothing was sent).")
