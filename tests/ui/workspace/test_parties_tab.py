"""The Parties tab: the table, the party form, consent, and deleting with care."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from app.books.casebook import Casebook
from app.cases.records import Case, Note, Party, PartyRole, Side
from ui.widgets.forms import set_combo_value
from ui.workspace import parties_tab
from ui.workspace.parties_tab import Column, PartiesTab, PartyDialog

from helpers import answer_next_box, window_text

CONTACT = "07700 900141, sian.pritchard@example.org"


@pytest.fixture
def case_id(casebook: Casebook) -> int:
    return casebook.cases.add(Case(None, "MM-2026-011", "Ventilation")).id or 0


@pytest.fixture
def sian(casebook: Casebook, case_id: int) -> Party:
    return casebook.parties.add(
        Party(None, case_id, "Siân Pritchard", PartyRole.PARENT, Side.FAMILY, contact=CONTACT,
              consented_on=date(2026, 3, 5), consent_how="In person")
    )  # fmt: skip


@pytest.fixture
def tab(qtbot: QtBot, casebook: Casebook, case_id: int) -> Iterator[PartiesTab]:
    shown = PartiesTab(casebook, case_id)
    qtbot.addWidget(shown)
    shown.reload()
    shown.show()
    yield shown
    shown.clear()


class Questions:
    """Stands in for ``confirm_irreversible``: records each question and what it says
    follows, and answers with ``reply`` (True: the act's own button)."""

    def __init__(self) -> None:
        self.asked: list[str] = []
        self.acts: list[str] = []
        self.reply = True

    def __call__(self, parent: QWidget, *, question: str, summary: str, act: str,
                 **_: object) -> bool:  # fmt: skip
        self.asked.append(f"{question}\n{summary}")
        self.acts.append(act)
        return self.reply


@pytest.fixture
def questions(monkeypatch: pytest.MonkeyPatch) -> Questions:
    answering = Questions()
    monkeypatch.setattr(parties_tab, "confirm_irreversible", answering)
    return answering


def _cells(tab: PartiesTab, row: int) -> list[str]:
    return [tab.model.index(row, c).data() for c in Column]


def test_empty_state_then_add_a_party(qtbot: QtBot, tab: PartiesTab, casebook: Casebook,
                                      case_id: int) -> None:  # fmt: skip
    assert tab.title == "&Parties"
    assert tab.pages.currentWidget() is tab.empty
    assert "New party" in tab.empty.text()
    assert not tab.edit_button.isEnabled() and not tab.delete_button.isEnabled()

    tab.new_button.setFocus()
    qtbot.keyClick(tab.new_button, Qt.Key.Key_Insert)  # Insert adds, from anywhere in the tab
    dialog = tab._dialog
    assert isinstance(dialog, PartyDialog) and dialog.isVisible()
    assert dialog.focusWidget() is dialog.name
    assert dialog.save_button.isDefault()
    dialog.name.setText("Dr Łukasz Nowak")  # keyClicks cannot type Ł
    set_combo_value(dialog.role, PartyRole.CONSULTANT)
    assert dialog.side.currentData() == Side.CLINICAL.value  # suggested from the role
    dialog.consented_on.set_value(date(2026, 3, 6))
    qtbot.keyClicks(dialog.consent_how, "By email")
    dialog.party_to_agreement.setChecked(True)
    with qtbot.waitSignal(tab.case_changed):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert not dialog.isVisible()
    [stored] = casebook.parties.for_case(case_id)
    assert stored.name == "Dr Łukasz Nowak" and stored.side is Side.CLINICAL
    assert stored.consented_on == date(2026, 3, 6) and stored.party_to_agreement
    assert _cells(tab, 0) == ["Dr Łukasz Nowak", "Consultant", "Clinical",
                              "Given 6 March 2026 (By email)", None]  # fmt: skip
    assert tab.pages.currentWidget() is tab.table


def test_edit_a_party_and_withdraw_consent(
    qtbot: QtBot, tab: PartiesTab, casebook: Casebook, sian: Party
) -> None:
    tab.reload()
    dialog = tab.edit_selected()
    assert dialog is not None and dialog.name.text() == "Siân Pritchard"
    assert dialog.contact.text() == CONTACT

    dialog.withdrawn_on.set_value(date(2026, 3, 1))  # before consent was given
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.errors["consent_withdrawn_on"].reason == "This is before consent was given"
    assert casebook.parties.get(sian.id or 0).consent_withdrawn_on is None

    dialog.withdrawn_on.set_value(date(2026, 3, 20))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert casebook.parties.get(sian.id or 0).consent_withdrawn_on == date(2026, 3, 20)
    assert _cells(tab, 0)[Column.CONSENT] == "Withdrawn 20 March 2026 (given 5 March 2026)"


def test_party_to_the_agreement_is_a_tick_box(
    tab: PartiesTab, casebook: Casebook, sian: Party
) -> None:
    tab.reload()
    index = tab.model.index(0, Column.AGREEMENT)
    assert index.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    tab.model.setData(index, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert casebook.parties.get(sian.id or 0).party_to_agreement
    assert index.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked


def test_delete_asks_first(
    qtbot: QtBot, tab: PartiesTab, casebook: Casebook, case_id: int, sian: Party,
    questions: Questions,
) -> None:  # fmt: skip
    tab.reload()
    questions.reply = False
    tab.delete_selected()
    assert "Delete Siân Pritchard from this case?" in questions.asked[-1]
    assert questions.acts[-1] == "&Delete from the case"
    assert len(casebook.parties.for_case(case_id)) == 1

    questions.reply = True
    tab.table.setFocus()
    qtbot.keyClick(tab.table, Qt.Key.Key_Delete)  # the Delete key asks too
    assert len(questions.asked) == 2
    assert casebook.parties.for_case(case_id) == []
    assert tab.pages.currentWidget() is tab.empty


def test_a_note_source_cannot_be_deleted(
    tab: PartiesTab, casebook: Casebook, case_id: int, sian: Party, questions: Questions
) -> None:
    casebook.notes.add(
        Note(None, case_id, "Said in confidence.", datetime(2026, 3, 10, 15, 0),
             source_party_id=sian.id)
    )  # fmt: skip
    tab.reload()
    tab.delete_selected()
    assert tab.message.isVisible()
    assert "Siân Pritchard was not deleted" in tab.message.text()
    assert "source of 1 note(s)" in tab.message.text()
    assert len(casebook.parties.for_case(case_id)) == 1


def test_safe_view_hides_contact_details(qtbot: QtBot, tab: PartiesTab, sian: Party) -> None:
    tab.reload()
    tab.set_safe_view(True)
    dialog = tab.edit_selected()
    assert dialog is not None
    qtbot.waitExposed(dialog)
    assert CONTACT not in window_text(dialog, visible_only=True)
    assert dialog.contact.text() == CONTACT  # kept, only not shown
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)  # saving keeps it
    assert tab.casebook.parties.get(sian.id or 0).contact == CONTACT

    dialog = tab.edit_selected()
    assert dialog is not None
    tab.set_safe_view(False)
    assert CONTACT in window_text(dialog, visible_only=True)


def test_save_pending_stores_an_open_form_and_clear_closes_it(
    qtbot: QtBot, tab: PartiesTab, casebook: Casebook, case_id: int
) -> None:
    dialog = tab.add_party()
    dialog.name.setText("Zoë Hartley")
    tab.save_pending()
    assert [p.name for p in casebook.parties.for_case(case_id)] == ["Zoë Hartley"]

    dialog = tab.edit_selected()
    assert dialog is not None and dialog.isVisible()
    tab.clear()
    assert not dialog.isVisible()
    assert tab.model.rowCount() == 0


def test_enter_in_the_delete_question_keeps_the_party(
    qtbot: QtBot, tab: PartiesTab, casebook: Casebook, case_id: int, sian: Party
) -> None:
    tab.reload()
    seen: list[str] = []
    answer_next_box(None, seen)  # the real question, answered with Enter
    tab.delete_selected()
    assert seen and "Delete Siân Pritchard" in seen[0]
    assert len(casebook.parties.for_case(case_id)) == 1
