"""The audit trail: the acts that matter (unlock, export, disclosure, passphrase, backup).

Entries record acts, never case content. Each entry's hash covers the previous entry's hash
and its own fields, so removing or editing an entry breaks the chain at that point.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime

from app.storage.database import Connection, transaction
from app.storage.rows import Columns, Row, columns, read_all

GENESIS = "0" * 64

#: The trail's table, for a book made after the first release (an office book); a casebook
#: got the same table from schema step 1 (``app.cases.schema``), which is never edited.
TABLE = """
CREATE TABLE audit (
    id             INTEGER PRIMARY KEY,
    at             TEXT NOT NULL,
    actor          TEXT NOT NULL,
    action         TEXT NOT NULL,
    case_reference TEXT NOT NULL DEFAULT '',
    detail         TEXT NOT NULL DEFAULT '',
    prev_hash      TEXT NOT NULL,
    hash           TEXT NOT NULL
);
CREATE TRIGGER audit_is_append_only_u BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit trail cannot be changed'); END;
CREATE TRIGGER audit_is_append_only_d BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit trail cannot be changed'); END;
"""


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: datetime
    actor: str
    action: str
    case_reference: str
    detail: str


def _entry_hash(prev_hash: str, at: str, actor: str, action: str, ref: str, detail: str) -> str:
    body = json.dumps([prev_hash, at, actor, action, ref, detail], ensure_ascii=False)
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


class AuditTrail:
    def __init__(self, conn: Connection, actor: Callable[[], str] = lambda: "") -> None:
        self._conn = conn
        # Asked at each entry, so a name set in Settings counts from the next act on.
        self._actor = actor

    def record(self, action: str, *, case_reference: str = "", detail: str = "") -> None:
        """Append one entry, chained to the last.

        The last entry is read and the new one written in one write transaction (``BEGIN
        IMMEDIATE``, or the caller's, which ``transaction`` always begins so): another
        connection to the book (a worker's) cannot add an entry in between, so the trail
        stays one chain however many connections write to it.
        """
        at = datetime.now().isoformat(timespec="seconds")
        actor = self._actor()
        with transaction(self._conn):
            row = self._conn.execute("SELECT hash FROM audit ORDER BY id DESC LIMIT 1").fetchone()
            prev = row[0] if row else GENESIS
            digest = _entry_hash(prev, at, actor, action, case_reference, detail)
            self._conn.execute(
                "INSERT INTO audit (at, actor, action, case_reference, detail, prev_hash, hash) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (at, actor, action, case_reference, detail, prev, digest),
            )

    @contextlib.contextmanager
    def recording(
        self, action: str, *, case_reference: str = "", detail: str = ""
    ) -> Iterator[None]:
        """Append one entry in a transaction that commits only if the block completes.

        The block's own database writes join the same transaction; inside an outer
        transaction, that one decides for both.
        """
        with transaction(self._conn):
            self.record(action, case_reference=case_reference, detail=detail)
            yield

    def entries(self, case_reference: str | None = None) -> list[AuditEntry]:
        sql = "SELECT id, at, actor, action, case_reference, detail FROM audit"
        params: tuple[str, ...] = ()
        if case_reference is not None:
            sql += " WHERE case_reference = ?"
            params = (case_reference,)
        return read_all(self._conn.execute(sql + " ORDER BY id", params), _entry)

    def first_broken_link(self) -> int | None:
        """The id of the first entry whose chain does not hold, or ``None`` if all is well."""
        prev = GENESIS
        cursor = self._conn.execute(
            "SELECT id, at, actor, action, case_reference, detail, prev_hash, hash "
            "FROM audit ORDER BY id"
        )
        col = columns(cursor)
        for row in cursor:
            digest = _entry_hash(
                prev,
                row[col["at"]],
                row[col["actor"]],
                row[col["action"]],
                row[col["case_reference"]],
                row[col["detail"]],
            )
            if row[col["prev_hash"]] != prev or row[col["hash"]] != digest:
                return int(row[col["id"]])
            prev = row[col["hash"]]
        return None


def _entry(row: Row, col: Columns) -> AuditEntry:
    # ``col``, not ``at`` as elsewhere: an entry has a column named "at".
    return AuditEntry(
        id=row[col["id"]],
        at=datetime.fromisoformat(row[col["at"]]),
        actor=row[col["actor"]],
        action=row[col["action"]],
        case_reference=row[col["case_reference"]],
        detail=row[col["detail"]],
    )
