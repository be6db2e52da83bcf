"""Date fields: typed as the British write them, shown as ``4 March 2019``, never guessed.

Every date of the interface is typed into one of these: a date that may be left empty
(``DateField``), one that must be given (``RequiredDateField``), or a date with its time of day
(``DateTimeField``). The text is read by ``app.dates`` (day first, always); what cannot be read
is refused with the reason beneath the field and left as typed, never changed into another
date. Alt+Down or F4 opens a calendar (Enter chooses, Escape closes it); Tab leaves the field.

This is also the one place where ``datetime.date`` meets Qt's ``QDate`` (for the calendar):
no other module builds a ``QDate``.
"""

from __future__ import annotations

from datetime import date, datetime, time

from PySide6.QtCore import QDate, QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QHideEvent, QKeyEvent
from PySide6.QtWidgets import (
    QCalendarWidget,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.dates import (
    EARLIEST_DATE,
    LATEST_DATE,
    UnreadableDate,
    combine,
    format_time,
    read_date,
    read_time,
)
from app.errors import InvalidValue
from app.formatting import format_date
from ui.widgets.forms import CommittedField, FieldError

DATE_HINT = "Day first, for example 4/3/2019 or 4 March 2019. Alt+Down or F4 opens a calendar."
TIME_HINT = "24-hour clock, for example 14:30 (2:30 pm is read too)."


def to_qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def from_qdate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def _opens_calendar(event: QKeyEvent) -> bool:
    key, mods = event.key(), event.modifiers()
    alt = Qt.KeyboardModifier.AltModifier
    if key == Qt.Key.Key_F4 and not mods & ~Qt.KeyboardModifier.KeypadModifier:
        return True
    return key == Qt.Key.Key_Down and bool(mods & alt)


class _CalendarPopup(QCalendarWidget):
    """The calendar that drops down below a date field; it says when it goes away."""

    closed = Signal()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self.closed.emit()


def future_warning(field: DateField, today: date) -> None:
    """Say beside ``field`` when its date lies ahead where it should not (a date of birth):
    allowed, since it may be meant, but most likely a mistyped year."""
    try:
        value = field.value()
    except InvalidValue:
        value = None  # what cannot be read says so itself
    ahead = value is not None and value > today
    field.error.show_warning("This is in the future: check the year" if ahead else "")


class DateField(CommittedField):
    """A date that may be left empty; ``value()`` is ``None`` then.

    ``changed`` is emitted when the mediator commits a new date (leaving the field, Enter, or
    the calendar) or empties it; never while typing, and never for ``set_value``.
    ``field`` names the value in refusals (``InvalidValue.field``), as the store would.
    """

    required = False

    def __init__(
        self,
        label: str,
        parent: QWidget | None = None,
        *,
        field: str = "",
        value: date | None = None,
        error: FieldError | None = None,
    ) -> None:
        super().__init__(parent)
        self.name = label
        self.field = field
        self._value: date | None = None
        self._own_reason = ""  # the reason this field gave, as opposed to the store's
        self._popup: _CalendarPopup | None = None
        self.line = QLineEdit(self)
        self.line.setAccessibleName(label)
        self.line.setAccessibleDescription(DATE_HINT)
        self.line.setToolTip(DATE_HINT)
        self.line.setMaxLength(40)
        example = "day first, e.g. 4/3/2019"
        self.line.setPlaceholderText(
            example.capitalize() if self.required else f"Not recorded ({example})"
        )
        # Wide enough for the longest date shown ("30 September 2026") and its placeholder.
        widest = self.fontMetrics().horizontalAdvance("30 September 2026")
        self.line.setMinimumWidth(widest * 3 // 2)
        self.calendar_button = QToolButton(self)
        self.calendar_button.setArrowType(Qt.ArrowType.DownArrow)
        self.calendar_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab leaves the field
        self.calendar_button.setToolTip("Choose from a calendar (Alt+Down or F4)")
        self.calendar_button.setAccessibleName(f"Calendar for {label}")
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(2)
        row.addWidget(self.line, 1)
        row.addWidget(self.calendar_button)
        self.row = row
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addLayout(row)
        if error is None:
            error = FieldError(self)
            column.addWidget(error)
        self.error = error
        self.setFocusProxy(self.line)
        self.line.editingFinished.connect(self.commit)
        self.line.textEdited.connect(self._typed)
        self.line.installEventFilter(self)
        self.calendar_button.clicked.connect(self.open_calendar)
        if value is not None:
            self.set_value(value)

    # --- the value --------------------------------------------------------------------------

    def value(self) -> date | None:
        """The date as typed; ``InvalidValue`` (naming ``field``) if it cannot be read."""
        text = self.line.text()
        if not text.strip() and not self.required:
            return None
        try:
            return read_date(text)
        except UnreadableDate as problem:
            raise InvalidValue(self.field, problem.reason) from None

    def set_value(self, value: date | None) -> None:
        self._value = value
        self.line.setText(format_date(value))
        self._forget_own_reason()

    def wipe(self) -> None:
        """Empty, with nothing of the date left in the field or its calendar (locking)."""
        self.close_calendar()
        self.set_value(None)
        self.error.clear()

    def commit(self) -> None:
        """Read what was typed: show it as the date understood, or say why it cannot be."""
        try:
            value = self.value()
        except InvalidValue as problem:
            self._own_reason = problem.reason
            self.error.show_reason(problem.reason)
            return
        self._forget_own_reason()
        shown = format_date(value)
        if self.line.text() != shown:
            self.line.setText(shown)
        if value != self._value:
            self._value = value
            self.changed.emit()

    def _typed(self, _text: str) -> None:
        # A reason this field gave goes as soon as what is typed can be read; it is not said
        # again until the mediator leaves the field (half-typed dates are not yet wrong).
        if self._own_reason:
            try:
                self.value()
            except InvalidValue:
                return
            self._forget_own_reason()

    def _forget_own_reason(self) -> None:
        if self._own_reason and self.error.reason.lower() == self._own_reason.lower():
            self.error.clear_reason()
        self._own_reason = ""

    # --- the calendar -----------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.line and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if _opens_calendar(event):
                self.open_calendar()
                return True
        return super().eventFilter(watched, event)

    def open_calendar(self) -> None:
        """Drop a calendar down from the field, on the date typed (or today)."""
        self.close_calendar()
        try:
            start = self.value() or date.today()
        except InvalidValue:
            start = date.today()
        popup = _CalendarPopup(self)
        popup.setWindowFlags(Qt.WindowType.Popup)
        popup.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        popup.setAccessibleName(f"Calendar for {self.name}")
        popup.setDateRange(to_qdate(EARLIEST_DATE), to_qdate(LATEST_DATE))
        popup.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        popup.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        popup.setSelectedDate(to_qdate(start))
        popup.activated.connect(self._chosen)  # Enter, or a double click
        popup.clicked.connect(self._chosen)
        popup.closed.connect(self._calendar_closed)
        popup.move(self.line.mapToGlobal(QPoint(0, self.line.height())))
        self._popup = popup
        popup.show()
        popup.setFocus(Qt.FocusReason.PopupFocusReason)

    def close_calendar(self) -> None:
        if self._popup is not None:
            self._popup.close()

    @property
    def calendar(self) -> QCalendarWidget | None:
        """The open calendar, if any."""
        return self._popup

    def _chosen(self, chosen: QDate) -> None:
        self.line.setText(format_date(from_qdate(chosen)))
        self.close_calendar()
        self.commit()

    def _calendar_closed(self) -> None:
        self._popup = None
        self.line.setFocus(Qt.FocusReason.PopupFocusReason)


class RequiredDateField(DateField):
    """A date that must be given: empty is refused, with the reason, like an unreadable one."""

    required = True

    def value(self) -> date:
        value = super().value()
        assert value is not None  # required: an empty field raised InvalidValue
        return value

    def set_value(self, value: date | None) -> None:
        super().set_value(value)


class DateTimeField(CommittedField):
    """A date and its time of day (a meeting, a note): the date as every date field reads
    it, and a time such as ``14:30``, with one line for the reason beneath both."""

    def __init__(
        self,
        date_name: str,
        time_name: str,
        parent: QWidget | None = None,
        *,
        field: str = "",
    ) -> None:
        super().__init__(parent)
        self._field = field
        self._time: time | None = None
        self._own_reason = ""
        self.error = FieldError(self)
        self.date = RequiredDateField(date_name, self, field=field, error=self.error)
        self.time = QLineEdit(self)
        self.time.setAccessibleName(time_name)
        self.time.setAccessibleDescription(TIME_HINT)
        self.time.setToolTip(TIME_HINT)
        self.time.setPlaceholderText("e.g. 14:30")
        self.time.setMaxLength(12)
        self.time.setMaximumWidth(self.fontMetrics().horizontalAdvance("00:00 am") * 2)
        at = QLabel("at", self)
        at.setBuddy(self.time)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.date, 1)
        row.addWidget(at)
        row.addWidget(self.time)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addLayout(row)
        column.addWidget(self.error)
        self.setFocusProxy(self.date)
        self.date.changed.connect(self.changed)
        self.time.editingFinished.connect(self._commit_time)
        self.time.textEdited.connect(self._time_typed)

    @property
    def field(self) -> str:
        """The name of the value in refusals, as the store gives it (both parts share it)."""
        return self._field

    @field.setter
    def field(self, name: str) -> None:
        self._field = self.date.field = name

    def value(self) -> datetime:
        """The moment as typed; ``InvalidValue`` (naming ``field``) if either part cannot be
        read."""
        day = self.date.value()
        try:
            moment = read_time(self.time.text())
        except UnreadableDate as problem:
            raise InvalidValue(self._field, problem.reason) from None
        return combine(day, moment)

    def set_value(self, value: datetime) -> None:
        """To the minute: the forms show no seconds, so none are carried over."""
        self.date.set_value(value.date())
        self._time = value.time().replace(second=0, microsecond=0)
        self.time.setText(format_time(self._time))
        self._forget_own_reason()

    def wipe(self) -> None:
        self.date.wipe()
        self.time.clear()
        self._time = None

    def _commit_time(self) -> None:
        try:
            moment = read_time(self.time.text())
        except UnreadableDate as problem:
            self._own_reason = problem.reason
            self.error.show_reason(problem.reason)
            return
        self._forget_own_reason()
        self.time.setText(format_time(moment))
        if moment != self._time:
            self._time = moment
            self.changed.emit()

    def _time_typed(self, text: str) -> None:
        if self._own_reason:
            try:
                read_time(text)
            except UnreadableDate:
                return
            self._forget_own_reason()

    def _forget_own_reason(self) -> None:
        if self._own_reason and self.error.reason.lower() == self._own_reason.lower():
            self.error.clear_reason()
        self._own_reason = ""
