"""Parley follows the system's colours, dark and high contrast included, even when they change
while it is open: every text on every section and every tab of a case stays readable (WCAG's
4.5:1 between the text and what it is drawn on)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from ui.application import Session
from ui.main_window import MainWindow

from conftest import FLOOR_KDF, PASSPHRASE
from filled_book import NoBus, fill
from helpers import unlock

Role = QPalette.ColorRole


def _palette(colours: dict[QPalette.ColorRole, str]) -> QPalette:
    palette = QPalette()
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    return palette


DARK = _palette({Role.Window: "#2b2b2b", Role.WindowText: "#e6e6e6", Role.Base: "#1e1e1e",
                 Role.AlternateBase: "#262626", Role.Text: "#e6e6e6", Role.Button: "#353535",
                 Role.ButtonText: "#e6e6e6", Role.Highlight: "#3d6fb4",
                 Role.HighlightedText: "#ffffff", Role.PlaceholderText: "#9a9a9a",
                 Role.ToolTipBase: "#2b2b2b", Role.ToolTipText: "#e6e6e6"})  # fmt: skip
HIGH_CONTRAST = _palette({Role.Window: "#000000", Role.WindowText: "#ffffff",
                          Role.Base: "#000000", Role.AlternateBase: "#000000",
                          Role.Text: "#ffffff", Role.Button: "#000000",
                          Role.ButtonText: "#ffffff", Role.Highlight: "#ffff00",
                          Role.HighlightedText: "#000000", Role.PlaceholderText: "#c0c0c0",
                          Role.ToolTipBase: "#000000", Role.ToolTipText: "#ffffff"})  # fmt: skip


def _luminance(colour: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return (0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF())
            + 0.0722 * channel(colour.blueF()))  # fmt: skip


def contrast(a: QColor, b: QColor) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _drawn_on(widget: QWidget) -> QColor:
    """The colour behind ``widget``: its own background if it fills it, else its parent's."""
    current: QWidget | None = widget
    while current is not None:
        if current.autoFillBackground() or current.isWindow():
            return current.palette().color(current.backgroundRole())
        current = current.parentWidget()
    return widget.palette().color(Role.Window)


def unreadable(window: QWidget) -> list[str]:
    found = []
    for label in window.findChildren(QLabel):
        if label.isVisible() and label.isEnabled() and label.text().strip():
            text = label.palette().color(label.foregroundRole())
            ratio = contrast(text, _drawn_on(label))
            if ratio < 4.5:
                found.append(f"“{label.text()[:40]}” at {ratio:.1f}:1")
    return found


@pytest.fixture
def window(qtbot: QtBot, casebook_folder: Path, tmp_path: Path) -> Iterator[MainWindow]:
    fill(casebook_folder)
    session = Session(casebook_folder, kdf=FLOOR_KDF, demo_folder=tmp_path / "demo",
                      trust_options={"session_bus": NoBus(), "system_bus": NoBus()})  # fmt: skip
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    light = app.palette()
    yield unlock(qtbot, session, PASSPHRASE)
    app.setPalette(light)
    session.dispose()


@pytest.mark.parametrize("palette", [DARK, HIGH_CONTRAST], ids=["dark", "high contrast"])
def test_every_text_stays_readable_when_the_system_colours_change(
    qtbot: QtBot, window: MainWindow, palette: QPalette
) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    # Opened in the light colours, as the mediator started the day; then the system changes.
    app.setPalette(palette)
    QApplication.processEvents()
    problems = []
    for row in range(window.navigation.count()):
        window.navigation.setCurrentRow(row)
        QApplication.processEvents()
        section = window.navigation.item(row).text().strip()
        problems += [f"{section}: {problem}" for problem in unreadable(window)]
    [case] = window.casebook.cases.list_rows() if window.casebook else []
    window.show_cases_section()
    window.open_case(case.id)
    workspace = window.workspace
    assert workspace is not None
    for index in range(workspace.tab_widget.count()):
        workspace.tab_widget.setCurrentIndex(index)
        QApplication.processEvents()
        tab = workspace.tab_widget.tabText(index).replace("&", "")
        problems += [f"case, tab {tab}: {problem}" for problem in unreadable(window)]
    assert problems == []
