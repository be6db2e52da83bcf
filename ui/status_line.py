"""The main window's status bar: how many cases are listed, safe view's notice, when Parley
locks, and which book is open.

The book's folder is the one that gives way. On a small laptop, with safe view on, the four
do not fit side by side; Qt would then cut whichever label it lays out last, and a cut
"Safe view on: …" is the one notice that must be read whole. So the folder is shortened in
the middle to the room the others leave, each time the bar's width or safe view changes.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QLabel, QStatusBar

from ui.widgets.messages import set_elided_path

SAFE_VIEW_NOTICE = " Safe view on: confidential and identifying text hidden "
# The folder never takes more than this, even on a wide screen, nor less than a few letters.
FOLDER_WIDEST = 360
FOLDER_NARROWEST = 80


class StatusLine(QObject):
    """The labels of the main window's status bar, and how they share its width."""

    def __init__(self, bar: QStatusBar) -> None:
        super().__init__(bar)
        self.bar = bar
        self.count = QLabel(bar)
        self.safe_view = QLabel(SAFE_VIEW_NOTICE, bar)
        self.safe_view.setAccessibleName("Safe view is on")
        # The system's selection colours: unmistakable, and right in light or dark mode.
        self.safe_view.setAutoFillBackground(True)
        self.safe_view.setBackgroundRole(QPalette.ColorRole.Highlight)
        self.safe_view.setForegroundRole(QPalette.ColorRole.HighlightedText)
        bold = QFont(self.safe_view.font())
        bold.setBold(True)
        self.safe_view.setFont(bold)
        self.safe_view.hide()
        self.lock_hint = QLabel(bar)
        self.folder = QLabel(bar)
        self.folder.setTextFormat(Qt.TextFormat.PlainText)
        gap = bar.fontMetrics().averageCharWidth() * 2
        for label in (self.safe_view, self.lock_hint, self.folder):
            label.setContentsMargins(gap, 0, 0, 0)
        bar.addWidget(self.count, 1)
        for label in (self.safe_view, self.lock_hint, self.folder):
            bar.addPermanentWidget(label)
        self._folder: Path | None = None
        self._prefix = ""
        bar.installEventFilter(self)

    def show_folder(self, folder: Path, prefix: str) -> None:
        self._folder, self._prefix = folder, prefix
        self.fit()

    def clear(self) -> None:
        """Locked: no count, no hint, no folder, and none drawn again on a later resize."""
        self._folder, self._prefix = None, ""
        for label in (self.count, self.lock_hint, self.folder):
            label.clear()
        self.folder.setToolTip("")

    def show_safe_view(self, on: bool) -> None:
        self.safe_view.setVisible(on)
        self.fit()

    def fit(self) -> None:
        """Shorten the folder to what the count, the notice and the lock hint leave."""
        if self._folder is None:
            return
        others = self.count.sizeHint().width() + self.lock_hint.sizeHint().width()
        if self.safe_view.isVisibleTo(self.bar):
            others += self.safe_view.sizeHint().width()
        # The bar's own margins, its spacing between four widgets and its size grip.
        spare = self.bar.width() - others - 6 * self.bar.fontMetrics().averageCharWidth() - 24
        room = max(FOLDER_NARROWEST, min(FOLDER_WIDEST, spare))
        margins = self.folder.contentsMargins()
        set_elided_path(self.folder, self._folder, room - margins.left(), self._prefix)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.bar and event.type() == QEvent.Type.Resize:
            self.fit()
        return False
