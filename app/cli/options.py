"""What every command module shares: how it adds its sub-commands, and the two shapes a
command's function takes."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from app.cli.prompts import Secrets

if TYPE_CHECKING:
    from app.books.kinds import AnyBook

#: A command that works on the book's folder: it creates, restores or unlocks it itself.
FolderCommand = Callable[[argparse.Namespace, Path, Secrets, TextIO], int]
#: A command that needs the book open (``app.cli.run`` unlocks it first): a casebook or the
#: office's book; a command that works with only one refuses the other in one line.
BookCommand = Callable[[argparse.Namespace, "AnyBook", TextIO], int]


class Commands:
    """Adds sub-commands to the parser; each command module calls it for its own."""

    def __init__(self, parser: argparse.ArgumentParser) -> None:
        self._commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def add(self, name: str, text: str, *, keychain: bool = False) -> argparse.ArgumentParser:
        """A command; with ``keychain``, it may unlock with this computer's keychain."""
        sub = self._commands.add_parser(name, help=text, description=text)
        # Accepted after the command too ("parley verify --vault DIR"), as scripts write it.
        sub.add_argument("--vault", type=Path, metavar="DIR", default=argparse.SUPPRESS)
        if keychain:
            sub.add_argument(
                "--keychain",
                action="store_true",
                help="unlock with this computer's keychain if turned on (else asks the passphrase)",
            )
        return sub
