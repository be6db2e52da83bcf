"""What the case list shows of a title, and what its search may reveal.

A long title is shortened at a word with "…", never cut mid-word, with the whole of it in
the tooltip. Safe view hides titles: then no tooltip holds one, and the search matches only
what is shown (the reference), since a case picked out by a word of its hidden title, or of
its notes, tells whoever watches what that title or note says."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QStyleOptionViewItem
from pytestqt.qtbot import QtBot

from app.books.casebook import Casebook
from app.cases.records import Case, Note, Stage, Status
from ui.cases.case_list import CaseListPage
from ui.cases.case_table import HIDDEN_TITLE, Column
from ui.widgets.elided import ELLIPSIS

from helpers import window_text

LONG_TITLE = (
    "Disagreement about continuing long-term ventilation and a tracheostomy for Oliver "
    "after the second admission to intensive care"
)


@pytest.fixture
def cases(casebook: Casebook) -> Casebook:
    first = casebook.cases.add(
        Case(None, "MM-2026-001", LONG_TITLE, Stage.FORMAL, Status.IN_MEDIATION,
             referred_on=date(2026, 3, 2))
    )  # fmt: skip
    casebook.cases.add(
        Case(None, "MM-2026-002", "Feeding plan", Stage.EARLY, Status.REFERRED,
             referred_on=date(2026, 1, 15))
    )  # fmt: skip
    casebook.notes.add(
        Note(None, first.id or 0, "Mother spoke of the hospice.", datetime(2026, 3, 5, 10, 0))
    )
    return casebook


@pytest.fixture
def page(qtbot: QtBot, cases: Casebook) -> Iterator[CaseListPage]:
    shown = CaseListPage()
    qtbot.addWidget(shown)
    shown.resize(900, 500)
    shown.show_casebook(cases)
    shown.show()
    qtbot.waitExposed(shown)
    yield shown
    shown.clear()


def _drawn_title(page: CaseListPage, width: int) -> str:
    """The text the Title column draws for the first case, at ``width`` pixels."""
    table = page.table
    index = page.model.index(0, Column.TITLE)
    option = QStyleOptionViewItem()
    option.initFrom(table)
    option.rect.setSize(QSize(width, table.rowHeight(0)))
    delegate = table.itemDelegateForColumn(Column.TITLE)
    return delegate.shown_text(option, index)


@pytest.mark.parametrize("width", [130, 160, 240, 400, 520])
def test_a_long_title_is_shortened_at_a_word(page: CaseListPage, width: int) -> None:
    page.model.sort(Column.REFERENCE, Qt.SortOrder.AscendingOrder)
    assert page.model.index(0, Column.REFERENCE).data() == "MM-2026-001"
    shown = _drawn_title(page, width)
    assert shown.endswith(ELLIPSIS)
    kept = shown.removesuffix(ELLIPSIS)
    words = LONG_TITLE.split()
    # Whole words from the start, and only whole words (none cut off mid-word).
    assert kept.split() == words[: len(kept.split())]
    assert page.table.fontMetrics().horizontalAdvance(shown) <= width
    assert page.model.index(0, Column.TITLE).data(Qt.ItemDataRole.ToolTipRole) == LONG_TITLE


def test_safe_view_draws_no_title_and_its_tooltip_holds_none(page: CaseListPage) -> None:
    page.model.sort(Column.REFERENCE, Qt.SortOrder.AscendingOrder)
    page.set_safe_view(True)
    assert _drawn_title(page, 700) == HIDDEN_TITLE
    assert page.model.index(0, Column.TITLE).data(Qt.ItemDataRole.ToolTipRole) is None


@pytest.mark.parametrize("typed", ["tracheostomy", "hospice", "feeding"])
def test_in_safe_view_a_hidden_title_or_note_picks_out_no_case(
    qtbot: QtBot, page: CaseListPage, typed: str
) -> None:
    page.set_safe_view(True)
    qtbot.keyClicks(page.search_box, typed)
    qtbot.waitUntil(lambda: page.model.rowCount() == 0)
    assert page.pages.currentWidget() is page.no_match
    assert page.no_match_title.text() == f"No reference matches “{typed}”"
    assert "references only" in window_text(page.no_match)
    # Out of safe view, the same words find their case again.
    page.set_safe_view(False)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)


def test_in_safe_view_the_search_still_finds_a_reference(qtbot: QtBot, page: CaseListPage) -> None:
    page.set_safe_view(True)
    assert "reference" in page.search_box.placeholderText().lower()
    qtbot.keyClicks(page.search_box, "2026-002")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert page.model.index(0, Column.REFERENCE).data() == "MM-2026-002"


@pytest.mark.parametrize("safe_view", [False, True])
def test_locking_forgets_a_search_that_matched_nothing(
    qtbot: QtBot, page: CaseListPage, safe_view: bool
) -> None:
    """The no-match page repeats what was typed (a name, a diagnosis); locking clears every
    view, so it must not outlive the lock in any widget, shown or not (a screen reader's
    tree lists hidden labels too; found with tools/atspi_check.sh)."""
    typed = "Ffion Davies"
    page.set_safe_view(safe_view)
    qtbot.keyClicks(page.search_box, typed)
    qtbot.waitUntil(lambda: page.pages.currentWidget() is page.no_match)
    assert typed in page.no_match_title.text()

    page.clear()

    held = [w.text() for w in page.findChildren(QLabel) + page.findChildren(QLineEdit)]
    assert not any(typed in text for text in held)


@pytest.mark.parametrize("safe_view", [False, True])
def test_every_reference_shown_is_whole(
    qtbot: QtBot, page: CaseListPage, cases: Casebook, safe_view: bool
) -> None:
    """The reference is what tells cases apart, and all safe view leaves: a service's own
    references ("MM-2025-H219", "NHM-PICU-2026-00123") are shown whole, not "MM-2026-H…"."""
    for reference in ("MM-2025-H219", "NHM-PICU-2026-00123"):
        cases.cases.add(Case(None, reference, "Place of care", referred_on=date(2026, 2, 1)))
    page.set_safe_view(safe_view)
    page.reload()
    table = page.table
    qtbot.waitUntil(lambda: page.model.rowCount() == 4)
    for row in range(page.model.rowCount()):
        reference = page.model.index(row, Column.REFERENCE).data()
        needed = table.fontMetrics().horizontalAdvance(reference)
        assert table.columnWidth(Column.REFERENCE) > needed, reference
