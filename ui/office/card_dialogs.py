"""Contact cards in the window: trust one only once its fingerprint has been read aloud by its
owner, and export this book's own."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.books.kinds import AnyBook
from app.errors import ParleyError
from app.exchange.trust import export_card, trust_card
from app.identity.cards import SUFFIX, read_card_file
from app.identity.contacts import ConfirmedHow
from app.identity.keys import FINGERPRINT_CHARS, format_fingerprint, normalise_fingerprint
from app.roles import Role
from app.settings import MEDIATOR
from ui.widgets.files import choose_open_path, choose_save_path
from ui.widgets.messages import DIALOG_WIDTH, FittedDialog, InlineMessage, Kind, fit_height, heading

CARD_KIND = "Parley contact cards"


def choose_card(parent: QWidget) -> Path | None:
    return choose_open_path(parent, "Choose the contact's card", CARD_KIND, SUFFIX)


def fixed_font(scale: float = 1.0) -> QFont:
    """The system's fixed-width font, in which 0 and O, 1 and I, are told apart."""
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    if scale != 1.0:
        font.setPointSizeF(font.pointSizeF() * scale)
    return font


def _fixed_label(text: str, name: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setFont(fixed_font(1.4))
    label.setAccessibleName(name)
    label.setWordWrap(True)
    return label


class TrustCardDialog(FittedDialog):
    """Shows a card's name, kind of book and fingerprint, and trusts it only when the
    fingerprint its owner reads out is typed in and matches."""

    trusted = Signal(object)  # the Contact

    def __init__(
        self,
        book: AnyBook,
        path: Path,
        *,
        now: Callable[[], datetime] = datetime.now,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.card = read_card_file(path)  # a file that is not a card never opens this dialog
        self.book = book
        self.now = now
        self.setWindowTitle("Parley — Check a contact's card")
        self.setMinimumWidth(DIALOG_WIDTH)
        card = self.card
        kind = card.role.book_name
        intro = QLabel(
            f"This card says it is <b>{_html(card.name)}</b>, {kind}. Anyone can make a "
            "card with any name on it, so before you trust it, check its fingerprint with "
            "its owner.",
            self,
        )
        intro.setWordWrap(True)
        shown = _fixed_label(card.shown_fingerprint, "The card's fingerprint", self)
        how_to = QLabel(
            f"Call {_html(card.name)} on a number you already know (not one given in the "
            "message that brought this card), or meet them, and ask them to read you the "
            "fingerprint on their Contacts page, group by group. Type what they read:",
            self,
        )
        how_to.setWordWrap(True)
        self.typed = QLineEdit(self)
        self.typed.setAccessibleName("The fingerprint as its owner reads it")
        self.typed.setPlaceholderText("ABCD EFGH …")
        self.typed.setMaxLength(3 * FINGERPRINT_CHARS)
        self.verdict = InlineMessage(self)
        self.how = QComboBox(self)
        self.how.setAccessibleName("How you compared the fingerprint")
        for choice in ConfirmedHow:
            self.how.addItem(choice.label.capitalize(), choice.value)
        # The person who compared it: a mediator's card bears their name, the office's not.
        person = book.card_name() if book.role is Role.MEDIATOR else ""
        self.by = QLineEdit(book.settings.get(MEDIATOR) or person, self)
        self.by.setAccessibleName("Who compared the fingerprint")
        self.by.setPlaceholderText("Your name, for the audit trail")
        self.message = InlineMessage(self)
        typed_label = QLabel("&Fingerprint read to you:", self)
        typed_label.setBuddy(self.typed)
        how_label = QLabel("&How you compared it:", self)
        how_label.setBuddy(self.how)
        by_label = QLabel("&Who compared it:", self)
        by_label.setBuddy(self.by)
        self.buttons = QDialogButtonBox(parent=self)
        self.buttons.setStandardButtons(QDialogButtonBox.StandardButton.Cancel)
        self.trust_button = self.buttons.addButton(
            "&Trust this card", QDialogButtonBox.ButtonRole.AcceptRole
        )
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Check the card before you trust it", self))
        layout.addWidget(intro)
        layout.addWidget(QLabel("The card's fingerprint:", self))
        layout.addWidget(shown)
        layout.addWidget(how_to)
        # Labels above fields: a QFormLayout mis-sizes a wrapped message such as the verdict.
        for widget in (typed_label, self.typed, self.verdict, how_label, self.how, by_label,
                       self.by):  # fmt: skip
            layout.addWidget(widget)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.typed.textChanged.connect(self._check)
        self.by.textChanged.connect(self._check)
        self.buttons.accepted.connect(self.trust)
        self.buttons.rejected.connect(self.reject)
        self.typed.setFocus()
        self._check()

    def matches(self) -> bool:
        return normalise_fingerprint(self.typed.text()) == self.card.fingerprint

    def _check(self) -> None:
        typed = normalise_fingerprint(self.typed.text())
        if self.matches():
            said = "It matches the card."
            if not self.by.text().strip():
                said += " Now say who compared it (below), then trust the card."
            self.verdict.show_message(said, Kind.INFO)
        elif len(typed) >= FINGERPRINT_CHARS or not self.card.fingerprint.startswith(typed):
            self.verdict.show_message(
                "This does not match the card. Do not trust it: ask them to read it again, "
                "and make sure the card really came from them."
            )
        elif typed:
            self.verdict.show_message(
                f"So far it matches: {len(typed)} of {FINGERPRINT_CHARS} characters.",
                Kind.GUIDANCE,
            )
        else:
            self.verdict.clear()
        self.trust_button.setEnabled(self.matches() and bool(self.by.text().strip()))
        fit_height(self)

    def trust(self) -> None:
        if not self.trust_button.isEnabled():
            return
        how = ConfirmedHow(self.how.currentData())
        try:
            contact = trust_card(
                self.book, self.card, fingerprint=self.typed.text(), how=how,
                by=self.by.text(), at=self.now(),
            )  # fmt: skip
        except ParleyError as exc:
            self.message.show_message(str(exc))
            fit_height(self)
            return
        self.trusted.emit(contact)
        self.accept()


class ExportCardDialog(FittedDialog):
    """Writes this book's card, with the name its contacts will know it by."""

    exported = Signal(str)  # where

    def __init__(self, book: AnyBook, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.book = book
        self.setWindowTitle("Parley — Export this book's card")
        self.setMinimumWidth(DIALOG_WIDTH)
        intro = QLabel(
            "The card holds this book's name and public keys: nothing secret. Send it by any "
            "means; then read your fingerprint aloud to the person who adds it.",
            self,
        )
        intro.setWordWrap(True)
        self.name = QLineEdit(book.card_name(), self)
        self.name.setAccessibleName("The name on the card")
        self.name.setPlaceholderText("For example Alex Morgan, or Riverside Mediation office")
        name_label = QLabel("&Name on the card:", self)
        name_label.setBuddy(self.name)
        fingerprint = _fixed_label(
            format_fingerprint(book.identity.fingerprint), "This book's fingerprint", self
        )
        self.message = InlineMessage(self)
        self.buttons = QDialogButtonBox(parent=self)
        self.buttons.setStandardButtons(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.addButton(
            "&Save the card…", QDialogButtonBox.ButtonRole.AcceptRole
        )
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Export this book's card", self))
        layout.addWidget(intro)
        layout.addWidget(name_label)
        layout.addWidget(self.name)
        layout.addWidget(QLabel("This book's fingerprint:", self))
        layout.addWidget(fingerprint)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.name.textChanged.connect(self._update)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.name.setFocus()
        self._update()

    def _update(self) -> None:
        self.save_button.setEnabled(bool(self.name.text().strip()))

    def save(self) -> None:
        name = self.name.text().strip()
        if not name:
            return
        # choose_save_path makes the suggestion one safe file name, whatever the name holds.
        out = choose_save_path(self, "Save this book's card", f"{name}{SUFFIX}", CARD_KIND, SUFFIX)
        if out is None:
            return
        try:
            export_card(self.book, out, name=name)
        except ParleyError as exc:
            self.message.show_message(str(exc))
            fit_height(self)
            return
        self.exported.emit(str(out))
        self.accept()


def _html(text: str) -> str:
    import html

    return html.escape(text)
