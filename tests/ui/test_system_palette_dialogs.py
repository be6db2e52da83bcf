"""Every dialog, not only the main windows, follows the system's colours: dark and high
contrast leave every text readable (WCAG's 4.5:1), the reasons and warnings beside fields
included. The walk opens each dialog every window offers, as the keyboard walk does."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QMenu
from pytestqt.qtbot import QtBot
from test_system_palette import DARK, HIGH_CONTRAST, unreadable

from app.books.casebook import Casebook
from app.cases.records import Case
from ui.application import Session
from ui.workspace.party_dialog import PartyDialog

from conftest import FLOOR_KDF
from filled_book import NoBus, fill
from window_walk import Screen, walk

PALETTES = pytest.mark.parametrize("palette", [DARK, HIGH_CONTRAST], ids=["dark", "high contrast"])


@pytest.fixture
def system_colours() -> Iterator[None]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    light = app.palette()
    yield
    app.setPalette(light)


@pytest.fixture
def session(qtbot: QtBot, casebook_folder: Path, tmp_path: Path) -> Iterator[Session]:
    fill(casebook_folder)
    made = Session(casebook_folder, kdf=FLOOR_KDF, demo_folder=tmp_path / "demo",
                   trust_options={"session_bus": NoBus(), "system_bus": NoBus()})  # fmt: skip
    yield made
    made.dispose()


def _unreadable_dialogs(screen: Screen) -> list[str]:
    if isinstance(screen.window, QMenu) or not screen.where.count("“"):
        return []  # the main window's sections and tabs: test_system_palette walks those
    return unreadable(screen.window)


@PALETTES
def test_every_dialog_is_readable_in_the_system_colours(
    qtbot: QtBot, session: Session, system_colours: None, palette: QPalette
) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    app.setPalette(palette)
    walked = walk(qtbot, session, _unreadable_dialogs)
    assert len(walked.screens) > 30
    assert walked.problems == []


@PALETTES
def test_reasons_and_warnings_are_readable_in_the_system_colours(
    qtbot: QtBot, casebook: Casebook, system_colours: None, palette: QPalette
) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    app.setPalette(palette)
    case_id = casebook.cases.add(Case(None, "MM-2026-001", "Feeding plan")).id or 0
    dialog = PartyDialog(casebook, case_id)
    qtbot.addWidget(dialog, before_close_func=lambda d: d.discard())
    dialog.show()
    qtbot.waitExposed(dialog)
    assert not dialog.save()  # "This cannot be empty" beside the name
    dialog.errors["consent_how"].show_warning("Overlaps a joint meeting of MM-2026-002")
    QApplication.processEvents()
    assert dialog.errors["name"].label.text() and dialog.errors["consent_how"].label.text()
    assert unreadable(dialog) == []
