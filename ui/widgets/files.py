"""Asking where to save a file the mediator asked for (an agreement, a letter, a backup)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget


def documents_folder() -> Path:
    """The user's Documents folder, or the home folder where there is none."""
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents) if documents and Path(documents).is_dir() else Path.home()


def choose_pdf_path(parent: QWidget, title: str, file_name: str) -> Path | None:
    """The system's save dialog for a PDF, suggesting ``file_name`` in Documents.

    ``None`` if the mediator cancels; a name typed without ``.pdf`` gets it added, so the
    file opens in a PDF reader.
    """
    suggested = documents_folder() / file_name
    chosen, _filter = QFileDialog.getSaveFileName(
        parent, title, str(suggested), "PDF documents (*.pdf)"
    )
    if not chosen:
        return None
    out = Path(chosen)
    return out if out.suffix.lower() == ".pdf" else out.with_name(out.name + ".pdf")
