"""The book's schema: every domain's migration steps, in the order they were released.

Step N brings a book from version N-1 to N. Never edit a released step; add one.
"""

from __future__ import annotations

from pathlib import Path

from app.cases import schema as cases_schema
from app.cases import schema_activity, schema_retention, schema_search
from app.registers import schema as registers_schema
from app.storage import migrations
from app.storage.database import Connection
from app.storage.migrations import copy_encrypted as copy_encrypted
from app.storage.migrations import schema_version as schema_version
from app.storage.migrations import statements as statements

MIGRATIONS: tuple[str, ...] = (
    cases_schema.V1,
    schema_retention.V2,
    registers_schema.V3,
    schema_search.V4,
    schema_activity.V5,
)
LATEST = len(MIGRATIONS)


def migrate(conn: Connection, db_path: Path, key: bytes, *, new: bool = False) -> None:
    """Bring the book to the latest schema, copying it first if it holds data."""
    migrations.migrate(conn, db_path, key, MIGRATIONS, new=new)
