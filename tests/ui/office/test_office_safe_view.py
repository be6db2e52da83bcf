"""Safe view in the office's window: referrals' titles and patients' names and identifiers
are hidden (references stay), on the Referrals and Agreements pages and the dashboard."""

from __future__ import annotations

from pathlib import Path

from office_examples import DETAILS
from office_windows import agreement_file, introduce, open_window
from pytestqt.qtbot import QtBot

from app.books.casebook import Casebook
from app.books.office_book import OfficeBook
from app.exchange.receiving import receive

from helpers import window_text

SECRETS = ("Continuing ventilation", "Place of care", "Zoë Nuñez", "943 476 5919", "H-77")


def test_safe_view_hides_titles_and_patients_in_every_office_section(
    qtbot: QtBot, office_book: OfficeBook, casebook: Casebook, tmp_path: Path
) -> None:
    introduce(office_book, casebook)
    receive(office_book, agreement_file(office_book, casebook, tmp_path).path)
    office_book.referrals.add(
        DETAILS.__class__(**{**DETAILS.__dict__, "reference": "MM-2026-041",
                             "title": "Place of care"})
    )  # fmt: skip
    window, pages = open_window(qtbot, office_book)
    for page in (pages.dashboard, pages.referrals, pages.agreements):
        window.navigation.setCurrentRow(window.sections.indexOf(page))
        if page is not pages.dashboard:
            page.table.setCurrentIndex(page.proxy.index(0, 0))  # type: ignore[attr-defined]
    shown = window_text(window, visible_only=True)
    assert "Zoë Nuñez" in shown  # the oracle is not vacuous

    window.safe_view_action.trigger()
    assert window.safe_view_action.isChecked()
    for page in (pages.dashboard, pages.referrals, pages.agreements):
        window.navigation.setCurrentRow(window.sections.indexOf(page))
        if page is not pages.dashboard:
            page.table.setCurrentIndex(page.proxy.index(0, 0))  # type: ignore[attr-defined]
        hidden = window_text(window, visible_only=True)
        leaks = [secret for secret in SECRETS if secret in hidden]
        assert leaks == [], (page, leaks)
        assert "MM-2026-04" in hidden  # references stay
    window.clear()
