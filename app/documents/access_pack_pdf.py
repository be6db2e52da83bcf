"""A reviewed subject access pack as an A4 PDF for the requester.

Made from a ``PackDocument`` (the items the review selected, and the reasons for withholding
any of the requester's own), never from a case, so nothing the mediator did not select can
reach it. Items are grouped by kind, each with its case reference and date.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import HRFlowable, KeepTogether, Paragraph, Spacer

from app.cases.access_pack import ItemKind, PackDocument, PackItem
from app.documents.a4 import INK, WIDTH, block, build_a4_pdf, inline, register_fonts, styles, table
from app.formatting import format_date

TITLE = "Your personal data held by the mediation service"


def render_access_pack_pdf(pack: PackDocument, *, organisation: str, prepared_on: date) -> bytes:
    """The pack's PDF bytes. The metadata names the request's reference and nothing else."""
    register_fonts()
    return build_a4_pdf(
        _story(pack, organisation, prepared_on),
        title=f"Subject access request {pack.reference}",
        footer_label=f"Subject access request {pack.reference}",
        what="The subject access pack",
    )


INTRODUCTION = (
    "You asked for a copy of the personal data we hold about you (UK GDPR, Article 15). This "
    "is what our mediation records hold about you: your details as a party, your consent, "
    "and what you said or raised, with the meetings you attended. Mediation is confidential "
    "to everyone who took part, so what other people said is not included unless it could "
    "be shared."
)


def _story(pack: PackDocument, organisation: str, prepared_on: date) -> list[Any]:
    s = styles()
    story: list[Any] = []
    if organisation.strip():
        story.append(Paragraph(inline(organisation), s["organisation"]))
    facts = [
        ("For", inline(pack.requester)),
        ("Request received", escape(format_date(pack.received_on))),
        ("Prepared", escape(format_date(prepared_on))),
    ]
    rows = [[Paragraph(label, s["label"]), Paragraph(value, s["body"])] for label, value in facts]
    story += [
        Paragraph(escape(TITLE), s["title"]),
        Paragraph(escape(f"Subject access request {pack.reference}"), s["purpose"]),
        HRFlowable(width="100%", thickness=0.8, color=INK, spaceBefore=4 * mm, spaceAfter=4 * mm),
        table(rows, [45 * mm, WIDTH - 45 * mm]),
        Spacer(1, 4 * mm),
        Paragraph(escape(INTRODUCTION), s["body"]),
    ]
    if not pack.items:
        story.append(Paragraph(escape("We hold no personal data about you."), s["bold"]))
    for kind in ItemKind:
        items = [item for item in pack.items if item.kind is kind]
        if items:
            story.append(Paragraph(escape(kind.label), s["heading"]))
            story += [_item(item, s) for item in items]
    if pack.withheld_reasons:
        lead = "Some information about you has been withheld, for these reasons:"
        story += [
            Paragraph(escape("Information withheld"), s["heading"]),
            Paragraph(escape(lead), s["body"]),
            *(Paragraph("• " + block(reason), s["body"]) for reason in pack.withheld_reasons),
        ]
    return story


def _item(item: PackItem, s: dict[str, Any]) -> KeepTogether:
    when = f", {format_date(item.on)}" if item.on and item.kind is not ItemKind.NOTE else ""
    heading = f"{item.heading}{when} — case {item.case_reference}"
    return KeepTogether([
        Spacer(1, 2 * mm),
        Paragraph(inline(heading), s["bold"]),
        Paragraph(block(item.text), s["body"]),
    ])  # fmt: skip
