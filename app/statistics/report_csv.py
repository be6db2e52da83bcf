"""The statistics report as CSV, for a spreadsheet: one figure a line, as published.

Columns: section, table, row, column, value. A suppressed figure reads "fewer than 5" or
"withheld", never its number; the first lines give the period and the suppression rule.
"""

from __future__ import annotations

import csv
import io

from app.statistics.figures import StatisticsReport, TimeFigures, format_time
from app.statistics.suppression import FEWER_THAN_5, SMALLEST_SHOWN, SuppressedTable

HEADER = ("section", "table", "row", "column", "value")
Line = tuple[str, str, str, str, str]


def render_csv(report: StatisticsReport, organisation: str = "") -> bytes:
    """UTF-8 with a byte-order mark, so that spreadsheet programs read "Siân" right."""
    about = "About these figures"
    lines: list[Line] = []
    if organisation.strip():
        lines.append((about, "", "Organisation", "", " ".join(organisation.split())))
    lines.append((about, "", "Period", "", report.period.label))
    lines.append((about, "", "Suppression", "", report.rule))
    lines += _table("Headline", report.headline)
    for section in report.sections:
        for found in section.tables:
            lines += _table(section.title, found)
        for time in section.times:
            lines += _time(section.title, time)
        if section.averages is not None:
            table = "Feedback averages (1 to 5)"
            for course, values in section.averages.courses:
                for question, value in zip(section.averages.questions, values, strict=True):
                    shown = f"{value:.1f}" if value is not None else "fewer than 5 forms"
                    lines.append((section.title, table, course, question, shown))
        lines += [(section.title, "", "Note", "", note) for note in section.notes]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows(lines)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _table(section: str, found: SuppressedTable) -> list[Line]:
    return [
        (section, found.title, label, column, text)
        for label, row in zip(found.row_labels, found.texts(), strict=True)
        for column, text in zip(found.column_labels, row, strict=True)
    ]


def _time(section: str, time: TimeFigures) -> list[Line]:
    small = 0 < time.cases < SMALLEST_SHOWN
    lines = [(section, time.title, "", "Cases", FEWER_THAN_5 if small else f"{time.cases:,}")]
    if time.shown:
        lines.append((section, time.title, "", "Median", format_time(time.median, time.unit)))
        lines.append((section, time.title, "", "90th percentile", format_time(time.p90, time.unit)))
    else:
        lines.append((section, time.title, "", "Median", "not given for fewer than 5 cases"))
    return lines
