"""An unlocked office book: referrals, the archive of agreements received, anonymous outcome
records and the registers. It has no store for anything confidential, because its schema has
no place for it (``app.office.schema``)."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from app.books.book import Book
from app.office.agreements import AgreementArchive
from app.office.outcomes import OutcomeStore
from app.office.referrals import ReferralStore
from app.registers.service import Registers
from app.roles import Role
from app.storage.database import Connection


class OfficeBook(Book):
    """The open office book. Use it from one thread at a time."""

    role: ClassVar[Role] = Role.OFFICE

    def __init__(self, folder: Path, conn: Connection, data_key: bytes, casebook_id: str) -> None:
        super().__init__(folder, conn, data_key, casebook_id)
        self.referrals = ReferralStore(conn)
        self.agreements = AgreementArchive(conn)
        self.outcomes = OutcomeStore(conn)
        self.registers = Registers(conn, audit=self.audit, office=True)

    def contents(self) -> str:
        referrals, agreements = self.referrals.count(), self.agreements.count()
        return (
            f"{referrals} referral{'' if referrals == 1 else 's'} and {agreements} "
            f"agreement{'' if agreements == 1 else 's'}"
        )
