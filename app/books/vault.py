"""The book's folder: create it, unlock it, change its passphrase.

A book, a mediator's casebook or the office's book, is ``casebook.db`` (SQLCipher, raw
256-bit key), ``casebook.key`` (the key slots) and ``casebook.key.bak`` (its spare copy; see
``key_files``): the same vault, key slots, recovery key, backups, keychain and
locking for both. Its role is kept inside the encrypted database. Nothing here ever
recreates, overwrites or "repairs" a book: every failure leaves the files as they were.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.books import keyfile
from app.books.book import Book
from app.books.casebook import Casebook

# Re-exported: callers think of the casebook's files as part of the vault.
from app.books.files import DB_NAME as DB_NAME
from app.books.files import KEY_BACKUP_NAME as KEY_BACKUP_NAME
from app.books.files import KEY_NAME as KEY_NAME
from app.books.files import casebook_exists as casebook_exists
from app.books.key_files import (
    SPARE_TRIED,
    Found,
    bring_spare_in_step,
    find_key_file,
    write_both_copies,
)
from app.books.key_files import load_key_file as load_key_file
from app.books.key_files import write_key_file as write_key_file
from app.books.keychain import SERVICE, Keychain, KeychainUnavailable, backend_label
from app.books.keyfile import Argon2Params, KeyFile, KeyFileDamaged
from app.books.kinds import AnyBook, WrongKindOfBook
from app.books.office_book import OfficeBook
from app.books.passphrase_policy import passphrase_problem
from app.books.schema import migrate, role_of
from app.errors import (
    CannotUnlock,
    CasebookDamaged,
    CasebookExists,
    ParleyError,
    WeakPassphrase,
    WrongPassphrase,
    WrongRecoveryKey,
)
from app.identity.keys import IdentityStore
from app.registers.settings import KEEPS_REGISTERS
from app.roles import Role
from app.storage.database import (
    Connection,
    database_error_types,
    open_database,
    translate_error,
)


@dataclass(frozen=True)
class CreatedCasebook:
    casebook: Casebook
    recovery_key: str  # formatted for writing down; shown once, never stored

    @property
    def book(self) -> Casebook:
        return self.casebook


@dataclass(frozen=True)
class CreatedOfficeBook:
    book: OfficeBook
    recovery_key: str  # formatted for writing down; shown once, never stored


@dataclass(frozen=True)
class Unlocked:
    """The result of the slow step (key derivation), ready for the fast one (opening)."""

    folder: Path
    data_key: bytes
    casebook_id: str
    warnings: tuple[str, ...] = ()
    #: The intact ``casebook.key`` it came from (None when its spare copy was used): once
    #: the database opens with it, the spare is brought in step.
    key_file: KeyFile | None = None


def create_casebook(
    folder: Path,
    passphrase: str,
    *,
    kdf: Argon2Params | None = None,
    keeps_registers: bool = True,
) -> CreatedCasebook:
    """Make a new casebook in ``folder`` (created if needed), refusing to touch an old one.

    ``keeps_registers``: a sole practitioner's casebook also keeps the registers; in a
    service with an office book, a mediator's does not. ``kdf`` is for tests and the demo;
    normally Argon2id is calibrated to this machine.
    """
    conn, data_key, casebook_id, recovery = _create(folder, passphrase, kdf, Role.MEDIATOR)
    casebook = Casebook(Path(folder), conn, data_key, casebook_id)
    with casebook.transaction():
        casebook.settings.set(KEEPS_REGISTERS, int(keeps_registers))
        casebook.audit.record("casebook created")
    return CreatedCasebook(casebook, keyfile.format_recovery_key(recovery))


def create_office_book(
    folder: Path, passphrase: str, *, kdf: Argon2Params | None = None
) -> CreatedOfficeBook:
    """Make a new office book in ``folder``: the same vault as a casebook, with the office's
    schema, which has no place for anything confidential."""
    conn, data_key, casebook_id, recovery = _create(folder, passphrase, kdf, Role.OFFICE)
    book = OfficeBook(Path(folder), conn, data_key, casebook_id)
    book.audit.record("office book created")
    return CreatedOfficeBook(book, keyfile.format_recovery_key(recovery))


def _create(
    folder: Path, passphrase: str, kdf: Argon2Params | None, role: Role
) -> tuple[Connection, bytes, str, bytes]:
    """The database and key file of a new book of ``role``, its own keys made."""
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
        migrate(conn, db_path, data_key, new=True, role=role)
        IdentityStore(conn).ensure()
        # The key files come last: until they exist, nothing here can be opened.
        write_both_copies(folder, KeyFile(casebook_id, 1, slots))
    except BaseException as exc:
        if conn is not None:
            conn.close()
        # The folder held no casebook when we began, so whatever is there now is ours: an
        # empty schema and nothing else. Left behind, it would block both creating and
        # unlocking, so it goes.
        for name in (DB_NAME, f"{DB_NAME}-wal", f"{DB_NAME}-shm", KEY_BACKUP_NAME, KEY_NAME):
            with contextlib.suppress(OSError):
                (folder / name).unlink()
        if isinstance(exc, OSError):
            raise ParleyError(
                f"The casebook could not be created in {folder} ({exc.strerror or exc}); "
                "nothing was left behind."
            ) from exc
        raise
    return conn, data_key, casebook_id, recovery


def unlock_with_passphrase(folder: Path, passphrase: str) -> Unlocked:
    """Derive and unwrap the data key (the slow part: run it off the interface thread)."""
    return _unlock(Path(folder), lambda keys: data_key_from_passphrase(keys, passphrase))


def unlock_with_recovery_key(folder: Path, recovery_key: str) -> Unlocked:
    return _unlock(Path(folder), lambda keys: data_key_from_recovery_key(keys, recovery_key))


def _unlock(folder: Path, unwrap: Callable[[KeyFile], bytes]) -> Unlocked:
    found = find_key_file(folder)
    try:
        data_key = unwrap(found.keys)
    except CannotUnlock as exc:
        if found.intact:
            raise
        # Said, because the spare may not be the key file the secret was meant for (a
        # change interrupted, or a spare kept by an earlier Parley).
        raise type(exc)(f"{exc} {SPARE_TRIED}") from exc
    return Unlocked(folder, data_key, found.keys.casebook_id, found.warnings, _if(found))


def _if(found: Found) -> KeyFile | None:
    return found.keys if found.intact else None


def data_key_from_passphrase(keys: KeyFile, passphrase: str) -> bytes:
    """Unwrap the data key from a key file's passphrase slot (also used for backups)."""
    slot = keys.slot("passphrase")
    if slot is None:
        raise KeyFileDamaged("The key file has no passphrase slot; use the recovery key.")
    params = keyfile.argon2_params_of(slot)
    data_key = keyfile.unwrap(
        slot, keyfile.derive_from_passphrase(passphrase, params), keys.casebook_id
    )
    if data_key is None:
        raise WrongPassphrase()
    return data_key


def data_key_from_recovery_key(keys: KeyFile, recovery_key: str) -> bytes:
    """Unwrap the data key from a key file's recovery slot (also used for backups)."""
    slot = keys.slot("recovery")
    if slot is None:
        raise KeyFileDamaged("The key file has no recovery slot.")
    raw = keyfile.parse_recovery_key(recovery_key)
    if raw is None:
        raise WrongRecoveryKey()
    wrapping = keyfile.derive_from_recovery_key(raw, keyfile.recovery_salt_of(slot))
    data_key = keyfile.unwrap(slot, wrapping, keys.casebook_id)
    if data_key is None:
        raise WrongRecoveryKey()
    return data_key


# --- the OS keychain (opt-in quick unlock) ------------------------------------------------


def keychain_enabled(folder: Path) -> bool:
    """Whether the key file has a keychain slot (a damaged key file counts as no)."""
    try:
        keys, _ = load_key_file(Path(folder))
    except ParleyError:
        return False
    return keys.slot("keychain") is not None


def unlock_with_keychain(folder: Path, keychain: Keychain | None = None) -> Unlocked:
    """Unwrap the data key with the secret in the OS keychain; reads, never writes.

    Every keychain problem (none trusted, locked, entry missing, stale or garbage, another
    keychain than the one it was set up with) is :class:`KeychainUnavailable`: the caller
    asks for the passphrase, and nothing has changed.
    """
    folder = Path(folder)
    found = find_key_file(folder)
    keys = found.keys
    slot = keys.slot("keychain")
    if slot is None:
        raise KeychainUnavailable("Keychain unlock is not turned on for this casebook.")
    try:
        salt, made_with = keyfile.keychain_params_of(slot)
    except KeyFileDamaged as exc:
        raise KeychainUnavailable(f"{exc} Use the passphrase.") from exc
    chain = keychain or Keychain()
    now = chain.identity()
    if now != made_with:
        raise KeychainUnavailable(
            f"Keychain unlock was set up with {backend_label(made_with)}, but this computer "
            f"now uses {backend_label(now)}. Use the passphrase, then turn keychain unlock "
            "on again."
        )
    secret = chain.load(keys.casebook_id)
    data_key = keyfile.unwrap(
        slot, keyfile.derive_from_keychain_secret(secret, salt), keys.casebook_id
    )
    if data_key is None:
        raise KeychainUnavailable(
            "The keychain's entry for this casebook is out of date (it no longer matches the "
            "key file). Use the passphrase, then turn keychain unlock on again."
        )
    return Unlocked(folder, data_key, keys.casebook_id, found.warnings, _if(found))


def enable_keychain(casebook: Book, keychain: Keychain | None = None) -> str:
    """Add a keychain slot (the caller has unlocked with a secret); returns the keychain's name.

    The secret goes into the keychain first and is read back; only then is the key file
    written (both copies). If anything fails, the entry is taken out again and
    the key file is as it was.
    """
    chain = keychain or Keychain()
    identity = chain.identity()
    keys = _own_key_file(casebook)
    secret = secrets.token_bytes(32)
    chain.store(keys.casebook_id, secret)
    try:
        try:
            kept = chain.load(keys.casebook_id)
        except KeychainUnavailable as exc:
            raise KeychainUnavailable(f"The keychain did not keep the secret ({exc})") from exc
        if kept != secret:
            raise KeychainUnavailable("The keychain did not keep the secret; nothing was changed.")
        slot = keyfile.keychain_slot(casebook.data_key, secret, keys.casebook_id, identity)
        write_key_file(casebook.folder, keys.with_slot(slot))
    except BaseException:
        with contextlib.suppress(ParleyError):
            chain.delete(keys.casebook_id)
        raise
    casebook.audit.record("keychain unlock turned on", detail=backend_label(identity))
    return backend_label(identity)


def disable_keychain(casebook: Book, keychain: Keychain | None = None) -> list[str]:
    """Remove the keychain slot, then the keychain's entry; returns notes for the user.

    The slot goes first: should the keychain refuse to delete its entry, that entry no
    longer opens anything, and the user is told to remove it by hand.
    """
    keys = _own_key_file(casebook)
    if keys.slot("keychain") is not None:
        write_key_file(casebook.folder, keys.without_slot("keychain"))
    notes: list[str] = []
    try:
        (keychain or Keychain()).delete(keys.casebook_id)
    except KeychainUnavailable as exc:
        notes.append(
            f"The keychain entry could not be deleted ({exc}); it no longer opens the "
            f"casebook. Remove the entry '{SERVICE}' from the keychain by hand."
        )
    casebook.audit.record("keychain unlock turned off")
    return notes


def open_book(unlocked: Unlocked) -> AnyBook:
    """Open the database with an unwrapped key (fast), bring its schema up to date and
    return the book its role makes it: a ``Casebook`` or an ``OfficeBook``.

    A book from before identities gets its key pairs now, once.
    """
    return _open(unlocked, None)


def bring_up_to_date(unlocked: Unlocked) -> None:
    """Run the schema steps the book is waiting for, and make its key pairs if it has none,
    on a connection of its own that is then closed: for the worker, after the key is made
    and before ``open_book`` on the GUI thread, which then finds nothing slow to do. A step
    may rebuild the search index (seconds at 10,000 cases). Problems are left for
    ``open_book`` to find and report, as it always has."""
    db_path = unlocked.folder / DB_NAME
    if not db_path.exists():
        return
    left_for_open_book: tuple[type[BaseException], ...] = (ParleyError, *database_error_types())
    try:
        conn = open_database(db_path, unlocked.data_key)
    except left_for_open_book:
        return
    try:
        migrate(conn, db_path, unlocked.data_key)
        IdentityStore(conn).ensure()
    except left_for_open_book:
        pass  # open_book meets it again on the GUI thread, and says what it is
    finally:
        conn.close()


def open_casebook(unlocked: Unlocked) -> Casebook:
    """``open_book`` for a caller that works only with a mediator's casebook: the office's
    book is refused before anything is written to it."""
    book = _open(unlocked, Role.MEDIATOR)
    assert isinstance(book, Casebook)
    return book


def _open(unlocked: Unlocked, wanted: Role | None) -> AnyBook:
    db_path = unlocked.folder / DB_NAME
    if not db_path.exists():
        raise CasebookDamaged(
            f"The key file is there but the database ({DB_NAME}) is missing from "
            f"{unlocked.folder}. Restore it from a backup; nothing was changed."
        )
    conn = open_database(db_path, unlocked.data_key)
    try:
        if wanted is not None and role_of(conn) is not wanted:
            raise WrongKindOfBook(
                f"The book in {unlocked.folder} is {role_of(conn).book_name}, not "
                f"{wanted.book_name}. Nothing was changed."
            )
        role = migrate(conn, db_path, unlocked.data_key)
        IdentityStore(conn).ensure()
        kind = OfficeBook if role is Role.OFFICE else Casebook
        book = kind(unlocked.folder, conn, unlocked.data_key, unlocked.casebook_id)
        book.warnings.extend(unlocked.warnings)
        book.audit.record("unlocked")
    except BaseException as exc:
        conn.close()
        # A locked, read-only or full casebook is reported as such, not as a crash.
        if isinstance(exc, database_error_types()):
            raise damaged_or_translated(exc, db_path) from exc
        raise
    if unlocked.key_file is not None and unlocked.key_file.casebook_id == unlocked.casebook_id:
        bring_spare_in_step(unlocked.folder, unlocked.key_file)
    return book


def damaged_or_translated(exc: BaseException, db_path: Path | None = None) -> ParleyError:
    """The user-facing error for an SQLite error: busy, read-only, full, or else damage."""
    return translate_error(exc, db_path) or CasebookDamaged(
        f"The casebook database is damaged ({exc}). Run 'parley verify' to see where, and "
        "restore from a backup; nothing was changed."
    )


def open_with_passphrase(folder: Path, passphrase: str) -> Casebook:
    return open_casebook(unlock_with_passphrase(folder, passphrase))


def open_with_recovery_key(folder: Path, recovery_key: str) -> Casebook:
    return open_casebook(unlock_with_recovery_key(folder, recovery_key))


def open_book_with_passphrase(folder: Path, passphrase: str) -> AnyBook:
    return open_book(unlock_with_passphrase(folder, passphrase))


def open_book_with_recovery_key(folder: Path, recovery_key: str) -> AnyBook:
    return open_book(unlock_with_recovery_key(folder, recovery_key))


def change_passphrase(
    casebook: Book, new_passphrase: str, *, kdf: Argon2Params | None = None
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
    keys = _own_key_file(casebook)
    slot = keyfile.passphrase_slot(casebook.data_key, new_passphrase, keys.casebook_id, params)
    write_key_file(casebook.folder, keys.with_slot(slot))
    casebook.audit.record("passphrase changed")


def _own_key_file(casebook: Book) -> KeyFile:
    keys, _ = load_key_file(casebook.folder)
    if keys.casebook_id != casebook.casebook_id:
        raise CasebookDamaged("The key file on disk belongs to another casebook; nothing changed.")
    return keys
