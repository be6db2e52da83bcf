"""Help: F1 opens the offline user guide, and the About box gives versions and licences."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.books.casebook import Casebook
from app.cases.records import Case
from app.resources import resource_path
from ui.help import GUIDE, AboutDialog, GuideWindow
from ui.main_window import MainWindow

from conftest import PASSPHRASE
from filled_book import filled_session
from helpers import show_window_on, unlock


@pytest.fixture
def window(qtbot: QtBot, casebook: Casebook) -> Iterator[MainWindow]:
    made = show_window_on(qtbot, MainWindow(), casebook)
    yield made
    made.clear()


@pytest.fixture
def session_window(qtbot: QtBot, casebook: Casebook) -> Iterator[MainWindow]:
    """The whole window, with the registers' and the office's sections installed."""
    from ui.office.install import install_office
    from ui.registers.install import install_registers

    casebook.cases.add(Case(None, "MM-2026-050", "Feeding plan"))
    made = MainWindow()
    install_office(made, install_registers(made))
    yield show_window_on(qtbot, made, casebook)
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
    assert not re.search(r"src\s*=", html, re.I)  # no image or script to fetch
    assert "http" not in html and "file:" not in html
    links = re.findall(r"href\s*=\s*\"([^\"]*)\"", html, re.I)
    assert len(links) == len(re.findall(r"href\s*=", html, re.I))
    anchors = set(re.findall(r"<a name=\"([^\"]+)\"", html))
    # Every link is to one of the guide's own headings, and each heading is in the contents.
    assert links and all(link.startswith("#") for link in links)
    assert {link[1:] for link in links} == anchors


def _anchor_top(guide: GuideWindow, anchor: str) -> int:
    """Where the guide's scroll bar stands with ``anchor`` at the top of the window."""
    bar = guide.browser.verticalScrollBar()
    here = bar.value()
    guide.browser.scrollToAnchor(anchor)
    there = bar.value()
    bar.setValue(here)
    return there


@pytest.mark.parametrize(
    ("section", "anchor"),
    [("Training", "training"), ("Complaints", "complaints"), ("Subject access", "access"),
     ("Statistics", "statistics"), ("Contacts", "office"), ("Cases", "cases")],
)  # fmt: skip
def test_f1_opens_the_guide_at_the_page_in_view(
    qtbot: QtBot, session_window: MainWindow, section: str, anchor: str
) -> None:
    window = session_window
    labels = [window.navigation.item(i).text().strip() for i in range(window.navigation.count())]
    window.navigation.setCurrentRow(labels.index(section))
    qtbot.keyClick(window, Qt.Key.Key_F1)
    guide = window.findChild(GuideWindow)
    assert guide is not None and guide.isVisible()
    bar = guide.browser.verticalScrollBar()
    assert bar.value() == _anchor_top(guide, anchor) > 0
    # An open case: its own pages' part of the guide.
    if section == "Cases":
        guide.close()
        window.open_case(window.casebook.cases.list_rows()[0].id)  # type: ignore[union-attr]
        qtbot.keyClick(window, Qt.Key.Key_F1)
        guide = window.findChild(GuideWindow)
        assert guide is not None
        qtbot.waitUntil(
            lambda: guide.browser.verticalScrollBar().value() == _anchor_top(guide, "case")
        )


def test_the_contents_lead_to_their_headings_and_nothing_else_is_followed(
    qtbot: QtBot,
) -> None:
    guide = GuideWindow()
    qtbot.addWidget(guide)
    guide.show()
    qtbot.waitExposed(guide)
    bar = guide.browser.verticalScrollBar()
    assert bar.value() == 0 and bar.maximum() > 0
    guide.browser.anchorClicked.emit(QUrl("#keys"))
    assert bar.value() > 0  # scrolled down to "Keys", the last heading
    shown = guide.browser.toPlainText()
    guide.browser.anchorClicked.emit(QUrl("https://example.org/#keys"))
    guide.browser.anchorClicked.emit(QUrl("file:///etc/passwd"))
    assert guide.browser.toPlainText() == shown  # still the guide, nothing loaded


def test_the_guide_names_only_menu_entries_that_exist(
    qtbot: QtBot, casebook_folder: Path, tmp_path: Path
) -> None:
    """A mediator following the guide finds each "File > …" it names, as it is spelt."""
    html = resource_path(*GUIDE).read_text(encoding="utf-8").replace("&gt;", ">")
    html = re.sub(r"\s+", " ", html)
    named = re.findall(r"<b>(File|View|Case|Help) > ([^<]+)</b>", html)
    assert len(named) >= 5
    session = filled_session(casebook_folder, tmp_path)
    window = unlock(qtbot, session, PASSPHRASE)
    menus = {"File": window.file_menu, "View": window.view_menu, "Case": window.case_menu,
             "Help": window.help_menu}  # fmt: skip
    for menu, entry in named:
        texts = [a.text().replace("&", "") for a in menus[menu].actions()]
        assert entry in texts, f"{menu} > {entry} is not in the {menu} menu: {texts}"
    session.dispose()


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
