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
from app.errors import CasebookMissing, ParleyError
from app.storage.atomic import atomic_write_bytes

CURRENT = f"The key file ({KEY_NAME})"
SPARE = f"The key file's spare copy ({KEY_BACKUP_NAME})"
SPARE_TRIED = f"{CURRENT} is damaged or missing, so its spare copy ({KEY_BACKUP_NAME}) was tried."


class Found(NamedTuple):
    keys: KeyFile
    warnings: tuple[str, ...]
    #: It is ``casebook.key`` itself, intact (not its spare copy).
    intact: bool


def load_key_file(folder: Path) -> tuple[KeyFile, tuple[str, ...]]:
    """The key file and any warnings for the user (e.g. its spare copy was used)."""
    found = find_key_file(folder)
    return found.keys, found.warnings


def find_key_file(folder: Path) -> Found:
    """The key file to use, warnings for the user, and whether it is ``casebook.key``.

    When ``casebook.key`` is damaged or missing, its spare copy is used and the warning
    says so; when neither can be used, :class:`KeyFileDamaged` says why for both.
    """
    folder = Path(folder)
    current, spare = folder / KEY_NAME, folder / KEY_BACKUP_NAME
    if not folder.is_dir() or not (
        current.exists() or spare.exists() or (folder / DB_NAME).exists()
    ):
        raise CasebookMissing(f"There is no casebook in {folder}.")
    first_error: KeyFileDamaged | None = None
    if current.exists():
        try:
            return Found(keyfile.parse_key_file(_read(current), CURRENT), (), intact=True)
        except KeyFileDamaged as exc:
            first_error = exc
    if spare.exists():
        try:
            keys = keyfile.parse_key_file(_read(spare), SPARE)
        except KeyFileDamaged as exc:
            spare_state = f"{exc}"
        else:
            what = "damaged" if first_error is not None else "missing"
            note = (
                f"{CURRENT} is {what}, so its spare copy ({KEY_BACKUP_NAME}) was used. "
                "Nothing was changed; make a backup soon."
            )
            return Found(keys, (note,), intact=False)
    else:
        spare_state = f"{SPARE} is missing."
    current_state = f"{first_error}" if first_error else f"{CURRENT} is missing from {folder}."
    raise KeyFileDamaged(
        f"{current_state} {spare_state} Restore the casebook from a backup; nothing was changed."
    )


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
    try:
        if keys.checked and _read(folder / KEY_BACKUP_NAME) == data:
            return
    except KeyFileDamaged:  # missing or unreadable: written below
        pass
    with contextlib.suppress(ParleyError):
        write_key_file(folder, keys)


def _read(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(keyfile.MAX_KEY_FILE_BYTES + 1)
    except OSError as exc:
        raise KeyFileDamaged(f"The key file cannot be read ({exc.strerror}).") from exc
