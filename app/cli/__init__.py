"""The command line, for administrators and scripts (modelled on keepassxc-cli).

Exit codes: 0 done; 1 failed (one clear line on standard error, never a traceback);
2 usage; 3 cannot unlock (wrong passphrase or recovery key); 8 the key file and its spare
copy are both unusable (from any command); 4 to 9 from ``verify``, one per kind of damage
(see app/books/verify.py); 10 the system refuses to let Parley read a casebook file
(``NoPermission``: another account's file, not damage).

This module is imported on every start of the app, so it loads nothing else until a command
is given: the parser (``parser``), the prompts (``prompts``) and the commands
(``book_commands``, ``case_commands``) load only then.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from app.errors import ParleyError

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_CANNOT_UNLOCK = 0, 1, 2, 3

#: Opens the window: (vault folder or None, smoke_test, self_test) -> exit code. main.py
#: passes it in, so that app/ never imports Qt.
GuiLauncher = Callable[[Path | None, bool, bool], int]


def main(
    argv: list[str],
    *,
    gui: GuiLauncher | None = None,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    out, err = stdout or sys.stdout, stderr or sys.stderr
    window = window_options(argv) if gui is not None else None
    if window is None:
        from app.cli.parser import build_parser

        parser = build_parser()
        try:
            args = parser.parse_args(argv)
        except SystemExit as exc:  # argparse has printed its usage message
            return int(exc.code or 0)
        if args.command is None and gui is None:
            parser.print_usage(err)
            return EXIT_USAGE
    try:
        if window is None and args.command is not None:
            # Made only for a command: reading a terminal loads getpass and termios, which
            # opening the window never needs.
            from app.cli.prompts import Secrets
            from app.cli.run import run_command

            return run_command(args, Secrets(stdin or sys.stdin), out)
        assert gui is not None  # without a launcher, no command was a usage error above
        opened = window or args
        return gui(opened.vault, opened.smoke_test, opened.self_test)
    except ParleyError as exc:
        print(f"parley: {exc}", file=err)
        return exc.exit_code
    except _database_errors() as exc:
        from app.books.vault import damaged_or_translated

        translated = damaged_or_translated(exc)
        print(f"parley: {translated}", file=err)
        return translated.exit_code
    except KeyboardInterrupt:
        print("parley: interrupted; nothing further was changed.", file=err)
        return EXIT_FAILED
    except Exception as exc:  # the last line of defence: a sentence, never a traceback
        print(f"parley: unexpected error ({type(exc).__name__}); please report it.", file=err)
        return EXIT_FAILED


_WINDOW_FLAGS = {"--smoke-test": "smoke_test", "--self-test": "self_test"}


def window_options(argv: list[str]) -> argparse.Namespace | None:
    """The options of a plain start of the app, or None if ``argv`` asks for anything else.

    Opening the window is by far the commonest use. Building the parser of every command,
    and even argparse's look-ups of translated messages for a small one, cost several
    milliseconds of a start-up that is measured against a bare window; three options are
    read here instead. Anything else (a command, --help, --vault without a folder, a typo)
    goes to the full parser, which also gives the error message. A test pins the two
    readings together.
    """
    vault: str | None = None
    flags: set[str] = set()
    rest = iter(argv)
    for arg in rest:
        if arg in _WINDOW_FLAGS:
            flags.add(_WINDOW_FLAGS[arg])
        elif arg == "--vault":
            vault = next(rest, None)
            if vault is None or vault.startswith("-"):
                return None
        elif arg.startswith("--vault=") and len(arg) > len("--vault="):
            vault = arg.removeprefix("--vault=")
        else:
            return None
    return argparse.Namespace(
        vault=Path(vault) if vault is not None else None,
        smoke_test="smoke_test" in flags,
        self_test="self_test" in flags,
    )


def _database_errors() -> tuple[type[BaseException], ...]:
    from app.storage.database import database_error_types

    try:
        return database_error_types()
    except ParleyError:  # no encryption library: nothing of its can be raised either
        return ()
