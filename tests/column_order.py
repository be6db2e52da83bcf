"""Rebuild a book's tables with their columns in reverse order, as a migration that rebuilds
a table might leave them, to prove that the stores read columns by name.

Also the helpers that reverse a store's own column list or SELECT list.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from app.books import vault, verify
from app.storage.database import Connection
from app.storage.rows import columns

from conftest import PASSPHRASE

_TABLE_CONSTRAINTS = ("CONSTRAINT", "PRIMARY KEY", "UNIQUE", "CHECK", "FOREIGN KEY")


def split_top_level(body: str) -> list[str]:
    """The comma-separated items of a column list or a CREATE TABLE body (commas inside
    brackets or quotes, as in a CHECK's list, do not split)."""
    items, depth, quote, current = [], 0, "", []
    for ch in body:
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "," and depth == 0:
            items.append("".join(current).strip())
            current = []
            continue
        current.append(ch)
    items.append("".join(current).strip())
    return items


def _without_comments(sql: str) -> str:
    # The schema's comments hold no quotes, so "--" always starts one.
    return "\n".join(line.split("--", 1)[0] for line in sql.splitlines())


def reverse_columns(conn: Connection, table: str) -> None:
    """Rebuild ``table`` with its columns in reverse order, keeping every row, constraint,
    index and trigger (SQLite's own recipe for changing a table: make, copy, drop, rename)."""
    create = conn.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
    ).fetchone()[0]
    dependants = [
        r[0]
        for r in conn.execute(
            "SELECT sql FROM sqlite_master WHERE tbl_name = ? AND type IN ('index', 'trigger') "
            "AND sql IS NOT NULL",
            (table,),
        )
    ]
    _, rest = _without_comments(create).split("(", 1)
    body, tail = rest.rsplit(")", 1)
    items = split_top_level(body)
    defined = [i for i in items if not i.upper().startswith(_TABLE_CONSTRAINTS)]
    constraints = [i for i in items if i.upper().startswith(_TABLE_CONSTRAINTS)]
    listed = ", ".join(reversed([c.split()[0] for c in defined]))
    conn.execute(f"CREATE TABLE reordered ({', '.join([*reversed(defined), *constraints])}){tail}")
    conn.execute(f"INSERT INTO reordered ({listed}) SELECT {listed} FROM {table}")
    conn.execute(f"DROP TABLE {table}")
    conn.execute(f"ALTER TABLE reordered RENAME TO {table}")
    for statement in dependants:
        conn.execute(statement)


def column_names(conn: Connection, table: str) -> list[str]:
    cursor = conn.execute(f"PRAGMA table_info({table})")
    at = columns(cursor)
    return [r[at["name"]] for r in cursor]


def reverse_tables(folder: Path, tables: tuple[str, ...]) -> None:
    """Rebuild each of the book's ``tables`` with its columns reversed, then check that the
    book is still whole (structure, links between records, audit chain, search index)."""
    book = vault.open_book_with_passphrase(folder, PASSPHRASE)
    conn = book.connection
    try:
        before = {t: column_names(conn, t) for t in tables}
        # Outside a transaction (foreign keys cannot be switched inside one); the legacy
        # rename leaves other tables' triggers alone while a table is briefly missing.
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute("PRAGMA legacy_alter_table = ON")
        with book.transaction():
            for table in tables:
                reverse_columns(conn, table)
        conn.execute("PRAGMA legacy_alter_table = OFF")
        conn.execute("PRAGMA foreign_keys = ON")
        after = {t: column_names(conn, t) for t in tables}
        assert after == {t: list(reversed(names)) for t, names in before.items()}
        report = verify.check_connection(conn)
        assert report.problems == [], report.problems
    finally:
        book.close()


def reverse_list(monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> None:
    """Reverse a store's column list (``"id, name, role"``) for the rest of the test."""
    listed = split_top_level(getattr(module, name))
    monkeypatch.setattr(module, name, ", ".join(reversed(listed)))


def reverse_select(monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> None:
    """Reverse the column list of a store's ``SELECT ... FROM ...`` for the rest of the test."""
    select, rest = getattr(module, name).split(" FROM ", 1)
    listed = split_top_level(select.removeprefix("SELECT "))
    monkeypatch.setattr(module, name, f"SELECT {', '.join(reversed(listed))} FROM {rest}")


def assert_same_reads(after: dict[str, Any], before: dict[str, Any]) -> None:
    """Everything reads alike; the audit trail may have grown since (each unlock is an
    entry), but what it held before reads the same."""
    assert after["audit"][: len(before["audit"])] == before["audit"]
    assert {**after, "audit": None} == {**before, "audit": None}
