"""Contact cards (``.parley-card``): a book's name, role and public keys, signed by the book.

A card is UTF-8 JSON::

    {"format": "parley.card/1", "name": "…", "role": "mediator" | "office",
     "encryption_key": "<base64>", "signing_key": "<base64>", "signature": "<base64>"}

The signature is the book's own Ed25519 signature over the other fields, so a name or role
changed on the way is noticed. It proves nothing about *who* made the card: that is what
comparing the fingerprint with its owner, by phone or face to face, is for. A card holds
no secret and is not encrypted.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from pathlib import Path

from app.cases.validation import SHORT_TEXT, check_text
from app.errors import InvalidValue, ParleyError
from app.identity.keys import BadKey, Identity, PublicKeys, format_fingerprint
from app.roles import Role
from app.settings import Setting, register

FORMAT = "parley.card/1"
SUFFIX = ".parley-card"
MAX_CARD_BYTES = 16 * 1024
_FIELDS = ("format", "name", "role", "encryption_key", "signing_key", "signature")
_SIGNED_LABEL = b"parley card/1\x00"

CARD_NAME = Setting[str]("card_name", "", "Name on this book's contact card")
register(CARD_NAME)


class CardRefused(ParleyError):
    """A file that is not a usable contact card; the message says why."""


@dataclass(frozen=True)
class Card:
    name: str
    role: Role
    keys: PublicKeys

    @property
    def fingerprint(self) -> str:
        return self.keys.fingerprint

    @property
    def shown_fingerprint(self) -> str:
        return format_fingerprint(self.fingerprint)


def make_card(name: str, role: Role, identity: Identity) -> bytes:
    """This book's card as file bytes, signed with its own key."""
    name = name.strip()
    try:
        check_text("name", name, limit=SHORT_TEXT, required=True)
    except InvalidValue as exc:
        raise CardRefused(f"The name on the card: {exc.reason}.") from exc
    body = _body(name, Role(role), identity.public)
    signature = identity.sign(_signed(body))
    document = {**body, "signature": _b64(signature)}
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def read_card(data: bytes, name: str = "The card") -> Card:
    """A card checked whole: its shape, its keys and its own signature."""
    if len(data) > MAX_CARD_BYTES:
        raise CardRefused(f"{name} is far larger than a contact card can be.")
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise CardRefused(f"{name} is not a Parley contact card (it is not readable).") from exc
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        found = document.get("format") if isinstance(document, dict) else None
        if isinstance(found, str) and found.startswith("parley.card/"):
            raise CardRefused(f"{name} is a card of a version this Parley does not know.")
        raise CardRefused(f"{name} is not a Parley contact card.")
    if set(document) != set(_FIELDS):
        raise CardRefused(f"{name} is damaged (its fields are not those of a card).")
    try:
        role = Role(document["role"])
        keys = PublicKeys(_unb64(document["encryption_key"]), _unb64(document["signing_key"]))
        signature = _unb64(document["signature"])
        card_name = document["name"]
        if not isinstance(card_name, str):
            raise ValueError("name")
        check_text("name", card_name, limit=SHORT_TEXT, required=True)
    except (ValueError, BadKey, InvalidValue, binascii.Error, TypeError) as exc:
        raise CardRefused(f"{name} is damaged (a field is missing or malformed).") from exc
    try:
        keys.hpke_key()
    except BadKey as exc:
        raise CardRefused(f"{name} is damaged: {exc}") from exc
    if not keys.verify(signature, _signed(_body(card_name, role, keys))):
        raise CardRefused(
            f"{name} has been altered since its book made it (its signature does not match); "
            "ask for the card again."
        )
    return Card(card_name, role, keys)


def read_card_file(path: Path) -> Card:
    """Read a ``.parley-card`` file; any fault is one clear :class:`CardRefused`."""
    path = Path(path)
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_CARD_BYTES + 1)
    except FileNotFoundError as exc:
        raise CardRefused(f"There is no file at {path}.") from exc
    except OSError as exc:
        raise CardRefused(f"{path.name} cannot be read ({exc.strerror or exc}).") from exc
    return read_card(data, path.name)


def _body(name: str, role: Role, keys: PublicKeys) -> dict[str, str]:
    return {
        "format": FORMAT,
        "name": name,
        "role": role.value,
        "encryption_key": _b64(keys.encryption),
        "signing_key": _b64(keys.signing),
    }


def _signed(body: dict[str, str]) -> bytes:
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return _SIGNED_LABEL + canonical.encode("utf-8")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: object) -> bytes:
    if not isinstance(text, str):
        raise ValueError("not base64 text")
    return base64.b64decode(text, validate=True)
