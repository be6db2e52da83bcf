"""The case workspace container: tabs made from the registry, kept in step, cleared, left."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from app.books.casebook import Casebook
from app.cases.records import Case, Note, Stage, Status
from app.errors import InvalidValue
from ui.main_window import MainWindow
from ui.workspace import tabs as tab_registry
from ui.workspace.base import WorkspaceTab
from ui.workspace.container import CaseWorkspace

from helpers import window_text


class NotesTab(WorkspaceTab):
    """Stores what is typed as a note when asked to save; counts what it is asked to do."""

    title = "&Notes"

    def __init__(self, casebook: Casebook, case_id: int, parent: QWidget | None = None) -> None:
        super().__init__(casebook, case_id, parent)
        self.editor = QLineEdit(self)
        self.reloads = 0

    def reload(self) -> None:
        self.reloads += 1

    def save_pending(self) -> None:
        if self.editor.text():
            note = Note(None, self.case_id, self.editor.text(), datetime(2026, 4, 9, 9, 0))
            self.casebook.notes.add(note)
            self.editor.clear()
            self.case_changed.emit()

    def clear(self) -> None:
        self.editor.clear()


class OverviewTab(WorkspaceTab):
    title = "&Overview"

    def __init__(self, casebook: Casebook, case_id: int, parent: QWidget | None = None) -> None:
        super().__init__(casebook, case_id, parent)
        self.reloads = 0
        self.refuse = False

    def reload(self) -> None:
        self.reloads += 1

    def save_pending(self) -> None:
        if self.refuse:
            raise InvalidValue("patient.nhs_number", "the check digit does not match")

    def clear(self) -> None:
        pass


@pytest.fixture
def case_id(casebook: Casebook) -> int:
    case = casebook.cases.add(
        Case(None, "MM-2026-007", "Feeding plan", Stage.FORMAL, Status.IN_MEDIATION,
             referred_on=date(2026, 3, 2))
    )  # fmt: skip
    return case.id or 0


@pytest.fixture
def workspace(qtbot: QtBot, casebook: Casebook, case_id: int) -> Iterator[CaseWorkspace]:
    made = CaseWorkspace(casebook, case_id, tabs=[OverviewTab, NotesTab])
    qtbot.addWidget(made)
    made.show()
    yield made


def _tab(workspace: CaseWorkspace, cls: type[WorkspaceTab]) -> WorkspaceTab:
    return next(tab for tab in workspace.tabs if isinstance(tab, cls))


def test_header_and_tabs(workspace: CaseWorkspace) -> None:
    assert workspace.reference_label.text() == "MM-2026-007"
    assert workspace.title_label.text() == "Feeding plan"
    assert workspace.stage_label.text() == "Formal mediation · In mediation"
    assert [workspace.tab_widget.tabText(i) for i in range(2)] == ["&Overview", "&Notes"]
    assert all(tab.reloads == 1 for tab in workspace.tabs)  # type: ignore[attr-defined]


def test_tabs_come_from_the_registry(
    qtbot: QtBot, casebook: Casebook, case_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tab_registry, "default_tabs", lambda: [NotesTab])
    made = CaseWorkspace(casebook, case_id)
    qtbot.addWidget(made)
    assert [type(tab) for tab in made.tabs] == [NotesTab]
    assert not made.placeholder.isVisibleTo(made)


def test_no_registered_tabs_says_so(qtbot: QtBot, casebook: Casebook, case_id: int) -> None:
    made = CaseWorkspace(casebook, case_id, tabs=[])
    qtbot.addWidget(made)
    assert made.placeholder.isVisibleTo(made)


def test_save_pending_asks_every_tab_even_after_a_refusal(
    workspace: CaseWorkspace, casebook: Casebook, case_id: int
) -> None:
    overview = _tab(workspace, OverviewTab)
    overview.refuse = True  # type: ignore[attr-defined]
    _tab(workspace, NotesTab).editor.setText("Agreed to meet on Tuesday")  # type: ignore[attr-defined]

    problems = workspace.save_pending()

    assert problems == ["Overview: patient.nhs_number: the check digit does not match"]
    assert [n.text for n in casebook.notes.for_case(case_id)] == ["Agreed to meet on Tuesday"]


def test_a_save_in_one_tab_refreshes_the_others_when_shown(
    workspace: CaseWorkspace, casebook: Casebook
) -> None:
    notes, overview = _tab(workspace, NotesTab), _tab(workspace, OverviewTab)
    changed: list[int] = []
    workspace.case_changed.connect(changed.append)
    workspace.tab_widget.setCurrentWidget(notes)
    notes.editor.setText("Spoke to the consultant")  # type: ignore[attr-defined]

    workspace.tab_widget.setCurrentWidget(overview)  # leaving the page stores its text

    assert changed == [workspace.case_id]
    assert overview.reloads == 2  # type: ignore[attr-defined]
    assert notes.reloads == 1  # type: ignore[attr-defined]


def test_the_header_follows_changes_to_the_case(
    workspace: CaseWorkspace, casebook: Casebook
) -> None:
    case = casebook.cases.get(workspace.case_id)
    from dataclasses import replace

    casebook.cases.update(replace(case, status=Status.AGREED))
    _tab(workspace, OverviewTab).case_changed.emit()
    assert workspace.stage_label.text() == "Formal mediation · Agreed"


def test_clear_and_safe_view_reach_every_tab(workspace: CaseWorkspace) -> None:
    tabs = list(workspace.tabs)
    workspace.set_safe_view(True)
    assert all(tab.safe_view for tab in tabs)

    _tab(workspace, NotesTab).editor.setText("half-typed")  # type: ignore[attr-defined]
    workspace.clear()
    assert tabs[1].editor.text() == ""  # type: ignore[attr-defined]
    assert workspace.tabs == [] and workspace.tab_widget.count() == 0
    assert workspace.casebook is None and workspace.title_label.text() == ""
    # Not even a screen reader finds which case it was.
    assert workspace.case.reference not in window_text(workspace)


def test_back_by_button_alt_left_and_escape(qtbot: QtBot, workspace: CaseWorkspace) -> None:
    backs: list[bool] = []
    workspace.back_requested.connect(lambda: backs.append(True))
    workspace.activateWindow()
    qtbot.waitUntil(workspace.isActiveWindow)

    qtbot.mouseClick(workspace.back_button, Qt.MouseButton.LeftButton)
    assert len(backs) == 1
    workspace.tab_widget.setFocus()
    qtbot.keyClick(workspace.tab_widget, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert len(backs) == 2
    qtbot.keyClick(workspace.tab_widget, Qt.Key.Key_Escape)
    assert len(backs) == 3

    editor = _tab(workspace, NotesTab).editor  # type: ignore[attr-defined]
    workspace.tab_widget.setCurrentIndex(1)
    editor.setFocus()
    qtbot.keyClick(editor, Qt.Key.Key_Escape)  # Esc in a text field is the field's
    assert len(backs) == 3


def test_a_saved_case_refreshes_its_row_in_the_list(
    qtbot: QtBot, casebook: Casebook, case_id: int
) -> None:
    window = MainWindow(tabs=lambda: [OverviewTab, NotesTab])
    qtbot.addWidget(window)
    window.show_casebook(casebook)
    assert window.cases.model.index(0, 5).data() == ""  # no activity yet

    window.open_case(case_id)
    assert window.workspace is not None
    notes = _tab(window.workspace, NotesTab)
    notes.editor.setText("First contact with the family")  # type: ignore[attr-defined]
    notes.save_pending()

    assert window.cases.model.index(0, 5).data() == "9 April 2026"
    window.clear()
