"""Where the mediator was when the casebook locked, to return there on unlocking.

A lock after five idle minutes comes in the middle of a meeting; unlocking onto the
Dashboard would send the mediator hunting for the case and page again. The place is held in
memory only (numbers, never case text), and only for the casebook it was taken in: the demo
or another casebook starts afresh, since the same case number names another case there.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from PySide6.QtWidgets import QListWidget

from app.books.casebook import Casebook
from app.errors import ParleyError
from ui.cases.case_list import CaseListPage
from ui.workspace.container import CaseWorkspace


class MainWindow(Protocol):
    """What of the main window a place is read from and shown in."""

    casebook: Casebook | None
    workspace: CaseWorkspace | None
    navigation: QListWidget
    cases: CaseListPage

    def open_case(self, case_id: int) -> None: ...


@dataclass(frozen=True)
class Place:
    folder: Path  # the casebook's folder
    section: int  # row in the navigation
    case_id: int | None  # the open case, if any
    tab: int  # its page
    selected_case: int | None  # the current row of the case list


def where(window: MainWindow) -> Place | None:
    """The window's place now; None when no casebook is shown."""
    if window.casebook is None:
        return None
    workspace = window.workspace
    return Place(
        folder=window.casebook.folder,
        section=window.navigation.currentRow(),
        case_id=workspace.case_id if workspace is not None else None,
        tab=workspace.tab_widget.currentIndex() if workspace is not None else -1,
        selected_case=window.cases.current_case_id(),
    )


def return_to(window: MainWindow, place: Place | None) -> bool:
    """Show ``place`` again if it was taken in the casebook now shown; True if it was.

    A case deleted meanwhile (by the command line, say) is simply not reopened.
    """
    casebook = window.casebook
    if place is None or casebook is None or place.folder != casebook.folder:
        return False
    if 0 <= place.section < window.navigation.count():
        window.navigation.setCurrentRow(place.section)
    if place.selected_case is not None:
        window.cases.select_case(place.selected_case)
    if place.case_id is not None:
        try:
            casebook.cases.get(place.case_id)
        except ParleyError:
            return True
        window.open_case(place.case_id)
        workspace = window.workspace
        if workspace is not None and 0 <= place.tab < workspace.tab_widget.count():
            workspace.tab_widget.setCurrentIndex(place.tab)
        # Opening the case shows the Cases section; the mediator may have been elsewhere.
        window.navigation.setCurrentRow(place.section)
    return True
