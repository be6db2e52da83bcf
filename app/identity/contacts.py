"""The books this book trusts, and the sealed files it has taken in.

A contact is a card whose fingerprint someone compared with its owner and confirmed; the
record keeps who confirmed it, when and how. Nothing is trusted any other way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from app.errors import InvalidValue, NotFound, ParleyError
from app.identity.cards import Card
from app.identity.keys import PublicKeys, format_fingerprint, normalise_fingerprint
from app.roles import Role
from app.storage.database import Connection
from app.storage.rows import Columns, Row, read_all, read_one


class ConfirmedHow(StrEnum):
    """How the fingerprint was compared with the card's owner."""

    PHONE = "phone"
    IN_PERSON = "in_person"
    VIDEO = "video"

    @property
    def label(self) -> str:
        return _HOW[self]


_HOW = {
    ConfirmedHow.PHONE: "read aloud over the phone",
    ConfirmedHow.IN_PERSON: "compared face to face",
    ConfirmedHow.VIDEO: "read aloud on a video call",
}


@dataclass(frozen=True)
class Contact:
    id: int
    name: str
    role: Role
    keys: PublicKeys
    confirmed_by: str
    confirmed_at: datetime
    confirmed_how: ConfirmedHow

    @property
    def fingerprint(self) -> str:
        return self.keys.fingerprint

    @property
    def shown_fingerprint(self) -> str:
        return format_fingerprint(self.fingerprint)


class AmbiguousContact(ParleyError):
    """A name that more than one contact has."""


_COLUMNS = (
    "id, name, role, encryption_public, signing_public, confirmed_by, confirmed_at, confirmed_how"
)


class ContactStore:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def add(self, card: Card, *, confirmed_by: str, how: ConfirmedHow, at: datetime) -> Contact:
        """Trust ``card``: the caller has checked its fingerprint with its owner."""
        if not confirmed_by.strip():
            raise InvalidValue("confirmed_by", "say who compared the fingerprint")
        known = self.by_fingerprint(card.fingerprint)
        if known is not None:
            raise InvalidValue(
                "fingerprint", f"this card is already trusted, as {known.name}; nothing changed"
            )
        cur = self._conn.execute(
            "INSERT INTO contacts (name, role, encryption_public, signing_public, fingerprint, "
            "confirmed_by, confirmed_at, confirmed_how) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                card.name,
                card.role.value,
                card.keys.encryption,
                card.keys.signing,
                card.fingerprint,
                confirmed_by.strip(),
                at.isoformat(timespec="seconds"),
                ConfirmedHow(how).value,
            ),
        )
        return self.get(int(cur.lastrowid))

    def get(self, contact_id: int) -> Contact:
        found = read_one(
            self._conn.execute(f"SELECT {_COLUMNS} FROM contacts WHERE id = ?", (contact_id,)),
            _contact,
        )
        if found is None:
            raise NotFound("That contact no longer exists.")
        return found

    def all(self) -> list[Contact]:
        """Every trusted contact, by name."""
        return read_all(
            self._conn.execute(f"SELECT {_COLUMNS} FROM contacts ORDER BY name, id"), _contact
        )

    def by_fingerprint(self, fingerprint: str) -> Contact | None:
        return read_one(
            self._conn.execute(
                f"SELECT {_COLUMNS} FROM contacts WHERE fingerprint = ?",
                (normalise_fingerprint(fingerprint),),
            ),
            _contact,
        )

    def find(self, who: str) -> Contact:
        """The contact ``who`` names: a fingerprint (spaces and case ignored) or a name."""
        contact = self.by_fingerprint(who)
        if contact is not None:
            return contact
        wanted = " ".join(who.split()).casefold()
        named = [c for c in self.all() if " ".join(c.name.split()).casefold() == wanted]
        if len(named) == 1:
            return named[0]
        if named:
            raise AmbiguousContact(
                f"{len(named)} contacts are called {who.strip()}; name one by its fingerprint "
                "(see 'parley contacts')."
            )
        raise NotFound(
            f"No trusted contact is called {who.strip()} or has that fingerprint; import and "
            "confirm their card first (see 'parley contacts')."
        )


def _contact(row: Row, at: Columns) -> Contact:
    return Contact(
        id=int(row[at["id"]]),
        name=str(row[at["name"]]),
        role=Role(row[at["role"]]),
        keys=PublicKeys(
            encryption=bytes(row[at["encryption_public"]]),
            signing=bytes(row[at["signing_public"]]),
        ),
        confirmed_by=str(row[at["confirmed_by"]]),
        confirmed_at=datetime.fromisoformat(str(row[at["confirmed_at"]])),
        confirmed_how=ConfirmedHow(row[at["confirmed_how"]]),
    )
