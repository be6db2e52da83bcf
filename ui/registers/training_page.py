"""The Training page: courses above, the chosen course's bookings below, the policy beside.

Courses and bookings are read from ``casebook.registers`` as dataclasses and shown through
table models; every change goes through a dialog that stores it via the service, and the page
then reads the rows afresh. Deleting asks first, and the stores decide what may go: a course
only without bookings, a booking only while provisional.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.casebook import Casebook
from app.errors import ParleyError
from app.formatting import format_date
from app.registers import Registers
from app.training import Booking, BookingStatus, CourseSummary
from ui.messages import InlineMessage, Kind, ask_to_delete
from ui.registers import Today, notice, save_or_report, size_columns, table_view, wrapped_label
from ui.registers.booking_dialog import BookingDialog, booking_summary
from ui.registers.cancellation_dialog import CancellationDialog
from ui.registers.course_dialog import CourseDialog
from ui.registers.models import (
    BookingColumn,
    BookingTableModel,
    CourseColumn,
    CourseTableModel,
    CourseWhen,
    RowFilterProxy,
    course_filter,
)
from ui.section import SectionPage
from ui.workspace.record_dialog import RecordDialog, add_shortcut

#: The policy in brief, always on the page; the cancellation dialog shows it in full.
POLICY_SUMMARY = (
    "Cancelling a confirmed booking: 28 or more working days before the course, a 10% "
    "administration fee; 10 to 27 working days, 30% of the cost; 9 or fewer (or on the day), "
    "50% of the cost; VAT is added to the charge. The day the cancellation reaches us counts "
    "if it is a working day; the course day and bank holidays do not."
)
_WHEN_LABELS = {
    CourseWhen.UPCOMING: "Upcoming courses",
    CourseWhen.PAST: "Past courses",
    CourseWhen.ALL: "All courses",
}


class TrainingPage(SectionPage):
    def __init__(self, parent: QWidget | None = None, *, today: Today = date.today) -> None:
        super().__init__(parent)
        self.casebook: Casebook | None = None
        self.today = today
        self.dialog: QDialog | None = None  # the one form or cancellation open, if any
        self.confirmation: QMessageBox | None = None

        self.courses = CourseTableModel(self)
        self.course_proxy = RowFilterProxy(self)
        self.course_proxy.setSourceModel(self.courses)
        self.course_table = table_view(self.course_proxy, "Training courses", self)
        self.course_table.setAccessibleDescription("Press Enter to edit the chosen course")
        size_columns(self.course_table, {
            CourseColumn.LENGTH: "Half day", CourseColumn.DATE: "28 September 2026",
            CourseColumn.PLACE: "Education centre, St Mary's", CourseColumn.FEE: "£1,250.00",
            CourseColumn.BOOKINGS: "12 (+3 provisional)",
            CourseColumn.DELEGATES: "40 (+10 provisional)",
        }, CourseColumn.TITLE)  # fmt: skip
        self.course_table.sortByColumn(CourseColumn.DATE, Qt.SortOrder.AscendingOrder)

        self.when = QComboBox(self)
        for when, label in _WHEN_LABELS.items():
            self.when.addItem(label, int(when))
        self.when.setAccessibleName("Which courses to show")
        when_label = QLabel("&Show:", self)
        when_label.setBuddy(self.when)
        self.new_course_button = QPushButton("&New course…", self)
        self.new_course_button.setToolTip("Add a course (Insert)")
        self.edit_course_button = QPushButton("&Edit course…", self)
        self.edit_course_button.setToolTip("Edit the chosen course (Enter)")
        self.delete_course_button = QPushButton("&Delete course…", self)
        self.delete_course_button.setToolTip("Delete the chosen course, if it has no bookings")
        top = QHBoxLayout()
        top.addWidget(when_label)
        top.addWidget(self.when)
        top.addStretch(1)
        for button in (self.new_course_button, self.edit_course_button,
                       self.delete_course_button):  # fmt: skip
            top.addWidget(button)

        self.first_course_button = QPushButton("Add the first &course…", self)
        self.empty, _ = notice(
            "No training courses yet",
            "Add each course with its date, place and fee per delegate; then record the "
            "bookings organisations make for it.",
            [self.first_course_button],
        )
        self.show_all_button = QPushButton("Show a&ll courses", self)
        self.no_match, self.no_match_title = notice(
            "No upcoming courses", "", [self.show_all_button]
        )
        self.course_pages = QStackedWidget(self)
        for page in (self.course_table, self.empty, self.no_match):
            self.course_pages.addWidget(page)

        self.bookings = BookingTableModel(self)
        self.booking_proxy = RowFilterProxy(self)
        self.booking_proxy.setSourceModel(self.bookings)
        self.booking_table = table_view(self.booking_proxy, "Bookings for the chosen course", self)
        self.booking_table.setAccessibleDescription("Press Enter to edit the chosen booking")
        size_columns(self.booking_table, {
            BookingColumn.REFERENCE: "TB-00000", BookingColumn.CONTACT: "Dr Łukasz Nowak",
            BookingColumn.DELEGATES: "Delegates", BookingColumn.CONFIRMED: "28 September 2026",
            BookingColumn.STATUS: "Cancelled 28 September 2026: £1,200.00",
        }, BookingColumn.ORGANISATION)  # fmt: skip
        self.booking_table.sortByColumn(BookingColumn.REFERENCE, Qt.SortOrder.AscendingOrder)
        self.no_bookings = wrapped_label("", self)
        self.no_bookings.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.booking_pages = QStackedWidget(self)
        self.booking_pages.addWidget(self.booking_table)
        self.booking_pages.addWidget(self.no_bookings)
        self.new_booking_button = QPushButton("New &booking…", self)
        self.edit_booking_button = QPushButton("Edit b&ooking…", self)
        self.cancel_booking_button = QPushButton("&Cancel booking…", self)
        self.cancel_booking_button.setToolTip("Cancel a confirmed booking under the policy")
        self.letter_button = QPushButton("Cancellation le&tter…", self)
        self.letter_button.setToolTip("The charge as recorded, and its letter as a PDF")
        self.withdraw_button = QPushButton("&Withdraw booking…", self)
        self.withdraw_button.setToolTip("Delete a provisional booking")
        booking_buttons = QHBoxLayout()
        for button in (
            self.new_booking_button,
            self.edit_booking_button,
            self.cancel_booking_button,
            self.letter_button,
            self.withdraw_button,
        ):
            booking_buttons.addWidget(button)  # fmt: skip
        booking_buttons.addStretch(1)
        self.bookings_box = QGroupBox("Bookings", self)
        box = QVBoxLayout(self.bookings_box)
        box.addLayout(booking_buttons)
        box.addWidget(self.booking_pages, 1)
        policy = wrapped_label(POLICY_SUMMARY, self.bookings_box, name="Cancellation policy")
        box.addWidget(policy)

        self.message = InlineMessage(self)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.setChildrenCollapsible(False)
        courses_part = QWidget(split)
        courses_layout = QVBoxLayout(courses_part)
        courses_layout.setContentsMargins(0, 0, 0, 0)
        courses_layout.addLayout(top)
        courses_layout.addWidget(self.course_pages, 1)
        split.addWidget(courses_part)
        split.addWidget(self.bookings_box)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(split, 1)

        self.when.currentIndexChanged.connect(self._apply_filter)
        self.new_course_button.clicked.connect(self.new_course)
        self.first_course_button.clicked.connect(self.new_course)
        self.edit_course_button.clicked.connect(self.edit_course)
        self.delete_course_button.clicked.connect(self.delete_course)
        self.show_all_button.clicked.connect(lambda: self.when.setCurrentIndex(CourseWhen.ALL))
        self.course_table.activated.connect(lambda _index: self.edit_course())
        self.course_table.selectionModel().currentRowChanged.connect(self._course_chosen)
        self.new_booking_button.clicked.connect(self.new_booking)
        self.edit_booking_button.clicked.connect(self.edit_booking)
        self.cancel_booking_button.clicked.connect(self.cancel_booking)
        self.letter_button.clicked.connect(self.cancel_booking)
        self.withdraw_button.clicked.connect(self.withdraw_booking)
        self.booking_table.activated.connect(lambda _index: self.edit_booking())
        self.booking_table.selectionModel().currentRowChanged.connect(self._update_buttons)
        add_shortcut(self.course_table, QKeySequence(Qt.Key.Key_Insert), self.new_course)
        add_shortcut(self.course_table, QKeySequence.StandardKey.Delete, self.delete_course)
        add_shortcut(self.booking_table, QKeySequence(Qt.Key.Key_Insert), self.new_booking)
        add_shortcut(self.booking_table, QKeySequence.StandardKey.Delete, self.withdraw_booking)
        order = [self.when, self.new_course_button, self.edit_course_button,
                 self.delete_course_button, self.course_table, self.new_booking_button,
                 self.edit_booking_button, self.cancel_booking_button, self.letter_button,
                 self.withdraw_button, self.booking_table]  # fmt: skip
        for before, after in zip(order, order[1:], strict=False):
            QWidget.setTabOrder(before, after)
        self._apply_filter()

    # --- the SectionPage contract -----------------------------------------------------------

    def show_casebook(self, casebook: Casebook) -> None:
        self.casebook = casebook
        self.reload()

    def clear(self) -> list[str]:
        problems = []
        if isinstance(self.dialog, RecordDialog):
            problems = save_or_report(self.dialog, self.dialog.windowTitle().split("— ")[-1])
            self.dialog.discard()
        elif isinstance(self.dialog, CancellationDialog):
            self.dialog.forget()
        self.dialog = None
        if self.confirmation is not None:
            self.confirmation.reject()
            self.confirmation = None
        self.casebook = None
        self.courses.clear()
        self.bookings.clear()
        self.message.clear()
        self._course_chosen()
        return problems

    def set_safe_view(self, on: bool) -> None:
        """Nothing here is confidential case content; safe view leaves the registers as
        they are (the complaints page hides complainants' contact details)."""

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.casebook is not None:
            self.reload()  # "upcoming" moves with the date, and counts may have changed

    # --- reading ----------------------------------------------------------------------------

    def reload(self, course_id: int | None = None, booking_id: int | None = None) -> None:
        """Read every course afresh, keeping (or making) the chosen course and booking."""
        if self.casebook is None:
            return
        chosen = self.selected_course()
        course_id = course_id or (chosen.course.id if chosen else None)
        booking = self.selected_booking()
        booking_id = booking_id or (booking.id if booking else None)
        try:
            summaries = self.casebook.registers.courses.summaries()
        except ParleyError as exc:
            self.message.show_message(f"The courses could not be read. {exc}", Kind.ERROR)
            summaries = []
        self.courses.set_rows(summaries)
        self._apply_filter()
        self.select_course(course_id)
        self._select_booking(booking_id)

    def _apply_filter(self) -> None:
        when = CourseWhen(self.when.currentData())
        self.course_proxy.set_filter(course_filter(when, self.today()))
        if self.courses.rowCount() == 0:
            self.course_pages.setCurrentWidget(self.empty)
        elif self.course_proxy.rowCount() == 0:
            self.no_match_title.setText(f"No {_WHEN_LABELS[when].lower()}")
            self.course_pages.setCurrentWidget(self.no_match)
        else:
            self.course_pages.setCurrentWidget(self.course_table)
        self.when.setEnabled(self.courses.rowCount() > 0)
        if self.selected_course() is None and self.course_proxy.rowCount():
            self.course_table.setCurrentIndex(self.course_proxy.index(0, 0))
        self._course_chosen()

    def select_course(self, course_id: int | None) -> None:
        """Make a course the chosen one (showing every course if the filter hides it)."""
        row = self.courses.row_of(course_id)
        if row < 0:
            return
        index = self.course_proxy.mapFromSource(self.courses.index(row, 0))
        if not index.isValid():
            self.when.setCurrentIndex(CourseWhen.ALL)
            index = self.course_proxy.mapFromSource(self.courses.index(row, 0))
        self.course_table.setCurrentIndex(index)
        self.course_table.scrollTo(index)

    def selected_course(self) -> CourseSummary | None:
        course_id = self.course_proxy.record_id(self.course_table.currentIndex())
        return self.courses.row_at(self.courses.row_of(course_id))

    def selected_booking(self) -> Booking | None:
        booking_id = self.booking_proxy.record_id(self.booking_table.currentIndex())
        return self.bookings.row_at(self.bookings.row_of(booking_id))

    def _course_chosen(self, *_args: QModelIndex) -> None:
        chosen = self.selected_course()
        bookings: list[Booking] = []
        if chosen is not None and self.casebook is not None and chosen.course.id is not None:
            try:
                bookings = self.casebook.registers.bookings.for_course(chosen.course.id)
            except ParleyError as exc:
                self.message.show_message(f"The bookings could not be read. {exc}", Kind.ERROR)
        self.bookings.set_rows(bookings)
        if chosen is None:
            self.bookings_box.setTitle("Bookings")
            self.no_bookings.setText("Choose a course above to see its bookings.")
        else:
            course = chosen.course
            self.bookings_box.setTitle(
                f"Bookings for “{course.title}”, {format_date(course.held_on)}"
            )
            self.no_bookings.setText(
                "No bookings for this course yet. Add one with “New booking” (Alt+B)."
            )
        self.booking_pages.setCurrentWidget(self.booking_table if bookings else self.no_bookings)
        if bookings:
            self.booking_table.setCurrentIndex(self.booking_proxy.index(0, 0))
        self._update_buttons()

    def _select_booking(self, booking_id: int | None) -> None:
        row = self.bookings.row_of(booking_id)
        if row >= 0:
            index = self.booking_proxy.mapFromSource(self.bookings.index(row, 0))
            self.booking_table.setCurrentIndex(index)

    def _update_buttons(self, *_args: QModelIndex) -> None:
        open_ = self.casebook is not None
        course, booking = self.selected_course(), self.selected_booking()
        status = booking.status if booking else None
        self.new_course_button.setEnabled(open_)
        self.first_course_button.setEnabled(open_)
        self.edit_course_button.setEnabled(course is not None)
        self.delete_course_button.setEnabled(course is not None)
        self.new_booking_button.setEnabled(course is not None)
        self.edit_booking_button.setEnabled(booking is not None and status is not None
                                            and status is not BookingStatus.CANCELLED)  # fmt: skip
        self.cancel_booking_button.setEnabled(status is BookingStatus.CONFIRMED)
        self.letter_button.setEnabled(status is BookingStatus.CANCELLED)
        self.withdraw_button.setEnabled(status is BookingStatus.PROVISIONAL)

    # --- acting -----------------------------------------------------------------------------

    def _open(self, dialog: QDialog) -> QDialog:
        if isinstance(self.dialog, RecordDialog):
            self.dialog.discard()
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(self._forget_dialog)
        dialog.open()
        return dialog

    def _forget_dialog(self) -> None:
        if self.dialog is not None and not self.dialog.isVisible():
            self.dialog = None

    def new_course(self) -> CourseDialog | None:
        if self.casebook is None:
            return None
        dialog = CourseDialog(self.casebook, today=self.today(), parent=self)
        dialog.saved.connect(lambda course: self._saved(course.id))
        self._open(dialog)
        return dialog

    def edit_course(self) -> CourseDialog | None:
        chosen = self.selected_course()
        if self.casebook is None or chosen is None:
            return None
        dialog = CourseDialog(self.casebook, chosen.course, today=self.today(), parent=self)
        dialog.saved.connect(lambda course: self._saved(course.id))
        self._open(dialog)
        return dialog

    def new_booking(self) -> BookingDialog | None:
        return self._booking_dialog(None)

    def edit_booking(self) -> BookingDialog | None:
        booking = self.selected_booking()
        if booking is None or booking.status is BookingStatus.CANCELLED:
            return None
        return self._booking_dialog(booking)

    def _booking_dialog(self, booking: Booking | None) -> BookingDialog | None:
        chosen = self.selected_course()
        if self.casebook is None or chosen is None:
            return None
        dialog = BookingDialog(
            self.casebook, chosen.course, booking, today=self.today(), parent=self
        )
        dialog.saved.connect(lambda stored: self._saved(stored.course_id, stored.id))
        self._open(dialog)
        return dialog

    def cancel_booking(self) -> CancellationDialog | None:
        """Cancel a confirmed booking, or show a cancelled one's charge and its letter."""
        chosen, booking = self.selected_course(), self.selected_booking()
        if self.casebook is None or chosen is None or booking is None:
            return None
        if booking.status not in (BookingStatus.CONFIRMED, BookingStatus.CANCELLED):
            return None
        dialog = CancellationDialog(
            self.casebook, booking, chosen.course, today=self.today, parent=self
        )
        dialog.cancelled.connect(lambda stored: self._saved(stored.course_id, stored.id))
        self._open(dialog)
        return dialog

    def _saved(self, course_id: int | None, booking_id: int | None = None) -> None:
        self.message.clear()
        self.reload(course_id, booking_id)

    def delete_course(self) -> QMessageBox | None:
        chosen = self.selected_course()
        if self.casebook is None or chosen is None or chosen.course.id is None:
            return None
        course = chosen.course
        self.confirmation = ask_to_delete(
            self,
            f"Delete the course “{course.title}” on {format_date(course.held_on)}?",
            "Only a course with no bookings can be deleted.",
            lambda: self._delete(
                lambda registers: registers.courses.delete(course.id or 0),
                f"The course “{course.title}” was deleted.",
            ),
        )
        return self.confirmation

    def withdraw_booking(self) -> QMessageBox | None:
        booking = self.selected_booking()
        if self.casebook is None or booking is None or booking.id is None:
            return None
        if booking.status is not BookingStatus.PROVISIONAL:
            self.message.show_message(
                "Only a provisional booking can be withdrawn; cancel a confirmed one with "
                "“Cancel booking”, which works out the charge.",
                Kind.INFO,
            )
            return None
        self.confirmation = ask_to_delete(
            self,
            f"Withdraw the provisional booking {booking_summary(booking)}?",
            "It is deleted from the register. There is nothing to charge.",
            lambda: self._delete(
                lambda registers: registers.bookings.delete(booking.id or 0),
                f"Booking {booking.reference} was withdrawn.",
            ),
        )
        return self.confirmation

    def _delete(self, delete: Callable[[Registers], None], done: str) -> None:
        self.confirmation = None
        if self.casebook is None:
            return  # locked while the question was open
        try:
            with self.casebook.transaction():
                delete(self.casebook.registers)
        except ParleyError as exc:
            reason = getattr(exc, "reason", str(exc))
            self.message.show_message(f"Not deleted: {reason}", Kind.ERROR)
            return
        self.message.show_message(done, Kind.INFO)
        self.reload()
