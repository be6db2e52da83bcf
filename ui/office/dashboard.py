"""The office's dashboard: what is waiting on the administrator today.

Agreements still waiting for their signed copy or to go to the hospital; referrals not yet
sent to a mediator; courses coming up; complaints and subject access requests due or
overdue; feedback on recent courses (averages per course). Each item leads to where it is
worked on. Nothing confidential is here: the office's book holds nothing confidential. The
frame and the registers' panels are the casebook dashboard's (``PanelGrid``,
``RegisterPanels``).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent, QStandardItem
from PySide6.QtWidgets import QVBoxLayout, QWidget

from app.books.kinds import AnyBook
from app.books.office_book import OfficeBook
from app.errors import ParleyError
from app.formatting import format_date
from app.office.agreements import ArchivedAgreement
from app.office.referrals import Referral
from ui.cases.case_table import HIDDEN_TITLE
from ui.dashboard_obligations import RegisterPanels, list_item, read_obligations
from ui.widgets.lists import ListPanel, Today
from ui.widgets.panel_grid import PanelGrid
from ui.widgets.section import SectionPage


def agreement_item(archived: ArchivedAgreement) -> QStandardItem:
    document = archived.document
    text = (
        f"{document.case_reference} · {what_waits(archived)}\n"
        f"Received {format_date(archived.received_on)}"
        + (f" from {document.mediator}" if document.mediator else "")
    )
    return list_item(text, archived.id, f"{text}\n\nPress Enter to see it on the Agreements page.")


def what_waits(archived: ArchivedAgreement) -> str:
    """What an agreement still needs, as a dashboard says it."""
    if archived.signed_copy_on is None:
        return "waiting for the signed copy"
    return "to go to the hospital for the care notes"


def referral_item(referral: Referral, safe_view: bool = False) -> QStandardItem:
    details = referral.details
    title = HIDDEN_TITLE if safe_view else details.title
    text = f"{details.reference} · {title}\nReferred {format_date(details.referred_on)}"
    return list_item(text, referral.id, f"{text}\n\nPress Enter to see it on the Referrals page.")


class OfficeDashboardPage(SectionPage):
    agreement_requested = Signal(int)
    referral_requested = Signal(int)
    course_requested = Signal(int)
    complaint_requested = Signal(int)
    request_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None, *, today: Today = date.today) -> None:
        super().__init__(parent)
        self.book: OfficeBook | None = None
        self.today = today
        self.safe_view = False
        self.agreements = ListPanel(
            "Agreements still waiting", "Agreements waiting for a signed copy or the hospital", self
        )
        self.referrals = ListPanel(
            "Referrals not yet sent to a mediator", "Referrals not yet sent", self
        )
        self.registers = RegisterPanels(self)
        self.courses, self.complaints = self.registers.courses, self.registers.complaints
        self.requests, self.feedback = self.registers.requests, self.registers.feedback
        self.registers.lead_to(self.course_requested, self.complaint_requested,
                               self.request_requested)  # fmt: skip
        self.grid = PanelGrid(
            [
                [self.agreements, self.referrals, self.courses],
                [self.complaints, self.requests, self.feedback],
            ],
            self,
        )
        self.title, self.message = self.grid.title, self.grid.message
        QVBoxLayout(self).addWidget(self.grid)
        self.agreements.activated.connect(self.agreement_requested)
        self.referrals.activated.connect(self.referral_requested)

    # --- the SectionPage contract -----------------------------------------------------------

    def show_casebook(self, casebook: AnyBook) -> None:
        if not isinstance(casebook, OfficeBook):
            return
        self.book = casebook
        if self.isVisible():
            self.reload()

    def clear(self) -> list[str]:
        self.book = None
        self.grid.clear()
        return []

    def set_safe_view(self, on: bool) -> None:
        """Referrals' titles name the diagnosis: hidden in safe view (references stay)."""
        self.safe_view = on
        if self.book is not None and self.isVisible():
            self.reload()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.book is not None:
            self.reload()

    def reload(self) -> None:
        book = self.book
        if book is None:
            return
        today = self.today()
        self.grid.begin(today)
        try:
            waiting = book.agreements.waiting()
            unsent = [r for r in book.referrals.all() if r.sent_on is None]
            obligations = read_obligations(book, today)
        except ParleyError as exc:
            self.grid.failed(exc)
            return
        self.agreements.set_items(
            [agreement_item(a) for a in waiting],
            "No agreement is waiting for its signed copy or to go to the hospital. Agreements "
            "arrive from mediators as sealed files: File, Receive a sealed file (Ctrl+Shift+O).",
        )
        self.referrals.set_items(
            [referral_item(r, self.safe_view) for r in unsent],
            "No referral is waiting to be sent to a mediator. New referrals are added on the "
            "Referrals page.",
        )
        self.registers.show(obligations)
