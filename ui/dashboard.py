"""The dashboard, the first screen after unlocking: what needs attention this week.

Panels: meetings in the coming seven days (across every case), first contacts due or late,
courses in the next four weeks with their bookings, complaints and subject access requests
overdue or due within seven days, feedback on recent courses, and the cases counted by stage
and by status as a small bar chart drawn with QPainter in the palette's colours.
Every item opens where it is worked on; the window decides how (signals, no reaching in).

The page never reads the whole case list: the chart is counts made by SQL
(``case_list.tally``), and the meetings of the week are read only for the cases that have a
meeting in it (``meetings.cases_meeting_between``, then ``meetings_in``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from PySide6.QtCore import Signal
from PySide6.QtGui import (
    QShowEvent,
    QStandardItem,
)
from PySide6.QtWidgets import QGroupBox, QVBoxLayout, QWidget

from app.books.casebook import Casebook
from app.books.kinds import AnyBook
from app.cases.records import CaseListRow, Meeting
from app.errors import ParleyError
from ui.dashboard_chart import StageStatusChart
from ui.dashboard_obligations import (
    WEEK,
    RegisterPanels,
    list_item,
    read_obligations,
    show_contacts,
)
from ui.widgets.elided import elide_at_word
from ui.widgets.lists import ListPanel, Today, plural, weekday_date, wrapped_label
from ui.widgets.panel_grid import PanelGrid
from ui.widgets.section import SectionPage

TITLE_CHARACTERS = 50  # of a case's title, beside each meeting


@dataclass(frozen=True)
class WeekMeeting:
    meeting: Meeting
    case: CaseListRow


def meetings_in(casebook: Casebook, rows: list[CaseListRow], first: date, days: int
                ) -> list[WeekMeeting]:  # fmt: skip
    """Meetings from the start of ``first`` for ``days`` days, earliest first.

    ``rows`` must come from ``cases.list_rows_for(..., now=start_of(first))`` so that each
    row's next meeting is the first one on or after ``first``; only those cases are read
    further (the page passes only cases with a meeting in the days asked for).
    """
    end = first + timedelta(days=days)
    found = []
    for row in rows:
        if row.next_meeting is None or row.next_meeting.date() >= end:
            continue
        for meeting in casebook.meetings.for_case(row.id):
            if first <= meeting.starts_at.date() < end:
                found.append(WeekMeeting(meeting, row))
    return sorted(found, key=lambda m: (m.meeting.starts_at, m.case.reference))


def start_of(day: date) -> datetime:
    # The case list counts meetings strictly after "now": a minute before midnight keeps
    # a meeting at 00:00 in.
    return datetime.combine(day, time.min) - timedelta(minutes=1)


def _length(minutes: int | None) -> str:
    if not minutes:
        return ""
    hours, rest = divmod(minutes, 60)
    parts = ([plural(hours, "hour")] if hours else []) + ([f"{rest} minutes"] if rest else [])
    return ", " + " ".join(parts)


class DashboardPage(SectionPage):
    open_case_requested = Signal(int)
    course_requested = Signal(int)
    complaint_requested = Signal(int)
    request_requested = Signal(int)
    chart_filter_requested = Signal(str, str)  # "stage" or "status", and its value

    def __init__(self, parent: QWidget | None = None, *, today: Today = date.today) -> None:
        super().__init__(parent)
        self.casebook: Casebook | None = None
        self.today = today
        self.safe_view = False
        self.meetings = ListPanel("Meetings this week", "Meetings this week", self)
        self.contacts = ListPanel(
            "First contacts due or late", "Cases waiting for a first contact", self
        )
        self.registers = RegisterPanels(self)
        self.courses, self.complaints = self.registers.courses, self.registers.complaints
        self.requests, self.feedback = self.registers.requests, self.registers.feedback
        self.registers.lead_to(self.course_requested, self.complaint_requested,
                               self.request_requested)  # fmt: skip
        self.chart = StageStatusChart(self)
        self.chart_box = QGroupBox("Cases by stage and status", self)
        self.chart_box.setFocusProxy(self.chart)
        self.no_cases = wrapped_label("", self.chart_box)
        chart_layout = QVBoxLayout(self.chart_box)
        chart_layout.addWidget(self.chart)
        chart_layout.addWidget(self.no_cases)
        chart_layout.addStretch(1)
        self.grid = PanelGrid(
            [
                [self.meetings, self.contacts, self.courses],
                [self.complaints, self.requests, self.feedback],
                [self.chart_box],
            ],
            self,
        )
        self.title, self.message = self.grid.title, self.grid.message
        QVBoxLayout(self).addWidget(self.grid)

        self.meetings.activated.connect(self.open_case_requested)
        self.contacts.activated.connect(self.open_case_requested)
        self.chart.bar_activated.connect(self.chart_filter_requested)

    # --- the SectionPage contract -----------------------------------------------------------

    def show_casebook(self, casebook: AnyBook) -> None:
        if not isinstance(casebook, Casebook):
            return  # the office's book has its own dashboard (ui.office.dashboard)
        self.casebook = casebook
        # A mediator's casebook in a service with an office keeps no registers.
        for panel in (self.courses, self.complaints, self.feedback):
            panel.setVisible(casebook.keeps_registers)
        if self.isVisible():
            self.reload()  # otherwise when first shown: unlocking reads only what it shows

    def clear(self) -> list[str]:
        self.casebook = None
        self.grid.clear()
        self.chart.set_tally(None)
        self.no_cases.clear()
        return []

    def set_safe_view(self, on: bool) -> None:
        """Meetings by reference alone, their cases' titles hidden (a title may name the
        diagnosis), as on the Cases page; complaints are by reference, never by complainant."""
        if on != self.safe_view:
            self.safe_view = on
            self.reload()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.casebook is not None:
            self.reload()  # back from a case or a register: show what changed there

    # --- reading ----------------------------------------------------------------------------

    def reload(self) -> None:
        casebook = self.casebook
        if casebook is None:
            return
        today = self.today()
        self.grid.begin(today)
        try:
            start = start_of(today)
            week = casebook.meetings.cases_meeting_between(start, start + timedelta(days=WEEK + 1))
            rows = casebook.cases.list_rows_for(week, now=start)
            meetings = meetings_in(casebook, rows, today, WEEK)
            tally = casebook.case_list.tally()
            obligations = read_obligations(casebook, today)
        except ParleyError as exc:
            self.grid.failed(exc)
            return
        last = weekday_date(today + timedelta(days=WEEK - 1))
        self.meetings.setTitle(f"Meetings this week (today to {last})")
        self.meetings.set_items(
            [self._meeting_item(m, today, self.safe_view) for m in meetings],
            "No meetings this week. Meetings are added in each case, on its Meetings and "
            "notes tab.",
        )
        self.registers.show(obligations)
        show_contacts(obligations, self.contacts, safe_view=self.safe_view)
        self.chart.set_tally(tally)
        self.chart.setVisible(tally.total > 0)
        self.no_cases.setText("" if tally.total else "No cases yet. Create one on the Cases page.")
        self.no_cases.setVisible(not tally.total)

    @staticmethod
    def _meeting_item(found: WeekMeeting, today: date, safe_view: bool) -> QStandardItem:
        meeting, case, starts = found.meeting, found.case, found.meeting.starts_at
        day = "Today" if starts.date() == today else f"{starts:%A} {starts.day} {starts:%B}"
        place = f" · {meeting.place}" if meeting.place else ""
        when = f"{day}, {starts:%H:%M} · {meeting.kind.label}{_length(meeting.minutes)}"
        if safe_view:
            text = full = f"{when}\n{case.reference}{place}"
        else:
            # A week of meetings must not repeat whole titles: each is shortened at a word,
            # and the tooltip gives the whole of it.
            short = elide_at_word(case.title, lambda t: len(t) <= TITLE_CHARACTERS)
            text = f"{when}\n{case.reference} {short}{place}"
            full = f"{when}\n{case.reference} {case.title}{place}"
        return list_item(text, case.id, f"{full}\n\nPress Enter or double-click to open the case.")
