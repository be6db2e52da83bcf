"""A PDF's pages as pixels, to print the very pages of the file rather than a look-alike.

Printing draws these images onto the printer's pages, so the paper is the PDF: the same
page breaks, fonts and identifiers on every page. The renderer is PDFium (pypdfium2): a
4 MB wheel for every platform, where Qt's own PDF module would need PySide6's 160 MB of
add-ons (measured for the choice; docs/ARCHITECTURE.md, "The export path"). Pure: no Qt.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from app.errors import ExportFailed

POINTS_PER_INCH = 72


@dataclass(frozen=True)
class PageImage:
    """One page: ``width`` by ``height`` pixels, 4 bytes each (blue, green, red, unused),
    ``stride`` bytes a row; ``width_pt`` and ``height_pt`` the page's size in points."""

    width: int
    height: int
    stride: int
    pixels: bytes
    width_pt: float
    height_pt: float


def page_count(pdf: bytes) -> int:
    """How many pages ``pdf`` has."""
    import pypdfium2

    document = _open(pdf, pypdfium2)
    try:
        return len(document)
    finally:
        document.close()


def render_pages(pdf: bytes, dpi: int) -> Iterator[PageImage]:
    """Each page of ``pdf`` at ``dpi``, on white, in order. Slow: run it on a worker."""
    import pypdfium2  # loaded only when something is printed

    document = _open(pdf, pypdfium2)
    try:
        for index in range(len(document)):
            page = document[index]
            width_pt, height_pt = page.get_size()
            bitmap = page.render(scale=dpi / POINTS_PER_INCH, fill_color=(255, 255, 255, 255),
                                 force_bitmap_format=pypdfium2.raw.FPDFBitmap_BGRx)  # fmt: skip
            yield PageImage(bitmap.width, bitmap.height, bitmap.stride, bytes(bitmap.buffer),
                            width_pt, height_pt)  # fmt: skip
            bitmap.close()
            page.close()
    finally:
        document.close()


def _open(pdf: bytes, pypdfium2: Any) -> Any:
    try:
        return pypdfium2.PdfDocument(pdf)
    except Exception as exc:  # PdfiumError, and anything its binding raises
        raise ExportFailed(f"The PDF could not be read for printing ({exc}).") from exc
