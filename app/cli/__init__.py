"""The command line, for administrators and scripts (modelled on keepassxc-cli).

Exit codes: 0 done; 1 failed (one clear line on standard error, never a traceback);
2 usage; 3 cannot unlock (wrong passphrase or recovery key); 4 to 9 from ``verify``, one
per kind of damage (see app/books/verify.py).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from app.errors import ParleyError

if TYPE_CHECKING:
    from app.books.casebook import Casebook
    from app.books.vault import Unlocked

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_CANNOT_UNLOCK = 0, 1, 2, 3

#: Opens the window: (vault folder or None, smoke_test, self_test) -> exit code. main.py
#: passes it in, so that app/ never imports Qt.
GuiLauncher = Callable[[Path | None, bool, bool], int]


class Secrets:
    """Passphrases from the terminal (hidden), or one per line from a pipe."""

    def __init__(self, stdin: TextIO, ask: Callable[[str], str] | None = None) -> None:
        if ask is None:
            import getpass  # only the command line ever asks at a terminal

            ask = getpass.getpass
        self._stdin = stdin
        self._ask = ask
        self.interactive = stdin.isatty()

    def read(self, prompt: str) -> str:
        if self.interactive:
            return self._ask(prompt)
        line = self._stdin.readline()
        if not line:
            raise ParleyError(f"Expected a line on standard input for: {prompt.rstrip(': ')}.")
        return line.rstrip("\r\n")

    def confirm(self, prompt: str, out: TextIO) -> bool:
        """A yes from the person at the terminal (never asked on a pipe)."""
        print(prompt, end="", file=out, flush=True)
        return self._stdin.readline().strip().lower() in ("y", "yes")

    def read_new(self, prompt: str) -> str:
        """A new secret: typed twice at a terminal, once from a pipe."""
        first = self.read(prompt)
        if self.interactive and self.read("Type it again: ") != first:
            raise ParleyError("The two passphrases differ; nothing was changed.")
        return first


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
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=text, description=text)
        # Accepted after the command too ("parley verify --vault DIR"), as scripts write it.
        sub.add_argument("--vault", type=Path, metavar="DIR", default=argparse.SUPPRESS)
        return sub

    command("init", "create a casebook; prints the recovery key once")
    imp = command("import", "add cases from an interchange file (all or nothing)")
    imp.add_argument("file", type=Path, metavar="FILE.json")
    exp = command("export-agreement", "write the agreed-terms PDF of one case")
    exp.add_argument("reference", metavar="REF")
    exp.add_argument("--out", type=Path, required=True, metavar="FILE.pdf")

    def quick(sub: argparse.ArgumentParser) -> argparse.ArgumentParser:
        sub.add_argument(
            "--keychain",
            action="store_true",
            help="unlock with this computer's keychain if turned on (else asks the passphrase)",
        )
        return sub

    quick(imp)
    quick(exp)
    check = quick(
        command("verify", "check encryption, database structure, search index and audit trail")
    )
    check.add_argument(
        "--rebuild-search",
        action="store_true",
        help="first build the search index again from the records (mends exit code 7)",
    )
    backup = quick(command("backup", "write one encrypted backup file of the casebook"))
    backup.add_argument("--out", type=Path, required=True, metavar="FILE")
    restore = command("restore", "restore a backup into a new folder, checked before use")
    restore.add_argument("file", type=Path, metavar="FILE")
    restore.add_argument("--to", type=Path, metavar="DIR", help="the folder (default: --vault)")
    restore.add_argument(
        "--replace", action="store_true", help="set aside a casebook already there, then restore"
    )
    restore.add_argument("--yes", action="store_true", help="confirm --replace without asking")
    restore.add_argument(
        "--with-recovery-key", action="store_true", help="open the backup with the recovery key"
    )
    chain = quick(command("keychain", "unlock with this computer's keychain: enable, disable"))
    chain.add_argument("action", choices=("enable", "disable", "status"))
    change = command("change-passphrase", "re-wrap the data key under a new passphrase")
    change.add_argument(
        "--with-recovery-key",
        action="store_true",
        help="prove it is you with the recovery key instead of the old passphrase",
    )
    command("demo", "make a casebook of fictional cases in a folder of its own")
    return parser


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
            return _run(args, Secrets(stdin or sys.stdin), out)
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


def _run(args: argparse.Namespace, secrets: Secrets, out: TextIO) -> int:
    from app import paths
    from app.books import vault

    folder: Path = args.vault or (
        paths.default_demo_folder() if args.command == "demo" else paths.default_vault_folder()
    )
    if args.command == "init":
        return _init(folder, secrets, out)
    if args.command == "demo":
        return _demo(folder, out)
    if args.command == "change-passphrase":
        return _change_passphrase(folder, secrets, out, args.with_recovery_key)
    if args.command == "restore":
        return _restore(args, args.to or folder, secrets, out)

    if not vault.casebook_exists(folder):
        raise ParleyError(f"There is no casebook in {folder}; create one with 'parley init'.")
    if args.command == "verify":
        return _verify(folder, secrets, out, args.keychain, args.rebuild_search)
    if args.command == "keychain" and args.action == "status":
        return _keychain_status(folder, out)
    with vault.open_casebook(_unlock(folder, secrets, out, args.keychain)) as casebook:
        _show_warnings(casebook, out)
        if args.command == "import":
            return _import(casebook, args.file, out)
        if args.command == "export-agreement":
            return _export(casebook, args.reference, args.out, out)
        if args.command == "backup":
            return _backup(casebook, args.out, out)
        if args.command == "keychain":
            return _keychain(casebook, args.action, out)
    raise AssertionError(f"unhandled command {args.command}")


def _unlock(folder: Path, secrets: Secrets, out: TextIO, use_keychain: bool) -> Unlocked:
    """The keychain when asked for and turned on; on any keychain failure, the passphrase."""
    from app.books import keychain, vault

    if use_keychain and vault.keychain_enabled(folder):
        try:
            return vault.unlock_with_keychain(folder, keychain.default_keychain())
        except keychain.KeychainUnavailable as exc:
            print(f"Note: {exc} Asking for the passphrase instead.", file=out)
    return vault.unlock_with_passphrase(folder, secrets.read("Passphrase: "))


def _init(folder: Path, secrets: Secrets, out: TextIO) -> int:
    from app.books import vault

    if vault.casebook_exists(folder):
        raise ParleyError(f"There is already a casebook in {folder}; Parley will not replace it.")
    passphrase = secrets.read_new("New passphrase: ")
    print("Preparing encryption for this computer (about a second)…", file=out, flush=True)
    created = vault.create_casebook(folder, passphrase)
    created.casebook.close()
    print(f"Created a casebook in {folder}.", file=out)
    print(
        "\nRecovery key (shown once, never again):\n\n"
        f"    {created.recovery_key}\n\n"
        "Write it down and keep it somewhere safe, apart from this computer. It opens the\n"
        "casebook if the passphrase is forgotten.",
        file=out,
    )
    return EXIT_OK


def _demo(folder: Path, out: TextIO) -> int:
    from app import demo
    from app.books import vault

    if vault.casebook_exists(folder):
        print(f"The demo casebook is already in {folder}.", file=out)
    else:
        created = demo.create_demo_casebook(folder)
        cases = created.casebook.cases.count()
        created.casebook.close()
        print(f"Created a demo casebook of {cases} fictional cases in {folder}.", file=out)
    print(f"Its passphrase is: {demo.DEMO_PASSPHRASE}", file=out)
    print(f"Open it with: python main.py --vault {folder}", file=out)
    return EXIT_OK


def _change_passphrase(folder: Path, secrets: Secrets, out: TextIO, recovery: bool) -> int:
    from app.books import vault

    if recovery:
        casebook = vault.open_with_recovery_key(folder, secrets.read("Recovery key: "))
    else:
        casebook = vault.open_with_passphrase(folder, secrets.read("Current passphrase: "))
    with casebook:
        new = secrets.read_new("New passphrase: ")
        vault.change_passphrase(casebook, new)
    print("The passphrase has been changed. The recovery key is unchanged.", file=out)
    return EXIT_OK


def _import(casebook: Casebook, file: Path, out: TextIO) -> int:
    from app.exchange.importer import import_file

    summary = import_file(casebook, file)
    print(
        f"Imported {summary.cases} case(s): {summary.parties} parties, {summary.meetings} "
        f"meetings, {summary.notes} notes, {summary.issues} issues, {summary.terms} terms, "
        f"{summary.disclosures} disclosures.",
        file=out,
    )
    return EXIT_OK


def _export(casebook: Casebook, reference: str, target: Path, out: TextIO) -> int:
    from app.documents.export import export_agreement

    exported = export_agreement(casebook, reference, target)
    print(f"Wrote {exported.path} ({exported.size:,} bytes, sha256 {exported.sha256}).", file=out)
    return EXIT_OK


def _verify(
    folder: Path, secrets: Secrets, out: TextIO, use_keychain: bool, rebuild_search: bool
) -> int:
    from app.books import vault
    from app.books.verify import (
        VerifyFailed,
        VerifyReport,
        VerifyState,
        database_missing_message,
        key_file_state,
        verify_unlocked,
    )

    report = VerifyReport()
    if not (folder / vault.DB_NAME).exists():
        # Said before any passphrase is asked for: there is nothing it could open.
        report.fail(VerifyState.DATABASE_MISSING, database_missing_message(folder))
    else:
        try:
            unlocked = _unlock(folder, secrets, out, use_keychain)
        except ParleyError as exc:
            state = key_file_state(exc)
            if state is None:
                raise
            report.fail(state, f"Key file: {exc}")
        else:
            for warning in unlocked.warnings:
                print(f"Note: {warning}", file=out)
            if rebuild_search:
                with vault.open_casebook(unlocked) as casebook:
                    casebook.rebuild_search_index()
                print("Rebuilt the search index from the records.", file=out)
            report = verify_unlocked(folder, unlocked.data_key)
    for line in report.passed:
        print(f"ok       {line}", file=out)
    for line in report.problems:
        print(f"PROBLEM  {line}", file=out)
    if report.ok:
        return EXIT_OK
    raise VerifyFailed(report)


def _backup(casebook: Casebook, target: Path, out: TextIO) -> int:
    from app.books.backup import make_backup

    made = make_backup(casebook, target)
    print(f"Wrote {made.path} ({made.size:,} bytes, sha256 {made.sha256}).", file=out)
    print("It opens with the passphrase or the recovery key; keep it on another disk.", file=out)
    return EXIT_OK


def _restore(args: argparse.Namespace, target: Path, secrets: Secrets, out: TextIO) -> int:
    from app.books import vault
    from app.books.backup import read_backup, restore_backup

    read_backup(args.file)  # a damaged file is named before any secret is asked for
    if args.replace and vault.casebook_exists(target):
        if secrets.interactive and not args.yes:
            if not secrets.confirm(
                f"Replace the casebook in {target}? It will be kept beside it as "
                f"{target.name}.replaced-<date>. Type yes to go on: ",
                out,
            ):
                raise ParleyError("Nothing was restored.")
        elif not args.yes:
            raise ParleyError(
                "Replacing a casebook needs confirmation: add --yes when not at a terminal. "
                "Nothing was restored."
            )
    if args.with_recovery_key:
        result = restore_backup(
            args.file, target, recovery_key=secrets.read("Recovery key: "), replace=args.replace
        )
    else:
        result = restore_backup(
            args.file, target, passphrase=secrets.read("Passphrase: "), replace=args.replace
        )
    for warning in result.warnings:
        print(f"Note: {warning}", file=out)
    if result.moved_aside is not None:
        print(f"The casebook that was there is kept in {result.moved_aside}.", file=out)
    print(f"Restored {result.cases} case(s) into {result.folder}; every check passed.", file=out)
    return EXIT_OK


def _keychain(casebook: Casebook, action: str, out: TextIO) -> int:
    from app.books import keychain, vault

    if action == "enable":
        name = vault.enable_keychain(casebook, keychain.default_keychain())
        print(f"Keychain unlock is on ({name}). The passphrase still works.", file=out)
    else:
        for note in vault.disable_keychain(casebook, keychain.default_keychain()):
            print(f"Note: {note}", file=out)
        print("Keychain unlock is off; the keychain's entry has been removed.", file=out)
    return EXIT_OK


def _keychain_status(folder: Path, out: TextIO) -> int:
    from app.books import keychain, vault

    if not vault.keychain_enabled(folder):
        print("Keychain unlock: off.", file=out)
        return EXIT_OK
    try:
        vault.unlock_with_keychain(folder, keychain.default_keychain())
    except keychain.KeychainUnavailable as exc:
        print(f"Keychain unlock: on, but not working now: {exc}", file=out)
    else:
        print("Keychain unlock: on, and working.", file=out)
    return EXIT_OK


def _show_warnings(casebook: Casebook, out: TextIO) -> None:
    for warning in casebook.warnings:
        print(f"Note: {warning}", file=out)
