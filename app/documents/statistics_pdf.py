"""The statistics report as an A4 PDF a director can hand to a hospital's board.

Made from a ``StatisticsReport`` and nothing else: anonymous counts, already suppressed.
Each section has a chart (reportlab's own graphics, in the bundled font), a short table
and its notes; the first page gives the period, the two headline numbers and the
suppression rule. A suppressed count is never drawn: its bar is left out and labelled with
what the table says ("fewer than 5", "withheld").
"""

from __future__ import annotations

from datetime import date
from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import HRFlowable, KeepTogether, Paragraph, Spacer, Table

from app.documents.a4 import (
    FONT,
    FONT_BOLD,
    INK,
    MUTED,
    PANEL,
    RULE,
    RULED,
    WIDTH,
    build_a4_pdf,
    inline,
    register_fonts,
    styles,
    table,
)
from app.formatting import format_date
from app.statistics.figures import Section, StatisticsReport, TimeFigures, format_time
from app.statistics.suppression import TOTAL, SuppressedTable

TITLE = "Service statistics"
#: One colour per series, distinguishable in print and for colour-blind readers (Okabe–Ito).
SERIES = ("#0072B2", "#E69F00", "#009E73", "#CC79A7")


def render_statistics_pdf(report: StatisticsReport, *, organisation: str, produced_on: date
                          ) -> bytes:  # fmt: skip
    """The report's PDF bytes. Pure; the metadata names the period and nothing else."""
    register_fonts()
    return build_a4_pdf(
        _story(report, organisation, produced_on),
        title=f"{TITLE}, {report.period.label}",
        footer_label=f"{TITLE}, {report.period.label}",
        what="The statistics report",
    )


def _story(report: StatisticsReport, organisation: str, produced_on: date) -> list[Any]:
    s = styles()
    story: list[Any] = []
    if organisation.strip():
        story.append(Paragraph(inline(organisation), s["organisation"]))
    story += [
        Paragraph(escape(TITLE), s["title"]),
        Paragraph(escape(report.period.label), s["purpose"]),
        HRFlowable(width="100%", thickness=0.8, color=INK, spaceBefore=4 * mm, spaceAfter=4 * mm),
        _headline(report.headline, s),
        Spacer(1, 4 * mm),
        _about(report, produced_on, s),
    ]
    for section in report.sections:
        story += _section(section, s)
    return story


def _headline(headline: SuppressedTable, s: dict[str, Any]) -> Table:
    big = s["title"].clone("headline", fontSize=22, leading=26, spaceBefore=0)
    cells = [
        [Paragraph(escape(row[0].text), big), Paragraph(escape(label), s["label"])]
        for label, row in zip(headline.row_labels, headline.cells, strict=True)
    ]
    data = [[cells[0][0], cells[1][0]], [cells[0][1], cells[1][1]]]
    return table(
        data,
        [WIDTH / 2, WIDTH / 2],
        ("BACKGROUND", (0, 0), (-1, -1), PANEL),
        ("LEFTPADDING", (0, 0), (-1, -1), 8),
        ("TOPPADDING", (0, 0), (-1, 0), 8),
        ("BOTTOMPADDING", (0, -1), (-1, -1), 8),
    )


def _about(report: StatisticsReport, produced_on: date, s: dict[str, Any]) -> Table:
    lines = [
        f"Period: {report.period.label}, both days included. Made on {format_date(produced_on)}.",
        "Cases referred are counted by the stage they were at when referred; every other case "
        "figure counts the cases closed in the period, from the anonymous outcome record each "
        "keeps (no names, no references, no free text).",
        f"Small numbers: {report.rule}",
    ]
    return table(
        [[Paragraph(escape(line), s["small"])] for line in lines],
        [WIDTH],
        ("BOX", (0, 0), (-1, -1), 0.5, RULE),
        ("LEFTPADDING", (0, 0), (-1, -1), 8),
        ("RIGHTPADDING", (0, 0), (-1, -1), 8),
        ("TOPPADDING", (0, 0), (-1, 0), 6),
        ("BOTTOMPADDING", (0, -1), (-1, -1), 6),
    )


def _section(section: Section, s: dict[str, Any]) -> list[Any]:
    opening: list[Any] = [
        Paragraph(escape(section.title), s["heading"]),
        Paragraph(escape(section.text), s["body"]),
    ]
    blocks = [_block(found, s) for found in section.tables]
    # The heading and its words stay with the first chart and table, never alone at a foot.
    parts: list[Any] = [KeepTogether(opening + (blocks[0] if blocks else []))]
    parts += [KeepTogether(block) for block in blocks[1:]]
    if section.times:
        parts += [Spacer(1, 3 * mm), _times(section.times, s)]
    if section.averages is not None and section.averages.courses:
        parts += [Spacer(1, 3 * mm), KeepTogether([_averages(section, s)])]
    parts += [Paragraph(escape(note), s["small"]) for note in section.notes]
    return parts


def _block(found: SuppressedTable, s: dict[str, Any]) -> list[Any]:
    block: list[Any] = [Spacer(1, 3 * mm), Paragraph(escape(found.title), s["bold"])]
    if found.withheld_entirely:
        block.append(Paragraph(escape(
            "Withheld: with numbers this small, any breakdown would reveal a count below 5."
        ), s["small"]))  # fmt: skip
        return block
    chart = _chart(found)
    if chart is not None:
        block.append(chart)
        if _charted_hidden(found):
            block.append(Paragraph(escape(
                "Counts shown as “fewer than 5” or “withheld” are not drawn; the table gives them."
            ), s["small"]))  # fmt: skip
    block.append(_figures(found, s))
    return block


def _header(labels: Any, s: dict[str, Any]) -> list[Any]:
    """A table's first row: the row labels' column empty, the numbers' headings on the right."""
    right = s["label"].clone("label-right", alignment=TA_RIGHT)
    return ["", *(Paragraph(escape(label), right) for label in labels)]


def _figures(found: SuppressedTable, s: dict[str, Any]) -> Table:
    data: list[list[Any]] = [_header(found.column_labels, s)]
    for label, row in zip(found.row_labels, found.cells, strict=True):
        data.append([Paragraph(escape(label), s["body"])] + [escape(c.text) for c in row])
    columns = len(found.column_labels)
    # Wide enough for the widest figure set in bold (a Total), "fewer than 5" included, so
    # that no figure runs into the next; the row labels wrap in what is left.
    widest = max((stringWidth(text, FONT_BOLD, 10) for row in found.texts() for text in row),
                 default=0.0)  # fmt: skip
    other = max(widest + 10, 22 * mm)
    label_width = WIDTH - columns * other
    commands: list[tuple[Any, ...]] = [
        RULED,
        ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, INK),
    ]
    if found.row_labels and found.row_labels[-1] == TOTAL:
        commands += [("FONT", (0, -1), (-1, -1), FONT_BOLD, 10),
                     ("LINEABOVE", (0, -1), (-1, -1), 0.8, INK)]  # fmt: skip
    if found.column_labels and found.column_labels[-1] == TOTAL:
        commands.append(("FONT", (-1, 1), (-1, -1), FONT_BOLD, 10))
    figures = table(data, [label_width] + [other] * columns, *commands)
    figures.repeatRows = 1  # a long table split over pages keeps its headings
    return figures


CHART_LABEL = 36  # characters of a category's name beside its bar


def _charted(found: SuppressedTable) -> tuple[list[int], list[int]]:
    """The rows and columns a chart draws: every row but Total; the Total column alone when
    the table has one, else every column."""
    rows = [i for i, label in enumerate(found.row_labels) if label != TOTAL]
    if found.column_labels and found.column_labels[-1] == TOTAL:
        return rows, [len(found.column_labels) - 1]
    return rows, list(range(len(found.column_labels)))


def _charted_hidden(found: SuppressedTable) -> bool:
    rows, columns = _charted(found)
    return any(found.cells[i][j].published is None for i in rows for j in columns)


def _chart(found: SuppressedTable) -> Drawing | None:
    """Horizontal bars of the published counts, one bar per row (Total left out).

    A table with a Total column is drawn by that column (the row's cases, however they
    split); a table without one draws each column as a series, with a legend. Suppressed
    counts are not drawn; a single series names them where the bar would be.
    """
    rows, columns = _charted(found)
    if not rows or not columns:
        return None
    series = [[found.cells[i][j].published or 0 for i in rows] for j in columns]
    if not any(any(values) for values in series):
        return None
    bar = 9 if len(columns) == 1 else 6
    legend = 14 if len(columns) > 1 else 0
    plot = len(rows) * (bar * len(columns) + 6)
    drawing = Drawing(WIDTH, plot + 22 + legend)
    chart = HorizontalBarChart()
    chart.x, chart.y = 62 * mm, 16
    chart.width, chart.height = WIDTH - 62 * mm - 20 * mm, plot
    chart.data = [list(reversed(values)) for values in series]  # first row at the top
    chart.barWidth, chart.groupSpacing, chart.barSpacing = bar, 6, 0
    chart.categoryAxis.categoryNames = [_short(found.row_labels[i]) for i in reversed(rows)]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 8
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -4
    chart.categoryAxis.strokeColor = RULE
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.strokeColor = RULE
    chart.valueAxis.valueMin = 0
    top = max(max(values) for values in series)
    chart.valueAxis.valueMax = max(top * 1.1, 5)
    chart.valueAxis.valueStep = _step(chart.valueAxis.valueMax)
    for n in range(len(columns)):
        chart.bars[n].fillColor = colors.HexColor(SERIES[n % len(SERIES)])
        chart.bars[n].strokeColor = None
    drawing.add(chart)
    if len(columns) == 1:
        _name_the_hidden(drawing, chart, found, rows, columns[0])
    else:
        _legend(drawing, [found.column_labels[j] for j in columns], plot + 26)
    return drawing


def _short(label: str) -> str:
    return label if len(label) <= CHART_LABEL else label[: CHART_LABEL - 1].rstrip() + "…"


def _step(top: float) -> float:
    for step in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000):
        if top / step <= 6:
            return step
    return 10_000


def _name_the_hidden(drawing: Drawing, chart: HorizontalBarChart, found: SuppressedTable,
                     rows: list[int], column: int) -> None:  # fmt: skip
    """Where a suppressed count's bar would be, the words the table uses instead."""
    group = chart.height / len(rows)
    for position, i in enumerate(reversed(rows)):
        cell = found.cells[i][column]
        if cell.published is None:
            y = chart.y + group * position + group / 2 - 3
            drawing.add(String(chart.x + 3, y, cell.text, fontName=FONT, fontSize=7,
                               fillColor=MUTED))  # fmt: skip


def _legend(drawing: Drawing, names: list[str], y: float) -> None:
    x = 62 * mm
    for n, name in enumerate(names):
        colour = colors.HexColor(SERIES[n % len(SERIES)])
        drawing.add(Rect(x, y - 8, 7, 7, fillColor=colour, strokeColor=None))
        drawing.add(String(x + 10, y - 7, name, fontName=FONT, fontSize=8, fillColor=INK))
        x += 22 + len(name) * 4.6


def _times(times: tuple[TimeFigures, ...], s: dict[str, Any]) -> Table:
    data: list[list[Any]] = [_header(("Cases", "Median", "90th percentile"), s)]
    for time in times:
        small = 0 < time.cases < 5
        cases = "fewer than 5" if small else f"{time.cases:,}"
        median = format_time(time.median, time.unit) if time.shown else "not given"
        p90 = format_time(time.p90, time.unit) if time.shown else "not given"
        data.append([Paragraph(escape(time.title), s["body"]), cases, median, p90])
    return table(
        data,
        [WIDTH - 105 * mm, 25 * mm, 40 * mm, 40 * mm],
        RULED,
        ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, INK),
    )


def _averages(section: Section, s: dict[str, Any]) -> Table:
    averages = section.averages
    assert averages is not None
    data: list[list[Any]] = [_header(averages.questions, s)]
    data[0][0] = Paragraph(escape("Feedback (average, 1 to 5)"), s["label"])
    for course, values in averages.courses:
        shown = [f"{v:.1f}" if v is not None else "—" for v in values]
        data.append([Paragraph(escape(course), s["body"]), *shown])
    columns = len(averages.questions)
    width = 26 * mm
    return table(
        data,
        [WIDTH - columns * width] + [width] * columns,
        RULED,
        ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, INK),
    )
