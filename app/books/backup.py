"""Backups: one encrypted file that the passphrase or the recovery key opens anywhere.

A backup file is, in order::

    magic      8 bytes   b"PARLEYBK"
    version    2 bytes   big-endian, 1
    key size   4 bytes   big-endian
    key file   (key size) bytes: the casebook's key file (JSON, wrapped data key only)
    db size    8 bytes   big-endian
    database   (db size) bytes: a sqlcipher_export copy under the same data key
    checksum   32 bytes  SHA-256 of everything above

Nothing in it is plaintext case content: the key file holds only wrapped keys, and every
page of the database is encrypted and authenticated by SQLCipher. The checksum is not a
security measure (the GCM tags and page HMACs are); it lets a damaged file be named as such
before any passphrase is asked for. The keychain slot is left out: it belongs to one
computer's keychain, and a restored copy must not open by itself.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import struct
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import BinaryIO

from app.books import vault
from app.books.apart import Apart, working_apart
from app.books.book import Book
from app.books.keyfile import KeyFile, KeyFileDamaged, parse_key_file
from app.books.schema import copy_encrypted
from app.errors import CasebookExists, ParleyError, WrongPassphrase, WrongRecoveryKey
from app.progress import Progress, no_progress
from app.settings import BACKUP_REMINDER_DAYS
from app.storage.atomic import fsync_folder
from app.storage.database import open_database

MAGIC = b"PARLEYBK"
VERSION = 1
_HEAD = struct.Struct(">8sHI")
_DB_SIZE = struct.Struct(">Q")
_DIGEST = 32
_CHUNK = 1 << 20
ACTION = "backup made"
#: Written into a restored book by the restore: the book as it then is was in a backup.
RESTORED_ACTION = "restored from backup"


class BackupFailed(ParleyError):
    """A backup could not be made; no partial file was left behind."""


class BackupDamaged(ParleyError):
    """A backup file is not one, or not whole; nothing was restored."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    sha256: str
    size: int


@dataclass(frozen=True)
class RestoreResult:
    folder: Path
    cases: int  # 0 for an office book, which holds none
    moved_aside: Path | None  # where the replaced casebook now is
    warnings: tuple[str, ...] = ()
    contents: str = ""  # what the restored book holds, in words


@dataclass(frozen=True)
class _Layout:
    keys: KeyFile
    db_offset: int
    db_size: int
    sha256: str


# --- making a backup -----------------------------------------------------------------------


def make_backup(casebook: Book, out: Path) -> BackupResult:
    """Write a backup of ``casebook`` to ``out`` (atomically, mode 0600) and audit it."""
    out = Path(out)
    _check_destination(casebook, out)
    keys, _ = vault.load_key_file(casebook.folder)
    if keys.casebook_id != casebook.casebook_id:
        raise BackupFailed("The key file on disk belongs to another casebook; no backup made.")
    portable = KeyFile(keys.casebook_id, keys.generation, tuple(
        s for s in keys.slots if s.kind != "keychain"
    ))  # fmt: skip
    try:
        with _scratch_folder(out.parent) as scratch:
            export = scratch / "casebook.db"
            copy_encrypted(casebook.connection, export, casebook.data_key)
            _check_export(export, casebook.data_key)
            digest, size = _write_container(out, portable.to_bytes(), export)
    except OSError as exc:
        raise BackupFailed(
            f"The backup could not be written to {out} ({exc.strerror or exc}); nothing was "
            "left behind."
        ) from exc
    casebook.audit.record(ACTION, detail=f"{out.name} sha256={digest}")
    return BackupResult(out, digest, size)


def make_backup_apart(taken: Apart, out: Path) -> BackupResult:
    """``make_backup`` on a connection of its own: for a worker thread, while the window
    keeps its connection (``app.books.apart``). Locking meanwhile lets it finish: the file
    is whole and audited, or not there at all."""
    with working_apart(taken) as book:
        return make_backup(book, out)


def _check_destination(casebook: Book, out: Path) -> None:
    if not out.parent.is_dir():
        raise BackupFailed(f"The folder {out.parent} does not exist; choose another place.")
    if out.parent.resolve() == casebook.folder.resolve():
        raise BackupFailed(
            "A backup inside the casebook's own folder would be lost with it; choose another "
            "place (another disk is best)."
        )
    if out.is_dir():
        raise BackupFailed(f"{out} is a folder; give a file name for the backup.")
    if out.exists():
        with out.open("rb") as handle:
            if handle.read(len(MAGIC)) != MAGIC:
                raise BackupFailed(
                    f"{out} exists and is not a Parley backup; Parley will not overwrite it."
                )


def _check_export(export: Path, key: bytes) -> None:
    conn = open_database(export, key)
    try:
        rows = [r[0] for r in conn.execute("PRAGMA quick_check").fetchall()]
    finally:
        conn.close()
    if rows != ["ok"]:
        raise BackupFailed("The copy for the backup did not check out; no backup was made.")


def _write_container(out: Path, key_file: bytes, export: Path) -> tuple[str, int]:
    """Stream header, key file, database and checksum into ``out`` atomically."""
    fd, tmp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    tmp = Path(tmp_name)
    whole = hashlib.sha256()
    try:
        os.fchmod(fd, 0o600) if hasattr(os, "fchmod") else os.chmod(tmp, 0o600)
        with os.fdopen(fd, "wb") as handle:
            body = hashlib.sha256()

            def put(data: bytes) -> None:
                handle.write(data)
                body.update(data)
                whole.update(data)

            put(_HEAD.pack(MAGIC, VERSION, len(key_file)) + key_file)
            put(_DB_SIZE.pack(export.stat().st_size))
            with export.open("rb") as source:
                while chunk := source.read(_CHUNK):
                    put(chunk)
            trailer = body.digest()
            handle.write(trailer)
            whole.update(trailer)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, out)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    fsync_folder(out.parent)
    return whole.hexdigest(), out.stat().st_size


@contextlib.contextmanager
def _scratch_folder(parent: Path) -> Iterator[Path]:
    # Only encrypted pages pass through it; it goes whatever happens.
    folder = Path(tempfile.mkdtemp(prefix=".parley-backup-", dir=parent))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# --- reading and restoring -----------------------------------------------------------------


def read_backup(file: Path) -> KeyFile:
    """Check a backup file whole and return its key file; any fault is :class:`BackupDamaged`."""
    return _layout(Path(file)).keys


def _layout(file: Path) -> _Layout:
    name = file.name
    try:
        size = file.stat().st_size
        with file.open("rb") as handle:
            head = handle.read(_HEAD.size)
            if len(head) < len(MAGIC) or head[: len(MAGIC)] != MAGIC:
                raise BackupDamaged(
                    f"{name} is not a Parley backup (it does not begin with a backup's marker)."
                )
            if len(head) < _HEAD.size:
                raise BackupDamaged(f"{name} is truncated: it ends inside its header.")
            _, version, key_size = _HEAD.unpack(head)
            if version != VERSION:
                raise BackupDamaged(
                    f"{name} is a backup of a format this Parley does not know (version "
                    f"{version}); a newer Parley may be needed."
                )
            db_offset = _HEAD.size + key_size + _DB_SIZE.size
            if db_offset + _DIGEST > size:
                raise BackupDamaged(f"{name} is truncated: it ends before its key file does.")
            key_file = handle.read(key_size)
            (db_size,) = _DB_SIZE.unpack(handle.read(_DB_SIZE.size))
            if db_offset + db_size + _DIGEST != size:
                shorter = db_offset + db_size + _DIGEST > size
                raise BackupDamaged(
                    f"{name} is {'truncated' if shorter else 'damaged'}: its length does not "
                    "match what its header says."
                )
            digest = _checksum(handle, file, db_offset + db_size)
    except OSError as exc:
        raise BackupDamaged(f"{file} cannot be read ({exc.strerror or exc}).") from exc
    try:
        keys = parse_key_file(key_file)
    except KeyFileDamaged as exc:
        raise BackupDamaged(f"The key slots inside {name} are damaged: {exc}") from exc
    return _Layout(keys, db_offset, db_size, digest)


def _checksum(handle: BinaryIO, file: Path, body_size: int) -> str:
    handle.seek(0)
    body, whole = hashlib.sha256(), hashlib.sha256()
    remaining = body_size
    while remaining:
        chunk = handle.read(min(_CHUNK, remaining))
        if not chunk:
            break
        body.update(chunk)
        whole.update(chunk)
        remaining -= len(chunk)
    trailer = handle.read(_DIGEST)
    whole.update(trailer)
    if remaining or trailer != body.digest():
        raise BackupDamaged(
            f"{file.name} is damaged: its checksum does not match (some bytes have changed). "
            "Use another backup."
        )
    return whole.hexdigest()


def restore_backup(
    file: Path,
    target_dir: Path,
    *,
    passphrase: str | None = None,
    recovery_key: str | None = None,
    replace: bool = False,
) -> RestoreResult:
    """Restore ``file`` into ``target_dir``, verified before anything is put in place.

    The casebook is unpacked into a hidden folder beside the target, opened, and checked
    (page authentication, SQLite structure, search index, audit chain). Only then is it
    renamed into place; on any failure the hidden folder goes and the target is untouched.
    An existing casebook is refused unless ``replace``; then it is renamed aside to
    ``<dir>.replaced-<timestamp>``, never deleted.
    """
    prepared = prepare_restore(
        file, target_dir, passphrase=passphrase, recovery_key=recovery_key, replace=replace
    )
    return finish_restore(prepared)


@dataclass(frozen=True)
class PreparedRestore:
    """A backup unpacked and checked in a hidden folder beside its target, not yet in place."""

    target: Path
    staging: Path
    existing: bool
    cases: int
    contents: str
    warnings: tuple[str, ...]


def prepare_restore(
    file: Path,
    target_dir: Path,
    *,
    passphrase: str | None = None,
    recovery_key: str | None = None,
    replace: bool = False,
    progress: Progress = no_progress,
) -> PreparedRestore:
    """The slow half of a restore (key derivation, unpacking, every check), for a worker:
    it touches nothing at the target, which may stay open meanwhile. ``finish_restore``
    puts it in place once the target is closed; ``abandon_restore`` throws it away."""
    file, target = Path(file), Path(target_dir)
    if (passphrase is None) == (recovery_key is None):
        raise ValueError("give exactly one of passphrase and recovery_key")
    layout = _layout(file)
    progress(0, 2, "Opening the backup")
    # Said of the backup: the book's passphrase today may not be the one it had then.
    try:
        if passphrase is not None:
            data_key = vault.data_key_from_passphrase(layout.keys, passphrase)
        else:
            data_key = vault.data_key_from_recovery_key(layout.keys, recovery_key or "")
    except WrongPassphrase as exc:
        raise WrongPassphrase(
            "That passphrase does not open this backup: it needs the passphrase the casebook "
            "had when the backup was made."
        ) from exc
    except WrongRecoveryKey as exc:
        raise WrongRecoveryKey(
            "That recovery key does not open this backup: it needs the recovery key the "
            "casebook had when the backup was made."
        ) from exc
    existing = _check_target(target, replace)
    try:
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.restoring-", dir=target.parent))
    except OSError as exc:
        raise ParleyError(f"Cannot restore into {target} ({exc.strerror or exc}).") from exc
    try:
        progress(1, 2, "Unpacking the casebook and checking every page")
        cases, contents, warnings = _unpack_and_verify(file, layout, staging, data_key)
    except BaseException as exc:
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(exc, OSError):
            raise ParleyError(
                f"The backup could not be unpacked beside {target} ({exc.strerror or exc}); "
                "nothing was changed there."
            ) from exc
        raise
    progress(2, 2, "Checked")
    return PreparedRestore(target, staging, existing, cases, contents, warnings)


def finish_restore(prepared: PreparedRestore) -> RestoreResult:
    """Put a prepared restore in place (renames only), the book there set aside; on any
    failure the book there is as it was and the prepared copy is gone."""
    target = prepared.target
    try:
        moved_aside = _put_in_place(prepared.staging, target, prepared.existing)
    except OSError as exc:
        abandon_restore(prepared)
        raise ParleyError(
            f"The backup could not be restored into {target} ({exc.strerror or exc}); "
            "nothing was changed there."
        ) from exc
    except BaseException:
        abandon_restore(prepared)
        raise
    return RestoreResult(target, prepared.cases, moved_aside, prepared.warnings, prepared.contents)


def abandon_restore(prepared: PreparedRestore) -> None:
    """Throw a prepared restore away (the mediator changed their mind, or it failed)."""
    shutil.rmtree(prepared.staging, ignore_errors=True)


def _check_target(target: Path, replace: bool) -> bool:
    """Whether a casebook is there to be replaced; refuses what must not be touched."""
    if vault.casebook_exists(target):
        if not replace:
            raise CasebookExists(
                f"There is already a casebook in {target}; restore into a new folder, or "
                "replace it (the old one is kept beside it)."
            )
        return True
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise ParleyError(f"{target} is not empty; restore into a new or empty folder.")
    return False


def _unpack_and_verify(
    file: Path, layout: _Layout, staging: Path, data_key: bytes
) -> tuple[int, str, tuple[str, ...]]:
    from app.books.casebook import Casebook
    from app.books.verify import verify_casebook  # verify imports the stores; only needed here

    db = staging / vault.DB_NAME
    fd = os.open(db, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as sink, file.open("rb") as source:
        source.seek(layout.db_offset)
        remaining = layout.db_size
        while remaining:
            chunk = source.read(min(_CHUNK, remaining))
            if not chunk:
                raise BackupDamaged(f"{file.name} changed while it was being restored.")
            sink.write(chunk)
            remaining -= len(chunk)
        sink.flush()
        os.fsync(sink.fileno())
    vault.write_key_file(staging, layout.keys)  # and its spare copy
    unlocked = vault.Unlocked(staging, data_key, layout.keys.casebook_id)
    try:
        casebook = vault.open_book(unlocked)
    except ParleyError as exc:
        raise BackupDamaged(f"The database inside {file.name} cannot be opened: {exc}") from exc
    with casebook:
        report = verify_casebook(casebook)
        if not report.ok:
            raise BackupDamaged(
                f"The database inside {file.name} fails its checks ({report.problems[0]}); "
                "nothing was restored."
            )
        casebook.audit.record(RESTORED_ACTION, detail=f"{file.name} sha256={layout.sha256}")
        cases = casebook.cases.count() if isinstance(casebook, Casebook) else 0
        return cases, casebook.contents(), tuple(casebook.warnings)


def _put_in_place(staging: Path, target: Path, existing: bool) -> Path | None:
    moved_aside = None
    if existing:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        moved_aside = target.with_name(f"{target.name}.replaced-{stamp}")
        counter = 1
        while moved_aside.exists():
            counter += 1
            moved_aside = target.with_name(f"{target.name}.replaced-{stamp}-{counter}")
        os.rename(target, moved_aside)
    elif target.exists():
        target.rmdir()  # empty (checked): a rename cannot land on a folder everywhere
    try:
        os.rename(staging, target)
    except BaseException:
        if moved_aside is not None:
            os.rename(moved_aside, target)
        raise
    fsync_folder(target.parent)
    return moved_aside


# --- the reminder --------------------------------------------------------------------------


def last_backup_at(casebook: Book) -> datetime | None:
    """When the book was last as it is in a backup, from the audit trail (``None``: never).

    A backup's own entry is written after its copy is taken, so a book restored from one
    does not hold it; the restore's entry stands for it (everything then in the book is in
    the file it was restored from)."""
    row = casebook.connection.execute(
        "SELECT at FROM audit WHERE action IN (?, ?) ORDER BY id DESC LIMIT 1",
        (ACTION, RESTORED_ACTION),
    ).fetchone()
    return datetime.fromisoformat(row[0]) if row else None


def backup_due(casebook: Book, now: datetime) -> bool:
    """True when there is no backup, or the last is older than the reminder setting."""
    last = last_backup_at(casebook)
    if last is None:
        return True
    return now - last > timedelta(days=casebook.settings.get(BACKUP_REMINDER_DAYS))
