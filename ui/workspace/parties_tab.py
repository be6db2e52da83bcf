"""The people in a case: a table of parties, and the form that adds or edits one."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.books.casebook import Casebook
from app.cases.records import Party, PartyRole, Side
from app.errors import ParleyError
from app.formatting import format_date
from ui.widgets.confirm import confirm_irreversible
from ui.widgets.forms import set_tab_order
from ui.widgets.messages import InlineMessage
from ui.workspace.base import WorkspaceTab
from ui.workspace.party_dialog import PartyDialog
from ui.workspace.record_dialog import (
    add_shortcut,
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


class Column(IntEnum):
    NAME = 0
    ROLE = 1
    SIDE = 2
    CONSENT = 3
    AGREEMENT = 4


HEADERS = ("Name", "Role", "Side", "Consent to mediate", "Party to the agreement")


def consent_summary(party: Party) -> str:
    """``Given 5 March 2026 (in person)``, or when it was withdrawn, or that it is missing."""
    if party.consented_on is None:
        return "Not recorded"
    given = format_date(party.consented_on)
    if party.consent_withdrawn_on is not None:
        return f"Withdrawn {format_date(party.consent_withdrawn_on)} (given {given})"
    how = f" ({party.consent_how})" if party.consent_how else ""
    return f"Given {given}{how}"


_SHOWN: dict[Column, Callable[[Party], str | None]] = {
    Column.NAME: lambda p: p.name,
    Column.ROLE: lambda p: p.role.label,
    Column.SIDE: lambda p: p.side.label,
    Column.CONSENT: consent_summary,
    Column.AGREEMENT: lambda p: None,  # the tick box says it
}


class PartyTableModel(QAbstractTableModel):
    """Read-only rows, except the agreement tick box, which asks the tab to store it."""

    agreement_toggled = Signal(object, bool)  # the party, whether now party to the agreement

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._parties: list[Party] = []

    def set_parties(self, parties: list[Party]) -> None:
        self.beginResetModel()
        # The family first, then the clinical team, then others: how mediators talk of them.
        self._parties = sorted(parties, key=lambda p: (_SIDE_ORDER[p.side], p.id or 0))
        self.endResetModel()

    def party(self, row: int) -> Party | None:
        return self._parties[row] if 0 <= row < len(self._parties) else None

    def row_of(self, party_id: int | None) -> int:
        return next((i for i, p in enumerate(self._parties) if p.id == party_id), -1)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._parties)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        party = self.party(index.row()) if index.isValid() else None
        if party is None:
            return None
        column = Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return _SHOWN[column](party)
        if role == Qt.ItemDataRole.CheckStateRole and column is Column.AGREEMENT:
            return Qt.CheckState.Checked if party.party_to_agreement else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole and column is Column.CONSENT:
            return consent_summary(party)
        if role == Qt.ItemDataRole.AccessibleTextRole and column is Column.AGREEMENT:
            return "Party to the agreement" if party.party_to_agreement else "Not a party to it"
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        party = self.party(index.row()) if index.isValid() else None
        if party is None or role != Qt.ItemDataRole.CheckStateRole:
            return False
        checked = Qt.CheckState(value) == Qt.CheckState.Checked
        # The tab stores it and hands back the stored party; the model never writes itself.
        self.agreement_toggled.emit(party, checked)
        return True

    def update_party(self, party: Party) -> None:
        row = self.row_of(party.id)
        if row >= 0:
            self._parties[row] = party
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(Column) - 1))

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == Column.AGREEMENT:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags


class PartiesTab(WorkspaceTab):
    title = "&Parties"

    def __init__(self, casebook: Casebook, case_id: int, parent: QWidget | None = None) -> None:
        super().__init__(casebook, case_id, parent)
        self._dialog: PartyDialog | None = None
        self.model = PartyTableModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName("Parties")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setShowGrid(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        metrics = self.table.fontMetrics()
        padding = 3 * metrics.averageCharWidth()
        samples = {
            Column.NAME: "Dr Łukasz Nowak-Whitfield",
            Column.ROLE: "Legal representative",
            Column.SIDE: "Clinical",
            Column.AGREEMENT: "Party to the agreement",
        }
        for column, sample in samples.items():
            header.resizeSection(column, metrics.horizontalAdvance(sample) + padding)
        header.setSectionResizeMode(Column.CONSENT, QHeaderView.ResizeMode.Stretch)

        self.message = InlineMessage(self)  # why the last change was refused, when it was
        self.empty = QLabel(EMPTY_PARTIES, self)
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.table)
        self.pages.addWidget(self.empty)

        self.new_button = QPushButton("&New party…", self)
        self.new_button.setToolTip("Add a party (Insert)")
        self.edit_button = QPushButton("Edi&t…", self)
        self.edit_button.setToolTip("Open the chosen party (Enter)")
        self.delete_button = QPushButton("De&lete…", self)
        self.delete_button.setToolTip("Delete the chosen party (Delete)")
        buttons = QHBoxLayout()
        for button in (self.new_button, self.edit_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addWidget(self.pages, 1)

        self.new_button.clicked.connect(self.add_party)
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.table.activated.connect(self.edit_selected)
        self.table.selectionModel().currentRowChanged.connect(self._update_state)
        self.model.agreement_toggled.connect(self._store_agreement)
        add_shortcut(self.table, QKeySequence.StandardKey.Delete, self.delete_selected)
        add_shortcut(self, QKeySequence(Qt.Key.Key_Insert), self.add_party)
        set_tab_order(self.new_button, self.edit_button, self.delete_button, self.table)
        self.setFocusProxy(self.table)
        self._update_state()

    # --- the WorkspaceTab contract ----------------------------------------------------------

    def reload(self) -> None:
        chosen = self.selected()
        try:
            parties = self.casebook.parties.for_case(self.case_id)
        except ParleyError as exc:
            parties = []
            self._say(f"The parties could not be read. {exc}")
        self.model.set_parties(parties)
        self._select(chosen.id if chosen else None)

    def save_pending(self) -> None:
        # An open form holds what the mediator typed: store it if the store accepts it.
        if self._dialog is not None and self._dialog.isVisible():
            self._dialog.save()

    def clear(self) -> None:
        dialog, self._dialog = self._dialog, None
        if dialog is not None:
            dialog.discard()
        self.model.set_parties([])
        self._say("")
        self._update_state()

    def set_safe_view(self, on: bool) -> None:
        super().set_safe_view(on)
        if self._dialog is not None:
            self._dialog.set_safe_view(on)

    # --- showing ----------------------------------------------------------------------------

    def selected(self) -> Party | None:
        return self.model.party(self.table.currentIndex().row())

    def _select(self, party_id: int | None) -> None:
        row = self.model.row_of(party_id) if party_id is not None else -1
        if row < 0 and self.model.rowCount():
            row = 0
        if row >= 0:
            self.table.setCurrentIndex(self.model.index(row, Column.NAME))
        self._update_state()

    def _update_state(self) -> None:
        has_parties = self.model.rowCount() > 0
        self.pages.setCurrentWidget(self.table if has_parties else self.empty)
        chosen = self.selected() is not None
        self.edit_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)

    def _say(self, text: str) -> None:
        if text:
            self.message.show_message(text)
        else:
            self.message.clear()

    # --- actions ----------------------------------------------------------------------------

    def _open(self, dialog: PartyDialog) -> PartyDialog:
        if self._dialog is not None:
            self._dialog.discard()
        self._dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self._saved)
        # A bound method, not a lambda holding the dialog: PySide can crash deleting a
        # dialog whose own signal keeps a closure over it.
        dialog.finished.connect(self._forget_dialog)
        dialog.open()
        return dialog

    def _forget_dialog(self) -> None:
        if self._dialog is not None and not self._dialog.isVisible():
            self._dialog = None

    def _saved(self, party: Party) -> None:
        self._say("")
        self.case_changed.emit()
        self.reload()
        self._select(party.id)

    def add_party(self) -> PartyDialog:
        return self._open(
            PartyDialog(self.casebook, self.case_id, safe_view=self.safe_view, parent=self)
        )

    def edit_selected(self) -> PartyDialog | None:
        party = self.selected()
        if party is None:
            return None
        return self._open(
            PartyDialog(self.casebook, self.case_id, party, safe_view=self.safe_view, parent=self)
        )

    def delete_selected(self) -> None:
        party = self.selected()
        if party is None or party.id is None:
            return
        chosen = confirm_irreversible(
            self,
            title="Delete party",
            question=f"Delete {party.name} from this case?",
            summary="They will also be taken off the meetings they attended and the notes "
            "they may be told about.",
            act="&Delete from the case",
        )
        # The box runs its own event loop: the casebook may have locked in the meantime.
        if not chosen or self.model.row_of(party.id) < 0:
            return
        try:
            self.casebook.parties.delete(party.id)
        except ParleyError as exc:
            self._say(f"{party.name} was not deleted. {exc}")
            return
        self._say("")
        self.case_changed.emit()
        self.reload()

    def _store_agreement(self, party: Party, checked: bool) -> None:
        try:
            stored = self.casebook.parties.update(replace(party, party_to_agreement=checked))
        except ParleyError as exc:
            self._say(f"That change was not saved. {exc}")
            return
        self._say("")
        self.model.update_party(stored)
        self.case_changed.emit()
