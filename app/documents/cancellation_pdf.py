"""The cancellation confirmation for a training booking, as an A4 PDF for the booking's contact.

It is drawn from a ``CancellationLetter`` (booking and course fields, and the charge) and
nothing else, so nothing from the casebook's cases can reach it. Fonts, escaping and the
"page X of Y" footer are the agreed-terms document's own, so both look like one organisation's.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    HRFlowable,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
)

from app.documents.a4 import (
    FONT_BOLD,
    INK,
    PANEL,
    RULE,
    RULED,
    WIDTH,
    block,
    build_a4_pdf,
    inline,
    register_fonts,
    styles,
    table,
)
from app.documents.written import CANCELLATION_LETTER, WrittenDocument, write_document
from app.formatting import format_date
from app.registers.service import Registers
from app.registers.training import CancellationLetter, format_money, format_percent

TITLE = "Cancellation of your training booking"
COUNTING_RULE = (
    "Working days are Monday to Friday except bank holidays in {region}. They are counted "
    "from the day the cancellation reached us (if it was a working day) up to the day before "
    "the course; the course day is not counted."
)


def _recipient(doc: CancellationLetter, s: dict[str, Any]) -> list[Any]:
    lines = [Paragraph(inline(doc.contact_name), s["bold"])]
    if doc.contact_organisation.strip():
        lines.append(Paragraph(inline(doc.contact_organisation), s["body"]))
    if doc.contact_address.strip():
        lines.append(Paragraph(block(doc.contact_address), s["body"]))
    if doc.contact_email.strip():
        lines.append(Paragraph(inline(doc.contact_email), s["body"]))
    return lines


def _details(rows: list[tuple[str, str]], s: dict[str, Any]) -> Table:
    data = [[Paragraph(escape(k), s["label"]), Paragraph(v, s["body"])] for k, v in rows]
    return table(data, [62 * mm, WIDTH - 62 * mm], RULED)


def _money(doc: CancellationLetter, s: dict[str, Any]) -> Table:
    charge = doc.charge
    each = format_money(charge.cost / doc.delegates) if doc.delegates else ""
    delegates = f"{doc.delegates} delegate{'s' if doc.delegates != 1 else ''} at {each}"
    rows = [
        (f"Cost of the booking ({delegates}, excluding VAT)", format_money(charge.cost)),
        (f"Charge: {charge.tier.label}", format_money(charge.net)),
        (f"VAT at {format_percent(charge.vat_rate)}", format_money(charge.vat)),
        ("Total to pay", format_money(charge.total)),
    ]
    last = len(rows) - 1
    data = [
        [Paragraph(escape(label), s["bold" if i == last else "body"]), escape(amount)]
        for i, (label, amount) in enumerate(rows)
    ]
    return table(
        data,
        [WIDTH - 40 * mm, 40 * mm],
        ("ALIGN", (1, 0), (1, -1), "RIGHT"),
        ("RIGHTPADDING", (1, 0), (1, -1), 0),
        ("LINEBELOW", (0, 0), (-1, last - 2), 0.25, RULE),
        ("LINEABOVE", (0, last), (-1, last), 0.8, INK),
        ("FONT", (1, last), (1, last), FONT_BOLD, 10),
        ("TOPPADDING", (0, last), (-1, last), 5),
    )


def _story(doc: CancellationLetter) -> list[Any]:
    s = styles()
    charge = doc.charge
    story: list[Any] = []
    if doc.organisation.strip():
        story.append(Paragraph(inline(doc.organisation), s["organisation"]))
    days = charge.working_days_before
    policy = table(
        [
            [Paragraph(escape(charge.tier.policy_sentence), s["bold"])],
            [Paragraph(escape(COUNTING_RULE.format(region=charge.region.label)), s["small"])],
        ],
        [WIDTH],
        ("BACKGROUND", (0, 0), (-1, -1), PANEL),
        ("BOX", (0, 0), (-1, -1), 0.5, RULE),
        ("LEFTPADDING", (0, 0), (-1, -1), 8),
        ("RIGHTPADDING", (0, 0), (-1, -1), 8),
        ("TOPPADDING", (0, 0), (-1, 0), 7),
        ("BOTTOMPADDING", (0, -1), (-1, -1), 8),
    )
    # Tighter than the agreement's headings: the whole letter should fit on one page.
    heading = ParagraphStyle("letter-heading", parent=s["heading"], spaceBefore=10, spaceAfter=4)
    story += [
        Paragraph(escape(TITLE), s["title"]),
        Paragraph(escape(f"Booking {doc.booking_reference}"), s["purpose"]),
        HRFlowable(width="100%", thickness=0.8, color=INK, spaceBefore=4 * mm, spaceAfter=4 * mm),
        Paragraph(escape(format_date(doc.written_on)), s["body"]),
        Spacer(1, 3 * mm),
        *_recipient(doc, s),
        Spacer(1, 5 * mm),
        Paragraph(
            escape(
                f"We confirm that your booking {doc.booking_reference} was cancelled on "
                f"{format_date(charge.cancelled_on)}. The charge under our cancellation policy "
                "is set out below."
            ),
            s["body"],
        ),
        Paragraph("The course", heading),
        _details(
            [
                ("Course", inline(doc.course_title)),
                ("Length", inline(doc.course_length)),
                ("Date", escape(format_date(doc.course_on))),
                ("Place", inline(doc.course_place) or "To be confirmed"),
                ("Delegates booked", str(doc.delegates)),
            ],
            s,
        ),
        # Split over a page, the charge would lose its total or its reason.
        KeepTogether(
            [
                Paragraph("The cancellation charge", heading),
                _details(
                    [
                        ("Date cancelled", escape(format_date(charge.cancelled_on))),
                        (
                            "Working days before the course",
                            f"{days} working day{'s' if days != 1 else ''}",
                        ),
                    ],
                    s,
                ),
                Spacer(1, 3 * mm),
                policy,
                Spacer(1, 3 * mm),
                _money(doc, s),
            ]
        ),
    ]
    return story


def render_cancellation_pdf(doc: CancellationLetter) -> bytes:
    """The cancellation confirmation as PDF bytes (A4), built only from ``doc``.

    ``write_cancellation_letter`` writes it. The metadata names the booking reference and
    nothing else.
    """
    register_fonts()  # the story's styles name the bundled font
    reference = " ".join(doc.booking_reference.split())
    return build_a4_pdf(
        _story(doc),
        title=f"Booking cancellation {reference}",
        footer_label=f"Booking {reference}",
        what="The cancellation letter",
        page_head=page_head(doc),
    )


def page_head(doc: CancellationLetter) -> tuple[str, str]:
    """Whom every page is for and which booking, so a page that comes apart is filed right."""
    contact = ", ".join(
        " ".join(v.split()) for v in (doc.contact_name, doc.contact_organisation) if v.strip()
    )
    course = f"{' '.join(doc.course_title.split())}, {format_date(doc.course_on)}"
    return (
        f"For: {contact}",
        f"Booking reference: {' '.join(doc.booking_reference.split())}   ·   Course: {course}",
    )


def write_cancellation_letter(
    registers: Registers, booking_id: int, pdf: bytes, out: Path
) -> WrittenDocument:
    """Write the rendered letter and audit it under the booking's reference, all or nothing
    (``write_document``). Runs on the thread that owns the book."""
    reference = registers.bookings.get(booking_id).reference
    return write_document(registers.audit, CANCELLATION_LETTER, pdf, out, reference=reference)
