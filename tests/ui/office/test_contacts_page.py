"""The Contacts page: this book's card and fingerprint in groups; another book's card is
trusted only once the fingerprint its owner reads aloud is typed and matches. A mismatch is
refused and nothing is trusted."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from office_windows import open_window
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.books.casebook import Casebook
from app.books.office_book import OfficeBook
from app.exchange.trust import export_card
from app.identity.cards import read_card_file
from app.identity.contacts import ConfirmedHow
from app.identity.keys import format_fingerprint
from app.roles import Role
from ui.office import contacts_page
from ui.office.card_dialogs import ExportCardDialog, TrustCardDialog
from ui.office.contacts_page import ContactsPage

from helpers import book_tables, window_text

NOW = datetime(2026, 4, 6, 9, 30)


@pytest.fixture
def card(office_book: OfficeBook, tmp_path: Path) -> Path:
    """The office's card, as the office would e-mail it."""
    return export_card(office_book, tmp_path / "office.parley-card", name="Riverside office").path


def contacts(qtbot: QtBot, casebook: Casebook) -> ContactsPage:
    window, pages = open_window(qtbot, casebook)
    window.navigation.setCurrentRow(window.sections.indexOf(pages.contacts))
    pages.contacts.now = lambda: NOW
    return pages.contacts


def test_the_page_shows_this_books_fingerprint_in_groups_of_four(
    qtbot: QtBot, casebook: Casebook
) -> None:
    page = contacts(qtbot, casebook)
    shown = page.own_fingerprint.text()
    assert shown == format_fingerprint(casebook.identity.fingerprint)
    assert [len(group) for group in shown.split()] == [4] * 10
    assert page.empty.isVisible()
    assert page.export_button.isVisible()  # the first thing a new book needs
    assert "reading them aloud to each other over the phone" in window_text(page)
    page.window().clear()  # type: ignore[attr-defined]


def test_a_card_is_trusted_once_the_fingerprint_read_aloud_matches(
    qtbot: QtBot,
    casebook: Casebook,
    office_book: OfficeBook,
    card: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    page = contacts(qtbot, casebook)
    monkeypatch.setattr(contacts_page, "choose_card", lambda parent: card)
    dialog = page.add_contact()
    assert isinstance(dialog, TrustCardDialog)
    qtbot.waitExposed(dialog)
    words = window_text(dialog)
    assert "Riverside office" in words and "read you the fingerprint" in words
    qtbot.waitUntil(dialog.typed.hasFocus)
    assert not dialog.trust_button.isEnabled()

    read_aloud = format_fingerprint(office_book.identity.fingerprint).lower()
    qtbot.keyClicks(dialog.typed, read_aloud[:9])
    assert "So far it matches: 8 of 40" in dialog.verdict.text()
    qtbot.keyClicks(dialog.typed, read_aloud[9:])
    assert dialog.verdict.text().startswith("It matches the card.")
    assert not dialog.trust_button.isEnabled()  # who compared it is not said yet
    assert "Now say who compared it" in dialog.verdict.text()
    dialog.by.setText("Jo Patel")
    assert dialog.verdict.text() == "It matches the card."
    assert dialog.trust_button.isEnabled()
    qtbot.keyClick(dialog.typed, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())

    [contact] = casebook.contacts.all()
    assert (contact.name, contact.role) == ("Riverside office", Role.OFFICE)
    assert (contact.confirmed_by, contact.confirmed_how, contact.confirmed_at) == (
        "Jo Patel", ConfirmedHow.PHONE, NOW
    )  # fmt: skip
    assert page.model.rowCount() == 1
    assert "Riverside office is now a trusted contact" in page.message.text()
    page.window().clear()  # type: ignore[attr-defined]


def test_a_fingerprint_that_does_not_match_is_refused_and_nothing_is_trusted(
    qtbot: QtBot,
    casebook: Casebook,
    card: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    page = contacts(qtbot, casebook)
    monkeypatch.setattr(contacts_page, "choose_card", lambda parent: card)
    before = book_tables(casebook.connection)
    dialog = page.add_contact()
    assert isinstance(dialog, TrustCardDialog)
    real = read_card_file(card).fingerprint
    wrong = ("B" if real[0] != "B" else "C") + real[1:]
    qtbot.keyClicks(dialog.typed, wrong)
    assert "This does not match the card. Do not trust it" in dialog.verdict.text()
    assert not dialog.trust_button.isEnabled()
    qtbot.keyClick(dialog.typed, Qt.Key.Key_Return)
    dialog.trust()  # even asked directly, it refuses
    assert casebook.contacts.all() == []
    assert book_tables(casebook.connection) == before
    page.window().clear()  # type: ignore[attr-defined]


def test_something_that_is_not_a_card_is_said_in_one_line(
    qtbot: QtBot, casebook: Casebook, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = contacts(qtbot, casebook)
    junk = tmp_path / "junk.parley-card"
    junk.write_bytes(b"\x00not a card")
    monkeypatch.setattr(contacts_page, "choose_card", lambda parent: junk)
    assert page.add_contact() is None
    said = page.message.text()
    assert said and "\n" not in said and "Traceback" not in said
    assert casebook.contacts.all() == []
    page.window().clear()  # type: ignore[attr-defined]


def test_exporting_this_books_card_asks_for_its_name(
    qtbot: QtBot, casebook: Casebook, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui.office import card_dialogs

    page = contacts(qtbot, casebook)
    out = tmp_path / "mine.parley-card"
    monkeypatch.setattr(card_dialogs, "choose_save_path", lambda *args: out)
    dialog = page.export_card()
    assert isinstance(dialog, ExportCardDialog)
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(dialog.name.hasFocus)
    qtbot.keyClicks(dialog.name, "Alex Morgan")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: out.exists())
    card = read_card_file(out)
    assert (card.name, card.fingerprint) == ("Alex Morgan", casebook.identity.fingerprint)
    assert page.own_name.text() == "Alex Morgan"
    page.window().clear()  # type: ignore[attr-defined]
