"""Sealed files (``.parley-sealed``): a signed document, sealed to one book.

A file is, in order::

    magic        8 bytes   b"PARLEYSF"
    version      2 bytes   big-endian, 1
    recipient   25 bytes   the recipient's fingerprint (its raw 200 bits)
    sealed       the rest  HPKE (MLKEM768_X25519, HKDF_SHA256, AES_256_GCM) of the letter:
                           encapsulated key, ciphertext, tag

The first 35 bytes are the only thing outside the seal, and they are HPKE's ``info``, so
changing the version or the address makes the file fail to open. Inside is a JSON letter::

    {"document": "<JSON text>", "signer": {"encryption_key": …, "signing_key": …},
     "signature": "<Ed25519 over the document, base64>"}

and the document is ``{"format": "parley.sealed/1", "kind", "id", "created", "sender",
"recipient", "payload"}``, sender and recipient being fingerprints. The signer's keys travel
inside, so the signature can be checked before asking whether the signer is trusted; the
signed recipient is checked against this book, so a document signed for another book and
sealed again to this one is refused.

HPKE alone says nothing about who sealed a file (anyone with a book's card can seal to it):
the signature, from a contact whose fingerprint was confirmed, is what says who sent it.
What the seal does not hide: a file's size, and that it exists.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import struct
import uuid
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from app.errors import ParleyError
from app.identity.keys import (
    FINGERPRINT_BYTES,
    BadKey,
    Identity,
    PublicKeys,
    fingerprint_bytes,
    fingerprint_from_bytes,
    format_fingerprint,
)
from app.roles import Role

MAGIC = b"PARLEYSF"
VERSION = 1
HEADER = struct.Struct(f">8sH{FINGERPRINT_BYTES}s")
SUFFIX = ".parley-sealed"
DOCUMENT_FORMAT = "parley.sealed/1"
#: Above the import limit (50 MB), so a handover can carry any case an import could.
MAX_SEALED_BYTES = 64 * 1024 * 1024
_SIGNED_LABEL = b"parley sealed document/1\x00"
_LETTER_FIELDS = {"document", "signer", "signature"}
_DOCUMENT_FIELDS = {"format", "kind", "id", "created", "sender", "recipient", "payload"}
_ID = re.compile(r"[0-9a-f]{32}")


class Kind(StrEnum):
    REFERRAL = "referral"
    AGREEMENT = "agreement"
    OUTCOME = "outcome"
    HANDOVER = "handover"

    @property
    def sender_role(self) -> Role:
        """The only role that may send this kind."""
        return Role.OFFICE if self is Kind.REFERRAL else Role.MEDIATOR

    @property
    def recipient_role(self) -> Role:
        """The only role that may take this kind in."""
        return Role.OFFICE if self in (Kind.AGREEMENT, Kind.OUTCOME) else Role.MEDIATOR

    @property
    def what(self) -> str:
        return _WHAT[self]


_WHAT = {
    Kind.REFERRAL: "a referral (a new case's opening details)",
    Kind.AGREEMENT: "an agreement (the agreed-terms document)",
    Kind.OUTCOME: "an outcome record (anonymous counts)",
    Kind.HANDOVER: "a handover (a whole case, with its notes)",
}


class SealedFileRefused(ParleyError):
    """A sealed file that is not taken in; the message says why, and nothing was changed."""


@dataclass(frozen=True)
class Document:
    """What the sender signed."""

    kind: Kind
    id: str
    created: datetime
    sender: str  # fingerprint
    recipient: str  # fingerprint
    payload: dict[str, Any]


@dataclass(frozen=True)
class Envelope:
    """What can be read of a sealed file without opening it."""

    version: int
    recipient: str  # fingerprint
    header: bytes
    sealed: bytes


def new_document(
    kind: Kind, sender: str, recipient: str, payload: dict[str, Any], now: datetime
) -> Document:
    return Document(kind, uuid.uuid4().hex, now.replace(microsecond=0), sender, recipient, payload)


def seal(document: Document, sender: Identity, recipient: PublicKeys) -> bytes:
    """The sealed file's bytes: ``document`` signed by ``sender``, sealed to ``recipient``."""
    if document.recipient != recipient.fingerprint or document.sender != sender.public.fingerprint:
        raise ValueError("the document's sender and recipient must be the keys used")
    text = json.dumps(
        {
            "format": DOCUMENT_FORMAT,
            "kind": document.kind.value,
            "id": document.id,
            "created": document.created.isoformat(timespec="seconds"),
            "sender": document.sender,
            "recipient": document.recipient,
            "payload": document.payload,
        },
        ensure_ascii=False,
        separators=(",", ":"),
    )
    letter = {
        "document": text,
        "signer": {
            "encryption_key": _b64(sender.public.encryption),
            "signing_key": _b64(sender.public.signing),
        },
        "signature": _b64(sender.sign(_SIGNED_LABEL + text.encode("utf-8"))),
    }
    header = HEADER.pack(MAGIC, VERSION, fingerprint_bytes(recipient.fingerprint))
    plaintext = json.dumps(letter, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return header + recipient.seal(plaintext, info=header)


def read_envelope(data: bytes, name: str) -> Envelope:
    """The outside of a sealed file: refuses what is not one, or not one this Parley reads."""
    if not data:
        raise SealedFileRefused(f"{name} is empty (0 bytes): it is not a sealed file.")
    if len(data) > MAX_SEALED_BYTES:
        raise SealedFileRefused(f"{name} is larger than any sealed file Parley makes.")
    if not data.startswith(MAGIC):
        raise SealedFileRefused(f"{name} is not a Parley sealed file.")
    if len(data) < HEADER.size:
        raise SealedFileRefused(f"{name} is cut short: it ends inside its header.")
    _, version, recipient = HEADER.unpack_from(data)
    if version != VERSION:
        raise SealedFileRefused(
            f"{name} is a sealed file of a version this Parley does not know (version "
            f"{version}); a newer Parley may be needed."
        )
    return Envelope(
        version, fingerprint_from_bytes(recipient), data[: HEADER.size], data[HEADER.size :]
    )


def open_envelope(envelope: Envelope, identity: Identity, name: str) -> bytes:
    """The letter inside, if this book can open it; else the refusal (step 2)."""
    plaintext = identity.open(envelope.sealed, envelope.header)
    if plaintext is None:
        raise SealedFileRefused(
            f"{name} does not open: it has been altered, damaged or cut short on the way. "
            "Ask the sender for it again."
        )
    return plaintext


def read_signed(plaintext: bytes, own_fingerprint: str, name: str) -> tuple[Document, PublicKeys]:
    """The signed document and its signer's keys, once the signature holds (step 3)."""
    letter = _json_object(plaintext, _LETTER_FIELDS, name)
    signer, document_text = letter["signer"], letter["document"]
    try:
        if not isinstance(signer, dict) or set(signer) != {"encryption_key", "signing_key"}:
            raise ValueError("signer")
        keys = PublicKeys(_unb64(signer["encryption_key"]), _unb64(signer["signing_key"]))
        signature = _unb64(letter["signature"])
        if not isinstance(document_text, str):
            raise ValueError("document")
        signed = _SIGNED_LABEL + document_text.encode("utf-8")
    except (ValueError, BadKey, binascii.Error, UnicodeEncodeError) as exc:
        raise _unreadable(name) from exc
    if not keys.verify(signature, signed):
        raise SealedFileRefused(f"{name} is not signed by the book it says it comes from.")
    document = _document(_json_object(document_text.encode("utf-8"), _DOCUMENT_FIELDS, name), name)
    if document.sender != keys.fingerprint:
        raise SealedFileRefused(f"{name} is not signed by the book it says it comes from.")
    if document.recipient != own_fingerprint:
        raise SealedFileRefused(
            f"{name} was signed for another book ({format_fingerprint(document.recipient)}) and "
            "sealed again to this one; it is refused."
        )
    return document, keys


def _document(body: dict[str, Any], name: str) -> Document:
    if body["format"] != DOCUMENT_FORMAT:
        raise SealedFileRefused(
            f"{name} holds a document of a kind this Parley does not know; a newer Parley may "
            "be needed."
        )
    try:
        kind = Kind(body["kind"])
    except ValueError as exc:
        raise SealedFileRefused(f"{name} holds a kind of document Parley does not know.") from exc
    try:
        if not isinstance(body["id"], str) or not _ID.fullmatch(body["id"]):
            raise ValueError("id")
        created = datetime.fromisoformat(body["created"])
        sender, recipient = body["sender"], body["recipient"]
        if not all(isinstance(v, str) for v in (sender, recipient)):
            raise ValueError("fingerprints")
        if not isinstance(body["payload"], dict):
            raise ValueError("payload")
    except (ValueError, TypeError) as exc:
        raise _unreadable(name) from exc
    return Document(kind, body["id"], created, sender, recipient, body["payload"])


def _json_object(data: bytes, fields: set[str], name: str) -> dict[str, Any]:
    # Only the named book can open the file, but anyone with its card can seal one to it:
    # what is inside is read as strictly as any file from outside.
    from app.errors import ImportRejected
    from app.exchange.importer import parse_import_bytes

    try:
        value = parse_import_bytes(data, name)
    except ImportRejected as exc:
        raise _unreadable(name) from exc
    if not isinstance(value, dict) or set(value) != fields:
        raise _unreadable(name)
    return value


def _unreadable(name: str) -> SealedFileRefused:
    return SealedFileRefused(f"{name} opens, but what is inside is not a Parley document.")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: object) -> bytes:
    if not isinstance(text, str):
        raise ValueError("not base64 text")
    return base64.b64decode(text, validate=True)
