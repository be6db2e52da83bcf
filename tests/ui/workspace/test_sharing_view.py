"""“What may I share with…?” lists exactly the notes whose source consented, and no other."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.books.casebook import Casebook
from app.cases.records import Case, Note, Party, PartyRole, Side
from ui.workspace.notes_tab import MeetingsNotesTab
from ui.workspace.sharing import SharingDialog

TO_B = "A told me the family would accept a second opinion; B may hear it."
TO_A = "B said the team could wait two weeks; A may hear it."
TO_A_AND_B = "C wants both parents told about the new visiting hours."
CONFIDENTIAL = "C is worried about the registrar but wants it kept private."
WITHDRAWN = "A agreed I could tell B about the diary, then withdrew."
MEDIATOR = "My own thought: the gap is about time, not values."
EVERY_NOTE = (TO_B, TO_A, TO_A_AND_B, CONFIDENTIAL, WITHDRAWN, MEDIATOR)


@dataclass
class People:
    case_id: int
    a: Party
    b: Party
    c: Party
    d: Party  # a party nobody consented to share anything with


@pytest.fixture
def people(casebook: Casebook) -> People:
    case_id = casebook.cases.add(Case(None, "MM-2026-020", "Sharing")).id or 0

    def party(name: str, role: PartyRole, side: Side) -> Party:
        return casebook.parties.add(Party(None, case_id, name, role, side))

    a = party("Ann Avery", PartyRole.PARENT, Side.FAMILY)
    b = party("Dr Ben Bello", PartyRole.CONSULTANT, Side.CLINICAL)
    c = party("Cara Cole", PartyRole.NURSE, Side.CLINICAL)
    d = party("Dan Drew", PartyRole.ADVOCATE, Side.OTHER)

    def note(text: str, day: int, source: Party | None, to: tuple[Party, ...] = (),
             consent: date | None = None, withdrawn: date | None = None) -> None:  # fmt: skip
        casebook.notes.add(
            Note(None, case_id, text, datetime(2026, 4, day, 10, 0),
                 source_party_id=source.id if source else None,
                 share_with=tuple(p.id or 0 for p in to), consent_on=consent,
                 consent_how="In person" if consent else "", consent_withdrawn_on=withdrawn)
        )  # fmt: skip

    note(TO_B, 2, a, (b,), date(2026, 4, 2))
    note(TO_A, 3, b, (a,), date(2026, 4, 3))
    note(TO_A_AND_B, 4, c, (a, b), date(2026, 4, 4))
    note(CONFIDENTIAL, 5, c)
    note(WITHDRAWN, 6, a, (b,), date(2026, 4, 6), withdrawn=date(2026, 4, 7))
    note(MEDIATOR, 7, None)
    return People(case_id, a, b, c, d)


@pytest.fixture
def dialog(qtbot: QtBot, casebook: Casebook, people: People) -> Iterator[SharingDialog]:
    shown = SharingDialog(casebook, people.case_id)
    qtbot.addWidget(shown)
    shown.show()
    yield shown
    shown.clear()


def _choose(dialog: SharingDialog, party: Party) -> str:
    dialog.party.setCurrentIndex(dialog.party.findData(party.id))
    return dialog.summary.text() + "\n" + dialog.notes.toPlainText()


def _listed(shown: str) -> set[str]:
    return {text for text in EVERY_NOTE if text in shown}


def test_lists_exactly_the_consented_notes(dialog: SharingDialog, people: People) -> None:
    assert dialog.focusWidget() is dialog.party

    shown = _choose(dialog, people.b)
    assert _listed(shown) == {TO_B, TO_A_AND_B}
    assert "2 notes may be shared with Dr Ben Bello" in shown
    assert "From Ann Avery — consent given 2 April 2026 (In person)" in shown
    assert "From Cara Cole — consent given 4 April 2026" in shown

    assert _listed(_choose(dialog, people.a)) == {TO_A, TO_A_AND_B}

    shown = _choose(dialog, people.d)
    assert _listed(shown) == set()
    assert (
        "Nothing may be shared with Dan Drew: no note has its source's consent to share "
        "with them." in shown
    )
    assert "open the note in Meetings and notes" in dialog.notes.toPlainText()


def test_safe_view_hides_the_text_but_not_the_consent(
    dialog: SharingDialog, people: People
) -> None:
    dialog.set_safe_view(True)
    shown = _choose(dialog, people.b)
    assert _listed(shown) == set()
    assert "From Ann Avery — consent given 2 April 2026" in shown
    assert shown.count("•••• note hidden (safe view)") == 2


def test_reached_from_the_meetings_and_notes_tab(
    qtbot: QtBot, casebook: Casebook, people: People
) -> None:
    tab = MeetingsNotesTab(casebook, people.case_id)
    qtbot.addWidget(tab)
    tab.reload()
    tab.show()
    assert tab.share_button.text() == "What may I &share with…?"
    qtbot.mouseClick(tab.share_button, Qt.MouseButton.LeftButton)
    opened = tab._dialog
    assert isinstance(opened, SharingDialog) and opened.isVisible()

    tab.set_safe_view(True)  # the switch reaches the open view
    assert _listed(_choose(opened, people.a)) == set()

    tab.clear()  # locking closes it and forgets what it showed
    assert not opened.isVisible() and opened.notes.toPlainText() == ""


def test_a_case_without_parties_says_so(qtbot: QtBot, casebook: Casebook) -> None:
    case_id = casebook.cases.add(Case(None, "MM-2026-021", "No one yet")).id or 0
    empty = SharingDialog(casebook, case_id)
    qtbot.addWidget(empty)
    assert "no parties yet" in empty.summary.text()
    assert not empty.party.isEnabled()
