"""What the dashboard's chart and the statistics charts share: rows of bars drawn with
QPainter that a keyboard user walks with Up and Down and a mouse user points at.

Each row's figures are its tooltip, for the pointer and for the row the keyboard is on;
the row the keyboard is on carries the style's focus frame.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QRect, Qt
from PySide6.QtGui import QHelpEvent, QKeyEvent, QPainter
from PySide6.QtWidgets import QStyle, QStyleOptionFocusRect, QToolTip, QWidget


class BarRows(QWidget):
    """A widget of rows; subclasses say how many, where each is and what it says."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.current = 0

    def row_count(self) -> int:
        raise NotImplementedError

    def row_rect(self, i: int) -> QRect:
        raise NotImplementedError

    def row_tooltip(self, i: int) -> str:
        raise NotImplementedError

    def row_at(self, point: QPoint) -> int:
        """The row under ``point``, or -1."""
        return next((i for i in range(self.row_count()) if self.row_rect(i).contains(point)), -1)

    def paint_focus(self, painter: QPainter, i: int, rect: QRect) -> None:
        """The style's focus frame around row ``i`` when it is the keyboard's."""
        if self.hasFocus() and i == self.current:
            option = QStyleOptionFocusRect()
            option.initFrom(self)
            option.rect = rect
            self.style().drawPrimitive(QStyle.PrimitiveElement.PE_FrameFocusRect, option,
                                       painter, self)  # fmt: skip

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            i = self.row_at(event.pos())
            if i >= 0:
                QToolTip.showText(event.globalPos(), self.row_tooltip(i), self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and self.row_count():
            step = -1 if key == Qt.Key.Key_Up else 1
            self.current = (self.current + step) % self.row_count()
            tip = self.row_tooltip(self.current)
            self.setToolTip(tip)
            QToolTip.showText(self.mapToGlobal(self.row_rect(self.current).center()), tip, self)
            self.update()
        else:
            super().keyPressEvent(event)
