"""The dashboard and install_registers: the demo cases' meetings this week, courses coming
up, complaints due, the chart against the case list, items that lead to their pages, empty
states, and nothing left on screen after locking."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QApplication,
)
from pytestqt.qtbot import QtBot

from app.books.casebook import Casebook
from app.demo import demo_document
from app.exchange.importer import import_document
from app.registers.complaints import AcknowledgedBy, Channel, Complaint, ComplaintAbout
from app.registers.training import Booking, BookingStatus, Course, CourseLength
from ui.dashboard import DashboardPage
from ui.main_window import MainWindow
from ui.registers.complaints_page import ComplaintsPage
from ui.registers.install import install_registers
from ui.registers.training_page import TrainingPage

from helpers import window_text

TODAY = date(2026, 5, 11)  # a Monday; the demo's meetings fall 3 to 7 days later


def day(offset: int) -> date:
    return TODAY + timedelta(days=offset)


@pytest.fixture
def demo(casebook: Casebook) -> Casebook:
    """The demo cases dated around TODAY, with a few register entries."""
    import_document(casebook, demo_document(TODAY), source_name="the demo")
    registers = casebook.registers
    soon = registers.courses.add(
        Course(
            None,
            "Mediation skills for ward teams",
            CourseLength.ONE_DAY,
            day(10),
            "Leeds",
            Decimal(250),
        )
    )
    registers.courses.add(Course(None, "Advanced practice", CourseLength.HALF_DAY, day(40)))
    registers.bookings.add(Booking(None, soon.id or 0, "Northfield NHS Trust", "Siân Pritchard",
                                   delegates=3, status=BookingStatus.CONFIRMED,
                                   confirmed_on=day(-5)))  # fmt: skip
    overdue = Complaint(None, day(-10), Channel.EMAIL, "Gareth Pritchard",
                        about=ComplaintAbout.MEDIATOR)  # fmt: skip
    registers.record_complaint(overdue)
    registers.record_complaint(Complaint(None, day(-1), Channel.LETTER, "Nia Okafor"))
    answered = registers.record_complaint(Complaint(None, day(-2), Channel.PHONE, "David Marsh"))
    registers.acknowledge_complaint(answered.id or 0, day(-1), AcknowledgedBy.PHONE)
    return casebook


@pytest.fixture
def window(qtbot: QtBot, casebook: Casebook) -> Iterator[MainWindow]:
    made = MainWindow()
    qtbot.addWidget(made)
    install_registers(made, today=lambda: TODAY)
    made.show_casebook(casebook)
    made.show()
    qtbot.waitExposed(made)
    yield made
    made.clear()


def _dashboard(window: MainWindow) -> DashboardPage:
    page = window.sections.widget(0)
    assert isinstance(page, DashboardPage)
    return page


def test_sections_are_added_with_the_dashboard_first(qtbot: QtBot, window: MainWindow) -> None:
    names = [window.navigation.item(i).data(Qt.ItemDataRole.AccessibleTextRole)
             for i in range(window.navigation.count())]  # fmt: skip
    assert names == ["Dashboard", "Cases", "Training", "Complaints", "Subject access", "Statistics"]
    # A casebook with no cases opens on Cases, where the guidance to create one is.
    assert window.sections.currentWidget() is window.case_stack
    assert isinstance(window.sections.widget(2), TrainingPage)
    assert isinstance(window.sections.widget(3), ComplaintsPage)
    # Find (Ctrl+F) and opening a case lead to Cases, not to the first row (the dashboard).
    qtbot.keyClick(window.navigation, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.sections.currentWidget() is window.case_stack
    assert QApplication.focusWidget() is window.cases.create_button  # no cases yet


def test_a_casebook_with_cases_opens_on_the_dashboard(qtbot: QtBot, demo: Casebook) -> None:
    made = MainWindow()
    qtbot.addWidget(made)
    install_registers(made, today=lambda: TODAY)
    made.show_casebook(demo)
    assert made.navigation.currentRow() == 0
    assert made.sections.currentWidget() is _dashboard(made)
    made.clear()


def test_empty_casebook_shows_guidance(window: MainWindow) -> None:
    window.navigation.setCurrentRow(0)  # the dashboard, chosen in the navigation
    page = _dashboard(window)
    assert page.title.text() == "Monday 11 May 2026"
    assert page.meetings.empty.text().startswith("No meetings this week.")
    assert page.courses.empty.text().startswith("No courses in the next four weeks.")
    assert page.complaints.empty.text() == "No complaints due this week, and none overdue."
    assert page.no_cases.text().startswith("No cases yet.") and not page.chart.isVisible()
    for panel in (page.meetings, page.courses, page.complaints):
        assert panel.pages.currentWidget() is panel.empty


def test_this_weeks_meetings_courses_and_complaints(
    qtbot: QtBot, demo: Casebook, window: MainWindow
) -> None:
    page = _dashboard(window)
    rows = demo.cases.list_rows()
    expected = sorted(
        (m.starts_at, row.reference)
        for row in rows
        for m in demo.meetings.for_case(row.id)
        if TODAY <= m.starts_at.date() <= day(6)
    )
    texts = page.meetings.texts()
    assert len(texts) == len(expected) == 5  # the meeting 7 days on is next week's
    for text, (starts_at, reference) in zip(texts, expected, strict=True):
        assert f"{starts_at:%H:%M}" in text and reference in text
    assert texts[0].startswith("Thursday 14 May, 10:00 · Joint meeting, 3 hours")
    assert page.meetings.title() == "Meetings this week (today to Sunday 17 May 2026)"

    [course] = page.courses.texts()
    assert course.startswith("Thursday 21 May 2026 · Mediation skills for ward teams (one day)")
    assert "3 delegates confirmed" in course and "Northfield NHS Trust (3, confirmed)" in course

    complaints = page.complaints.texts()
    # Received Friday 1 May; Monday 4 May is the early May bank holiday, so due Thursday 7.
    assert complaints[0].startswith("CP-00001 · Overdue: acknowledgement was due 7 May 2026")
    assert complaints[1].startswith("CP-00002 · Acknowledge by 13 May 2026")
    assert len(complaints) == 2  # CP-00003 is acknowledged; its response is due in June
    first = page.complaints.model.item(0)
    assert first.font().bold() and not first.icon().isNull()
    assert not page.complaints.model.item(1).font().bold()


def test_the_chart_counts_the_case_list(demo: Casebook, window: MainWindow) -> None:
    chart = _dashboard(window).chart
    rows = demo.cases.list_rows()
    stages, statuses = Counter(r.stage.value for r in rows), Counter(r.status.value for r in rows)
    counts = chart.counts()
    assert {v: n for (g, v), n in counts.items() if g == "stage" and n} == dict(stages)
    assert {v: n for (g, v), n in counts.items() if g == "status" and n} == dict(statuses)
    description = chart.accessibleDescription()
    assert "By stage: Early 3, Formal 2, Eleventh hour 1." in description
    assert "In mediation 2" in description and "Closed 0" in description


def test_items_lead_to_where_they_are_worked_on(
    qtbot: QtBot, demo: Casebook, window: MainWindow
) -> None:
    page = _dashboard(window)
    view = page.meetings.view
    view.setFocus()
    view.setCurrentIndex(page.meetings.model.index(0, 0))
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert window.workspace is not None
    assert window.workspace.case.reference == "MM-2026-009"  # Thursday's joint meeting
    qtbot.waitUntil(lambda: window.sections.currentWidget() is window.case_stack)
    assert window.case_stack.currentWidget() is window.workspace
    window.close_case()

    window.navigation.setCurrentRow(0)
    page.courses.view.setCurrentIndex(page.courses.model.index(0, 0))
    page.courses.view.activated.emit(page.courses.model.index(0, 0))
    training = window.sections.currentWidget()
    assert isinstance(training, TrainingPage)
    chosen = training.selected_course()
    assert chosen is not None and chosen.course.title == "Mediation skills for ward teams"

    window.navigation.setCurrentRow(0)
    page.chart.setFocus()
    qtbot.keyClick(page.chart, Qt.Key.Key_Down)  # from Early to Formal
    qtbot.keyClick(page.chart, Qt.Key.Key_Return)
    assert window.sections.currentWidget() is window.case_stack
    assert window.cases.stage_filter.currentData() == "formal"
    assert window.cases.model.rowCount() == 2


def test_locking_leaves_no_register_or_case_text(demo: Casebook, window: MainWindow) -> None:
    window.navigation.setCurrentRow(2)
    window.navigation.setCurrentRow(3)
    window.navigation.setCurrentRow(0)
    shown = window_text(window)
    for text in ("Mediation skills", "Northfield", "Gareth", "CP-00001", "Board room"):
        assert text in shown

    window.clear()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    left = window_text(window)
    for text in ("Mediation skills", "Northfield", "Gareth", "CP-00001", "Board room",
                 "MM-2026-009", "Continuing ventilation", "Siân"):  # fmt: skip
        assert text not in left, text


def test_first_contacts_requests_and_feedback_on_the_dashboard(
    qtbot: QtBot, demo: Casebook
) -> None:
    from app.demo.registers import add_registers

    add_registers(demo, TODAY)
    made = MainWindow()
    qtbot.addWidget(made)
    install_registers(made, today=lambda: TODAY)
    made.show_casebook(demo)
    made.show()
    page = _dashboard(made)
    page.reload()

    def texts(panel: object) -> list[str]:
        model = panel.model  # type: ignore[attr-defined]
        return [model.item(r).text() for r in range(model.rowCount())]

    # The school case, referred on Saturday and not yet contacted, is due on Tuesday, the 2nd
    # working day; on Wednesday it is late.
    assert not any("School attendance" in t for t in texts(page.contacts))
    page.today = lambda: day(2)
    page.reload()
    assert any("School attendance" in t and "Late: 1 working day" in t
               for t in texts(page.contacts))  # fmt: skip
    page.set_safe_view(True)  # a title may name the diagnosis: the reference stays
    late = [t for t in texts(page.contacts) if "Late: 1 working day" in t]
    assert late and not any("School attendance" in t for t in late)
    assert all(t.startswith("MM-") for t in late)
    page.set_safe_view(False)
    requests = texts(page.requests)
    assert any("Overdue: the answer was due" in t for t in requests)  # Dr Hughes, 40 days ago
    assert any("Answer by" in t for t in requests)  # Siân Pritchard's, due within the week
    assert any("Consent, capacity and the courts" in t and "forms:" in t
               for t in texts(page.feedback))  # fmt: skip
