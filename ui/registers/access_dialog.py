"""Recording a subject access request, and its progress: identity checked, extended, answered.

The request names the party records that are the requester (found by name across every
case), so that their pack can be gathered. The contact details are hidden in safe view.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import NamedTuple

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QWidget,
)

from app.books.casebook import Casebook
from app.books.kinds import AnyBook, require_casebook
from app.cases.validation import SHORT_TEXT
from app.errors import InvalidValue, ParleyError
from app.formatting import format_date
from app.registers.access_requests import MAX_EXTENSION_MONTHS, AccessRequest
from app.registers.calendar import months_after
from ui.widgets.dates import DateField, RequiredDateField
from ui.widgets.lists import plural, wrapped_label
from ui.widgets.roles import ID_ROLE
from ui.workspace.record_dialog import ConcealableText, RecordDialog


class RequestDraft(NamedTuple):
    received_on: date
    requester: str
    contact: str
    party_ids: tuple[int, ...]
    identity_checked_on: date | None
    identity_checked_how: str
    extension_months: int
    extension_reason: str
    responded_on: date | None


class AccessRequestDialog(RecordDialog):
    """Records a new request or progresses one; ``saved`` carries it."""

    def __init__(self, casebook: AnyBook, request: AccessRequest | None = None, *,
                 today: date, safe_view: bool = False,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        title = f"Subject access request {request.reference}" if request else "Record a request"
        super().__init__(title, parent)
        self.casebook, self.request = casebook, request
        self.what = f"Request {request.reference}" if request else "The new request"
        self.received_on = RequiredDateField("Received on", self, value=today)
        self.requester = QLineEdit(self)
        self.requester.setAccessibleName("Requester's name")
        self.requester.setMaxLength(SHORT_TEXT)
        self.contact = ConcealableText("contact details", "Where to send the answer", self)
        self.contact.editor.setMaximumHeight(self.fontMetrics().height() * 4)
        self.parties = QListWidget(self)
        self.parties.setAccessibleName("The requester's party records")
        self.parties.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.parties.setMaximumHeight(self.fontMetrics().height() * 8)
        self.identity_on = DateField("Identity checked on", self)
        self.identity_how = QLineEdit(self)
        self.identity_how.setAccessibleName("How the identity was checked")
        self.identity_how.setPlaceholderText("e.g. Seen in person with photo identity")
        self.extension = QSpinBox(self)
        self.extension.setAccessibleName("Extended by, in months")
        self.extension.setRange(0, MAX_EXTENSION_MONTHS)
        self.extension.setSuffix(" months")
        self.extension_reason = QLineEdit(self)
        self.extension_reason.setAccessibleName("Reason for the extension")
        self.responded_on = DateField("Answered on", self)
        self.due = wrapped_label(name="Due")

        self.add_row("&Received on:", self.received_on, "received_on")
        self.add_row("Re&quester:", self.requester, "requester")
        self.add_row("Con&tact:", self.contact, "contact")
        if isinstance(casebook, Casebook):
            self.add_row("Their part&y records:", self.parties, "party_ids")
            hint = "Records of every case in the requester's name; tick those that are them."
            self.form.addRow("", wrapped_label(hint, self))
        else:  # the office's book holds no party records: the mediator gathers the pack
            self.parties.hide()
            self.form.addRow("", wrapped_label(
                "The mediator gathers and writes the pack from their casebook; the office "
                "keeps the request and its deadline.", self))  # fmt: skip
        self.add_row("Identity &checked on:", self.identity_on, "identity_checked_on")
        self.add_row("&How it was checked:", self.identity_how, "identity_checked_how")
        self.add_row("E&xtended by:", self.extension, "extension_months")
        self.add_row("Rea&son for the extension:", self.extension_reason, "extension_reason")
        self.add_row("&Answered on:", self.responded_on, "responded_on")
        self.form.addRow("Due:", self.due)
        # Reasons said beside one field of a rule joining two: either change may settle it.
        self.joined("identity_checked_on", "received_on", "identity_checked_how", "responded_on")
        self.joined("responded_on", "received_on")
        self.joined("identity_checked_how", "identity_checked_on")
        self.joined("extension_reason", "extension_months")

        if request is not None:
            self.received_on.set_value(request.received_on)
            self.requester.setText(request.requester)
            self.contact.set_text(request.contact)
            self.identity_on.set_value(request.identity_checked_on)
            self.identity_how.setText(request.identity_checked_how)
            self.extension.setValue(request.extension_months)
            self.extension_reason.setText(request.extension_reason)
            self.responded_on.set_value(request.responded_on)
        self._list_parties(request.party_ids if request else ())
        self.contact.set_concealed(safe_view)
        self.requester.editingFinished.connect(lambda: self._list_parties(self._ticked()))
        self.received_on.changed.connect(self._show_due)
        self.extension.valueChanged.connect(lambda _v: self._show_due())
        self.extension.valueChanged.connect(self._name_unit)
        self._name_unit(self.extension.value())
        self._show_due()
        (self.identity_on if request else self.received_on).setFocus()

    def _ticked(self) -> tuple[int, ...]:
        return tuple(
            int(self.parties.item(n).data(ID_ROLE))
            for n in range(self.parties.count())
            if self.parties.item(n).checkState() == Qt.CheckState.Checked
        )

    def _list_parties(self, ticked: tuple[int, ...]) -> None:
        """The party records whose name holds the requester's, and those already ticked."""
        name = self.requester.text().strip()
        if not isinstance(self.casebook, Casebook):
            return
        try:
            found = self.casebook.parties.named(name) if len(name) >= 2 else []
            kept = [(self.casebook.parties.get(p), "") for p in ticked]
        except ParleyError:
            found, kept = [], []
        self.parties.clear()
        seen: set[int] = set()
        for party, reference in kept + found:
            if party.id is None or party.id in seen:
                continue
            seen.add(party.id)
            where = reference or self._reference_of(party.case_id)
            item = QListWidgetItem(f"{party.name} ({party.role.label}), case {where}", self.parties)
            item.setData(ID_ROLE, party.id)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                          | Qt.ItemFlag.ItemIsUserCheckable)  # fmt: skip
            on = party.id in ticked
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def _reference_of(self, case_id: int) -> str:
        try:
            return (
                require_casebook(self.casebook, "a case's reference").cases.get(case_id).reference
            )
        except ParleyError:
            return "?"

    def _name_unit(self, months: int) -> None:
        self.extension.setSuffix(" month" if months == 1 else " months")

    def _show_due(self) -> None:
        months = 1 + self.extension.value()
        try:
            received = self.received_on.value()
        except InvalidValue:  # the field says why beneath itself
            self.due.setText("Give the date the request was received.")
            return
        due = months_after(received, months)
        extended = self.extension.value()
        extra = f" (extended by {plural(extended, 'month')})" if extended else ""
        self.due.setText(f"{format_date(due)}: one calendar month after receipt{extra}.")

    def set_safe_view(self, on: bool) -> None:
        self.contact.set_concealed(on)

    def build(self) -> RequestDraft:
        return RequestDraft(
            self.received_on.value(),
            self.requester.text().strip(),
            self.contact.text().strip(),
            self._ticked(),
            self.identity_on.value(),
            self.identity_how.text().strip(),
            self.extension.value(),
            self.extension_reason.text().strip(),
            self.responded_on.value(),
        )

    def store(self, record: RequestDraft) -> AccessRequest:
        request = AccessRequest(None, *record)
        registers = self.casebook.registers
        if self.request is None:
            return registers.record_access_request(request)
        return registers.update_access_request(replace(request, id=self.request.id))
