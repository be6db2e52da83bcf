"""Run a parsed command: find the book, unlock it where the command needs it, dispatch.

Each command module lists its commands in two tables: those that work on the folder (they
create, restore or unlock it themselves) and those that need the book open.
"""

from __future__ import annotations

import argparse
from typing import TextIO

from app.cli import book_commands, case_commands, exchange_commands, stats_commands
from app.cli.options import BookCommand, FolderCommand
from app.cli.prompts import Secrets
from app.cli.session import book_folder, opened, require_book

_ON_FOLDER: dict[str, FolderCommand] = {
    **book_commands.ON_FOLDER,
    **case_commands.ON_FOLDER,
    **exchange_commands.ON_FOLDER,
    **stats_commands.ON_FOLDER,
}
_ON_BOOK: dict[str, BookCommand] = {
    **book_commands.ON_BOOK,
    **case_commands.ON_BOOK,
    **exchange_commands.ON_BOOK,
    **stats_commands.ON_BOOK,
}


def run_command(args: argparse.Namespace, secrets: Secrets, out: TextIO) -> int:
    folder = book_folder(args)
    on_folder = _ON_FOLDER.get(args.command)
    if on_folder is not None:
        return on_folder(args, folder, secrets, out)
    on_book = _ON_BOOK[args.command]
    require_book(folder)
    with opened(folder, secrets, out, args.keychain) as casebook:
        return on_book(args, casebook, out)
