"""The Statistics page: the service's anonymised figures for a period, with charts drawn in
Qt, and the same report exported as a PDF for a board or as a CSV for a spreadsheet.

The figures are read on a worker thread through a connection of their own
(``report_on_own_connection``), so ten thousand cases never hold up the window; the page
says it is working meanwhile. A result that arrives after locking, or after another period
was asked for, is dropped. Exporting renders the report already shown off the GUI thread
and writes it, with its audit entry, back on it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.books.kinds import AnyBook
from app.documents.statistics_report import (
    render_report,
    report_on_own_connection,
    write_report,
)
from app.errors import InvalidValue, ParleyError
from app.registers.calendar import months_after
from app.settings import ORGANISATION
from app.statistics.figures import Period, StatisticsReport
from ui.background import BackgroundJob
from ui.statistics.report_view import ReportView
from ui.widgets.dates import RequiredDateField
from ui.widgets.files import choose_save_path
from ui.widgets.lists import Today, wrapped_label
from ui.widgets.messages import InlineMessage, Kind, heading
from ui.widgets.section import SectionPage

CHOSEN = "chosen"
NOTHING_YET = (
    "No case was referred or closed in this period. The figures come from the cases "
    "referred, and from the outcome each case records when it closes (choose Closed as a "
    "case's status). Choose another period above."
)


@dataclass(frozen=True)
class Preset:
    key: str
    label: str
    period: Callable[[date], Period]


def _financial_year_start(day: date) -> date:
    return date(day.year if day.month >= 4 else day.year - 1, 4, 1)


def _last_financial_year(day: date) -> Period:
    start = _financial_year_start(day)
    return Period(start.replace(year=start.year - 1), start - timedelta(days=1))


PRESETS = (
    Preset("twelve_months", "The last 12 months",
           lambda t: Period(months_after(t, -12) + timedelta(days=1), t)),
    Preset("this_financial", "This financial year (from 1 April)",
           lambda t: Period(_financial_year_start(t), t)),
    Preset("last_financial", "Last financial year", _last_financial_year),
    Preset("this_year", "This calendar year", lambda t: Period(date(t.year, 1, 1), t)),
    Preset("last_year", "Last calendar year",
           lambda t: Period(date(t.year - 1, 1, 1), date(t.year - 1, 12, 31))),
)  # fmt: skip


class StatisticsPage(SectionPage):
    """See the module's docstring."""

    def __init__(self, parent: QWidget | None = None, *, today: Today = date.today) -> None:
        super().__init__(parent)
        self.casebook: AnyBook | None = None
        self.today = today
        self.report: StatisticsReport | None = None
        self._stale = True
        self.job = BackgroundJob(self, still_wanted=lambda: self.casebook is not None)
        self.export_job = BackgroundJob(self, still_wanted=lambda: self.casebook is not None)

        self.preset = QComboBox(self)
        self.preset.setAccessibleName("Period")
        for preset in PRESETS:
            self.preset.addItem(preset.label, preset.key)
        self.preset.addItem("The dates chosen here", CHOSEN)
        self.first = RequiredDateField("First day of the period", self, field="from",
                                       value=today())  # fmt: skip
        self.last = RequiredDateField("Last day of the period, included", self, field="to",
                                      value=today())  # fmt: skip
        self.pdf_button = QPushButton("Export P&DF…", self)
        self.pdf_button.setToolTip("An A4 report with charts, for a board or a funder")
        self.csv_button = QPushButton("E&xport CSV…", self)
        self.csv_button.setToolTip("Every figure, one a line, for a spreadsheet")
        period_label = QLabel("&Period:", self)
        period_label.setBuddy(self.preset)
        from_label, to_label = QLabel("F&rom:", self), QLabel("T&o:", self)
        from_label.setBuddy(self.first.line)
        to_label.setBuddy(self.last.line)
        bar = QHBoxLayout()
        for widget in (period_label, self.preset, from_label, self.first, to_label, self.last):
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(self.pdf_button)
        bar.addWidget(self.csv_button)

        self.message = InlineMessage(self)
        self.working = wrapped_label("Working out the figures…", self, name="Working")
        self.working.hide()
        self.scroller = QScrollArea(self)
        self.scroller.setWidgetResizable(True)
        self.scroller.setFrameShape(QFrame.Shape.NoFrame)
        self.scroller.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.view: ReportView | None = None
        self._empty_view()

        layout = QVBoxLayout(self)
        layout.addWidget(heading("Statistics", self, scale=1.5))
        layout.addWidget(wrapped_label(
            "Anonymised figures of the cases referred and closed in a period, and of the "
            "registers. Counts from 1 to 4 are shown as “fewer than 5”.", self,
            name="About the statistics"))  # fmt: skip
        layout.addLayout(bar)
        layout.addWidget(self.message)
        layout.addWidget(self.working)
        layout.addWidget(self.scroller, 1)

        self.preset.currentIndexChanged.connect(self._preset_chosen)
        self.first.changed.connect(self._dates_typed)
        self.last.changed.connect(self._dates_typed)
        self.pdf_button.clicked.connect(lambda: self.export(".pdf"))
        self.csv_button.clicked.connect(lambda: self.export(".csv"))
        self._preset_chosen()

    # --- the period -------------------------------------------------------------------------

    def period(self) -> Period:
        return Period(self.first.value(), self.last.value())

    def _preset_chosen(self) -> None:
        key = self.preset.currentData()
        preset = next((p for p in PRESETS if p.key == key), None)
        if preset is not None:
            chosen = preset.period(self.today())
            self.first.set_value(chosen.first)  # set_value says nothing: no _dates_typed
            self.last.set_value(chosen.last)
        self.refresh()

    def _dates_typed(self) -> None:
        blocked = self.preset.blockSignals(True)
        self.preset.setCurrentIndex(self.preset.findData(CHOSEN))
        self.preset.blockSignals(blocked)
        self.refresh()

    # --- reading ----------------------------------------------------------------------------

    def show_casebook(self, casebook: AnyBook) -> None:
        """Either kind of book: an office book's figures come from the outcome records
        the mediators sent it."""
        self.casebook = casebook
        self._stale = True
        if self.isVisible():
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def refresh(self) -> None:
        """Work out the figures of the period shown, in the background."""
        if self.casebook is None or not self.isVisible():
            self._stale = True
            return
        try:
            first, last = self.first.value(), self.last.value()
        except InvalidValue:
            return  # a date that cannot be read: its field says why, beneath it
        try:
            period = Period(first, last)
        except ParleyError as exc:  # the end before the start
            self.message.show_message(str(exc), Kind.ERROR)
            return
        self._stale = False
        self.message.clear()
        self.job.forget()  # a period asked for earlier is no longer wanted
        self.working.show()
        self._set_exportable(False)
        work = report_on_own_connection(self.casebook, period, today=self.today())
        self.job.start(work, self.show_report, self._failed)

    def show_report(self, report: StatisticsReport) -> None:
        self.working.hide()
        self.report = report
        self.view = ReportView(report)
        self.scroller.setWidget(self.view)
        if all(row[0].value == 0 for row in report.headline.cells):
            self.message.show_message(NOTHING_YET, Kind.INFO)
        self._set_exportable(True)

    def _failed(self, error: ParleyError) -> None:
        self.working.hide()
        self.message.show_message(f"The figures could not be worked out. {error}", Kind.ERROR)

    def _empty_view(self) -> None:
        self.report = None
        self.view = None
        self.scroller.setWidget(QWidget(self))
        self._set_exportable(False)

    def _set_exportable(self, on: bool) -> None:
        buttons = (self.pdf_button, self.csv_button)
        if not on and any(button.hasFocus() for button in buttons):
            # A disabled button drops the focus; keep it on the page, on the period's end.
            self.last.setFocus(Qt.FocusReason.OtherFocusReason)
        for button in buttons:
            button.setEnabled(on)

    # --- exporting --------------------------------------------------------------------------

    def export(self, suffix: str) -> None:
        report, casebook = self.report, self.casebook
        if report is None or casebook is None or self.export_job.busy:
            return
        mark = self.export_job.mark()
        kind = "PDF documents" if suffix == ".pdf" else "CSV files"
        name = f"Statistics {report.period.first.isoformat()} to {report.period.last.isoformat()}"
        out = choose_save_path(self, "Export the statistics", name + suffix, kind, suffix)
        if out is None or not self.export_job.still_current(mark):
            return  # cancelled, or locked while the file dialog was open
        organisation = casebook.settings.get(ORGANISATION)
        today = self.today()
        self.message.show_message("Preparing the report…", Kind.INFO)
        self.export_job.start(
            lambda: render_report(report, suffix, organisation=organisation, today=today),
            lambda data: self._write(report, data, out),
            lambda error: self.message.show_message(
                f"The report could not be made. {error}", Kind.ERROR
            ),
            since=mark,
        )

    def _write(self, report: StatisticsReport, data: bytes, out: Path) -> None:
        if self.casebook is None:
            return
        try:
            write_report(self.casebook, report, data, out)
        except ParleyError as exc:
            self.message.show_message(str(exc), Kind.ERROR)
            return
        self.message.show_message(f"Wrote “{out.name}” in {out.parent}.", Kind.INFO)

    # --- the SectionPage contract -----------------------------------------------------------

    def clear(self) -> list[str]:
        self.job.forget()
        self.export_job.forget()
        self.casebook = None
        self.working.hide()
        self.message.clear()
        self._empty_view()
        self._stale = True
        return []

    def set_safe_view(self, on: bool) -> None:
        """Nothing here identifies anyone: the figures are anonymous."""
