"""Commands about the book itself: create it (a casebook or the office's book), change its
passphrase, check, back up and restore it, the keychain, the registers, and the demo."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from app.cli import EXIT_OK
from app.cli.options import BookCommand, Commands, FolderCommand
from app.cli.prompts import Secrets
from app.cli.session import opened, require_book, unlock
from app.errors import ParleyError
from app.roles import Role

if TYPE_CHECKING:
    from app.books.book import Book
    from app.books.kinds import AnyBook


def add_to(commands: Commands) -> None:
    init_ = commands.add("init", "create a casebook; prints the recovery key once")
    kind = init_.add_mutually_exclusive_group()
    kind.add_argument(
        "--office",
        action="store_true",
        help="create the office's book (referrals, agreements, registers; never notes)",
    )
    kind.add_argument(
        "--registers",
        action="store_true",
        help="a sole practitioner's casebook, which also keeps the registers",
    )
    registers = commands.add(
        "registers",
        "whether this casebook also keeps the training and complaints registers",
        keychain=True,
    )
    registers.add_argument("action", choices=("on", "off", "status"))
    check = commands.add(
        "verify",
        "check encryption, database structure, search index and audit trail",
        keychain=True,
    )
    check.add_argument(
        "--rebuild-search",
        action="store_true",
        help="first build the search index again from the records (mends exit code 7)",
    )
    backup = commands.add(
        "backup", "write one encrypted backup file of the casebook", keychain=True
    )
    backup.add_argument("--out", type=Path, required=True, metavar="FILE")
    restore = commands.add("restore", "restore a backup into a new folder, checked before use")
    restore.add_argument("file", type=Path, metavar="FILE")
    restore.add_argument("--to", type=Path, metavar="DIR", help="the folder (default: --vault)")
    restore.add_argument(
        "--replace", action="store_true", help="set aside a casebook already there, then restore"
    )
    restore.add_argument("--yes", action="store_true", help="confirm --replace without asking")
    restore.add_argument(
        "--with-recovery-key", action="store_true", help="open the backup with the recovery key"
    )
    chain = commands.add(
        "keychain", "unlock with this computer's keychain: enable, disable", keychain=True
    )
    chain.add_argument("action", choices=("enable", "disable", "status"))
    change = commands.add("change-passphrase", "re-wrap the data key under a new passphrase")
    change.add_argument(
        "--with-recovery-key",
        action="store_true",
        help="prove it is you with the recovery key instead of the old passphrase",
    )
    commands.add("new-recovery-key", "replace the recovery key with a new one; prints it once")
    commands.add("demo", "make a casebook of fictional cases in a folder of its own")


def init(args: argparse.Namespace, folder: Path, secrets: Secrets, out: TextIO) -> int:
    from app.books import vault

    if vault.casebook_exists(folder):
        raise ParleyError(f"There is already a casebook in {folder}; Parley will not replace it.")
    passphrase = secrets.read_new("New passphrase: ")
    print("Preparing encryption for this computer (about a second)…", file=out, flush=True)
    if args.office:
        office = vault.create_office_book(folder, passphrase)
        office.book.close()
        recovery_key, made = office.recovery_key, "the office's book"
    else:
        created = vault.create_casebook(folder, passphrase, keeps_registers=args.registers)
        created.casebook.close()
        recovery_key = created.recovery_key
        made = "a casebook that also keeps the registers" if args.registers else "a casebook"
    print(f"Created {made} in {folder}.", file=out)
    print(
        "\nRecovery key (shown once, never again):\n\n"
        f"    {recovery_key}\n\n"
        "Write it down and keep it somewhere safe, apart from this computer. It opens the\n"
        "book if the passphrase is forgotten.",
        file=out,
    )
    return EXIT_OK


def demo(args: argparse.Namespace, folder: Path, secrets: Secrets, out: TextIO) -> int:
    from app import demo as fictional
    from app.books import vault

    if vault.casebook_exists(folder):
        print(f"The demo casebook is already in {folder}.", file=out)
    else:
        created = fictional.create_demo_casebook(folder)
        cases = created.casebook.cases.count()
        created.casebook.close()
        print(f"Created a demo casebook of {cases} fictional cases in {folder}.", file=out)
    print(f"Its passphrase is: {fictional.DEMO_PASSPHRASE}", file=out)
    print(f"Open it with: python main.py --vault {folder}", file=out)
    return EXIT_OK


def change_passphrase(args: argparse.Namespace, folder: Path, secrets: Secrets, out: TextIO) -> int:
    from app.books import vault

    if args.with_recovery_key:
        book = vault.open_book_with_recovery_key(folder, secrets.read("Recovery key: "))
    else:
        book = vault.open_book_with_passphrase(folder, secrets.read("Current passphrase: "))
    with book:
        new = secrets.read_new("New passphrase: ")
        vault.change_passphrase(book, new)
    print("The passphrase has been changed. The recovery key is unchanged.", file=out)
    return EXIT_OK


def new_recovery_key(args: argparse.Namespace, folder: Path, secrets: Secrets, out: TextIO) -> int:
    from app.books import vault
    from app.books.key_changes import replace_recovery_key

    require_book(folder)
    # Always the passphrase, never the keychain: a new way in needs proof of the old one.
    with vault.open_book_with_passphrase(folder, secrets.read("Passphrase: ")) as book:
        recovery_key = replace_recovery_key(book)
    print(
        "\nNew recovery key (shown once, never again):\n\n"
        f"    {recovery_key}\n\n"
        "Write it down and keep it somewhere safe, apart from this computer. The old recovery\n"
        "key no longer opens the book; backups made before now still open with it.",
        file=out,
    )
    return EXIT_OK


def verify(args: argparse.Namespace, folder: Path, secrets: Secrets, out: TextIO) -> int:
    from app.books import vault
    from app.books.verify import (
        VerifyFailed,
        VerifyReport,
        VerifyState,
        database_missing_message,
        key_file_state,
        verify_unlocked,
    )

    require_book(folder)
    report = VerifyReport()
    if not (folder / vault.DB_NAME).exists():
        # Said before any passphrase is asked for: there is nothing it could open.
        report.fail(VerifyState.DATABASE_MISSING, database_missing_message(folder))
    else:
        try:
            unlocked = unlock(folder, secrets, out, args.keychain)
        except ParleyError as exc:
            state = key_file_state(exc)
            if state is None:
                raise
            report.fail(state, f"Key file: {exc}")
        else:
            for warning in unlocked.warnings:
                print(f"Note: {warning}", file=out)
            if args.rebuild_search:
                _rebuild_search(vault.open_book(unlocked), out)
            report = verify_unlocked(folder, unlocked.data_key)
    for line in report.passed:
        print(f"ok       {line}", file=out)
    for line in report.problems:
        print(f"PROBLEM  {line}", file=out)
    if report.ok:
        return EXIT_OK
    raise VerifyFailed(report)


def _rebuild_search(book: AnyBook, out: TextIO) -> None:
    from app.books.casebook import Casebook

    with book:
        if isinstance(book, Casebook):
            book.rebuild_search_index()
            print("Rebuilt the search index from the records.", file=out)
        else:
            print("The office's book has no search index to rebuild.", file=out)


def backup(args: argparse.Namespace, casebook: AnyBook, out: TextIO) -> int:
    from app.books.backup import make_backup

    made = make_backup(casebook, args.out)
    print(f"Wrote {made.path} ({made.size:,} bytes, sha256 {made.sha256}).", file=out)
    print("It opens with the passphrase or the recovery key; keep it on another disk.", file=out)
    return EXIT_OK


def restore(args: argparse.Namespace, folder: Path, secrets: Secrets, out: TextIO) -> int:
    target: Path = args.to or folder
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
    print(f"Restored {result.contents} into {result.folder}; every check passed.", file=out)
    return EXIT_OK


def keychain_command(args: argparse.Namespace, folder: Path, secrets: Secrets, out: TextIO) -> int:
    require_book(folder)
    if args.action == "status":
        return _keychain_status(folder, out)
    with opened(folder, secrets, out, args.keychain) as casebook:
        return _switch_keychain(casebook, args.action, out)


def _switch_keychain(casebook: Book, action: str, out: TextIO) -> int:
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


ON_FOLDER: dict[str, FolderCommand] = {
    "init": init,
    "demo": demo,
    "change-passphrase": change_passphrase,
    "new-recovery-key": new_recovery_key,
    "restore": restore,
    "verify": verify,
    "keychain": keychain_command,
}


def registers(args: argparse.Namespace, book: AnyBook, out: TextIO) -> int:
    from app.books.kinds import require_casebook

    if args.action == "status" and book.role is Role.OFFICE:
        print("The office's book keeps the training and complaints registers.", file=out)
        return EXIT_OK
    casebook = require_casebook(book, "turning the registers on or off")
    if args.action != "status":
        casebook.set_keeps_registers(args.action == "on")
    if casebook.keeps_registers:
        print("This casebook also keeps the training and complaints registers.", file=out)
    else:
        print(
            "This casebook does not keep the registers (the office's book does). Any records "
            "it kept before stay in it, unseen; 'parley registers on' shows them again.",
            file=out,
        )
    return EXIT_OK


ON_BOOK: dict[str, BookCommand] = {"backup": backup, "registers": registers}
