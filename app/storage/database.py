"""Open the SQLCipher database with a raw key and prove, at once, that it is what we think.

SQLCipher quietly behaves as plain SQLite when the library is not really SQLCipher, and a
wrong key only shows up at the first read; both are checked before anything else runs.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from app.errors import (
    CasebookBusy,
    CasebookDamaged,
    NoPermission,
    NotACasebook,
    ParleyError,
    UnsupportedPlatform,
)

try:  # pragma: no cover - exercised by the platform check below
    import sqlcipher3 as _sqlcipher
except ImportError:  # pragma: no cover
    _sqlcipher = None

MIN_SQLITE = (3, 51, 3)
PLAIN_SQLITE_HEADER = b"SQLite format 3\x00"
MIN_DATABASE_BYTES = 1024  # SQLCipher's smallest page; a casebook is never shorter

Connection = Any  # sqlcipher3.dbapi2.Connection; the package ships no type information

#: How long a write waits for another program's transaction before giving up.
BUSY_TIMEOUT_MS = 5000


class CasebookReadOnly(ParleyError):
    """The casebook's folder or disk does not allow writing."""


class DiskFull(ParleyError):
    """A write failed for want of space (or another storage error); it was rolled back."""


def translate_error(exc: BaseException, path: Path | None = None) -> ParleyError | None:
    """The user-facing error for a storage failure from SQLite, or ``None`` if it is not one.

    SQLite's result code, not its message text, decides: a locked file, a read-only disk and
    a full disk each need different advice, and none of them is damage.
    """
    if isinstance(exc, ParleyError):
        return exc
    name = str(getattr(exc, "sqlite_errorname", "") or "")
    where = f" ({path.parent})" if path is not None else ""
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return CasebookBusy("The casebook is in use by another program; close it and try again.")
    if name.startswith("SQLITE_READONLY") or (
        name.startswith("SQLITE_CANTOPEN") and path is not None and _read_only(path.parent)
    ):
        return CasebookReadOnly(
            f"The casebook's folder is read-only{where}; Parley needs to write to it. "
            "Copy the casebook somewhere writable or change the folder's permissions. "
            "Nothing was changed."
        )
    if name.startswith("SQLITE_FULL"):
        return DiskFull(
            f"The disk is full{where}: the last change was not saved and has been undone. "
            "Free some space and try again; everything saved before is intact."
        )
    if name.startswith("SQLITE_IOERR"):
        return DiskFull(
            f"The disk reported an error while saving{where} ({name}): the last change was not "
            "saved and has been undone. Check the disk and free some space."
        )
    return None


def _read_only(folder: Path) -> bool:
    try:
        if os.statvfs(folder).f_flag & os.ST_RDONLY:
            return True
    except (OSError, AttributeError):  # no statvfs on Windows
        pass
    return not os.access(folder, os.W_OK)


def _library() -> Any:
    if _sqlcipher is None:
        raise UnsupportedPlatform(
            "The encryption library (sqlcipher3) is not installed, so the casebook cannot "
            "be opened."
        )
    return _sqlcipher


def database_error_types() -> tuple[type[BaseException], ...]:
    """The exception classes the database raises, for callers that translate them."""
    lib = _library()
    return (lib.DatabaseError, sqlite3.DatabaseError)


def open_database(path: Path, key: bytes, *, create: bool = False) -> Connection:
    """A verified, configured connection to the casebook database at ``path``.

    Never creates a file unless ``create`` is true; a missing file is an error, so a typo
    in a folder cannot produce an empty casebook.
    """
    if len(key) != 32:
        raise ValueError("the data key must be 32 bytes")
    if not create:
        _refuse_plain_sqlite(path)
        _refuse_short_file(path)
    lib = _library()
    check_library()
    mode = "rwc" if create else "rw"
    # A file: URI (percent-encoded by pathlib) lets mode=rw refuse to create a missing file.
    uri = f"{Path(path).absolute().as_uri()}?mode={mode}"
    try:
        conn = lib.connect(
            uri,
            uri=True,
            isolation_level=None,
            check_same_thread=False,
            timeout=BUSY_TIMEOUT_MS / 1000,
        )
    except lib.Error as exc:
        raise CasebookDamaged(f"The casebook database could not be opened ({exc}).") from exc
    try:
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except lib.DatabaseError as exc:
            translated = translate_error(exc, path)
            if translated is not None:
                raise translated from exc
            raise CasebookDamaged(
                "The casebook database cannot be read with its key: it is damaged, or it "
                "is not the database that belongs with this key file. Nothing was changed."
            ) from exc
        try:
            _configure(conn)
        except lib.DatabaseError as exc:
            raise (translate_error(exc, path) or CasebookDamaged(str(exc))) from exc
    except BaseException:
        conn.close()
        raise
    return conn


def _refuse_plain_sqlite(path: Path) -> None:
    try:
        with path.open("rb") as handle:
            head = handle.read(16)
    except FileNotFoundError:
        return  # the connect below reports it
    except PermissionError as exc:  # most likely another account's file: intact, not ours
        raise NoPermission.to_read(path.parent, f"the casebook database ({path.name})") from exc
    except OSError as exc:
        raise CasebookDamaged(f"The casebook database cannot be read ({exc.strerror}).") from exc
    if head == PLAIN_SQLITE_HEADER:
        raise NotACasebook(
            "This is an unencrypted SQLite database, not a Parley casebook; Parley will not "
            "open or change it."
        )


def _refuse_short_file(path: Path) -> None:
    # SQLite treats an empty or one-byte file as a new, empty database; for a casebook that
    # would mean building a fresh one over the remains of the old. A real casebook is at
    # least one full page.
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return
    if size < MIN_DATABASE_BYTES:
        raise CasebookDamaged(
            f"The casebook database is damaged: it is only {size} bytes long. Restore it from "
            "a backup; nothing was changed."
        )


_library_checked = False


def check_library() -> None:
    """Refuse a library that would not encrypt, or an SQLite with known flaws (once)."""
    global _library_checked
    if _library_checked:
        return
    conn = _library().connect(":memory:")
    try:
        # SQLCipher logs decryption failures to stderr by default; a wrong key is an
        # expected event that we report ourselves, in words.
        conn.execute("PRAGMA cipher_log_level = NONE")
        _check_library(conn)
    finally:
        conn.close()
    _library_checked = True


def _check_library(conn: Connection) -> None:
    row = conn.execute("PRAGMA cipher_version").fetchone()
    if not row or not row[0]:
        # Plain SQLite ignores PRAGMA key and would write every note in the clear.
        raise UnsupportedPlatform(
            "The database library on this machine does not encrypt (no SQLCipher); "
            "Parley refuses to store anything with it."
        )
    version = conn.execute("SELECT sqlite_version()").fetchone()[0]
    if sqlite_version_tuple(version) < MIN_SQLITE:
        wanted = ".".join(map(str, MIN_SQLITE))
        raise UnsupportedPlatform(
            f"The database library is too old (SQLite {version}; Parley needs {wanted} or "
            "newer for its security fixes)."
        )


def sqlite_version_tuple(text: str) -> tuple[int, ...]:
    parts = []
    for piece in text.split(".")[:3]:
        digits = "".join(ch for ch in piece if ch.isdigit())
        parts.append(int(digits or 0))
    return tuple(parts)


def _configure(conn: Connection) -> None:
    # Keep temporary tables and sort spills in memory: a temp file would be plaintext-free
    # under SQLCipher anyway, but memory leaves nothing behind at all.
    conn.execute("PRAGMA temp_store = MEMORY")
    conn.execute("PRAGMA secure_delete = ON")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    # SQLCipher decrypts and authenticates every page it reads; SQLite's default 2 MiB cache
    # made repeated searches and the case list decrypt the same pages again and again (search
    # at 10,000 cases: 193 ms with 2 MiB, 26 ms with 64 MiB). The cache is filled only as
    # pages are read and is dropped when the casebook locks.
    conn.execute("PRAGMA cache_size = -65536")
    conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_MS)}")


@contextlib.contextmanager
def transaction(conn: Connection) -> Iterator[Connection]:
    """All or nothing: commit on success, roll back on any exception (and re-raise)."""
    if conn.in_transaction:
        # Nested use joins the outer transaction, which decides for both.
        yield conn
        return
    try:
        conn.execute("BEGIN IMMEDIATE")
    except database_error_types() as exc:
        translated = translate_error(exc)
        if translated is None:
            raise
        raise translated from exc
    try:
        yield conn
        conn.execute("COMMIT")
    except BaseException as exc:
        # A failed COMMIT (a full disk shows up here in WAL mode) leaves the transaction
        # open; it must be undone, or every later write would join a doomed transaction.
        if conn.in_transaction:
            with contextlib.suppress(*database_error_types()):
                conn.execute("ROLLBACK")
        translated = translate_error(exc) if isinstance(exc, database_error_types()) else None
        if translated is not None:
            raise translated from exc
        raise
