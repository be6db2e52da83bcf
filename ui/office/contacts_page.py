"""The Contacts page: the books this book trusts, and this book's own card.

A contact is added from its card only after its fingerprint has been compared with its
owner (``TrustCardDialog``): read aloud over the phone, or face to face. The fingerprint is
shown in groups of four, in a fixed-width font, so that two people can read it to each other
group by group. Every book has this page, the office's and each mediator's.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from enum import IntEnum
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.books.kinds import AnyBook
from app.errors import ParleyError
from app.formatting import format_datetime
from app.identity.contacts import Contact
from app.identity.keys import format_fingerprint
from app.roles import Role
from ui.office.card_dialogs import ExportCardDialog, TrustCardDialog, choose_card, fixed_font
from ui.registers.models import RowsModel
from ui.registers.page import RegisterPage, RegisterWords
from ui.widgets.forms import set_tab_order
from ui.widgets.lists import Today, form_caption, size_columns, wrapped_label
from ui.widgets.messages import Kind

WORDS = RegisterWords(
    rows="contacts",
    table="Trusted contacts",
    table_help="The books whose sealed files this book takes in, and can seal files to",
    filter_label="&Show:",
    filter_name="Which contacts",
    empty_title="No contacts yet",
    empty_guidance="Books exchange sealed files only with contacts they trust. Send this "
    "book's card (below) to the office or a mediator, add theirs, and compare the "
    "fingerprints by reading them aloud to each other over the phone.",
    first_button="Add a contact from a &card…",
    show_all_button="Show &all contacts",
)


class ContactColumn(IntEnum):
    NAME = 0
    ROLE = 1
    FINGERPRINT = 2
    CONFIRMED = 3


ROLE_WORDS = {Role.MEDIATOR: "Mediator", Role.OFFICE: "Office"}


class ContactsModel(RowsModel[Contact]):
    headers = ("Name", "Book", "Fingerprint", "Confirmed")

    def id_of(self, row: Contact) -> int | None:
        return row.id

    def text(self, row: Contact, column: int) -> str:
        if column == ContactColumn.NAME:
            return row.name
        if column == ContactColumn.ROLE:
            return ROLE_WORDS[row.role]
        if column == ContactColumn.FINGERPRINT:
            return row.shown_fingerprint
        return f"{format_datetime(row.confirmed_at)}, by {row.confirmed_by}"

    def sort_key(self, row: Contact, column: int) -> Any:
        if column == ContactColumn.CONFIRMED:
            return row.confirmed_at
        return super().sort_key(row, column)

    def extra(self, row: Contact, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.FontRole and column == ContactColumn.FINGERPRINT:
            return fixed_font()
        return None


class ContactsPage(RegisterPage[Contact]):
    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        today: Today = date.today,
        now: Callable[[], datetime] = datetime.now,
    ) -> None:
        filters = [("All contacts", ""), ("Mediators", Role.MEDIATOR.value),
                   ("The office", Role.OFFICE.value)]  # fmt: skip
        super().__init__(ContactsModel(), WORDS, filters, show_all="", today=today,
                         parent=parent)  # fmt: skip
        self.now = now
        size_columns(self.table, {
            ContactColumn.NAME: "Dr Łukasz Nowak-Whitfield", ContactColumn.ROLE: "Mediator",
            ContactColumn.FINGERPRINT: "ABCD " * 10,
        }, ContactColumn.CONFIRMED)  # fmt: skip
        self.table.sortByColumn(ContactColumn.NAME, Qt.SortOrder.AscendingOrder)

        self.add_button = QPushButton("Add a contact from a &card…", self)
        self.add_buttons(self.add_button)

        self.chosen = QGroupBox("The chosen contact", self)
        chosen_form = QFormLayout(self.chosen)
        self.chosen_fingerprint = self._fingerprint_label("The chosen contact's fingerprint")
        self.chosen_confirmed = wrapped_label(name="How the fingerprint was confirmed")
        chosen_form.addRow(form_caption("Fingerprint:", self), self.chosen_fingerprint)
        chosen_form.addRow(form_caption("Confirmed:", self), self.chosen_confirmed)

        self.own = QGroupBox("This book's card", self)
        own_form = QFormLayout(self.own)
        self.own_name = wrapped_label(name="The name on this book's card")
        self.own_fingerprint = self._fingerprint_label("This book's fingerprint")
        self.export_button = QPushButton("&Export this book's card…", self)
        self.export_button.setToolTip("Write this book's card to a file, to send to a contact")
        own_form.addRow(form_caption("Name:", self), self.own_name)
        own_form.addRow(form_caption("Fingerprint:", self), self.own_fingerprint)
        own_form.addRow("", self.export_button)
        holder = QWidget(self)
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.chosen)
        column.addWidget(self.own)
        column.addStretch(1)
        self.set_details(holder)

        self.add_button.clicked.connect(self.add_contact)
        self.first_button.clicked.connect(self.add_contact)
        self.export_button.clicked.connect(self.export_card)
        set_tab_order(self.filter, *self.buttons, self.table, self.export_button)
        self.refresh()

    def _fingerprint_label(self, name: str) -> QLabel:
        label = QLabel(self)
        label.setFont(fixed_font(1.25))
        label.setAccessibleName(name)
        label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        label.setWordWrap(True)
        return label

    # --- the RegisterPage contract ----------------------------------------------------------

    def read_rows(self, casebook: AnyBook) -> Sequence[Contact]:
        return casebook.contacts.all()

    def row_filter(self, value: str) -> Callable[[Contact], bool]:
        return lambda contact: not value or contact.role.value == value

    def no_match_text(self, value: str) -> str:
        if value == Role.MEDIATOR.value:
            return "No mediators are contacts yet"
        return "The office is not a contact yet"

    def show_chosen(self) -> None:
        contact = self.selected()
        self.chosen.setVisible(contact is not None)
        if contact is not None:
            self.chosen.setTitle(f"{contact.name} ({ROLE_WORDS[contact.role].lower()})")
            self.chosen_fingerprint.setText(contact.shown_fingerprint)
            self.chosen_confirmed.setText(
                f"by {contact.confirmed_by}, {contact.confirmed_how.label}, "
                f"{format_datetime(contact.confirmed_at)}"
            )
        book = self.casebook
        self.own.setVisible(book is not None)
        if book is not None:
            name = book.card_name()
            self.own_name.setText(name or "Not set yet: you choose it when you export the card")
            self.own_fingerprint.setText(format_fingerprint(book.identity.fingerprint))
        self.add_button.setEnabled(book is not None)
        self.first_button.setEnabled(book is not None)
        self.export_button.setEnabled(book is not None)

    # --- acting -----------------------------------------------------------------------------

    def add_contact(self) -> TrustCardDialog | None:
        if self.casebook is None:
            return None
        path = choose_card(self)
        if path is None:
            return None
        try:
            dialog = TrustCardDialog(self.casebook, path, now=self.now, parent=self)
        except ParleyError as exc:
            self.message.show_message(str(exc), Kind.ERROR)
            return None
        dialog.trusted.connect(self._trusted)
        self.open_dialog(dialog)
        return dialog

    def _trusted(self, contact: Contact) -> None:
        self.message.show_message(
            f"{contact.name} is now a trusted contact: sealed files from this book reach "
            "them, and theirs are taken in here.",
            Kind.INFO,
        )
        self.reload(contact.id)

    def export_card(self) -> ExportCardDialog | None:
        if self.casebook is None:
            return None
        dialog = ExportCardDialog(self.casebook, parent=self)
        dialog.exported.connect(self._exported)
        self.open_dialog(dialog)
        return dialog

    def _exported(self, where: str) -> None:
        self.message.show_message(
            f"Wrote this book's card to {where}. Send it to your contact, then read them "
            "your fingerprint aloud.",
            Kind.INFO,
        )
        self.show_chosen()
