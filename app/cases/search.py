"""Full-text search over cases and their notes, inside the encrypted database (SQLite FTS5).

The index (``case_words``, schema step 4) has one row per case: its own fields and all of
its notes. A case matches when every word typed appears somewhere in it.
"""

from __future__ import annotations

import contextlib
import re
import unicodedata
from collections.abc import Iterator

from app.cases import schema_search
from app.storage.database import Connection, transaction

# A word is a run of letters and digits, which is exactly what FTS5's unicode61 tokenizer
# keeps together, so every quoted term below is one token (the index stores no positions
# and would refuse a phrase of two). The excluded letters are 21 that Unicode reclassified
# as letters after the tables SQLite's tokenizer was built from (New Tai Lue vowel signs in
# Unicode 8, two Vedic signs in Unicode 10): Python counts them as letters, the tokenizer
# splits on them. tests/cases/test_search.py checks every code point against the real tokenizer.
_WORD = re.compile(r"[^\W_\u19b0-\u19c0\u19c8\u19c9\u1cf2\u1cf3]+", re.UNICODE)
MAX_TERMS = 8


def fts_query(text: str) -> str | None:
    """Turn what a person typed into a safe FTS5 query: every word must appear, and the
    last word may be unfinished (search as you type). FTS5 operators are never passed on."""
    words = _WORD.findall(unicodedata.normalize("NFC", text))[:MAX_TERMS]
    if not words:
        return None
    quoted = [f'"{w}"' for w in words]
    quoted[-1] += "*"
    return " ".join(quoted)


class Search:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def case_ids(self, text: str) -> list[int]:
        """Ids of the cases holding every word of ``text``, in their fields or notes."""
        query = fts_query(text)
        if query is None:
            return []
        rows = self._conn.execute("SELECT rowid FROM case_words WHERE case_words MATCH ?", (query,))
        return [r[0] for r in rows]


def search_indexes(conn: Connection) -> list[str]:
    """The full-text indexes this database holds: ``case_words`` from schema step 4, the
    per-case and per-note ones before it (a copy kept from before an update has those)."""
    rows = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' "
        "AND name IN ('case_search', 'note_search', 'case_words') ORDER BY name"
    )
    return [r[0] for r in rows]


@contextlib.contextmanager
def notes_indexed_once(conn: Connection, case_id: int) -> Iterator[None]:
    """Add or remove many notes of one case, and index the case once at the end.

    Each note added, changed or removed re-indexes its whole case (schema step 4), which is
    right for a note typed in but makes a case of 1,000 notes, handed over, imported or
    erased, take 1,000 passes over the case: seconds. Inside the caller's transaction the
    case is listed in ``search_held`` (schema step 7), which the note triggers skip; at the
    end of the block it is taken off and its search row built once from its records.

    A copy of the book from before step 7 (kept beside it before a migration, and erased
    with it) has no such table: there the note triggers are set aside and put back exactly
    as they were.
    """
    if not conn.in_transaction:
        raise RuntimeError("notes_indexed_once needs the caller's transaction")
    held = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'search_held'"
    ).fetchone()
    if held:
        conn.execute("INSERT INTO search_held (case_id) VALUES (?)", (case_id,))
        try:
            yield
        finally:  # never left held, even by a caller that goes on after a failure
            conn.execute("DELETE FROM search_held WHERE case_id = ?", (case_id,))
    else:
        with _note_triggers_set_aside(conn):
            yield
    if search_indexes(conn) == ["case_words"]:
        for statement in schema_search.REINDEX_CASE:
            conn.execute(statement, (case_id,))


@contextlib.contextmanager
def _note_triggers_set_aside(conn: Connection) -> Iterator[None]:
    """Before step 7: drop the note triggers of step 4 and put them back word for word.
    (Before step 4 there are none of those, and the older indexes are left to theirs.)"""
    triggers = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'notes' "
        "AND name LIKE 'notes_words_%'"
    ).fetchall()
    for name, _ in triggers:
        conn.execute(f"DROP TRIGGER {name}")
    try:
        yield
    finally:
        for _, sql in triggers:
            conn.execute(sql)


def rebuild_index(conn: Connection) -> None:
    """Index every case again from the records, in one transaction."""
    with transaction(conn):
        for statement in schema_search.REBUILD:
            conn.execute(statement)
