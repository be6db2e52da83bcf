"""The Statistics page's bar chart: the words beside its bars are drawn whole."""

from __future__ import annotations

from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from app.statistics.suppression import CountTable, suppress
from ui.statistics.charts import BarChart


def ink_height(image: QImage, left: int, right: int) -> int:
    """How many pixel rows between ``left`` and ``right`` hold anything darker than the
    background."""
    background = image.pixelColor(image.width() - 1, image.height() - 1).lightness()
    rows = [
        y for y in range(image.height())
        if any(image.pixelColor(x, y).lightness() < background - 60 for x in range(left, right))
    ]  # fmt: skip
    return rows[-1] - rows[0] + 1 if rows else 0


def test_fewer_than_5_is_drawn_with_its_whole_height(qtbot: QtBot) -> None:
    table = suppress(CountTable("Outcomes", ("Not agreed",), ("Cases",), ((3,),),
                                row_totals=False, column_totals=False))  # fmt: skip
    chart = BarChart(table)
    qtbot.addWidget(chart)
    chart.resize(600, chart.sizeHint().height())
    image = QImage(chart.size(), QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    chart.render(image)
    metrics = chart.fontMetrics()
    start = chart._label_width()
    drawn = ink_height(image, start, start + metrics.horizontalAdvance("fewer than 5") + 4)
    # "f" and "h" rise to the ascent: clipped letters lose their tops or feet.
    assert drawn >= metrics.tightBoundingRect("fewer than 5").height() - 1
