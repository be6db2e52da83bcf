"""The statistics of a busy year: the report as a PDF, and the Statistics page shown.

The book holds 10,000 anonymous outcome records of cases closed in one year (what the
statistics read; the cases themselves may long since have gone). Each figure has as its
baseline the same work for a year with no cases, so the ratio is what the records cost.
"""

from __future__ import annotations

import statistics
import time
from datetime import date
from pathlib import Path

from benchmarks.books import FLOOR, PASSPHRASE
from benchmarks.figures import Figure
from benchmarks.generate import populate_outcomes
from benchmarks.sizes import median_ms

from app.books import vault
from app.books.casebook import Casebook
from app.statistics.figures import Period

YEAR = 2025
TODAY = date(YEAR + 1, 1, 2)
BUSY = Period(date(YEAR, 1, 1), date(YEAR, 12, 31))
EMPTY = Period(date(2000, 1, 1), date(2000, 12, 31))


def book_of_a_busy_year(folder: Path, closed: int) -> Path:
    created = vault.create_casebook(folder, PASSPHRASE, kdf=FLOOR)
    populate_outcomes(created.casebook.connection, closed, YEAR)
    created.casebook.close()
    return folder


def statistics_figures(scratch: Path, closed: int, repeats: int) -> list[Figure]:
    folder = book_of_a_busy_year(scratch / "statistics", closed)
    casebook = vault.open_with_passphrase(folder, PASSPHRASE)
    try:
        return [report_pdf(casebook, closed, repeats), page_shown(casebook, closed, repeats)]
    finally:
        casebook.close()


def report_pdf(casebook: Casebook, closed: int, repeats: int) -> Figure:
    """From the book to the PDF's bytes: read the records, make and suppress every figure,
    lay the pages out with their charts."""
    from app.documents.statistics_report import render_report, statistics_report

    def report(period: Period) -> bytes:
        made = statistics_report(casebook, period, today=TODAY)
        return render_report(made, ".pdf", organisation="Riverside", today=TODAY)

    report(BUSY)  # warm: fonts registered, modules loaded
    ours = median_ms(lambda: report(BUSY), repeats)
    base = median_ms(lambda: report(EMPTY), repeats)
    return Figure(
        "statistics_pdf_10k", f"statistics report PDF, a year of {closed:,} closed cases",
        ours, "ms", "≤ 2000 ms", ours <= 2000, base, ours / base,
    )  # fmt: skip


def page_shown(casebook: Casebook, closed: int, repeats: int) -> Figure:
    """The Statistics page from choosing the period to its figures drawn: the figures are
    worked out on a worker thread (a connection of its own), then charted and tabled."""
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from ui.statistics.page import CHOSEN, StatisticsPage

    app = QApplication.instance() or QApplication([])
    page = StatisticsPage(today=lambda: TODAY)
    page.resize(1100, 800)
    page.show_casebook(casebook)
    page.show()
    page.preset.setCurrentIndex(page.preset.findData(CHOSEN))

    def shown_ms(period: Period) -> float:
        page.first.set_value(period.first)  # quietly: the timing starts at refresh()
        page.last.set_value(period.last)
        page.report = None
        loop = QEventLoop()
        poll = QTimer()
        poll.setInterval(1)
        poll.timeout.connect(lambda: page.report is not None and loop.quit())
        start = time.perf_counter()
        page.refresh()
        poll.start()
        loop.exec()
        poll.stop()
        app.processEvents()  # the view laid out and painted
        return (time.perf_counter() - start) * 1000

    shown_ms(BUSY)  # warm
    ours = statistics.median(shown_ms(BUSY) for _ in range(repeats))
    base = statistics.median(shown_ms(EMPTY) for _ in range(repeats))
    page.clear()
    page.close()
    return Figure(
        "statistics_page_10k", f"Statistics page shown, a year of {closed:,} closed cases",
        ours, "ms", "≤ 300 ms", ours <= 300, base, ours / base,
        note="worked out on a worker thread, then drawn",
    )  # fmt: skip
