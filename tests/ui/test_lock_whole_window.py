"""Locking the whole main window, with every section and every page of a case filled in,
leaves no confidential or identifying text in any widget of the application.

Every text field of a case (its patient and court, parties, meetings, notes, issues, terms
and a disclosure) and of the registers (a course, its bookings, complaints) holds its own
sentinel. The test first proves that the screen scraper finds each sentinel while the
casebook is open, then locks the way the session does and looks again, everywhere: labels,
fields, every model behind every view, combo boxes, buttons, tooltips, accessible names,
window titles, tab titles and the status bar, of every window Qt still has.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ui.application import Session
from ui.workspace.agreement_tab import AgreementTab
from ui.workspace.parties_tab import PartiesTab

from conftest import FLOOR_KDF, PASSPHRASE
from filled_book import NHS_NUMBER, SENTINELS, NoBus, fill
from helpers import unlock, window_text


@pytest.fixture
def session(qtbot: QtBot, casebook_folder: Path, tmp_path: Path) -> Iterator[Session]:
    fill(casebook_folder)
    made = Session(casebook_folder, kdf=FLOOR_KDF, demo_folder=tmp_path / "demo",
                   trust_options={"session_bus": NoBus(), "system_bus": NoBus()})  # fmt: skip
    yield made
    made.dispose()


def _everything_on_screen() -> str:
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QApplication.processEvents()
    return window_text(*QApplication.topLevelWidgets())


def test_locking_leaves_no_confidential_or_identifying_text_anywhere(
    qtbot: QtBot, session: Session
) -> None:
    window = unlock(qtbot, session, PASSPHRASE)

    # Every section, as a mediator would look through them.
    pages = {window.navigation.item(row).text().strip(): row
             for row in range(window.navigation.count())}  # fmt: skip
    for name in ("Dashboard", "Training", "Complaints", "Cases"):
        window.navigation.setCurrentRow(pages[name])
    training = window.sections.widget(pages["Training"])
    complaints = window.sections.widget(pages["Complaints"])
    training.bookings_box.table.setCurrentIndex(training.bookings_box.proxy.index(0, 0))
    assert training.edit_booking() is not None  # the form holds the address

    # The case, every page of it, with a form and the preview left open.
    [row] = session.casebook.cases.list_rows() if session.casebook else []
    window.open_case(row.id)
    workspace = window.workspace
    assert workspace is not None
    for index in range(workspace.tab_widget.count()):
        workspace.tab_widget.setCurrentIndex(index)
        QApplication.processEvents()
    tabs = {tab.title.replace("&", ""): tab for tab in workspace.tabs}
    assert isinstance(tabs["Agreement"], AgreementTab) and isinstance(tabs["Parties"], PartiesTab)
    assert tabs["Agreement"].preview() is not None
    assert tabs["Parties"].edit_selected() is not None  # the form holds the contact details
    assert complaints.edit_complaint() is not None

    shown = _everything_on_screen()
    # The NHS number is shown in three groups, never as the ten digits stored.
    missing = [s for s in SENTINELS if s not in shown and s != NHS_NUMBER]
    assert missing == [], f"the scraper must see each sentinel before locking: {missing}"

    pages = [window.sections.widget(i) for i in range(window.sections.count())]
    session.lock()

    # Each page and each tab of the case has forgotten what it showed, at once...
    cleared = window_text(*pages, *workspace.tabs, dialogs=False)
    assert [sentinel for sentinel in SENTINELS if sentinel in cleared] == []
    # ...and once the closed windows are gone, nothing is left anywhere.
    left = _everything_on_screen()
    assert [sentinel for sentinel in SENTINELS if sentinel in left] == []
    assert "Qq" not in left
