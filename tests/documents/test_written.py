"""Every document Parley writes on request goes one way: owner-only, atomic, audited with its
SHA-256, and all or nothing (the file appears only once its audit entry is committed)."""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from app.books.casebook import Casebook
from app.cases.records import Case
from app.documents.cancellation_pdf import write_cancellation_letter
from app.documents.export import write_agreement
from app.documents.written import AGREEMENT, CANCELLATION_LETTER, DocumentKind, write_document
from app.errors import ExportFailed
from app.registers.training import Booking, BookingStatus, Course, CourseLength
from app.storage import atomic
from app.storage.database import DiskFull

PDF = b"%PDF-1.7 the document\n%%EOF\n"
FILE_NAME = "Zoe Nunez - agreement.pdf"  # named after the patient, as people do

Writer = Callable[[Casebook, bytes, Path], object]


def agreement(casebook: Casebook, pdf: bytes, out: Path) -> object:
    casebook.cases.add(Case(None, "MM-2026-077", "A case"))
    return write_agreement(casebook, "MM-2026-077", pdf, out)


def letter(casebook: Casebook, pdf: bytes, out: Path) -> object:
    registers = casebook.registers
    course = registers.courses.add(
        Course(None, "Skills day", CourseLength.HALF_DAY, date(2026, 5, 7), "", Decimal(95))
    )
    booking = registers.bookings.add(
        Booking(None, course.id or 0, "Trust", "Ann", status=BookingStatus.PROVISIONAL)
    )
    return write_cancellation_letter(registers, booking.id or 0, pdf, out)


#: Each writer, the kind it writes as, and the reference its entry names.
WRITERS = [
    pytest.param(agreement, AGREEMENT, "MM-2026-077", id="agreed terms"),
    pytest.param(letter, CANCELLATION_LETTER, "TB-00001", id="cancellation letter"),
]


def entries(casebook: Casebook, kind: DocumentKind) -> list[tuple[str, str]]:
    found = casebook.audit.entries()
    return [(e.case_reference, e.detail) for e in found if e.action == kind.action]


@pytest.mark.parametrize("write, kind, reference", WRITERS)
def test_each_document_is_written_owner_only_and_audited_with_its_hash(
    casebook: Casebook, tmp_path: Path, write: Writer, kind: DocumentKind, reference: str
) -> None:
    out = tmp_path / FILE_NAME
    write(casebook, PDF, out)
    assert out.read_bytes() == PDF
    if os.name == "posix":
        assert stat.S_IMODE(out.stat().st_mode) == 0o600
    digest = hashlib.sha256(PDF).hexdigest()
    [(_, detail)] = entries(casebook, kind)
    assert detail == f"{reference} sha256={digest}"
    assert "Zoe" not in detail and "agreement.pdf" not in detail  # no file name in the trail


@pytest.mark.parametrize("write, kind, reference", WRITERS)
def test_no_file_appears_when_its_audit_entry_cannot_be_committed(
    casebook: Casebook,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    write: Writer,
    kind: DocumentKind,
    reference: str,
) -> None:
    """An export nobody can see in the trail must not exist: a full disk under the casebook
    refuses the entry, and the earlier file of that name stays as it was."""
    out = tmp_path / FILE_NAME
    out.write_bytes(b"the earlier export")

    def refuse(action: str, **fields: str) -> None:
        raise DiskFull("The disk is full: the last change was not saved and has been undone.")

    monkeypatch.setattr(casebook.audit, "record", refuse)
    with pytest.raises(DiskFull):
        write(casebook, PDF, out)
    assert out.read_bytes() == b"the earlier export"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["casebook", FILE_NAME])
    monkeypatch.undo()
    assert entries(casebook, kind) == []


@pytest.mark.parametrize("write, kind, reference", WRITERS)
def test_a_failed_write_leaves_nothing_and_says_why(
    casebook: Casebook,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    write: Writer,
    kind: DocumentKind,
    reference: str,
) -> None:
    out = tmp_path / FILE_NAME

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", disk_full)
    with pytest.raises(ExportFailed) as refused:
        write(casebook, PDF, out)
    assert str(refused.value) == (
        f"{kind.what} could not be written to {out} (No space left on device); nothing was "
        "left behind."
    )
    monkeypatch.undo()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["casebook"]
    assert entries(casebook, kind) == []


def test_a_missing_folder_is_named_and_nothing_is_audited(
    casebook: Casebook, tmp_path: Path
) -> None:
    missing = tmp_path / "no such folder"
    with pytest.raises(ExportFailed, match="no such folder does not exist; choose another"):
        write_document(casebook.audit, AGREEMENT, PDF, missing / "a.pdf", reference="MM-1")
    assert entries(casebook, AGREEMENT) == []


def test_an_entry_can_be_filed_under_a_case_apart_from_its_own_reference(
    casebook: Casebook, tmp_path: Path
) -> None:
    """A subject access pack, say, is named by its request and filed under its case."""
    pack = DocumentKind("subject access pack written", "The pack")
    written = write_document(
        casebook.audit, pack, PDF, tmp_path / "pack.pdf", reference="SAR-00003",
        case_reference="MM-2026-077",
    )  # fmt: skip
    assert (written.path, written.size) == (tmp_path / "pack.pdf", len(PDF))
    assert entries(casebook, pack) == [("MM-2026-077", f"SAR-00003 sha256={written.sha256}")]
