"""The office's window, walked as a keyboard user meets it (every section and every dialog a
button or menu opens): no two controls share an Alt key, and every control has a name a
screen reader speaks."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from office_examples import DETAILS
from office_windows import agreement_file, introduce
from pytestqt.qtbot import QtBot
from test_every_window_accessible import unnamed
from test_every_window_keyboard import key_problems

from app.books import vault
from app.books.casebook import Casebook
from app.books.office_book import OfficeBook
from app.exchange.receiving import receive
from ui.application import Session

from conftest import FLOOR_KDF, PASSPHRASE
from filled_book import NoBus
from window_walk import walk


@pytest.fixture
def session(
    qtbot: QtBot, office_folder: Path, template_casebook: Path, tmp_path: Path
) -> Iterator[Session]:
    import shutil

    shutil.copytree(template_casebook, tmp_path / "mediator")
    office = vault.open_book_with_passphrase(office_folder, PASSPHRASE)
    casebook = vault.open_with_passphrase(tmp_path / "mediator", PASSPHRASE)
    try:
        assert isinstance(office, OfficeBook) and isinstance(casebook, Casebook)
        introduce(office, casebook)
        receive(office, agreement_file(office, casebook, tmp_path).path)
        office.referrals.add(DETAILS.__class__(**{**DETAILS.__dict__, "reference": "MM-2026-041"}))
    finally:
        office.close()
        casebook.close()
    made = Session(office_folder, kdf=FLOOR_KDF, demo_folder=tmp_path / "demo",
                   trust_options={"session_bus": NoBus(), "system_bus": NoBus()})  # fmt: skip
    yield made
    made.dispose()


def test_the_office_window_shares_no_alt_key_and_names_every_control(
    qtbot: QtBot, session: Session
) -> None:
    walked = walk(qtbot, session, lambda screen: key_problems(screen) + unnamed(screen))
    met = "\n".join(walked.screens)
    for expected in ("section Referrals", "section Agreements", "section Contacts",
                     "“Signed copy back…” → "):  # fmt: skip
        assert expected in met, met
    assert walked.problems == []
