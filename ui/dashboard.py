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

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import (
    QFont,
    QShowEvent,
    QStandardItem,
)
from PySide6.QtWidgets import (
    QApplication,
    QGridLayout,
    QGroupBox,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from app.books.casebook import Casebook
from app.books.kinds import AnyBook
from app.cases.records import CaseListRow, Meeting
from app.errors import ParleyError
from app.formatting import format_date
from app.registers.complaints import ComplaintRow, deadline_text
from app.registers.training import Booking, BookingStatus, CourseSummary
from ui.dashboard_chart import StageStatusChart
from ui.dashboard_obligations import read_obligations, show_obligations
from ui.widgets.elided import elide_at_word
from ui.widgets.forms import set_tab_order
from ui.widgets.lists import ListPanel, Today, plural, weekday_date, wrapped_label
from ui.widgets.messages import InlineMessage, Kind, heading
from ui.widgets.roles import ID_ROLE
from ui.widgets.section import SectionPage

WEEK = 7  # days, today included
COURSE_DAYS = 28
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


def list_item(text: str, record_id: int | None, tooltip: str = "") -> QStandardItem:
    """One entry of a dashboard list: its text, the id Enter opens, and a tooltip."""
    item = QStandardItem(text)
    item.setData(record_id, ID_ROLE)
    item.setToolTip(tooltip or text)
    item.setData(text.replace("\n", ". "), Qt.ItemDataRole.AccessibleTextRole)
    return item


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
        self.title = heading("", self, scale=1.5)
        self.title.setAccessibleName("Dashboard")
        self.message = InlineMessage(self)
        self.meetings = ListPanel("Meetings this week", "Meetings this week", self)
        self.courses = ListPanel("Courses coming up", "Courses in the next four weeks", self)
        self.complaints = ListPanel(
            "Complaints due this week, and overdue", "Complaints due or overdue", self
        )
        self.contacts = ListPanel(
            "First contacts due or late", "Cases waiting for a first contact", self
        )
        self.requests = ListPanel(
            "Subject access requests due this week, and overdue",
            "Subject access requests due or overdue", self,
        )  # fmt: skip
        self.feedback = ListPanel("Feedback on recent courses", "Course feedback averages", self)
        self.chart = StageStatusChart(self)
        self.chart_box = QGroupBox("Cases by stage and status", self)
        self.no_cases = wrapped_label("", self.chart_box)
        chart_layout = QVBoxLayout(self.chart_box)
        chart_layout.addWidget(self.chart)
        chart_layout.addWidget(self.no_cases)
        chart_layout.addStretch(1)
        grid = QGridLayout()
        grid.addWidget(self.meetings, 0, 0)
        grid.addWidget(self.contacts, 0, 1)
        grid.addWidget(self.courses, 0, 2)
        grid.addWidget(self.complaints, 1, 0)
        grid.addWidget(self.requests, 1, 1)
        grid.addWidget(self.feedback, 1, 2)
        grid.addWidget(self.chart_box, 2, 0, 1, 3)
        for i in (0, 1, 2):
            grid.setColumnStretch(i, 1)
            grid.setRowStretch(i, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.message)
        layout.addLayout(grid, 1)

        self.meetings.activated.connect(self.open_case_requested)
        self.courses.activated.connect(self.course_requested)
        self.complaints.activated.connect(self.complaint_requested)
        self.contacts.activated.connect(self.open_case_requested)
        self.requests.activated.connect(self.request_requested)
        self.feedback.activated.connect(self.course_requested)
        self.chart.bar_activated.connect(self.chart_filter_requested)
        set_tab_order(self.meetings, self.contacts, self.courses, self.complaints, self.requests,
                      self.feedback, self.chart)  # fmt: skip

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
        self.title.clear()
        self.message.clear()
        for panel in (self.meetings, self.courses, self.complaints, self.contacts, self.requests,
                      self.feedback):  # fmt: skip
            panel.set_items([], "")
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
        self.title.setText(weekday_date(today))
        self.message.clear()
        try:
            start = start_of(today)
            week = casebook.meetings.cases_meeting_between(start, start + timedelta(days=WEEK + 1))
            rows = casebook.cases.list_rows_for(week, now=start)
            meetings = meetings_in(casebook, rows, today, WEEK)
            tally = casebook.case_list.tally()
            courses = casebook.registers.upcoming_courses(today, COURSE_DAYS)
            bookings = {c.course.id: casebook.registers.bookings.for_course(c.course.id or 0)
                        for c in courses}  # fmt: skip
            complaints = casebook.registers.complaints_due(today, WEEK)
            obligations = read_obligations(casebook, today, WEEK)
        except ParleyError as exc:
            self.message.show_message(f"The dashboard could not be read. {exc}", Kind.ERROR)
            return
        last = weekday_date(today + timedelta(days=WEEK - 1))
        self.meetings.setTitle(f"Meetings this week (today to {last})")
        self.meetings.set_items(
            [self._meeting_item(m, today, self.safe_view) for m in meetings],
            "No meetings this week. Meetings are added in each case, on its Meetings and "
            "notes tab.",
        )
        self.courses.set_items(
            [course_item(c, bookings.get(c.course.id, [])) for c in courses],
            "No courses in the next four weeks. Add courses and their bookings on the Training "
            "page.",
        )
        self.complaints.set_items(
            [complaint_item(row) for row in complaints],
            "No complaints due this week, and none overdue.",
        )
        show_obligations(obligations, self.contacts, self.requests, self.feedback,
                         safe_view=self.safe_view)  # fmt: skip
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


def course_item(summary: CourseSummary, bookings: list[Booking]) -> QStandardItem:
    """A course in a dashboard's list: when, what, who is booked; Enter opens it."""
    course = summary.course
    booked = f"{plural(summary.confirmed_delegates, 'delegate')} confirmed"
    if summary.provisional_delegates:
        booked += f", {summary.provisional_delegates} provisional"
    live = [b for b in bookings if b.status is not BookingStatus.CANCELLED]
    names = "; ".join(f"{b.organisation} ({b.delegates}, {b.status.label.lower()})"
                      for b in live[:3])  # fmt: skip
    if len(live) > 3:
        names += f"; and {len(live) - 3} more"
    text = (
        f"{weekday_date(course.held_on)} · {course.title} ({course.length.label.lower()})"
        f"\n{booked}" + (f"\n{names}" if names else "\nNo bookings yet")
    )
    return list_item(text, course.id, f"{text}\n\nPress Enter to see it on the Training page.")


def complaint_item(row: ComplaintRow) -> QStandardItem:
    """A complaint in a dashboard's list, by reference, with what is due (bold if overdue)."""
    complaint = row.complaint
    text = (
        f"{complaint.reference} · {deadline_text(row)}\n{complaint.about.label}, received "
        f"{format_date(complaint.received_on)}"
    )
    item = list_item(text, complaint.id, f"{text}\n\nPress Enter to see it on the Complaints page.")
    if row.overdue:
        font = QFont()
        font.setBold(True)
        item.setFont(font)
        warning = QStyle.StandardPixmap.SP_MessageBoxWarning
        item.setIcon(QApplication.style().standardIcon(warning))
    return item
