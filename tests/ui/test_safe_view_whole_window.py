"""Safe view hides, everywhere on screen, what identifies the patient or is confidential.

The casebook has a sentinel in every field. With safe view on, the test looks at what is
visible on every section and on every page of the open case (labels, fields, every model
behind every view with its tooltips, accessible names, window titles, the status bar): the
patient's name, date of birth, NHS number and hospital number, the case's title, and the
confidential texts are nowhere; the case's reference still is, so the mediator knows where
they are. Turning safe view off shows them again.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ui.application import Session
from ui.main_window import MainWindow
from ui.workspace.agreement_tab import AgreementTab

from conftest import PASSPHRASE
from filled_book import (
    BORN_SHOWN,
    CASE,
    DISCLOSURE,
    HOSPITAL_NUMBER,
    ISSUES,
    NHS_NUMBER,
    NHS_SHOWN,
    NOTE,
    PATIENT_NAME,
    PROPOSED,
    filled_session,
)
from helpers import unlock, window_text

IDENTIFIERS = [PATIENT_NAME, BORN_SHOWN, NHS_SHOWN, NHS_NUMBER, HOSPITAL_NUMBER, CASE["title"]]
CONFIDENTIAL = [CASE["summary"], NOTE, *ISSUES.values(), PROPOSED, DISCLOSURE["what"],
                DISCLOSURE["reason"]]  # fmt: skip
HIDDEN = IDENTIFIERS + CONFIDENTIAL


@pytest.fixture
def session(qtbot: QtBot, casebook_folder: Path, tmp_path: Path) -> Iterator[Session]:
    made = filled_session(casebook_folder, tmp_path)
    yield made
    made.dispose()


def _on_screen() -> str:
    QApplication.processEvents()
    shown = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    return window_text(*shown, visible_only=True)


def _every_screen(window: MainWindow) -> Iterator[str]:
    """Each section, then each page of the case, as the mediator would look through them;
    yields where the mediator is."""
    for row in range(window.navigation.count()):
        if window.navigation.item(row).isHidden():
            continue  # a section of the other kind of book
        window.navigation.setCurrentRow(row)
        yield window.navigation.item(row).text().strip()
    window.show_cases_section()
    case_id = window.casebook.cases.list_rows()[0].id if window.casebook else 0
    window.open_case(case_id)
    workspace = window.workspace
    assert workspace is not None
    for index in range(workspace.tab_widget.count()):
        workspace.tab_widget.setCurrentIndex(index)
        yield f"the case's {workspace.tab_widget.tabText(index).replace('&', '')} page"


def test_safe_view_hides_identifiers_and_titles_on_every_screen(
    qtbot: QtBot, session: Session
) -> None:
    window = unlock(qtbot, session, PASSPHRASE)
    window.set_safe_view(True)
    left = {}
    for place in _every_screen(window):
        shown = _on_screen()
        found = [s for s in HIDDEN if s in shown]
        if found:
            left[place] = found
        # The registers, the anonymous statistics and the contacts name no case.
        registers = ("Training", "Complaints", "Subject access", "Statistics", "Contacts")
        assert CASE["reference"] in shown or place in registers, place
    assert left == {}, left


def test_the_preview_of_the_agreement_waits_for_safe_view_to_end(
    qtbot: QtBot, session: Session
) -> None:
    window = unlock(qtbot, session, PASSPHRASE)
    case_id = window.casebook.cases.list_rows()[0].id if window.casebook else 0
    window.open_case(case_id)
    assert window.workspace is not None
    agreement = next(t for t in window.workspace.tabs if isinstance(t, AgreementTab))
    window.workspace.tab_widget.setCurrentWidget(agreement)
    preview = agreement.preview()
    assert preview is not None and preview.isVisible()

    window.set_safe_view(True)  # someone came in: the open preview goes
    qtbot.waitUntil(lambda: not preview.isVisible())
    assert agreement.preview() is None
    shown = _on_screen()
    assert PATIENT_NAME not in shown
    assert "safe view" in shown.lower()  # says why, and what to do

    window.set_safe_view(False)
    assert agreement.preview() is not None


def test_turning_safe_view_off_shows_everything_again(qtbot: QtBot, session: Session) -> None:
    window = unlock(qtbot, session, PASSPHRASE)
    window.set_safe_view(True)
    list(_every_screen(window))  # ends on the case's last page
    window.set_safe_view(False)
    assert window.workspace is not None
    shown = ""
    for index in range(window.workspace.tab_widget.count()):
        window.workspace.tab_widget.setCurrentIndex(index)
        shown += _on_screen()
    for sentinel in (PATIENT_NAME, BORN_SHOWN, NHS_SHOWN, HOSPITAL_NUMBER, CASE["title"]):
        assert sentinel in shown
