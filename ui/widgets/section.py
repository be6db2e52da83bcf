"""What a page in the main window's navigation promises (Cases, Dashboard, Training…).

The window shows each page the open book (a casebook, or the office's book, for the pages
its role shows), clears it when locking, and passes safe view on; a page reads and writes
only through ``app`` services.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from app.books.kinds import AnyBook


class SectionPage(QWidget):
    """One section of the main window. Subclasses implement the three methods."""

    def show_casebook(self, casebook: AnyBook) -> None:
        """The book was unlocked (or the page was added to an unlocked window). The window
        shows a page only the books its section is for (``MainWindow.add_section``)."""
        raise NotImplementedError

    def clear(self) -> list[str]:
        """Store pending input, then forget everything shown (the casebook is locking).

        Returns why any typed input could not be stored, as the workspace does.
        """
        raise NotImplementedError

    def set_safe_view(self, on: bool) -> None:
        """Hide (or show again) confidential text; pages with none may ignore it."""
