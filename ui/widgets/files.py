"""Asking where to save a file the mediator asked for (an agreement, a letter, a backup)."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget


def documents_folder() -> Path:
    """The user's Documents folder, or the home folder where there is none."""
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents) if documents and Path(documents).is_dir() else Path.home()


#: Characters that separate folders, or that Windows does not allow in a file name.
_NOT_IN_NAMES = re.compile(r'[\\/:*?"<>|]')
#: Invisible characters: controls, format characters (a right-to-left override can make
#: "evil\u202efdp.exe" read as "evilexe.pdf"), lone surrogates, private and unassigned ones.
_INVISIBLE = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})
#: Names Windows keeps for devices, with or without an extension ("NUL.txt" is NUL too).
_RESERVED = frozenset(
    {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"}
    | {f"{port}{n}" for port in ("COM", "LPT") for n in "0123456789¹²³"}
)
#: Long enough for any reference and words; well inside every file system's 255 bytes (or
#: UTF-16 units) with the ending added.
MAX_STEM_CHARACTERS = 80
MAX_STEM_BYTES = 160


def file_name_from(text: str, ending: str, *, fallback: str) -> str:
    """A file name to suggest, made of ``text`` (a reference, say) and ``ending`` (ours, such
    as ``" agreed terms.pdf"``): always a single, ordinary file name, whatever ``text`` holds.

    Separators and characters Windows refuses become ``-``, invisible characters go, runs of
    spaces become one, leading dots, spaces and dashes and trailing dots and spaces go, and
    the length is bounded; a name Windows keeps for a device gets a ``_`` in front. What is
    left empty becomes ``fallback``.
    """
    stem = unicodedata.normalize("NFC", text)
    stem = "".join(ch for ch in stem if unicodedata.category(ch) not in _INVISIBLE)
    stem = " ".join(_NOT_IN_NAMES.sub("-", stem).split())[:MAX_STEM_CHARACTERS]
    while len(stem.encode("utf-8")) > MAX_STEM_BYTES:
        stem = stem[:-1]
    stem = stem.lstrip(" .-").rstrip(" .") or fallback
    if stem.split(".")[0].rstrip(" ").upper() in _RESERVED:
        stem = f"_{stem}"
    return f"{stem}{ending}"


def choose_pdf_path(parent: QWidget, title: str, file_name: str) -> Path | None:
    """The system's save dialog for a PDF, suggesting ``file_name`` in Documents.

    The name is made a single safe file name first (see :func:`file_name_from`). ``None``
    if the mediator cancels; a name typed without ``.pdf`` gets it added, so the file opens
    in a PDF reader.
    """
    return choose_save_path(parent, title, file_name, ".pdf", "PDF documents (*.pdf)")


def choose_save_path(
    parent: QWidget, title: str, file_name: str, suffix: str, file_filter: str
) -> Path | None:
    """The system's save dialog, suggesting ``file_name`` in Documents, made a single safe
    file name first (see :func:`file_name_from`); ``suffix`` is added to a name typed
    without it. ``None`` if the mediator cancels."""
    stem, dot, ending = file_name.rpartition(".")
    safe = (
        file_name_from(stem, f".{ending}", fallback="Parley")
        if dot
        else file_name_from(file_name, "", fallback="Parley")
    )
    suggested = documents_folder() / safe
    chosen, _filter = QFileDialog.getSaveFileName(parent, title, str(suggested), file_filter)
    if not chosen:
        return None
    out = Path(chosen)
    return out if out.suffix.lower() == suffix else out.with_name(out.name + suffix)
