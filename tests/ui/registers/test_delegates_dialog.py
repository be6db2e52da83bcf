"""A booking's delegates in Training: named, marked as attended, their feedback and their
CPD certificate; the course keeps its trainer and CPD hours when edited."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog
from pytestqt.qtbot import QtBot

from app.books.casebook import Casebook
from app.registers.training import Booking, BookingStatus, Course, CourseLength
from ui.registers import delegates_dialog
from ui.registers.course_dialog import CourseDialog
from ui.registers.delegates_dialog import DelegatesDialog, FeedbackDialog
from ui.registers.training_page import TrainingPage

HELD = date(2026, 5, 7)


@pytest.fixture
def page(qtbot: QtBot, casebook: Casebook) -> Iterator[TrainingPage]:
    course = casebook.registers.courses.add(
        Course(
            None,
            "Mediation skills",
            CourseLength.ONE_DAY,
            HELD,
            "Education centre",
            Decimal(250),
            trainer="Dr Amara Okafor",
        )
    )
    assert course.id is not None
    casebook.registers.bookings.add(
        Booking(
            None,
            course.id,
            "Kingsmere",
            "Ruth Adams",
            delegates=2,
            status=BookingStatus.CONFIRMED,
            confirmed_on=date(2026, 4, 1),
        )
    )
    shown = TrainingPage(today=lambda: date(2026, 5, 8))
    qtbot.addWidget(shown)
    shown.resize(1100, 800)
    shown.show_casebook(casebook)
    shown.show()
    shown.when.setCurrentIndex(shown.when.findData(2))  # all courses
    yield shown
    shown.clear()


def test_delegates_attend_give_feedback_and_get_their_certificate(
    qtbot: QtBot, page: TrainingPage, casebook: Casebook, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    assert page.bookings_box.delegates_button.isEnabled()
    dialog = page.delegates()
    assert isinstance(dialog, DelegatesDialog) and dialog.list.count() == 0
    monkeypatch.setattr(
        QInputDialog, "getText", staticmethod(lambda *a, **k: ("Siân Roberts", True))
    )
    dialog.add_button.click()
    assert dialog.list.count() == 1 and not dialog.certificate_button.isEnabled()
    dialog.list.setCurrentRow(0)
    dialog.list.item(0).setCheckState(Qt.CheckState.Checked)
    [delegate] = casebook.registers.delegates.for_course(1)
    assert delegate.attended is True
    assert dialog.certificate_button.isEnabled() and "attended" in dialog.list.item(0).text()

    feedback = dialog.give_feedback()
    assert isinstance(feedback, FeedbackDialog)
    feedback.ratings[0].setValue(5)
    feedback.comment.setPlainText("Qzcomment practical")
    feedback.save_button.click()
    assert "feedback given" in dialog.list.item(0).text()
    page.reload()
    assert "content 5.0" in page.bookings_box.feedback.text()
    assert "Qzcomment" not in page.bookings_box.feedback.text()

    out = tmp_path / "certificate.pdf"
    monkeypatch.setattr(delegates_dialog, "choose_pdf_path", lambda *args: out)
    dialog.certificate_button.click()
    qtbot.waitUntil(out.exists, timeout=20_000)
    text = " ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(out.read_bytes())).pages)
    assert "Siân Roberts" in text and "Dr Amara Okafor" in text and "7 hours" in text
    assert "Qzcomment" not in text
    assert "certificate CPD-2026-" in dialog.list.item(0).text()
    assert [e.action for e in casebook.audit.entries()][-1] == "CPD certificate exported"


def test_editing_a_course_keeps_its_trainer_and_sets_its_cpd_hours(
    page: TrainingPage, casebook: Casebook
) -> None:
    dialog = page.edit_course()
    assert isinstance(dialog, CourseDialog) and dialog.trainer.text() == "Dr Amara Okafor"
    assert dialog.cpd_hours.text() == "From the length (3½ or 7 hours)"
    dialog.cpd_hours.setValue(6.5)
    dialog.save_button.click()
    [course] = casebook.registers.courses.all()
    assert course.trainer == "Dr Amara Okafor" and course.cpd_minutes == 390
