"""Adding or editing a booking on a course: who booked, how many delegates, and its status.

Cancelling is not a status chosen here: it has its own dialog, which works out the charge.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPlainTextEdit, QSpinBox, QWidget

from app.casebook import Casebook
from app.formatting import format_date
from app.training import MAX_DELEGATES, Booking, BookingStatus, Course
from app.validation import SHORT_TEXT
from ui.forms import OptionalDateEdit, set_combo_value
from ui.registers import plural, wrapped_label
from ui.workspace.record_dialog import RecordDialog

#: The statuses a person may set by hand; "cancelled" only comes from cancelling.
EDITABLE_STATUSES = (BookingStatus.PROVISIONAL, BookingStatus.CONFIRMED, BookingStatus.ATTENDED)


class BookingDialog(RecordDialog):
    """Stores the booking through ``casebook.registers.bookings``; ``saved`` carries it."""

    def __init__(
        self,
        casebook: Casebook,
        course: Course,
        booking: Booking | None = None,
        *,
        today: date,
        parent: QWidget | None = None,
    ) -> None:
        title = f"Edit booking {booking.reference}" if booking else "New booking"
        super().__init__(title, parent)
        self.casebook = casebook
        self.course = course
        self.booking = booking
        self.today = today

        about = wrapped_label(f"{course.title}, {format_date(course.held_on)}", self)
        self.organisation = QLineEdit(self)
        self.organisation.setAccessibleName("Organisation")
        self.organisation.setPlaceholderText("e.g. Children's Services, Northfield NHS Trust")
        self.contact_name = QLineEdit(self)
        self.contact_name.setAccessibleName("Contact's name")
        self.contact_email = QLineEdit(self)
        self.contact_email.setAccessibleName("Contact's email")
        for line in (self.organisation, self.contact_name, self.contact_email):
            line.setMaxLength(SHORT_TEXT)
        self.contact_address = QPlainTextEdit(self)
        self.contact_address.setAccessibleName("Contact's postal address")
        self.contact_address.setTabChangesFocus(True)
        self.contact_address.setMaximumHeight(self.fontMetrics().height() * 5)
        self.contact_address.setPlaceholderText("For the cancellation letter, if one is posted")
        self.delegates = QSpinBox(self)
        self.delegates.setRange(1, MAX_DELEGATES)
        self.delegates.setAccessibleName("Number of delegates")
        self.status = _status_combo(self)
        self.confirmed_on = OptionalDateEdit("Confirmed on", self)
        hint = QLabel(
            "A provisional booking has no confirmation date. Only a confirmed booking is "
            "charged if it is cancelled.",
            self,
        )
        hint.setWordWrap(True)

        self.form.addRow("Course:", about)
        self.add_row("&Organisation:", self.organisation, "organisation")
        self.add_row("Contact &name:", self.contact_name, "contact_name")
        self.add_row("Contact &email:", self.contact_email, "contact_email")
        self.add_row("Postal &address:", self.contact_address, "contact_address")
        self.add_row("&Delegates:", self.delegates, "delegates")
        self.add_row("&Status:", self.status, "status")
        self.add_row("&Confirmed on:", self.confirmed_on, "confirmed_on")
        self.form.addRow("", hint)

        if booking is not None:
            self.organisation.setText(booking.organisation)
            self.contact_name.setText(booking.contact_name)
            self.contact_email.setText(booking.contact_email)
            self.contact_address.setPlainText(booking.contact_address)
            self.delegates.setValue(booking.delegates)
            set_combo_value(self.status, booking.status)
            self.confirmed_on.set_value(booking.confirmed_on)
        self.status.currentIndexChanged.connect(self._status_changed)
        self.organisation.setFocus()

    def _status_changed(self) -> None:
        # The date follows the status, so the store's pairing rule is met without a refusal:
        # confirming today is the usual case, and a provisional booking has no date.
        provisional = self.status.currentData() == BookingStatus.PROVISIONAL.value
        if provisional:
            self.confirmed_on.set_value(None)
        elif self.confirmed_on.value() is None:
            self.confirmed_on.set_value(min(self.today, self.course.held_on))
        self.errors["confirmed_on"].clear_reason()

    def build(self) -> Booking:
        return Booking(
            id=self.booking.id if self.booking else None,
            course_id=self.course.id or 0,
            organisation=self.organisation.text().strip(),
            contact_name=self.contact_name.text().strip(),
            contact_email=self.contact_email.text().strip(),
            contact_address=self.contact_address.toPlainText().strip(),
            delegates=self.delegates.value(),
            status=BookingStatus(self.status.currentData()),
            confirmed_on=self.confirmed_on.value(),
        )

    def store(self, record: Booking) -> Booking:
        bookings = self.casebook.registers.bookings
        with self.casebook.transaction():
            return bookings.add(record) if record.id is None else bookings.update(record)


def _status_combo(parent: QWidget) -> QComboBox:
    combo = QComboBox(parent)
    for status in EDITABLE_STATUSES:
        combo.addItem(status.label, status.value)
    combo.setAccessibleName("Status")
    return combo


def booking_summary(booking: Booking) -> str:
    """``Northfield NHS Trust, 3 delegates (TB-00004)``."""
    return f"{booking.organisation}, {plural(booking.delegates, 'delegate')} ({booking.reference})"
