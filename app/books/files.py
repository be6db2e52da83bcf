"""The files a casebook folder is made of, and whether a folder holds one.

Kept apart from ``app.books.vault`` so that the first window can ask "is there a casebook here?"
without loading the cryptography and database libraries it does not yet need.
"""

from __future__ import annotations

from pathlib import Path

DB_NAME = "casebook.db"
KEY_NAME = "casebook.key"
KEY_BACKUP_NAME = "casebook.key.bak"


def casebook_exists(folder: Path) -> bool:
    """True when any casebook file is in ``folder`` (then Parley will never create one there).

    Also true when the system will not let Parley look: what may be there must never be
    created over, and opening it says why it cannot be read.
    """
    folder = Path(folder)
    try:
        return any((folder / name).exists() for name in (DB_NAME, KEY_NAME, KEY_BACKUP_NAME))
    except PermissionError:
        return True
