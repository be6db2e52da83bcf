"""A quiet banner at the top of the main window when a backup is due.

Due means no backup yet, or the last one older than the casebook's setting (7 days unless
changed), as ``app.books.backup.backup_due`` decides. The banner never blocks work: "Back up
now…" starts a backup, "Not now" hides it until the next unlock. The clock is injectable so
tests move time on instead of waiting days.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyle,
    QWidget,
)

from app.books.backup import backup_due, last_backup_at
from app.books.book import Book
from app.errors import ParleyError
from app.formatting import format_date

#: How often an open casebook is looked at again (a laptop may stay unlocked for days).
RECHECK_MS = 60 * 60 * 1000

Now = Callable[[], datetime]


def reminder_text(last: datetime | None, now: datetime) -> str:
    """What the banner says: "No backup yet…" or "Last backup 9 days ago (5 May 2026)…"."""
    if last is None:
        return (
            "No backup yet. A backup keeps this book safe if this laptop is lost, stolen or broken."
        )
    days = (now.date() - last.date()).days
    if days <= 0:
        ago = "today"
    elif days == 1:
        ago = "yesterday"
    else:
        ago = f"{days} days ago"
    return f"Last backup {ago} ({format_date(last.date())}). Time for a new one."


def banner_palette(system: QPalette) -> QPalette:
    """The window colour tinted towards the selection colour: visible in light and dark."""
    palette = QPalette(system)
    base = palette.color(QPalette.ColorRole.Window)
    accent = palette.color(QPalette.ColorRole.Highlight)
    tint = 0.18

    def mix(a: int, b: int) -> int:
        return round(a * (1 - tint) + b * tint)

    palette.setColor(
        QPalette.ColorRole.Window,
        QColor(mix(base.red(), accent.red()), mix(base.green(), accent.green()),
               mix(base.blue(), accent.blue())),
    )  # fmt: skip
    return palette


class BackupReminder(QFrame):
    """The banner. Call ``refresh`` when the casebook opens; ``reset`` when it locks."""

    back_up_requested = Signal()

    def __init__(self, parent: QWidget | None = None, *, now: Now = datetime.now) -> None:
        super().__init__(parent)
        self._now = now
        self._casebook: Book | None = None
        self._dismissed = False
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self._tinting = False
        self._tint()
        self.setAccessibleName("Backup reminder")

        icon = QLabel(self)
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        standard = QStyle.StandardPixmap.SP_MessageBoxInformation
        icon.setPixmap(self.style().standardIcon(standard).pixmap(size, size))
        self.label = QLabel(self)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        # No Alt key of its own: beside it, Alt+B is "Back to cases" or "New booking". The
        # keyboard reaches it as File → Back up now… (Alt+F, B).
        self.back_up_button = QPushButton("Back up now…", self)
        self.back_up_button.setAutoDefault(False)
        self.later_button = QPushButton("Not now", self)
        self.later_button.setAutoDefault(False)
        self.later_button.setToolTip("Hide this reminder until Parley is next unlocked")
        row = QHBoxLayout(self)
        char = self.fontMetrics().averageCharWidth()
        row.setContentsMargins(char * 2, char, char, char)
        row.addWidget(icon, 0, Qt.AlignmentFlag.AlignVCenter)
        row.addWidget(self.label, 1)
        row.addWidget(self.back_up_button)
        row.addWidget(self.later_button)

        self.back_up_button.clicked.connect(self.back_up_requested)
        self.later_button.clicked.connect(self.dismiss)
        self.timer = QTimer(self)
        self.timer.setInterval(RECHECK_MS)
        self.timer.timeout.connect(lambda: self.refresh(self._casebook))
        self.hide()

    def _tint(self) -> None:
        # From the application's colours, not the banner's own (already tinted) ones.
        self._tinting = True
        try:
            self.setPalette(banner_palette(QApplication.palette(self)))
        finally:
            self._tinting = False

    def changeEvent(self, event: QEvent) -> None:
        # The system's colours changed (dark mode at dusk, high contrast): tint afresh, or the
        # banner keeps a light background under the new light text.
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and not self._tinting:
            self._tint()

    def refresh(self, casebook: Book | None) -> None:
        """Show or hide the banner for ``casebook`` as it is now."""
        self._casebook = casebook if casebook is not None and casebook.is_open else None
        if self._casebook is None:
            self.timer.stop()
            self.hide()
            return
        if not self.timer.isActive():
            self.timer.start()
        now = self._now()
        try:
            due = backup_due(self._casebook, now)
            last = last_backup_at(self._casebook) if due else None
        except ParleyError:
            due = False  # a casebook that cannot be read has bigger news than this
        if not due or self._dismissed:
            self.hide()
            return
        self.label.setText(reminder_text(last, now))
        self.setAccessibleDescription(self.label.text())
        self.show()

    def dismiss(self) -> None:
        self._dismissed = True
        self.hide()

    def reset(self) -> None:
        """The casebook locked: forget it, and remind afresh after the next unlock."""
        self._dismissed = False
        self.refresh(None)
