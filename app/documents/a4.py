"""Parley's A4 page: the bundled font, margins, colours, safe paragraph text, and the footer
with "page X of Y", shared by every PDF Parley writes so that they look like one
organisation's documents and carry the same minimal metadata.

Every piece of user text is escaped before it meets reportlab's paragraph markup, because
real terms say things like "Dose < 5 mg & review > weekly".
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
from reportlab.platypus import Flowable, LayoutError, SimpleDocTemplate, Table, TableStyle

from app.errors import ExportFailed
from app.resources import resource_path

# Our own names, so that nothing else registering a "DejaVuSans" from elsewhere on the
# machine can swap the bundled font out from under the export.
FONT = "ParleySans"
FONT_BOLD = "ParleySans-Bold"
_fonts_lock = threading.Lock()  # exports run on a worker thread
_fonts_registered = False

INK = colors.HexColor("#1a1a1a")
MUTED = colors.HexColor("#5a5a5a")
RULE = colors.HexColor("#b8b8b8")
PANEL = colors.HexColor("#f3f3f3")
RULED = ("LINEBELOW", (0, 0), (-1, -2), 0.25, RULE)  # between rows, not under the last
MARGIN = 20 * mm
_FRAME_PADDING = 6  # platypus insets each frame by this much on every side
WIDTH = A4[0] - 2 * MARGIN


def register_fonts() -> None:
    global _fonts_registered
    with _fonts_lock:
        if _fonts_registered:
            return
        try:
            regular = TTFont(FONT, str(resource_path("fonts", "DejaVuSans.ttf")))
            bold = TTFont(FONT_BOLD, str(resource_path("fonts", "DejaVuSans-Bold.ttf")))
        except OSError as exc:
            raise ExportFailed(
                "The font bundled with Parley is missing, so the document could not be "
                "written. Please reinstall Parley."
            ) from exc
        pdfmetrics.registerFont(regular)
        pdfmetrics.registerFont(bold)
        pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD)
        _fonts_registered = True


def clean(text: str) -> str:
    # Control characters (other than line breaks) have no glyph and can upset the
    # paragraph parser; lone surrogates cannot be encoded at all.
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return "".join(ch for ch in text if ch == "\n" or unicodedata.category(ch) not in ("Cc", "Cs"))


def inline(text: str) -> str:
    """One-line user text (a name, a hospital) as safe paragraph markup."""
    return escape(" ".join(clean(text).split()))


def block(text: str) -> str:
    """Multi-line user text (a term) as safe paragraph markup, keeping its line breaks."""
    return "<br/>".join(escape(line) for line in clean(text).strip().split("\n"))


def fit_line(text: str, width: float, font: str = FONT, size: float = 8) -> str:
    """``text`` on one line no wider than ``width``: whole, or cut at a word boundary with an
    ellipsis (a word longer than the line is cut where it must be)."""
    text = " ".join(clean(text).split())
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    words = text.split(" ")
    while len(words) > 1:
        words.pop()
        candidate = " ".join(words).rstrip(",;:·—-") + " …"
        if pdfmetrics.stringWidth(candidate, font, size) <= width:
            return candidate
    letters = words[0]
    while letters and pdfmetrics.stringWidth(letters + "…", font, size) > width:
        letters = letters[:-1]
    return letters + "…"


#: Height of the running head: two lines of 8-point text and the rule beneath them.
HEAD_HEIGHT = 11 * mm


class NumberedCanvas(Canvas):  # type: ignore[misc]  # reportlab ships no type hints
    """Holds every page back until the end, so each footer can say "page X of Y", and heads
    every page with ``page_head``: the lines that let a page that has come apart from the
    others be matched to its patient or person (docs/ARCHITECTURE.md, "The export path")."""

    def __init__(
        self, *args: Any, footer_label: str, page_head: tuple[str, ...] = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self._footer_label = footer_label
        self._page_head = page_head
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
            self._draw_head()
            self.setFont(FONT, 8)
            self.setFillColor(MUTED)
            self.setStrokeColor(RULE)
            self.setLineWidth(0.5)
            self.line(MARGIN, 14 * mm, A4[0] - MARGIN, 14 * mm)
            self.drawCentredString(A4[0] / 2, 10 * mm, f"{label} — {text}" if label else text)
            super().showPage()
        super().save()

    def _draw_head(self) -> None:
        if not self._page_head:
            return
        top = A4[1] - MARGIN + 2 * mm
        self.setFont(FONT, 8)
        self.setFillColor(MUTED)
        for n, line in enumerate(self._page_head[:2]):
            self.drawString(MARGIN, top - n * 10, fit_line(line, WIDTH))
        self.setStrokeColor(RULE)
        self.setLineWidth(0.5)
        rule = top - HEAD_HEIGHT + 6 * mm
        self.line(MARGIN, rule, A4[0] - MARGIN, rule)


def styles() -> dict[str, ParagraphStyle]:
    body = ParagraphStyle("body", fontName=FONT, fontSize=10, leading=14, textColor=INK)

    def style(name: str, **kw: Any) -> ParagraphStyle:
        return ParagraphStyle(name, parent=body, **kw)

    return {
        "body": body,
        "organisation": style("organisation", fontName=FONT_BOLD, fontSize=11, textColor=MUTED),
        "title": style("title", fontName=FONT_BOLD, fontSize=18, leading=23, spaceBefore=4),
        "purpose": style("purpose", textColor=MUTED, spaceBefore=2),
        "heading": style(
            "heading", fontName=FONT_BOLD, fontSize=12, leading=16, spaceBefore=14, spaceAfter=6
        ),
        "label": style("label", textColor=MUTED),
        "bold": style("bold", fontName=FONT_BOLD),
        "small": style("small", fontSize=9, leading=12, textColor=MUTED),
    }


def table(data: list[list[Any]], widths: list[float], *commands: tuple[Any, ...]) -> Table:
    table = Table(data, colWidths=widths, hAlign="LEFT", splitInRow=1)
    base: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), FONT, 10),  # else Helvetica, which is not embedded
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 6),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    table.setStyle(TableStyle([*base, *commands]))
    return table


def build_a4_pdf(
    story: list[Flowable],
    *,
    title: str,
    footer_label: str,
    what: str,
    page_head: tuple[str, ...] = (),
) -> bytes:
    """Lay ``story`` out on A4 with Parley's margins, font and "page X of Y" footer, and,
    when ``page_head`` is given, up to two lines of it at the head of every page (each
    fitted to the line, cut at a word with an ellipsis only when it cannot fit).

    Every document Parley writes goes through here, so they all carry the same minimal
    metadata: a title naming a reference, and no author, subject or keywords (a PDF's
    properties travel with it and are easily overlooked).
    """
    register_fonts()
    buffer = io.BytesIO()
    head = HEAD_HEIGHT if page_head else 0
    template = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN - _FRAME_PADDING,
        rightMargin=MARGIN - _FRAME_PADDING,
        topMargin=MARGIN - _FRAME_PADDING + head,
        bottomMargin=24 * mm,
        title=title,
        author="",
        subject="",
        keywords="",
        creator="Parley",
        lang="en-GB",
        displayDocTitle=True,
        initialFontName=FONT,
    )
    try:
        template.build(
            story,
            canvasmaker=partial(NumberedCanvas, footer_label=footer_label, page_head=page_head),
        )
    except LayoutError:
        # reportlab's message quotes the text that did not fit: case content, not for a screen.
        raise ExportFailed(
            f"{what} could not be laid out on A4 pages; no file was written."
        ) from None
    return buffer.getvalue()
