"""Sealing a file to a trusted book: choose the contact and where to save the file, confirm
what is about to go, then it is sealed in the background.

What goes depends on the kind (``app.exchange.sealed.Kind``): a referral's opening details,
an agreement's agreed-terms document, a closed case's anonymous outcome record, or, for a
handover, the whole case. The dialog says which, who alone can open it, and what the seal
does not hide. A file once sent cannot be called back, so the last step repeats all of it,
and its default button is the one that goes back.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.books.kinds import AnyBook
from app.errors import ParleyError
from app.exchange.sealed import SUFFIX, Kind
from app.exchange.sending import Outgoing, SentFile, deliver, prepare, seal_outgoing
from app.identity.keys import format_fingerprint
from ui.background import BackgroundJob
from ui.widgets.files import choose_save_path
from ui.widgets.messages import (
    DIALOG_WIDTH,
    FittedDialog,
    InlineMessage,
    busy_bar,
    fit_height,
    heading,
)

SEALED_KIND = "Parley sealed files"
#: Asks where to save the sealed file (the suggested name given); None if cancelled.
PathChooser = Callable[[QWidget, str], Path | None]

_HEADINGS = {
    Kind.REFERRAL: "Send the referral {ref} to a mediator",
    Kind.AGREEMENT: "Send the agreed terms of {ref} to the office",
    Kind.OUTCOME: "Send the outcome of {ref} to the office",
    Kind.HANDOVER: "Hand {ref} over to another mediator",
}
_WHAT_GOES = {
    Kind.REFERRAL: "The case's opening details: reference, title, stage, hospital and team, "
    "the referral, the patient's identifiers and the parties' names, roles and contacts.",
    Kind.AGREEMENT: "The agreed-terms document, exactly as its PDF: the agreed terms and what "
    "is needed to file them, with your name. No notes, no other terms.",
    Kind.OUTCOME: "The anonymous outcome record: stage, status, the dates of referral and "
    "closing, and how many meetings of each kind. No names, no reference, no words.",
    Kind.HANDOVER: "The whole case, with its notes, for co-mediation or cover.",
}
SEAL_WORDS = (
    "Only that book can open the file; send it by any means you already use (secure e-mail, "
    "a USB stick). The seal hides what is in it, not its size, nor that a file was sent."
)


def ask_where(parent: QWidget, file_name: str) -> Path | None:
    return choose_save_path(parent, "Save the sealed file", file_name, SEALED_KIND, SUFFIX)


class SendDialog(FittedDialog):
    """Seals one case's file of ``kind`` to a contact who may take it in."""

    sent = Signal(object)  # app.exchange.sending.SentFile

    def __init__(
        self, book: AnyBook, kind: Kind, reference: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.book, self.kind, self.reference = book, kind, reference
        self.choose_path: PathChooser = ask_where
        self.job = BackgroundJob(self, still_wanted=lambda: self.book.is_open)
        self.confirmation: QMessageBox | None = None
        self.setWindowTitle("Parley — Send a sealed file")
        self.setMinimumWidth(DIALOG_WIDTH)
        what = QLabel(f"<b>What goes:</b> {_WHAT_GOES[kind]}", self)
        what.setWordWrap(True)
        self.contact = QComboBox(self)
        self.contact.setAccessibleName("Who it is for")
        wanted = kind.recipient_role
        for contact in book.contacts.all():
            if contact.role is wanted:
                self.contact.addItem(
                    f"{contact.name}  ({format_fingerprint(contact.fingerprint)[:14]}…)",
                    contact.fingerprint,
                )
        to_label = QLabel("&For:", self)
        to_label.setBuddy(self.contact)
        seal = QLabel(SEAL_WORDS, self)
        seal.setWordWrap(True)
        self.keep = QRadioButton("&Keep the case open here", self)
        self.close_here = QRadioButton("C&lose the case here once it is sent", self)
        self.keep.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.keep)
        group.addButton(self.close_here)
        self.message = InlineMessage(self)
        self.busy = busy_bar(self)
        self.buttons = QDialogButtonBox(parent=self)
        self.buttons.setStandardButtons(QDialogButtonBox.StandardButton.Cancel)
        # Enter may press it: it only asks where to save, and then asks again before sending.
        self.seal_button = self.buttons.addButton(
            "&Seal and save…", QDialogButtonBox.ButtonRole.AcceptRole
        )

        layout = QVBoxLayout(self)
        layout.addWidget(heading(_HEADINGS[kind].format(ref=reference), self))
        layout.addWidget(what)
        layout.addWidget(to_label)
        layout.addWidget(self.contact)
        if kind is Kind.HANDOVER:
            layout.addWidget(self.keep)
            layout.addWidget(self.close_here)
        else:
            self.keep.hide()
            self.close_here.hide()
        layout.addWidget(seal)
        layout.addWidget(self.message)
        layout.addWidget(self.busy)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        if self.contact.count() == 0:
            whom = "the office" if wanted.value == "office" else "a mediator"
            self.message.show_message(
                f"There is no one to send it to yet: add the card of {whom} on the Contacts "
                "page first, and compare its fingerprint."
            )
        self.seal_button.setEnabled(self.contact.count() > 0)
        self.buttons.accepted.connect(self.choose)
        self.buttons.rejected.connect(self.reject)
        self.job.busy_changed.connect(self._set_busy)
        self.contact.setFocus()

    @property
    def closes_case(self) -> bool:
        return self.kind is Kind.HANDOVER and self.close_here.isChecked()

    def choose(self) -> QMessageBox | None:
        """Ask where to save the file, check everything, then ask to confirm."""
        if self.contact.count() == 0 or self.job.busy:
            return None
        name = f"{self.reference} {self.kind.value}{SUFFIX}"
        out = self.choose_path(self, name)
        if out is None:
            return None
        self.message.clear()
        try:
            outgoing = prepare(
                self.book, self.kind, self.reference, self.contact.currentData(), out,
                close=self.closes_case,
            )  # fmt: skip
        except ParleyError as exc:
            self._failed(exc)
            return None
        return self._confirm(outgoing)

    def _confirm(self, outgoing: Outgoing) -> QMessageBox:
        to = outgoing.to
        question = _HEADINGS[self.kind].format(ref=self.reference) + "?"
        box = QMessageBox(QMessageBox.Icon.Question, "Parley — Send a sealed file", question,
                          parent=self)  # fmt: skip
        lines = [
            f"For: {to.name}, {to.role.book_name} ({format_fingerprint(to.fingerprint)})",
            f"What goes: {_WHAT_GOES[self.kind]}",
            f"Saved as: {outgoing.out}",
        ]
        if outgoing.close:
            lines.append("Then the case is closed here.")
        lines.append("A file once sent cannot be called back.")
        box.setInformativeText("\n\n".join(lines))
        send = box.addButton("Se&nd it", QMessageBox.ButtonRole.AcceptRole)
        back = box.addButton("&Go back", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(back)  # a stray Enter must not send anything
        box.setEscapeButton(back)
        mark = self.job.mark()
        send.clicked.connect(lambda: self._seal(outgoing, mark))
        box.finished.connect(lambda _r: self._confirmation_closed(box))
        self.confirmation = box
        box.open()
        return box

    def _confirmation_closed(self, box: QMessageBox) -> None:
        if self.confirmation is box:
            self.confirmation = None

    def _seal(self, outgoing: Outgoing, mark: int) -> None:
        self.job.start(
            lambda: seal_outgoing(outgoing),
            lambda data: self._deliver(outgoing, data),
            self._failed,
            since=mark,
        )

    def _deliver(self, outgoing: Outgoing, data: bytes) -> None:
        try:
            sent: SentFile = deliver(self.book, outgoing, data)
        except ParleyError as exc:
            self._failed(exc)
            return
        self.sent.emit(sent)
        self.accept()

    def _failed(self, error: ParleyError) -> None:
        self.message.show_message(str(error))
        fit_height(self)

    def _set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        for widget in (self.contact, self.keep, self.close_here, self.seal_button):
            widget.setEnabled(not busy)
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setEnabled(not busy)
        fit_height(self)

    def reject(self) -> None:
        if not self.job.busy:  # sealing is quick, and stopping half-way would leave doubt
            super().reject()
