"""Read a query's rows by column name, for little more than reading them by position.

A store reads ``row[at["reference"]]``, where ``at = columns(cursor)`` gives each column's
place in the rows of that one query, as the database returned them. So a column added to a
store's list, or a table whose columns stand in another order, cannot shift a value into its
neighbour's field, and a name the query does not return fails at once (``KeyError``).

The driver's own row factory (``sqlcipher3.Row``) reads by name too, but builds an object per
row and compares names on every read: it made the 10,000-case list 15-25 % slower. Here the
names are looked up once per query and each row stays the driver's plain tuple. A query of a
single column (``SELECT count(*)``) may read ``row[0]``. See docs/ARCHITECTURE.md, "Storage".
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")

#: One result row: a plain tuple, read by position through a ``Columns`` mapping.
Row = Any

#: Each column's position in a query's rows, by the name the SELECT gives it.
Columns = dict[str, int]


def columns(cursor: Any) -> Columns:
    """Where each column of ``cursor``'s rows stands, by name (available once executed)."""
    description = cursor.description
    if description is None:
        raise ValueError("this statement returns no rows to read")
    at = {column[0]: index for index, column in enumerate(description)}
    if len(at) != len(description):
        # Two columns of one name (``c.id`` and ``m.id``) would make one of them unreadable.
        raise ValueError("two columns of this query have the same name; give one an alias")
    return at


def aliased(table: str, names: str) -> str:
    """``"id, title"`` read from the table called ``c`` in a join: ``"c.id AS id, c.title AS
    title"``, so that each column keeps its own name whatever SQLite would call it."""
    listed = [name.strip() for name in names.split(",")]
    return ", ".join(f"{table}.{name} AS {name}" for name in listed)


def read_all(cursor: Any, read: Callable[[Row, Columns], T]) -> list[T]:
    """Every row of an executed query, each made into a record by ``read(row, at)``."""
    at = columns(cursor)
    return [read(row, at) for row in cursor]


def read_one(cursor: Any, read: Callable[[Row, Columns], T]) -> T | None:
    """The first row of an executed query as a record, or ``None`` when there is none."""
    row = cursor.fetchone()
    return None if row is None else read(row, columns(cursor))
