"""An unlocked casebook: one open connection and the stores that read and write it.

The interface and the command line get everything through this object and its stores; none
of them ever touches SQL. Closing it (locking) closes the connection and forgets the key.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from app.cases.records import Disclosure
from app.cases.search import Search
from app.cases.stores.cases import CaseStore
from app.cases.stores.disclosures import DisclosureStore
from app.cases.stores.issues import IssueStore
from app.cases.stores.meetings import MeetingStore
from app.cases.stores.notes import NoteStore
from app.cases.stores.parties import PartyStore
from app.cases.stores.terms import TermStore
from app.errors import ParleyError
from app.registers.service import Registers
from app.settings import MEDIATOR, Settings
from app.storage.audit import AuditTrail
from app.storage.database import Connection, transaction


class CasebookClosed(ParleyError):
    def __init__(self) -> None:
        super().__init__("The casebook is locked; unlock it first.")


class Casebook:
    """The open casebook. Use it from one thread at a time."""

    def __init__(self, folder: Path, conn: Connection, data_key: bytes, casebook_id: str) -> None:
        self.folder = folder
        self.casebook_id = casebook_id
        self._conn: Connection | None = conn
        # Kept only while unlocked, for encrypted copies (backups, pre-migration copies).
        self._data_key = bytearray(data_key)
        #: Things the user should know about how it was opened (e.g. an older key file used).
        self.warnings: list[str] = []
        self.settings = Settings(conn)
        self.cases = CaseStore(conn)
        self.parties = PartyStore(conn)
        self.meetings = MeetingStore(conn)
        self.notes = NoteStore(conn)
        self.issues = IssueStore(conn)
        self.terms = TermStore(conn)
        self.disclosures = DisclosureStore(conn)
        self.search = Search(conn)
        self.audit = AuditTrail(conn, actor=lambda: self.settings.get(MEDIATOR))
        self.registers = Registers(conn, audit=self.audit)

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

    def record_disclosure(self, disclosure: Disclosure, *, complete: bool = True) -> Disclosure:
        """Store a disclosure and enter it in the audit trail, together or not at all.

        The audit entry names the case and the ground, never what was disclosed.
        """
        with self.transaction():
            stored = self.disclosures.add(disclosure, complete=complete)
            reference = self.cases.get(stored.case_id).reference
            self.audit.record(
                "disclosure recorded", case_reference=reference, detail=stored.ground.label
            )
        return stored

    def rebuild_search_index(self) -> None:
        """Index every case again from its records (verify --rebuild-search), and say so in
        the audit trail."""
        from app.cases.search import rebuild_index

        with self.transaction():
            rebuild_index(self.connection)
            self.audit.record("search index rebuilt")

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
        if conn is not None:
            with contextlib.suppress(Exception):
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            conn.close()

    def __enter__(self) -> Casebook:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
