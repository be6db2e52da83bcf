"""The audit trail: the acts that matter (unlock, export, disclosure, passphrase, backup).

Entries record acts, never case content. Each entry's hash covers the previous entry's hash
and its own fields, so removing or editing an entry breaks the chain at that point.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from app.storage.database import Connection

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
        """Append one entry, chained to the last."""
        at = datetime.now().isoformat(timespec="seconds")
        actor = self._actor()
        row = self._conn.execute("SELECT hash FROM audit ORDER BY id DESC LIMIT 1").fetchone()
        prev = row[0] if row else GENESIS
        digest = _entry_hash(prev, at, actor, action, case_reference, detail)
        self._conn.execute(
            "INSERT INTO audit (at, actor, action, case_reference, detail, prev_hash, hash) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (at, actor, action, case_reference, detail, prev, digest),
        )

    def entries(self, case_reference: str | None = None) -> list[AuditEntry]:
        sql = "SELECT id, at, actor, action, case_reference, detail FROM audit"
        params: tuple[str, ...] = ()
        if case_reference is not None:
            sql += " WHERE case_reference = ?"
            params = (case_reference,)
        rows = self._conn.execute(sql + " ORDER BY id", params)
        return [
            AuditEntry(r[0], datetime.fromisoformat(r[1]), r[2], r[3], r[4], r[5]) for r in rows
        ]

    def first_broken_link(self) -> int | None:
        """The id of the first entry whose chain does not hold, or ``None`` if all is well."""
        prev = GENESIS
        rows = self._conn.execute(
            "SELECT id, at, actor, action, case_reference, detail, prev_hash, hash "
            "FROM audit ORDER BY id"
        )
        for entry_id, at, actor, action, ref, detail, prev_hash, digest in rows:
            if prev_hash != prev or digest != _entry_hash(prev, at, actor, action, ref, detail):
                return int(entry_id)
            prev = digest
        return None
