"""A dashboard's frame, shared by the casebook's dashboard and the office's: the day as its
heading, a line that says when the dashboard could not be read, and the panels in a grid
whose columns share the width and whose rows share the height. Tab visits the panels row
by row (each panel's list, or its guidance when it has nothing to list); a row of one panel
(the casebook's chart) spans the grid's width."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtWidgets import QGridLayout, QVBoxLayout, QWidget

from app.errors import ParleyError
from ui.widgets.forms import set_tab_order
from ui.widgets.lists import ListPanel, weekday_date
from ui.widgets.messages import InlineMessage, Kind, heading


def _focusable(panel: QWidget) -> list[QWidget]:
    """What Tab stops at in a panel. A list panel's focus proxy changes as it fills (its list,
    or its guidance when empty), and Qt fixes a tab order by the proxies of the moment: both
    are put in the order, and Tab passes over the one hidden."""
    if isinstance(panel, ListPanel):
        return [panel.view, panel.empty]
    return [panel.focusProxy() or panel]


class PanelGrid(QWidget):
    """See the module's docstring. ``rows`` are the panels, top row first."""

    def __init__(self, rows: Sequence[Sequence[QWidget]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = heading("", self, scale=1.5)
        self.title.setAccessibleName("Dashboard")
        self.message = InlineMessage(self)
        self.rows = [list(row) for row in rows]
        columns = max(len(row) for row in self.rows)
        grid = QGridLayout()
        for r, row in enumerate(self.rows):
            for c, panel in enumerate(row):
                grid.addWidget(panel, r, c, 1, columns if len(row) == 1 else 1)
            grid.setRowStretch(r, 1)
        for c in range(columns):
            grid.setColumnStretch(c, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.message)
        layout.addLayout(grid, 1)
        set_tab_order(*(w for row in self.rows for panel in row for w in _focusable(panel)))

    def lists(self) -> list[ListPanel]:
        return [panel for row in self.rows for panel in row if isinstance(panel, ListPanel)]

    def begin(self, today: date) -> None:
        """A new reading: the day as the heading, any earlier problem gone."""
        self.title.setText(weekday_date(today))
        self.message.clear()

    def failed(self, error: ParleyError) -> None:
        self.message.show_message(f"The dashboard could not be read. {error}", Kind.ERROR)

    def clear(self) -> None:
        """Locked: no day, no problem, no item of any list."""
        self.title.clear()
        self.message.clear()
        for panel in self.lists():
            panel.set_items([], "")
