"""Exporting from a real casebook: only agreed terms leave, atomically, and it is audited."""

from __future__ import annotations

import hashlib
import io
import os
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader
from test_no_plaintext import SENTINELS, fill

from app.books.casebook import Casebook
from app.documents.export import agreed_terms_for, export_agreement
from app.errors import ExportFailed
from app.storage import atomic

# What the agreed-terms document may carry (docs/ARCHITECTURE.md, "The export path").
ALLOWED = {"term_text", "party_name", "patient_name", "hospital_number", "hospital", "team",
           "organisation", "mediator"}  # fmt: skip


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    text = " ".join(page.extract_text() for page in reader.pages)
    meta = " ".join(str(v) for v in (reader.metadata or {}).values())
    return " ".join((text + " " + meta).split())


def test_only_agreed_terms_and_identifiers_leave_the_casebook(
    casebook: Casebook, tmp_path: Path
) -> None:
    fill(casebook)
    case = casebook.cases.by_reference("MM-2026-077")
    assert case.id is not None
    for party in casebook.parties.for_case(case.id):
        casebook.parties.update(replace(party, party_to_agreement=True))
    out = tmp_path / "agreement.pdf"
    exported = export_agreement(casebook, "MM-2026-077", out)
    data = out.read_bytes()
    text = pdf_text(data)
    for name, sentinel in SENTINELS.items():
        if name in ALLOWED:
            assert sentinel in text, name
        else:
            assert sentinel not in text, f"{name} leaked into the PDF"
            assert sentinel.encode() not in data
    assert exported.sha256 == hashlib.sha256(data).hexdigest()
    [entry] = [e for e in casebook.audit.entries() if e.action == "agreement exported"]
    assert entry.case_reference == "MM-2026-077" and exported.sha256 in entry.detail


def test_preview_and_export_hold_the_same_content(casebook: Casebook, tmp_path: Path) -> None:
    fill(casebook)
    preview = agreed_terms_for(casebook, "MM-2026-077")
    assert preview.terms == (SENTINELS["term_text"],)


def test_a_failed_write_leaves_no_file_and_no_audit_entry(
    casebook: Casebook, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fill(casebook)
    out = tmp_path / "agreement.pdf"
    out.write_bytes(b"the previous export")

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", disk_full)
    with pytest.raises(ExportFailed, match="No space left"):
        export_agreement(casebook, "MM-2026-077", out)
    assert out.read_bytes() == b"the previous export"
    assert sorted(os.listdir(tmp_path)) == ["agreement.pdf", "casebook"]
    assert not [e for e in casebook.audit.entries() if e.action == "agreement exported"]
