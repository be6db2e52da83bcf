"""A new referral, or corrections to one: a case's opening details and its parties (name,
role, side and contact), and nothing said in mediation; the office's book has no place for
that."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.books.office_book import OfficeBook
from app.cases.nhs import format_nhs_number
from app.cases.opening import OpeningDetails, OpeningParty
from app.cases.records import PartyRole, Side
from app.errors import InvalidValue
from app.office.referrals import Referral
from ui.cases.new_case import CaseDetailsDialog
from ui.widgets.forms import set_combo_value

_NAME, _ROLE, _SIDE, _CONTACT = range(4)


class ReferralDialog(CaseDetailsDialog):
    """Asks for a referral's opening details; ``created`` carries the referral's id."""

    WINDOW_TITLE = "Parley — Referral"
    HEADING = "Referral"
    BUTTON = "S&ave referral"
    WHAT = "The referral"
    WITH_STATUS = False

    def __init__(
        self, office: OfficeBook, referral: Referral | None = None, parent: QWidget | None = None
    ) -> None:
        self.office = office
        self.referral = referral
        super().__init__(parent)
        if referral is not None:
            self._fill(referral.details)

    def existing_references(self) -> Iterable[str]:
        return self.office.referrals.references()

    def more_boxes(self) -> list[QWidget]:
        box = QGroupBox("Parties", self)
        self.parties = QTableWidget(0, 4, box)
        self.parties.setAccessibleName("The parties: name, role, side and contact")
        self.parties.setHorizontalHeaderLabels(["Name", "Role", "Side", "Contact"])
        self.parties.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.parties.verticalHeader().hide()
        self.parties.setTabKeyNavigation(False)
        self.parties.setMinimumHeight(6 * self.fontMetrics().height())
        self.add_party = QPushButton("Add a part&y", box)
        self.remove_party = QPushButton("Remo&ve the party", box)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_party)
        buttons.addWidget(self.remove_party)
        buttons.addStretch(1)
        column = QVBoxLayout(box)
        column.addWidget(self.parties)
        column.addLayout(buttons)
        self.add_party.clicked.connect(lambda: self.add_party_row())
        self.remove_party.clicked.connect(self._remove_party)
        return [box]

    def add_party_row(self, party: OpeningParty | None = None) -> int:
        row = self.parties.rowCount()
        self.parties.insertRow(row)
        self.parties.setItem(row, _NAME, QTableWidgetItem(party.name if party else ""))
        self.parties.setItem(row, _CONTACT, QTableWidgetItem(party.contact if party else ""))
        for column, kind, value in (
            (_ROLE, PartyRole, party.role if party else PartyRole.PARENT),
            (_SIDE, Side, party.side if party else Side.FAMILY),
        ):
            combo = QComboBox(self.parties)
            for member in kind:
                combo.addItem(member.label, member.value)
            set_combo_value(combo, value)
            self.parties.setCellWidget(row, column, combo)
        self.parties.setCurrentCell(row, _NAME)
        return row

    def _remove_party(self) -> None:
        row = self.parties.currentRow()
        if row >= 0:
            self.parties.removeRow(row)

    def details(self) -> OpeningDetails:
        case = self.case()
        parties = []
        for row in range(self.parties.rowCount()):
            name = self.parties.item(row, _NAME)
            contact = self.parties.item(row, _CONTACT)
            role, side = self.parties.cellWidget(row, _ROLE), self.parties.cellWidget(row, _SIDE)
            assert isinstance(role, QComboBox) and isinstance(side, QComboBox)
            parties.append(
                OpeningParty(
                    name.text().strip() if name else "",
                    PartyRole(role.currentData()),
                    Side(side.currentData()),
                    contact.text().strip() if contact else "",
                )
            )
        return OpeningDetails(
            reference=case.reference, title=case.title, stage=case.stage,
            hospital=case.hospital, team=case.team, referred_on=case.referred_on,
            referred_by=case.referred_by, patient=case.patient, court=case.court,
            parties=tuple(parties),
        )  # fmt: skip

    def store(self) -> int | None:
        details = self.details()
        for n, party in enumerate(details.parties):
            if not party.name:
                raise InvalidValue("", f"Party {n + 1} has no name: give one, or remove it.")
        with self.office.transaction():
            if self.referral is None:
                return self.office.referrals.add(details).id
            return self.office.referrals.update(self.referral.id, details).id

    def _fill(self, details: OpeningDetails) -> None:
        self.reference.setText(details.reference)
        self.title.setText(details.title)
        self.set_stage(details.stage)
        self.hospital.setText(details.hospital)
        self.team.setText(details.team)
        self.referred_on.set_value(details.referred_on)
        self.referred_by.setText(details.referred_by)
        self.patient_name.setText(details.patient.name)
        self.date_of_birth.set_value(details.patient.date_of_birth)
        self.nhs_number.setText(format_nhs_number(details.patient.nhs_number))
        self.hospital_number.setText(details.patient.hospital_number)
        if details.court is not None:
            self.court_name.setText(details.court.name)
            self.court_reference.setText(details.court.reference)
            self.next_hearing.set_value(details.court.next_hearing)
        for party in details.parties:
            self.add_party_row(party)
