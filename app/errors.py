"""Errors whose message is written for the mediator, never a traceback.

Every failure a user can meet is one of these. Messages must never quote confidential
content (note text, summaries): they may end up on a screen others can see, or in a
terminal's scrollback.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path


class ParleyError(Exception):
    """A failure with a message fit to show the user as it is."""

    #: The command line's exit status (docs/ARCHITECTURE.md, "The command line").
    exit_code = 1


class CannotUnlock(ParleyError):
    """The secret offered does not open this casebook."""

    exit_code = 3


class WrongPassphrase(CannotUnlock):
    def __init__(self, message: str = "That passphrase does not open this casebook.") -> None:
        super().__init__(message)


class WrongRecoveryKey(CannotUnlock):
    def __init__(self, message: str = "That recovery key does not open this casebook.") -> None:
        super().__init__(message)


class CasebookMissing(ParleyError):
    """There is no casebook in the folder given."""


class CasebookExists(ParleyError):
    """Refusing to create a casebook over an existing one."""


class CasebookDamaged(ParleyError):
    """A casebook file is unreadable or has been altered; nothing was changed."""


class NoPermission(ParleyError):
    """The operating system does not let this account read a casebook file or its folder.

    Not damage: the file is most likely intact, and belongs to another user account.
    """

    #: Its own code, so that a script can tell "ask for access" from "restore a backup".
    exit_code = 10

    @classmethod
    def to_read(cls, folder: Path, *files: str) -> NoPermission:
        """The error for ``files`` in ``folder`` (each named for the mediator, e.g. "the key
        file (casebook.key)"); with none, for the folder itself."""
        what = f"{' or '.join(files)} in {folder}" if files else f"the casebook's folder {folder}"
        belongs, them = (
            ("They probably belong", "them") if len(files) > 1 else ("It probably belongs", "it")
        )
        return cls(
            f"Parley is not allowed to read {what} (permission denied). {belongs} to "
            "another user account on this computer: open the casebook from that account, or "
            f"have the permissions changed so that yours may read and write {them}. Nothing "
            "was changed."
        )


class NotACasebook(ParleyError):
    """The file offered is something else (for example an unencrypted SQLite file)."""


class UnsupportedPlatform(ParleyError):
    """The encryption library on this machine is missing or too old to be trusted."""


class CasebookBusy(ParleyError):
    """Another program holds the casebook."""


class WeakPassphrase(ParleyError):
    """A new passphrase was refused by the policy; the message says why."""


class InvalidValue(ParleyError):
    """A value the user gave is not acceptable; ``field`` names it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}" if field else message)
        self.field = field
        self.reason = message


class NotFound(ParleyError):
    """A record the user named does not exist."""


class ImportRejected(ParleyError):
    """An import file was refused; nothing from it was added."""


class ExportFailed(ParleyError):
    """An export could not be written; no partial file was left behind."""
