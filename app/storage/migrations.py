"""The migration runner: bring a database to the latest of an ordered list of schema steps.

A ``schema_version`` table records how far a book has come. Before any step runs on a book
that already holds data, an encrypted copy of the whole database is taken beside it
(``casebook.db.before-v<N>``), so a failed or faulty migration never costs a note. The
steps themselves belong to the domains; ``app.books.schema`` lists them in order.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from app.errors import CasebookDamaged
from app.storage.database import Connection, transaction


def schema_version(conn: Connection) -> int:
    has_table = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"
    ).fetchone()
    if not has_table:
        return 0
    row = conn.execute("SELECT version FROM schema_version").fetchone()
    return int(row[0]) if row else 0


def migrate(
    conn: Connection,
    db_path: Path,
    key: bytes,
    steps: Sequence[str],
    *,
    new: bool = False,
    base: int = 0,
) -> None:
    """Bring the casebook to the latest schema, copying it first if it holds data.

    Step ``i`` of ``steps`` (from 0) brings the book to version ``base + i + 1``: a kind of
    book whose steps are numbered from a base of its own is never mistaken for another.
    Only a casebook being created (``new``) may start from nothing: an existing one without
    a schema has lost its contents, and is reported rather than rebuilt.
    """
    latest = base + len(steps)
    current = schema_version(conn)
    if current == 0 and not new:
        raise CasebookDamaged(
            "The casebook database holds no Parley records: it is damaged or not a casebook. "
            "Nothing was changed."
        )
    if current > latest:
        raise CasebookDamaged(
            f"This casebook was written by a newer Parley (schema {current}; this one knows "
            f"up to {latest}). Please update Parley; nothing was changed."
        )
    if current == latest:
        return
    if current and current < base:
        raise CasebookDamaged(
            f"The book's schema ({current}) does not belong to its kind of book; it is damaged. "
            "Nothing was changed."
        )
    start = max(current, base)
    if current > 0:
        copy_encrypted(conn, db_path.with_name(f"{db_path.name}.before-v{current + 1}"), key)
    for version in range(start + 1, latest + 1):
        with transaction(conn):
            for statement in statements(steps[version - base - 1]):
                conn.execute(statement)
            conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            conn.execute("DELETE FROM schema_version")
            conn.execute("INSERT INTO schema_version (version) VALUES (?)", (version,))


def copy_encrypted(conn: Connection, target: Path, key: bytes) -> None:
    """Write an encrypted copy of the whole database to ``target`` under the same key."""
    if target.exists():
        raise CasebookDamaged(f"{target.name} is in the way; move it aside and try again.")
    conn.execute(f"ATTACH DATABASE ? AS copy KEY \"x'{key.hex()}'\"", (str(target),))
    try:
        conn.execute("SELECT sqlcipher_export('copy')")
    finally:
        conn.execute("DETACH DATABASE copy")


def statements(script: str) -> list[str]:
    """Split a migration script into statements, keeping trigger bodies whole."""
    import sqlite3  # only its parser is used: complete_statement needs no database

    statements: list[str] = []
    buffer = ""
    for line in script.splitlines(keepends=True):
        if line.lstrip().startswith("--") and not buffer.strip():
            continue
        buffer += line
        if sqlite3.complete_statement(buffer):
            statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        raise ValueError("migration script ends in an incomplete statement")
    return statements
