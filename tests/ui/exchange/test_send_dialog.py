"""Sending a sealed file from the window: "Send to the office…" on the Agreement tab, "Hand
over…" on a case. A file once sent cannot be called back, so the last step sums it up and
its default button goes back; the sealing runs in the background."""

from __future__ import annotations

from pathlib import Path

import pytest
from office_windows import agreed_case, introduce, message_boxes, name_of, open_window
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from app.books.casebook import Casebook
from app.books.office_book import OfficeBook
from app.cases.records import Status
from app.exchange.receiving import receive
from app.exchange.sealed import Kind
from ui.exchange.send_dialog import SendDialog
from ui.workspace.agreement_tab import AgreementTab

from helpers import book_tables


@pytest.fixture
def books(
    office_book: OfficeBook, casebook: Casebook, second_casebook: Casebook
) -> tuple[OfficeBook, Casebook, Casebook]:
    introduce(office_book, casebook, second_casebook)
    return office_book, casebook, second_casebook


def confirmation(qtbot: QtBot) -> QMessageBox:
    qtbot.waitUntil(lambda: len(message_boxes()) == 1)
    [box] = message_boxes()
    return box


def agreement_tab(qtbot: QtBot, casebook: Casebook, reference: str) -> AgreementTab:
    window, _pages = open_window(qtbot, casebook)
    window.open_case(casebook.cases.by_reference(reference).id or 0)
    workspace = window.workspace
    assert workspace is not None
    [tab] = [t for t in workspace.tabs if isinstance(t, AgreementTab)]
    workspace.tab_widget.setCurrentWidget(tab)
    return tab


def test_send_to_the_office_sums_up_then_seals_the_agreed_terms(
    qtbot: QtBot, books: tuple[OfficeBook, Casebook, Casebook], tmp_path: Path
) -> None:
    office, casebook, _second = books
    reference = agreed_case(office, casebook, tmp_path)
    tab = agreement_tab(qtbot, casebook, reference)
    out = tmp_path / "to the office.parley-sealed"

    assert tab.send_button.isEnabled()
    dialog = tab.send_to_office()
    assert isinstance(dialog, SendDialog)
    qtbot.waitExposed(dialog)
    assert dialog.contact.currentText().startswith(name_of(office))
    dialog.choose_path = lambda parent, name: out
    qtbot.keyClick(dialog.seal_button, Qt.Key.Key_Space)

    box = confirmation(qtbot)
    summary = box.informativeText()
    assert name_of(office) in summary and str(out) in summary
    assert "cannot be called back" in summary
    assert box.defaultButton().text() == "&Go back"
    assert not out.exists()  # nothing is written before the answer

    send = next(b for b in box.buttons() if b.text() == "Se&nd it")
    send.click()
    qtbot.waitUntil(lambda: out.exists(), timeout=10_000)
    qtbot.waitUntil(lambda: "Sealed the agreed terms of" in tab.message.text())
    assert receive(office, out).reference == reference
    assert office.agreements.latest_for(reference).document.terms == ("Review the plan weekly.",)
    tab.window().clear()  # type: ignore[attr-defined]


def test_enter_on_the_summary_goes_back_and_sends_nothing(
    qtbot: QtBot, books: tuple[OfficeBook, Casebook, Casebook], tmp_path: Path
) -> None:
    office, casebook, _second = books
    reference = agreed_case(office, casebook, tmp_path)
    before = book_tables(casebook.connection)
    dialog = SendDialog(casebook, Kind.AGREEMENT, reference)
    qtbot.addWidget(dialog)
    out = tmp_path / "never.parley-sealed"
    dialog.choose_path = lambda parent, name: out
    dialog.show()
    box = dialog.choose()
    assert box is not None
    qtbot.waitExposed(box)
    qtbot.keyClick(box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not box.isVisible())
    qtbot.wait(50)
    assert not out.exists() and not dialog.job.busy
    assert book_tables(casebook.connection) == before
    assert dialog.isVisible()  # back to the choice, nothing lost


def test_a_refusal_is_said_in_the_dialog_and_nothing_is_written(
    qtbot: QtBot, books: tuple[OfficeBook, Casebook, Casebook], tmp_path: Path
) -> None:
    office, casebook, _second = books
    reference = agreed_case(office, casebook, tmp_path)
    taken = tmp_path / "taken.parley-sealed"
    taken.write_text("someone else's")
    dialog = SendDialog(casebook, Kind.AGREEMENT, reference)
    qtbot.addWidget(dialog)
    dialog.choose_path = lambda parent, name: taken
    dialog.show()
    assert dialog.choose() is None
    assert "already exists" in dialog.message.text()
    assert taken.read_text() == "someone else's"


def test_hand_over_closes_the_case_here_when_asked(
    qtbot: QtBot, books: tuple[OfficeBook, Casebook, Casebook], tmp_path: Path
) -> None:
    office, casebook, second = books
    reference = agreed_case(office, casebook, tmp_path)
    window, pages = open_window(qtbot, casebook)
    window.open_case(casebook.cases.by_reference(reference).id or 0)
    dialog = pages.sealed.send_case(Kind.HANDOVER)
    assert dialog is not None
    qtbot.waitExposed(dialog)
    assert dialog.contact.currentText().startswith(name_of(second))  # mediators only
    assert dialog.contact.count() == 1
    dialog.close_here.setChecked(True)
    out = tmp_path / "handover.parley-sealed"
    dialog.choose_path = lambda parent, name: out
    box = dialog.choose()
    assert box is not None and "Then the case is closed here." in box.informativeText()
    next(b for b in box.buttons() if b.text() == "Se&nd it").click()
    qtbot.waitUntil(lambda: out.exists(), timeout=10_000)
    qtbot.waitUntil(lambda: window.workspace is None)
    assert casebook.cases.by_reference(reference).status is Status.CLOSED
    assert "The case is now closed here." in window.statusBar().currentMessage()
    assert receive(second, out).reference == reference
    window.clear()


def test_with_no_contact_of_the_right_kind_the_dialog_says_how_to_add_one(
    qtbot: QtBot, casebook: Casebook, office_book: OfficeBook, tmp_path: Path
) -> None:
    # The casebook trusts no one yet.
    dialog = SendDialog(casebook, Kind.HANDOVER, "MM-2026-001")
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.seal_button.isEnabled()
    assert "add the card of a mediator on the Contacts page" in dialog.message.text()
