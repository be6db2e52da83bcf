"""``stats``: the service's anonymised statistics for a period, as PDF or CSV."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from app.cli import EXIT_OK
from app.cli.options import BookCommand, Commands, FolderCommand
from app.errors import InvalidValue, ParleyError

if TYPE_CHECKING:
    from app.books.kinds import AnyBook


def add_to(commands: Commands) -> None:
    stats = commands.add(
        "stats",
        "write the anonymised service statistics of a period (small numbers suppressed)",
        keychain=True,
    )
    stats.add_argument(
        "--from",
        dest="first",
        required=True,
        metavar="DATE",
        help="the first day of the period (day first: 1/4/2025 or 2025-04-01)",
    )
    stats.add_argument("--to", dest="last", required=True, metavar="DATE",
                       help="the last day of the period, included")  # fmt: skip
    stats.add_argument("--out", type=Path, required=True, metavar="FILE.pdf|FILE.csv")


def _day(text: str, option: str) -> date:
    from app.formatting import read_date

    try:
        return read_date(text)
    except ValueError as exc:
        raise ParleyError(f"{option}: {exc}.") from None


def stats(args: argparse.Namespace, book: AnyBook, out: TextIO) -> int:
    from app.documents.statistics_report import export_statistics
    from app.statistics.figures import Period

    try:
        period = Period(_day(args.first, "--from"), _day(args.last, "--to"))
        written = export_statistics(book, period, args.out, today=date.today())
    except InvalidValue as exc:
        option = {"to": "--to", "out": "--out"}.get(exc.field, exc.field)
        raise ParleyError(f"{option}: {exc.reason}.") from None
    print(
        f"Wrote the statistics for {period.label} to {written.path} ({written.size:,} bytes, "
        f"sha256 {written.sha256}).",
        file=out,
    )
    return EXIT_OK


ON_FOLDER: dict[str, FolderCommand] = {}
ON_BOOK: dict[str, BookCommand] = {"stats": stats}
