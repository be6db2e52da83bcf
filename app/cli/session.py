"""Find the book a command names and unlock it: the keychain when asked, else the passphrase."""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from app.cli.prompts import Secrets
from app.errors import ParleyError

if TYPE_CHECKING:
    from app.books.kinds import AnyBook
    from app.books.vault import Unlocked


def book_folder(args: argparse.Namespace) -> Path:
    """``--vault``, or the per-user folder (the demo has a folder of its own)."""
    from app import paths

    if args.vault is not None:
        return Path(args.vault)
    if args.command == "demo":
        return paths.default_demo_folder()
    return paths.default_vault_folder()


def require_book(folder: Path) -> None:
    from app.books import vault

    if not vault.casebook_exists(folder):
        raise ParleyError(f"There is no casebook in {folder}; create one with 'parley init'.")


def unlock(folder: Path, secrets: Secrets, out: TextIO, use_keychain: bool) -> Unlocked:
    """The keychain when asked for and turned on; on any keychain failure, the passphrase."""
    from app.books import keychain, vault

    if use_keychain and vault.keychain_enabled(folder):
        try:
            return vault.unlock_with_keychain(folder, keychain.default_keychain())
        except keychain.KeychainUnavailable as exc:
            print(f"Note: {exc} Asking for the passphrase instead.", file=out)
    return vault.unlock_with_passphrase(folder, secrets.read("Passphrase: "))


@contextlib.contextmanager
def opened(folder: Path, secrets: Secrets, out: TextIO, use_keychain: bool) -> Iterator[AnyBook]:
    """The unlocked book (a casebook or the office's), closed (locked) afterwards; what the
    user should know is said."""
    from app.books import vault

    with vault.open_book(unlock(folder, secrets, out, use_keychain)) as book:
        for warning in book.warnings:
            print(f"Note: {warning}", file=out)
        yield book
