"""The workspace offers the status the case's record points to, and changes nothing unasked."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.books.casebook import Casebook
from app.cases.records import Case, Party, PartyRole, Side, Status, Term, TermStatus
from ui.widgets.forms import combo_value
from ui.workspace.container import CaseWorkspace
from ui.workspace.overview_tab import OverviewTab

DAY = date(2026, 3, 2)


def _agreed_case(casebook: Casebook) -> int:
    # The case: every consent in, a term agreed, the date agreed set.
    case = casebook.cases.add(Case(None, "MM-2026-001", "Ventilation",
                                   status=Status.AWAITING_CONSENT, agreed_on=DAY))  # fmt: skip
    case_id = case.id or 0
    for name in ("Siân Pritchard", "Dr Okafor"):
        casebook.parties.add(Party(None, case_id, name, PartyRole.PARENT, Side.FAMILY,
                                   consented_on=DAY))  # fmt: skip
    casebook.terms.add(Term(None, case_id, 0, "Review weekly", TermStatus.AGREED))
    return case_id


def test_the_suggested_status_is_offered_and_set_in_one_click(
    qtbot: QtBot, casebook: Casebook
) -> None:
    case_id = _agreed_case(casebook)
    workspace = CaseWorkspace(casebook, case_id)
    qtbot.addWidget(workspace)
    workspace.show()
    offer = workspace.status_offer
    assert offer.isVisible()
    assert "Suggested status: Agreed" in offer.label.text()
    assert "date agreed" in offer.label.text()
    assert offer.accept_button.text() == "Set status to Agreed"
    # Offered, never applied by itself.
    assert casebook.cases.get(case_id).status is Status.AWAITING_CONSENT

    with qtbot.waitSignal(workspace.case_changed):
        qtbot.mouseClick(offer.accept_button, Qt.MouseButton.LeftButton)
    assert casebook.cases.get(case_id).status is Status.AGREED
    assert "Agreed" in workspace.stage_label.text()
    assert not offer.isVisible()
    overview = next(t for t in workspace.tabs if isinstance(t, OverviewTab))
    workspace.tab_widget.setCurrentWidget(overview)
    assert combo_value(overview.status, Status) is Status.AGREED


def test_not_now_hides_the_offer_and_changes_nothing(qtbot: QtBot, casebook: Casebook) -> None:
    case_id = _agreed_case(casebook)
    workspace = CaseWorkspace(casebook, case_id)
    qtbot.addWidget(workspace)
    workspace.show()
    workspace.status_offer.later_button.click()
    assert not workspace.status_offer.isVisible()
    assert casebook.cases.get(case_id).status is Status.AWAITING_CONSENT


def test_no_offer_when_the_status_is_already_where_the_record_points(
    qtbot: QtBot, casebook: Casebook
) -> None:
    case = casebook.cases.add(Case(None, "MM-2026-002", "Oxygen", status=Status.IN_MEDIATION))
    workspace = CaseWorkspace(casebook, case.id or 0)
    qtbot.addWidget(workspace)
    workspace.show()
    assert not workspace.status_offer.isVisible()
