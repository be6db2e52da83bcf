"""Every window, dialog and tab, walked as a keyboard user meets them: no two visible controls
of one window share a mnemonic (the second one cannot be reached by its Alt key), and no text
names a key that does nothing there ("New meeting (Alt+G)" when Alt+G goes elsewhere), and
Ctrl+Enter saves every dialog that has a box for several lines (where Enter starts a line)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialog,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QMenuBar,
    QPlainTextEdit,
    QTabBar,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app.books import vault
from app.cases.records import Case, Stage
from app.registers.training import Course, CourseLength
from ui.application import Session
from ui.widgets.dates import DateField, DateTimeField

from conftest import FLOOR_KDF, PASSPHRASE
from filled_book import NoBus, fill
from window_walk import Screen, plain, walk

_MNEMONIC = re.compile(r"&([^&\s])")
# "Alt+G", "Ctrl+Shift+H", "F4", "Ctrl+Enter": a key named in a text. "Insert" and "Delete"
# alone are words too often to be read as keys.
_NAMED_KEY = re.compile(
    r"\b((?:(?:Ctrl|Alt|Shift|Meta)\+)+(?:F\d{1,2}|Up|Down|Left|Right|Enter|Return|Delete|"
    r"Insert|Home|End|Tab|Space|[A-Z0-9,\[\]]))(?![\w+])|\b(F\d{1,2})\b"
)
# Keys a widget handles itself, and the widget that must be on the screen for them to work
# (each is tested where the widget is: tests/ui/widgets/test_dates.py).
_HANDLED_BY = {"Alt+Down": (DateField, DateTimeField), "F4": (DateField, DateTimeField)}


@pytest.fixture
def session(qtbot: QtBot, casebook_folder: Path, tmp_path: Path) -> Iterator[Session]:
    fill(casebook_folder)
    # An empty case and a course without bookings: their pages show guidance instead.
    book = vault.open_with_passphrase(casebook_folder, PASSPHRASE)
    try:
        book.cases.add(Case(None, "MM-2026-099", "Nothing yet", Stage.EARLY))
        book.registers.courses.add(
            Course(None, "Empty course", CourseLength.HALF_DAY, date.today(), "Room 1", Decimal(0))
        )
    finally:
        book.close()
    made = Session(casebook_folder, kdf=FLOOR_KDF, demo_folder=tmp_path / "demo",
                   trust_options={"session_bus": NoBus(), "system_bus": NoBus()})  # fmt: skip
    yield made
    made.dispose()


def _on_screen(widget: QWidget, window: QWidget) -> bool:
    return widget.isVisible() and widget.window() is window


def _claims(widget: QWidget) -> list[tuple[str, str]]:
    """The texts by which ``widget`` claims an Alt key, and what it is."""
    if isinstance(widget, QAbstractButton):
        return [(widget.text(), "button")]
    if isinstance(widget, QLabel) and widget.buddy() is not None:
        return [(widget.text(), "label")]
    if isinstance(widget, QGroupBox):  # checkable or not: its letter takes the focus in
        return [(widget.title(), "group")]
    if isinstance(widget, QTabBar):
        return [(widget.tabText(i), "tab") for i in range(widget.count()) if widget.isTabVisible(i)]
    if isinstance(widget, QMenuBar):
        return [(action.text(), "menu") for action in widget.actions()]
    if isinstance(widget, QMenu):
        return [(action.text(), "menu entry") for action in widget.actions()
                if action.isVisible() and not action.isSeparator()]  # fmt: skip
    return []


def mnemonics(window: QWidget) -> dict[str, list[str]]:
    """Each Alt+letter of the controls visible in ``window``, and the controls that claim it."""
    claimed: dict[str, list[str]] = defaultdict(list)
    # A menu's entries answer their letters while it is open: one menu is one scope.
    widgets = [window] if isinstance(window, QMenu) else [window, *window.findChildren(QWidget)]
    for widget in widgets:
        if _on_screen(widget, window) or widget is window:
            for text, what in _claims(widget):
                if match := _MNEMONIC.search(text):
                    claimed[match.group(1).upper()].append(f"{what} “{plain(text)}”")
    return claimed


def _texts(window: QWidget) -> Iterator[tuple[QWidget, str]]:
    widgets = [window] if isinstance(window, QMenu) else [window, *window.findChildren(QWidget)]
    for widget in widgets:
        if not _on_screen(widget, window):
            continue
        yield widget, widget.toolTip()
        yield widget, widget.accessibleDescription()
        if isinstance(widget, QLabel | QAbstractButton):
            yield widget, widget.text()
        if isinstance(widget, QLineEdit):
            yield widget, widget.placeholderText()
    for action in window.actions() if isinstance(window, QMenu) else ():
        yield window, action.toolTip()


def _shortcuts(window: QWidget) -> set[str]:
    """The keys some action or shortcut of ``window`` answers to."""
    keys: set[str] = set()
    for action in window.findChildren(QAction):
        for sequence in action.shortcuts():
            keys.add(sequence.toString(QKeySequence.SequenceFormat.PortableText))
    for shortcut in window.findChildren(QShortcut):
        for sequence in shortcut.keys():  # noqa: SIM118 (a list of sequences, not a dict)
            keys.add(sequence.toString(QKeySequence.SequenceFormat.PortableText))
    return keys


def _same_key(named: str) -> str:
    """``named`` as Qt writes it ("Ctrl+Enter" and "Ctrl+Return" are one for a user)."""
    return QKeySequence(named).toString(QKeySequence.SequenceFormat.PortableText)


def key_problems(screen: Screen) -> list[str]:
    window = screen.window
    problems = [
        f"Alt+{letter} is claimed by {len(claims)}: " + ", ".join(claims)
        for letter, claims in mnemonics(window).items()
        if len(claims) > 1
    ]
    alt_letters = set(mnemonics(window))
    # A menu's entries answer to the keys of the window whose menu bar holds it.
    owner = window.parentWidget() if isinstance(window, QMenu) else None
    bound = _shortcuts(window) | _shortcuts(owner.window() if owner is not None else window)
    for _widget, text in _texts(window):
        for match in _NAMED_KEY.finditer(text or ""):
            named = match.group(1) or match.group(2)
            key = _same_key(named)
            if re.fullmatch(r"Alt\+[A-Z0-9]", key) and key[-1] in alt_letters:
                continue
            if key in bound or named in bound:
                continue
            handlers = _HANDLED_BY.get(named, ())
            if handlers and any(
                _on_screen(w, window)
                for w in window.findChildren(QWidget)
                if isinstance(w, handlers)
            ):
                continue
            problems.append(f"“{plain(text)}” names {named}, which does nothing here")
    if _has_box_for_lines(window) and not {"Ctrl+Return", "Ctrl+Enter"} <= bound:
        problems.append("a box for several lines, and Ctrl+Enter does not save")
    return problems


def _has_box_for_lines(window: QWidget) -> bool:
    """A dialog in which Enter starts a new line, so Ctrl+Enter must save."""
    boxes = window.findChildren(QPlainTextEdit) + window.findChildren(QTextEdit)
    return isinstance(window, QDialog) and any(
        _on_screen(box, window) and not box.isReadOnly() for box in boxes
    )


def test_no_window_shares_a_mnemonic_or_names_a_key_that_does_nothing(
    qtbot: QtBot, session: Session
) -> None:
    walked = walk(qtbot, session, key_problems)
    # The walk met the sections, the case's tabs and their dialogs (guards the walk itself).
    met = "\n".join(walked.screens)
    for expected in (
        "case MM-2026-099, tab Agreement",
        "“New meeting…” → “Parley — New meeting”",
        "“New booking…” → ",
        "section Complaints, “Edit…” → ",
        "menu “Change passphrase…” → “Parley — Change your passphrase”",
        "menu “New recovery key…” → “Parley — Make a new recovery key”",
        "a new recovery key, once made → “Parley — Your new recovery key”",
    ):
        assert expected in met, met
    assert walked.problems == []
