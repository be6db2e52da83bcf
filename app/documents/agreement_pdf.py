"""The agreed-terms PDF: the one document that leaves the casebook (docs/ARCHITECTURE.md,
"Rules the code keeps", rule 2).

It is drawn from an ``AgreedTerms`` value object and nothing else, so it cannot show what it
was never given. Every piece of user text is escaped before it meets reportlab's paragraph
markup, because real terms say things like "Dose < 5 mg & review > weekly".
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    HRFlowable,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
)

from app.cases.agreed_terms import AgreedTerms
from app.documents.a4 import (
    FONT_BOLD,
    INK,
    MUTED,
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
from app.formatting import format_date

TITLE = "Mediation agreement — agreed terms"
PURPOSE = "For inclusion in the patient's care notes"
WITHOUT_PREJUDICE = (
    "Only the terms above are recorded. Everything else said in mediation is confidential "
    "and without prejudice: it is not recorded and may not be used in any court proceedings."
)


def _identifiers(doc: AgreedTerms, s: dict[str, ParagraphStyle]) -> Table:
    hospital = "<br/>".join(inline(v) for v in (doc.hospital, doc.team) if v.strip())
    rows = [
        ("Patient", inline(doc.patient_name)),
        ("Date of birth", escape(format_date(doc.patient_date_of_birth))),
        ("NHS number", inline(doc.nhs_number)),
        ("Hospital number", inline(doc.hospital_number)),
        ("Case reference", inline(doc.case_reference)),
        ("Hospital and team", hospital),
        ("Date agreed", escape(format_date(doc.agreed_on))),
    ]
    # A blank cell could be mistaken for a field someone forgot to fill in by hand.
    missing = f'<font color="{MUTED.hexval()}">Not recorded</font>'
    data = [[Paragraph(k, s["label"]), Paragraph(v or missing, s["body"])] for k, v in rows]
    return table(data, [42 * mm, WIDTH - 42 * mm], RULED)


def _parties(doc: AgreedTerms, s: dict[str, ParagraphStyle]) -> Flowable:
    if not doc.parties:
        return Paragraph("No parties are recorded as party to this agreement.", s["body"])
    data = [
        [Paragraph(inline(p.name), s["bold"]), Paragraph(inline(p.role), s["body"])]
        for p in doc.parties
    ]
    return table(data, [90 * mm, WIDTH - 90 * mm], RULED)


def _terms(doc: AgreedTerms, s: dict[str, ParagraphStyle]) -> list[Flowable]:
    # The hanging indent must fit the widest number, or "120." would run into its text.
    widest = pdfmetrics.stringWidth(f"{len(doc.terms)}.", FONT_BOLD, 10)
    style = ParagraphStyle(
        "term",
        parent=s["body"],
        leftIndent=max(8 * mm, widest + 8),
        bulletIndent=0,
        bulletFontName=FONT_BOLD,
        spaceAfter=7,
    )
    return [Paragraph(block(t), style, bulletText=f"{n}.") for n, t in enumerate(doc.terms, 1)]


def _signature(name: str, role: str, s: dict[str, ParagraphStyle]) -> Flowable:
    lines = table(
        [["Signature", "", "Date", ""]],
        [20 * mm, 84 * mm, 19 * mm, WIDTH - 123 * mm],
        ("FONTSIZE", (0, 0), (-1, -1), 9),
        ("TEXTCOLOR", (0, 0), (-1, -1), MUTED),
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("TOPPADDING", (0, 0), (-1, -1), 9 * mm),
        ("LEFTPADDING", (2, 0), (2, 0), 6 * mm),
        ("LINEBELOW", (1, 0), (1, 0), 0.6, INK),
        ("LINEBELOW", (3, 0), (3, 0), 0.6, INK),
    )
    head = [Paragraph(inline(name), s["bold"])]
    if role:
        head.append(Paragraph(inline(role), s["small"]))
    # A block split over a page break invites a signature under the wrong name.
    return KeepTogether([*head, lines, Spacer(1, 7 * mm)])


def _story(doc: AgreedTerms) -> list[Flowable]:
    s = styles()
    story: list[Flowable] = []
    if doc.organisation.strip():
        story.append(Paragraph(inline(doc.organisation), s["organisation"]))
    statement = table(
        [[Paragraph(escape(WITHOUT_PREJUDICE), s["body"])]],
        [WIDTH],
        ("BACKGROUND", (0, 0), (-1, -1), PANEL),
        ("BOX", (0, 0), (-1, -1), 0.5, RULE),
        ("LEFTPADDING", (0, 0), (-1, -1), 8),
        ("RIGHTPADDING", (0, 0), (-1, -1), 8),
        ("TOPPADDING", (0, 0), (-1, -1), 7),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
    )

    def heading(text: str, room: float) -> list[Flowable]:
        # Not keepWithNext: that would carry the heading and a whole five-page term over
        # to a new page, leaving the first page mostly blank.
        return [CondPageBreak(room), Paragraph(text, s["heading"])]

    story += [
        Paragraph(escape(TITLE), s["title"]),
        Paragraph(escape(PURPOSE), s["purpose"]),
        HRFlowable(width="100%", thickness=0.8, color=INK, spaceBefore=5 * mm, spaceAfter=4 * mm),
        _identifiers(doc, s),
        *heading("Parties to this agreement", 30 * mm),
        _parties(doc, s),
        *heading("Agreed terms", 30 * mm),
        *_terms(doc, s),
        Spacer(1, 4 * mm),
        statement,
        *heading("Signatures", 55 * mm),
        *(_signature(p.name, p.role, s) for p in doc.parties),
    ]
    story.append(_mediator_signature(doc, s))
    return story


def _mediator_signature(doc: AgreedTerms, s: dict[str, ParagraphStyle]) -> Flowable:
    mediator, organisation = doc.mediator.strip(), " ".join(doc.organisation.split())
    role = f"Mediator, {organisation}" if organisation else "Mediator"
    return _signature(mediator, role, s) if mediator else _signature(role, "", s)


def page_head(doc: AgreedTerms) -> tuple[str, str]:
    """The lines at the head of every page: whom the page is about, so that a page that
    comes apart from the others can be filed with the right patient."""
    missing = "not recorded"
    born = format_date(doc.patient_date_of_birth) or missing
    return (
        f"Patient: {' '.join(doc.patient_name.split()) or missing}",
        f"Date of birth: {born}   ·   NHS number: {doc.nhs_number.strip() or missing}   ·   "
        f"Case reference: {' '.join(doc.case_reference.split())}",
    )


def render_agreed_terms_pdf(doc: AgreedTerms) -> bytes:
    """The agreed-terms document as PDF bytes (A4), built only from ``doc``.

    The metadata names the case reference and nothing else: no author, subject or keywords,
    since a PDF's properties travel with it and are easily overlooked.
    """
    register_fonts()  # the story's styles name the bundled font
    reference = " ".join(doc.case_reference.split())
    return build_a4_pdf(
        _story(doc),
        title=f"Mediation agreement {reference}",
        footer_label=doc.case_reference,
        what="The agreement",
        page_head=page_head(doc),
    )
