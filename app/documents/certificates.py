"""Write CPD certificates through the audited document writer: one, or a course's all."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from app.documents.written import CERTIFICATE, WrittenDocument, write_document
from app.registers.delegates import Certificate
from app.registers.service import Registers


def render_certificate(certificate: Certificate) -> bytes:
    """The PDF's bytes. Pure; the interface runs it on a worker thread."""
    from app.documents.certificate_pdf import render_certificate_pdf

    return render_certificate_pdf(certificate)


def file_name(certificate: Certificate) -> str:
    """``CPD certificate CPD-2026-00042.pdf``: the number, not the person, names the file."""
    return f"CPD certificate {certificate.number}.pdf"


def write_certificate(registers: Registers, certificate: Certificate, data: bytes, out: Path
                      ) -> WrittenDocument:  # fmt: skip
    """Write a rendered certificate; the audit entry names its number and the SHA-256."""
    return write_document(registers.audit, CERTIFICATE, data, out, reference=certificate.number)


def export_course_certificates(registers: Registers, course_id: int, folder: Path, *,
                               today: date) -> list[WrittenDocument]:  # fmt: skip
    """A certificate for every delegate of the course who attended, into ``folder``."""
    written = []
    for delegate in registers.delegates.for_course(course_id):
        if delegate.attended is not True or delegate.id is None:
            continue
        certificate = registers.certificate(delegate.id, today)
        data = render_certificate(certificate)
        written.append(
            write_certificate(registers, certificate, data, Path(folder) / file_name(certificate))
        )
    return written
