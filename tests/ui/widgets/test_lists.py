"""The notice shown in place of an empty list: its title and guidance are read whole at any
window size a mediator uses, never cut off below a line of text (as the Training,
Complaints and Subject access pages of a new casebook once were)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel, QPushButton
from pytestqt.qtbot import QtBot

from ui.widgets.lists import notice

GUIDANCE = (
    "Record a request the day it arrives: Parley counts the calendar month the law allows "
    "from that day, and the extension, with its reason, if you need one."
)


@pytest.mark.parametrize("size", [(500, 400), (900, 500), (1400, 800)])
def test_a_notice_shows_all_of_its_words(qtbot: QtBot, size: tuple[int, int]) -> None:
    page, title = notice("No subject access requests yet", GUIDANCE, [QPushButton("&New…")])
    qtbot.addWidget(page)
    page.resize(*size)
    page.show()
    qtbot.waitExposed(page)
    labels = [label for label in page.findChildren(QLabel) if label.text()]
    assert title in labels and len(labels) == 2
    for label in labels:
        assert label.height() >= label.heightForWidth(label.width()), label.text()
        assert label.width() <= page.width()


def test_its_buttons_are_never_squeezed(qtbot: QtBot) -> None:
    """The Cases page of a new casebook offers three; each shows its whole name (and its
    underlined letter), whatever the measure the words are kept to."""
    names = ("&Create a case", "&Import cases from a file…", "Open the &demo casebook")
    buttons = [QPushButton(name) for name in names]
    page, _title = notice("No cases yet", GUIDANCE, buttons, scale=1.6, rich=True)
    qtbot.addWidget(page)
    page.resize(1000, 600)
    page.show()
    qtbot.waitExposed(page)
    for button in buttons:
        assert button.width() >= button.sizeHint().width(), button.text()


def test_a_list_item_taller_than_its_panel_can_be_scrolled_to_its_end(qtbot: QtBot) -> None:
    """A dashboard panel on a small screen: one course, described over several lines, in a
    panel two lines high. Scrolling item by item left no scroll bar, and the rest unseen."""
    from PySide6.QtGui import QStandardItem

    from ui.widgets.lists import ListPanel

    panel = ListPanel("Courses coming up", "Courses coming up")
    qtbot.addWidget(panel)
    words = "Sunday 27 December 2026 · Mediation skills for ward teams (one day)\n" + "\n".join(
        f"Kingsmere Children's Hospital ({n} confirmed); Hartwell University" for n in range(6)
    )
    panel.set_items([QStandardItem(words)], "No courses")
    panel.resize(300, 90)
    panel.show()
    qtbot.waitExposed(panel)
    assert panel.view.verticalScrollBar().maximum() > 0
