"""The bookings of one course: the panel on the Training page, and the dialog that adds or
edits a booking (who booked, how many delegates, its status).

Cancelling is not a status chosen here: it has its own dialog, which works out the charge.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.books.kinds import AnyBook
from app.cases.validation import SHORT_TEXT
from app.formatting import format_date
from app.registers.delegates import QUESTION_HEADINGS, FeedbackSummary
from app.registers.training import MAX_DELEGATES, Booking, BookingStatus, Course
from ui.registers.models import BookingColumn, BookingTableModel, RowFilterProxy
from ui.widgets.dates import DateField
from ui.widgets.forms import set_combo_value, set_tab_order
from ui.widgets.lists import plural, size_columns, table_view, wrapped_label
from ui.workspace.record_dialog import RecordDialog

#: The policy in brief, always on the page; the cancellation dialog shows it in full.
POLICY_SUMMARY = (
    "Cancelling a confirmed booking: 28 or more working days before the course, a 10% "
    "administration fee; 10 to 27 working days, 30% of the cost; 9 or fewer (or on the day), "
    "50% of the cost; VAT is added to the charge. The day the cancellation reaches us counts "
    "if it is a working day; the course day and bank holidays do not."
)
#: The statuses a person may set by hand; "cancelled" only comes from cancelling.
EDITABLE_STATUSES = (BookingStatus.PROVISIONAL, BookingStatus.CONFIRMED, BookingStatus.ATTENDED)


class BookingDialog(RecordDialog):
    """Stores the booking through ``casebook.registers.bookings``; ``saved`` carries it."""

    def __init__(
        self,
        casebook: AnyBook,
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
        self.what = f"Booking {booking.reference}" if booking else "The new booking"
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
        self.confirmed_on = DateField("Confirmed on", self)
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
        self.add_row("S&tatus:", self.status, "status")
        self.add_row("Confir&med on:", self.confirmed_on, "confirmed_on")
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
        elif not self.confirmed_on.line.text().strip():
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


class BookingsPanel(QGroupBox):
    """The chosen course's bookings, the buttons that act on them, and the policy in brief.

    It shows; the Training page acts on its buttons (through dialogs and the service).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Bookings", parent)
        self.course: Course | None = None
        self.model = BookingTableModel(self)
        self.proxy = RowFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = table_view(self.proxy, "Bookings for the chosen course", self)
        self.table.setAccessibleDescription("Press Enter to edit the chosen booking")
        size_columns(self.table, {
            BookingColumn.REFERENCE: "TB-00000", BookingColumn.CONTACT: "Dr Łukasz Nowak",
            BookingColumn.DELEGATES: "Delegates", BookingColumn.CONFIRMED: "28 September 2026",
            BookingColumn.STATUS: "Cancelled 28 September 2026: £1,200.00",
        }, BookingColumn.ORGANISATION)  # fmt: skip
        self.table.sortByColumn(BookingColumn.REFERENCE, Qt.SortOrder.AscendingOrder)
        self.empty = wrapped_label("", self)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.table)
        self.pages.addWidget(self.empty)
        self.new_button = QPushButton("New &booking…", self)
        self.new_button.setToolTip("Add a booking to the chosen course (Insert)")
        self.edit_button = QPushButton("Edit b&ooking…", self)
        self.cancel_button = QPushButton("&Cancel booking…", self)
        self.cancel_button.setToolTip("Cancel a confirmed booking under the policy")
        self.letter_button = QPushButton("Cancellation le&tter…", self)
        self.letter_button.setToolTip("The charge as recorded, and its letter as a PDF")
        self.withdraw_button = QPushButton("&Withdraw booking…", self)
        self.withdraw_button.setToolTip("Delete a provisional booking (Delete)")
        self.delegates_button = QPushButton("Dele&gates…", self)
        self.delegates_button.setToolTip("Who they are, who attended, feedback, certificates")
        self.buttons = [self.new_button, self.edit_button, self.cancel_button,
                        self.letter_button, self.withdraw_button,
                        self.delegates_button]  # fmt: skip
        row = QHBoxLayout()
        for button in self.buttons:
            row.addWidget(button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.pages, 1)
        self.feedback = wrapped_label("", self, name="Feedback on the course")
        layout.addWidget(self.feedback)
        layout.addWidget(wrapped_label(POLICY_SUMMARY, self, name="Cancellation policy"))
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self.update_buttons())
        set_tab_order(*self.buttons, self.table)

    def show_course(self, course: Course | None, bookings: list[Booking]) -> None:
        self.course = course
        self.model.set_rows(bookings)
        if course is None:
            self.setTitle("Bookings")
            self.empty.setText("Choose a course above to see its bookings.")
        else:
            self.setTitle(f"Bookings for “{course.title}”, {format_date(course.held_on)}")
            self.empty.setText(
                "No bookings for this course yet. Add one with “New booking” (Alt+B)."
            )
        self.pages.setCurrentWidget(self.table if bookings else self.empty)
        if bookings:
            self.table.setCurrentIndex(self.proxy.index(0, 0))
        self.update_buttons()

    def show_feedback(self, summary: FeedbackSummary | None) -> None:
        """The course's feedback averages, or nothing before any form came back."""
        if summary is None or not summary.forms:
            self.feedback.setText("")
            self.feedback.hide()
            return
        pairs = zip(QUESTION_HEADINGS, summary.averages, strict=True)
        figures = ", ".join(f"{name.lower()} {value:.1f}" for name, value in pairs if value)
        forms = f"{summary.forms} form{'' if summary.forms == 1 else 's'}"
        self.feedback.setText(f"Feedback ({forms}, averages from 1 to 5): {figures}.")
        self.feedback.show()

    def selected(self) -> Booking | None:
        return self.model.row_at(self.model.row_of(self.proxy.record_id(self.table.currentIndex())))

    def select(self, booking_id: int | None) -> None:
        row = self.model.row_of(booking_id)
        if row >= 0:
            self.table.setCurrentIndex(self.proxy.mapFromSource(self.model.index(row, 0)))

    def update_buttons(self) -> None:
        booking = self.selected()
        status = booking.status if booking else None
        self.new_button.setEnabled(self.course is not None)
        self.edit_button.setEnabled(status is not None and status is not BookingStatus.CANCELLED)
        self.cancel_button.setEnabled(status is BookingStatus.CONFIRMED)
        self.letter_button.setEnabled(status is BookingStatus.CANCELLED)
        self.withdraw_button.setEnabled(status is BookingStatus.PROVISIONAL)
        self.delegates_button.setEnabled(
            status is not None and status is not BookingStatus.CANCELLED
        )
