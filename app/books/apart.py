"""A second connection to a book that is already open, for slow work on another thread.

The window's connection belongs to the GUI thread (docs/ARCHITECTURE.md, "The worker
rule"), so work that reads or writes the book off that thread (a backup, an import, an
erasure) opens one of its own here. Unlike ``vault.open_book`` it runs no migration and
writes no "unlocked" entry: the window's open already did both, and a book at another
schema version than this Parley's (changed underneath) is refused, not migrated. SQLite's
locking (WAL, ``BEGIN IMMEDIATE`` for every write transaction, a busy timeout) lets the two
connections take turns; the audit trail stays one chain (``AuditTrail.record``).

The caller takes ``Apart`` on the thread that owns the book, before the work starts: it
holds a copy of the data key, so that locking (which wipes the window's copy) lets work
already under way finish cleanly; the copy goes when the work lets go of it.

Work that may hold SQLite's write lock for long (an erasure's compaction, a large import)
opens the book through ``working_apart``, which counts it; unlocking the book again waits
for that count to fall to nothing (``wait_for_work_apart``), so the window's "unlocked"
entry does not give up on SQLite's busy timeout and report the book as in use.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from app.books.casebook import Casebook
from app.books.kinds import AnyBook
from app.books.office_book import OfficeBook
from app.books.schema import LATEST, OFFICE_BASE, OFFICE_MIGRATIONS, role_of, schema_version
from app.errors import CasebookDamaged
from app.roles import Role
from app.storage.database import open_database

DB_NAME = "casebook.db"


@dataclass(frozen=True)
class Apart:
    """What a worker needs to open a book on its own connection."""

    folder: Path
    data_key: bytes
    casebook_id: str


def apart(book: AnyBook) -> Apart:
    """Take, on the thread that owns ``book``, what opening it apart needs."""
    return Apart(book.folder, book.data_key, book.casebook_id)


def open_apart(taken: Apart) -> AnyBook:
    """The book on a connection of its own (close it when done, or use ``with``)."""
    conn = open_database(taken.folder / DB_NAME, taken.data_key)
    try:
        role = role_of(conn)
        latest = OFFICE_BASE + len(OFFICE_MIGRATIONS) if role is Role.OFFICE else LATEST
        if schema_version(conn) != latest:
            raise CasebookDamaged(
                "The book changed underneath Parley (another version opened it); lock it and "
                "unlock it again. Nothing was changed."
            )
        kind = OfficeBook if role is Role.OFFICE else Casebook
        return kind(taken.folder, conn, taken.data_key, taken.casebook_id)
    except BaseException:
        conn.close()
        raise


# Work under way on connections opened apart, per folder; the condition wakes the waiters.
_under_way: Counter[Path] = Counter()
_changed = threading.Condition()


@contextmanager
def working_apart(taken: Apart) -> Iterator[AnyBook]:
    """``open_apart`` for the length of a ``with`` block, counted for ``wait_for_work_apart``."""
    book = open_apart(taken)
    folder = taken.folder.resolve()
    with _changed:
        _under_way[folder] += 1
    try:
        with book:
            yield book
    finally:
        with _changed:
            _under_way[folder] -= 1
            if not _under_way[folder]:
                del _under_way[folder]
            _changed.notify_all()


def wait_for_work_apart(folder: Path, timeout_s: float) -> bool:
    """Block until no work opened apart on ``folder`` is under way; False on timeout.

    For a worker thread (unlocking waits here after deriving the key), never the GUI thread.
    """
    folder = Path(folder).resolve()
    deadline = time.monotonic() + timeout_s
    with _changed:
        while _under_way[folder]:
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            _changed.wait(left)
        return True
