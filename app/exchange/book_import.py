"""``import``: read a document into a book, according to its format and the book's role.

- ``parley.cases/1`` into a casebook: cases, as always (``app.exchange.importer``);
- ``parley.cases/1`` into the office's book: each case's opening details, as a referral; any
  other field is refused with its path (``cases[0].notes: …``);
- ``parley.book/1``: a whole book from ``export-book``, into an empty book of the same kind;
- ``parley.registers/1``: the registers alone (a sole practitioner moving them into a new
  office book), into a book whose registers are empty.

Each is all or nothing, in one transaction with one audit entry.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from app.books.casebook import Casebook
from app.books.kinds import AnyBook
from app.books.office_book import OfficeBook
from app.cases.records import Closure, Stage, Status
from app.errors import ImportRejected, InvalidValue
from app.exchange import import_schema as schema
from app.exchange import payloads
from app.exchange.book_export import BOOK_FORMAT, REGISTERS_FORMAT
from app.exchange.importer import FORMAT as CASES_FORMAT
from app.exchange.importer import import_document, plan_document, read_import_file, store_case
from app.exchange.registers_transfer import import_registers, registers_are_empty
from app.identity.cards import Card
from app.identity.contacts import ConfirmedHow
from app.identity.keys import BadKey, PublicKeys
from app.roles import Role
from app.settings import registry
from app.storage.database import database_error_types

_CONTACT_FIELDS = (
    "name", "role", "encryption_key", "signing_key", "confirmed_by", "confirmed_at",
    "confirmed_how",
)  # fmt: skip
_CASEBOOK_FIELDS = ("format", "role", "exported_at", "settings", "contacts", "cases", "registers")
_OFFICE_FIELDS = (
    "format", "role", "exported_at", "settings", "contacts", "referrals", "agreements",
    "outcomes", "registers",
)  # fmt: skip
_SENT = ("sent_to", "sent_to_fingerprint", "sent_on")
_ARCHIVED = ("received_on", "received_from", "sealed_id", "signed_copy_on", "sent_to_hospital_on")
_CLOSURE = ("closed_on", "notes_destroyed_on")
_KEPT = ("stage_at_referral", "outcome")

T = TypeVar("T")


def import_path(book: AnyBook, path: Path) -> str:
    """Read ``path`` into ``book``, all or nothing; what was added, in words."""
    path = Path(path)
    document = read_import_file(path)
    found = document.get("format")
    readers: dict[object, Callable[[AnyBook, dict[str, Any], str], str]] = {
        CASES_FORMAT: _cases,
        BOOK_FORMAT: _whole_book,
        REGISTERS_FORMAT: _registers_only,
    }
    reader = readers.get(found)
    if reader is None:
        known = ", ".join(f'"{f}"' for f in readers)
        got = schema.quote(found) if isinstance(found, str) else schema.describe(found)
        schema.reject("format", f"this Parley reads {known} files (got {got})")
    try:
        return reader(book, document, path.name)
    except database_error_types() as exc:
        raise ImportRejected(
            f"The records could not be stored ({exc}); nothing from the file was added."
        ) from exc


def _cases(book: AnyBook, document: dict[str, Any], name: str) -> str:
    if isinstance(book, Casebook):
        summary = import_document(book, document, source_name=name)
        return (
            f"{summary.cases} case(s): {summary.parties} parties, {summary.meetings} meetings, "
            f"{summary.notes} notes, {summary.issues} issues, {summary.terms} terms, "
            f"{summary.disclosures} disclosures"
        )
    referrals = payloads.read_opening_document(document, book.referrals.references())
    with book.transaction():
        for path, details in referrals:
            _stored(path, book.referrals.add, details)
        book.audit.record("import", detail=f"{len(referrals)} referral(s) from {name}")
    return f"{len(referrals)} referral(s)"


def _registers_only(book: AnyBook, document: dict[str, Any], name: str) -> str:
    top = schema.Fields(document, "", ("format", "exported_at", "registers"), "a registers file")
    with book.transaction():
        added = import_registers(
            book.connection, top.raw("registers", required=True), "registers",
            office=isinstance(book, OfficeBook),
        )  # fmt: skip
        book.audit.record("import", detail=f"registers ({added} records) from {name}")
    return f"the registers: {added} record(s)"


def _whole_book(book: AnyBook, document: dict[str, Any], name: str) -> str:
    office = isinstance(book, OfficeBook)
    either = tuple(dict.fromkeys(_CASEBOOK_FIELDS + _OFFICE_FIELDS))
    role = schema.Fields(document, "", either, "an export of a book").enum("role", Role)
    if role is not book.role:
        schema.reject("role", f"this is an export of {role.book_name}; it is read only into "
                      f"{role.book_name}, and this is {book.role.book_name}")  # fmt: skip
    top = schema.Fields(
        document,
        "",
        _OFFICE_FIELDS if office else _CASEBOOK_FIELDS,
        f"an export of {role.book_name}",
    )
    if not _empty(book):
        schema.reject("", "a whole book is read only into a new, empty book; this one already "
                      "holds records. Nothing was added.")  # fmt: skip
    with book.transaction():
        _settings(book, top)
        _contacts(book, top)
        if isinstance(book, Casebook):
            _whole_cases(book, top)
        else:
            _office_records(book, top)
        import_registers(book.connection, top.raw("registers", required=True), "registers",
                         office=office)  # fmt: skip
        book.audit.record("import", detail=f"whole book from {name}")
    return "the whole book"


def _empty(book: AnyBook) -> bool:
    if book.contacts.all() or not registers_are_empty(book.connection):
        return False
    if isinstance(book, Casebook):
        return book.cases.count() == 0
    return not (book.referrals.count() or book.agreements.count() or book.outcomes.count())


def _settings(book: AnyBook, top: schema.Fields) -> None:
    known = registry()
    settings = top.part("settings", tuple(known), "the book's settings")
    if settings is None:
        return
    for key in known:
        text = settings.raw(key)
        if text is None:
            continue
        try:
            book.settings.set_text(known[key], schema.checked_text(settings.at(key), text))
        except InvalidValue as exc:
            schema.reject(settings.at(key), exc.reason)


def _contacts(book: AnyBook, top: schema.Fields) -> None:
    for path, item in top.items("contacts", limit=10_000, what="contacts"):
        fields = schema.Fields(item, path, _CONTACT_FIELDS, "a trusted contact")
        try:
            keys = PublicKeys(
                base64.b64decode(fields.text("encryption_key", required=True), validate=True),
                base64.b64decode(fields.text("signing_key", required=True), validate=True),
            )
            at = datetime.fromisoformat(fields.text("confirmed_at", required=True))
        except (BadKey, binascii.Error, ValueError) as exc:
            raise ImportRejected(f"{path}: the contact's keys or date cannot be read") from exc
        card = Card(fields.text("name", required=True), fields.enum("role", Role), keys)
        how = fields.enum("confirmed_how", ConfirmedHow)
        by = fields.text("confirmed_by", required=True)
        _stored(path, book.contacts.add, card, confirmed_by=by, how=how, at=at)


def _split(
    item: object, path: str, keys: tuple[str, ...], what: str
) -> tuple[dict[str, Any], schema.Fields]:
    """A record of an export, parted into what its own reader reads and the fields ``keys``
    that the export adds to it (read here, with the same path)."""
    if not isinstance(item, dict):
        schema.reject(
            path, f"must be an object {{…}} describing {what} (got {schema.describe(item)})"
        )
    added = schema.Fields({k: item[k] for k in keys if k in item}, path, keys, what)
    return {k: v for k, v in item.items() if k not in keys}, added


def _whole_cases(casebook: Casebook, top: schema.Fields) -> None:
    entries, kept = [], []
    for path, item in top.items("cases", limit=10_000, what="cases"):
        case, added = _split(item, path, _CLOSURE + _KEPT, "a case")
        entries.append(case)
        closure = Closure(added.date("closed_on"), added.date("notes_destroyed_on"))
        referral_stage = added.raw("stage_at_referral")
        stage = None if referral_stage is None else added.enum("stage_at_referral", Stage)
        outcome = added.raw("outcome")
        record = None if outcome is None else payloads.read_outcome(outcome, added.at("outcome"))
        kept.append((path, closure, stage, record))
    planned = plan_document({"format": CASES_FORMAT, "cases": entries}, set())
    for plan, (path, closure, stage, record) in zip(planned, kept, strict=True):
        store_case(casebook, plan)
        stored = casebook.cases.by_reference(plan.case.reference)
        assert stored.id is not None
        casebook.cases.restore_closure(stored.id, closure)
        if stage is not None:
            casebook.cases.restore_referral_stage(stored.id, stage)
        if record is not None:
            if stored.status is not Status.CLOSED:
                schema.reject(schema.join(path, "outcome"), "only a closed case has an outcome")
            _stored(schema.join(path, "outcome"), casebook.outcomes.keep, stored.id, record)


def _office_records(book: OfficeBook, top: schema.Fields) -> None:
    _referrals(book, top)
    for path, item in top.items("agreements", limit=1_000_000, what="agreements"):
        entry, filed = _split(item, path, _ARCHIVED, "an archived agreement")
        document = payloads.read_agreement(entry, path)
        received_on = filed.date("received_on", required=True)
        assert received_on is not None  # required
        received_from = filed.text("received_from", required=True)
        sealed_id = filed.text("sealed_id", required=True)
        signed, sent = filed.date("signed_copy_on"), filed.date("sent_to_hospital_on")
        _stored(
            path,
            book.agreements.add,
            document,
            received_on=received_on,
            received_from=received_from,
            sealed_id=sealed_id,
            signed_copy_on=signed,
            sent_to_hospital_on=sent,
        )
    for path, item in top.items("outcomes", limit=1_000_000, what="outcomes"):
        entry, received = _split(item, path, ("received_on",), "an outcome record")
        record = payloads.read_outcome(entry, path)
        day = received.date("received_on", required=True)
        assert day is not None  # required
        book.outcomes.add(record, received_on=day)


def _referrals(book: OfficeBook, top: schema.Fields) -> None:
    entries, sendings = [], []
    for path, item in top.items("referrals", limit=10_000, what="referrals"):
        entry, sent = _split(item, path, _SENT, "a referral")
        entries.append(entry)
        sendings.append(sent)
    try:
        read = payloads.read_opening_document({"format": CASES_FORMAT, "cases": entries}, set())
    except ImportRejected as exc:  # its paths are the referrals', not a cases file's
        raise ImportRejected(str(exc).replace("cases[", "referrals[", 1)) from exc
    for (path, details), sent in zip(read, sendings, strict=True):
        referral = _stored(path, book.referrals.add, details)
        on = sent.date("sent_on")
        if on is not None:
            to, fingerprint = sent.text("sent_to"), sent.text("sent_to_fingerprint")
            book.referrals.mark_sent(referral.id, to=to, fingerprint=fingerprint, on=on)


def _stored(path: str, add: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """``add(*args, **kwargs)``, a store's refusal placed at ``path``."""
    try:
        return add(*args, **kwargs)
    except InvalidValue as exc:
        raise schema.rejected_at(path, exc) from exc
