"""The Subject access page: a request recorded and progressed, its pack reviewed and written."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.books.casebook import Casebook
from app.cases.records import Case, Meeting, MeetingKind, Note, Party, PartyRole, Side
from ui.registers import pack_dialog
from ui.registers.access_dialog import AccessRequestDialog
from ui.registers.access_page import AccessRequestsPage
from ui.registers.pack_dialog import PackDialog
from ui.widgets.roles import CHOICE_ROLE

from helpers import type_into

TODAY = date(2026, 3, 31)


@pytest.fixture
def page(qtbot: QtBot, casebook: Casebook) -> Iterator[AccessRequestsPage]:
    shown = AccessRequestsPage(today=lambda: TODAY)
    qtbot.addWidget(shown)
    shown.resize(1100, 760)
    shown.show_casebook(casebook)
    shown.show()
    yield shown
    shown.clear()


def _case(casebook: Casebook) -> tuple[int, int]:
    case = casebook.cases.add(Case(None, "MM-2026-011", "Ventilation"))
    assert case.id is not None
    mum = casebook.parties.add(Party(None, case.id, "Siân Pritchard", PartyRole.PARENT,
                                     Side.FAMILY))  # fmt: skip
    doctor = casebook.parties.add(Party(None, case.id, "Dr Łukasz Nowak",
                                        PartyRole.CONSULTANT, Side.CLINICAL))  # fmt: skip
    assert mum.id is not None and doctor.id is not None
    when = datetime(2026, 3, 2, 10, 0)
    meeting = casebook.meetings.add(Meeting(None, case.id, MeetingKind.JOINT, when, 60,
                                            attendee_ids=(mum.id, doctor.id)))  # fmt: skip
    casebook.notes.add(Note(None, case.id, "Qzmine what she said", when, meeting.id, mum.id))
    casebook.notes.add(Note(None, case.id, "Qztheirs what he said", when, meeting.id, doctor.id))
    return mum.id, doctor.id


def test_record_a_request_and_review_its_pack(
    qtbot: QtBot, page: AccessRequestsPage, casebook: Casebook, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    mum, _doctor = _case(casebook)
    assert page.pages.currentWidget() is page.empty
    dialog = page.record_request()
    assert (
        isinstance(dialog, AccessRequestDialog) and dialog.focusWidget() is dialog.received_on.line
    )
    type_into(qtbot, dialog.received_on, "11 March 2026")
    dialog.requester.setText("Siân")  # typed: QTest has no key for "â"
    dialog.requester.editingFinished.emit()
    assert dialog.parties.count() == 1 and "MM-2026-011" in dialog.parties.item(0).text()
    dialog.parties.item(0).setCheckState(Qt.CheckState.Checked)
    assert dialog.due.text().startswith("11 April 2026")  # 11 March plus one calendar month
    dialog.save_button.click()
    assert not dialog.isVisible()
    [request] = casebook.registers.access_requests.all()
    assert request.party_ids == (mum,)
    assert page.detail["Party records"].text() == "Siân Pritchard, case MM-2026-011"
    assert page.detail["Identity checked"].text() == "Not yet"

    review = page.prepare_pack()
    assert isinstance(review, PackDialog)
    keys = [review.items.item(n).data(CHOICE_ROLE) for n in range(review.items.count())]
    ticked = {k for n, k in enumerate(keys)
              if review.items.item(n).checkState() == Qt.CheckState.Checked}  # fmt: skip
    theirs = next(k for k in keys if k.startswith("note:") and k not in ticked)
    assert any(k.startswith("party:") for k in ticked)

    # Another's words go in only with a reason: refused without one, kept with one.
    review.ask = lambda *_args: ("", True)
    row = review.items.item(keys.index(theirs))
    row.setCheckState(Qt.CheckState.Checked)
    assert row.checkState() == Qt.CheckState.Unchecked
    assert "say why it is added" in review.message.text()
    review.ask = lambda *_args: ("He agreed it could be shared with her", True)
    row.setCheckState(Qt.CheckState.Checked)
    assert row.checkState() == Qt.CheckState.Checked and "added: He agreed" in row.text()

    out = tmp_path / "pack.pdf"
    monkeypatch.setattr(pack_dialog, "choose_pdf_path", lambda *args: out)
    review.write_button.click()
    qtbot.waitUntil(out.exists, timeout=20_000)
    text = " ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(out.read_bytes())).pages)
    assert "Qzmine" in text and "Qztheirs" in text
    assert [e.action for e in casebook.audit.entries()][-1] == "subject access pack exported"


def test_an_overdue_request_says_so(page: AccessRequestsPage, casebook: Casebook) -> None:
    from app.registers.access_requests import AccessRequest

    casebook.registers.record_access_request(
        AccessRequest(None, TODAY - timedelta(days=40), "Dr Owen Hughes", "Ward 3")
    )
    page.reload()
    page.filter.setCurrentIndex(page.filter.findData("overdue"))
    assert page.proxy.rowCount() == 1
    assert page.proxy.index(0, 4).data().startswith("Overdue: the answer was due")
    assert not page.pack_button.isEnabled()  # no party records ticked yet


def test_requests_waiting_for_an_answer_come_first_soonest_due_first(
    page: AccessRequestsPage, casebook: Casebook
) -> None:
    from app.registers.access_requests import AccessRequest

    for days, who, answered in ((10, "Answered long ago", TODAY - timedelta(days=9)),
                                (5, "Due later", None), (30, "Due soonest", None),
                                (1, "Answered lately", TODAY)):  # fmt: skip
        casebook.registers.record_access_request(
            AccessRequest(
                None,
                TODAY - timedelta(days=days),
                who,
                responded_on=answered,
                identity_checked_on=answered,
                identity_checked_how="Passport" if answered else "",
            )
        )
    page.reload()
    page.filter.setCurrentIndex(page.filter.findData(""))
    page.proxy.sort(3, Qt.SortOrder.AscendingOrder)
    shown = [page.proxy.index(r, 2).data() for r in range(page.proxy.rowCount())]
    assert shown == ["Due soonest", "Due later", "Answered long ago", "Answered lately"]
