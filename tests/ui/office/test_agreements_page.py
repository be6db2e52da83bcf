"""The office's Agreements page: the archive of agreed-terms documents received. Each is
shown as it prints and exported as the very PDF the mediator's casebook makes; the office
records when the signed copy came back and when it went to the hospital, and sees which are
still waiting."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from office_windows import agreement_file, introduce, open_window
from pypdf import PdfReader
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.books.casebook import Casebook
from app.books.office_book import OfficeBook
from app.documents.export import agreed_terms_for, render_agreement
from app.exchange.receiving import receive
from ui.office.agreements_page import (
    EVERY,
    HOSPITAL,
    WAITING,
    AgreementColumn,
    AgreementsPage,
    DayDialog,
)
from ui.workspace import agreement_output

from helpers import window_text


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def page(
    qtbot: QtBot, office_book: OfficeBook, casebook: Casebook, tmp_path: Path
) -> AgreementsPage:
    introduce(office_book, casebook)
    receive(office_book, agreement_file(office_book, casebook, tmp_path).path)
    window, pages = open_window(qtbot, office_book)
    window.navigation.setCurrentRow(window.sections.indexOf(pages.agreements))
    pages.agreements.table.setFocus()
    pages.agreements.select(office_book.agreements.all()[0].id)
    return pages.agreements


def show(page: AgreementsPage, which: str) -> None:
    page.filter.setCurrentIndex(page.filter.findData(which))


def cell(page: AgreementsPage, column: AgreementColumn) -> str:
    return str(page.proxy.index(0, column).data())


def test_the_received_agreement_is_listed_shown_and_waits_for_its_signed_copy(
    page: AgreementsPage,
) -> None:
    assert cell(page, AgreementColumn.CASE) == "MM-2026-040"
    assert cell(page, AgreementColumn.PATIENT) == "Zoë Nuñez"
    assert cell(page, AgreementColumn.MEDIATOR) == "Alex Morgan"
    assert cell(page, AgreementColumn.SIGNED) == "Not yet"
    assert cell(page, AgreementColumn.WAITING) == "The signed copy"
    shown = window_text(page.document)
    assert "Review the plan weekly." in page.document.toPlainText()
    assert "Transfer to the hospice" not in shown  # never reached the office
    assert not page.hospital_button.isEnabled()  # the signed copy comes first


def test_the_signed_copy_then_the_hospital_are_recorded_and_it_stops_waiting(
    qtbot: QtBot, page: AgreementsPage, office_book: OfficeBook
) -> None:
    show(page, WAITING)
    dialog = page.record_signed_copy()
    assert isinstance(dialog, DayDialog)
    qtbot.waitExposed(dialog)
    dialog.day.set_value(date(2026, 4, 3))
    qtbot.keyClick(dialog.day, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert cell(page, AgreementColumn.SIGNED) == "3 April 2026"
    assert cell(page, AgreementColumn.WAITING) == "Sending to the hospital"
    assert page.hospital_button.isEnabled() and not page.signed_button.isEnabled()

    dialog = page.record_sent_to_hospital()
    assert dialog is not None
    dialog.day.set_value(date(2026, 4, 6))
    dialog.save()
    [archived] = office_book.agreements.all()
    assert (archived.signed_copy_on, archived.sent_to_hospital_on) == (
        date(2026, 4, 3), date(2026, 4, 6)
    )  # fmt: skip
    assert office_book.agreements.waiting() == []
    # It stays in view, chosen, as filed; "Still waiting" now shows none, and says so.
    assert page.filter.currentData() == EVERY
    assert cell(page, AgreementColumn.WAITING) == "Nothing: filed"
    show(page, WAITING)
    assert page.proxy.rowCount() == 0
    assert "No agreement is waiting" in window_text(page)


def test_a_day_the_store_refuses_is_said_beside_the_field(
    qtbot: QtBot, page: AgreementsPage, office_book: OfficeBook
) -> None:
    dialog = page.record_signed_copy()
    assert dialog is not None
    dialog.day.set_value(date(2026, 3, 1))  # before the agreement was received
    dialog.save()
    assert dialog.isVisible() and dialog.problem.text()
    assert "\n" not in dialog.problem.text()
    assert office_book.agreements.all()[0].signed_copy_on is None


def test_only_those_waiting_for_the_hospital_when_asked(page: AgreementsPage) -> None:
    show(page, HOSPITAL)
    assert page.proxy.rowCount() == 0
    assert "Nothing is waiting to go to the hospital" in window_text(page)


def test_the_exported_pdf_is_the_mediators_own(
    qtbot: QtBot,
    page: AgreementsPage,
    casebook: Casebook,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out = tmp_path / "from the office.pdf"
    monkeypatch.setattr(agreement_output, "choose_pdf_path", lambda *args: out)
    page.export_pdf()
    qtbot.waitUntil(out.exists, timeout=10_000)
    mediators = render_agreement(agreed_terms_for(casebook, "MM-2026-040"))
    assert pdf_text(out.read_bytes()) == pdf_text(mediators)
    office = page.casebook
    assert office is not None
    assert any(e.action == "agreement exported" for e in office.audit.entries())
