"""Write a document a person asked for, and enter it in the audit trail: one way for all.

Every file Parley writes on request (the agreed terms, a booking's cancellation letter, and
the certificates, statistics reports and subject access packs to come) goes through
``write_document``: the bytes are written beside the target with owner-only permissions and
fsynced, the audit entry (the kind's action, the document's reference and the file's SHA-256)
is committed, and only then does the file take the target's name. A failure at any step
leaves no new file, no half-written one and no entry; an older file of that name stays.

The audit entry never holds the file's name: people name files after the patient or the
recipient, and the trail records acts, not content. See docs/ARCHITECTURE.md, "The export
path".
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from app.errors import ExportFailed
from app.storage.atomic import replacing
from app.storage.audit import AuditTrail


@dataclass(frozen=True)
class DocumentKind:
    """A kind of document: the act its audit entry records, and how a message names it."""

    action: str  # e.g. "agreement exported"
    what: str  # e.g. "The PDF", as in "The PDF could not be written to ..."


AGREEMENT = DocumentKind("agreement exported", "The PDF")
CANCELLATION_LETTER = DocumentKind("cancellation letter exported", "The letter")
STATISTICS_REPORT = DocumentKind("statistics report exported", "The report")
ACCESS_PACK = DocumentKind("subject access pack exported", "The pack")
CERTIFICATE = DocumentKind("CPD certificate exported", "The certificate")


@dataclass(frozen=True)
class WrittenDocument:
    """What was written: where, its SHA-256 (as entered in the audit trail) and its size."""

    path: Path
    sha256: str
    size: int


def write_document(
    audit: AuditTrail,
    kind: DocumentKind,
    data: bytes,
    out: Path,
    *,
    reference: str,
    case_reference: str = "",
) -> WrittenDocument:
    """Write ``data`` to ``out`` atomically and audit it as ``kind``, all or nothing.

    ``reference`` names the document in the entry (a case, booking or request reference, a
    period); ``case_reference`` files the entry under a case. Runs on the thread that owns
    the book's connection (the entry is a database write). Raises ``ExportFailed`` with the
    reason when the folder is missing or the disk refuses the file.
    """
    out = Path(out)
    if not out.parent.is_dir():
        raise ExportFailed(f"The folder {out.parent} does not exist; choose another place.")
    digest = hashlib.sha256(data).hexdigest()
    detail = f"{reference} sha256={digest}".strip()
    try:
        with (
            replacing(out, data),
            audit.recording(kind.action, case_reference=case_reference, detail=detail),
        ):
            pass
    except OSError as exc:
        raise ExportFailed(
            f"{kind.what} could not be written to {out} ({exc.strerror or exc}); nothing was "
            "left behind."
        ) from exc
    return WrittenDocument(out, digest, len(data))
