"""The cancellation confirmation PDF: its contents, independent readers, nothing from cases."""

from __future__ import annotations

import io
import shutil
import subprocess
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pypdf
import pytest

from app.books.casebook import Casebook
from app.cases.records import Case, Patient
from app.documents.cancellation_pdf import render_cancellation_pdf, write_cancellation_letter
from app.registers.calendar import Region
from app.registers.service import Registers
from app.registers.training import (
    Booking,
    BookingStatus,
    CancellationLetter,
    Course,
    CourseLength,
    cancellation_charge,
)
from app.settings import ORGANISATION

A4_WIDTH, A4_HEIGHT = 595.27, 841.89

LETTER = CancellationLetter(
    organisation="Northern Healthcare Mediation Service",
    written_on=date(2026, 3, 26),
    booking_reference="TB-00012",
    contact_name="Siân Roberts",
    contact_organisation="St Aldhelm's Children's Hospital NHS Trust",
    contact_email="sian.roberts@example.nhs.uk",
    contact_address="Learning & Development\nLevel 3 <Block B>\nLeeds LS1 3EX",
    course_title="Having difficult conversations: mediation skills",
    course_length="One day",
    course_on=date(2026, 5, 7),
    course_place="Education Centre, Leeds",
    delegates=3,
    charge=cancellation_charge(
        fee=Decimal("333.33"),
        delegates=3,
        course_on=date(2026, 5, 7),
        cancelled_on=date(2026, 3, 25),
        vat_rate=Decimal(20),
        region=Region.ENGLAND_WALES,
    ),
)


def read(pdf: bytes) -> tuple[pypdf.PdfReader, str]:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    return reader, text


def test_the_letter_has_the_figures_the_contact_and_the_course() -> None:
    reader, text = read(render_cancellation_pdf(LETTER))
    for expected in (
        "Northern Healthcare Mediation Service",
        "Cancellation of your training booking",
        "TB-00012",
        "26 March 2026",
        "Siân Roberts",
        "St Aldhelm's Children's Hospital NHS Trust",
        "sian.roberts@example.nhs.uk",
        "Learning & Development",
        "Level 3 <Block B>",
        "Having difficult conversations: mediation skills",
        "7 May 2026",
        "Education Centre, Leeds",
        "25 March 2026",
        "28 working days",
        "a 10% administration fee plus VAT",
        "£999.99",
        "3 delegates at £333.33",
        "£100.00",
        "VAT at 20%",
        "£20.00",
        "£120.00",
        "page 1 of 1",
    ):
        assert expected in text, expected
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx((A4_WIDTH, A4_HEIGHT), abs=0.5)


def test_each_tier_prints_its_own_sentence() -> None:
    charge = cancellation_charge(
        fee=Decimal("250.25"),
        delegates=1,
        course_on=date(2026, 5, 7),
        cancelled_on=date(2026, 5, 6),
        vat_rate=Decimal("17.5"),
        region=Region.ENGLAND_WALES,
    )
    _, text = read(render_cancellation_pdf(replace(LETTER, delegates=1, charge=charge)))
    assert "fewer than 10 working days" in text and "1 working day " in text
    assert "£125.13" in text and "VAT at 17.5%" in text and "£21.90" in text
    assert "£147.03" in text


def test_every_page_names_the_contact_and_the_booking() -> None:
    # A long address carries the letter onto a second page, which must still say whose it is.
    address = "\n".join(f"Corridor {n}, Learning & Development" for n in range(60))
    reader, _ = read(render_cancellation_pdf(replace(LETTER, contact_address=address)))
    assert len(reader.pages) >= 2
    for page in reader.pages:
        text = " ".join(page.extract_text().split())
        assert "For: Siân Roberts, St Aldhelm's Children's Hospital NHS Trust" in text
        assert "Booking reference: TB-00012" in text


def test_metadata_names_the_booking_only() -> None:
    reader, _ = read(render_cancellation_pdf(LETTER))
    meta = reader.metadata or {}
    assert meta.get("/Title") == "Booking cancellation TB-00012"
    for key in ("/Author", "/Subject", "/Keywords"):
        assert not meta.get(key)


def test_independent_readers_accept_the_file(tmp_path: Path) -> None:
    qpdf = shutil.which("qpdf")
    if qpdf is None:
        pytest.fail("qpdf is needed (apt-get install qpdf)")
    path = tmp_path / "letter.pdf"
    path.write_bytes(render_cancellation_pdf(LETTER))
    check = subprocess.run([qpdf, "--check", str(path)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr


def test_nothing_from_the_cases_reaches_the_letter(casebook: Casebook, tmp_path: Path) -> None:
    sentinel = "SENTINEL-SUMMARY-7Q"
    casebook.cases.add(
        Case(
            None,
            "MM-2026-077",
            "SENTINEL-TITLE-7Q",
            summary=sentinel,
            patient=Patient(name="SENTINEL-PATIENT-7Q"),
        )
    )
    casebook.settings.set(ORGANISATION, "Northern Healthcare Mediation Service")
    registers = Registers(casebook.connection, audit=casebook.audit)
    course = registers.courses.add(
        Course(None, "Skills day", CourseLength.HALF_DAY, date(2026, 5, 7), "Leeds", Decimal("95"))
    )
    booking = registers.bookings.add(
        Booking(
            None,
            course.id or 0,
            "Trust",
            "Łukasz Nowak",
            delegates=2,
            status=BookingStatus.CONFIRMED,
            confirmed_on=date(2026, 1, 10),
        )
    )
    registers.cancel_booking(booking.id or 0, date(2026, 4, 30))
    letter = registers.cancellation_letter(booking.id or 0, written_on=date(2026, 4, 30))
    pdf = render_cancellation_pdf(letter)
    _, text = read(pdf)
    assert "Łukasz Nowak" in text and "Northern Healthcare Mediation Service" in text
    assert "£95.00" in text and "£114.00" in text  # 50% of £190.00, plus 20% VAT
    for leaked in (sentinel, "SENTINEL-TITLE-7Q", "SENTINEL-PATIENT-7Q", "MM-2026-077"):
        assert leaked not in text and leaked.encode() not in pdf
    out = tmp_path / "cancellation.pdf"
    written = write_cancellation_letter(registers, booking.id or 0, pdf, out)
    assert out.read_bytes() == pdf
    assert [e for e in casebook.audit.entries() if written.sha256 in e.detail]
