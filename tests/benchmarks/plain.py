"""The baseline store: the same schema and statements in plain (unencrypted) SQLite.

Only ever used on fictional benchmark data in a temporary folder.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from app.storage import schema


def plain_connection(path: Path) -> sqlite3.Connection:
    """A plain SQLite connection with Parley's PRAGMAs and schema, for a fair comparison."""
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    for pragma in (
        "temp_store = MEMORY",
        "secure_delete = ON",
        "journal_mode = WAL",
        "synchronous = FULL",
        "foreign_keys = ON",
    ):
        conn.execute(f"PRAGMA {pragma}")
    schema.migrate(conn, path, b"\0" * 32, new=True)  # plain SQLite ignores the key
    return conn
