"""Getting the agreed terms out: preview, export to PDF and print, all from one value object."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.books.book import Book
from app.books.casebook import Casebook
from app.cases.agreed_terms import AgreedTerms, NothingAgreed
from app.documents.export import (
    ExportedAgreement,
    agreed_terms_for,
    render_agreement,
    write_agreement,
)
from app.documents.pages import PageImage, render_pages
from app.errors import ParleyError
from ui.background import BackgroundJob
from ui.widgets.files import choose_pdf_path, file_name_from
from ui.widgets.messages import FittedDialog, Kind, heading
from ui.workspace.agreement_document import agreement_document
from ui.workspace.printing import NO_PRINTER, has_printer, print_dpi, print_pages, sheet_printer

NOT_RECORDED = "Not recorded"
NOTHING_AGREED_HINT = "Mark the terms that are agreed first."
NO_PARTIES = "No parties are recorded as party to this agreement."
SIGNATURE_LINE = "Signature ______________________________   Date ________________"
_POINT_SIZE = 10.0  # as in the PDF
_MARGIN_MM = 20.0
_family: str | None = None


class PreviewDialog(FittedDialog):
    """Shows what the PDF will hold, read-only, before anything is written."""

    export_requested = Signal()
    print_requested = Signal()

    def __init__(self, doc: AgreedTerms, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Parley — Preview of the agreed terms, {doc.case_reference}")
        self.document = agreement_document(doc)
        self.document.setParent(self)
        explanation = QLabel(
            "This is exactly what the PDF and the printout will hold: only the agreed terms "
            "and what is needed to file them. Nothing has been written yet.",
            self,
        )
        explanation.setWordWrap(True)
        self.browser = QTextBrowser(self)
        self.browser.setDocument(self.document)
        self.browser.setOpenLinks(False)
        self.browser.setAccessibleName("Preview of the agreed terms")
        self.browser.setMinimumSize(self.browser.fontMetrics().averageCharWidth() * 90, 420)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.export_button = self.buttons.addButton(
            "&Export PDF…", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.print_button = self.buttons.addButton(
            "&Print…", QDialogButtonBox.ButtonRole.ActionRole
        )
        close = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setDefault(True)
        for button in (self.export_button, self.print_button):
            button.setAutoDefault(False)
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Preview of the agreed terms", self))
        layout.addWidget(explanation)
        layout.addWidget(self.browser, 1)
        layout.addWidget(self.buttons)
        self.buttons.rejected.connect(self.reject)
        self.export_button.clicked.connect(self._then(self.export_requested.emit))
        self.print_button.clicked.connect(self._then(self.print_requested.emit))
        self.browser.setFocus()  # arrow keys and Page Down scroll the document at once

    def _then(self, action: Callable[[], None]) -> Callable[[], None]:
        def close_then_act() -> None:
            self.accept()
            action()

        return close_then_act

    def plain_text(self) -> str:
        return self.document.toPlainText()


def default_file_name(reference: str) -> str:
    """``MM-2026-004 agreed terms.pdf``, a safe file name whatever the reference holds."""
    return file_name_from(reference, " agreed terms.pdf", fallback="Agreement")


#: Asks where to print; True to go ahead. Tests replace it, so no real printer is opened.
PrinterChooser = Callable[[QPrinter, QWidget], bool]


def ask_with_print_dialog(printer: QPrinter, parent: QWidget) -> bool:
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("Print the agreed terms")
    dialog.setOption(QPrintDialog.PrintDialogOption.PrintSelection, False)
    dialog.setOption(QPrintDialog.PrintDialogOption.PrintCurrentPage, False)
    # exec(), not open(): native print dialogs are reliably modal only this way.
    return dialog.exec() == QDialog.DialogCode.Accepted


class AgreementOutput(QObject):
    """Preview, print and export of one agreed-terms document: a case's, on the Agreement
    tab, or an archived one, on the office's Agreements page.

    Each starts afresh from ``read`` (``agreed_terms_for`` for a case). Rendering the PDF
    runs on a worker thread; writing it (and its audit entry) happens back on the GUI thread,
    which owns the book. ``forget`` (locking) drops any result still on its way; so does the
    book closing.
    """

    said = Signal(str, object)  # the words, and a ui.widgets.messages.Kind

    def __init__(self, book: Book, read: Callable[[], AgreedTerms], parent: QWidget) -> None:
        super().__init__(parent)
        self.casebook = book
        self.read = read
        self.window = parent
        self.choose_printer: PrinterChooser = ask_with_print_dialog
        self.has_printer: Callable[[], bool] = has_printer  # tests: a machine with, or without
        self.no_printer_box: QMessageBox | None = None
        self.preview_dialog: PreviewDialog | None = None
        self.last_export: ExportedAgreement | None = None
        self.job = BackgroundJob(self, still_wanted=lambda: self.casebook.is_open)

    @property
    def busy(self) -> bool:
        return self.job.busy

    def forget(self) -> None:
        self.job.forget()
        if self.preview_dialog is not None:
            self.preview_dialog.reject()
            self.preview_dialog = None

    def agreed_terms(self) -> AgreedTerms | None:
        """What the PDF would hold now; None (having said why in words) if nothing is agreed."""
        try:
            return self.read()
        except NothingAgreed as exc:
            self.said.emit(f"{exc} {NOTHING_AGREED_HINT}", Kind.INFO)
        except ParleyError as exc:
            self.said.emit(f"The agreement could not be read. {exc}", Kind.ERROR)
        return None

    def preview(self) -> PreviewDialog | None:
        doc = self.agreed_terms()
        if doc is None:
            return None
        dialog = PreviewDialog(doc, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.export_requested.connect(self.export_pdf)
        dialog.print_requested.connect(self.print_document)
        dialog.finished.connect(lambda _result: self._preview_closed(dialog))
        self.preview_dialog = dialog
        dialog.open()
        return dialog

    def _preview_closed(self, dialog: PreviewDialog) -> None:
        if self.preview_dialog is dialog:
            self.preview_dialog = None

    def print_document(self) -> bool:
        """Print the very pages of the PDF through the print dialog; True if printing began.

        With no printer, says so and offers Export PDF: Qt would otherwise print to a file
        nobody asked for. The PDF is made and its pages rendered on a worker; only drawing
        them for the printer happens here.
        """
        doc = self.agreed_terms()
        if doc is None or self.busy:
            return False
        if not self.has_printer():
            self._offer_export_instead()
            return False
        mark = self.job.mark()
        printer = sheet_printer()
        printer.setDocName(f"Mediation agreement {doc.case_reference}")
        if not self.choose_printer(printer, self.window) or not self.job.still_current(mark):
            return False  # cancelled, or locked while the dialog was open
        if printer.outputFormat() is not QPrinter.OutputFormat.NativeFormat and not (
            printer.outputFileName()
        ):
            return False  # a file was chosen without a name: nothing to write
        self.said.emit("Preparing the pages for the printer…", Kind.INFO)
        dpi = print_dpi(printer)
        self.job.start(
            lambda: list(render_pages(render_agreement(doc), dpi)),
            lambda pages: self._print(doc.case_reference, printer, pages),
            self._failed,
            since=mark,
        )
        return True

    def _print(self, reference: str, printer: QPrinter, pages: list[PageImage]) -> None:
        try:
            count = print_pages(printer, pages)
            # Printing lets the agreed terms leave, like an export, so it is recorded too.
            self.casebook.audit.record(
                "agreement printed", case_reference=reference, detail=f"{count} pages"
            )
        except ParleyError as exc:
            self.said.emit(str(exc), Kind.ERROR)
            return
        file = printer.outputFileName()
        where = f"“{Path(file).name}” in {Path(file).parent}" if file else printer.printerName()
        self.said.emit(f"The agreed terms were sent to {where or 'the printer'}.", Kind.INFO)

    def _offer_export_instead(self) -> None:
        self.said.emit(NO_PRINTER, Kind.INFO)
        box = QMessageBox(QMessageBox.Icon.Information, "Parley — No printer", NO_PRINTER,
                          parent=self.window)  # fmt: skip
        export = box.addButton("&Export PDF…", QMessageBox.ButtonRole.AcceptRole)
        close = box.addButton(QMessageBox.StandardButton.Close)
        box.setDefaultButton(export)
        box.setEscapeButton(close)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.buttonClicked.connect(lambda button: self.export_pdf() if button is export else None)
        self.no_printer_box = box
        box.open()

    def export_pdf(self) -> None:
        doc = self.agreed_terms()
        if doc is None or self.busy:
            return
        mark = self.job.mark()
        out = choose_pdf_path(
            self.window, "Export the agreed terms", default_file_name(doc.case_reference)
        )
        if out is None or not self.job.still_current(mark):
            return  # cancelled, or locked while the file dialog was open
        self.said.emit("Preparing the PDF…", Kind.INFO)
        # Locked meanwhile, the rendered PDF is dropped: nothing is written that the
        # mediator can no longer see.
        self.job.start(
            lambda: render_agreement(doc),
            lambda pdf: self._write(doc.case_reference, pdf, out),
            self._failed,
            since=mark,
        )

    def _write(self, reference: str, pdf: bytes, out: Path) -> None:
        try:
            self.last_export = write_agreement(self.casebook, reference, pdf, out)
        except ParleyError as exc:
            self.said.emit(str(exc), Kind.ERROR)
            return
        self.said.emit(f"Exported the agreed terms to “{out.name}” in {out.parent}.", Kind.INFO)

    def _failed(self, error: ParleyError) -> None:
        self.said.emit(f"The PDF could not be made. {error}", Kind.ERROR)


def case_output(casebook: Casebook, case_id: int, parent: QWidget) -> AgreementOutput:
    """Preview, print and export of the agreed terms of one case of ``casebook``."""
    return AgreementOutput(
        casebook, lambda: agreed_terms_for(casebook, casebook.cases.get(case_id).reference), parent
    )
