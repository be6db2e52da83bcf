"""Printing a PDF's very pages through the system's print dialog.

The pages are rendered from the PDF itself (``app.documents.pages``, on a worker) and drawn
each onto a whole sheet, so the printout is the file: nothing is laid out a second time.
Where the computer has no printer, Parley says so rather than let Qt print to a file unasked.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QMarginsF, QRectF
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from app.documents.pages import PageImage
from app.errors import ExportFailed

#: The most detail a page is rendered with: sharp text on paper, a modest image to send.
PRINT_DPI = 300
NO_PRINTER = (
    "No printer is set up on this computer, so nothing was printed. Export the PDF instead "
    "and print it from another computer, or set up a printer and try again."
)


def has_printer() -> bool:
    """A printer is installed (a real one, or the system's own "print to PDF" queue)."""
    return bool(QPrinterInfo.availablePrinterNames())


def sheet_printer() -> QPrinter:
    """A printer for whole A4 sheets: the PDF's pages carry their own margins."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setFullPage(True)
    printer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4),
                                      QPageLayout.Orientation.Portrait, QMarginsF()))  # fmt: skip
    return printer


def print_dpi(printer: QPrinter) -> int:
    return max(72, min(printer.resolution(), PRINT_DPI))


def print_pages(printer: QPrinter, pages: Sequence[PageImage]) -> int:
    """Draw each page image on its own sheet, filling it; returns how many were printed."""
    painter = QPainter()
    if not painter.begin(printer):
        raise ExportFailed("The printer could not be started; nothing was printed.")
    try:
        sheet = QRectF(printer.pageLayout().fullRectPixels(printer.resolution()))
        for index, page in enumerate(pages):
            if index:
                printer.newPage()
            image = _image(page)
            painter.drawImage(sheet, image)
        return len(pages)
    finally:
        painter.end()


def _image(page: PageImage) -> QImage:
    # PDFium's BGRx bytes, read as 32-bit words on a little-endian machine (every platform
    # Parley is built for), are Qt's RGB32.
    image = QImage(page.pixels, page.width, page.height, page.stride, QImage.Format.Format_RGB32)
    return image.copy()  # owns its pixels: the bytes object may go before the painter is done
