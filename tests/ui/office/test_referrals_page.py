"""The office's Referrals page: a new case's opening details typed in (and nothing said in
mediation: the form has no place for it), then sealed to the mediator who takes it on."""

from __future__ import annotations

from pathlib import Path

from office_examples import DETAILS
from office_windows import introduce, message_boxes, name_of, open_window
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.books.casebook import Casebook
from app.books.office_book import OfficeBook
from app.cases.records import Stage
from app.exchange.receiving import receive
from ui.office.referral_dialog import ReferralDialog
from ui.office.referrals_page import ReferralColumn, ReferralsPage

from helpers import window_text


def referrals(qtbot: QtBot, office: OfficeBook) -> ReferralsPage:
    window, pages = open_window(qtbot, office)
    window.navigation.setCurrentRow(window.sections.indexOf(pages.referrals))
    return pages.referrals


def test_a_new_referral_is_typed_with_its_parties_and_listed_unsent(
    qtbot: QtBot, office_book: OfficeBook
) -> None:
    page = referrals(qtbot, office_book)
    assert page.empty.isVisible()
    page.first_button.setFocus()
    qtbot.keyClick(page.first_button, Qt.Key.Key_Insert)
    dialog = page.dialog
    assert isinstance(dialog, ReferralDialog)
    qtbot.waitExposed(dialog)
    words = window_text(dialog)
    assert "Summary" not in words and "Notes" not in words  # no place for what is said
    assert not dialog.status.isVisible()  # a referral has no status until a mediator has it
    dialog.reference.setText("MM-2026-051")
    dialog.title.setText("Continuing ventilation")
    dialog.set_stage(Stage.FORMAL)
    dialog.patient_name.setText("Zoë Nuñez")
    dialog.nhs_number.setText("9434765919")
    row = dialog.add_party_row()
    dialog.parties.item(row, 0).setText("Siân Jones")
    dialog.save()
    qtbot.waitUntil(lambda: not dialog.isVisible())

    [referral] = office_book.referrals.all()
    assert referral.details.reference == "MM-2026-051"
    assert [p.name for p in referral.details.parties] == ["Siân Jones"]
    assert page.proxy.index(0, ReferralColumn.SENT_TO).data() == "Not yet sent"
    assert "The referral is stored." in page.message.text()
    page.window().clear()  # type: ignore[attr-defined]


def test_a_party_without_a_name_is_refused_with_the_reason(
    qtbot: QtBot, office_book: OfficeBook
) -> None:
    page = referrals(qtbot, office_book)
    dialog = page.new_referral()
    assert dialog is not None
    dialog.title.setText("Place of care")
    dialog.add_party_row()
    dialog.save()
    assert dialog.isVisible()
    assert "Party 1 has no name" in window_text(dialog)
    assert office_book.referrals.all() == []
    page.window().clear()  # type: ignore[attr-defined]


def test_sending_a_referral_seals_it_to_the_mediator_and_marks_it_sent(
    qtbot: QtBot, office_book: OfficeBook, second_casebook: Casebook, tmp_path: Path
) -> None:
    introduce(office_book, second_casebook)
    office_book.referrals.add(DETAILS)
    page = referrals(qtbot, office_book)
    page.select(office_book.referrals.all()[0].id)
    dialog = page.send_referral()
    assert dialog is not None
    out = tmp_path / "referral.parley-sealed"
    dialog.choose_path = lambda parent, name: out
    box = dialog.choose()
    assert box is not None and name_of(second_casebook) in box.informativeText()
    next(b for b in box.buttons() if b.text() == "Se&nd it").click()
    qtbot.waitUntil(out.exists, timeout=10_000)
    qtbot.waitUntil(lambda: "Sealed the referral MM-2026-040" in page.message.text())
    assert page.proxy.index(0, ReferralColumn.SENT_TO).data().startswith(name_of(second_casebook))
    assert message_boxes() == []
    assert receive(second_casebook, out).reference == DETAILS.reference
    page.window().clear()  # type: ignore[attr-defined]
