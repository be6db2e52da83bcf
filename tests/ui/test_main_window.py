"""The main window end to end: unlock, add a case, work in it, back to the list; menus,
shortcuts, safe view, printing, the window's layout memory and the demo casebook."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import ClassVar

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from app.books import vault
from app.books.casebook import Casebook
from app.cases.records import Case, Stage, Status
from app.demo import DEMO_PASSPHRASE
from ui.application import Session
from ui.cases.new_case import NewCaseDialog
from ui.main_window import MainWindow
from ui.unlock import UnlockDialog
from ui.widgets.section import SectionPage
from ui.workspace.base import WorkspaceTab

from conftest import FLOOR_KDF, PASSPHRASE
from helpers import show_window_on, unlock


class PlainTab(WorkspaceTab):
    title = "&Overview"

    def reload(self) -> None:
        pass

    def save_pending(self) -> None:
        pass

    def clear(self) -> None:
        pass


class PrintableTab(PlainTab):
    title = "&Agreement"
    printed: ClassVar[list[int]] = []

    def print_document(self) -> None:
        PrintableTab.printed.append(self.case_id)


TABS = [PlainTab, PrintableTab]


@pytest.fixture
def session(qtbot: QtBot, casebook_folder: Path, tmp_path: Path) -> Iterator[Session]:
    made = Session(casebook_folder, kdf=FLOOR_KDF, demo_folder=tmp_path / "demo", tabs=lambda: TABS)
    yield made
    made.dispose()


@pytest.fixture
def window(qtbot: QtBot, casebook: Casebook) -> Iterator[MainWindow]:
    casebook.cases.add(
        Case(None, "MM-2026-001", "Ventilation review", Stage.FORMAL, Status.IN_MEDIATION,
             referred_on=date(2026, 3, 2))
    )  # fmt: skip
    made = show_window_on(qtbot, MainWindow(tabs=lambda: TABS), casebook)
    yield made
    made.clear()


def test_unlock_add_a_case_work_in_it_and_return(qtbot: QtBot, session: Session) -> None:
    window = unlock(qtbot, session, PASSPHRASE)
    assert window.showing_empty_state()
    assert window.focusWidget() is window.cases.create_button

    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = window.findChild(NewCaseDialog)
    assert dialog is not None and dialog.isVisible()
    reference = dialog.reference.text()
    qtbot.keyClicks(dialog.title, "Ventilation review")
    qtbot.keyClicks(dialog.nhs_number, "943 476 5918")  # last digit wrong
    error = dialog.errors["patient.nhs_number"]
    assert error.reason and "check digit" in error.reason

    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)  # refused
    assert dialog.isVisible() and session.casebook is not None
    assert session.casebook.cases.count() == 0
    assert "check digit" in error.reason and dialog.focusWidget() is dialog.nhs_number

    dialog.nhs_number.clear()
    qtbot.keyClicks(dialog.nhs_number, "9434765919")
    assert not error.reason
    qtbot.keyClick(dialog.title, Qt.Key.Key_Return)  # Enter: the default button

    assert not dialog.isVisible()
    workspace = window.workspace
    assert workspace is not None and window.case_stack.currentWidget() is workspace
    assert workspace.reference_label.text() == reference
    assert window.windowTitle() == f"Parley — Casebook — {reference}"
    assert session.casebook.cases.by_reference(reference).patient.nhs_number == "9434765919"
    assert window.close_case_action.isEnabled() and not window.find_action.isEnabled()
    # The list's count ("No cases match (of 78)" after a search) is not about the open case.
    assert not window.count_label.isVisible()

    qtbot.keyClick(workspace.tab_widget, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)

    assert window.workspace is None and window.case_stack.currentWidget() is window.cases
    assert window.windowTitle() == "Parley — Casebook"
    assert window.cases.table.currentIndex().data() == reference  # the case just left
    assert window.count_label.text() == "1 case" and window.count_label.isVisible()


def test_menus_shortcuts_and_navigation(window: MainWindow) -> None:
    def keys(action: object) -> str:
        return action.shortcut().toString()  # type: ignore[attr-defined]

    menus = [a.text() for a in window.menuBar().actions()]
    assert menus == ["&File", "&View", "C&ase", "&Help"]
    file_actions = [a for a in window.file_menu.actions() if not a.isSeparator()]
    assert file_actions == [
        window.new_case_action, window.import_action, window.lock_action,
        window.settings_action, window.quit_action,
    ]  # fmt: skip
    assert keys(window.new_case_action) == QKeySequence(QKeySequence.StandardKey.New).toString()
    assert keys(window.lock_action) == "Ctrl+L"
    assert keys(window.quit_action) in ("Ctrl+Q", "Alt+F4")
    assert window.safe_view_action in window.view_menu.actions()
    assert window.safe_view_action.isCheckable() and keys(window.safe_view_action)
    assert window.print_action in window.case_menu.actions()
    assert window.close_case_action in window.case_menu.actions()
    assert keys(window.print_action) == "Ctrl+P" and keys(window.find_action) == "Ctrl+F"
    assert window.toolbar.actions() == [window.safe_view_action, window.lock_action]
    # No dead entries: Cases is the only section until others register.
    assert window.navigation.count() == 1
    assert window.navigation.item(0).data(Qt.ItemDataRole.AccessibleTextRole) == "Cases"
    assert not window.close_case_action.isEnabled() and not window.print_action.isEnabled()


def test_find_focuses_the_search_box(qtbot: QtBot, window: MainWindow) -> None:
    window.cases.table.setFocus()
    qtbot.keyClick(window.cases.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.focusWidget() is window.cases.search_box


def test_safe_view_reaches_every_tab_and_shows_in_the_status_bar(
    qtbot: QtBot, window: MainWindow, casebook: Casebook
) -> None:
    window.open_case(casebook.cases.by_reference("MM-2026-001").id or 0)
    assert window.workspace is not None
    assert not any(tab.safe_view for tab in window.workspace.tabs)

    qtbot.keyClick(
        window.workspace.tab_widget,
        Qt.Key.Key_H,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )

    assert window.safe_view_action.isChecked()
    assert all(tab.safe_view for tab in window.workspace.tabs)
    assert window.safe_view_label.isVisible()
    window.close_case()
    window.open_case(casebook.cases.by_reference("MM-2026-001").id or 0)
    assert all(tab.safe_view for tab in window.workspace.tabs)  # a case opened later too

    window.safe_view_action.trigger()
    assert not any(tab.safe_view for tab in window.workspace.tabs)
    assert not window.safe_view_label.isVisible()


@pytest.mark.parametrize("width", [1000, 900])
def test_safe_views_notice_is_never_cut_the_folder_gives_way(
    qtbot: QtBot, window: MainWindow, width: int
) -> None:
    """At a small laptop's width, with safe view on, the notice and the lock hint are read
    whole; the book's folder is shortened in the middle instead (the tooltip has it all)."""
    window.resize(width, 700)
    window.safe_view_action.trigger()
    qtbot.waitUntil(lambda: window.safe_view_label.isVisible())
    for label in (window.count_label, window.safe_view_label, window.lock_hint):
        qtbot.waitUntil(lambda label=label: label.width() >= label.sizeHint().width())
    folder = window.folder_label
    assert folder.geometry().right() <= window.statusBar().width()
    assert folder.width() >= folder.sizeHint().width()  # its own (shortened) text fits
    assert "…" in folder.text() and folder.toolTip() == str(
        window.book.folder if window.book else ""
    )
    window.safe_view_action.trigger()  # off: the folder has its room back
    qtbot.waitUntil(lambda: len(folder.text()) > 0 and not window.safe_view_label.isVisible())


def test_print_goes_to_the_current_tab_when_it_can(window: MainWindow, casebook: Casebook) -> None:
    case_id = casebook.cases.by_reference("MM-2026-001").id or 0
    PrintableTab.printed = []
    window.open_case(case_id)
    assert window.workspace is not None
    assert not window.print_action.isEnabled()  # Overview cannot print

    window.workspace.tab_widget.setCurrentIndex(1)
    assert window.print_action.isEnabled()
    window.print_action.trigger()
    assert PrintableTab.printed == [case_id]


def test_window_layout_is_remembered_without_case_content(
    qtbot: QtBot, casebook: Casebook, tmp_path: Path
) -> None:
    casebook.cases.add(Case(None, "MM-2026-077", "Confidential title"))
    store = QSettings(str(tmp_path / "layout.ini"), QSettings.Format.IniFormat)
    first = MainWindow(settings=store)
    qtbot.addWidget(first)
    first.show_casebook(casebook)
    first.show()
    first.resize(780, 480)  # inside the offscreen 800 × 600 screen
    qtbot.waitExposed(first)
    first.clear()
    store.sync()

    text = (tmp_path / "layout.ini").read_bytes()
    assert b"geometry" in text
    assert b"MM-2026" not in text and b"Confidential" not in text

    second = MainWindow(settings=QSettings(str(tmp_path / "layout.ini"), store.format()))
    qtbot.addWidget(second)
    assert (second.width(), second.height()) == (780, 480)


def test_the_demo_casebook_is_made_then_offered_for_unlocking(
    qtbot: QtBot, session: Session, tmp_path: Path
) -> None:
    window = unlock(qtbot, session, PASSPHRASE)
    home = session.casebook
    assert home is not None
    qtbot.mouseClick(window.cases.demo_button, Qt.MouseButton.LeftButton)
    assert window.cases.demo_busy.isVisible() and not window.cases.demo_button.isEnabled()

    qtbot.waitUntil(lambda: session.casebook is None, timeout=15_000)
    dialog = session.dialog
    assert isinstance(dialog, UnlockDialog)
    assert dialog.folder == tmp_path / "demo" and vault.casebook_exists(tmp_path / "demo")
    assert not home.is_open and not window.isVisible()
    notes = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert DEMO_PASSPHRASE in notes
    assert dialog.quit_button.text() == "&Back to my casebook"

    dialog.reject()  # back to the mediator's own casebook, not out of Parley
    assert isinstance(session.dialog, UnlockDialog)
    assert session.dialog.folder == home.folder


def test_every_control_on_the_list_page_has_a_name(window: MainWindow) -> None:
    page = window.cases
    controls: list[QWidget] = [page.search_box, page.status_filter, page.stage_filter, page.table]
    assert all(control.accessibleName() for control in controls)
    assert window.navigation.accessibleName() == "Sections"
    assert QApplication.focusWidget() is page.search_box  # where the mediator starts


class RecordingPage(SectionPage):
    """A section page that remembers what the window asked of it."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[str] = []

    def show_casebook(self, casebook: Casebook) -> None:
        self.calls.append(f"show {casebook.folder.name}")

    def clear(self) -> list[str]:
        self.calls.append("clear")
        return []

    def set_safe_view(self, on: bool) -> None:
        self.calls.append(f"safe {on}")


def test_section_pages_follow_the_casebook_and_safe_view(qtbot: QtBot, casebook: Casebook) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    dashboard = RecordingPage()
    window.add_section("Dashboard", dashboard, first=True)
    assert window.navigation.item(0).text().strip() == "Dashboard"
    window.show_casebook(casebook)
    window.set_safe_view(True)
    window.clear()
    assert dashboard.calls == ["show casebook", "safe True", "clear"]
    # Added to a window that is already open, a page is shown the casebook at once.
    window.show_casebook(casebook)
    late = RecordingPage()
    window.add_section("Training", late)
    assert late.calls == ["show casebook"]


def test_locking_with_a_form_open_never_asks_whether_to_discard(
    qtbot: QtBot, casebook: Casebook, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The form is stored (or its reasons kept) and closed; locking must not stop to ask
    "Discard what you have typed?" about a form that wiped its confidential field on closing."""
    from app.cases.records import Party, PartyRole, Side
    from ui.workspace.parties_tab import PartiesTab
    from ui.workspace.party_dialog import PartyDialog

    case = casebook.cases.add(Case(None, "MM-2026-007", "Second opinion"))
    casebook.parties.add(Party(None, case.id or 0, "Siân Pritchard", PartyRole.PARENT,
                               Side.FAMILY, "07700 900141"))  # fmt: skip
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda _p, _t, text, *a: asked.append(text))
    made = MainWindow(tabs=lambda: [PartiesTab])
    qtbot.addWidget(made)
    made.show_casebook(casebook)
    made.open_case(case.id or 0)
    assert made.workspace is not None
    tab = made.workspace.tabs[0]
    assert isinstance(tab, PartiesTab)
    tab.table.setCurrentIndex(tab.model.index(0, 0))
    dialog = tab.edit_selected()
    assert isinstance(dialog, PartyDialog) and dialog.isVisible()

    assert made.clear() == []
    assert asked == [] and not dialog.isVisible()
