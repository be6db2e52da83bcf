"""The dialog that adds or edits a party: who they are, their consent to mediate."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex
from PySide6.QtWidgets import (
    QCheckBox,
    QLineEdit,
    QWidget,
)

from app.books.casebook import Casebook
from app.cases.records import Party, PartyRole, Side
from ui.widgets.dates import DateField
from ui.widgets.forms import combo_value, enum_combo, set_combo_value
from ui.workspace.record_dialog import (
    ConcealableText,
    RecordDialog,
)

AnyIndex = QModelIndex | QPersistentModelIndex

EMPTY_PARTIES = (
    "No parties yet. Add the family members, clinicians and others taking part with "
    "“New party” (Alt+N or Insert), and record when each consented to mediate."
)
# A sensible first guess of a new party's side from their role; the mediator can change it.
_SIDE_OF_ROLE = {
    PartyRole.PARENT: Side.FAMILY,
    PartyRole.GUARDIAN: Side.FAMILY,
    PartyRole.PATIENT: Side.FAMILY,
    PartyRole.CONSULTANT: Side.CLINICAL,
    PartyRole.NURSE: Side.CLINICAL,
    PartyRole.OTHER_CLINICIAN: Side.CLINICAL,
}
_SIDE_ORDER = {side: i for i, side in enumerate(Side)}


class PartyDialog(RecordDialog):
    def __init__(
        self,
        casebook: Casebook,
        case_id: int,
        party: Party | None = None,
        *,
        safe_view: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Edit party" if party else "New party", parent)
        self.casebook = casebook
        self.case_id = case_id
        self.party = party

        self.name = QLineEdit(self)
        self.name.setAccessibleName("Name")
        self.role = enum_combo(PartyRole, self, name="Role")
        self.side = enum_combo(Side, self, name="Side")
        self.contact = ConcealableText("contact details", "Contact details (confidential)", self)
        self.contact.editor.setMaximumHeight(self.fontMetrics().height() * 5)
        self.contact.editor.setPlaceholderText("Telephone, email, address")
        self.consented_on = DateField("Consent to mediate given on", self)
        self.consent_how = QLineEdit(self)
        self.consent_how.setAccessibleName("How consent was given")
        self.consent_how.setPlaceholderText("For example: in person, by email")
        self.withdrawn_on = DateField("Consent withdrawn on", self)
        self.party_to_agreement = QCheckBox("Party to the &agreement", self)

        self.add_row("&Name:", self.name, "name")
        self.add_row("&Role:", self.role)
        self.add_row("&Side:", self.side)
        self.add_row("&Contact (confidential):", self.contact, "contact")
        self.add_row("Consent &given on:", self.consented_on, "consented_on")
        self.add_row("&How given:", self.consent_how, "consent_how")
        self.add_row("Consent &withdrawn on:", self.withdrawn_on, "consent_withdrawn_on")
        # Reasons said beside one field of a rule joining two: either change may settle it.
        self.joined("consented_on", "consent_how")
        self.joined("consent_withdrawn_on", "consented_on")
        self.form.addRow("", self.party_to_agreement)

        self._side_chosen = party is not None
        if party is not None:
            self.name.setText(party.name)
            set_combo_value(self.role, party.role)
            set_combo_value(self.side, party.side)
            self.contact.set_text(party.contact)
            self.consented_on.set_value(party.consented_on)
            self.consent_how.setText(party.consent_how)
            self.withdrawn_on.set_value(party.consent_withdrawn_on)
            self.party_to_agreement.setChecked(party.party_to_agreement)
        else:
            self._suggest_side()
        self.role.currentIndexChanged.connect(self._suggest_side)
        self.side.activated.connect(self._remember_side_choice)
        self.set_safe_view(safe_view)
        self.name.setFocus()

    def _remember_side_choice(self) -> None:
        self._side_chosen = True

    def _suggest_side(self) -> None:
        if not self._side_chosen:
            role = combo_value(self.role, PartyRole)
            set_combo_value(self.side, _SIDE_OF_ROLE.get(role, Side.OTHER))

    def set_safe_view(self, on: bool) -> None:
        self.contact.set_concealed(on)

    def build(self) -> Party:
        return Party(
            id=self.party.id if self.party else None,
            case_id=self.case_id,
            name=self.name.text().strip(),
            role=combo_value(self.role, PartyRole),
            side=combo_value(self.side, Side),
            contact=self.contact.text().strip(),
            consented_on=self.consented_on.value(),
            consent_how=self.consent_how.text().strip(),
            consent_withdrawn_on=self.withdrawn_on.value(),
            party_to_agreement=self.party_to_agreement.isChecked(),
        )

    def store(self, record: Party) -> Party:
        if record.id is None:
            return self.casebook.parties.add(record)
        return self.casebook.parties.update(record)

    def done(self, result: int) -> None:
        self.contact.wipe()  # contact details are confidential: do not keep them past closing
        super().done(result)
