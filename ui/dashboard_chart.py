"""The dashboard's chart: cases counted by stage and by status, drawn with QPainter."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import (
    QFont,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
)
from PySide6.QtWidgets import QWidget

from app.cases.records import Stage, Status
from app.cases.stores.case_list import CaseTally
from ui.cases.case_table import STAGE_SHORT
from ui.widgets.bar_rows import BarRows
from ui.widgets.lists import plural


class StageStatusChart(BarRows):
    """Cases counted by stage and by status, as horizontal bars on one scale.

    Drawn with QPainter in the palette's colours (right in light and dark mode). Up and
    Down move between bars; Enter or a click asks for the Cases list filtered to that bar.
    The counts are also given as text, in the accessible description and each bar's tooltip.
    """

    bar_activated = Signal(str, str)  # "stage" or "status", and its value

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMouseTracking(True)
        self.setAccessibleName("Cases by stage and status")
        self._bars: list[tuple[str, str, str, int]] = []  # (group, value, label, count)
        self._groups: list[tuple[str, str]] = [("stage", "By stage"), ("status", "By status")]
        self.set_tally(None)

    def set_tally(self, tally: CaseTally | None) -> None:
        stages = tally.stages if tally else dict.fromkeys(Stage, 0)
        statuses = tally.statuses if tally else dict.fromkeys(Status, 0)
        self._bars = [("stage", s.value, STAGE_SHORT[s], stages[s]) for s in Stage]
        self._bars += [("status", s.value, s.label, statuses[s]) for s in Status]
        self.current = min(self.current, len(self._bars) - 1)
        self.setAccessibleDescription(self.summary())
        self.updateGeometry()
        self.update()

    def counts(self) -> dict[tuple[str, str], int]:
        return {(group, value): count for group, value, _label, count in self._bars}

    def summary(self) -> str:
        """The chart in words, for screen readers and for anyone who prefers text."""
        parts = []
        for group, title in self._groups:
            bars = [f"{label} {count}" for g, _v, label, count in self._bars if g == group]
            parts.append(f"{title}: " + ", ".join(bars) + ".")
        return "Cases. " + " ".join(parts)

    # --- geometry ---------------------------------------------------------------------------

    def _line(self) -> int:
        return int(self.fontMetrics().height() * 1.5)

    def _rects(self) -> list[tuple[QRect, QRect]]:
        """For each bar: the row it sits in, and the bar itself."""
        metrics, line = self.fontMetrics(), self._line()
        label_width = max(metrics.horizontalAdvance(b[2]) for b in self._bars) + line // 2
        count_width = metrics.horizontalAdvance("0000")
        track = max(self.width() - label_width - count_width - line, line)
        top = max_count = max([b[3] for b in self._bars] + [1])
        rects, top, group = [], 0, ""
        for bar_group, _value, _label, count in self._bars:
            if bar_group != group:
                group, top = bar_group, top + line  # room for the group's heading
            row = QRect(0, top, self.width(), line)
            length = round(track * count / max_count)
            rects.append((row, QRect(label_width, top + line // 5, length, line * 3 // 5)))
            top += line
        return rects

    def sizeHint(self) -> QSize:
        lines = len(self._bars) + len(self._groups)
        return QSize(self.fontMetrics().averageCharWidth() * 40, lines * self._line())

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    # --- drawing ----------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        palette, line, group = self.palette(), self._line(), ""
        text_colour = palette.color(QPalette.ColorRole.WindowText)
        for i, ((row, bar), (bar_group, _v, label, count)) in enumerate(
            zip(self._rects(), self._bars, strict=True)
        ):
            if bar_group != group:
                group = bar_group
                bold = QFont(self.font())
                bold.setBold(True)
                painter.setFont(bold)
                painter.setPen(text_colour)
                heading_rect = QRect(0, row.top() - line, self.width(), line)
                title = dict(self._groups)[group]
                painter.drawText(heading_rect, Qt.AlignmentFlag.AlignVCenter, title)
                painter.setFont(self.font())
            painter.setPen(text_colour)
            left = row.adjusted(0, 0, -(self.width() - bar.left()), 0)
            painter.drawText(left, Qt.AlignmentFlag.AlignVCenter, label)
            painter.fillRect(bar, palette.color(QPalette.ColorRole.Highlight))
            number = QRect(bar.right() + line // 3, row.top(), line * 3, row.height())
            painter.drawText(number, Qt.AlignmentFlag.AlignVCenter, str(count))
            self.paint_focus(painter, i, row.adjusted(0, 1, 0, -1))
        painter.end()

    # --- input ------------------------------------------------------------------------------

    def row_count(self) -> int:
        return len(self._bars)

    def row_rect(self, i: int) -> QRect:
        return self._rects()[i][0]

    def row_at(self, point: QPoint) -> int:
        # Every mouse move asks (the pointer's shape follows the bars): lay them out once.
        return next((i for i, (row, _bar) in enumerate(self._rects()) if row.contains(point)), -1)

    def row_tooltip(self, i: int) -> str:
        _group, _value, label, count = self._bars[i]
        return f"{label}: {plural(count, 'case')}. Click or press Enter to list them."

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        over = self.row_at(event.position().toPoint()) >= 0
        self.setCursor(Qt.CursorShape.PointingHandCursor if over else Qt.CursorShape.ArrowCursor)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        i = self.row_at(event.position().toPoint())
        if i >= 0 and event.button() == Qt.MouseButton.LeftButton:
            self.current = i
            self.update()
            self.activate(i)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.activate(self.current)
        else:
            super().keyPressEvent(event)  # Up and Down move between bars

    def activate(self, i: int) -> None:
        group, value, _label, _count = self._bars[i]
        self.bar_activated.emit(group, value)
