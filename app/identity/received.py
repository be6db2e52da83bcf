"""The sealed files a book has taken in, by their unique id, so that none is taken in twice."""

from __future__ import annotations

from datetime import datetime

from app.storage.database import Connection


class ReceivedFiles:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def seen(self, file_id: str) -> datetime | None:
        """When the file with this id was taken in, or ``None`` if it never was."""
        row = self._conn.execute(
            "SELECT received_at FROM received_files WHERE id = ?", (file_id,)
        ).fetchone()
        return None if row is None else datetime.fromisoformat(row[0])

    def add(self, file_id: str, *, kind: str, sender: str, sha256: str, at: datetime) -> None:
        """Remember a file taken in (in the same transaction as what it brought)."""
        self._conn.execute(
            "INSERT INTO received_files (id, kind, sender, received_at, sha256) "
            "VALUES (?, ?, ?, ?, ?)",
            (file_id, kind, sender, at.isoformat(timespec="seconds"), sha256),
        )

    def count(self) -> int:
        return int(self._conn.execute("SELECT count(*) FROM received_files").fetchone()[0])
