"""Sealed files in the main window, for every book: File, Receive; dropping a sealed file on
the window (or opening Parley on one); and, in a case, Hand over and Send the outcome."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent

from app.books.casebook import Casebook
from app.cases.records import Status
from app.exchange.receiving import ReceivedFile
from app.exchange.sealed import SUFFIX, Kind
from app.exchange.sending import SentFile
from ui.exchange.receive import Receiver, choose_sealed_file
from ui.exchange.send_dialog import SendDialog
from ui.main_window import MainWindow


class SealedFiles(QObject):
    """The window's sealed-file actions; ``last`` is the last file received or sent."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.receiver = Receiver(window, lambda: window.book)
        self.receiver.received.connect(self._received)
        self.receive_action = QAction("&Receive a sealed file…", window)
        self.receive_action.setShortcut("Ctrl+Shift+O")
        self.receive_action.setStatusTip("Take in a sealed file sent to this book")
        self.receive_action.triggered.connect(self.receive)
        window.addAction(self.receive_action)
        window.file_menu.insertAction(window.lock_action, self.receive_action)
        window.file_menu.insertSeparator(window.lock_action)
        self.handover_action = QAction("&Hand over to another mediator…", window)
        self.handover_action.triggered.connect(lambda: self.send_case(Kind.HANDOVER))
        self.outcome_action = QAction("Send the ou&tcome to the office…", window)
        self.outcome_action.triggered.connect(lambda: self.send_case(Kind.OUTCOME))
        window.case_menu.insertSeparator(window.close_case_action)
        window.case_menu.insertAction(window.close_case_action, self.handover_action)
        window.case_menu.insertAction(window.close_case_action, self.outcome_action)
        window.case_menu.aboutToShow.connect(self.update_actions)
        window.file_menu.aboutToShow.connect(self.update_actions)
        window.setAcceptDrops(True)
        window.installEventFilter(self)
        self.last: ReceivedFile | SentFile | None = None
        #: A file to take in once a book is open (Parley was opened on it).
        self.waiting: Path | None = None
        self.update_actions()

    def update_actions(self) -> None:
        # Receive stays enabled: its shortcut must work from the moment a book is unlocked,
        # before any menu has been opened; with no book open it does nothing.
        workspace = self.window.workspace
        self.handover_action.setEnabled(workspace is not None)
        self.outcome_action.setEnabled(
            workspace is not None and workspace.case.status is Status.CLOSED
        )

    # --- receiving ---------------------------------------------------------------------------

    def receive(self) -> bool:
        """Ask which sealed file to take in, then take it in (in the background)."""
        if self.window.book is None or self.receiver.busy:
            return False
        path = choose_sealed_file(self.window)
        return self.receive_path(path) if path is not None else False

    def receive_path(self, path: Path) -> bool:
        """Take ``path`` in; False if no book is open or a file is still being taken in."""
        return self.receiver.receive(path)

    def receive_when_open(self, path: Path) -> None:
        """Parley was opened on ``path``: take it in as soon as a book is unlocked."""
        self.waiting = path
        self.book_shown()

    def book_shown(self) -> None:
        """A book was unlocked: take in the file Parley was opened on, if any."""
        path, self.waiting = self.waiting, None
        if path is not None and not self.receive_path(path):
            self.waiting = path

    def _received(self, received: ReceivedFile) -> None:
        self.last = received
        book = self.window.book
        if book is None:
            return
        if isinstance(book, Casebook):
            self.window.cases.reload()
        for page in self.window.section_pages:
            if page.isVisible():
                page.show_casebook(book)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() in (QEvent.Type.DragEnter, QEvent.Type.Drop):
            assert isinstance(event, QDragEnterEvent | QDropEvent)
            paths = sealed_paths(event)
            if not paths or self.window.book is None:
                return False
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
            if event.type() == QEvent.Type.Drop:
                # One at a time, so each gets its own answer: the first of them now.
                self.receive_path(paths[0])
            return True
        return False

    # --- sending from a case ----------------------------------------------------------------

    def send_case(self, kind: Kind) -> SendDialog | None:
        workspace, casebook = self.window.workspace, self.window.casebook
        if workspace is None or casebook is None:
            return None
        if workspace.save_pending():
            return None  # what was typed could not be stored: the case says why
        dialog = SendDialog(casebook, kind, workspace.case.reference, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.sent.connect(self._sent)
        dialog.open()
        return dialog

    def _sent(self, sent: SentFile) -> None:
        self.last = sent
        said = f"Sealed the {sent.kind.value} of {sent.reference} to {sent.to.name}."
        if sent.closed:
            said += " The case is now closed here."
            self.window.close_case()
            self.window.cases.reload()
        self.window.statusBar().showMessage(said, 15_000)


def sealed_paths(event: QDragEnterEvent | QDropEvent) -> list[Path]:
    """The sealed files among what is dragged or dropped."""
    data = event.mimeData()
    if data is None or not data.hasUrls():
        return []
    paths = [Path(url.toLocalFile()) for url in data.urls() if url.isLocalFile()]
    return [p for p in paths if p.suffix.lower() == SUFFIX]
