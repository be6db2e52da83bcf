"""The command line's parser: the global options, and each command's own from its module."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli import book_commands, case_commands, exchange_commands, stats_commands
from app.cli.options import Commands


class _VersionAction(argparse.Action):
    """``--version``: the version is looked up only when asked for (it costs start-up time)."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, help="show the version and exit")

    def __call__(self, parser: argparse.ArgumentParser, *args: object, **kwargs: object) -> None:
        from app import __version__

        parser.exit(message=f"Parley {__version__}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="parley",
        description="Parley: an encrypted casebook for medical mediators. "
        "With no command, opens the app.",
    )
    parser.add_argument("--version", action=_VersionAction)
    parser.add_argument("--vault", type=Path, metavar="DIR", help="the casebook folder")
    parser.add_argument(
        "--smoke-test", action="store_true", help="start the app to its first window and exit"
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="create a throwaway casebook, export a PDF from it, and exit",
    )
    commands = Commands(parser)
    book_commands.add_to(commands)
    case_commands.add_to(commands)
    exchange_commands.add_to(commands)
    stats_commands.add_to(commands)
    return parser
