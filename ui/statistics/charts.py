"""A table of the statistics drawn as horizontal bars with QPainter, in the palette's colours.

One bar per row of the table (its Total row left out), showing the row's Total column when
the table has one, else each column as a bar of its own within the row. A suppressed count
is never drawn: where its bar would be, the words the table uses ("fewer than 5",
"withheld"). Up and Down move between rows; each row's figures are its tooltip, and the
whole chart is given in words as its accessible description.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFontMetrics,
    QPainter,
    QPaintEvent,
    QPalette,
)
from PySide6.QtWidgets import QWidget

from app.statistics.suppression import TOTAL, SuppressedTable
from ui.widgets.bar_rows import BarRows


@dataclass(frozen=True)
class Bar:
    label: str  # the row's label
    series: str  # the column's label ("" for a single series)
    value: int | None  # None: suppressed, not drawn
    text: str  # as the table shows it


def bars_of(table: SuppressedTable) -> list[list[Bar]]:
    """The bars of each row of ``table`` (Total row left out; the Total column alone when
    there is one)."""
    rows = [i for i, label in enumerate(table.row_labels) if label != TOTAL]
    if table.column_labels and table.column_labels[-1] == TOTAL:
        columns = [len(table.column_labels) - 1]
    else:
        columns = list(range(len(table.column_labels)))
    single = len(columns) == 1
    return [
        [
            Bar(
                table.row_labels[i],
                "" if single else table.column_labels[j],
                table.cells[i][j].published,
                table.cells[i][j].text,
            )
            for j in columns
        ]
        for i in rows
    ]


class BarChart(BarRows):
    """The bars of one statistics table; see the module's docstring."""

    def __init__(self, table: SuppressedTable, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows = bars_of(table)
        self.setAccessibleName(f"Chart: {table.title}")
        self.setAccessibleDescription(self.summary())

    def summary(self) -> str:
        """The chart in words."""
        parts = []
        for bars in self.rows:
            figures = ", ".join(f"{b.series} {b.text}" if b.series else b.text for b in bars)
            parts.append(f"{bars[0].label}: {figures}")
        return "; ".join(parts) + "."

    # --- geometry ---------------------------------------------------------------------------

    def _bar_height(self) -> int:
        return max(self.fontMetrics().height() * 3 // 4, 8)

    def _row_height(self) -> int:
        series = len(self.rows[0]) if self.rows else 1
        return series * self._bar_height() + self.fontMetrics().height() // 2 + 2

    def _label_width(self) -> int:
        metrics = self.fontMetrics()
        widest = max((metrics.horizontalAdvance(r[0].label) for r in self.rows), default=0)
        return min(widest + metrics.averageCharWidth() * 2, self.width() // 2)

    def sizeHint(self) -> QSize:
        return QSize(self.fontMetrics().averageCharWidth() * 60,
                     max(len(self.rows), 1) * self._row_height() + 4)  # fmt: skip

    def minimumSizeHint(self) -> QSize:
        return QSize(self.fontMetrics().averageCharWidth() * 30, self.sizeHint().height())

    def row_count(self) -> int:
        return len(self.rows)

    def row_rect(self, i: int) -> QRect:
        return QRect(0, 2 + i * self._row_height(), self.width(), self._row_height())

    # --- drawing ----------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        hidden_font = self.font()
        hidden_font.setItalic(True)
        colours = _series_colours(palette, len(self.rows[0]) if self.rows else 1)
        metrics = self.fontMetrics()
        label_width = self._label_width()
        number_width = metrics.horizontalAdvance("fewer than 5 ")
        track = max(self.width() - label_width - number_width - 8, 10)
        top_value = max((b.value or 0 for r in self.rows for b in r), default=0) or 1
        for i, bars in enumerate(self.rows):
            row = self.row_rect(i)
            painter.setPen(text)
            label_rect = QRect(row.left(), row.top(), label_width - 6, row.height())
            shown = metrics.elidedText(bars[0].label, Qt.TextElideMode.ElideRight, label_width - 6)
            right = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight
            painter.drawText(label_rect, right, shown)
            # The bars sit in the middle of the row, beside their label.
            spare = row.height() - len(bars) * self._bar_height()
            for n, bar in enumerate(bars):
                y = row.top() + spare // 2 + n * self._bar_height()
                height = self._bar_height() - 2
                if bar.value is None:  # in words, in the text's own colour (it must be read)
                    painter.setPen(text)
                    painter.setFont(hidden_font)
                    place = text_box(label_width, QRect(label_width, y, 1, height),
                                     number_width * 2, metrics)  # fmt: skip
                    painter.drawText(place, Qt.AlignmentFlag.AlignVCenter, bar.text)
                    painter.setFont(self.font())
                    continue
                length = round(track * bar.value / top_value)
                painter.fillRect(QRect(label_width, y, length, height), colours[n])
                painter.setPen(text)
                number = text_box(label_width + length + 4, QRect(label_width, y, length, height),
                                  number_width, metrics)  # fmt: skip
                painter.drawText(number, Qt.AlignmentFlag.AlignVCenter, bar.text)
            self.paint_focus(painter, i, row.adjusted(0, 0, 0, -1))
        painter.end()

    # --- input ------------------------------------------------------------------------------

    def row_tooltip(self, i: int) -> str:
        bars = self.rows[i]
        figures = ", ".join(f"{b.series}: {b.text}" if b.series else b.text for b in bars)
        return f"{bars[0].label}: {figures}"


def text_box(left: int, bar: QRect, width: int, metrics: QFontMetrics) -> QRect:
    """Where a bar's words go: the font's whole height, centred on the bar. A bar is thinner
    than a line of text, and a box of its height would cut the letters."""
    height = metrics.height()
    return QRect(left, bar.top() + (bar.height() - height) // 2, width, height)


def _series_colours(palette: QPalette, count: int) -> list[QColor]:
    """The palette's highlight first (right in light, dark and high contrast), then its
    link colours, for a table drawn as more than one series."""
    roles = (QPalette.ColorRole.Highlight, QPalette.ColorRole.Link,
             QPalette.ColorRole.LinkVisited, QPalette.ColorRole.Mid)  # fmt: skip
    return [palette.color(roles[n % len(roles)]) for n in range(count)]
