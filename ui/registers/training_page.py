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
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.books.casebook import Casebook
from app.errors import InvalidValue, ParleyError
from app.formatting import format_date
from app.registers.service import Registers
from app.registers.training import Booking, BookingStatus, CourseSummary
from ui.registers import save_or_report
from ui.registers.booking_dialog import BookingDialog, BookingsPanel, booking_summary
from ui.registers.cancellation_dialog import CancellationDialog
from ui.registers.course_dialog import CourseDialog
from ui.registers.models import (
    CourseColumn,
    CourseTableModel,
    CourseWhen,
    RowFilterProxy,
    course_filter,
)
from ui.widgets.forms import set_tab_order
from ui.widgets.lists import Today, notice, size_columns, table_view
from ui.widgets.messages import InlineMessage, Kind, ask_to_delete
from ui.widgets.section import SectionPage
from ui.workspace.record_dialog import RecordDialog, add_shortcut

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
        self.top_bar = QWidget(self)
        top = QHBoxLayout(self.top_bar)
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(when_label)
        top.addWidget(self.when)
        top.addStretch(1)
        for button in (self.new_course_button, self.edit_course_button,
                       self.delete_course_button):  # fmt: skip
            top.addWidget(button)

        self.first_course_button = QPushButton("&New course…", self)
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

        self.bookings_box = BookingsPanel(self)

        self.message = InlineMessage(self)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.setChildrenCollapsible(False)
        courses_part = QWidget(split)
        courses_layout = QVBoxLayout(courses_part)
        courses_layout.setContentsMargins(0, 0, 0, 0)
        courses_layout.addWidget(self.top_bar)
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
        panel = self.bookings_box
        panel.new_button.clicked.connect(self.new_booking)
        panel.edit_button.clicked.connect(self.edit_booking)
        panel.cancel_button.clicked.connect(self.cancel_booking)
        panel.letter_button.clicked.connect(self.cancel_booking)
        panel.withdraw_button.clicked.connect(self.withdraw_booking)
        panel.table.activated.connect(lambda _index: self.edit_booking())
        add_shortcut(self.course_table, QKeySequence(Qt.Key.Key_Insert), self.new_course)
        add_shortcut(self.course_table, QKeySequence.StandardKey.Delete, self.delete_course)
        add_shortcut(panel.table, QKeySequence(Qt.Key.Key_Insert), self.new_booking)
        add_shortcut(panel.table, QKeySequence.StandardKey.Delete, self.withdraw_booking)
        order = [self.when, self.new_course_button, self.edit_course_button,
                 self.delete_course_button, self.course_table, panel.new_button]  # fmt: skip
        set_tab_order(*order)
        self._apply_filter()

    # --- the SectionPage contract -----------------------------------------------------------

    def show_casebook(self, casebook: Casebook) -> None:
        self.casebook = casebook
        if self.isVisible():
            self.reload()  # otherwise when first shown: unlocking reads only what it shows

    def clear(self) -> list[str]:
        dialog, self.dialog = self.dialog, None
        problems = []
        if isinstance(dialog, RecordDialog):
            problems = save_or_report(dialog, dialog.what)
            dialog.discard()
        elif isinstance(dialog, CancellationDialog):
            dialog.forget()
        if self.confirmation is not None:
            self.confirmation.reject()
            self.confirmation = None
        self.casebook = None
        self.courses.clear()
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
        self.bookings_box.select(booking_id)

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
        return self.bookings_box.selected()

    def _course_chosen(self, *_args: QModelIndex) -> None:
        chosen = self.selected_course()
        bookings: list[Booking] = []
        if chosen is not None and self.casebook is not None and chosen.course.id is not None:
            try:
                bookings = self.casebook.registers.bookings.for_course(chosen.course.id)
            except ParleyError as exc:
                self.message.show_message(f"The bookings could not be read. {exc}", Kind.ERROR)
        self.bookings_box.show_course(chosen.course if chosen else None, bookings)
        # With no course at all, the page's guidance says what to do; an empty panel would not.
        self.bookings_box.setVisible(self.courses.rowCount() > 0)
        self.top_bar.setVisible(self.courses.rowCount() > 0)
        for button in (self.edit_course_button, self.delete_course_button):
            button.setEnabled(chosen is not None)
        self.new_course_button.setEnabled(self.casebook is not None)
        self.first_course_button.setEnabled(self.casebook is not None)

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
            reason = exc.reason if isinstance(exc, InvalidValue) else str(exc)
            self.message.show_message(f"Not deleted: {reason}", Kind.ERROR)
            return
        self.message.show_message(done, Kind.INFO)
        self.reload()
