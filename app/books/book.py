"""What every open book has, whatever its role: one connection, its key while unlocked, its
settings and audit trail, and who it is (its keys, its trusted contacts, the sealed files it
has taken in).

``Casebook`` (a mediator's) and ``OfficeBook`` (the office's) add their own stores. The
interface and the command line get everything through these objects; none of them touches
SQL. Closing a book (locking) closes the connection and forgets the key.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar, Self

from app.errors import ParleyError
from app.identity.cards import CARD_NAME
from app.identity.contacts import ContactStore
from app.identity.keys import IdentityStore
from app.identity.received import ReceivedFiles
from app.roles import Role
from app.settings import MEDIATOR, ORGANISATION, Settings
from app.storage.audit import AuditTrail
from app.storage.database import Connection, transaction


class CasebookClosed(ParleyError):
    def __init__(self) -> None:
        super().__init__("The book is locked; unlock it first.")


class Book:
    """An open book. Use it from one thread at a time."""

    role: ClassVar[Role]

    def __init__(self, folder: Path, conn: Connection, data_key: bytes, casebook_id: str) -> None:
        self.folder = folder
        #: The book's id (named for the casebook it first was; it is in the key file too).
        self.casebook_id = casebook_id
        self._conn: Connection | None = conn
        # Kept only while unlocked, for encrypted copies (backups, pre-migration copies).
        self._data_key = bytearray(data_key)
        #: Things the user should know about how it was opened (e.g. an older key file used).
        self.warnings: list[str] = []
        self.settings = Settings(conn)
        self.audit = AuditTrail(conn, actor=lambda: self.settings.get(MEDIATOR))
        self.identity = IdentityStore(conn)
        self.contacts = ContactStore(conn)
        self.received = ReceivedFiles(conn)

    @property
    def is_open(self) -> bool:
        return self._conn is not None

    @property
    def connection(self) -> Connection:
        """For app/ services only (backup, verify, import); the interface never uses it."""
        if self._conn is None:
            raise CasebookClosed()
        return self._conn

    @property
    def data_key(self) -> bytes:
        if self._conn is None:
            raise CasebookClosed()
        return bytes(self._data_key)

    def card_name(self) -> str:
        """The name on this book's contact card: as set, else the mediator's or the office's
        (organisation's) name; empty when none is known yet."""
        chosen = self.settings.get(CARD_NAME).strip()
        if chosen:
            return chosen
        fallback = ORGANISATION if self.role is Role.OFFICE else MEDIATOR
        return self.settings.get(fallback).strip()

    def contents(self) -> str:
        """What the book holds, in a few words (for messages such as a restore's)."""
        raise NotImplementedError

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """Group several changes so they are stored together or not at all."""
        with transaction(self.connection):
            yield

    def close(self) -> None:
        """Lock: close the connection (checkpointing the WAL) and forget the key."""
        conn, self._conn = self._conn, None
        for i in range(len(self._data_key)):
            self._data_key[i] = 0
        self.identity.forget()
        if conn is not None:
            with contextlib.suppress(Exception):
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
