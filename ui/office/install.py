"""Puts the office's sections, the Contacts page and the sealed-file actions into the window.

The office's book shows its dashboard first, then Referrals and Agreements before the
registers, and Contacts last; a casebook shows Contacts too. File, Receive takes in a sealed
file, as does dropping one on the window; in a case, Hand over and Send the outcome seal the
case's file to a trusted contact.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import Qt

from app.books.kinds import AnyBook
from app.books.office_book import OfficeBook
from ui.main_window import MainWindow, for_every_book
from ui.office.agreements_page import AgreementsPage
from ui.office.contacts_page import ContactsPage
from ui.office.dashboard import OfficeDashboardPage
from ui.office.referrals_page import ReferralsPage
from ui.office.sealed_files import SealedFiles
from ui.registers.install import RegisterPages
from ui.registers.page import RegisterPage
from ui.widgets.lists import Today


def for_the_office(book: AnyBook) -> bool:
    return isinstance(book, OfficeBook)


@dataclass
class OfficePages:
    dashboard: OfficeDashboardPage
    referrals: ReferralsPage
    agreements: AgreementsPage
    contacts: ContactsPage
    sealed: SealedFiles


def install_office(
    window: MainWindow,
    registers: RegisterPages,
    *,
    today: Today = date.today,
    now: Callable[[], datetime] = datetime.now,
) -> OfficePages:
    """Add the office's sections and Contacts to ``window`` (after ``install_registers``)."""
    dashboard = OfficeDashboardPage(window, today=today)
    referrals = ReferralsPage(window, today=today)
    agreements = AgreementsPage(window, today=today)
    contacts = ContactsPage(window, today=today, now=now)
    window.add_section("&Dashboard", dashboard, first=True, shown_for=for_the_office,
                       topic="dashboard")  # fmt: skip
    window.add_section("&Referrals", referrals, before=registers.training,
                       shown_for=for_the_office, topic="office")  # fmt: skip
    window.add_section("&Agreements", agreements, before=registers.training,
                       shown_for=for_the_office, topic="office")  # fmt: skip
    window.add_section("C&ontacts", contacts, shown_for=for_every_book, topic="office")

    def show(page: RegisterPage[Any]) -> Callable[[int], None]:
        def open_record(record_id: int) -> None:
            window.navigation.setCurrentRow(window.sections.indexOf(page))
            page.select(record_id)
            page.table.setFocus(Qt.FocusReason.OtherFocusReason)

        return open_record

    dashboard.agreement_requested.connect(show(agreements))
    dashboard.referral_requested.connect(show(referrals))
    dashboard.course_requested.connect(registers.open_course)
    dashboard.complaint_requested.connect(registers.open_complaint)
    dashboard.request_requested.connect(registers.open_request)
    sealed = SealedFiles(window)
    agreements.receive_requested.connect(sealed.receive)
    return OfficePages(dashboard, referrals, agreements, contacts, sealed)
