"""The office's subject access register end to end, as the office's administrator works it:
a request recorded with its one-month deadline, overdue on the office's dashboard, extended
with a reason, and the page and the form saying that the mediator writes the pack. The
dashboard also gives the feedback on recent courses, averaged per course."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal

from office_windows import open_window
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMainWindow
from pytestqt.qtbot import QtBot

from app.books.office_book import OfficeBook
from app.registers.delegates import Delegate, Feedback
from app.registers.training import Booking, BookingStatus, Course, CourseLength
from ui.office.dashboard import OfficeDashboardPage
from ui.registers.access_dialog import AccessRequestDialog
from ui.registers.access_page import OFFICE_NOTE, AccessRequestsPage

from helpers import type_into


def access_page(window: QMainWindow) -> AccessRequestsPage:
    [page] = window.findChildren(AccessRequestsPage)
    return page


def texts(panel: object) -> list[str]:
    return panel.texts()  # type: ignore[attr-defined,no-any-return]


def test_a_request_in_the_office_from_receipt_to_extension(
    qtbot: QtBot, office_book: OfficeBook
) -> None:
    window, pages = open_window(qtbot, office_book)
    dashboard = pages.dashboard
    assert texts(dashboard.requests) == []
    assert "No subject access request due this week" in dashboard.requests.empty.text()
    page = access_page(window)
    window.navigation.setCurrentRow(window.sections.indexOf(page))
    # The office is told who writes the pack, and offered no pack button.
    assert page.office_note.isVisible() and page.office_note.text() == OFFICE_NOTE
    assert not page.pack_button.isVisible()

    form = page.record_request()
    assert isinstance(form, AccessRequestDialog)
    assert not form.parties.isVisible()
    assert any("mediator gathers and writes the pack" in label.text()
               for label in form.findChildren(type(form.due)))  # fmt: skip
    type_into(qtbot, form.received_on, "2 March 2026")
    type_into(qtbot, form.requester, "Ada Jones")
    assert form.due.text() == "2 April 2026: one calendar month after receipt."
    form.save_button.click()
    assert not form.isVisible()
    [request] = office_book.registers.access_requests.all()
    assert page.detail["Due"].text() == "2 April 2026"
    assert page.detail["Where it stands"].text() == "Overdue: the answer was due 2 April 2026"
    assert "mediator's casebook" in page.detail["Party records"].text()
    assert not page.pack_button.isVisible()

    # Overdue on the office's dashboard, in words and in bold; Enter leads to the request.
    window.navigation.setCurrentRow(window.sections.indexOf(dashboard))
    assert texts(dashboard.requests) == ["SAR-00001 · Overdue: the answer was due 2 April 2026"]
    assert dashboard.requests.model.item(0).font().bold()
    view = dashboard.requests.view
    view.setFocus()
    view.setCurrentIndex(view.model().index(0, 0))
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert window.sections.currentWidget() is page
    assert page.selected() == request

    # Extended by a month: the reason is asked for, then the deadline moves.
    form = page.edit_request()
    assert isinstance(form, AccessRequestDialog)
    form.extension.setValue(1)
    assert form.extension.suffix() == " month"
    assert form.due.text() == "2 May 2026: one calendar month after receipt (extended by 1 month)."
    form.save_button.click()
    assert form.isVisible()
    assert form.errors["extension_reason"].reason == "Give the reason for the extension"
    type_into(qtbot, form.extension_reason, "Complex: records from two hospitals")
    form.save_button.click()
    assert not form.isVisible()
    assert page.detail["Due"].text() == (
        "2 May 2026, extended by 1 month: Complex: records from two hospitals"
    )
    window.navigation.setCurrentRow(window.sections.indexOf(dashboard))
    assert texts(dashboard.requests) == []
    assert dashboard.requests.title().endswith("and overdue (+1 due later)")
    assert dashboard.requests.empty.text() == (
        "No subject access request due this week, and none overdue. 1 open request is due "
        "later. See the Subject access page."
    )
    window.clear()


def test_the_office_dashboard_gives_feedback_averages_per_course(
    qtbot: QtBot, office_book: OfficeBook
) -> None:
    registers = office_book.registers
    course = registers.courses.add(Course(None, "Mediation skills", CourseLength.ONE_DAY,
                                          date(2026, 3, 20), fee=Decimal(120)))  # fmt: skip
    assert course.id is not None
    booking = registers.bookings.add(Booking(None, course.id, "Kingsmere", "Ruth Adams",
                                             delegates=2, status=BookingStatus.CONFIRMED,
                                             confirmed_on=date(2026, 2, 1)))  # fmt: skip
    assert booking.id is not None
    for name, ratings in (("Ann", (5, 4, 4, 5)), ("Bea", (4, 4, 3, 4))):
        delegate = registers.delegates.add(Delegate(None, booking.id, name, attended=True))
        assert delegate.id is not None
        registers.feedback.save(Feedback(delegate.id, date(2026, 3, 21), *ratings))
    _window, pages = open_window(qtbot, office_book)
    dashboard: OfficeDashboardPage = pages.dashboard
    assert texts(dashboard.feedback) == [
        "Mediation skills, 20 March 2026\n2 forms: content 4.5, trainer 4.0, relevance 3.5, "
        "overall 4.5"
    ]
    # Tab visits the panels row by row, the registers' panels last.
    order = [dashboard.agreements, dashboard.referrals, dashboard.courses,
             dashboard.complaints, dashboard.requests, dashboard.feedback]  # fmt: skip
    order[0].setFocus()
    for before, after in itertools.pairwise(order):
        assert before.isAncestorOf(QApplication.focusWidget())
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        assert after.isAncestorOf(QApplication.focusWidget()), after.title()
    _window.clear()
