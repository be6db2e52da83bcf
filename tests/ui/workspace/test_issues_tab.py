"""The Issues tab: issues grouped by kind, who raised them, add/edit/delete, safe view."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QMessageBox, QTreeWidgetItem
from pytestqt.qtbot import QtBot

from app.books.casebook import Casebook
from app.cases.records import Case, Issue, IssueKind, Party, PartyRole, Side
from ui.workspace.issues_tab import HIDDEN_TEXT, NOBODY, IssuesTab


@pytest.fixture
def case_id(casebook: Casebook) -> int:
    case = casebook.cases.add(Case(None, "MM-2026-010", "Ventilation review"))
    assert case.id is not None
    casebook.parties.add(Party(None, case.id, "Siân Evans", PartyRole.PARENT, Side.FAMILY))
    return case.id


@pytest.fixture
def tab(qtbot: QtBot, casebook: Casebook, case_id: int) -> Iterator[IssuesTab]:
    shown = IssuesTab(casebook, case_id)
    qtbot.addWidget(shown)
    shown.reload()
    shown.show()
    yield shown
    shown.clear()


def _group(tab: IssuesTab, kind: IssueKind) -> QTreeWidgetItem:
    item = tab.tree.topLevelItem(list(IssueKind).index(kind))
    assert item is not None
    return item


def _rows(tab: IssuesTab, kind: IssueKind) -> list[tuple[str, str]]:
    group = _group(tab, kind)
    return [(group.child(i).text(0), group.child(i).text(1)) for i in range(group.childCount())]


def _answer(tab: IssuesTab, role: QMessageBox.ButtonRole) -> None:
    box = tab.confirmation
    assert box is not None and box.isVisible()
    [button] = [b for b in box.buttons() if box.buttonRole(b) == role]
    button.click()


def test_issues_are_grouped_by_kind(tab: IssuesTab) -> None:
    headings = [tab.tree.topLevelItem(i).text(0) for i in range(tab.tree.topLevelItemCount())]
    assert headings == [
        "Stated positions (0)",
        "Underlying concerns (0)",
        "Key issues (0)",
        "Realistically achievable (0)",
    ]
    assert tab.title == "&Issues"


def test_add_edit_and_delete_an_issue(
    qtbot: QtBot, tab: IssuesTab, casebook: Casebook, case_id: int
) -> None:
    mother = casebook.parties.for_case(case_id)[0]
    dialog = tab.add_issue(IssueKind.UNDERLYING)
    assert dialog is not None and dialog.focusWidget() is dialog.text
    assert dialog.save_button.isDefault()
    dialog.text.setPlainText("Fear that she will be in pain < at night & alone >")
    dialog.raised_by.setCurrentIndex(dialog.raised_by.findData(mother.id))
    with qtbot.waitSignal(tab.case_changed):
        dialog.save_button.click()

    [stored] = casebook.issues.for_case(case_id)
    assert (stored.kind, stored.raised_by) == (IssueKind.UNDERLYING, mother.id)
    assert _rows(tab, IssueKind.UNDERLYING) == [
        ("Fear that she will be in pain < at night & alone >", "Siân Evans (Parent)")
    ]
    assert _group(tab, IssueKind.UNDERLYING).text(0) == "Underlying concerns (1)"

    # An empty issue is refused beside its field, and the dialog stays open.
    empty = tab.add_issue(IssueKind.KEY)
    assert empty is not None
    empty.save_button.click()
    assert empty.isVisible() and empty.text_error.reason == "This cannot be empty"
    assert len(casebook.issues.for_case(case_id)) == 1
    empty.reject()

    # Edit: move it to another kind, and say nobody in particular raised it.
    tab.tree.setCurrentItem(_group(tab, IssueKind.UNDERLYING).child(0))
    edit = tab.edit_selected()
    assert edit is not None and edit.text.toPlainText().startswith("Fear that")
    edit.text.setPlainText("Whether a trial of treatment can be time-limited")
    edit.kind.setCurrentIndex(edit.kind.findData(IssueKind.KEY.value))
    edit.raised_by.setCurrentIndex(0)
    edit.save_button.click()
    assert casebook.issues.get(stored.id or 0).kind is IssueKind.KEY
    assert casebook.issues.get(stored.id or 0).raised_by is None
    assert _rows(tab, IssueKind.UNDERLYING) == []
    assert _rows(tab, IssueKind.KEY) == [
        ("Whether a trial of treatment can be time-limited", NOBODY)
    ]
    assert tab.selected_issue() == casebook.issues.get(stored.id or 0)

    # Delete asks first; Cancel (the default) keeps it.
    tab.delete_selected()
    assert tab.confirmation is not None
    assert tab.confirmation.defaultButton() is tab.confirmation.button(
        QMessageBox.StandardButton.Cancel
    )
    _answer(tab, QMessageBox.ButtonRole.RejectRole)
    assert len(casebook.issues.for_case(case_id)) == 1
    tab.delete_selected()
    _answer(tab, QMessageBox.ButtonRole.DestructiveRole)
    assert casebook.issues.for_case(case_id) == []
    assert _rows(tab, IssueKind.KEY) == []


def test_safe_view_hides_issue_text(tab: IssuesTab, casebook: Casebook, case_id: int) -> None:
    casebook.issues.add(Issue(None, case_id, IssueKind.POSITION, "SENTINEL-position"))
    casebook.issues.add(Issue(None, case_id, IssueKind.REALISTIC, "SENTINEL-realistic"))
    tab.reload()
    tab.tree.setCurrentItem(_group(tab, IssueKind.POSITION).child(0))

    tab.set_safe_view(True)

    shown = [
        (item.text(0), item.toolTip(0))
        for kind in IssueKind
        for item in (_group(tab, kind).child(i) for i in range(_group(tab, kind).childCount()))
    ]
    assert shown == [(HIDDEN_TEXT, ""), (HIDDEN_TEXT, "")]
    assert not tab.edit_button.isEnabled() and tab.edit_selected() is None
    tab.set_safe_view(False)
    assert _rows(tab, IssueKind.POSITION) == [("SENTINEL-position", NOBODY)]


def test_save_pending_stores_an_open_dialog_and_clear_forgets(
    tab: IssuesTab, casebook: Casebook, case_id: int
) -> None:
    dialog = tab.add_issue(IssueKind.POSITION)
    assert dialog is not None
    dialog.text.setPlainText("The family want ventilation to continue")
    tab.save_pending()
    assert [i.text for i in casebook.issues.for_case(case_id)] == [
        "The family want ventilation to continue"
    ]

    unfinished = tab.add_issue()
    assert unfinished is not None
    unfinished.text.setPlainText("half-typed")
    tab.clear()
    assert tab.tree.topLevelItemCount() == 0 and not unfinished.isVisible()
    assert not tab.add_button.isEnabled()


def test_a_new_issue_is_made_with_new_as_a_party_or_meeting_is(tab: IssuesTab) -> None:
    """One verb for making a record everywhere: New party, New meeting, New issue."""
    assert tab.add_button.text().replace("&", "") == "New issue…"
    dialog = tab.add_issue()
    assert dialog is not None
    assert dialog.windowTitle() == "Parley — New issue"
    assert dialog.save_button.text().replace("&", "") == "Save"
    dialog.reject()
