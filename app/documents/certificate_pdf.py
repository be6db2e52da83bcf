"""A CPD certificate for a delegate who attended a course, as an A4 PDF.

Drawn from a ``Certificate`` (the delegate's name, the course, its date and length in hours,
the trainer, the organisation and the certificate number) and nothing else: no feedback, no
comment, nothing from the casebook's cases.
"""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.units import mm
from reportlab.platypus import HRFlowable, Paragraph, Spacer

from app.documents.a4 import INK, MUTED, build_a4_pdf, inline, register_fonts, styles
from app.formatting import format_date
from app.registers.delegates import Certificate

TITLE = "Certificate of attendance"


def render_certificate_pdf(certificate: Certificate) -> bytes:
    """The certificate's PDF bytes; the metadata names its number and nothing else."""
    register_fonts()
    return build_a4_pdf(
        _story(certificate),
        title=f"CPD certificate {certificate.number}",
        footer_label=f"Certificate {certificate.number}",
        what="The certificate",
    )


def _story(c: Certificate) -> list[Any]:
    s = styles()
    centred = {
        name: style.clone(f"{name}-centred", alignment=TA_CENTER) for name, style in s.items()
    }
    big = centred["title"].clone("certificate-name", fontSize=26, leading=32, spaceBefore=6)
    course = centred["title"].clone("certificate-course", fontSize=16, leading=21)
    story: list[Any] = [Spacer(1, 25 * mm)]
    if c.organisation.strip():
        story.append(Paragraph(inline(c.organisation), centred["organisation"]))
    story += [
        Spacer(1, 6 * mm),
        Paragraph(escape(TITLE), centred["title"]),
        Paragraph(escape("Continuing professional development"), centred["purpose"]),
        HRFlowable(width="60%", thickness=0.8, color=INK, spaceBefore=8 * mm, spaceAfter=10 * mm),
        Paragraph(escape("This is to certify that"), centred["body"]),
        Paragraph(inline(c.delegate), big),
        Spacer(1, 4 * mm),
        Paragraph(escape("attended the course"), centred["body"]),
        Spacer(1, 2 * mm),
        Paragraph(inline(c.course), course),
        Spacer(1, 4 * mm),
        Paragraph(
            escape(f"on {format_date(c.held_on)}, for {c.hours_text} of CPD"), centred["body"]
        ),
    ]
    if c.trainer.strip():
        story.append(Paragraph("led by " + inline(c.trainer), centred["body"]))
    story += [
        HRFlowable(width="60%", thickness=0.5, color=MUTED, spaceBefore=14 * mm, spaceAfter=4 * mm),
        Paragraph(escape(f"Certificate number {c.number}"), centred["small"]),
        Paragraph(escape(f"Issued {format_date(c.issued_on)}"), centred["small"]),
    ]
    return story
