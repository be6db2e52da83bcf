"""The Agreement tab: the terms in order, the date agreed, the parties, and the way out.

Terms are proposed, agreed or withdrawn; only agreed ones reach the PDF. Preview, print
and export all start from the same ``AgreedTerms`` value object (``agreed_terms_for``), so
what the mediator sees before exporting is exactly what leaves the casebook.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.books.casebook import Casebook
from app.cases.records import Party, Term, TermStatus
from app.errors import InvalidValue, ParleyError
from app.exchange.sealed import Kind as SealKind
from ui.exchange.send_dialog import SendDialog
from ui.widgets.dates import DateField
from ui.widgets.forms import combo_value, enum_combo, set_combo_value
from ui.widgets.messages import InlineMessage, Kind, ask_to_delete, busy_bar
from ui.widgets.roles import ID_ROLE
from ui.workspace.agreement_output import PreviewDialog, case_output
from ui.workspace.base import WorkspaceTab
from ui.workspace.record_dialog import party_label
from ui.workspace.terms_model import TermColumn, TermDialog, TermsModel, terms_table

PREVIEW_IN_SAFE_VIEW = (
    "Safe view is on: the preview shows the patient's name, date of birth and NHS number. "
    "Turn safe view off (Ctrl+Shift+H) to see it; export and print still work."
)


class AgreementTab(WorkspaceTab):
    # Not "&Agreement": Alt+A opens the main window's Case menu.
    title = "A&greement"

    def __init__(self, casebook: Casebook, case_id: int, parent: QWidget | None = None) -> None:
        super().__init__(casebook, case_id, parent)
        self._loaded = False
        self.dialog: TermDialog | None = None
        self.confirmation: QMessageBox | None = None
        self.output = case_output(casebook, case_id, self)
        self.model = TermsModel(self)
        self.model.order_changed.connect(self._save_order)

        terms_box = QGroupBox("Terms", self)
        self.table = terms_table(self.model, terms_box)
        self.summary = QLabel(terms_box)
        self.summary.setWordWrap(True)
        self.add_button = QPushButton("New te&rm…", terms_box)
        self.edit_button = QPushButton("&Edit…", terms_box)
        self.up_button = QPushButton("Move up", terms_box)
        self.down_button = QPushButton("Move down", terms_box)
        self.delete_button = QPushButton("De&lete…", terms_box)
        self.up_button.setToolTip("Move the term up (Ctrl+Up)")
        self.down_button.setToolTip("Move the term down (Ctrl+Down)")
        self.status = enum_combo(TermStatus, terms_box, name="Status of the selected term")
        status_label = QLabel("&Status:", terms_box)
        status_label.setBuddy(self.status)
        row = QHBoxLayout()
        for widget in (self.add_button, self.edit_button, status_label, self.status):
            row.addWidget(widget)
        row.addStretch(1)
        for widget in (self.up_button, self.down_button, self.delete_button):
            row.addWidget(widget)
        terms_layout = QVBoxLayout(terms_box)
        terms_layout.addWidget(self.table, 1)
        terms_layout.addLayout(row)
        terms_layout.addWidget(self.summary)

        details = QGroupBox("The agreement", self)
        self.agreed_on = DateField("Date agreed", details, field="agreed_on")
        self.agreed_on_error = self.agreed_on.error
        self.parties = QListWidget(details)
        self.parties.setAccessibleName("Parties to the agreement")
        self.no_parties = QLabel("No parties yet: add them on the Parties tab.", details)
        self.no_parties.setWordWrap(True)
        parties_label = QLabel("Parties to the agreement (the&y sign it):", details)
        parties_label.setBuddy(self.parties)
        parties_label.setWordWrap(True)
        date_label = QLabel("Da&te agreed:", details)
        date_label.setBuddy(self.agreed_on.line)
        details_layout = QVBoxLayout(details)
        details_layout.addWidget(date_label)
        details_layout.addWidget(self.agreed_on)
        details_layout.addSpacing(8)
        details_layout.addWidget(parties_label)
        details_layout.addWidget(self.parties, 1)
        details_layout.addWidget(self.no_parties)

        self.preview_button = QPushButton("Previe&w…", self)
        self.print_button = QPushButton("Pri&nt…", self)
        self.export_button = QPushButton("E&xport PDF…", self)
        self.send_button = QPushButton("Send to the offi&ce…", self)
        self.send_button.setToolTip(
            "Seal the agreed terms to the office's book, which prints and files them"
        )
        self.send_dialog: SendDialog | None = None
        self.preview_button.setToolTip("See exactly what the PDF will hold, before writing it")
        self.print_button.setToolTip("Print the agreed terms (Ctrl+P)")
        self.busy = busy_bar(self)
        self.message = InlineMessage(self)
        outputs = QHBoxLayout()
        for button in (self.preview_button, self.print_button, self.export_button,
                       self.send_button):  # fmt: skip
            outputs.addWidget(button)
        outputs.addWidget(self.busy, 1)
        outputs.addStretch(1)

        top = QHBoxLayout()
        top.addWidget(terms_box, 3)
        top.addWidget(details, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top, 1)
        layout.addLayout(outputs)
        layout.addWidget(self.message)

        self._connect()
        self._update_buttons()

    def _connect(self) -> None:
        def shortcut(text: str, keys: QKeySequence, slot: Callable[[], object]) -> QAction:
            action = QAction(text, self.table)
            action.setShortcut(keys)
            # Only while the list has focus: Ctrl+Up elsewhere keeps its usual meaning.
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.triggered.connect(slot)
            self.table.addAction(action)
            return action

        shortcut("Move up", QKeySequence("Ctrl+Up"), self.move_up)
        shortcut("Move down", QKeySequence("Ctrl+Down"), self.move_down)
        shortcut("Delete", QKeySequence(QKeySequence.StandardKey.Delete), self.delete_selected)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.table.activated.connect(lambda _index: self.edit_selected())
        self.table.selectionModel().currentRowChanged.connect(
            lambda _now, _before: self._update_buttons()
        )
        self.add_button.clicked.connect(self.add_term)
        self.edit_button.clicked.connect(self.edit_selected)
        self.up_button.clicked.connect(self.move_up)
        self.down_button.clicked.connect(self.move_down)
        self.delete_button.clicked.connect(self.delete_selected)
        self.status.activated.connect(lambda _index: self._change_status())
        self.agreed_on.changed.connect(self._save_agreed_on)
        self.parties.itemChanged.connect(self._save_party)
        self.preview_button.clicked.connect(self.preview)
        self.print_button.clicked.connect(self.print_document)
        self.export_button.clicked.connect(self.export_pdf)
        self.send_button.clicked.connect(self.send_to_office)
        self.output.said.connect(self._say)
        self.output.job.busy_changed.connect(self._show_busy)

    # --- the WorkspaceTab contract ----------------------------------------------------------

    def reload(self) -> None:
        selected = self.selected_term()
        self._reload(selected.id if selected else None)

    def _reload(self, select_id: int | None) -> None:
        try:
            case = self.casebook.cases.get(self.case_id)
            terms = self.casebook.terms.for_case(self.case_id)
            parties = self.casebook.parties.for_case(self.case_id)
        except ParleyError as exc:
            self._say(f"The agreement could not be read. {exc}", Kind.ERROR)
            return
        self._loaded = True
        self.model.set_terms(terms)
        self.agreed_on.set_value(case.agreed_on)
        self.agreed_on_error.clear_reason()
        self._fill_parties(parties)
        if select_id is not None and (row := self.model.row_of(select_id)) >= 0:
            self.table.setCurrentIndex(self.model.index(row, TermColumn.TEXT))
        self._update_buttons()

    def save_pending(self) -> None:
        # A date typed but not yet committed (by Enter or leaving the field) is stored now;
        # one that cannot be read stays, with its reason, and the window says so.
        self.agreed_on.commit()
        if self.agreed_on.error.reason:
            raise InvalidValue("agreed_on", self.agreed_on.error.reason)
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.accept()  # stored if valid; otherwise it stays open with its reason

    def clear(self) -> None:
        self._loaded = False
        self.output.forget()
        if self.dialog is not None:
            self.dialog.forget()
        if self.confirmation is not None:
            self.confirmation.reject()  # nothing is deleted unless the mediator said so
        if self.send_dialog is not None:
            self.send_dialog.close()
        self.dialog = self.confirmation = self.send_dialog = None
        self.model.clear()
        self.parties.clear()
        self.agreed_on.set_value(None)
        self.agreed_on_error.clear_reason()
        self.summary.clear()
        self.message.clear()
        self.busy.hide()
        self._update_buttons()

    def set_safe_view(self, on: bool) -> None:
        super().set_safe_view(on)
        self.model.set_safe_view(on)
        preview = self.output.preview_dialog
        if on and preview is not None:
            preview.reject()  # it shows the patient's details, which safe view hides
            self.message.show_message(PREVIEW_IN_SAFE_VIEW, Kind.INFO)
        self._update_buttons()

    # --- showing ------------------------------------------------------------------------------

    def _fill_parties(self, parties: list[Party]) -> None:
        blocked = self.parties.blockSignals(True)
        self.parties.clear()
        for party in parties:
            item = QListWidgetItem(party_label(party), self.parties)
            item.setData(ID_ROLE, party.id)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            checked = party.party_to_agreement
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.parties.blockSignals(blocked)
        self.parties.setVisible(bool(parties))
        self.no_parties.setVisible(not parties)
        if parties and self.parties.currentRow() < 0:
            self.parties.setCurrentRow(0)  # so that the keyboard lands on a party

    def selected_row(self) -> int:
        index = self.table.currentIndex()
        return index.row() if index.isValid() else -1

    def selected_term(self) -> Term | None:
        row = self.selected_row()
        return self.model.term_at(row) if 0 <= row < self.model.rowCount() else None

    def _update_buttons(self) -> None:
        row, count = self.selected_row(), self.model.rowCount()
        term = self.selected_term()
        self.add_button.setEnabled(self._loaded)
        # Editing would show a confidential term's text, which safe view is there to hide.
        self.edit_button.setEnabled(term is not None and not self.model.is_hidden(row))
        self.status.setEnabled(term is not None)
        self.up_button.setEnabled(term is not None and row > 0)
        self.down_button.setEnabled(term is not None and row < count - 1)
        self.delete_button.setEnabled(term is not None)
        if term is not None:
            set_combo_value(self.status, term.status)
        idle = self._loaded and not self.output.busy
        for button in (self.preview_button, self.print_button, self.export_button,
                       self.send_button):  # fmt: skip
            button.setEnabled(idle)
        agreed = sum(t.status is TermStatus.AGREED for t in self.model.terms())
        if not self._loaded:
            self.summary.clear()
        elif count == 0:
            self.summary.setText("No terms yet. Add the terms as they are proposed.")
        else:
            self.summary.setText(
                f"{agreed} of {count} {'term' if count == 1 else 'terms'} agreed. Only agreed "
                "terms go into the PDF, numbered in this order. Drag a term, or press "
                "Ctrl+Up or Ctrl+Down, to move it."
            )

    def _say(self, text: str, kind: Kind = Kind.INFO) -> None:
        self.message.show_message(text, kind)

    def _show_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        self._update_buttons()

    # --- preview, print, export -------------------------------------------------------------

    def preview(self) -> PreviewDialog | None:
        """Show exactly what the PDF will hold, or say in words why there is nothing yet."""
        self.message.clear()
        if self.safe_view:
            self.message.show_message(PREVIEW_IN_SAFE_VIEW, Kind.INFO)
            return None
        return self.output.preview()

    def print_document(self) -> bool:
        """Print the agreed terms (the main window's Print shortcut calls this)."""
        self.message.clear()
        return self.output.print_document()

    def export_pdf(self) -> None:
        self.message.clear()
        self.output.export_pdf()

    def send_to_office(self) -> SendDialog | None:
        """Seal the agreed terms (the very document the PDF is made from) to the office."""
        if not self._loaded:
            return None
        self.message.clear()
        try:
            reference = self.casebook.cases.get(self.case_id).reference
        except ParleyError as exc:
            self._say(f"The case could not be read. {exc}", Kind.ERROR)
            return None
        dialog = self.send_dialog = SendDialog(self.casebook, SealKind.AGREEMENT, reference, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.sent.connect(
            lambda sent: self._say(
                f"Sealed the agreed terms of {sent.reference} to {sent.to.name} in "
                f"“{sent.path.name}”. Only the office's book can open it; send it to them."
            )
        )
        dialog.finished.connect(lambda _r: self._send_dialog_closed(dialog))
        dialog.open()
        return dialog

    def _send_dialog_closed(self, dialog: SendDialog) -> None:
        if self.send_dialog is dialog:
            self.send_dialog = None

    # --- terms ----------------------------------------------------------------------------

    def add_term(self) -> TermDialog | None:
        if not self._loaded:
            return None
        return self._open(Term(None, self.case_id, 0, ""))

    def edit_selected(self) -> TermDialog | None:
        term = self.selected_term()
        if term is None or self.model.is_hidden(self.selected_row()):
            return None
        return self._open(term)

    def _open(self, term: Term) -> TermDialog:
        dialog = TermDialog(term, self._store_term, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._term_saved(dialog.term))
        dialog.finished.connect(lambda _result: self._dialog_closed(dialog))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _dialog_closed(self, dialog: TermDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None

    def _store_term(self, term: Term) -> Term:
        if term.id is None:
            return self.casebook.terms.add(term)
        return self.casebook.terms.update(term)

    def _term_saved(self, term: Term) -> None:
        self.message.clear()
        self.case_changed.emit()
        self._reload(term.id)
        self.table.setFocus()

    def _change_status(self) -> None:
        term = self.selected_term()
        if term is None:
            return
        status = combo_value(self.status, TermStatus)
        if status is term.status:
            return
        try:
            stored = self.casebook.terms.update(dataclasses.replace(term, status=status))
        except ParleyError as exc:
            self._say(str(exc), Kind.ERROR)
            self.reload()
            return
        self.model.replace_term(stored)
        self.case_changed.emit()
        self._update_buttons()

    def move_up(self) -> None:
        row = self.selected_row()
        if row > 0:
            self.model.move_up(row)
            self.table.setFocus()

    def move_down(self) -> None:
        row = self.selected_row()
        if 0 <= row < self.model.rowCount() - 1:
            self.model.move_down(row)
            self.table.setFocus()

    def _save_order(self, term_ids: list[int]) -> None:
        try:
            self.casebook.terms.reorder(self.case_id, term_ids)
        except ParleyError as exc:
            self._say(f"The new order could not be saved. {exc}", Kind.ERROR)
            self.reload()  # show the order that is stored, never one that is not
            return
        self.case_changed.emit()
        self._update_buttons()

    def delete_selected(self) -> None:
        term = self.selected_term()
        if term is None:
            return
        number = self.selected_row() + 1
        box = ask_to_delete(
            self,
            f"Delete term {number}?",
            "It will be removed from this case; this cannot be undone. To keep a record that "
            "it was put forward, mark it as withdrawn instead.",
            lambda: self._delete(term),
        )
        box.finished.connect(lambda _result: self._confirmation_closed(box))
        self.confirmation = box

    def _confirmation_closed(self, box: QMessageBox) -> None:
        if self.confirmation is box:
            self.confirmation = None

    def _delete(self, term: Term) -> None:
        if term.id is None:
            return
        try:
            self.casebook.terms.delete(term.id)
        except ParleyError as exc:
            self._say(str(exc), Kind.ERROR)
            return
        self.case_changed.emit()
        self.reload()
        self.table.setFocus()

    # --- date agreed and parties ------------------------------------------------------------

    def _save_agreed_on(self) -> None:
        try:
            value = self.agreed_on.value()
            # Read afresh: the Overview tab edits the same case and must not be overwritten.
            case = self.casebook.cases.get(self.case_id)
            if case.agreed_on != value:
                self.casebook.cases.update(dataclasses.replace(case, agreed_on=value))
                self.case_changed.emit()
        except InvalidValue as problem:
            self.agreed_on_error.show_reason(problem.reason)
            return
        except ParleyError as exc:
            self.agreed_on_error.show_reason(str(exc))
            return
        self.agreed_on_error.clear_reason()

    def _save_party(self, item: QListWidgetItem) -> None:
        checked = item.checkState() == Qt.CheckState.Checked
        try:
            party = self.casebook.parties.get(item.data(ID_ROLE))
            self.casebook.parties.update(dataclasses.replace(party, party_to_agreement=checked))
        except ParleyError as exc:
            self._say(str(exc), Kind.ERROR)
            self.reload()
            return
        self.case_changed.emit()
