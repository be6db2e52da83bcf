"""Changing the ways into an open book: a new passphrase, a new recovery key.

Both are asked for from inside an unlocked book, where whoever sits at the laptop could be
anyone: each first proves the current passphrase against the key file (Argon2id, the slow
part), so they run on a worker with a connection of their own (``app.books.apart``).

Both rewrite the key file as a passphrase change always has (``key_files``: the spare copy,
then ``casebook.key``, each atomically), so a crash at any moment leaves the old or the new
secret working, and once done the retired secret opens neither copy. The data key never
changes, so nothing is re-encrypted; the keychain's slot wraps the data key under a random
secret of its own, not the passphrase, so keychain unlock, where it is on, keeps working
and nothing in the keychain changes.

A new recovery key is made in two steps, so that the mediator never ends up with a
recovery key they have not seen: ``prepare_recovery_key`` proves the passphrase and makes
the key and its slot without writing anything; ``put_recovery_key_in_place`` writes it, once
the key has been shown and written down. Until then the old recovery key still works, and
if the book locks in between (or Parley stops), nothing has changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app.books import keyfile
from app.books.apart import Apart, open_apart
from app.books.book import Book
from app.books.key_files import load_key_file, write_key_file
from app.books.keyfile import Argon2Params, KeyFile, Slot
from app.books.kinds import AnyBook
from app.books.passphrase_policy import passphrase_problem
from app.books.vault import change_passphrase, data_key_from_passphrase
from app.errors import CasebookDamaged, WeakPassphrase

RECOVERY_KEY_REPLACED = "recovery key replaced"


@dataclass(frozen=True)
class NewRecoveryKey:
    """A recovery key made but not yet in use. Never stored, never logged, never printed
    by ``repr``: the formatted key is shown once and the object is then let go."""

    shown: str = field(repr=False)  # eight groups of four, for writing down
    slot: Slot = field(repr=False)
    casebook_id: str


def change_passphrase_apart(
    taken: Apart, current: str, new: str, *, kdf: Argon2Params | None = None
) -> None:
    """Prove ``current``, then re-wrap the data key under ``new``; on a worker thread.

    A weak ``new`` is refused before any key is derived (:class:`WeakPassphrase`), a wrong
    ``current`` after (:class:`WrongPassphrase`); either way nothing is written.
    """
    problem = passphrase_problem(new)
    if problem:
        raise WeakPassphrase(problem)
    _prove(taken, current)
    with open_apart(taken) as book:
        change_passphrase(book, new, kdf=kdf)


def prepare_recovery_key(taken: Apart, passphrase: str) -> NewRecoveryKey:
    """Prove ``passphrase`` and make a new random recovery key and its slot; writes nothing.

    The slow part (Argon2id): run it on a worker thread.
    """
    keys = _prove(taken, passphrase)
    return _new_recovery_key(taken.data_key, keys.casebook_id)


def _new_recovery_key(data_key: bytes, casebook_id: str) -> NewRecoveryKey:
    raw = keyfile.new_recovery_key()
    slot = keyfile.recovery_slot(data_key, raw, casebook_id)
    return NewRecoveryKey(keyfile.format_recovery_key(raw), slot, casebook_id)


def put_recovery_key_in_place(book: Book, new: NewRecoveryKey) -> None:
    """Make ``new`` the book's recovery key: the old one opens neither copy of the key file
    afterwards. The key file is read again first, so a change made meanwhile (keychain
    unlock turned on or off) is kept. Recorded in the audit trail, without the key."""
    keys, _ = load_key_file(book.folder)
    if keys.casebook_id != book.casebook_id or new.casebook_id != book.casebook_id:
        raise CasebookDamaged("The key file on disk belongs to another book; nothing changed.")
    write_key_file(book.folder, keys.with_slot(new.slot))
    book.audit.record(RECOVERY_KEY_REPLACED)


def put_recovery_key_in_place_apart(taken: Apart, new: NewRecoveryKey) -> None:
    """``put_recovery_key_in_place`` on a connection of its own, for a worker thread."""
    with open_apart(taken) as book:
        put_recovery_key_in_place(book, new)


def replace_recovery_key(book: AnyBook) -> str:
    """Make a new recovery key and put it in place at once, for the command line, which
    prints it straight after; returns it formatted for writing down. The caller proves the
    passphrase by having unlocked ``book`` with it (as for ``vault.change_passphrase``)."""
    new = _new_recovery_key(book.data_key, book.casebook_id)
    put_recovery_key_in_place(book, new)
    return new.shown


def _prove(taken: Apart, passphrase: str) -> KeyFile:
    """The book's key file, once ``passphrase`` has been shown to open it (else
    :class:`WrongPassphrase`)."""
    keys, _ = load_key_file(taken.folder)
    if keys.casebook_id != taken.casebook_id:
        raise CasebookDamaged("The key file on disk belongs to another book; nothing changed.")
    if data_key_from_passphrase(keys, passphrase) != taken.data_key:
        raise CasebookDamaged("The key file on disk belongs to another book; nothing changed.")
    return keys
