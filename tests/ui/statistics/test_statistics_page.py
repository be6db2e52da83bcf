"""The Statistics page: figures worked out in the background, drawn and tabled as published,
exported as the report; locking drops a result still on its way."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QGroupBox, QLabel
from pytestqt.qtbot import QtBot

from app.books.casebook import Casebook
from app.books.office_book import OfficeBook
from app.books.outcomes import close_case
from app.cases.outcomes import (
    Cause,
    CourtInvolvement,
    OutcomeAnswers,
    OutcomeRecord,
    ReferralSource,
    Result,
)
from app.cases.records import Case, Meeting, MeetingKind, Stage, Status
from app.formatting import format_date
from ui.statistics import page as statistics_page
from ui.statistics.page import CHOSEN, StatisticsPage

from helpers import type_into

TODAY = date.today()


@pytest.fixture(autouse=True)
def today_as_the_test_runs() -> None:
    """TODAY is read as each test starts, not when the module loads: the book dates a
    closure by its own clock, and a run that crosses midnight closed cases a day after a
    TODAY read at collection (seen in a CI run that began at 23:57)."""
    global TODAY
    TODAY = date.today()


SOURCE, CAUSES = ReferralSource.CLINICAL_TEAM, frozenset({Cause.LOSS_OF_TRUST})
ANSWERS = OutcomeAnswers(Result.AGREED_IN_FULL, CourtInvolvement.NONE, False, SOURCE, CAUSES, 300)


def fill(casebook: Casebook, closed: int) -> None:
    for n in range(closed):
        case = casebook.cases.add(Case(None, f"MM-2026-{n:03d}", "A case", referred_on=TODAY))
        assert case.id is not None
        when = datetime.combine(TODAY, datetime.min.time())
        casebook.meetings.add(Meeting(None, case.id, MeetingKind.JOINT, when, 60))
        answers = ANSWERS if n else replace(ANSWERS, result=Result.NOT_AGREED)
        close_case(casebook, case.id, answers, today=TODAY)


@pytest.fixture
def page(qtbot: QtBot, casebook: Casebook) -> Iterator[StatisticsPage]:
    shown = StatisticsPage(today=lambda: TODAY)
    qtbot.addWidget(shown)
    shown.resize(1100, 800)
    fill(casebook, 12)
    shown.show_casebook(casebook)
    shown.show()
    yield shown
    shown.clear()


def test_the_figures_of_the_last_twelve_months_are_drawn_and_tabled(
    qtbot: QtBot, page: StatisticsPage
) -> None:
    assert page.working.isVisible() or page.report is not None
    qtbot.waitUntil(lambda: page.report is not None, timeout=20_000)
    assert not page.working.isVisible() and page.pdf_button.isEnabled()
    assert page.preset.currentData() == "twelve_months"
    view = page.view
    assert view is not None
    outcomes = next(t for t in view.tables if t.accessibleName().startswith("Outcomes"))
    cells = {
        (outcomes.verticalHeaderItem(r).text(), outcomes.horizontalHeaderItem(c).text()):
        outcomes.item(r, c).text()
        for r in range(outcomes.rowCount()) for c in range(outcomes.columnCount())
    }  # fmt: skip
    assert cells[("Not agreed", "Early")] == "fewer than 5"
    assert cells[("Agreed in full", "Early")] == "withheld"
    assert cells[("Total", "Total")] == "12"
    chart = next(c for c in view.charts if "Outcomes" in c.accessibleName())
    assert "Not agreed: fewer than 5" in chart.accessibleDescription()


def test_choosing_dates_works_the_figures_out_again(qtbot: QtBot, page: StatisticsPage) -> None:
    qtbot.waitUntil(lambda: page.report is not None, timeout=20_000)
    type_into(qtbot, page.first, f"1/1/{TODAY.year - 4}")  # typed: the period is the dates'
    assert page.preset.currentData() == CHOSEN
    qtbot.waitUntil(lambda: page.report is not None and page.report.period.first.year
                    == TODAY.year - 4, timeout=20_000)  # fmt: skip


def test_exporting_writes_the_report_and_audits_it(
    qtbot: QtBot, page: StatisticsPage, casebook: Casebook, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    qtbot.waitUntil(lambda: page.report is not None, timeout=20_000)
    out = tmp_path / "board.csv"
    monkeypatch.setattr(statistics_page, "choose_save_path", lambda *args: out)
    page.csv_button.click()
    qtbot.waitUntil(lambda: out.exists(), timeout=20_000)
    assert "fewer than 5" in out.read_text(encoding="utf-8-sig")
    assert [e.action for e in casebook.audit.entries()][-1] == "statistics report exported"
    assert page.message.text().startswith("Wrote “board.csv”")


def test_locking_while_working_drops_the_figures(qtbot: QtBot, page: StatisticsPage) -> None:
    page.refresh()
    page.clear()
    qtbot.wait(1500)
    assert page.report is None and page.view is None
    assert not page.pdf_button.isEnabled()


def test_a_period_without_cases_says_so_and_still_shows_the_registers(
    qtbot: QtBot, casebook: Casebook
) -> None:
    casebook.set_keeps_registers(True)
    shown = StatisticsPage(today=lambda: TODAY)
    qtbot.addWidget(shown)
    shown.resize(1100, 800)
    shown.show_casebook(casebook)
    shown.show()
    qtbot.waitUntil(lambda: shown.report is not None, timeout=20_000)
    assert shown.message.text().startswith("No case was referred or closed in this period")
    view = shown.view
    assert view is not None  # the registers' figures are the period's figures too
    titles = [box.title() for box in view.findChildren(QGroupBox)]
    assert {"Training", "Complaints", "Subject access requests"} <= set(titles)
    fill(casebook, 1)
    shown.refresh()
    qtbot.waitUntil(lambda: shown.report is not None and shown.report.headline.cells[1][0]
                    .value == 1, timeout=20_000)  # fmt: skip
    assert not shown.message.isVisible()  # the reason goes once the cases are there
    shown.clear()


def test_the_office_book_shows_the_figures_of_the_outcomes_it_received(
    qtbot: QtBot, office_book: OfficeBook
) -> None:
    closed_on = TODAY - timedelta(days=10)
    record = OutcomeRecord(Stage.FORMAL, Status.CLOSED, closed_on - timedelta(days=40),
                           closed_on, answers=ANSWERS, first_contact_working_days=2)  # fmt: skip
    for _ in range(6):
        office_book.outcomes.add(record, received_on=closed_on)
    shown = StatisticsPage(today=lambda: TODAY)
    qtbot.addWidget(shown)
    shown.resize(1100, 800)
    shown.show_casebook(office_book)
    shown.show()
    qtbot.waitUntil(lambda: shown.report is not None, timeout=20_000)
    assert not shown.message.isVisible()
    view = shown.view
    assert view is not None
    closed = next(w for w in view.findChildren(QLabel) if w.accessibleName() == "Cases closed")
    assert closed.text() == "Cases closed: 6"
    shown.clear()


def test_the_keyboard_keeps_its_place_while_the_figures_are_worked_out_again(
    qtbot: QtBot, page: StatisticsPage
) -> None:
    qtbot.waitUntil(lambda: page.report is not None, timeout=20_000)
    page.window().activateWindow()
    qtbot.waitUntil(page.window().isActiveWindow)
    type_into(qtbot, page.last, format_date(TODAY - timedelta(days=1)))  # Tab: Export PDF…
    qtbot.waitUntil(lambda: page.report is not None and page.report.period.last < TODAY,
                    timeout=20_000)  # fmt: skip
    focused = QApplication.focusWidget()
    assert focused is not None and page.isAncestorOf(focused), focused
