"""Every act that cannot be undone asks first, and Enter at the question does nothing.

A mediator typing quickly presses Enter once too often: at a question that Enter answers
with the act, a note, a party or a delegate's attendance record would be gone. Here each
act is started as from its page, the real question comes up, Enter is pressed in it, and
the record is still there; the question's default button is never the act's.

Acts with a form of their own are tested beside it: a disclosure (test_disclosures_tab),
cancelling a booking (test_training_page), destroying notes (test_trust_erase), sending a
sealed file (test_send_dialog), closing a case (test_closing)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from app.books.casebook import Casebook
from app.cases.records import (
    Case,
    Issue,
    IssueKind,
    Meeting,
    MeetingKind,
    Note,
    Party,
    PartyRole,
    Side,
    Term,
)
from app.registers.delegates import Delegate
from app.registers.training import Booking, BookingStatus, Course, CourseLength
from ui.registers.delegates_dialog import DelegatesDialog
from ui.workspace.agreement_tab import AgreementTab
from ui.workspace.issues_tab import IssuesTab
from ui.workspace.notes_tab import MeetingsNotesTab
from ui.workspace.parties_tab import PartiesTab

_ACTS = (QMessageBox.ButtonRole.DestructiveRole, QMessageBox.ButtonRole.YesRole,
         QMessageBox.ButtonRole.AcceptRole)  # fmt: skip


def enter_at_the_question(qtbot: QtBot, act: Callable[[], object]) -> str:
    """Start ``act``; at the question it asks, press Enter. The question's words."""
    seen: list[tuple[str, str, list[str]]] = []

    def answer(left: int) -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and box.isVisible():
            default = box.defaultButton()
            acts = [b.text() for b in box.buttons() if box.buttonRole(b) in _ACTS]
            seen.append((f"{box.text()}\n{box.informativeText()}",
                         default.text() if default else "", acts))  # fmt: skip
            QTest.keyClick(box, Qt.Key.Key_Return)
        elif left:
            QTimer.singleShot(10, lambda: answer(left - 1))

    QTimer.singleShot(0, lambda: answer(300))
    act()
    qtbot.waitUntil(lambda: bool(seen))
    QApplication.processEvents()
    [(question, default, acts)] = seen
    assert acts, "the question offers the act"
    assert default and default not in acts, f"Enter would press {default}"
    # Named for what it does ("Delete the note"), as the guidelines of every desktop ask;
    # "Yes" makes the mediator read the question again to know what Yes does.
    assert all(a.replace("&", "") not in ("Yes", "OK") for a in acts), f"the act is {acts}"
    return question


def _case(casebook: Casebook) -> int:
    return casebook.cases.add(Case(None, "MM-2026-001", "Feeding plan")).id or 0


def _shown(qtbot: QtBot, widget: QWidget) -> QWidget:
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_deleting_a_meeting(qtbot: QtBot, casebook: Casebook) -> None:
    case_id = _case(casebook)
    casebook.meetings.add(Meeting(None, case_id, MeetingKind.JOINT, datetime(2026, 3, 2, 14, 0)))
    tab = MeetingsNotesTab(casebook, case_id)
    tab.reload()
    _shown(qtbot, tab)
    tab.view.setCurrentIndex(tab.model.index(0, 0))
    assert "Delete the joint meeting" in enter_at_the_question(qtbot, tab.delete_selected)
    assert len(casebook.meetings.for_case(case_id)) == 1


def test_deleting_a_note(qtbot: QtBot, casebook: Casebook) -> None:
    case_id = _case(casebook)
    casebook.notes.add(Note(None, case_id, "Said in the family room.", datetime(2026, 3, 2, 15)))
    tab = MeetingsNotesTab(casebook, case_id)
    tab.reload()
    _shown(qtbot, tab)
    tab.view.setCurrentIndex(tab.model.index(0, 0))
    question = enter_at_the_question(qtbot, tab.delete_selected)
    assert "Delete the note written 2 March 2026, 15:00" in question
    assert "Said in the family room" not in question  # the question never quotes the note
    assert len(casebook.notes.for_case(case_id)) == 1


def test_deleting_a_party(qtbot: QtBot, casebook: Casebook) -> None:
    case_id = _case(casebook)
    casebook.parties.add(Party(None, case_id, "Gareth Pritchard", PartyRole.PARENT, Side.FAMILY))
    tab = PartiesTab(casebook, case_id)
    tab.reload()
    _shown(qtbot, tab)
    tab.table.setCurrentIndex(tab.table.model().index(0, 0))
    assert "Gareth Pritchard" in enter_at_the_question(qtbot, tab.delete_selected)
    assert len(casebook.parties.for_case(case_id)) == 1


def test_deleting_an_issue(qtbot: QtBot, casebook: Casebook) -> None:
    case_id = _case(casebook)
    casebook.issues.add(Issue(None, case_id, IssueKind.KEY, "Night-time ventilation"))
    tab = IssuesTab(casebook, case_id)
    tab.reload()
    _shown(qtbot, tab)
    group = tab.tree.topLevelItem(0)
    while group is not None and group.childCount() == 0:
        group = tab.tree.itemBelow(group)
    assert group is not None
    tab.tree.setCurrentItem(group.child(0))
    assert "Delete this" in enter_at_the_question(qtbot, tab.delete_selected)
    assert len(casebook.issues.for_case(case_id)) == 1


def test_deleting_a_term(qtbot: QtBot, casebook: Casebook) -> None:
    case_id = _case(casebook)
    casebook.terms.add(Term(None, case_id, 1, "Ventilation continues at night"))
    tab = AgreementTab(casebook, case_id)
    tab.reload()
    _shown(qtbot, tab)
    tab.table.setCurrentIndex(tab.model.index(0, 1))
    assert "Delete term 1" in enter_at_the_question(qtbot, tab.delete_selected)
    assert len(casebook.terms.for_case(case_id)) == 1


def test_removing_a_delegate(qtbot: QtBot, casebook: Casebook) -> None:
    registers = casebook.registers
    course = registers.courses.add(
        Course(None, "Skills", CourseLength.ONE_DAY, date(2026, 5, 7), "Room 1", Decimal(250))
    )
    booking = registers.bookings.add(
        Booking(None, course.id or 0, "Kingsmere", "Ruth Adams", delegates=2,
                status=BookingStatus.CONFIRMED, confirmed_on=date(2026, 4, 1))
    )  # fmt: skip
    registers.delegates.add(Delegate(None, booking.id or 0, "Siân Roberts", attended=True))
    dialog = DelegatesDialog(casebook, course, booking, today=lambda: date(2026, 5, 8))
    _shown(qtbot, dialog)
    dialog.list.setCurrentRow(0)
    question = enter_at_the_question(qtbot, dialog.remove_button.click)
    assert "Siân Roberts" in question
    assert [d.name for d in registers.delegates.for_course(course.id or 0)] == ["Siân Roberts"]
    box = dialog.remove()  # and when the mediator does choose to remove them
    assert box is not None
    [delete] = [b for b in box.buttons() if box.buttonRole(b) in _ACTS]
    delete.click()
    assert registers.delegates.for_course(course.id or 0) == []
    dialog.reject()
