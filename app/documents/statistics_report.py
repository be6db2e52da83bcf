"""Write a period's statistics report, as PDF or CSV, through the audited document writer."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from app.books.casebook import Casebook
from app.books.files import DB_NAME
from app.books.office_book import OfficeBook
from app.documents.written import STATISTICS_REPORT, WrittenDocument, write_document
from app.errors import InvalidValue
from app.settings import ORGANISATION
from app.statistics.figures import Period, StatisticsReport, build_report
from app.statistics.report_csv import render_csv
from app.statistics.sources import inputs_for
from app.storage.database import open_database

FORMATS = (".pdf", ".csv")


def statistics_report(book: Casebook | OfficeBook, period: Period, *, today: date
                      ) -> StatisticsReport:  # fmt: skip
    """The report of ``period`` from either kind of book (for the page, the PDF, the CSV)."""
    return build_report(inputs_for(book, period, today))


def report_on_own_connection(book: Casebook | OfficeBook, period: Period, *, today: date
                             ) -> Callable[[], StatisticsReport]:  # fmt: skip
    """Work for a worker thread: the report of ``period`` read through a connection of its
    own, so that the book's connection stays with the thread that owns it.

    Call this on that thread (it takes the book's key while the book is open); the function
    it returns opens, reads and closes the second connection. A book in WAL mode lets it read
    while the window goes on writing; nothing it does writes.
    """
    folder, key, book_id, kind = book.folder, book.data_key, book.casebook_id, type(book)

    def work() -> StatisticsReport:
        conn = open_database(folder / DB_NAME, key)
        try:
            return statistics_report(kind(folder, conn, key, book_id), period, today=today)
        finally:
            conn.close()

    return work


def render_report(report: StatisticsReport, suffix: str, *, organisation: str, today: date
                  ) -> bytes:  # fmt: skip
    """The report's bytes as ``.pdf`` or ``.csv``. Pure: the interface renders off the GUI
    thread."""
    if suffix == ".csv":
        return render_csv(report, organisation)
    # reportlab is heavy; it loads only when a PDF is made.
    from app.documents.statistics_pdf import render_statistics_pdf

    return render_statistics_pdf(report, organisation=organisation, produced_on=today)


def check_output(out: Path) -> str:
    """The format asked for by the file's name (``.pdf`` or ``.csv``), or a refusal."""
    suffix = Path(out).suffix.lower()
    if suffix not in FORMATS:
        raise InvalidValue("out", "the report is written as a .pdf or a .csv file; name it so")
    return suffix


def write_report(book: Casebook | OfficeBook, report: StatisticsReport, data: bytes, out: Path
                 ) -> WrittenDocument:  # fmt: skip
    """Write rendered bytes and audit them with the period and the file's SHA-256."""
    period = report.period
    return write_document(
        book.audit,
        STATISTICS_REPORT,
        data,
        out,
        reference=f"{period.first.isoformat()} to {period.last.isoformat()}",
    )


def export_statistics(book: Casebook | OfficeBook, period: Period, out: Path, *, today: date
                      ) -> WrittenDocument:  # fmt: skip
    """Make, render and write the report of ``period`` (the command line's path)."""
    suffix = check_output(out)
    report = statistics_report(book, period, today=today)
    organisation = book.settings.get(ORGANISATION)
    return write_report(book, report, render_report(report, suffix, organisation=organisation,
                                                    today=today), out)  # fmt: skip
