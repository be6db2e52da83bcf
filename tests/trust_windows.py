"""Fixtures the trust tests share, loaded by tests/conftest.py as a plugin: the main window
on the test casebook with the trust features installed, and a session whose file chooser
picks a given backup. Neither reaches a desktop bus: the screen-lock watcher is given
``NoBus`` for both."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from app.books.casebook import Casebook
from ui.application import Session
from ui.main_window import MainWindow, TabClasses
from ui.trust.install import TrustFeatures, install_trust, trust_features
from ui.worker import wait_for_background_work

from conftest import FLOOR_KDF
from filled_book import NoBus

#: Shows the window: ``tabs`` for MainWindow (None: the real workspace tabs), the rest for
#: install_trust (clocks, file choosers, a key derivation).
ShowWindow = Callable[..., MainWindow]


@pytest.fixture
def trusted_window(qtbot: QtBot, casebook: Casebook) -> Iterator[ShowWindow]:
    shown: list[MainWindow] = []

    def show(*, tabs: TabClasses | None = None, **options: Any) -> MainWindow:
        made = MainWindow(tabs=tabs)
        qtbot.addWidget(made)
        made.show_casebook(casebook)
        install_trust(made, None, session_bus=NoBus(), system_bus=NoBus(), **options)
        made.show()
        qtbot.waitExposed(made)
        shown.append(made)
        return made

    yield show
    for made in shown:
        made.clear()
    wait_for_background_work()


#: A session on a folder whose Restore from a backup… chooser answers with a backup file.
RestoringSession = Callable[[Path, Path], Session]


@pytest.fixture
def session_restoring(tmp_path: Path) -> Iterator[RestoringSession]:
    made: list[Session] = []

    def start(folder: Path, backup: Path) -> Session:
        def choose(_parent: object) -> Path:
            return backup

        session = Session(folder, kdf=FLOOR_KDF, demo_folder=tmp_path / "demo",
                          trust_options={"session_bus": NoBus(), "system_bus": NoBus(),
                                         "choose_restore_file": choose})  # fmt: skip
        made.append(session)
        return session

    yield start
    for session in made:
        session.dispose()


def features(window: MainWindow) -> TrustFeatures:
    """The trust features installed on ``window``."""
    found = trust_features(window)
    assert found is not None
    return found


def message_boxes(window: QWidget) -> list[QMessageBox]:
    """The message boxes ``window`` shows now."""
    return [box for box in window.findChildren(QMessageBox) if box.isVisible()]
