"""Disclosures made under a confidentiality exception, each entered in the audit trail."""

from __future__ import annotations

from app.cases.records import Disclosure, DisclosureGround
from app.cases.validation import check_disclosure
from app.errors import NotFound
from app.storage.convert import date_in, date_out
from app.storage.database import Connection
from app.storage.rows import Columns, Row, read_all, read_one


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
        found = read_one(
            self._conn.execute(
                "SELECT id, case_id, disclosed_on, ground, recipient, what, decided_by, reason "
                "FROM disclosures WHERE id = ?",
                (disclosure_id,),
            ),
            _disclosure,
        )
        if found is None:
            raise NotFound("That disclosure record no longer exists.")
        return found

    def for_case(self, case_id: int) -> list[Disclosure]:
        return read_all(
            self._conn.execute(
                "SELECT id, case_id, disclosed_on, ground, recipient, what, decided_by, reason "
                "FROM disclosures WHERE case_id = ? ORDER BY disclosed_on, id",
                (case_id,),
            ),
            _disclosure,
        )


def _disclosure(row: Row, at: Columns) -> Disclosure:
    on = date_in(row[at["disclosed_on"]])
    assert on is not None  # NOT NULL in the schema
    return Disclosure(
        id=row[at["id"]],
        case_id=row[at["case_id"]],
        on=on,
        ground=DisclosureGround(row[at["ground"]]),
        to=row[at["recipient"]],
        what=row[at["what"]],
        decided_by=row[at["decided_by"]],
        reason=row[at["reason"]],
    )
