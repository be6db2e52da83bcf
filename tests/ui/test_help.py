"""Help: F1 opens the offline user guide, and the About box gives versions and licences."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.books.casebook import Casebook
from app.resources import resource_path
from ui.help import GUIDE, AboutDialog, GuideWindow
from ui.main_window import MainWindow


@pytest.fixture
def window(qtbot: QtBot, casebook: Casebook) -> Iterator[MainWindow]:
    made = MainWindow()
    qtbot.addWidget(made)
    made.show_casebook(casebook)
    made.show()
    qtbot.waitExposed(made)
    made.activateWindow()
    qtbot.waitUntil(made.isActiveWindow)
    yield made
    made.clear()


def test_f1_opens_the_user_guide(qtbot: QtBot, window: MainWindow) -> None:
    assert [a.text() for a in window.help_menu.actions()] == ["&User guide", "&About Parley"]
    qtbot.keyClick(window, Qt.Key.Key_F1)
    guide = window.findChild(GuideWindow)
    assert guide is not None and guide.isVisible()
    text = guide.browser.toPlainText()
    for topic in ("Safe view", "Ctrl+Shift+H", "Unlocking and locking", "Print", "Disclosures"):
        assert topic in text
    qtbot.keyClick(window, Qt.Key.Key_F1)  # again: the same window, not a second one
    assert len(window.findChildren(GuideWindow)) == 1


def test_the_guide_is_a_bundled_file_that_loads_nothing_from_outside() -> None:
    html = resource_path(*GUIDE).read_text(encoding="utf-8")
    assert not re.search(r"(?:src|href)\s*=", html, re.I)  # no link, image or style to fetch
    assert "http" not in html


def test_the_installer_bundles_the_guide() -> None:
    spec = (resource_path().parent / "installer" / "parley.spec").read_text(encoding="utf-8")
    assert '"resources" / "help"' in spec


def test_about_gives_versions_and_licences(qtbot: QtBot, window: MainWindow) -> None:
    window.about_action.trigger()
    about = next(w for w in QApplication.topLevelWidgets() if isinstance(w, AboutDialog))
    text = about.text.toPlainText()
    from app import __version__

    assert f"Parley {__version__}" in text
    for part in ("Python 3.", "Qt 6.", "PySide6", "LGPL-3.0", "reportlab", "pypdfium2",
                 "DejaVu"):  # fmt: skip
        assert part in text
    assert "not found" not in text  # every library named is the one shipped
    about.reject()
