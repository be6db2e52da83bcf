"""What every page of the case workspace promises the window around it.

The window (and locking) relies on these four calls, so each tab keeps its own state and
never reaches into another's. Tabs get data from ``app`` services as dataclasses and write
through the stores; none of them holds a database connection of its own.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from app.books.casebook import Casebook


class WorkspaceTab(QWidget):
    """One page of a case. Subclasses set ``title`` and implement the four methods."""

    #: The tab's label, with an ampersand for its Alt shortcut (e.g. "&Parties").
    title = ""
    #: Something in the case was saved: the case list may refresh its "last activity".
    case_changed = Signal()

    def __init__(self, casebook: Casebook, case_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.casebook = casebook
        self.case_id = case_id
        self.safe_view = False

    def reload(self) -> None:
        """Read the case afresh from the casebook and show it."""
        raise NotImplementedError

    def save_pending(self) -> None:
        """Store any edit still in progress (called before locking or closing): nothing
        the mediator typed may be lost. Invalid input stays on screen with its reason."""
        raise NotImplementedError

    def clear(self) -> None:
        """Forget everything shown (called when locking): no case text may stay in a widget."""
        raise NotImplementedError

    def set_safe_view(self, on: bool) -> None:
        """Hide (or show again) confidential note text, for when others can see the screen."""
        self.safe_view = on


@runtime_checkable
class Printable(Protocol):
    """A tab whose content can be printed: the main window's Print action (Ctrl+P) is
    offered while one is shown, and calls this."""

    def print_document(self) -> object:
        """Print through the print dialog; what it returns is the tab's own business."""
        ...
