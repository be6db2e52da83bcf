"""The office's Referrals page: new cases, as their opening details, and to whom each went.

A referral is typed in (or imported from a cases file) and sealed to a mediator, whose
casebook opens the case from it. The office keeps only the opening details.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from enum import IntEnum
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QPushButton, QWidget

from app.books.kinds import AnyBook
from app.books.office_book import OfficeBook
from app.cases.nhs import format_nhs_number
from app.exchange.sealed import Kind
from app.exchange.sending import SentFile
from app.formatting import format_date
from app.office.referrals import Referral
from ui.cases.case_table import HIDDEN_TITLE
from ui.exchange.send_dialog import SendDialog
from ui.office.referral_dialog import ReferralDialog
from ui.registers.complaints_page import HIDDEN
from ui.registers.models import RowsModel
from ui.registers.page import RegisterPage, RegisterWords
from ui.widgets.forms import set_tab_order
from ui.widgets.lists import Today, form_caption, size_columns, wrapped_label
from ui.widgets.messages import Kind as Said
from ui.workspace.record_dialog import add_shortcut

WORDS = RegisterWords(
    rows="referrals",
    table="Referrals",
    table_help="Press Enter to correct the chosen referral",
    filter_label="&Show:",
    filter_name="Which referrals",
    empty_title="No referrals yet",
    empty_guidance="Add each new case as it is referred: its reference, the patient, the "
    "hospital and the parties. Then send it, sealed, to the mediator who takes it on.",
    first_button="&New referral…",
    show_all_button="Show &all referrals",
)
UNSENT, SENT, EVERY = "unsent", "sent", ""
_DETAILS = ("Patient", "Hospital", "Referred", "Court", "Parties", "Sent")


class ReferralColumn(IntEnum):
    REFERENCE = 0
    TITLE = 1
    STAGE = 2
    REFERRED = 3
    SENT_TO = 4


class ReferralsModel(RowsModel[Referral]):
    headers = ("Reference", "Title", "Stage", "Referred", "Sent to")
    #: A title names the diagnosis: hidden in safe view (the reference stays).
    safe_view = False

    def id_of(self, row: Referral) -> int | None:
        return row.id

    def text(self, row: Referral, column: int) -> str:
        details = row.details
        if column == ReferralColumn.REFERENCE:
            return details.reference
        if column == ReferralColumn.TITLE:
            return HIDDEN_TITLE if self.safe_view else details.title
        if column == ReferralColumn.STAGE:
            return details.stage.label
        if column == ReferralColumn.REFERRED:
            return format_date(details.referred_on)
        return f"{row.sent_to}, {format_date(row.sent_on)}" if row.sent_on else "Not yet sent"

    def sort_key(self, row: Referral, column: int) -> Any:
        if column == ReferralColumn.REFERRED:
            return (row.details.referred_on or date.min).isoformat()
        return super().sort_key(row, column)


class ReferralsPage(RegisterPage[Referral]):
    sent = Signal(object)  # SentFile

    def __init__(self, parent: QWidget | None = None, *, today: Today = date.today) -> None:
        filters = [("Not yet sent", UNSENT), ("Sent to a mediator", SENT), ("All referrals", EVERY)]
        self.referrals = ReferralsModel()  # the page's model, with its safe view
        super().__init__(self.referrals, WORDS, filters, show_all=EVERY, today=today,
                         parent=parent)  # fmt: skip
        size_columns(self.table, {
            ReferralColumn.REFERENCE: "MM-2026-014", ReferralColumn.TITLE: "Continuing ventilation",
            ReferralColumn.STAGE: "Eleventh hour (legal action begun)",
            ReferralColumn.REFERRED: "28 September 2026",
        }, ReferralColumn.SENT_TO)  # fmt: skip
        self.table.sortByColumn(ReferralColumn.REFERRED, Qt.SortOrder.DescendingOrder)
        self.new_button = QPushButton("&New referral…", self)
        self.new_button.setToolTip("Add a referral (Insert)")
        self.edit_button = QPushButton("&Edit…", self)
        self.send_button = QPushButton("Send to a &mediator…", self)
        self.add_buttons(self.new_button, self.edit_button, self.send_button)

        self.details = QGroupBox("The chosen referral", self)
        self.detail_form = QFormLayout(self.details)
        self.detail: dict[str, QLabel] = {}
        for name in _DETAILS:
            self.detail[name] = wrapped_label(name=name)
            self.detail_form.addRow(form_caption(f"{name}:", self), self.detail[name])
        self.set_details(self.details)

        self.new_button.clicked.connect(self.new_referral)
        self.first_button.clicked.connect(self.new_referral)
        self.edit_button.clicked.connect(self.edit_referral)
        self.send_button.clicked.connect(self.send_referral)
        self.table.activated.connect(lambda _index: self.edit_referral())
        add_shortcut(self, QKeySequence(Qt.Key.Key_Insert), self.new_referral)
        set_tab_order(self.filter, *self.buttons, self.table)
        self.refresh()

    # --- the RegisterPage contract ----------------------------------------------------------

    def read_rows(self, casebook: AnyBook) -> Sequence[Referral]:
        return casebook.referrals.all() if isinstance(casebook, OfficeBook) else []

    def row_filter(self, value: str) -> Callable[[Referral], bool]:
        if value == UNSENT:
            return lambda r: r.sent_on is None
        if value == SENT:
            return lambda r: r.sent_on is not None
        return lambda r: True

    def no_match_text(self, value: str) -> str:
        return "Every referral has been sent" if value == UNSENT else "None has been sent yet"

    def set_safe_view(self, on: bool) -> None:
        super().set_safe_view(on)
        self.referrals.safe_view = on
        self.reload()

    def show_chosen(self) -> None:
        chosen = self.selected()
        texts = _texts(chosen, self.safe_view) if chosen else dict.fromkeys(_DETAILS, "")
        for name, label in self.detail.items():
            label.setText(texts[name])
            self.detail_form.setRowVisible(label, bool(texts[name]))
        title = HIDDEN_TITLE if self.safe_view else chosen.details.title if chosen else ""
        self.details.setTitle(f"{chosen.reference}: {title}" if chosen else "Choose a referral")
        office = isinstance(self.casebook, OfficeBook)
        self.new_button.setEnabled(office)
        self.first_button.setEnabled(office)
        self.edit_button.setEnabled(chosen is not None)
        self.send_button.setEnabled(chosen is not None)

    # --- acting -----------------------------------------------------------------------------

    def new_referral(self) -> ReferralDialog | None:
        if not isinstance(self.casebook, OfficeBook):
            return None
        dialog = ReferralDialog(self.casebook, parent=self)
        dialog.created.connect(self._stored)
        self.open_dialog(dialog)
        return dialog

    def edit_referral(self) -> ReferralDialog | None:
        chosen = self.selected()
        if chosen is None or not isinstance(self.casebook, OfficeBook):
            return None
        dialog = ReferralDialog(self.casebook, chosen, parent=self)
        dialog.created.connect(self._stored)
        self.open_dialog(dialog)
        return dialog

    def _stored(self, referral_id: int) -> None:
        self.message.show_message("The referral is stored.", Said.INFO)
        self.reload(referral_id)

    def send_referral(self) -> SendDialog | None:
        chosen = self.selected()
        if chosen is None or self.casebook is None:
            return None
        dialog = SendDialog(self.casebook, Kind.REFERRAL, chosen.reference, parent=self)
        dialog.sent.connect(self._sent)
        self.open_dialog(dialog)
        return dialog

    def _sent(self, sent: SentFile) -> None:
        self.message.show_message(
            f"Sealed the referral {sent.reference} to {sent.to.name} in “{sent.path.name}”. "
            "Only their casebook can open it; send it to them.",
            Said.INFO,
        )
        self.reload()
        self.sent.emit(sent)


def _texts(referral: Referral, safe_view: bool) -> dict[str, str]:
    details, patient = referral.details, referral.details.patient
    born = f", born {format_date(patient.date_of_birth)}" if patient.date_of_birth else ""
    nhs = f", NHS number {format_nhs_number(patient.nhs_number)}" if patient.nhs_number else ""
    court = details.court
    court_text = ""
    if court is not None:
        parts = (court.name, court.reference, format_date(court.next_hearing))
        court_text = ", ".join(v for v in parts if v)
    parties = "; ".join(
        f"{p.name} ({p.role.label.lower()}, {p.side.label.lower()})" for p in details.parties
    )
    referred = (format_date(details.referred_on), details.referred_by)
    sent = f"to {referral.sent_to} on {format_date(referral.sent_on)}" if referral.sent_on else ""
    who = f"{patient.name or 'No name given'}{born}{nhs}"
    return {
        "Patient": HIDDEN if safe_view else who,
        "Hospital": " · ".join(v for v in (details.hospital, details.team) if v),
        "Referred": " by ".join(v for v in referred if v),
        "Court": court_text,
        "Parties": parties or "None recorded",
        "Sent": sent or "Not yet",
    }
