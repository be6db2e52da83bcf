"""A statistics report on screen: the headline, then each section with its charts, tables,
times, feedback averages and notes, as the PDF lays them out.

Every figure comes from the report as published: a suppressed count reads "fewer than 5"
or "withheld" here too, and no chart draws it. Tables are read-only and reached by Tab;
each has an accessible name and every cell its text.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.statistics.figures import Averages, Section, StatisticsReport, TimeFigures, format_time
from app.statistics.suppression import FEWER_THAN_5, SMALLEST_SHOWN, SuppressedTable
from ui.statistics.charts import BarChart
from ui.widgets.lists import wrapped_label
from ui.widgets.messages import heading

WITHHELD_ENTIRELY = "Withheld: with numbers this small, any breakdown would reveal a count below 5."


class ReportView(QWidget):
    """One report's figures; a new report is a new view (the page replaces it)."""

    def __init__(self, report: StatisticsReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.report = report
        self.tables: list[QTableWidget] = []
        self.charts: list[BarChart] = []
        layout = QVBoxLayout(self)
        layout.addWidget(heading(report.period.label, self, scale=1.3))
        layout.addWidget(self._headline(report.headline))
        layout.addWidget(wrapped_label(f"Small numbers: {report.rule}", self, name="Small numbers"))
        for section in report.sections:
            layout.addWidget(self._section(section))
        layout.addStretch(1)

    def _headline(self, headline: SuppressedTable) -> QWidget:
        box = QGroupBox("In the period", self)
        column = QVBoxLayout(box)
        for label, row in zip(headline.row_labels, headline.cells, strict=True):
            column.addWidget(wrapped_label(f"{label}: {row[0].text}", box, name=label))
        return box

    def _section(self, section: Section) -> QGroupBox:
        box = QGroupBox(section.title, self)
        column = QVBoxLayout(box)
        column.addWidget(wrapped_label(section.text, box, name=f"{section.title}: about"))
        for found in section.tables:
            title = QLabel(found.title, box)
            bold = title.font()
            bold.setBold(True)
            title.setFont(bold)
            column.addWidget(title)
            if found.withheld_entirely:
                column.addWidget(wrapped_label(WITHHELD_ENTIRELY, box, name=found.title))
                continue
            chart = BarChart(found, box)
            self.charts.append(chart)
            column.addWidget(chart)
            rows = list(zip(found.row_labels, found.texts(), strict=True))
            column.addWidget(self._table(found.title, found.column_labels, rows))
        if section.times:
            column.addWidget(self._times(section.title, section.times))
        if section.averages is not None and section.averages.courses:
            column.addWidget(self._averages(section.averages))
        for note in section.notes:
            column.addWidget(wrapped_label(note, box, name="Note"))
        return box

    def _table(self, name: str, columns: tuple[str, ...] | list[str],
               rows: list[tuple[str, list[str]]]) -> QTableWidget:  # fmt: skip
        table = QTableWidget(len(rows), len(columns), self)
        table.setAccessibleName(name)
        table.setHorizontalHeaderLabels(list(columns))
        table.setVerticalHeaderLabels([label for label, _ in rows])
        for r, (label, texts) in enumerate(rows):
            for c, text in enumerate(texts):
                item = QTableWidgetItem(text)
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{label}, {columns[c]}: {text}")
                table.setItem(r, c, item)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setTabKeyNavigation(False)  # Tab leaves the table, as in a form
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        height = table.horizontalHeader().sizeHint().height() + 4
        height += sum(table.verticalHeader().sectionSize(r) for r in range(len(rows)))
        table.setFixedHeight(height)
        table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.tables.append(table)
        return table

    def _times(self, section: str, times: tuple[TimeFigures, ...]) -> QTableWidget:
        rows = []
        for time in times:
            small = 0 < time.cases < SMALLEST_SHOWN
            cases = FEWER_THAN_5 if small else f"{time.cases:,}"
            median = format_time(time.median, time.unit) if time.shown else "not given"
            p90 = format_time(time.p90, time.unit) if time.shown else "not given"
            rows.append((time.title, [cases, median, p90]))
        return self._table(f"{section}: times", ["Cases", "Median", "90th percentile"], rows)

    def _averages(self, averages: Averages) -> QTableWidget:
        rows = [
            (course, [f"{v:.1f}" if v is not None else "—" for v in values])
            for course, values in averages.courses
        ]
        return self._table("Feedback averages, 1 to 5", list(averages.questions), rows)
