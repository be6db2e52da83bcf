"""The case list: rows, sorting, search through notes, filters, opening, empty states, paging."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from app.books.casebook import Casebook
from app.cases.records import Case, Meeting, MeetingKind, Note, Stage, Status
from ui.cases.case_list import CaseListPage
from ui.cases.case_table import CHUNK, Column
from ui.cases.new_case import NewCaseDialog
from ui.main_window import MainWindow
from ui.widgets.roles import ID_ROLE


@pytest.fixture
def cases(casebook: Casebook) -> Casebook:
    """Three cases; only MM-2026-002's note mentions a tracheostomy."""
    first = casebook.cases.add(
        Case(None, "MM-2026-001", "Ventilation review", Stage.FORMAL, Status.IN_MEDIATION,
             referred_on=date(2026, 3, 2))
    )  # fmt: skip
    second = casebook.cases.add(
        Case(None, "MM-2026-002", "Feeding plan", Stage.EARLY, Status.REFERRED,
             referred_on=date(2026, 1, 15))
    )  # fmt: skip
    casebook.cases.add(
        Case(None, "MM-2026-003", "Transfer to hospice", Stage.ELEVENTH_HOUR, Status.AGREED,
             referred_on=date(2026, 2, 20))
    )  # fmt: skip
    casebook.notes.add(
        Note(None, second.id or 0, "Mother asked again about the tracheostomy.",
             datetime(2026, 1, 20, 10, 30))
    )  # fmt: skip
    casebook.meetings.add(
        Meeting(None, first.id or 0, MeetingKind.JOINT, datetime(2099, 5, 1, 14, 0), 90)
    )
    return casebook


@pytest.fixture
def page(qtbot: QtBot) -> Iterator[CaseListPage]:
    shown = CaseListPage()
    qtbot.addWidget(shown)
    shown.resize(1000, 600)
    yield shown
    shown.clear()


@pytest.fixture
def window(qtbot: QtBot) -> Iterator[MainWindow]:
    shown = MainWindow()
    qtbot.addWidget(shown)
    yield shown
    shown.clear()


def _column(page: CaseListPage, column: Column) -> list[str]:
    proxy = page.model
    return [proxy.index(row, column).data() for row in range(proxy.rowCount())]


def _count(page: CaseListPage) -> list[str]:
    seen: list[str] = []
    page.count_changed.connect(seen.append)
    return seen


def test_the_table_shows_the_cases(page: CaseListPage, cases: Casebook) -> None:
    counts = _count(page)
    page.show_casebook(cases)

    assert not page.showing_empty_state()
    # Newest referral first, as the store lists them.
    assert _column(page, Column.REFERENCE) == ["MM-2026-001", "MM-2026-003", "MM-2026-002"]
    assert _column(page, Column.REFERRED) == ["2 March 2026", "20 February 2026", "15 January 2026"]
    assert _column(page, Column.STAGE) == ["Formal", "Eleventh hour", "Early"]
    assert _column(page, Column.STATUS) == ["In mediation", "Agreed", "Referred"]
    assert _column(page, Column.NEXT_MEETING)[0] == "1 May 2099, 14:00"
    assert _column(page, Column.LAST_ACTIVITY)[2] == "20 January 2026"
    headers = [page.model.headerData(c, Qt.Orientation.Horizontal) for c in Column]
    assert headers == ["Reference", "Title", "Stage", "Status", "Referred", "Last activity",
                       "Next meeting"]  # fmt: skip
    assert counts[-1] == "3 cases"
    stage_tip = page.model.index(1, Column.STAGE).data(Qt.ItemDataRole.ToolTipRole)
    assert stage_tip == "Eleventh hour (legal action begun)"
    assert not page.model.flags(page.model.index(0, 0)) & Qt.ItemFlag.ItemIsEditable


def test_sorting_by_referred_and_stage(page: CaseListPage, cases: Casebook) -> None:
    page.show_casebook(cases)

    page.table.sortByColumn(Column.REFERRED, Qt.SortOrder.AscendingOrder)
    assert _column(page, Column.REFERENCE) == ["MM-2026-002", "MM-2026-003", "MM-2026-001"]
    page.table.sortByColumn(Column.REFERRED, Qt.SortOrder.DescendingOrder)
    assert _column(page, Column.REFERENCE) == ["MM-2026-001", "MM-2026-003", "MM-2026-002"]
    # Stages sort in the order a case moves through them, not alphabetically.
    page.table.sortByColumn(Column.STAGE, Qt.SortOrder.AscendingOrder)
    assert _column(page, Column.STAGE) == ["Early", "Formal", "Eleventh hour"]


def test_sorting_keeps_the_current_case(page: CaseListPage, cases: Casebook) -> None:
    page.show_casebook(cases)
    page.select_case(cases.cases.by_reference("MM-2026-002").id or 0)

    page.table.sortByColumn(Column.TITLE, Qt.SortOrder.AscendingOrder)

    assert page.table.currentIndex().data() == "MM-2026-002"
    assert page.table.current_case_id() == cases.cases.by_reference("MM-2026-002").id


def test_search_finds_a_word_only_in_a_note(
    qtbot: QtBot, page: CaseListPage, cases: Casebook
) -> None:
    counts = _count(page)
    page.show_casebook(cases)
    page.show()

    qtbot.keyClicks(page.search_box, "tracheo")  # unfinished words match as you type
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert _column(page, Column.REFERENCE) == ["MM-2026-002"]
    assert page.model.index(0, 0).data(ID_ROLE) == cases.cases.by_reference("MM-2026-002").id
    assert counts[-1] == "1 of 3 cases"

    page.search_box.clear()
    qtbot.waitUntil(lambda: page.model.rowCount() == 3)

    qtbot.keyClicks(page.search_box, "zebra")
    qtbot.waitUntil(lambda: page.model.rowCount() == 0)
    assert counts[-1] == "No cases match (of 3)"
    assert not page.showing_empty_state()  # no match is not "no cases yet"
    assert page.pages.currentWidget() is page.no_match
    assert page.no_match_title.text() == "No cases match “zebra”"


def test_search_starts_at_two_letters(page: CaseListPage, cases: Casebook) -> None:
    page.show_casebook(cases)
    page.search_box.setText("t")  # "tracheostomy" begins so, in one note of one case
    page.apply_search()
    assert page.model.rowCount() == 3  # one letter does not filter: it would match nearly all
    page.search_box.setText("tr")  # "Transfer to hospice", and the tracheostomy note
    page.apply_search()
    assert sorted(_column(page, Column.REFERENCE)) == ["MM-2026-002", "MM-2026-003"]


def test_status_and_stage_filters_combine_with_search(page: CaseListPage, cases: Casebook) -> None:
    page.show_casebook(cases)

    page.status_filter.setCurrentIndex(page.status_filter.findData(Status.AGREED.value))
    assert _column(page, Column.REFERENCE) == ["MM-2026-003"]
    page.status_filter.setCurrentIndex(0)
    page.stage_filter.setCurrentIndex(page.stage_filter.findData(Stage.EARLY.value))
    assert _column(page, Column.REFERENCE) == ["MM-2026-002"]

    page.search_box.setText("tracheostomy")
    page.apply_search()
    assert _column(page, Column.REFERENCE) == ["MM-2026-002"]  # search and stage agree
    page.stage_filter.setCurrentIndex(page.stage_filter.findData(Stage.FORMAL.value))
    assert page.model.rowCount() == 0
    assert page.pages.currentWidget() is page.no_match

    page.search_box.clear()
    page.apply_search()
    page.status_filter.setCurrentIndex(page.status_filter.findData(Status.AGREED.value))
    assert page.no_match_title.text() == "No cases match these filters"

    page.clear_filters_button.click()
    assert page.model.rowCount() == 3
    assert page.status_filter.currentIndex() == 0 and page.stage_filter.currentIndex() == 0
    # The filters offer every value, in the domain's own words.
    labels = [page.status_filter.itemText(i) for i in range(page.status_filter.count())]
    assert labels[0] == "All statuses" and "Awaiting consent" in labels
    assert page.stage_filter.itemText(3) == "Eleventh hour (legal action begun)"


def test_enter_and_double_click_open_a_case(
    qtbot: QtBot, page: CaseListPage, cases: Casebook
) -> None:
    page.show_casebook(cases)
    page.show()
    qtbot.waitExposed(page)
    opened: list[int] = []
    page.open_requested.connect(opened.append)

    qtbot.keyClick(page.search_box, Qt.Key.Key_Down)  # from the search box into the results
    assert page.focusWidget() is page.table
    qtbot.keyClick(page.table, Qt.Key.Key_Down)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert opened == [cases.cases.by_reference("MM-2026-003").id]

    rect = page.table.visualRect(page.model.index(2, Column.TITLE))
    # A real double-click starts with a press, which the view checks for.
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert len(opened) == 1  # a single click only selects
    qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened[-1] == cases.cases.by_reference("MM-2026-002").id


def test_empty_state_guides_and_create_opens_the_dialog(
    qtbot: QtBot, window: MainWindow, casebook: Casebook
) -> None:
    window.show_casebook(casebook)
    window.show()

    page = window.cases
    assert window.showing_empty_state()
    texts = " ".join(label.text() for label in page.empty_state.findChildren(QLabel))
    assert "No cases yet" in texts
    assert page.create_button.isVisible() and page.demo_button.isVisible()
    assert page.demo_button.text() == "Open the &demo casebook"
    assert not page.search_box.isVisible()  # nothing to search yet
    assert window.count_label.text() == "0 cases"

    qtbot.mouseClick(page.create_button, Qt.MouseButton.LeftButton)
    dialog = window.findChild(NewCaseDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.reject()


def test_a_changed_case_updates_its_row(page: CaseListPage, cases: Casebook) -> None:
    page.show_casebook(cases)
    case = cases.cases.by_reference("MM-2026-003")
    cases.notes.add(Note(None, case.id or 0, "Called the ward.", datetime(2026, 4, 9, 9, 0)))

    page.refresh_case(case.id or 0)

    row = [page.model.index(r, Column.REFERENCE).data() for r in range(3)].index("MM-2026-003")
    assert page.model.index(row, Column.LAST_ACTIVITY).data() == "9 April 2026"


@pytest.fixture
def thousand(casebook: Casebook) -> Casebook:
    """1,000 generated cases (the benchmark's generator): five pages of the list."""
    from benchmarks.generate import populate

    populate(casebook.connection, 1_000)
    return casebook


def test_a_thousand_cases_are_read_a_page_at_a_time_filtered_and_sorted_in_sql(
    page: CaseListPage, thousand: Casebook
) -> None:
    page.show_casebook(thousand)
    assert page.model.matching == 1_000
    assert page.model.rowCount() == CHUNK  # the view is given a page, not everything
    assert page.model.canFetchMore(QModelIndex())

    everything = thousand.cases.list_rows()
    page.table.sortByColumn(Column.TITLE, Qt.SortOrder.DescendingOrder)
    # Ties on the title keep reference order whichever way the column runs.
    by_title = sorted(sorted(everything, key=lambda r: r.reference),
                      key=lambda r: r.title.casefold(), reverse=True)  # fmt: skip
    assert page.model.index(0, Column.REFERENCE).data() == by_title[0].reference  # of all
    page.table.sortByColumn(Column.REFERENCE, Qt.SortOrder.AscendingOrder)
    first = min(r.reference for r in everything)
    assert page.model.index(0, Column.REFERENCE).data() == first

    page.status_filter.setCurrentIndex(page.status_filter.findData(Status.AGREED.value))
    page.stage_filter.setCurrentIndex(page.stage_filter.findData(Stage.ELEVENTH_HOUR.value))
    wanted = sorted(r.reference for r in everything
                    if r.status is Status.AGREED and r.stage is Stage.ELEVENTH_HOUR)  # fmt: skip
    assert page.model.matching == len(wanted)
    while page.model.canFetchMore(QModelIndex()):
        page.model.fetchMore(QModelIndex())
    shown = [page.model.index(r, Column.REFERENCE).data() for r in range(page.model.rowCount())]
    assert shown == wanted


def test_selecting_a_case_far_down_fetches_to_it(page: CaseListPage, thousand: Casebook) -> None:
    page.show_casebook(thousand)
    far = thousand.cases.list_rows()[900]
    page.select_case(far.id)
    assert page.table.current_case_id() == far.id
    assert page.model.rowCount() > 900
    # Sorting keeps it current, wherever it lands.
    page.table.sortByColumn(Column.REFERENCE, Qt.SortOrder.DescendingOrder)
    assert page.table.current_case_id() == far.id
