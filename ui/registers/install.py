"""Puts the dashboard, the registers and the statistics into the main window's navigation.

One call from the session when it makes the window: the dashboard goes first (the screen
shown after unlocking), then Training, Complaints, Subject access and Statistics after
Cases. Training and Complaints show in the office's book, and in a casebook that keeps the
registers (a sole practitioner's); Subject access and Statistics in every book (a mediator
prepares a requester's pack from the casebook; the office keeps the register). The
dashboard's items lead to where each thing is worked on: a case opens in Cases, a course,
complaint or request is chosen on its own page, a bar of the chart filters the case list.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QWidget

from app.books.casebook import Casebook
from app.books.kinds import AnyBook
from ui.dashboard import DashboardPage
from ui.main_window import MainWindow, for_every_book
from ui.registers.access_page import AccessRequestsPage
from ui.registers.complaints_page import ComplaintsPage
from ui.registers.training_page import TrainingPage
from ui.statistics.page import StatisticsPage
from ui.widgets.lists import Today


@dataclass(frozen=True)
class RegisterPages:
    """What ``install_registers`` added, for the office's sections to stand beside."""

    dashboard: DashboardPage
    training: TrainingPage
    complaints: ComplaintsPage
    open_course: Callable[[int], None]
    open_complaint: Callable[[int], None]
    open_request: Callable[[int], None]


def install_registers(window: MainWindow, *, today: Today = date.today) -> RegisterPages:
    """Add Dashboard (first), Training, Complaints, Subject access and Statistics
    to ``window``; ``today`` is for tests."""
    dashboard = DashboardPage(window, today=today)
    training = TrainingPage(window, today=today)
    complaints = ComplaintsPage(window, today=today)
    requests = AccessRequestsPage(window, today=today)
    statistics = StatisticsPage(window, today=today)
    window.add_section("&Dashboard", dashboard, first=True, topic="dashboard")
    window.add_section("&Training", training, shown_for=keeps_registers, topic="training")
    window.add_section("Co&mplaints", complaints, shown_for=keeps_registers, topic="complaints")
    window.add_section("Su&bject access", requests, shown_for=for_every_book, topic="access")
    window.add_section("Stat&istics", statistics, shown_for=for_every_book, topic="statistics")

    def show(page: QWidget) -> None:
        window.navigation.setCurrentRow(window.sections.indexOf(page))

    def open_course(course_id: int) -> None:
        show(training)
        training.select_course(course_id)
        training.course_table.setFocus(Qt.FocusReason.OtherFocusReason)

    def open_complaint(complaint_id: int) -> None:
        show(complaints)
        complaints.select(complaint_id)
        complaints.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def open_request(request_id: int) -> None:
        show(requests)
        requests.select(request_id)
        requests.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def filter_cases(group: str, value: str) -> None:
        cases = window.cases
        chosen, other = (
            (cases.stage_filter, cases.status_filter)
            if group == "stage"
            else (cases.status_filter, cases.stage_filter)
        )
        _choose(other, "")
        _choose(chosen, value)
        cases.search_box.clear()
        cases.apply_search()
        show(window.case_stack)
        cases.table.setFocus(Qt.FocusReason.OtherFocusReason)

    dashboard.open_case_requested.connect(window.open_case)
    dashboard.course_requested.connect(open_course)
    dashboard.complaint_requested.connect(open_complaint)
    dashboard.request_requested.connect(open_request)
    dashboard.chart_filter_requested.connect(filter_cases)
    return RegisterPages(dashboard, training, complaints, open_course, open_complaint, open_request)


def keeps_registers(book: AnyBook) -> bool:
    """The office's book keeps the registers; a casebook, only a sole practitioner's."""
    return not isinstance(book, Casebook) or book.keeps_registers


def _choose(combo: QComboBox, value: str) -> None:
    index = combo.findData(value)
    if index >= 0:
        blocked = combo.blockSignals(True)
        combo.setCurrentIndex(index)
        combo.blockSignals(blocked)
