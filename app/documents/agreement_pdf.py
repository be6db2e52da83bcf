"""The agreed-terms PDF: the one document that leaves the casebook (DESIGN.md, rule 2).

It is drawn from an ``AgreedTerms`` value object and nothing else, so it cannot show what it
was never given. Every piece of user text is escaped before it meets reportlab's paragraph
markup, because real terms say things like "Dose < 5 mg & review > weekly".
"""

from __future__ import annotations

import io
import threading
import unicodedata
from functools import partial
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    HRFlowable,
    KeepTogether,
    LayoutError,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from app.cases.agreed_terms import AgreedTerms
from app.errors import ExportFailed
from app.formatting import format_date
from app.resources import resource_path

TITLE = "Mediation agreement — agreed terms"
PURPOSE = "For inclusion in the patient's care notes"
WITHOUT_PREJUDICE = (
    "Only the terms above are recorded. Everything else said in mediation is confidential "
    "and without prejudice: it is not recorded and may not be used in any court proceedings."
)

# Our own names, so that nothing else registering a "DejaVuSans" from elsewhere on the
# machine can swap the bundled font out from under the export.
_FONT = "ParleySans"
_FONT_BOLD = "ParleySans-Bold"
_fonts_lock = threading.Lock()  # exports run on a worker thread
_fonts_registered = False

_INK = colors.HexColor("#1a1a1a")
_MUTED = colors.HexColor("#5a5a5a")
_RULE = colors.HexColor("#b8b8b8")
_PANEL = colors.HexColor("#f3f3f3")
_RULED = ("LINEBELOW", (0, 0), (-1, -2), 0.25, _RULE)  # between rows, not under the last
_MARGIN = 20 * mm
_FRAME_PADDING = 6  # platypus insets each frame by this much on every side
_WIDTH = A4[0] - 2 * _MARGIN


def _register_fonts() -> None:
    global _fonts_registered
    with _fonts_lock:
        if _fonts_registered:
            return
        try:
            regular = TTFont(_FONT, str(resource_path("fonts", "DejaVuSans.ttf")))
            bold = TTFont(_FONT_BOLD, str(resource_path("fonts", "DejaVuSans-Bold.ttf")))
        except OSError as exc:
            raise ExportFailed(
                "The font bundled with Parley is missing, so the document could not be "
                "written. Please reinstall Parley."
            ) from exc
        pdfmetrics.registerFont(regular)
        pdfmetrics.registerFont(bold)
        pdfmetrics.registerFontFamily(_FONT, normal=_FONT, bold=_FONT_BOLD)
        _fonts_registered = True


def _clean(text: str) -> str:
    # Control characters (other than line breaks) have no glyph and can upset the
    # paragraph parser; lone surrogates cannot be encoded at all.
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return "".join(ch for ch in text if ch == "\n" or unicodedata.category(ch) not in ("Cc", "Cs"))


def _inline(text: str) -> str:
    """One-line user text (a name, a hospital) as safe paragraph markup."""
    return escape(" ".join(_clean(text).split()))


def _block(text: str) -> str:
    """Multi-line user text (a term) as safe paragraph markup, keeping its line breaks."""
    return "<br/>".join(escape(line) for line in _clean(text).strip().split("\n"))


class _NumberedCanvas(Canvas):  # type: ignore[misc]  # reportlab ships no type hints
    """Holds every page back until the end, so each footer can say "page X of Y"."""

    def __init__(self, *args: Any, footer_label: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._footer_label = footer_label
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        label = " ".join(self._footer_label.split())
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            text = f"page {number} of {total}"
            self.setFont(_FONT, 8)
            self.setFillColor(_MUTED)
            self.setStrokeColor(_RULE)
            self.setLineWidth(0.5)
            self.line(_MARGIN, 14 * mm, A4[0] - _MARGIN, 14 * mm)
            self.drawCentredString(A4[0] / 2, 10 * mm, f"{label} — {text}" if label else text)
            super().showPage()
        super().save()


def _styles() -> dict[str, ParagraphStyle]:
    body = ParagraphStyle("body", fontName=_FONT, fontSize=10, leading=14, textColor=_INK)

    def style(name: str, **kw: Any) -> ParagraphStyle:
        return ParagraphStyle(name, parent=body, **kw)

    return {
        "body": body,
        "organisation": style("organisation", fontName=_FONT_BOLD, fontSize=11, textColor=_MUTED),
        "title": style("title", fontName=_FONT_BOLD, fontSize=18, leading=23, spaceBefore=4),
        "purpose": style("purpose", textColor=_MUTED, spaceBefore=2),
        "heading": style(
            "heading", fontName=_FONT_BOLD, fontSize=12, leading=16, spaceBefore=14, spaceAfter=6
        ),
        "label": style("label", textColor=_MUTED),
        "bold": style("bold", fontName=_FONT_BOLD),
        "small": style("small", fontSize=9, leading=12, textColor=_MUTED),
    }


def _table(data: list[list[Any]], widths: list[float], *commands: tuple[Any, ...]) -> Table:
    table = Table(data, colWidths=widths, hAlign="LEFT", splitInRow=1)
    base: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), _FONT, 10),  # else Helvetica, which is not embedded
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 6),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    table.setStyle(TableStyle([*base, *commands]))
    return table


def _identifiers(doc: AgreedTerms, s: dict[str, ParagraphStyle]) -> Table:
    hospital = "<br/>".join(_inline(v) for v in (doc.hospital, doc.team) if v.strip())
    rows = [
        ("Patient", _inline(doc.patient_name)),
        ("Date of birth", escape(format_date(doc.patient_date_of_birth))),
        ("NHS number", _inline(doc.nhs_number)),
        ("Hospital number", _inline(doc.hospital_number)),
        ("Case reference", _inline(doc.case_reference)),
        ("Hospital and team", hospital),
        ("Date agreed", escape(format_date(doc.agreed_on))),
    ]
    # A blank cell could be mistaken for a field someone forgot to fill in by hand.
    missing = f'<font color="{_MUTED.hexval()}">Not recorded</font>'
    data = [[Paragraph(k, s["label"]), Paragraph(v or missing, s["body"])] for k, v in rows]
    return _table(data, [42 * mm, _WIDTH - 42 * mm], _RULED)


def _parties(doc: AgreedTerms, s: dict[str, ParagraphStyle]) -> Flowable:
    if not doc.parties:
        return Paragraph("No parties are recorded as party to this agreement.", s["body"])
    data = [
        [Paragraph(_inline(p.name), s["bold"]), Paragraph(_inline(p.role), s["body"])]
        for p in doc.parties
    ]
    return _table(data, [90 * mm, _WIDTH - 90 * mm], _RULED)


def _terms(doc: AgreedTerms, s: dict[str, ParagraphStyle]) -> list[Flowable]:
    # The hanging indent must fit the widest number, or "120." would run into its text.
    widest = pdfmetrics.stringWidth(f"{len(doc.terms)}.", _FONT_BOLD, 10)
    style = ParagraphStyle(
        "term",
        parent=s["body"],
        leftIndent=max(8 * mm, widest + 8),
        bulletIndent=0,
        bulletFontName=_FONT_BOLD,
        spaceAfter=7,
    )
    return [Paragraph(_block(t), style, bulletText=f"{n}.") for n, t in enumerate(doc.terms, 1)]


def _signature(name: str, role: str, s: dict[str, ParagraphStyle]) -> Flowable:
    lines = _table(
        [["Signature", "", "Date", ""]],
        [20 * mm, 84 * mm, 19 * mm, _WIDTH - 123 * mm],
        ("FONTSIZE", (0, 0), (-1, -1), 9),
        ("TEXTCOLOR", (0, 0), (-1, -1), _MUTED),
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("TOPPADDING", (0, 0), (-1, -1), 9 * mm),
        ("LEFTPADDING", (2, 0), (2, 0), 6 * mm),
        ("LINEBELOW", (1, 0), (1, 0), 0.6, _INK),
        ("LINEBELOW", (3, 0), (3, 0), 0.6, _INK),
    )
    head = [Paragraph(_inline(name), s["bold"])]
    if role:
        head.append(Paragraph(_inline(role), s["small"]))
    # A block split over a page break invites a signature under the wrong name.
    return KeepTogether([*head, lines, Spacer(1, 7 * mm)])


def _story(doc: AgreedTerms) -> list[Flowable]:
    s = _styles()
    story: list[Flowable] = []
    if doc.organisation.strip():
        story.append(Paragraph(_inline(doc.organisation), s["organisation"]))
    statement = _table(
        [[Paragraph(escape(WITHOUT_PREJUDICE), s["body"])]],
        [_WIDTH],
        ("BACKGROUND", (0, 0), (-1, -1), _PANEL),
        ("BOX", (0, 0), (-1, -1), 0.5, _RULE),
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
        HRFlowable(width="100%", thickness=0.8, color=_INK, spaceBefore=5 * mm, spaceAfter=4 * mm),
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
    mediator = doc.mediator.strip()
    story.append(_signature(mediator, "Mediator", s) if mediator else _signature("Mediator", "", s))
    return story


def render_agreed_terms_pdf(doc: AgreedTerms) -> bytes:
    """The agreed-terms document as PDF bytes (A4), built only from ``doc``.

    The metadata names the case reference and nothing else: no author, subject or keywords,
    since a PDF's properties travel with it and are easily overlooked.
    """
    _register_fonts()  # the story's styles name the bundled font
    reference = " ".join(doc.case_reference.split())
    return build_a4_pdf(
        _story(doc),
        title=f"Mediation agreement {reference}",
        footer_label=doc.case_reference,
        what="The agreement",
    )


def build_a4_pdf(story: list[Flowable], *, title: str, footer_label: str, what: str) -> bytes:
    """Lay ``story`` out on A4 with Parley's margins, font and "page X of Y" footer.

    Every document Parley writes goes through here, so they all carry the same minimal
    metadata: a title naming a reference, and no author, subject or keywords (a PDF's
    properties travel with it and are easily overlooked).
    """
    _register_fonts()
    buffer = io.BytesIO()
    template = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=_MARGIN - _FRAME_PADDING,
        rightMargin=_MARGIN - _FRAME_PADDING,
        topMargin=_MARGIN - _FRAME_PADDING,
        bottomMargin=24 * mm,
        title=title,
        author="",
        subject="",
        keywords="",
        creator="Parley",
        lang="en-GB",
        displayDocTitle=True,
        initialFontName=_FONT,
    )
    try:
        template.build(story, canvasmaker=partial(_NumberedCanvas, footer_label=footer_label))
    except LayoutError:
        # reportlab's message quotes the text that did not fit: case content, not for a screen.
        raise ExportFailed(
            f"{what} could not be laid out on A4 pages; no file was written."
        ) from None
    return buffer.getvalue()
