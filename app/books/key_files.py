"""The key file on disk and its spare copy: reading one that may be damaged, writing both.

``casebook.key`` decides. ``casebook.key.bak`` is a spare copy of it, there for when the key
file is damaged (its check, see ``keyfile``, tells damage from a wrong passphrase). The
spare is written *first* and with the same content, so that:

- a crash at any moment leaves an intact ``casebook.key``, old or new (each write is
  atomic), and the old or the new secret opens the casebook;
- once a change is done, no file Parley keeps opens with a secret that was retired: after a
  passphrase change the old passphrase opens neither copy, and after keychain unlock is
  turned off neither copy has a keychain slot. (Parley used to keep the *previous*
  generation as the spare, old passphrase included; opening such a casebook brings the
  spare in step.)

The spare is consulted only when ``casebook.key`` cannot be used: never because a secret
failed on an intact key file.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import NamedTuple

from app.books import keyfile
from app.books.files import DB_NAME, KEY_BACKUP_NAME, KEY_NAME
from app.books.keyfile import KeyFile, KeyFileDamaged
from app.errors import CasebookMissing, NoPermission, ParleyError
from app.storage.atomic import atomic_write_bytes

CURRENT = f"the key file ({KEY_NAME})"
SPARE = f"the key file's spare copy ({KEY_BACKUP_NAME})"
SPARE_TRIED = (
    f"The key file ({KEY_NAME}) could not be used, so its spare copy ({KEY_BACKUP_NAME}) was tried."
)


class Found(NamedTuple):
    keys: KeyFile
    warnings: tuple[str, ...]
    #: It is ``casebook.key`` itself, intact (not its spare copy).
    intact: bool


class _Missing(KeyFileDamaged):
    """No such file (told apart only to word the note about the spare)."""


def load_key_file(folder: Path) -> tuple[KeyFile, tuple[str, ...]]:
    """The key file and any warnings for the user (e.g. its spare copy was used)."""
    found = find_key_file(folder)
    return found.keys, found.warnings


def find_key_file(folder: Path) -> Found:
    """The key file to use, warnings for the user, and whether it is ``casebook.key``.

    When ``casebook.key`` cannot be used (damaged, missing, or this account may not read
    it), its spare copy is used and the warning says why; when neither can be used, the
    error says why for both: :class:`NoPermission` where the system refused to let Parley
    read one, else :class:`KeyFileDamaged`.
    """
    folder = Path(folder)
    current, spare = folder / KEY_NAME, folder / KEY_BACKUP_NAME
    try:
        present = folder.is_dir() and any(p.exists() for p in (current, spare, folder / DB_NAME))
    except PermissionError as exc:
        raise NoPermission.to_read(folder) from exc
    if not present:
        raise CasebookMissing(f"There is no casebook in {folder}.")
    try:
        return Found(_parse(current, CURRENT), (), intact=True)
    except (KeyFileDamaged, NoPermission) as exc:
        first = exc
    try:
        keys = _parse(spare, SPARE)
    except (KeyFileDamaged, NoPermission) as exc:
        raise _neither(folder, first, exc) from exc
    note = (
        f"{_why(first)}, so its spare copy ({KEY_BACKUP_NAME}) was used. Nothing was "
        "changed; make a backup soon."
    )
    return Found(keys, (note,), intact=False)


def _why(problem: ParleyError) -> str:
    if isinstance(problem, NoPermission):
        return f"Parley is not allowed to read {CURRENT} (permission denied)"
    return f"{_cap(CURRENT)} is {'missing' if isinstance(problem, _Missing) else 'damaged'}"


def _neither(folder: Path, first: ParleyError, second: ParleyError) -> ParleyError:
    """The error when neither copy can be used: a refusal to read decides the kind."""
    if isinstance(first, NoPermission) and isinstance(second, NoPermission):
        return NoPermission.to_read(folder, CURRENT, f"its spare copy ({KEY_BACKUP_NAME})")
    if isinstance(first, NoPermission) or isinstance(second, NoPermission):
        return NoPermission(f"{first} {second}")
    return KeyFileDamaged(
        f"{first} {second} Restore the casebook from a backup; nothing was changed."
    )


def _parse(path: Path, what: str) -> KeyFile:
    try:
        present = path.exists()
    except PermissionError as exc:
        raise NoPermission.to_read(path.parent) from exc
    if not present:
        raise _Missing(f"{_cap(what)} is missing from {path.parent}.")
    return keyfile.parse_key_file(_read(path, what), _cap(what))


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def write_both_copies(folder: Path, keys: KeyFile) -> None:
    """Write ``keys`` as the spare copy, then as the key file (each atomically)."""
    data = keys.to_bytes()
    atomic_write_bytes(folder / KEY_BACKUP_NAME, data)
    atomic_write_bytes(folder / KEY_NAME, data)


def write_key_file(folder: Path, keys: KeyFile) -> None:
    """Write both copies of the key file of an existing casebook; failures in words."""
    try:
        write_both_copies(folder, keys)
    except OSError as exc:
        raise ParleyError(
            f"The key file could not be written in {folder} ({exc.strerror or exc}); the "
            "casebook opens as before."
        ) from exc


def bring_spare_in_step(folder: Path, keys: KeyFile) -> None:
    """After ``keys`` (the intact key file) has opened the database: make the spare its copy.

    This also gives a key file written before checks existed its check, and retires an
    older generation that Parley used to keep as the spare. Nothing is written when both
    are already as they should be. A failure to write changes nothing and is not an error:
    the casebook is open, and the next opening tries again.
    """
    data = keys.to_bytes()
    spare = folder / KEY_BACKUP_NAME
    try:
        if keys.checked and spare.exists() and _read(spare, SPARE) == data:
            return
    except (NoPermission, PermissionError):
        return  # another account's file, most likely: not Parley's to replace unread
    except KeyFileDamaged:  # unreadable for another reason: replaced below
        pass
    with contextlib.suppress(ParleyError):
        write_key_file(folder, keys)


def _read(path: Path, what: str) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(keyfile.MAX_KEY_FILE_BYTES + 1)
    except PermissionError as exc:
        raise NoPermission.to_read(path.parent, what) from exc
    except OSError as exc:
        raise KeyFileDamaged(f"{_cap(what)} cannot be read ({exc.strerror}).") from exc
