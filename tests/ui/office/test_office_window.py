"""The window shows each book the sections of its role: the office's book its Dashboard,
Referrals, Agreements, Training, Complaints and Contacts, never Cases; a mediator's casebook
in a service with an office no registers; a sole practitioner's all of them. The office's
dashboard leads to what is waiting."""

from __future__ import annotations

from pathlib import Path

from office_windows import agreement_file, introduce, open_window, section_names
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.books.casebook import Casebook
from app.books.office_book import OfficeBook
from app.exchange.receiving import receive
from ui.office.agreements_page import AgreementsPage
from ui.office.dashboard import OfficeDashboardPage

from helpers import window_text


def test_the_office_book_shows_the_office_sections_and_no_cases(
    qtbot: QtBot, office_book: OfficeBook
) -> None:
    window, _pages = open_window(qtbot, office_book)
    assert section_names(window) == [
        "Dashboard", "Referrals", "Agreements", "Training", "Complaints", "Subject access",
        "Statistics", "Contacts",
    ]  # fmt: skip
    assert window.windowTitle() == "Parley — Office"
    assert isinstance(window.sections.currentWidget(), OfficeDashboardPage)
    assert not window.case_menu.menuAction().isVisible()
    assert not window.new_case_action.isVisible()
    window.clear()


def test_a_mediators_casebook_in_a_service_keeps_no_registers(
    qtbot: QtBot, second_casebook: Casebook
) -> None:
    assert not second_casebook.keeps_registers
    window, _pages = open_window(qtbot, second_casebook)
    assert section_names(window) == [
        "Dashboard", "Cases", "Subject access", "Statistics", "Contacts"
    ]  # fmt: skip
    assert window.windowTitle() == "Parley — Casebook"
    window.clear()


def test_a_sole_practitioner_keeps_the_registers_beside_the_cases(
    qtbot: QtBot, casebook: Casebook
) -> None:
    assert casebook.keeps_registers
    window, _pages = open_window(qtbot, casebook)
    assert section_names(window) == [
        "Dashboard", "Cases", "Training", "Complaints", "Subject access", "Statistics",
        "Contacts",
    ]  # fmt: skip
    window.clear()


def test_the_same_window_changes_its_sections_with_the_book_unlocked(
    qtbot: QtBot, office_book: OfficeBook, second_casebook: Casebook
) -> None:
    window, _pages = open_window(qtbot, office_book)
    window.clear()
    window.show_casebook(second_casebook)
    assert section_names(window) == [
        "Dashboard", "Cases", "Subject access", "Statistics", "Contacts"
    ]  # fmt: skip
    window.clear()
    window.show_casebook(office_book)
    assert "Cases" not in section_names(window)
    window.clear()


def test_the_dashboard_shows_what_waits_and_enter_leads_to_it(
    qtbot: QtBot, office_book: OfficeBook, casebook: Casebook, tmp_path: Path
) -> None:
    introduce(office_book, casebook)
    receive(office_book, agreement_file(office_book, casebook, tmp_path).path)
    window, pages = open_window(qtbot, office_book)
    dashboard = pages.dashboard
    assert "Monday 6 April 2026" in dashboard.title.text()
    shown = window_text(dashboard)
    assert "MM-2026-040 · waiting for the signed copy" in shown
    [archived] = office_book.agreements.all()
    office_book.agreements.record_signed_copy(archived.id, archived.received_on,
                                              today=archived.received_on)  # fmt: skip
    dashboard.reload()
    assert "MM-2026-040 · to go to the hospital for the care notes" in window_text(dashboard)
    # The referral went to the mediator: nothing is waiting to be sent.
    assert "No referral is waiting to be sent to a mediator" in shown

    view = dashboard.agreements.view
    view.setFocus()
    view.setCurrentIndex(view.model().index(0, 0))
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert isinstance(window.sections.currentWidget(), AgreementsPage)
    chosen = pages.agreements.selected()
    assert chosen is not None and chosen.document.case_reference == "MM-2026-040"
    window.clear()


def test_home_and_end_in_the_sections_never_land_on_another_roles_section(
    qtbot: QtBot, second_casebook: Casebook
) -> None:
    window, _pages = open_window(qtbot, second_casebook)
    navigation = window.navigation
    navigation.setFocus()
    qtbot.keyClick(navigation, Qt.Key.Key_End)
    assert navigation.currentItem().text().strip() == "Contacts"
    qtbot.keyClick(navigation, Qt.Key.Key_Home)
    assert not navigation.currentItem().isHidden()
    assert navigation.currentItem().text().strip() == "Dashboard"
    assert window.sections.currentWidget() is window.sections.widget(navigation.currentRow())
    assert not isinstance(window.sections.currentWidget(), OfficeDashboardPage)
    window.clear()
