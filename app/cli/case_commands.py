"""Commands about cases: import from the interchange format, export the agreed terms."""

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
        "import", "add cases from an interchange file (all or nothing)", keychain=True
    )
    imp.add_argument("file", type=Path, metavar="FILE.json")
    exp = commands.add("export-agreement", "write the agreed-terms PDF of one case", keychain=True)
    exp.add_argument("reference", metavar="REF")
    exp.add_argument("--out", type=Path, required=True, metavar="FILE.pdf")


def import_cases(args: argparse.Namespace, book: AnyBook, out: TextIO) -> int:
    from app.books.kinds import require_casebook
    from app.exchange.importer import import_file

    summary = import_file(require_casebook(book, "importing cases"), args.file)
    print(
        f"Imported {summary.cases} case(s): {summary.parties} parties, {summary.meetings} "
        f"meetings, {summary.notes} notes, {summary.issues} issues, {summary.terms} terms, "
        f"{summary.disclosures} disclosures.",
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
}
