"""The terms of an agreement, in order, each proposed, agreed or withdrawn."""

from __future__ import annotations

from app.cases.records import Term, TermStatus
from app.cases.validation import check_term
from app.errors import InvalidValue, NotFound
from app.storage.database import Connection, transaction
from app.storage.rows import Columns, Row, read_all, read_one


class TermStore:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def add(self, term: Term) -> Term:
        """Add a term at the end of the agreement (its ``position`` is assigned here)."""
        check_term(term)
        position = self._conn.execute(
            "SELECT coalesce(max(position), 0) + 1 FROM terms WHERE case_id = ?", (term.case_id,)
        ).fetchone()[0]
        cur = self._conn.execute(
            "INSERT INTO terms (case_id, position, text, status) VALUES (?, ?, ?, ?)",
            (term.case_id, position, term.text, term.status.value),
        )
        return self.get(int(cur.lastrowid))

    def update(self, term: Term) -> Term:
        """Change a term's text or status; its place is changed only by ``reorder``."""
        check_term(term)
        cur = self._conn.execute(
            "UPDATE terms SET text = ?, status = ? WHERE id = ? AND case_id = ?",
            (term.text, term.status.value, term.id, term.case_id),
        )
        if cur.rowcount != 1 or term.id is None:
            raise NotFound("That term no longer exists.")
        return self.get(term.id)

    def get(self, term_id: int) -> Term:
        found = read_one(
            self._conn.execute(
                "SELECT id, case_id, position, text, status FROM terms WHERE id = ?", (term_id,)
            ),
            _term,
        )
        if found is None:
            raise NotFound("That term no longer exists.")
        return found

    def for_case(self, case_id: int) -> list[Term]:
        return read_all(
            self._conn.execute(
                "SELECT id, case_id, position, text, status FROM terms WHERE case_id = ? "
                "ORDER BY position, id",
                (case_id,),
            ),
            _term,
        )

    def reorder(self, case_id: int, term_ids: list[int]) -> list[Term]:
        """Put the case's terms in exactly this order (every term named once)."""
        current = {t.id for t in self.for_case(case_id)}
        if set(term_ids) != current or len(term_ids) != len(current):
            raise InvalidValue("terms", "the new order must list each of the case's terms once")
        with transaction(self._conn):
            self._conn.executemany(
                "UPDATE terms SET position = ? WHERE id = ?",
                [(index, term_id) for index, term_id in enumerate(term_ids, start=1)],
            )
        return self.for_case(case_id)

    def delete(self, term_id: int) -> None:
        self._conn.execute("DELETE FROM terms WHERE id = ?", (term_id,))


def _term(row: Row, at: Columns) -> Term:
    return Term(
        id=row[at["id"]],
        case_id=row[at["case_id"]],
        position=row[at["position"]],
        text=row[at["text"]],
        status=TermStatus(row[at["status"]]),
    )
