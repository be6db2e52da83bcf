"""The main window as the session builds it (registers, office sections, Contacts, sealed
files), and books that have exchanged cards, for the office and exchange window tests."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

from office_examples import DETAILS
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from app.books.casebook import Casebook
from app.books.kinds import AnyBook
from app.books.office_book import OfficeBook
from app.cases.records import Status, Term, TermStatus
from app.exchange.receiving import receive
from app.exchange.sealed import Kind
from app.exchange.sending import SentFile, send
from app.settings import MEDIATOR, ORGANISATION
from ui.main_window import MainWindow
from ui.office.install import OfficePages, install_office
from ui.registers.install import install_registers

from helpers import trust_each_other

TODAY = date(2026, 4, 6)  # a Monday


def name_of(book: AnyBook) -> str:
    """The name ``helpers.trust`` gives a book's card."""
    return f"Book {book.casebook_id[:6]}"


def open_window(qtbot: QtBot, book: AnyBook) -> tuple[MainWindow, OfficePages]:
    """The main window on ``book``, made as the session makes it, shown and active."""
    window = MainWindow()
    qtbot.addWidget(window)
    pages = install_office(window, install_registers(window, today=lambda: TODAY),
                           today=lambda: TODAY)  # fmt: skip
    window.show_casebook(book)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window, pages


def section_names(window: MainWindow) -> list[str]:
    """The sections the navigation shows, in order."""
    items = (window.navigation.item(r) for r in range(window.navigation.count()))
    return [item.text().strip() for item in items if not item.isHidden()]


def introduce(office: OfficeBook, *casebooks: Casebook) -> None:
    """Cards exchanged and confirmed; names set as a service would set them."""
    trust_each_other(office, *casebooks)
    office.settings.set(ORGANISATION, "Riverside Medical Mediation")
    for casebook in casebooks:
        casebook.settings.set(ORGANISATION, "Riverside Medical Mediation")
        casebook.settings.set(MEDIATOR, "Alex Morgan")


def agreed_case(office: OfficeBook, casebook: Casebook, tmp_path: Path) -> str:
    """A referral from the office, received and mediated to an agreement; its reference."""
    office.referrals.add(DETAILS)
    referral = send(office, Kind.REFERRAL, DETAILS.reference, name_of(casebook),
                    tmp_path / "referral.parley-sealed")  # fmt: skip
    receive(casebook, referral.path)
    case = casebook.cases.by_reference(DETAILS.reference)
    assert case.id is not None
    casebook.terms.add(Term(None, case.id, 0, "Review the plan weekly.", TermStatus.AGREED))
    casebook.terms.add(Term(None, case.id, 0, "Transfer to the hospice.", TermStatus.PROPOSED))
    for party in casebook.parties.for_case(case.id):
        casebook.parties.update(replace(party, party_to_agreement=True))
    casebook.cases.update(replace(case, status=Status.AGREED, agreed_on=date(2026, 4, 1)))
    return case.reference


def agreement_file(office: OfficeBook, casebook: Casebook, tmp_path: Path) -> SentFile:
    """The sealed agreed terms of a mediated case, ready for the office to receive."""
    reference = agreed_case(office, casebook, tmp_path)
    return send(casebook, Kind.AGREEMENT, reference, name_of(office),
                tmp_path / f"{reference} agreement.parley-sealed",
                now=datetime(2026, 4, 2, 10, 0))  # fmt: skip


def message_boxes() -> list[QMessageBox]:
    """The message boxes on screen now."""
    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, QMessageBox) and w.isVisible()]  # fmt: skip
