"""The Complaints page: recording across Christmas, overdue marking on an injected day, the
steps of the procedure to the Civil Mediation Council date, safe view and locking."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.books.casebook import Casebook
from app.cases.records import Case
from app.registers.complaints import (
    AcknowledgedBy,
    Channel,
    Complaint,
    ComplaintAbout,
    ComplaintStatus,
)
from ui.registers.complaint_dialog import AcknowledgeDialog, ComplaintDialog, ResponseDialog
from ui.registers.complaints_page import HIDDEN, ComplaintsPage
from ui.registers.models import ComplaintColumn
from ui.widgets.forms import set_combo_value

from helpers import type_into, window_text

CHRISTMAS_EVE_EVE = date(2026, 12, 23)  # a Wednesday
CONTACT = "07700 900141, gareth@example.org"


class Clock:
    """The page's "today", moved by the test."""

    def __init__(self, day: date) -> None:
        self.day = day

    def __call__(self) -> date:
        return self.day


@pytest.fixture
def clock() -> Clock:
    return Clock(CHRISTMAS_EVE_EVE)


@pytest.fixture
def page(qtbot: QtBot, casebook: Casebook, clock: Clock) -> Iterator[ComplaintsPage]:
    shown = ComplaintsPage(today=clock)
    qtbot.addWidget(shown)
    shown.resize(1100, 700)
    shown.show_casebook(casebook)
    shown.show()
    yield shown
    shown.clear()


def _record(casebook: Casebook, received: date = CHRISTMAS_EVE_EVE) -> Complaint:
    return casebook.registers.record_complaint(
        Complaint(None, received, Channel.EMAIL, "Gareth Pritchard", CONTACT,
                  ComplaintAbout.MEDIATOR, "Felt the mediator took sides")
    )  # fmt: skip


def _detail(page: ComplaintsPage, caption: str) -> str:
    return page.detail[caption].text()


def test_record_a_complaint_received_before_christmas(
    qtbot: QtBot, page: ComplaintsPage, casebook: Casebook
) -> None:
    assert page.pages.currentWidget() is page.empty
    casebook.cases.add(Case(None, "MM-2026-014", "Ventilation review"))
    dialog = page.record_complaint()
    assert isinstance(dialog, ComplaintDialog) and dialog.focusWidget() is dialog.received_on.line
    # Thu 24 counts; Christmas (Fri), the weekend and Boxing Day's substitute (Mon 28) do not.
    assert dialog.deadlines.text().startswith("Acknowledge by 30 December 2026")
    assert "respond by 17 January 2027 (25 calendar days" in dialog.deadlines.text()

    qtbot.keyClicks(dialog.complainant_name, "Gareth Pritchard")
    dialog.contact.set_text(CONTACT)
    set_combo_value(dialog.about, ComplaintAbout.PROCESS)
    qtbot.keyClicks(dialog.case_reference, "MM/2026/014")
    dialog.save_button.click()
    assert "cannot contain / or \\" in dialog.errors["case_reference"].reason
    dialog.case_reference.setText("MM-2099-001")
    dialog.save_button.click()
    assert dialog.errors["case_reference"].reason.startswith("There is no case with")
    dialog.case_reference.setText("MM-2026-014")
    dialog.save_button.click()
    assert not dialog.isVisible()

    assert page.pages.currentWidget() is page.table
    cells = [page.proxy.index(0, c).data() for c in ComplaintColumn]
    assert cells == ["CP-00001", "23 December 2026", "Gareth Pritchard", "The process",
                     "Received", "Acknowledge by 30 December 2026"]  # fmt: skip
    assert _detail(page, "Acknowledgement").startswith("Due by 30 December 2026 (3 working days")
    assert _detail(page, "Response") == (
        "Due by 17 January 2027 (25 calendar days after receipt; not moved at weekends or bank "
        "holidays)"
    )
    assert _detail(page, "Case") == "MM-2026-014" and _detail(page, "Contact details") == CONTACT
    assert not page.detail_form.isRowVisible(page.detail["Civil Mediation Council"])


def test_overdue_rows_are_marked_in_words_bold_and_with_an_icon(
    page: ComplaintsPage, casebook: Casebook, clock: Clock
) -> None:
    _record(casebook)
    later = _record(casebook, date(2026, 12, 29))  # due 1 January 2027... after New Year
    clock.day = date(2026, 12, 30)  # the last day to acknowledge the first: not yet overdue
    page.reload()
    deadline = page.proxy.index(0, ComplaintColumn.NEXT_DEADLINE)
    assert deadline.data() == "Acknowledge by 30 December 2026"
    assert deadline.data(Qt.ItemDataRole.FontRole) is None
    assert deadline.data(Qt.ItemDataRole.DecorationRole) is None

    clock.day = date(2026, 12, 31)
    page.reload()
    first = page.proxy.index(0, ComplaintColumn.NEXT_DEADLINE)
    assert first.data() == "Overdue: acknowledgement was due 30 December 2026"
    assert first.data(Qt.ItemDataRole.FontRole).bold()
    assert first.data(Qt.ItemDataRole.DecorationRole) is not None
    assert page.proxy.index(0, ComplaintColumn.COMPLAINANT).data(Qt.ItemDataRole.FontRole).bold()
    # The later one is next in deadline order and not overdue: 1 January is a bank holiday.
    second = page.proxy.index(1, ComplaintColumn.NEXT_DEADLINE)
    assert page.proxy.index(1, 0).data() == later.reference
    assert second.data() == "Acknowledge by 4 January 2027"
    assert second.data(Qt.ItemDataRole.FontRole) is None
    label = page.detail["Acknowledgement"]
    assert label.text().startswith("Overdue: was due by 30 December 2026") and label.font().bold()


def test_acknowledge_investigate_respond_and_close(
    qtbot: QtBot, page: ComplaintsPage, casebook: Casebook, clock: Clock
) -> None:
    complaint = _record(casebook)
    page.reload()
    assert not page.investigate_button.isEnabled() or page.acknowledge_button.isEnabled()

    dialog = page.acknowledge()
    assert isinstance(dialog, AcknowledgeDialog) and dialog.save_button.isDefault()
    type_into(qtbot, dialog.on, "22/12/2026")  # before it was received
    dialog.save_button.click()
    assert dialog.errors["acknowledged_on"].reason.startswith("This is before the complaint")
    type_into(qtbot, dialog.on, "29/12/2026")
    set_combo_value(dialog.how, AcknowledgedBy.LETTER)
    dialog.save_button.click()
    assert not dialog.isVisible()
    assert _detail(page, "Acknowledgement") == (
        "Acknowledged 29 December 2026 by letter (due 30 December 2026)"
    )
    assert page.proxy.index(0, ComplaintColumn.STATUS).data() == "Acknowledged"
    assert not page.acknowledge_button.isEnabled()

    page.investigate_button.click()
    assert casebook.registers.complaints.get(complaint.id or 0).status is (
        ComplaintStatus.UNDER_INVESTIGATION
    )

    clock.day = date(2027, 1, 31)
    response = page.record_response()
    assert isinstance(response, ResponseDialog)
    assert response.note.text().endswith("that is by 28 February 2027.")
    response.save_button.click()  # no outcome yet
    assert response.errors["outcome"].reason == "Say what the outcome was"
    response.outcome.set_text("Upheld in part; an apology and a second mediator offered.")
    response.save_button.click()
    assert not response.isVisible()

    assert _detail(page, "Response") == "Sent 31 January 2027 (due 17 January 2027)"
    assert _detail(page, "Outcome").startswith("Upheld in part")
    assert _detail(page, "Civil Mediation Council").endswith("that is by 28 February 2027.")
    assert page.detail_form.isRowVisible(page.detail["Civil Mediation Council"])
    assert page.proxy.index(0, ComplaintColumn.NEXT_DEADLINE).data() == "Nothing due"

    closing = page.close_complaint()
    assert closing is not None
    closing.save_button.click()
    assert _detail(page, "Closed") == "31 January 2027"
    assert not page.close_button.isEnabled() and not page.respond_button.isEnabled()
    actions = [e.action for e in casebook.audit.entries()]
    for action in ("complaint recorded", "complaint acknowledged", "complaint response sent",
                   "complaint closed"):  # fmt: skip
        assert action in actions


def test_status_filter(page: ComplaintsPage, casebook: Casebook) -> None:
    _record(casebook)
    page.reload()
    page.status.setCurrentIndex(page.status.findData(ComplaintStatus.CLOSED.value))
    assert page.pages.currentWidget() is page.no_match
    assert page.no_match_title.text() == "No complaints are closed"
    page.all_button.click()
    assert page.proxy.rowCount() == 1 and page.pages.currentWidget() is page.table


def test_safe_view_hides_contact_details_and_outcome(
    page: ComplaintsPage, casebook: Casebook
) -> None:
    complaint = _record(casebook)
    casebook.registers.record_response(complaint.id or 0, date(2027, 1, 4), "SECRET-OUTCOME")
    page.reload()
    page.set_safe_view(True)
    assert _detail(page, "Contact details") == HIDDEN and _detail(page, "Outcome") == HIDDEN
    dialog = page.edit_complaint()
    assert isinstance(dialog, ComplaintDialog)
    assert dialog.contact.concealed and dialog.outcome is not None and dialog.outcome.concealed
    texts = window_text(page)
    assert CONTACT not in texts and "SECRET-OUTCOME" not in texts
    dialog.discard()
    page.set_safe_view(False)
    assert _detail(page, "Contact details") == CONTACT


def test_locking_forgets_every_complaint(page: ComplaintsPage, casebook: Casebook) -> None:
    _record(casebook)
    page.reload()
    dialog = page.record_complaint()
    assert dialog is not None
    dialog.about_detail.setPlainText("Typed, but no name yet")  # cannot be stored
    problems = page.clear()
    assert problems == ["The new complaint was not saved: complainant name: this cannot be empty"]
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    texts = window_text(page)
    for text in ("Gareth", "CP-00001", "took sides", "Typed"):
        assert text not in texts
    assert page.model.rowCount() == 0


def test_the_way_asked_for_is_kept_and_another_way_is_pointed_out(
    page: ComplaintsPage, casebook: Casebook
) -> None:
    dialog = page.record_complaint()
    assert isinstance(dialog, ComplaintDialog)
    dialog.complainant_name.setText("Harriet Okafor")
    set_answer_way(dialog, AcknowledgedBy.LETTER)
    dialog.save_button.click()
    assert not dialog.isVisible()
    assert _detail(page, "Answer by") == "Letter"

    acknowledging = page.acknowledge()
    assert isinstance(acknowledging, AcknowledgeDialog)
    assert acknowledging.how.currentData() == "letter"  # the way asked for comes first
    assert acknowledging.warning.isHidden()
    set_combo_value(acknowledging.how, AcknowledgedBy.EMAIL)
    assert acknowledging.warning.text() == "The complainant asked to be answered by letter."
    assert not acknowledging.warning.isHidden()
    acknowledging.save_button.click()
    assert _detail(page, "Acknowledgement").endswith(
        "The complainant asked to be answered by letter, but the acknowledgement was sent by "
        "e-mail. Send the response by letter."
    )


def set_answer_way(dialog: ComplaintDialog, way: AcknowledgedBy) -> None:
    dialog.answer_by.setCurrentIndex(dialog.answer_by.findData(way.value))
