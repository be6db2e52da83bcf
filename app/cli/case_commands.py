"""Commands about a book's records: import (cases, or a whole book), export the agreed terms,
and export the whole book unencrypted on request."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from app.cli import EXIT_OK
from app.cli.options import BookCommand, Commands, FolderCommand

if TYPE_CHECKING:
    from app.books.kinds import AnyBook


def add_to(commands: Commands) -> None:
    imp = commands.add(
        "import",
        "add cases (as referrals in the office's book), or a whole book or its registers from "
        "export-book, into an empty one (all or nothing)",
        keychain=True,
    )
    imp.add_argument("file", type=Path, metavar="FILE.json")
    book = commands.add(
        "export-book", "the whole book in one unencrypted file, on request", keychain=True
    )
    book.add_argument(
        "--plaintext",
        action="store_true",
        help="confirm that an unencrypted copy of the whole book is what you want",
    )
    book.add_argument("--out", type=Path, required=True, metavar="F.json")
    book.add_argument(
        "--only",
        choices=("registers",),
        help="registers: only the training and complaints registers (to move them to the office)",
    )
    exp = commands.add("export-agreement", "write the agreed-terms PDF of one case", keychain=True)
    exp.add_argument("reference", metavar="REF")
    exp.add_argument("--out", type=Path, required=True, metavar="FILE.pdf")


def import_cases(args: argparse.Namespace, book: AnyBook, out: TextIO) -> int:
    from app.exchange.book_import import import_path

    added = import_path(book, args.file)
    print(f"Imported {added}.", file=out)
    return EXIT_OK


def export_book(args: argparse.Namespace, book: AnyBook, out: TextIO) -> int:
    from app.exchange.book_export import export_book as export

    made = export(book, args.out, plaintext=args.plaintext, only_registers=args.only == "registers")
    print(
        f"Wrote {made.path} ({made.size:,} bytes, sha256 {made.sha256}): {made.summary}.", file=out
    )
    print(
        "It is NOT encrypted: keep it only as long as you need it, on an encrypted disk, and "
        "delete it securely afterwards.",
        file=out,
    )
    return EXIT_OK


def export_agreement(args: argparse.Namespace, casebook: AnyBook, out: TextIO) -> int:
    from app.documents.export import export_agreement as export

    exported = export(casebook, args.reference, args.out)
    print(f"Wrote {exported.path} ({exported.size:,} bytes, sha256 {exported.sha256}).", file=out)
    return EXIT_OK


ON_FOLDER: dict[str, FolderCommand] = {}
ON_BOOK: dict[str, BookCommand] = {
    "import": import_cases,
    "export-agreement": export_agreement,
    "export-book": export_book,
}
