"""The Disclosures tab: every field required, recorded with an audit entry, safe view."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from app.books.casebook import Casebook
from app.cases.records import Case, Disclosure, DisclosureGround
from ui.workspace.disclosure_dialog import GROUND_EXPLANATIONS, NO_GROUND
from ui.workspace.disclosures_tab import HIDDEN_TEXT, DisclosuresTab

from helpers import answer_next_box, type_into

REFERENCE = "MM-2026-011"


@pytest.fixture
def case_id(casebook: Casebook) -> int:
    case = casebook.cases.add(Case(None, REFERENCE, "Transfer to hospice"))
    assert case.id is not None
    return case.id


@pytest.fixture
def tab(qtbot: QtBot, casebook: Casebook, case_id: int) -> Iterator[DisclosuresTab]:
    shown = DisclosuresTab(casebook, case_id)
    qtbot.addWidget(shown)
    shown.reload()
    shown.show()
    yield shown
    shown.clear()


def test_missing_fields_are_named_beside_each_field(
    tab: DisclosuresTab, casebook: Casebook, case_id: int
) -> None:
    assert tab.title == "&Disclosures" and tab.empty.isVisible()
    dialog = tab.record_disclosure()
    assert dialog is not None and dialog.record_button.isDefault()
    assert dialog.focusWidget() is dialog.on.line
    labels = [b.text() for b in dialog.ground_buttons.values()]
    assert labels == [g.label for g in DisclosureGround]
    assert all(GROUND_EXPLANATIONS[g] for g in DisclosureGround)

    dialog.record_button.click()

    assert dialog.isVisible()
    assert dialog.problems() == {
        "ground": NO_GROUND,
        "what": "This cannot be empty",
        "to": "This cannot be empty",
        "decided_by": "This cannot be empty",
        "reason": "This cannot be empty",
    }
    assert dialog.errors["what"].reason
    assert casebook.disclosures.for_case(case_id) == []

    # Filling some fields leaves only the others named.
    dialog.set_ground(DisclosureGround.COURT_ORDER)
    dialog.to.setText("Family Division, by order")
    dialog.record_button.click()
    assert set(dialog.problems()) == {"what", "decided_by", "reason"}
    assert not dialog.errors["to"].reason
    dialog.reject()
    assert casebook.disclosures.for_case(case_id) == []


def test_a_complete_disclosure_is_listed_and_audited(
    qtbot: QtBot, tab: DisclosuresTab, casebook: Casebook, case_id: int
) -> None:
    dialog = tab.record_disclosure()
    assert dialog is not None
    type_into(qtbot, dialog.on, "20/3/2026")
    dialog.set_ground(DisclosureGround.RISK_OF_HARM)
    dialog.what.setPlainText("SENTINEL-WHAT: the father's threat")
    dialog.to.setText("Hospital safeguarding lead")
    dialog.decided_by.setText("Alex Morgan")
    dialog.reason.setPlainText("SENTINEL-WHY: a child at risk")
    # Enter, twice over, records nothing: the summary comes first, and Enter there goes back.
    seen: list[str] = []
    answer_next_box(None, seen)
    qtbot.keyClick(dialog.to, Qt.Key.Key_Return)
    assert casebook.disclosures.for_case(case_id) == [] and dialog.isVisible()
    [summary] = seen
    for shown in ("20 March 2026", "Significant risk of harm to a person",
                  "Hospital safeguarding lead", "Alex Morgan", "SENTINEL-WHAT", "SENTINEL-WHY",
                  "cannot be undone"):  # fmt: skip
        assert shown in summary
    assert dialog.to.text() == "Hospital safeguarding lead"  # the form is as it was

    answer_next_box("&Record disclosure", seen)
    with qtbot.waitSignal(tab.case_changed):
        dialog.record_button.click()

    [stored] = casebook.disclosures.for_case(case_id)
    assert stored == Disclosure(
        stored.id, case_id, date(2026, 3, 20), DisclosureGround.RISK_OF_HARM,
        "Hospital safeguarding lead", "SENTINEL-WHAT: the father's threat", "Alex Morgan",
        "SENTINEL-WHY: a child at risk",
    )  # fmt: skip
    [entry] = [e for e in casebook.audit.entries() if e.action == "disclosure recorded"]
    assert entry.case_reference == REFERENCE
    assert "SENTINEL" not in entry.detail

    item = tab.list.topLevelItem(0)
    assert [item.text(c) for c in range(4)] == [
        "20 March 2026", "Significant risk of harm to a person", "Hospital safeguarding lead",
        "Alex Morgan",
    ]  # fmt: skip
    assert not tab.empty.isVisible()
    assert tab.what.text() == "SENTINEL-WHAT: the father's threat"
    assert tab.reason.text() == "SENTINEL-WHY: a child at risk"
    assert "recorded" in tab.message.text()
    # A record of an act: nothing on the tab edits or deletes it.
    buttons = [b.text() for b in tab.findChildren(QPushButton) if b.isVisibleTo(tab)]
    assert buttons == ["&Record a disclosure…"]


def test_safe_view_hides_what_and_why(
    tab: DisclosuresTab, casebook: Casebook, case_id: int
) -> None:
    casebook.record_disclosure(
        Disclosure(None, case_id, date(2026, 3, 20), DisclosureGround.COURT_ORDER, "The court",
                   "SENTINEL-WHAT", "Alex Morgan", "SENTINEL-WHY")
    )  # fmt: skip
    tab.reload()

    tab.set_safe_view(True)
    assert (tab.what.text(), tab.reason.text()) == (HIDDEN_TEXT, HIDDEN_TEXT)
    assert tab.list.topLevelItem(0).text(2) == "The court"
    tab.set_safe_view(False)
    assert tab.what.text() == "SENTINEL-WHAT"

    tab.clear()
    assert tab.list.topLevelItemCount() == 0 and tab.what.text() == ""


def test_save_pending_records_a_complete_open_dialog(
    tab: DisclosuresTab, casebook: Casebook, case_id: int
) -> None:
    dialog = tab.record_disclosure()
    assert dialog is not None
    dialog.set_ground(DisclosureGround.UNLAWFUL)
    for field in (dialog.to, dialog.decided_by):
        field.setText("Someone")
    for box in (dialog.what, dialog.reason):
        box.setPlainText("Something")
    tab.save_pending()
    assert len(casebook.disclosures.for_case(case_id)) == 1
