"""What the main window remembers between sessions: its size and place, and the case list's
columns. Kept in QSettings, so never anything from a case (no title, no reference, no
search), and never larger than a small laptop's screen."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QHeaderView, QWidget

GEOMETRY = "main_window/geometry"
CASE_COLUMNS = "main_window/case_columns"


def size_to_screen(window: QWidget, width: int, height: int) -> None:
    """Room for full titles and dates, but never larger than a small laptop's screen."""
    screen = QGuiApplication.primaryScreen()
    if screen is not None:
        available = screen.availableGeometry()
        width = min(width, int(available.width() * 0.9))
        height = min(height, int(available.height() * 0.9))
    window.resize(width, height)


def restore_layout(settings: QSettings | None, window: QWidget, columns: QHeaderView) -> None:
    if settings is None:
        return
    geometry = settings.value(GEOMETRY)
    if isinstance(geometry, QByteArray):
        window.restoreGeometry(geometry)
    state = settings.value(CASE_COLUMNS)
    if isinstance(state, QByteArray):
        columns.restoreState(state)


def remember_layout(settings: QSettings | None, window: QWidget, columns: QHeaderView) -> None:
    if settings is None or not window.isVisible():
        return
    settings.setValue(GEOMETRY, window.saveGeometry())
    settings.setValue(CASE_COLUMNS, columns.saveState())
