"""An unlocked casebook: a mediator's book, with the cases and, for a sole practitioner, the
registers."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from app.books.book import Book
from app.books.book import CasebookClosed as CasebookClosed
from app.cases.records import Disclosure
from app.cases.search import Search
from app.cases.stores.case_list import CaseList
from app.cases.stores.cases import CaseStore
from app.cases.stores.disclosures import DisclosureStore
from app.cases.stores.issues import IssueStore
from app.cases.stores.meetings import MeetingStore
from app.cases.stores.notes import NoteStore
from app.cases.stores.outcomes import OutcomeStore
from app.cases.stores.parties import PartyStore
from app.cases.stores.terms import TermStore
from app.registers.service import Registers
from app.registers.settings import KEEPS_REGISTERS
from app.roles import Role
from app.storage.database import Connection


class Casebook(Book):
    """The open casebook. Use it from one thread at a time."""

    role: ClassVar[Role] = Role.MEDIATOR

    def __init__(self, folder: Path, conn: Connection, data_key: bytes, casebook_id: str) -> None:
        super().__init__(folder, conn, data_key, casebook_id)
        self.cases = CaseStore(conn)
        self.case_list = CaseList(conn)
        self.parties = PartyStore(conn)
        self.meetings = MeetingStore(conn)
        self.notes = NoteStore(conn)
        self.issues = IssueStore(conn)
        self.terms = TermStore(conn)
        self.disclosures = DisclosureStore(conn)
        self.outcomes = OutcomeStore(conn)
        self.search = Search(conn)
        self.registers = Registers(conn, audit=self.audit)

    @property
    def keeps_registers(self) -> bool:
        """Whether this casebook also keeps the training and complaints registers (a sole
        practitioner's); in a service with an office book, the office keeps them."""
        return bool(self.settings.get(KEEPS_REGISTERS))

    def set_keeps_registers(self, keep: bool) -> None:
        """Turn the registers on or off; their records stay in the book either way."""
        with self.transaction():
            self.settings.set(KEEPS_REGISTERS, int(keep))
            self.audit.record("registers turned " + ("on" if keep else "off"))

    def contents(self) -> str:
        count = self.cases.count()
        return f"{count} case{'' if count == 1 else 's'}"

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
