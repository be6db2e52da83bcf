"""The dashboard, the first screen after unlocking: what needs attention this week.

Four panels: meetings in the coming seven days (across every case), courses in the next four
weeks with their bookings, complaints overdue or due within seven days, and the cases counted
by stage and by status as a small bar chart drawn with QPainter in the palette's colours.
Every item opens where it is worked on; the window decides how (signals, no reaching in).

The page never reads the whole case list: the chart is counts made by SQL
(``case_list.tally``), and the meetings of the week are read only for the cases that have a
meeting in it (``meetings.cases_meeting_between``, then ``meetings_in``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from PySide6.QtCore import QEvent, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import (
    QFont,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QShowEvent,
    QStandardItem,
)
from PySide6.QtWidgets import (
    QApplication,
    QGridLayout,
    QGroupBox,
    QStyle,
    QStyleOptionFocusRect,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from app.books.casebook import Casebook
from app.cases.records import CaseListRow, Meeting, Stage, Status
from app.cases.stores.case_list import CaseTally
from app.errors import ParleyError
from app.formatting import format_date
from app.registers.complaints import ComplaintRow, deadline_text
from app.registers.training import Booking, BookingStatus, CourseSummary
from ui.cases.case_table import STAGE_SHORT
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


def _item(text: str, record_id: int | None, tooltip: str = "") -> QStandardItem:
    item = QStandardItem(text)
    item.setData(record_id, ID_ROLE)
    item.setToolTip(tooltip or text)
    item.setData(text.replace("\n", ". "), Qt.ItemDataRole.AccessibleTextRole)
    return item


class StageStatusChart(QWidget):
    """Cases counted by stage and by status, as horizontal bars on one scale.

    Drawn with QPainter in the palette's colours (right in light and dark mode). Up and
    Down move between bars; Enter or a click asks for the Cases list filtered to that bar.
    The counts are also given as text, in the accessible description and each bar's tooltip.
    """

    bar_activated = Signal(str, str)  # "stage" or "status", and its value

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setAccessibleName("Cases by stage and status")
        self.current = 0
        self._bars: list[tuple[str, str, str, int]] = []  # (group, value, label, count)
        self._groups: list[tuple[str, str]] = [("stage", "By stage"), ("status", "By status")]
        self.set_tally(None)

    def set_tally(self, tally: CaseTally | None) -> None:
        stages = tally.stages if tally else dict.fromkeys(Stage, 0)
        statuses = tally.statuses if tally else dict.fromkeys(Status, 0)
        self._bars = [("stage", s.value, STAGE_SHORT[s], stages[s]) for s in Stage]
        self._bars += [("status", s.value, s.label, statuses[s]) for s in Status]
        self.current = min(self.current, len(self._bars) - 1)
        self.setAccessibleDescription(self.summary())
        self.updateGeometry()
        self.update()

    def counts(self) -> dict[tuple[str, str], int]:
        return {(group, value): count for group, value, _label, count in self._bars}

    def summary(self) -> str:
        """The chart in words, for screen readers and for anyone who prefers text."""
        parts = []
        for group, title in self._groups:
            bars = [f"{label} {count}" for g, _v, label, count in self._bars if g == group]
            parts.append(f"{title}: " + ", ".join(bars) + ".")
        return "Cases. " + " ".join(parts)

    # --- geometry ---------------------------------------------------------------------------

    def _line(self) -> int:
        return int(self.fontMetrics().height() * 1.5)

    def _rects(self) -> list[tuple[QRect, QRect]]:
        """For each bar: the row it sits in, and the bar itself."""
        metrics, line = self.fontMetrics(), self._line()
        label_width = max(metrics.horizontalAdvance(b[2]) for b in self._bars) + line // 2
        count_width = metrics.horizontalAdvance("0000")
        track = max(self.width() - label_width - count_width - line, line)
        top = max_count = max([b[3] for b in self._bars] + [1])
        rects, top, group = [], 0, ""
        for bar_group, _value, _label, count in self._bars:
            if bar_group != group:
                group, top = bar_group, top + line  # room for the group's heading
            row = QRect(0, top, self.width(), line)
            length = round(track * count / max_count)
            rects.append((row, QRect(label_width, top + line // 5, length, line * 3 // 5)))
            top += line
        return rects

    def sizeHint(self) -> QSize:
        lines = len(self._bars) + len(self._groups)
        return QSize(self.fontMetrics().averageCharWidth() * 40, lines * self._line())

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    # --- drawing ----------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        palette, line, group = self.palette(), self._line(), ""
        text_colour = palette.color(QPalette.ColorRole.WindowText)
        for i, ((row, bar), (bar_group, _v, label, count)) in enumerate(
            zip(self._rects(), self._bars, strict=True)
        ):
            if bar_group != group:
                group = bar_group
                bold = QFont(self.font())
                bold.setBold(True)
                painter.setFont(bold)
                painter.setPen(text_colour)
                heading_rect = QRect(0, row.top() - line, self.width(), line)
                title = dict(self._groups)[group]
                painter.drawText(heading_rect, Qt.AlignmentFlag.AlignVCenter, title)
                painter.setFont(self.font())
            painter.setPen(text_colour)
            left = row.adjusted(0, 0, -(self.width() - bar.left()), 0)
            painter.drawText(left, Qt.AlignmentFlag.AlignVCenter, label)
            painter.fillRect(bar, palette.color(QPalette.ColorRole.Highlight))
            number = QRect(bar.right() + line // 3, row.top(), line * 3, row.height())
            painter.drawText(number, Qt.AlignmentFlag.AlignVCenter, str(count))
            if self.hasFocus() and i == self.current:
                option = QStyleOptionFocusRect()
                option.initFrom(self)
                option.rect = row.adjusted(0, 1, 0, -1)
                self.style().drawPrimitive(QStyle.PrimitiveElement.PE_FrameFocusRect, option,
                                           painter, self)  # fmt: skip
        painter.end()

    # --- input ------------------------------------------------------------------------------

    def _bar_at(self, point: QPoint) -> int:
        return next((i for i, (row, _b) in enumerate(self._rects()) if row.contains(point)), -1)

    def _tooltip(self, i: int) -> str:
        _group, _value, label, count = self._bars[i]
        return f"{label}: {plural(count, 'case')}. Click or press Enter to list them."

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            i = self._bar_at(event.pos())
            if i >= 0:
                QToolTip.showText(event.globalPos(), self._tooltip(i), self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        over = self._bar_at(event.position().toPoint()) >= 0
        self.setCursor(Qt.CursorShape.PointingHandCursor if over else Qt.CursorShape.ArrowCursor)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        i = self._bar_at(event.position().toPoint())
        if i >= 0 and event.button() == Qt.MouseButton.LeftButton:
            self.current = i
            self.update()
            self.activate(i)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            step = -1 if key == Qt.Key.Key_Up else 1
            self.current = (self.current + step) % len(self._bars)
            self.setToolTip(self._tooltip(self.current))
            self.update()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.activate(self.current)
        else:
            super().keyPressEvent(event)

    def activate(self, i: int) -> None:
        group, value, _label, _count = self._bars[i]
        self.bar_activated.emit(group, value)


class DashboardPage(SectionPage):
    open_case_requested = Signal(int)
    course_requested = Signal(int)
    complaint_requested = Signal(int)
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
        self.chart = StageStatusChart(self)
        self.chart_box = QGroupBox("Cases by stage and status", self)
        self.no_cases = wrapped_label("", self.chart_box)
        chart_layout = QVBoxLayout(self.chart_box)
        chart_layout.addWidget(self.chart)
        chart_layout.addWidget(self.no_cases)
        chart_layout.addStretch(1)
        grid = QGridLayout()
        grid.addWidget(self.meetings, 0, 0)
        grid.addWidget(self.courses, 0, 1)
        grid.addWidget(self.complaints, 1, 0)
        grid.addWidget(self.chart_box, 1, 1)
        for i in (0, 1):
            grid.setColumnStretch(i, 1)
            grid.setRowStretch(i, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.message)
        layout.addLayout(grid, 1)

        self.meetings.activated.connect(self.open_case_requested)
        self.courses.activated.connect(self.course_requested)
        self.complaints.activated.connect(self.complaint_requested)
        self.chart.bar_activated.connect(self.chart_filter_requested)
        set_tab_order(self.meetings, self.courses, self.complaints, self.chart)

    # --- the SectionPage contract -----------------------------------------------------------

    def show_casebook(self, casebook: Casebook) -> None:
        self.casebook = casebook
        if self.isVisible():
            self.reload()  # otherwise when first shown: unlocking reads only what it shows

    def clear(self) -> list[str]:
        self.casebook = None
        self.title.clear()
        self.message.clear()
        for panel in (self.meetings, self.courses, self.complaints):
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
            [self._course_item(c, bookings.get(c.course.id, [])) for c in courses],
            "No courses in the next four weeks. Add courses and their bookings on the Training "
            "page.",
        )
        self.complaints.set_items(
            [self._complaint_item(row) for row in complaints],
            "No complaints due this week, and none overdue.",
        )
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
        return _item(text, case.id, f"{full}\n\nPress Enter or double-click to open the case.")

    @staticmethod
    def _course_item(summary: CourseSummary, bookings: list[Booking]) -> QStandardItem:
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
        return _item(text, course.id, f"{text}\n\nPress Enter to see it on the Training page.")

    @staticmethod
    def _complaint_item(row: ComplaintRow) -> QStandardItem:
        complaint = row.complaint
        text = (
            f"{complaint.reference} · {deadline_text(row)}\n{complaint.about.label}, received "
            f"{format_date(complaint.received_on)}"
        )
        item = _item(text, complaint.id, f"{text}\n\nPress Enter to see it on the Complaints page.")
        if row.overdue:
            font = QFont()
            font.setBold(True)
            item.setFont(font)
            warning = QStyle.StandardPixmap.SP_MessageBoxWarning
            item.setIcon(QApplication.style().standardIcon(warning))
        return item
