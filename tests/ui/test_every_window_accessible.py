"""Every window, dialog and tab, walked as a screen reader meets them: each control a person can
reach with Tab or click has a name that Qt's accessibility layer gives out (its own accessible
name, its text, or the label it is the buddy of)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QScrollBar,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from ui.application import Session

from conftest import FLOOR_KDF
from filled_book import NoBus, fill
from window_walk import Screen, walk

INTERACTIVE = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QAbstractItemView,
               QTextEdit, QPlainTextEdit, QAbstractSlider)  # fmt: skip


@pytest.fixture
def session(qtbot: QtBot, casebook_folder: Path, tmp_path: Path) -> Iterator[Session]:
    fill(casebook_folder)
    made = Session(casebook_folder, kdf=FLOOR_KDF, demo_folder=tmp_path / "demo",
                   trust_options={"session_bus": NoBus(), "system_bus": NoBus()})  # fmt: skip
    yield made
    made.dispose()


def _part_of_another(widget: QWidget) -> bool:
    """A piece Qt builds inside a control (a combo box's line, a scroll bar, a spin box's
    line): the control it belongs to carries the name."""
    parent = widget.parentWidget()
    if isinstance(widget, QScrollBar):
        return True
    while parent is not None:
        if isinstance(parent, QComboBox | QAbstractSpinBox | QAbstractItemView):
            return True
        parent = parent.parentWidget()
    return False


def spoken_name(widget: QWidget) -> str:
    """The name a screen reader is given for ``widget``."""
    interface = QAccessible.queryAccessibleInterface(widget)
    return interface.text(QAccessible.Text.Name).strip() if interface is not None else ""


def unnamed(screen: Screen) -> list[str]:
    window = screen.window
    if isinstance(window, QMenu):
        return [f"menu entry {i} has no text" for i, a in enumerate(window.actions())
                if not a.isSeparator() and not a.text().strip()]  # fmt: skip
    problems = []
    for widget in window.findChildren(QWidget):
        if (
            isinstance(widget, INTERACTIVE)
            and widget.isVisible()
            and widget.window() is window
            and widget.focusPolicy() != Qt.FocusPolicy.NoFocus
            and not _part_of_another(widget)
            and not spoken_name(widget)
        ):
            hint = widget.toolTip() or getattr(widget, "placeholderText", lambda: "")()
            problems.append(f"a {type(widget).__name__} with no name ({hint or 'no hint'})")
    return problems


def test_every_control_a_person_can_reach_has_a_spoken_name(qtbot: QtBot, session: Session) -> None:
    walked = walk(qtbot, session, unnamed)
    assert len(walked.screens) > 30  # the walk met the windows, not just the first
    assert walked.problems == []


def test_the_check_hears_what_a_screen_reader_hears(qtbot: QtBot) -> None:
    """A field named by its label's buddy is named; a bare one is not (guards the check)."""
    from PySide6.QtWidgets import QFormLayout, QLabel

    form = QWidget()
    layout = QFormLayout(form)
    named, bare = QLineEdit(form), QLineEdit(form)
    label = QLabel("&Court:", form)
    label.setBuddy(named)
    layout.addRow(label, named)
    layout.addRow(QLabel("Hearing:", form), bare)  # a label that is no one's buddy names nothing
    qtbot.addWidget(form)
    form.show()
    assert spoken_name(named) == "Court:"
    assert unnamed(Screen(form, "form")) == ["a QLineEdit with no name (no hint)"]
