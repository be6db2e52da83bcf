"""Delegates of a course: attendance, CPD certificates, and feedback whose comments stay in
the book."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.books.casebook import Casebook
from app.documents.certificates import export_course_certificates, render_certificate
from app.documents.statistics_report import render_report, statistics_report
from app.errors import InvalidValue
from app.registers.delegates import Certificate, Delegate, Feedback
from app.registers.training import Booking, BookingStatus, Course, CourseLength
from app.settings import ORGANISATION
from app.statistics.figures import Period

HELD = date(2026, 5, 7)
COMMENT = "Qzcomment the trainer mocked Dr Ellis"


def course_with_booking(casebook: Casebook, delegates: int = 3) -> tuple[Course, Booking]:
    registers = casebook.registers
    course = registers.courses.add(
        Course(
            None,
            "Mediation skills for ward teams",
            CourseLength.ONE_DAY,
            HELD,
            "Education centre",
            Decimal(250),
            trainer="Dr Amara Okafor",
        )
    )
    assert course.id is not None
    booking = registers.bookings.add(
        Booking(
            None,
            course.id,
            "Kingsmere Children's Hospital",
            "Ruth Adams",
            delegates=delegates,
            status=BookingStatus.CONFIRMED,
            confirmed_on=date(2026, 4, 1),
        )
    )
    return course, booking


def name(casebook: Casebook, booking: Booking, who: str, attended: bool | None = True
         ) -> Delegate:  # fmt: skip
    assert booking.id is not None
    delegates = casebook.registers.delegates
    delegate = delegates.add(Delegate(None, booking.id, who))
    return delegates.update(replace(delegate, attended=attended))


def test_a_booking_names_no_more_delegates_than_it_is_for(casebook: Casebook) -> None:
    _course, booking = course_with_booking(casebook, delegates=2)
    name(casebook, booking, "Siân Roberts")
    name(casebook, booking, "Łukasz Nowak")
    with pytest.raises(InvalidValue, match="for 2 delegates, all named") as refused:
        name(casebook, booking, "Zoë Hartley")
    assert refused.value.field == "name"


def test_a_certificate_for_each_delegate_who_attended(casebook: Casebook) -> None:
    casebook.settings.set(ORGANISATION, "Riverside Medical Mediation")
    _course, booking = course_with_booking(casebook)
    came = name(casebook, booking, "Siân Roberts")
    away = name(casebook, booking, "Łukasz Nowak", attended=False)
    assert came.id is not None and away.id is not None

    certificate = casebook.registers.certificate(came.id, date(2026, 5, 8))
    assert certificate == Certificate(
        number=f"CPD-2026-{came.id:05d}", organisation="Riverside Medical Mediation",
        delegate="Siân Roberts", course="Mediation skills for ward teams", held_on=HELD,
        minutes=420, trainer="Dr Amara Okafor", issued_on=date(2026, 5, 8),
    )  # fmt: skip
    assert certificate.hours_text == "7 hours"
    # The number is given once: a certificate made again says the same.
    assert casebook.registers.certificate(came.id, date(2026, 6, 1)).number == certificate.number
    with pytest.raises(InvalidValue, match="only for a delegate who attended"):
        casebook.registers.certificate(away.id, date(2026, 5, 8))
    # A delegate with a certificate cannot be marked as absent after all.
    with pytest.raises(InvalidValue):
        casebook.registers.delegates.update(replace(came, attended=False))

    text = pdf_text(render_certificate(certificate))
    expected = ("Siân Roberts", "Mediation skills for ward teams", "7 May 2026", "7 hours",
                "Dr Amara Okafor", "Riverside Medical Mediation", certificate.number)  # fmt: skip
    assert all(shown in text for shown in expected)


def test_half_a_day_and_a_set_length(casebook: Casebook) -> None:
    course = Course(None, "Law", CourseLength.HALF_DAY, HELD)
    assert course.cpd_minutes == 210
    assert replace(course, cpd_minutes_set=90).cpd_minutes == 90
    base = Certificate("n", "", "d", "c", HELD, 210, "", HELD)
    assert base.hours_text == "3.5 hours" and replace(base, minutes=60).hours_text == "1 hour"


def test_a_courses_certificates_are_written_and_audited(casebook: Casebook, tmp_path: Path
                                                        ) -> None:  # fmt: skip
    course, booking = course_with_booking(casebook)
    name(casebook, booking, "Siân Roberts")
    name(casebook, booking, "Łukasz Nowak", attended=False)
    name(casebook, booking, "Zoë Hartley")
    assert course.id is not None
    folder = tmp_path / "certificates"
    folder.mkdir()
    written = export_course_certificates(casebook.registers, course.id, folder, today=HELD)
    assert sorted(p.name for p in folder.iterdir()) == sorted(w.path.name for w in written)
    assert len(written) == 2
    entries = [e for e in casebook.audit.entries() if e.action == "CPD certificate exported"]
    assert [e.detail.split()[0] for e in entries] == [w.path.stem.split()[-1] for w in written]
    assert all(w.sha256 in e.detail for w, e in zip(written, entries, strict=True))


def test_feedback_from_those_who_attended_averaged_per_course(casebook: Casebook) -> None:
    course, booking = course_with_booking(casebook)
    came, other = name(casebook, booking, "Siân Roberts"), name(casebook, booking, "Zoë Hartley")
    away = name(casebook, booking, "Łukasz Nowak", attended=False)
    assert came.id and other.id and away.id and course.id
    feedback = casebook.registers.feedback
    feedback.save(Feedback(came.id, HELD, 5, 4, 5, 5, COMMENT))
    feedback.save(Feedback(other.id, HELD, 4, 4, 3, 4))
    with pytest.raises(InvalidValue, match="who attended"):
        feedback.save(Feedback(away.id, HELD, 5, 5, 5, 5))
    with pytest.raises(InvalidValue) as refused:
        feedback.save(Feedback(came.id, HELD, 6, 4, 5, 5))
    assert refused.value.field == "content"
    summary = feedback.summary(course.id)
    assert summary.forms == 2 and summary.averages == (4.5, 4.0, 4.0, 4.5)


def test_comments_never_leave_the_book(casebook: Casebook) -> None:
    _course, booking = course_with_booking(casebook, delegates=6)
    delegates = [name(casebook, booking, f"Delegate {n}") for n in range(6)]
    for delegate in delegates:
        assert delegate.id is not None
        casebook.registers.feedback.save(Feedback(delegate.id, HELD, 4, 5, 4, 5, COMMENT))
        certificate = casebook.registers.certificate(delegate.id, HELD)
        assert "Qzcomment" not in pdf_text(render_certificate(certificate))
    report = statistics_report(casebook, Period(date(2026, 1, 1), date(2026, 12, 31)), today=HELD)
    training = next(s for s in report.sections if s.title == "Training")
    assert training.averages is not None and training.averages.courses[0][1][0] == 4.0
    for suffix in (".csv", ".pdf"):
        data = render_report(report, suffix, organisation="", today=HELD)
        shown = data.decode("utf-8-sig") if suffix == ".csv" else pdf_text(data)
        assert "Qzcomment" not in shown and "4.0" in shown
    assert all("Qzcomment" not in e.detail for e in casebook.audit.entries())


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
