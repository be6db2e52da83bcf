"""Cancelling a confirmed booking under the published policy, and its confirmation letter.

The dialog asks when the cancellation reached us and shows, as that date changes, the
working days counted, the tier and the money (``registers.preview_cancellation``), beside the
policy in full. Nothing changes until "Cancel the booking"; then the charge is recorded and
audited in one step (``registers.cancel_booking``) and the letter can be saved as a PDF.
Rendering the PDF runs on a worker thread; writing it (with its audit entry) happens back on
the GUI thread, which owns the casebook.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from app.books.kinds import AnyBook
from app.documents.cancellation_pdf import render_cancellation_pdf, write_cancellation_letter
from app.errors import InvalidValue, ParleyError
from app.registers.training import (
    POLICY_TEXT,
    Booking,
    CancellationCharge,
    Course,
    format_money,
    format_percent,
)
from ui.background import BackgroundJob
from ui.widgets.dates import RequiredDateField
from ui.widgets.files import choose_pdf_path, file_name_from
from ui.widgets.lists import Today, form_caption, plural, weekday_date, wrapped_label
from ui.widgets.messages import FittedDialog, InlineMessage, Kind, busy_bar, fit_height, heading


def default_letter_name(reference: str) -> str:
    """``TB-00004 cancellation.pdf``, a safe file name whatever the reference holds."""
    return file_name_from(reference, " cancellation.pdf", fallback="Booking")


class LetterExport(QObject):
    """Saves a cancelled booking's confirmation letter as a PDF the user names.

    ``forget`` (locking) drops a PDF still being rendered, so nothing is written for a
    casebook that has closed.
    """

    said = Signal(str, object)  # the words, and a ui.widgets.messages.Kind

    def __init__(self, casebook: AnyBook, today: Today, parent: QWidget) -> None:
        super().__init__(parent)
        self.casebook = casebook
        self.today = today
        self.window = parent
        self.written: Path | None = None
        self.job = BackgroundJob(self, still_wanted=lambda: self.casebook.is_open)

    @property
    def busy(self) -> bool:
        return self.job.busy

    def forget(self) -> None:
        self.job.forget()

    def export(self, booking: Booking) -> None:
        if self.busy or booking.id is None:
            return
        booking_id = booking.id
        try:
            letter = self.casebook.registers.cancellation_letter(booking_id, self.today())
        except ParleyError as exc:
            self.said.emit(f"The letter could not be prepared. {exc}", Kind.ERROR)
            return
        mark = self.job.mark()
        out = choose_pdf_path(
            self.window, "Save the cancellation letter", default_letter_name(booking.reference)
        )
        if out is None or not self.job.still_current(mark):
            return  # cancelled, or locked while the file dialog was open
        self.said.emit("Preparing the letter…", Kind.INFO)
        self.job.start(  # locked meanwhile, the letter is dropped unwritten
            lambda: render_cancellation_pdf(letter),
            lambda pdf: self._write(booking_id, pdf, out),
            self._failed,
            since=mark,
        )

    def _write(self, booking_id: int, pdf: bytes, out: Path) -> None:
        try:
            write_cancellation_letter(self.casebook.registers, booking_id, pdf, out)
        except ParleyError as exc:
            self.said.emit(str(exc), Kind.ERROR)
            return
        self.written = out
        self.said.emit(f"Saved the letter as “{out.name}” in {out.parent}.", Kind.INFO)

    def _failed(self, error: ParleyError) -> None:
        self.said.emit(f"The letter could not be made. {error}", Kind.ERROR)


class CancellationDialog(FittedDialog):
    """Previews, records and documents the cancellation of one booking.

    Opened on a confirmed booking it previews and then cancels; opened on a cancelled one
    it shows the charge as recorded and offers the letter.
    """

    cancelled = Signal(object)  # the stored Booking

    def __init__(
        self,
        casebook: AnyBook,
        booking: Booking,
        course: Course,
        *,
        today: Today,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.casebook = casebook
        self.booking = booking
        self.course = course
        self.charge: CancellationCharge | None = None
        self.setWindowTitle(f"Parley — Cancel booking {booking.reference}")
        self.setMinimumWidth(640)
        self.letters = LetterExport(casebook, today, self)

        self.title = heading(f"Cancel booking {booking.reference}", self)
        place = f", {course.place}" if course.place else ""
        who = wrapped_label(
            f"{booking.organisation} ({booking.contact_name}), "
            f"{plural(booking.delegates, 'delegate')} at {format_money(course.fee)} each, on "
            f"“{course.title}”, {weekday_date(course.held_on)}{place}.",
            self,
            name="The booking",
        )
        self.cancelled_on = RequiredDateField(
            "Date the cancellation reached us", self, value=today()
        )
        self.date_error = self.cancelled_on.error  # what it cannot read, and the store's reasons
        self.working_days = wrapped_label(name="Working days before the course")
        self.tier = wrapped_label(name="Charge")
        self.cost = wrapped_label(name="Cost of the booking")
        self.net = wrapped_label(name="Charge before VAT")
        self.vat_caption = form_caption("VAT:", self)
        self.vat = wrapped_label(name="VAT")
        self.total = wrapped_label(name="Total to pay")
        bold = QFont(self.total.font())
        bold.setBold(True)
        self.total.setFont(bold)
        self.explanation = wrapped_label(name="How the charge was worked out")

        date_label = QLabel("Cancellation &received on:", self)
        date_label.setBuddy(self.cancelled_on.line)
        date_row = QFormLayout()
        date_row.addRow(date_label, self.cancelled_on)

        self.figures = QGroupBox("The charge", self)
        form = QFormLayout(self.figures)
        for text, value in (("Working days counted:", self.working_days), ("Tier:", self.tier),
                            ("Cost (excl. VAT):", self.cost), ("Charge:", self.net)):  # fmt: skip
            form.addRow(form_caption(text, self), value)
        form.addRow(self.vat_caption, self.vat)
        form.addRow(form_caption("Total:", self), self.total)
        form.addRow(self.explanation)

        policy_box = QGroupBox("The cancellation policy", self)
        policy = wrapped_label(POLICY_TEXT, policy_box, name="The cancellation policy")
        QVBoxLayout(policy_box).addWidget(policy)

        self.message = InlineMessage(self)
        self.busy = busy_bar(self)
        self.buttons = QDialogButtonBox(self)
        self.confirm_button = self.buttons.addButton(
            "Cancel the &booking", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.keep_button = self.buttons.addButton(
            "&Keep the booking", QDialogButtonBox.ButtonRole.RejectRole
        )
        self.letter_button = self.buttons.addButton(
            "Save confirmation letter as &PDF…", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.close_button = self.buttons.addButton("&Close", QDialogButtonBox.ButtonRole.RejectRole)
        # The whole dialog is the summary, but a charge cannot be taken back: Enter keeps
        # the booking, and only the button that names the charge cancels it.
        self.confirm_button.setAutoDefault(False)
        self.keep_button.setDefault(True)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(who)
        layout.addLayout(date_row)
        layout.addWidget(self.figures)
        layout.addWidget(policy_box)
        layout.addWidget(self.message)
        layout.addWidget(self.busy)
        layout.addWidget(self.buttons)

        self.cancelled_on.changed.connect(lambda: self.preview())
        self.confirm_button.clicked.connect(self.confirm)
        self.keep_button.clicked.connect(self.reject)
        self.close_button.clicked.connect(self.reject)
        self.letter_button.clicked.connect(self.save_letter)
        self.letters.said.connect(self._say)
        self.letters.job.busy_changed.connect(self._busy)

        if booking.cancellation is not None:
            self._show_recorded(booking)
        else:
            self.letter_button.hide()
            self.close_button.hide()
            self.preview()
        self.cancelled_on.setFocus()

    # --- the preview ------------------------------------------------------------------------

    def preview(self) -> CancellationCharge | None:
        """Work out the charge for the date shown; say why not beside the date if refused."""
        if self.booking.id is None:
            return None
        try:
            charge = self.casebook.registers.preview_cancellation(
                self.booking.id, self.cancelled_on.value()
            )
        except InvalidValue as problem:
            self._refused(problem.reason)
            return None
        except ParleyError as exc:
            self._refused(str(exc))
            return None
        self.date_error.clear_reason()
        self._show_charge(charge)
        self.confirm_button.setEnabled(True)
        self.confirm_button.setText(f"Cancel the &booking ({format_money(charge.total)})")
        fit_height(self)
        return charge

    def _refused(self, reason: str) -> None:
        self.charge = None
        self.date_error.show_reason(reason)
        for label in self._figure_labels():
            label.setText("—")
        self.explanation.clear()
        self.confirm_button.setEnabled(False)
        self.confirm_button.setText("Cancel the &booking")
        fit_height(self)

    def _figure_labels(self) -> tuple[QLabel, ...]:
        return (self.working_days, self.tier, self.cost, self.net, self.vat, self.total)

    def _show_charge(self, charge: CancellationCharge) -> None:
        self.charge = charge
        days = charge.working_days_before
        self.working_days.setText(
            f"{plural(days, 'working day')} before the course (bank holidays in "
            f"{charge.region.label} left out)"
        )
        self.tier.setText(charge.tier.policy_sentence)
        self.cost.setText(format_money(charge.cost))
        self.net.setText(f"{format_percent(charge.tier.percentage)}: {format_money(charge.net)}")
        self.vat_caption.setText(f"VAT at {format_percent(charge.vat_rate)}:")
        self.vat.setText(format_money(charge.vat))
        self.total.setText(format_money(charge.total))
        self.explanation.setText(charge.explanation)

    # --- cancelling and the letter ----------------------------------------------------------

    def confirm(self) -> Booking | None:
        if self.booking.id is None or self.preview() is None:
            return None
        try:
            stored = self.casebook.registers.cancel_booking(
                self.booking.id, self.cancelled_on.value()
            )
        except InvalidValue as problem:
            self._refused(problem.reason)
            return None
        except ParleyError as exc:
            self._say(f"The booking was not cancelled. {exc}", Kind.ERROR)
            return None
        self._show_recorded(stored)
        self._say(
            f"Booking {stored.reference} is cancelled and the charge recorded. Save the "
            "confirmation letter to send to the contact.",
            Kind.INFO,
        )
        self.cancelled.emit(stored)
        return stored

    def _show_recorded(self, booking: Booking) -> None:
        self.booking = booking
        charge = booking.cancellation
        assert charge is not None
        self.title.setText(f"Booking {booking.reference} is cancelled")
        self.setWindowTitle(f"Parley — Booking {booking.reference} cancelled")
        self.cancelled_on.set_value(charge.cancelled_on)
        self.cancelled_on.setEnabled(False)
        self.figures.setTitle("The charge recorded for this cancellation")
        self._show_charge(charge)
        self.confirm_button.hide()
        self.keep_button.hide()
        self.letter_button.show()
        self.close_button.show()
        self.letter_button.setDefault(True)
        self.letter_button.setFocus()
        fit_height(self)

    def save_letter(self) -> None:
        self.letters.export(self.booking)

    def _busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        self.letter_button.setEnabled(not busy)
        fit_height(self)

    def _say(self, text: str, kind: Kind) -> None:
        self.message.show_message(text, kind)
        fit_height(self)

    def forget(self) -> None:
        """Locking: drop any letter on its way, then close."""
        self.letters.forget()
        self.reject()
