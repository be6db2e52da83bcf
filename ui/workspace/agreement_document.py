"""The agreed-terms document on screen: the preview (printing prints the PDF's own pages,
ui/workspace/printing.py).

It is built from an ``AgreedTerms`` value object and nothing else, exactly like the PDF
(docs/ARCHITECTURE.md, "Rules the code keeps", rule 2), and says the same things in the
same order: organisation, title, care-notes line, identifiers, parties, numbered terms, the
without-prejudice statement and the signature lines. Every piece of user text is escaped:
terms say "Dose < 5 mg & more".
"""

from __future__ import annotations

import html
import unicodedata

from PySide6.QtGui import (
    QFont,
    QFontDatabase,
    QGuiApplication,
    QTextCursor,
    QTextDocument,
)

from app.cases.agreed_terms import AgreedTerms
from app.formatting import format_date
from app.resources import resource_path

NOT_RECORDED = "Not recorded"
NOTHING_AGREED_HINT = "Mark the terms that are agreed first."
NO_PARTIES = "No parties are recorded as party to this agreement."
SIGNATURE_LINE = "Signature ______________________________   Date ________________"
_POINT_SIZE = 10.0  # as in the PDF
_MARGIN_MM = 20.0
_family: str | None = None


def _words() -> tuple[str, str, str]:
    """The PDF's own title, purpose line and statement, so the wording cannot drift apart.

    Imported here rather than at the top: the PDF module pulls in reportlab, which the
    workspace should not load until someone previews, prints or exports.
    """
    from app.documents.agreement_pdf import PURPOSE, TITLE, WITHOUT_PREJUDICE

    return TITLE, PURPOSE, WITHOUT_PREJUDICE


def _document_family() -> str:
    """The font bundled for the PDF (it has Siân, Zoë, Łukasz), else the system's."""
    global _family
    if _family is None:
        font_id = QFontDatabase.addApplicationFont(str(resource_path("fonts", "DejaVuSans.ttf")))
        QFontDatabase.addApplicationFont(str(resource_path("fonts", "DejaVuSans-Bold.ttf")))
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        _family = families[0] if families else QGuiApplication.font().family()
    return _family


def _clean(text: str) -> str:
    # Control characters have no glyph; lone surrogates cannot be shown at all.
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return "".join(ch for ch in text if ch == "\n" or unicodedata.category(ch) not in ("Cc", "Cs"))


def _inline(text: str) -> str:
    return html.escape(" ".join(_clean(text).split()))


def _block(text: str) -> str:
    return "<br/>".join(html.escape(line) for line in _clean(text).strip().split("\n"))


def _row(label: str, value: str) -> str:
    shown = value or f"<i>{NOT_RECORDED}</i>"
    return f"<tr><td width='30%'>{html.escape(label)}</td><td>{shown}</td></tr>"


def agreement_html(doc: AgreedTerms) -> str:
    """The document as the restricted HTML that ``QTextDocument`` understands."""
    title, purpose, statement = _words()
    hospital = "<br/>".join(_inline(v) for v in (doc.hospital, doc.team) if v.strip())
    parts: list[str] = []
    if doc.organisation.strip():
        parts.append(f"<p><b>{_inline(doc.organisation)}</b></p>")
    parts += [
        f"<h1 style='font-size: 18pt'>{html.escape(title)}</h1>",
        f"<p>{html.escape(purpose)}</p>",
        "<hr/>",
        "<table width='100%' cellspacing='0' cellpadding='3'>",
        _row("Patient", _inline(doc.patient_name)),
        _row("Date of birth", html.escape(format_date(doc.patient_date_of_birth))),
        _row("NHS number", _inline(doc.nhs_number)),
        _row("Hospital number", _inline(doc.hospital_number)),
        _row("Case reference", _inline(doc.case_reference)),
        _row("Hospital and team", hospital),
        _row("Date agreed", html.escape(format_date(doc.agreed_on))),
        "</table>",
        "<h2 style='font-size: 12pt'>Parties to this agreement</h2>",
    ]
    if doc.parties:
        parts.append("<table width='100%' cellspacing='0' cellpadding='3'>")
        parts += [
            f"<tr><td width='50%'><b>{_inline(p.name)}</b></td><td>{_inline(p.role)}</td></tr>"
            for p in doc.parties
        ]
        parts.append("</table>")
    else:
        parts.append(f"<p>{html.escape(NO_PARTIES)}</p>")
    parts += ["<h2 style='font-size: 12pt'>Agreed terms</h2>", "<table cellpadding='3'>"]
    parts += [
        f"<tr><td align='right'><b>{n}.</b></td><td>{_block(text)}</td></tr>"
        for n, text in enumerate(doc.terms, start=1)
    ]
    parts += [
        "</table>",
        "<p></p>",
        "<table width='100%' border='1' cellspacing='0' cellpadding='8' "
        "style='border-style: solid; border-color: gray'>",
        f"<tr><td>{html.escape(statement)}</td></tr></table>",
        "<h2 style='font-size: 12pt'>Signatures</h2>",
    ]
    mediator = doc.mediator.strip()
    signatories = [(p.name, p.role) for p in doc.parties]
    signatories.append((mediator, "Mediator") if mediator else ("Mediator", ""))
    for name, role in signatories:
        role_line = f"<br/>{_inline(role)}" if role else ""
        # One paragraph per signatory, kept on one page (see agreement_document).
        parts.append(
            f"<p style='margin-bottom: 14px'><b>{_inline(name)}</b>{role_line}<br/><br/><br/>"
            f"{html.escape(SIGNATURE_LINE)}</p>"
        )
    return "\n".join(parts)


def agreement_document(doc: AgreedTerms) -> QTextDocument:
    """A document for the preview and the printer, holding only what ``doc`` holds."""
    document = QTextDocument()
    font = QFont(_document_family())
    font.setPointSizeF(_POINT_SIZE)
    document.setDefaultFont(font)
    document.setHtml(agreement_html(doc))
    # A signature block split over a page break invites a signature under the wrong name.
    block = document.begin()
    while block.isValid():
        if SIGNATURE_LINE in block.text():
            cursor = QTextCursor(block)
            fmt = block.blockFormat()
            fmt.setNonBreakableLines(True)
            cursor.setBlockFormat(fmt)
        block = block.next()
    # The title is what a print queue shows; like the PDF's metadata, it names only the case.
    document.setMetaInformation(
        QTextDocument.MetaInformation.DocumentTitle, f"Mediation agreement {doc.case_reference}"
    )
    return document
