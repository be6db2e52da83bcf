"""Export a case's agreed terms as a PDF for the patient's care notes.

A casebook draws the document from the case (``agreed_terms_for``); an office book from the
archive of agreements it has received (``archived_agreed_terms``). Both are the same value
object rendered by the same writer, so the office prints the very document the mediator's
casebook makes.
"""

from __future__ import annotations

from pathlib import Path

from app.books.book import Book
from app.books.casebook import Casebook
from app.books.office_book import OfficeBook
from app.cases.agreed_terms import AgreedTerms, agreed_terms_of
from app.documents.written import AGREEMENT, WrittenDocument, write_document
from app.settings import MEDIATOR, ORGANISATION

#: What an export wrote (its path, SHA-256 and size).
ExportedAgreement = WrittenDocument


def agreed_terms_for(casebook: Casebook, reference: str) -> AgreedTerms:
    """What the PDF of this case would hold: the preview and the export use the same."""
    case = casebook.cases.by_reference(reference)
    assert case.id is not None
    return agreed_terms_of(
        case,
        casebook.parties.for_case(case.id),
        casebook.terms.for_case(case.id),
        organisation=casebook.settings.get(ORGANISATION),
        mediator=casebook.settings.get(MEDIATOR),
    )


def render_agreement(document: AgreedTerms) -> bytes:
    """The PDF's bytes. Pure and slow-ish: the interface runs it on a worker thread."""
    # reportlab is heavy; it is loaded only when someone actually exports or previews.
    from app.documents.agreement_pdf import render_agreed_terms_pdf

    return render_agreed_terms_pdf(document)


def write_agreement(book: Book, reference: str, pdf: bytes, out: Path) -> ExportedAgreement:
    """Write the PDF of case ``reference`` and audit the export with its SHA-256, all or
    nothing (``write_document``). Runs on the thread that owns the book."""
    return write_document(
        book.audit, AGREEMENT, pdf, out, reference=reference, case_reference=reference
    )


def archived_agreed_terms(book: OfficeBook, reference: str) -> AgreedTerms:
    """The document of the agreement an office book last received for a case."""
    return book.agreements.latest_for(reference).document


def export_agreement(book: Book, reference: str, out: Path) -> ExportedAgreement:
    """Select, render and write the agreed-terms PDF of one case (the command line's path):
    from the case in a casebook, from the archive in an office book."""
    if isinstance(book, OfficeBook):
        document = archived_agreed_terms(book, reference)
    elif isinstance(book, Casebook):
        document = agreed_terms_for(book, reference)
    else:  # pragma: no cover - every book is one or the other
        raise TypeError(type(book).__name__)
    return write_agreement(book, document.case_reference, render_agreement(document), out)
