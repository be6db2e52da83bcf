"""The Disclosures tab: what was disclosed under an exception to confidentiality.

A recorded disclosure is the record of an act, so it is listed, never edited or deleted.
Recording one goes through ``Casebook.record_disclosure``, which stores it and enters it in
the audit trail together. What was disclosed, and why, are confidential: safe view hides them.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.books.casebook import Casebook
from app.cases.records import Disclosure
from app.errors import ParleyError
from app.formatting import format_date
from ui.widgets.messages import InlineMessage, Kind
from ui.widgets.roles import ID_ROLE
from ui.workspace.base import WorkspaceTab
from ui.workspace.disclosure_dialog import DisclosureDialog

HIDDEN_TEXT = "Hidden in safe view"
NOTE = (
    "Disclosures made under an exception to confidentiality: a significant risk of harm to "
    "a person, a party breaking the law, or a court order. A recorded disclosure cannot be "
    "edited or deleted: it is the record of something that was done, and it is entered in "
    "the audit trail. If a record is wrong, record a further one that explains the correction."
)
COLUMNS = ("Date", "Ground", "Disclosed to", "Decided by")


class DisclosuresTab(WorkspaceTab):
    title = "&Disclosures"

    def __init__(self, casebook: Casebook, case_id: int, parent: QWidget | None = None) -> None:
        super().__init__(casebook, case_id, parent)
        self._loaded = False
        self._disclosures: dict[int, Disclosure] = {}
        self.dialog: DisclosureDialog | None = None

        note = QLabel(NOTE, self)
        note.setWordWrap(True)
        self.empty = QLabel("No disclosures have been recorded for this case.", self)
        self.list = QTreeWidget(self)
        self.list.setColumnCount(len(COLUMNS))
        self.list.setHeaderLabels(list(COLUMNS))
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(True)
        self.list.setAlternatingRowColors(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setAccessibleName("Disclosures recorded")
        header = self.list.header()
        metrics = self.fontMetrics()
        header.resizeSection(0, metrics.horizontalAdvance("28 September 2026") + 24)
        header.resizeSection(
            1, metrics.horizontalAdvance("Significant risk of harm to a person") + 24
        )
        header.setStretchLastSection(False)
        for column in (2, 3):  # names and roles: long, and worth reading in full
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)

        self.details = details = QGroupBox("The selected disclosure", self)
        self.what = self._detail_label(details, "What was disclosed")
        self.reason = self._detail_label(details, "Why it was disclosed")
        details_form = QFormLayout(details)
        details_form.addRow("What was disclosed:", self.what)
        details_form.addRow("Why:", self.reason)

        self.record_button = QPushButton("&Record a disclosure…", self)
        self.message = InlineMessage(self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.record_button)
        buttons.addStretch(1)

        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(buttons)
        layout.addWidget(self.empty)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.details)
        layout.addWidget(self.message)
        # Takes the spare room only while the list is hidden (nothing recorded yet), so the
        # note and the button stay at the top instead of spreading down the page.
        layout.addStretch(0)

        self.record_button.clicked.connect(self.record_disclosure)
        self.list.currentItemChanged.connect(lambda _now, _before: self._show_details())
        self._show_details()

    @staticmethod
    def _detail_label(parent: QWidget, name: str) -> QLabel:
        label = QLabel(parent)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(True)
        label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        label.setAccessibleName(name)
        return label

    # --- the WorkspaceTab contract ----------------------------------------------------------

    def reload(self) -> None:
        current = self.selected_disclosure()
        self._reload(current.id if current else None)

    def _reload(self, select_id: int | None) -> None:
        try:
            disclosures = self.casebook.disclosures.for_case(self.case_id)
        except ParleyError as exc:
            self.message.show_message(f"The disclosures could not be read. {exc}", Kind.ERROR)
            return
        self._loaded = True
        self._disclosures = {d.id: d for d in disclosures if d.id is not None}
        self.list.clear()
        for disclosure in disclosures:
            item = QTreeWidgetItem(
                self.list,
                [
                    format_date(disclosure.on),
                    disclosure.ground.label,
                    disclosure.to,
                    disclosure.decided_by,
                ],
            )
            item.setData(0, ID_ROLE, disclosure.id)
            item.setToolTip(2, disclosure.to)
            item.setToolTip(3, disclosure.decided_by)
            if disclosure.id == select_id:
                self.list.setCurrentItem(item)
        latest = self.list.topLevelItem(self.list.topLevelItemCount() - 1)
        if self.list.currentItem() is None and latest is not None:
            self.list.setCurrentItem(latest)  # the newest, with its details shown below
        self.empty.setVisible(not disclosures)
        self.list.setVisible(bool(disclosures))
        self.details.setVisible(bool(disclosures))
        self.record_button.setEnabled(True)
        self._show_details()

    def save_pending(self) -> None:
        # A complete record is stored (what was typed is never lost); an incomplete one
        # stays open with each missing field named.
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.store_unasked()

    def clear(self) -> None:
        self._loaded = False
        if self.dialog is not None:
            self.dialog.forget()
            self.dialog = None
        self.list.clear()
        self._disclosures = {}
        self.message.clear()
        self._show_details()

    def set_safe_view(self, on: bool) -> None:
        super().set_safe_view(on)
        self._show_details()

    # --- showing and recording -------------------------------------------------------------

    def selected_disclosure(self) -> Disclosure | None:
        item = self.list.currentItem()
        if item is None:
            return None
        return self._disclosures.get(item.data(0, ID_ROLE))

    def _show_details(self) -> None:
        disclosure = self.selected_disclosure()
        for label, text in (
            (self.what, disclosure.what if disclosure else ""),
            (self.reason, disclosure.reason if disclosure else ""),
        ):
            hidden = self.safe_view and disclosure is not None
            label.setText(HIDDEN_TEXT if hidden else text)
            font = label.font()
            font.setItalic(hidden)
            label.setFont(font)
        self.record_button.setEnabled(self._loaded)

    def record_disclosure(self) -> DisclosureDialog | None:
        if not self._loaded:
            return None
        dialog = DisclosureDialog(self.case_id, self.casebook.record_disclosure, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._recorded(dialog.recorded))
        dialog.finished.connect(lambda _result: self._dialog_closed(dialog))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _dialog_closed(self, dialog: DisclosureDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None

    def _recorded(self, disclosure: Disclosure | None) -> None:
        self.case_changed.emit()
        self._reload(disclosure.id if disclosure else None)
        if disclosure is not None:
            self.message.show_message(
                f"The disclosure of {format_date(disclosure.on)} is recorded and entered in "
                "the audit trail.",
                Kind.INFO,
            )
        self.list.setFocus()
