"""Full-text search over cases and notes, inside the encrypted database (SQLite FTS5)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.storage.database import Connection

_WORD = re.compile(r"\w+", re.UNICODE)
MAX_TERMS = 8


@dataclass(frozen=True)
class SearchHit:
    case_id: int
    reference: str
    title: str
    matched_in: str  # "case" or "notes"


def fts_query(text: str) -> str | None:
    """Turn what a person typed into a safe FTS5 query: every word must appear, and the
    last word may be unfinished (search as you type). FTS5 operators are never passed on."""
    words = _WORD.findall(text)[:MAX_TERMS]
    if not words:
        return None
    quoted = [f'"{w}"' for w in words]
    quoted[-1] += "*"
    return " ".join(quoted)


class Search:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def case_ids(self, text: str, limit: int = 10_000) -> list[int]:
        """Ids of cases matching ``text`` in their own fields or in any of their notes."""
        query = fts_query(text)
        if query is None:
            return []
        rows = self._conn.execute(
            "SELECT rowid FROM case_search WHERE case_search MATCH :q "
            "UNION SELECT n.case_id FROM note_search JOIN notes n ON n.id = note_search.rowid "
            "WHERE note_search MATCH :q LIMIT :limit",
            {"q": query, "limit": limit},
        )
        return [r[0] for r in rows]

    def hits(self, text: str, limit: int = 200) -> list[SearchHit]:
        query = fts_query(text)
        if query is None:
            return []
        rows = self._conn.execute(
            "SELECT c.id, c.reference, c.title, 'case' FROM case_search "
            "JOIN cases c ON c.id = case_search.rowid WHERE case_search MATCH :q "
            "UNION "
            "SELECT c.id, c.reference, c.title, 'notes' FROM note_search "
            "JOIN notes n ON n.id = note_search.rowid JOIN cases c ON c.id = n.case_id "
            "WHERE note_search MATCH :q "
            "ORDER BY 2 LIMIT :limit",
            {"q": query, "limit": limit},
        )
        return [SearchHit(r[0], r[1], r[2], r[3]) for r in rows]

    def note_ids(self, case_id: int, text: str) -> list[int]:
        query = fts_query(text)
        if query is None:
            return []
        rows = self._conn.execute(
            "SELECT n.id FROM note_search JOIN notes n ON n.id = note_search.rowid "
            "WHERE note_search MATCH ? AND n.case_id = ? ORDER BY n.written_at",
            (query, case_id),
        )
        return [r[0] for r in rows]
