"""The casebook folder: create it, unlock it, change its passphrase.

A casebook is ``casebook.db`` (SQLCipher, raw 256-bit key), ``casebook.key`` (the key slots)
and ``casebook.key.bak`` (the previous generation of the key file). Nothing here ever
recreates, overwrites or "repairs" a casebook: every failure leaves the files as they were.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path

from app import keyfile
from app.atomic import atomic_write_bytes
from app.casebook import Casebook
from app.errors import (
    CasebookDamaged,
    CasebookExists,
    CasebookMissing,
    ParleyError,
    WeakPassphrase,
    WrongPassphrase,
    WrongRecoveryKey,
)
from app.keyfile import Argon2Params, KeyFile, KeyFileDamaged
from app.passphrase_policy import passphrase_problem
from app.storage.database import open_database
from app.storage.schema import migrate

DB_NAME = "casebook.db"
KEY_NAME = "casebook.key"
KEY_BACKUP_NAME = "casebook.key.bak"


@dataclass(frozen=True)
class CreatedCasebook:
    casebook: Casebook
    recovery_key: str  # formatted for writing down; shown once, never stored


@dataclass(frozen=True)
class Unlocked:
    """The result of the slow step (key derivation), ready for the fast one (opening)."""

    folder: Path
    data_key: bytes
    casebook_id: str
    warnings: tuple[str, ...] = ()


def casebook_exists(folder: Path) -> bool:
    folder = Path(folder)
    return any((folder / name).exists() for name in (DB_NAME, KEY_NAME, KEY_BACKUP_NAME))


def create_casebook(
    folder: Path, passphrase: str, *, kdf: Argon2Params | None = None
) -> CreatedCasebook:
    """Make a new casebook in ``folder`` (created if needed), refusing to touch an old one.

    ``kdf`` is for tests and the demo; normally Argon2id is calibrated to this machine.
    """
    folder = Path(folder)
    if casebook_exists(folder):
        raise CasebookExists(
            f"There is already a casebook in {folder}; Parley will not overwrite it."
        )
    problem = passphrase_problem(passphrase)
    if problem:
        raise WeakPassphrase(problem)
    params = kdf or keyfile.calibrate_argon2()
    params.check_strength()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)

    data_key = keyfile.new_data_key()
    casebook_id = keyfile.new_casebook_id()
    recovery = keyfile.new_recovery_key()
    slots = (
        keyfile.passphrase_slot(data_key, passphrase, casebook_id, params),
        keyfile.recovery_slot(data_key, recovery, casebook_id),
    )
    db_path = folder / DB_NAME
    conn = None
    try:
        conn = open_database(db_path, data_key, create=True)
        with contextlib.suppress(OSError):
            os.chmod(db_path, 0o600)
        migrate(conn, db_path, data_key, new=True)
        # The key file comes last: until it exists, nothing here can be opened.
        atomic_write_bytes(folder / KEY_NAME, KeyFile(casebook_id, 1, slots).to_bytes())
    except BaseException as exc:
        if conn is not None:
            conn.close()
        # The folder held no casebook when we began, so whatever is there now is ours: an
        # empty schema and nothing else. Left behind, it would block both creating and
        # unlocking, so it goes.
        for name in (DB_NAME, f"{DB_NAME}-wal", f"{DB_NAME}-shm", KEY_NAME):
            with contextlib.suppress(OSError):
                (folder / name).unlink()
        if isinstance(exc, OSError):
            raise ParleyError(
                f"The casebook could not be created in {folder} ({exc.strerror or exc}); "
                "nothing was left behind."
            ) from exc
        raise
    casebook = Casebook(folder, conn, data_key, casebook_id)
    casebook.audit.record("casebook created")
    return CreatedCasebook(casebook, keyfile.format_recovery_key(recovery))


def unlock_with_passphrase(folder: Path, passphrase: str) -> Unlocked:
    """Derive and unwrap the data key (the slow part: run it off the interface thread)."""
    keys, warnings = _load_key_file(Path(folder))
    slot = keys.slot("passphrase")
    if slot is None:
        raise CasebookDamaged("The key file has no passphrase slot; use the recovery key.")
    params = keyfile.argon2_params_of(slot)
    data_key = keyfile.unwrap(
        slot, keyfile.derive_from_passphrase(passphrase, params), keys.casebook_id
    )
    if data_key is None:
        raise WrongPassphrase()
    return Unlocked(Path(folder), data_key, keys.casebook_id, warnings)


def unlock_with_recovery_key(folder: Path, recovery_key: str) -> Unlocked:
    keys, warnings = _load_key_file(Path(folder))
    slot = keys.slot("recovery")
    if slot is None:
        raise CasebookDamaged("The key file has no recovery slot.")
    raw = keyfile.parse_recovery_key(recovery_key)
    if raw is None:
        raise WrongRecoveryKey()
    wrapping = keyfile.derive_from_recovery_key(raw, keyfile.recovery_salt_of(slot))
    data_key = keyfile.unwrap(slot, wrapping, keys.casebook_id)
    if data_key is None:
        raise WrongRecoveryKey()
    return Unlocked(Path(folder), data_key, keys.casebook_id, warnings)


def open_casebook(unlocked: Unlocked) -> Casebook:
    """Open the database with an unwrapped key (fast) and bring its schema up to date."""
    db_path = unlocked.folder / DB_NAME
    if not db_path.exists():
        raise CasebookDamaged(
            f"The key file is there but the database ({DB_NAME}) is missing from "
            f"{unlocked.folder}. Restore it from a backup; nothing was changed."
        )
    conn = open_database(db_path, unlocked.data_key)
    try:
        migrate(conn, db_path, unlocked.data_key)
    except BaseException:
        conn.close()
        raise
    casebook = Casebook(unlocked.folder, conn, unlocked.data_key, unlocked.casebook_id)
    casebook.warnings.extend(unlocked.warnings)
    casebook.audit.record("unlocked")
    return casebook


def open_with_passphrase(folder: Path, passphrase: str) -> Casebook:
    return open_casebook(unlock_with_passphrase(folder, passphrase))


def open_with_recovery_key(folder: Path, recovery_key: str) -> Casebook:
    return open_casebook(unlock_with_recovery_key(folder, recovery_key))


def change_passphrase(
    casebook: Casebook, new_passphrase: str, *, kdf: Argon2Params | None = None
) -> None:
    """Re-wrap the data key under a new passphrase. The data is not re-encrypted.

    The previous key file is kept as ``casebook.key.bak`` first, then the new one replaces
    ``casebook.key`` atomically: at every moment the old or the new passphrase opens it.
    The caller proves the old passphrase (or the recovery key) by having unlocked it.
    """
    problem = passphrase_problem(new_passphrase)
    if problem:
        raise WeakPassphrase(problem)
    params = kdf or keyfile.calibrate_argon2()
    params.check_strength()
    folder = casebook.folder
    keys, _ = _load_key_file(folder)
    if keys.casebook_id != casebook.casebook_id:
        raise CasebookDamaged("The key file on disk belongs to another casebook; nothing changed.")
    slot = keyfile.passphrase_slot(casebook.data_key, new_passphrase, keys.casebook_id, params)
    write_key_file(folder, keys.with_slot(slot))
    casebook.audit.record("passphrase changed")


def write_key_file(folder: Path, keys: KeyFile) -> None:
    """Keep the current generation as the backup, then replace the current one."""
    current = folder / KEY_NAME
    if current.exists():
        atomic_write_bytes(folder / KEY_BACKUP_NAME, current.read_bytes())
    atomic_write_bytes(current, keys.to_bytes())


def _load_key_file(folder: Path) -> tuple[KeyFile, tuple[str, ...]]:
    """The key file, or its previous generation when the current one is damaged."""
    current, backup = folder / KEY_NAME, folder / KEY_BACKUP_NAME
    if not folder.is_dir() or not (
        current.exists() or backup.exists() or (folder / DB_NAME).exists()
    ):
        raise CasebookMissing(f"There is no casebook in {folder}.")
    first_error: KeyFileDamaged | None = None
    if current.exists():
        try:
            return keyfile.parse_key_file(_read(current)), ()
        except KeyFileDamaged as exc:
            first_error = exc
    if backup.exists():
        try:
            keys = keyfile.parse_key_file(_read(backup))
        except KeyFileDamaged:
            pass
        else:
            note = (
                f"The key file ({KEY_NAME}) is damaged or missing, so its previous generation "
                f"({KEY_BACKUP_NAME}) was used. Nothing was changed; make a backup soon."
            )
            return keys, (note,)
    if first_error is not None:
        raise first_error
    raise CasebookDamaged(
        f"The key file ({KEY_NAME}) is missing from {folder}; without it the casebook "
        "cannot be opened. Restore it from a backup; nothing was changed."
    )


def _read(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(keyfile.MAX_KEY_FILE_BYTES + 1)
    except OSError as exc:
        raise KeyFileDamaged(f"The key file cannot be read ({exc.strerror}).") from exc
