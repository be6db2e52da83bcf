"""Taking a sealed file in: every check in order (``app.exchange.receiving``), and one clear
sentence either way.

Opening the file (reading it, the seal, the signature) runs in the background: it needs
only this book's keys. What needs the book (the sender trusted, not seen before, the
payload checked and stored) runs back on the GUI thread, which owns the book.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from app.books.kinds import AnyBook
from app.errors import ParleyError
from app.exchange.receiving import Opened, ReceivedFile, open_sealed, take_in
from app.exchange.sealed import SUFFIX, Kind
from ui.background import BackgroundJob
from ui.widgets.files import choose_open_path
from ui.widgets.messages import show_error

SEALED_KIND = "Parley sealed files"

_WHERE = {
    Kind.REFERRAL: "It is a new case on the Cases page.",
    Kind.HANDOVER: "The case, with its notes, is on the Cases page.",
    Kind.AGREEMENT: "It is on the Agreements page, waiting for its signed copy.",
    Kind.OUTCOME: "It is kept with the other outcome records, for the statistics.",
}


def choose_sealed_file(parent: QWidget) -> Path | None:
    return choose_open_path(parent, "Receive a sealed file", SEALED_KIND, SUFFIX)


def received_text(received: ReceivedFile) -> str:
    """What was taken in, in one line."""
    about = f" for {received.reference}" if received.reference else ""
    return f"Received the {received.kind.value}{about} from {received.sender.name}."


class Receiver(QObject):
    """Receives one sealed file at a time into the book ``book()`` returns, and says how it
    went in a message box over ``parent``: what came and where it is, or the one line of
    the refusal (the book is then unchanged)."""

    received = Signal(object)  # ReceivedFile
    refused = Signal(str)

    def __init__(self, parent: QWidget, book: Callable[[], AnyBook | None]) -> None:
        super().__init__(parent)
        self.window = parent
        self.book = book
        self.job = BackgroundJob(self)
        self.box: QMessageBox | None = None

    @property
    def busy(self) -> bool:
        return self.job.busy

    def receive(self, path: Path) -> bool:
        """Start taking ``path`` in; False if nothing started (no book, or one under way)."""
        book = self.book()
        if book is None or self.job.busy:
            return False
        try:
            own = book.identity.get()
        except ParleyError as exc:
            self._refused(exc)
            return False
        started = self.job.start(
            lambda: open_sealed(path, own),
            lambda opened: self._take_in(book, opened),
            self._refused,
        )
        return started is not None

    def forget(self) -> None:
        """Locking: an answer still on its way is dropped unseen."""
        self.job.forget()
        if self.box is not None:
            self.box.close()

    def _take_in(self, book: AnyBook, opened: Opened) -> None:
        if self.book() is not book or not book.is_open:
            return  # locked, or another book opened, while it was being opened
        try:
            received = take_in(book, opened)
        except ParleyError as exc:
            self._refused(exc)
            return
        box = QMessageBox(
            QMessageBox.Icon.Information,
            "Parley — Sealed file received",
            received_text(received),
            QMessageBox.StandardButton.Ok,
            self.window,
        )
        box.setInformativeText(_WHERE[received.kind])
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._show(box)
        self.received.emit(received)

    def _refused(self, error: ParleyError) -> None:
        self._show(show_error(self.window, str(error)))
        self.refused.emit(str(error))

    def _closed(self, box: QMessageBox) -> None:
        if self.box is box:
            self.box = None

    def _show(self, box: QMessageBox) -> None:
        if self.box is not None:
            self.box.close()
        self.box = box
        box.finished.connect(lambda _r: self._closed(box))
        if not box.isVisible():
            box.open()
