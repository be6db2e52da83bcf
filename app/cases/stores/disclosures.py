"""Disclosures made under a confidentiality exception, each entered in the audit trail."""

from __future__ import annotations

from typing import Any

from app.cases.records import Disclosure, DisclosureGround
from app.cases.validation import check_disclosure
from app.errors import NotFound
from app.storage.convert import date_in, date_out
from app.storage.database import Connection


class DisclosureStore:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def add(self, disclosure: Disclosure, *, complete: bool = True) -> Disclosure:
        """Store a disclosure; ``complete=False`` admits imported records with gaps."""
        check_disclosure(disclosure, complete=complete)
        cur = self._conn.execute(
            "INSERT INTO disclosures (case_id, disclosed_on, ground, recipient, what, decided_by, "
            "reason) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                disclosure.case_id,
                date_out(disclosure.on),
                disclosure.ground.value,
                disclosure.to,
                disclosure.what,
                disclosure.decided_by,
                disclosure.reason,
            ),
        )
        return self.get(int(cur.lastrowid))

    def get(self, disclosure_id: int) -> Disclosure:
        row = self._conn.execute(
            "SELECT id, case_id, disclosed_on, ground, recipient, what, decided_by, reason "
            "FROM disclosures WHERE id = ?",
            (disclosure_id,),
        ).fetchone()
        if row is None:
            raise NotFound("That disclosure record no longer exists.")
        return _disclosure(row)

    def for_case(self, case_id: int) -> list[Disclosure]:
        rows = self._conn.execute(
            "SELECT id, case_id, disclosed_on, ground, recipient, what, decided_by, reason "
            "FROM disclosures WHERE case_id = ? ORDER BY disclosed_on, id",
            (case_id,),
        )
        return [_disclosure(r) for r in rows]


def _disclosure(row: Any) -> Disclosure:
    on = date_in(row[2])
    assert on is not None  # NOT NULL in the schema
    return Disclosure(row[0], row[1], on, DisclosureGround(row[3]), row[4], row[5], row[6], row[7])
