"""The baseline store: the same schema and statements in plain (unencrypted) SQLite.

Only ever used on fictional benchmark data in a temporary folder. It is the same SQLite
library (the one built into sqlcipher3) with no key set, so the comparison measures
encryption and nothing else: Python's own sqlite3 is an older SQLite.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlcipher3

from app.books import schema


def plain_connection(path: Path) -> Any:
    """A plain SQLite connection with Parley's PRAGMAs and schema, for a fair comparison."""
    conn = sqlcipher3.connect(str(path), isolation_level=None, check_same_thread=False)
    for pragma in (
        "temp_store = MEMORY",
        "secure_delete = ON",
        "journal_mode = WAL",
        "synchronous = FULL",
        "foreign_keys = ON",
        "cache_size = -65536",
    ):
        conn.execute(f"PRAGMA {pragma}")
    schema.migrate(conn, path, b"\0" * 32, new=True)  # plain SQLite ignores the key
    return conn
