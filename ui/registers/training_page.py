"""The Training page: courses above, the chosen course's bookings below, the policy beside.

Courses and bookings are read from ``casebook.registers`` as dataclasses and shown through
table models; every change goes through a dialog that stores it via the service, and the page
then reads the rows afresh. Deleting asks first, and the stores decide what may go: a course
only without bookings, a booking only while provisional.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QMessageBox, QPushButton, QWidget

from app.books.kinds import AnyBook
from app.errors import ParleyError
from app.formatting import format_date
from app.registers.training import Booking, BookingStatus, CourseSummary
from ui.registers.booking_dialog import BookingDialog, BookingsPanel, booking_summary
from ui.registers.cancellation_dialog import CancellationDialog
from ui.registers.course_dialog import CourseDialog
from ui.registers.delegates_dialog import DelegatesDialog
from ui.registers.models import CourseColumn, CourseTableModel, CourseWhen, course_filter
from ui.registers.page import RegisterPage, RegisterWords
from ui.widgets.forms import set_tab_order
from ui.widgets.lists import Today, size_columns
from ui.widgets.messages import Kind
from ui.workspace.record_dialog import add_shortcut

_WHEN_LABELS = {
    CourseWhen.UPCOMING: "Upcoming courses",
    CourseWhen.PAST: "Past courses",
    CourseWhen.ALL: "All courses",
}
WORDS = RegisterWords(
    rows="courses",
    table="Training courses",
    table_help="Press Enter to edit the chosen course",
    filter_label="&Show:",
    filter_name="Which courses to show",
    empty_title="No training courses yet",
    empty_guidance="Add each course with its date, place and fee per delegate; then record "
    "the bookings organisations make for it.",
    first_button="&New course…",
    show_all_button="Show a&ll courses",
)


class TrainingPage(RegisterPage[CourseSummary]):
    def __init__(self, parent: QWidget | None = None, *, today: Today = date.today) -> None:
        filters = [(label, int(when)) for when, label in _WHEN_LABELS.items()]
        super().__init__(CourseTableModel(), WORDS, filters, show_all=int(CourseWhen.ALL),
                         today=today, parent=parent)  # fmt: skip
        # The Training page's own names for the register's parts.
        self.courses, self.course_proxy, self.course_table = self.model, self.proxy, self.table
        self.course_pages, self.when = self.pages, self.filter
        self.first_course_button = self.first_button
        size_columns(self.course_table, {
            CourseColumn.LENGTH: "Half day", CourseColumn.DATE: "28 September 2026",
            CourseColumn.PLACE: "Education centre, St Mary's", CourseColumn.FEE: "£1,250.00",
            CourseColumn.BOOKINGS: "12 (+3 provisional)",
            CourseColumn.DELEGATES: "40 (+10 provisional)",
        }, CourseColumn.TITLE)  # fmt: skip
        self.course_table.sortByColumn(CourseColumn.DATE, Qt.SortOrder.AscendingOrder)

        self.new_course_button = QPushButton("&New course…", self)
        self.new_course_button.setToolTip("Add a course (Insert)")
        self.edit_course_button = QPushButton("&Edit course…", self)
        self.edit_course_button.setToolTip("Edit the chosen course (Enter)")
        self.delete_course_button = QPushButton("&Delete course…", self)
        self.delete_course_button.setToolTip("Delete the chosen course, if it has no bookings")
        self.add_buttons(self.new_course_button, self.edit_course_button,
                         self.delete_course_button)  # fmt: skip
        self.bookings_box = BookingsPanel(self)
        self.set_details(self.bookings_box)

        self.new_course_button.clicked.connect(self.new_course)
        self.first_button.clicked.connect(self.new_course)
        self.edit_course_button.clicked.connect(self.edit_course)
        self.delete_course_button.clicked.connect(self.delete_course)
        self.course_table.activated.connect(lambda _index: self.edit_course())
        panel = self.bookings_box
        panel.new_button.clicked.connect(self.new_booking)
        panel.edit_button.clicked.connect(self.edit_booking)
        panel.cancel_button.clicked.connect(self.cancel_booking)
        panel.letter_button.clicked.connect(self.cancel_booking)
        panel.withdraw_button.clicked.connect(self.withdraw_booking)
        panel.delegates_button.clicked.connect(self.delegates)
        panel.table.activated.connect(lambda _index: self.edit_booking())
        add_shortcut(self.course_table, QKeySequence(Qt.Key.Key_Insert), self.new_course)
        add_shortcut(self.course_table, QKeySequence.StandardKey.Delete, self.delete_course)
        add_shortcut(panel.table, QKeySequence(Qt.Key.Key_Insert), self.new_booking)
        add_shortcut(panel.table, QKeySequence.StandardKey.Delete, self.withdraw_booking)
        set_tab_order(self.when, *self.buttons, self.course_table, panel.new_button)
        self.refresh()

    # --- the RegisterPage contract ----------------------------------------------------------

    def read_rows(self, casebook: AnyBook) -> Sequence[CourseSummary]:
        return casebook.registers.courses.summaries()

    def row_filter(self, value: int) -> Callable[[CourseSummary], bool]:
        return course_filter(CourseWhen(value), self.today())

    def no_match_text(self, value: int) -> str:
        return f"No {_WHEN_LABELS[CourseWhen(value)].lower()}"

    def show_chosen(self) -> None:
        chosen = self.selected_course()
        bookings: list[Booking] = []
        if chosen is not None and self.casebook is not None and chosen.course.id is not None:
            try:
                bookings = self.casebook.registers.bookings.for_course(chosen.course.id)
            except ParleyError as exc:
                self.message.show_message(f"The bookings could not be read. {exc}", Kind.ERROR)
        self.bookings_box.show_course(chosen.course if chosen else None, bookings)
        summary = None
        if chosen is not None and self.casebook is not None and chosen.course.id is not None:
            summary = self.casebook.registers.feedback.summary(chosen.course.id)
        self.bookings_box.show_feedback(summary)
        # With no course at all, the page's guidance says what to do; an empty panel would not.
        self.bookings_box.setVisible(self.courses.rowCount() > 0)
        for button in (self.edit_course_button, self.delete_course_button):
            button.setEnabled(chosen is not None)
        self.new_course_button.setEnabled(self.casebook is not None)
        self.first_course_button.setEnabled(self.casebook is not None)

    def put_away(self, dialog: QDialog) -> list[str]:
        if isinstance(dialog, CancellationDialog):
            dialog.forget()  # a charge is recorded only when asked for; a letter is dropped
            return []
        return super().put_away(dialog)

    def set_safe_view(self, on: bool) -> None:
        """Nothing here is confidential case content; safe view leaves the register as it is
        (the complaints page hides complainants' contact details)."""

    # --- reading ----------------------------------------------------------------------------

    def reload(self, course_id: int | None = None, booking_id: int | None = None) -> None:
        """Read every course afresh, keeping (or making) the chosen course and booking."""
        booking = self.selected_booking()
        booking_id = booking_id or (booking.id if booking else None)
        super().reload(course_id)
        if self.casebook is not None:
            self.bookings_box.select(booking_id)

    def select_course(self, course_id: int | None) -> None:
        """Make a course the chosen one (showing every course if the filter hides it)."""
        self.select(course_id)

    def selected_course(self) -> CourseSummary | None:
        return self.selected()

    def selected_booking(self) -> Booking | None:
        return self.bookings_box.selected()

    # --- acting -----------------------------------------------------------------------------

    def new_course(self) -> CourseDialog | None:
        if self.casebook is None:
            return None
        dialog = CourseDialog(self.casebook, today=self.today(), parent=self)
        dialog.saved.connect(lambda course: self._saved(course.id))
        self.open_dialog(dialog)
        return dialog

    def edit_course(self) -> CourseDialog | None:
        chosen = self.selected_course()
        if self.casebook is None or chosen is None:
            return None
        dialog = CourseDialog(self.casebook, chosen.course, today=self.today(), parent=self)
        dialog.saved.connect(lambda course: self._saved(course.id))
        self.open_dialog(dialog)
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
        self.open_dialog(dialog)
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
        self.open_dialog(dialog)
        return dialog

    def delegates(self) -> DelegatesDialog | None:
        """The chosen booking's delegates: names, attendance, feedback, certificates."""
        chosen, booking = self.selected_course(), self.selected_booking()
        if self.casebook is None or chosen is None or booking is None:
            return None
        dialog = DelegatesDialog(self.casebook, chosen.course, booking, today=self.today,
                                 parent=self)  # fmt: skip
        dialog.finished.connect(lambda _r: self._saved(booking.course_id, booking.id))
        self.open_dialog(dialog)
        return dialog

    def _saved(self, course_id: int | None, booking_id: int | None = None) -> None:
        self.message.clear()
        self.reload(course_id, booking_id)

    def delete_course(self) -> QMessageBox | None:
        chosen = self.selected_course()
        if self.casebook is None or chosen is None or chosen.course.id is None:
            return None
        course, course_id = chosen.course, chosen.course.id
        return self.confirm_delete(
            f"Delete the course “{course.title}” on {format_date(course.held_on)}?",
            "Only a course with no bookings can be deleted.",
            lambda casebook: casebook.registers.courses.delete(course_id),
            f"The course “{course.title}” was deleted.",
        )

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
        booking_id = booking.id
        return self.confirm_delete(
            f"Withdraw the provisional booking {booking_summary(booking)}?",
            "It is deleted from the register. There is nothing to charge.",
            lambda casebook: casebook.registers.bookings.delete(booking_id),
            f"Booking {booking.reference} was withdrawn.",
        )
