"""The book's schema: every domain's migration steps, in the order they were released, for
each kind of book.

Step N brings a casebook from version N-1 to N. Never edit a released step; add one. An
office book has its own list, numbered from ``OFFICE_BASE`` + 1 (``app.office.schema``): it
never gains a casebook's tables, and a casebook never gains an office book's.

Which list applies is read from the book itself before anything runs (``role_of``): the
``book`` table names the role; a casebook from before roles has no such table, and is a
mediator's.
"""

from __future__ import annotations

from pathlib import Path

from app.cases import schema as cases_schema
from app.cases import (
    schema_activity,
    schema_eleventh_hour,
    schema_list_order,
    schema_outcomes,
    schema_retention,
    schema_search,
    schema_search_held,
    schema_search_prefixes,
)
from app.errors import CasebookDamaged
from app.identity import schema as identity_schema
from app.office import schema as office_schema
from app.registers import schema as registers_schema
from app.registers import schema_obligations
from app.roles import Role
from app.storage import migrations
from app.storage.database import Connection
from app.storage.migrations import copy_encrypted as copy_encrypted
from app.storage.migrations import schema_version as schema_version
from app.storage.migrations import statements as statements

#: A casebook's steps.
MIGRATIONS: tuple[str, ...] = (
    cases_schema.V1,
    schema_retention.V2,
    registers_schema.V3,
    schema_search.V4,
    schema_activity.V5,
    identity_schema.V6,
    schema_search_held.V7,
    schema_eleventh_hour.V8,
    schema_outcomes.V9,
    schema_obligations.V10,
    schema_list_order.V11,
    schema_search_prefixes.V12,
)
LATEST = len(MIGRATIONS)

#: An office book's steps, numbered from OFFICE_BASE + 1.
OFFICE_MIGRATIONS: tuple[str, ...] = (office_schema.O1, office_schema.O2, office_schema.O3)
OFFICE_BASE = office_schema.OFFICE_BASE


def role_of(conn: Connection) -> Role:
    """The role of the book behind ``conn`` (an existing book, before any migration)."""
    has_book = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'book'"
    ).fetchone()
    if not has_book:
        return Role.MEDIATOR  # every book made before roles is a mediator's casebook
    row = conn.execute("SELECT role FROM book").fetchone()
    try:
        return Role(row[0] if row else "")
    except ValueError as exc:
        raise CasebookDamaged(
            "The book does not say whose it is (its role is missing or unknown); it is "
            "damaged or from a newer Parley. Nothing was changed."
        ) from exc


def migrate(
    conn: Connection, db_path: Path, key: bytes, *, new: bool = False, role: Role | None = None
) -> Role:
    """Bring the book to the latest schema of its role, copying it first if it holds data.

    A new book is made with ``role`` (a mediator's casebook unless given); an existing one
    keeps the role it has. Returns the role.
    """
    if not new:
        role = role_of(conn)
    elif role is None:
        role = Role.MEDIATOR
    if role is Role.OFFICE:
        migrations.migrate(conn, db_path, key, OFFICE_MIGRATIONS, new=new, base=OFFICE_BASE)
    else:
        migrations.migrate(conn, db_path, key, MIGRATIONS, new=new)
    return role
