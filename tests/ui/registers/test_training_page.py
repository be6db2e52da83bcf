"""The Training page: courses and bookings through their dialogs, the cancellation policy
live in the cancellation dialog (one worked example of each tier), the letter PDF, deleting
with care, the upcoming/past filter, and forgetting everything on lock."""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from app.books.casebook import Casebook
from app.registers.training import Booking, BookingStatus, CancellationLetter, Course, CourseLength
from ui.registers.booking_dialog import BookingDialog
from ui.registers.cancellation_dialog import CancellationDialog
from ui.registers.course_dialog import CourseDialog
from ui.registers.models import BookingColumn, CourseColumn, CourseWhen
from ui.registers.training_page import TrainingPage
from ui.widgets.forms import set_combo_value
from ui.worker import wait_for_background_work

from helpers import type_into, window_text

TODAY = date(2026, 3, 20)  # a Friday, seven weeks before the course
COURSE_DAY = date(2026, 5, 7)  # Thursday 7 May 2026


@pytest.fixture
def page(qtbot: QtBot, casebook: Casebook) -> Iterator[TrainingPage]:
    shown = TrainingPage(today=lambda: TODAY)
    qtbot.addWidget(shown)
    shown.resize(1100, 700)
    shown.show_casebook(casebook)
    shown.show()
    yield shown
    shown.clear()


@pytest.fixture
def booked(casebook: Casebook) -> tuple[Course, Booking]:
    """The README's worked example: £333.33 a delegate, 3 delegates, confirmed."""
    registers = casebook.registers
    course = registers.courses.add(
        Course(None, "Mediation skills for ward teams", CourseLength.ONE_DAY, COURSE_DAY,
               "Education centre", Decimal("333.33"))
    )  # fmt: skip
    booking = registers.bookings.add(
        Booking(None, course.id or 0, "Northfield NHS Trust", "Siân Pritchard",
                "sian@example.org", "Learning and Development\nNorthfield NF1 2AB", 3,
                BookingStatus.CONFIRMED, date(2026, 3, 2))
    )  # fmt: skip
    return course, booking


def _cells(model: object, row: int, columns: type) -> list[str]:
    return [model.index(row, c).data() for c in columns]  # type: ignore[attr-defined]


def _destructive(box: QMessageBox) -> None:
    [button] = [b for b in box.buttons()
                if box.buttonRole(b) == QMessageBox.ButtonRole.DestructiveRole]  # fmt: skip
    button.click()


def test_add_a_course_and_bookings_through_the_dialogs(
    qtbot: QtBot, page: TrainingPage, casebook: Casebook
) -> None:
    assert page.course_pages.currentWidget() is page.empty
    assert not page.bookings_box.isVisible() and not page.top_bar.isVisible()
    assert page.first_course_button.isVisible()

    dialog = page.new_course()
    assert isinstance(dialog, CourseDialog) and dialog.focusWidget() is dialog.title
    assert dialog.save_button.isDefault()
    qtbot.keyClicks(dialog.title, "Mediation skills for ward teams")
    type_into(qtbot, dialog.held_on, "7 May 2026")
    qtbot.keyClicks(dialog.place, "Education centre")
    qtbot.keyClicks(dialog.fee, "333.333")
    qtbot.keyClick(dialog.title, Qt.Key.Key_Return)  # Enter: the default button
    assert dialog.isVisible()  # refused, with the reason beside the fee
    assert dialog.errors["fee"].reason == "This cannot have fractions of a penny"
    assert dialog.focusWidget() is dialog.fee
    for huge in ("1e30", "99999999999999999999999999999"):  # once a crash, now a reason
        dialog.fee.setText(huge)
        dialog.save_button.click()
        assert dialog.isVisible() and dialog.errors["fee"].reason
    dialog.fee.setText("£333.33")
    dialog.save_button.click()
    assert not dialog.isVisible()

    [course] = casebook.registers.courses.all()
    assert course.fee == Decimal("333.33") and course.held_on == COURSE_DAY
    assert _cells(page.course_proxy, 0, CourseColumn) == [
        "Mediation skills for ward teams", "Half day", "7 May 2026", "Education centre",
        "£333.33", "0", "0",
    ]  # fmt: skip
    assert page.bookings_box.title() == "Bookings for “Mediation skills for ward teams”, 7 May 2026"
    assert "No bookings for this course yet" in page.bookings_box.empty.text()

    booking = page.new_booking()
    assert isinstance(booking, BookingDialog)
    qtbot.keyClicks(booking.organisation, "Northfield NHS Trust")
    booking.contact_name.setText("Siân Pritchard")  # QTest types ASCII only
    qtbot.keyClicks(booking.contact_email, "not an address")
    booking.delegates.setValue(3)
    set_combo_value(booking.status, BookingStatus.CONFIRMED)
    assert booking.confirmed_on.value() == TODAY  # confirming fills in today
    booking.save_button.click()
    assert booking.errors["contact_email"].reason.startswith("This does not look like an email")
    booking.contact_email.setText("sian@example.org")
    booking.save_button.click()
    assert not booking.isVisible()

    second = page.new_booking()
    assert second is not None
    second.organisation.setText("St Mary's Children's Hospital")
    second.contact_name.setText("Łukasz Nowak")
    second.delegates.setValue(2)
    second.save_button.click()  # provisional, no date

    assert page.bookings_box.model.rowCount() == 2
    assert _cells(page.bookings_box.proxy, 0, BookingColumn) == [
        "TB-00001", "Northfield NHS Trust", "Siân Pritchard", "3", "20 March 2026", "Confirmed"
    ]  # fmt: skip
    assert page.bookings_box.proxy.index(1, BookingColumn.STATUS).data() == "Provisional"
    assert page.course_proxy.index(0, CourseColumn.BOOKINGS).data() == "1 (+1 provisional)"
    assert page.course_proxy.index(0, CourseColumn.DELEGATES).data() == "3 (+2 provisional)"


@pytest.mark.parametrize(
    ("cancelled_on", "days", "tier", "net", "vat", "total"),
    [
        (date(2026, 3, 25), 28, "10%", "£100.00", "£20.00", "£120.00"),
        (date(2026, 3, 26), 27, "30%", "£300.00", "£60.00", "£360.00"),
        (date(2026, 4, 23), 9, "50%", "£500.00", "£100.00", "£600.00"),
    ],
)
def test_the_cancellation_dialog_shows_each_tier_as_the_date_changes(
    qtbot: QtBot, page: TrainingPage, booked: tuple[Course, Booking], casebook: Casebook,
    cancelled_on: date, days: int, tier: str, net: str, vat: str, total: str,
) -> None:  # fmt: skip
    page.reload()
    dialog = page.cancel_booking()
    assert isinstance(dialog, CancellationDialog)
    # Enter keeps the booking: only the button that names the charge cancels it.
    assert dialog.keep_button.isDefault() and not dialog.confirm_button.isDefault()
    assert not dialog.confirm_button.autoDefault()
    assert dialog.focusWidget() is dialog.cancelled_on.line
    assert "Cancellation charges. A confirmed booking" in window_text(dialog)  # the policy, in full

    type_into(qtbot, dialog.cancelled_on, f"{cancelled_on:%d/%m/%Y}")

    assert dialog.working_days.text().startswith(f"{days} working days before the course")
    assert dialog.cost.text() == "£999.99"
    assert dialog.net.text() == f"{tier}: {net}"
    assert (dialog.vat_caption.text(), dialog.vat.text()) == ("VAT at 20%:", vat)
    assert dialog.total.text() == total
    assert total in dialog.confirm_button.text()
    qtbot.keyClick(dialog.cancelled_on.line, Qt.Key.Key_Return)
    assert casebook.registers.bookings.get(booked[1].id or 0).status is BookingStatus.CONFIRMED


def test_cancel_then_save_the_letter_as_pdf(
    qtbot: QtBot, page: TrainingPage, booked: tuple[Course, Booking], casebook: Casebook,
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    page.reload()
    assert (
        not page.bookings_box.withdraw_button.isEnabled()
        and page.bookings_box.cancel_button.isEnabled()
    )
    dialog = page.cancel_booking()
    assert dialog is not None and not dialog.letter_button.isVisible()

    type_into(qtbot, dialog.cancelled_on, "8/5/2026")  # the day after the course: refused
    assert "not after it" in dialog.date_error.reason and not dialog.confirm_button.isEnabled()
    type_into(qtbot, dialog.cancelled_on, "25/3/2026")
    assert not dialog.date_error.reason and dialog.confirm_button.isEnabled()
    dialog.confirm_button.click()

    stored = casebook.registers.bookings.get(booked[1].id or 0)
    assert stored.status is BookingStatus.CANCELLED
    assert stored.cancellation is not None and stored.cancellation.total == Decimal("120.00")
    assert dialog.isVisible() and dialog.letter_button.isVisible()
    assert dialog.letter_button.isDefault() and not dialog.cancelled_on.isEnabled()
    status = page.bookings_box.proxy.index(0, BookingColumn.STATUS).data()
    assert status == "Cancelled 25 March 2026: £120.00"
    assert (
        page.bookings_box.letter_button.isEnabled()
        and not page.bookings_box.edit_button.isEnabled()
    )

    asked: list[str] = []

    def choose(parent: QWidget, caption: str, suggested: str, filters: str) -> tuple[str, str]:
        asked.append(suggested)
        return str(tmp_path / "to Siân"), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", choose)
    dialog.letter_button.click()
    qtbot.waitUntil(lambda: not dialog.letters.busy, timeout=20_000)

    assert Path(asked[0]).name == "TB-00001 cancellation.pdf"
    out = tmp_path / "to Siân.pdf"
    assert dialog.letters.written == out and "to Siân.pdf" in dialog.message.text()
    text = " ".join(
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(out.read_bytes())).pages).split()
    )
    assert "£120.00" in text and "Siân Pritchard" in text and "Northfield NHS Trust" in text
    actions = [e.action for e in casebook.audit.entries()]
    assert "booking cancelled" in actions and "cancellation letter exported" in actions


def test_locking_while_the_letter_is_made_writes_nothing(
    page: TrainingPage, booked: tuple[Course, Booking], casebook: Casebook, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    from ui.registers import cancellation_dialog

    casebook.registers.cancel_booking(booked[1].id or 0, date(2026, 3, 25))
    page.reload()
    gate, real = threading.Event(), cancellation_dialog.render_cancellation_pdf

    def held(letter: CancellationLetter) -> bytes:
        assert gate.wait(10), "the test never let the rendering finish"
        return real(letter)

    monkeypatch.setattr(cancellation_dialog, "render_cancellation_pdf", held)
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *args: (str(tmp_path / "late"), args[-1])
    )
    dialog = page.cancel_booking()
    assert dialog is not None
    dialog.letter_button.click()
    assert dialog.letters.busy and dialog.busy.isVisible()

    page.clear()  # the casebook locks
    gate.set()
    assert wait_for_background_work(10_000)
    QApplication.processEvents()
    assert list(tmp_path.rglob("*.pdf")) == [] and dialog.letters.written is None
    actions = [e.action for e in casebook.audit.entries()]
    assert "cancellation letter exported" not in actions


def test_withdraw_only_a_provisional_booking_and_delete_only_an_empty_course(
    page: TrainingPage, booked: tuple[Course, Booking], casebook: Casebook
) -> None:
    course, _ = booked
    casebook.registers.bookings.add(
        Booking(None, course.id or 0, "Riverside Hospice", "Zoë Nuñez", delegates=2)
    )
    page.reload()
    page.bookings_box.table.setCurrentIndex(page.bookings_box.proxy.index(1, 0))
    assert (
        page.bookings_box.withdraw_button.isEnabled()
        and not page.bookings_box.cancel_button.isEnabled()
    )

    box = page.withdraw_booking()
    assert box is not None and box.defaultButton() is box.escapeButton()  # Cancel first
    _destructive(box)
    assert [b.organisation for b in casebook.registers.bookings.for_course(course.id or 0)] == [
        "Northfield NHS Trust"
    ]
    assert "was withdrawn" in page.message.text()

    box = page.delete_course()
    assert box is not None
    _destructive(box)
    assert "this course has bookings" in page.message.text()
    assert len(casebook.registers.courses.all()) == 1


def test_locking_after_a_delete_was_cancelled_goes_ahead(
    page: TrainingPage, booked: tuple[Course, Booking]
) -> None:
    """The question deletes itself when answered; locking once raised reaching for it."""
    page.reload()
    box = page.delete_course()
    assert box is not None
    [cancel] = [b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.RejectRole]
    cancel.click()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert page.clear() == [] and page.courses.rowCount() == 0


def test_upcoming_and_past_courses(page: TrainingPage, casebook: Casebook) -> None:
    casebook.registers.courses.add(
        Course(None, "Held last year", CourseLength.HALF_DAY, date(2025, 11, 3), fee=Decimal(90))
    )
    page.reload()
    assert page.course_pages.currentWidget() is page.no_match
    assert page.no_match_title.text() == "No upcoming courses"
    page.when.setCurrentIndex(CourseWhen.PAST)
    assert page.course_proxy.rowCount() == 1
    assert page.course_proxy.index(0, 0).data() == "Held last year"
    assert page.course_pages.currentWidget() is page.course_table


def test_locking_stores_the_open_form_then_forgets_everything(
    page: TrainingPage, booked: tuple[Course, Booking], casebook: Casebook
) -> None:
    page.reload()
    dialog = page.edit_booking()
    assert dialog is not None
    dialog.contact_name.setText("Siân Pritchard-Jones")  # typed, then the casebook locks

    assert page.clear() == []  # valid, so it was stored first
    assert casebook.registers.bookings.get(1).contact_name == "Siân Pritchard-Jones"
    assert not dialog.isVisible()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # the next turn of the loop
    for text in ("Siân", "Northfield", "Mediation skills"):
        assert text not in window_text(page)
    assert page.courses.rowCount() == 0 and page.bookings_box.model.rowCount() == 0
