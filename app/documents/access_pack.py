"""Write a reviewed subject access pack through the audited document writer."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from app.books.casebook import Casebook
from app.cases.access_pack import PackDocument
from app.documents.written import ACCESS_PACK, WrittenDocument, write_document
from app.settings import ORGANISATION


def render_pack(pack: PackDocument, *, organisation: str, prepared_on: date) -> bytes:
    """The PDF's bytes. Pure; the interface runs it on a worker thread."""
    from app.documents.access_pack_pdf import render_access_pack_pdf

    return render_access_pack_pdf(pack, organisation=organisation, prepared_on=prepared_on)


def write_pack(casebook: Casebook, pack: PackDocument, data: bytes, out: Path) -> WrittenDocument:
    """Write the rendered pack atomically; the audit entry names the request and the SHA-256."""
    return write_document(casebook.audit, ACCESS_PACK, data, out, reference=pack.reference)


def export_pack(casebook: Casebook, pack: PackDocument, out: Path, *, today: date
                ) -> WrittenDocument:  # fmt: skip
    """Render and write the reviewed pack."""
    organisation = casebook.settings.get(ORGANISATION)
    return write_pack(casebook, pack, render_pack(pack, organisation=organisation,
                                                  prepared_on=today), out)  # fmt: skip
