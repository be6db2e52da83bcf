"""Long titles shortened at a word, never mid-word, with the whole of them in the tooltip.

A case's title can run to a sentence ("Disagreement about continuing ventilation for …").
Cut at a letter it reads as a different word; wrapped freely it pushes a header to four
lines. ``ElidedLabel`` keeps to at most ``max_lines`` lines at its width and says that it
shortened the text with "…" and the tooltip; safe view can conceal it altogether.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, Qt
from PySide6.QtGui import QPainter, QResizeEvent
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

ELLIPSIS = "…"
AnyIndex = QModelIndex | QPersistentModelIndex
_TRAILING = " ,;:.-–—/("  # punctuation that reads badly just before the ellipsis


def elide_at_word(text: str, fits: Callable[[str], bool]) -> str:
    """The longest start of ``text`` that ``fits``, cut at a word and ended with "…".

    ``text`` itself when it fits. A first word too long to fit on its own is cut where it
    must be (there is no word boundary to cut at); nothing at all fits gives "…".
    """
    text = " ".join(text.split())
    if fits(text):
        return text
    words = text.split(" ")
    low, high = 0, len(words) - 1  # the most words that fit, with the ellipsis
    while low < high:
        middle = (low + high + 1) // 2
        if fits(_shortened(words[:middle])):
            low = middle
        else:
            high = middle - 1
    if low > 0:
        return _shortened(words[:low])
    first = words[0]
    letters = 0
    while letters < len(first) and fits(first[: letters + 1] + ELLIPSIS):
        letters += 1
    return first[:letters] + ELLIPSIS


def _shortened(words: list[str]) -> str:
    return " ".join(words).rstrip(_TRAILING) + ELLIPSIS


class ElidedLabel(QLabel):
    """Plain text wrapped to at most ``max_lines`` lines, shortened at a word beyond that."""

    def __init__(self, parent: QWidget | None = None, *, max_lines: int = 2) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        # Narrow windows shorten the title rather than widen the window.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.max_lines = max_lines
        self._full = ""
        self._concealed: str | None = None

    @property
    def full_text(self) -> str:
        return self._full

    def set_full_text(self, text: str) -> None:
        self._full = text
        self._fit()

    def set_concealed(self, replacement: str | None) -> None:
        """Show ``replacement`` instead of the text (and no tooltip); None shows it again."""
        self._concealed = replacement
        self._fit()

    def clear(self) -> None:
        self._full, self._concealed = "", None
        super().clear()
        self.setToolTip("")
        self.setAccessibleName("")  # a screen reader would still say it

    def is_shortened(self) -> bool:
        return self._concealed is None and self.text() != " ".join(self._full.split())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._fit()

    def _fit(self) -> None:
        if self._concealed is not None:
            self.setText(self._concealed)
            self.setToolTip("")
            self.setAccessibleName(self._concealed)
            return
        width = max(self.width() - 2 * self.margin(), 1)
        metrics = self.fontMetrics()
        most = self.max_lines * metrics.lineSpacing() + metrics.leading()

        def fits(candidate: str) -> bool:
            flags = int(Qt.TextFlag.TextWordWrap)
            return (
                metrics.boundingRect(QRect(0, 0, width, 100_000), flags, candidate).height() <= most
            )

        shown = elide_at_word(self._full, fits)
        self.setText(shown)
        self.setToolTip(self._full if shown != " ".join(self._full.split()) else "")
        self.setAccessibleName(self._full)  # a screen reader gives the whole title


class WordElidingDelegate(QStyledItemDelegate):
    """A table column whose text is shortened at a word with "…" (a case's title), rather
    than at a letter as Qt does; the model's tooltip holds the whole of it."""

    def shown_text(self, option: QStyleOptionViewItem, index: AnyIndex) -> str:
        """The text drawn for ``index`` in ``option.rect``."""
        styled = QStyleOptionViewItem(option)
        self.initStyleOption(styled, index)
        return self._fitted(styled)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        styled = QStyleOptionViewItem(option)
        self.initStyleOption(styled, index)
        styled.text = self._fitted(styled)
        widget = styled.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, styled, painter, widget)

    @staticmethod
    def _fitted(option: QStyleOptionViewItem) -> str:
        widget = option.widget
        style = widget.style() if widget is not None else QApplication.style()
        area = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, option, widget)
        # Qt keeps a margin each side of an item's text; what is left must hold it whole.
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, widget) + 1
        room = area.width() - 2 * margin
        metrics = option.fontMetrics
        return elide_at_word(option.text, lambda text: metrics.horizontalAdvance(text) <= room)
