"""The Issues tab: what each side says, what lies beneath it, and what can be achieved.

Issues are grouped by kind, each with who raised it. They are part of the confidential
record (they never reach the agreed-terms PDF), so safe view hides their text.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QFont, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.books.casebook import Casebook
from app.cases.records import Issue, IssueKind, Party
from app.errors import ParleyError
from ui.widgets.forms import (
    FieldError,
    clear_when_changed,
    combo_value,
    enum_combo,
    set_combo_value,
    show_refusal,
)
from ui.widgets.messages import (
    FittedDialog,
    InlineMessage,
    Kind,
    ask_to_delete,
    fit_height,
    heading,
)
from ui.widgets.roles import ID_ROLE, KIND_ROLE
from ui.workspace.base import WorkspaceTab
from ui.workspace.record_dialog import party_label

HIDDEN_TEXT = "Hidden in safe view"
NOBODY = "No one in particular"

# Group headings are plural; the kind's own label (singular) names one issue.
GROUP_HEADINGS = {
    IssueKind.POSITION: "Stated positions",
    IssueKind.UNDERLYING: "Underlying concerns",
    IssueKind.KEY: "Key issues",
    IssueKind.REALISTIC: "Realistically achievable",
}


class IssueDialog(FittedDialog):
    """Add or edit one issue; the tab's ``save`` stores it, and the dialog stays open with
    the reason beside the field if it is refused."""

    def __init__(
        self,
        issue: Issue,
        parties: list[Party],
        save: Callable[[Issue], Issue],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.issue = issue
        self._save = save
        adding = issue.id is None
        self.setWindowTitle("Parley — " + ("New issue" if adding else "Edit issue"))
        self.setMinimumWidth(520)
        self.kind = enum_combo(IssueKind, self, name="Kind of issue")
        set_combo_value(self.kind, issue.kind)
        self.text = QPlainTextEdit(issue.text, self)
        self.text.setTabChangesFocus(True)  # Tab moves on; the keyboard never gets stuck
        self.text.setAccessibleName("Issue")
        self.text.setMinimumHeight(self.text.fontMetrics().lineSpacing() * 6)
        self.text_error = FieldError(self)
        self.raised_by = QComboBox(self)
        self.raised_by.setAccessibleName("Raised by")
        self.raised_by.addItem(NOBODY, None)
        for party in parties:
            self.raised_by.addItem(party_label(party), party.id)
        found = self.raised_by.findData(issue.raised_by)
        self.raised_by.setCurrentIndex(max(found, 0))
        self.message = InlineMessage(self)
        self.errors = {"text": self.text_error, "raised_by": FieldError(self)}

        form = QFormLayout()
        form.addRow("&Kind:", self.kind)
        form.addRow("&Issue:", self.text)
        form.addRow("", self.text_error)
        form.addRow("&Raised by:", self.raised_by)
        form.addRow("", self.errors["raised_by"])
        for key, field in (("text", self.text), ("raised_by", self.raised_by)):
            clear_when_changed(field, self.errors[key])
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.save_button = self.buttons.addButton("&Save", QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setDefault(True)
        layout = QVBoxLayout(self)
        layout.addWidget(heading("New issue" if adding else "Edit issue", self))
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.text.setFocus()

    def value(self) -> Issue:
        return Issue(
            self.issue.id,
            self.issue.case_id,
            combo_value(self.kind, IssueKind),
            self.text.toPlainText(),
            self.raised_by.currentData(),
        )

    def accept(self) -> None:
        if self._try_save():
            super().accept()
        else:
            fit_height(self)  # make room for the reasons just shown beside the fields

    def _try_save(self) -> bool:
        """Store what is in the form; False, with the reasons shown, if it was refused."""
        self.message.clear()
        try:
            self.issue = self._save(self.value())
        except ParleyError as problem:
            show_refusal(self.errors, self.message, problem)
            return False
        return True

    def forget(self) -> None:
        """Drop what was typed (locking) and close without saving."""
        self.text.clear()
        self.reject()


class IssuesTab(WorkspaceTab):
    title = "&Issues"

    def __init__(self, casebook: Casebook, case_id: int, parent: QWidget | None = None) -> None:
        super().__init__(casebook, case_id, parent)
        self._issues: dict[int, Issue] = {}
        self._parties: list[Party] = []
        self._loaded = False
        self.dialog: IssueDialog | None = None
        self.confirmation: QMessageBox | None = None

        intro = QLabel(
            "What each side says it wants, the concerns beneath that, the key issues, and "
            "what can realistically be achieved. Issues stay confidential: they are never "
            "part of the agreed terms.",
            self,
        )
        intro.setWordWrap(True)
        self.tree = QTreeWidget(self)
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels(["Issue", "Raised by"])
        self.tree.setAccessibleName("Issues, grouped by kind")
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setWordWrap(True)  # an issue is often a sentence or two: show all of it
        self.tree.setAlternatingRowColors(True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(1, self.fontMetrics().horizontalAdvance("M" * 22))
        self.message = InlineMessage(self)

        self.add_button = QPushButton("New iss&ue…", self)
        self.edit_button = QPushButton("&Edit…", self)
        self.delete_button = QPushButton("De&lete…", self)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.tree, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.message)

        delete_key = QAction("Delete issue", self.tree)
        delete_key.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        delete_key.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        delete_key.triggered.connect(self.delete_selected)
        self.tree.addAction(delete_key)
        self.add_button.clicked.connect(lambda: self.add_issue())
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.tree.itemActivated.connect(lambda _item, _column: self.edit_selected())
        self.tree.currentItemChanged.connect(lambda _now, _before: self._update_buttons())
        self._update_buttons()

    # --- the WorkspaceTab contract ----------------------------------------------------------

    def reload(self) -> None:
        selected = self.selected_issue()
        self._reload(selected.id if selected else None)

    def _reload(self, select_id: int | None) -> None:
        try:
            issues = self.casebook.issues.for_case(self.case_id)
            self._parties = self.casebook.parties.for_case(self.case_id)
        except ParleyError as exc:
            self.message.show_message(f"The issues could not be read. {exc}", Kind.ERROR)
            return
        self._loaded = True
        self._issues = {i.id: i for i in issues if i.id is not None}
        self._fill(select_id)

    def save_pending(self) -> None:
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.accept()  # stored if valid; otherwise it stays open with its reason

    def clear(self) -> None:
        self._loaded = False
        if self.dialog is not None:
            self.dialog.forget()
            self.dialog = None
        if self.confirmation is not None:
            self.confirmation.reject()  # nothing is deleted unless the mediator said so
        self.tree.clear()
        self._issues = {}
        self._parties = []
        self.message.clear()
        self._update_buttons()

    def set_safe_view(self, on: bool) -> None:
        super().set_safe_view(on)
        if self._loaded:
            current = self.selected_issue()
            self._fill(current.id if current else None)
        self._update_buttons()

    # --- showing ------------------------------------------------------------------------------

    def _fill(self, select_id: int | None) -> None:
        names = {p.id: party_label(p) for p in self._parties}
        self.tree.clear()
        to_select: QTreeWidgetItem | None = None
        for kind in IssueKind:
            mine = [i for i in self._issues.values() if i.kind is kind]
            group = QTreeWidgetItem(self.tree, [f"{GROUP_HEADINGS[kind]} ({len(mine)})", ""])
            group.setData(0, KIND_ROLE, kind.value)
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)  # a heading, not something to edit
            font = QFont(group.font(0))
            font.setBold(True)
            group.setFont(0, font)
            for issue in mine:
                item = self._item(issue, names)
                group.addChild(item)
                if issue.id == select_id:
                    to_select = item
            group.setExpanded(True)
        if to_select is None:
            # Something is always current, so Edit and Delete work from the keyboard at once.
            to_select = next((g.child(0) for g in self._groups() if g.childCount()), None)
        if to_select is not None:
            self.tree.setCurrentItem(to_select)
        self._update_buttons()

    def _groups(self) -> list[QTreeWidgetItem]:
        items = (self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount()))
        return [item for item in items if item is not None]

    def _item(self, issue: Issue, names: dict[int | None, str]) -> QTreeWidgetItem:
        raised_by = names.get(issue.raised_by, NOBODY) if issue.raised_by else NOBODY
        if self.safe_view:
            item = QTreeWidgetItem([HIDDEN_TEXT, raised_by])
            font = QFont(item.font(0))
            font.setItalic(True)
            item.setFont(0, font)
        else:
            item = QTreeWidgetItem([issue.text.strip(), raised_by])
            item.setToolTip(0, issue.text)
        item.setData(0, ID_ROLE, issue.id)
        item.setData(0, KIND_ROLE, issue.kind.value)
        return item

    def selected_issue(self) -> Issue | None:
        item = self.tree.currentItem()
        issue_id = item.data(0, ID_ROLE) if item is not None else None
        return self._issues.get(issue_id) if issue_id is not None else None

    def _update_buttons(self) -> None:
        selected = self.selected_issue() is not None
        self.add_button.setEnabled(self._loaded)
        # Editing would show the stored text, which safe view is there to hide.
        self.edit_button.setEnabled(selected and not self.safe_view)
        self.delete_button.setEnabled(selected)

    # --- changing -------------------------------------------------------------------------

    def add_issue(self, kind: IssueKind | None = None) -> IssueDialog | None:
        if not self._loaded:
            return None
        if kind is None:
            item = self.tree.currentItem()
            kind = IssueKind(item.data(0, KIND_ROLE)) if item is not None else IssueKind.POSITION
        return self._open(Issue(None, self.case_id, kind, ""))

    def edit_selected(self) -> IssueDialog | None:
        issue = self.selected_issue()
        if issue is None or self.safe_view:
            return None
        return self._open(issue)

    def _open(self, issue: Issue) -> IssueDialog:
        dialog = IssueDialog(issue, self._parties, self._store, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._after_save(dialog.issue))
        dialog.finished.connect(lambda _result: self._forget_dialog(dialog))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _forget_dialog(self, dialog: IssueDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None

    def _store(self, issue: Issue) -> Issue:
        if issue.id is None:
            return self.casebook.issues.add(issue)
        return self.casebook.issues.update(issue)

    def _after_save(self, issue: Issue) -> None:
        self.message.clear()
        self.case_changed.emit()
        self._reload(issue.id)
        self.tree.setFocus()

    def delete_selected(self) -> None:
        issue = self.selected_issue()
        if issue is None:
            return
        detail = "It will be removed from this case; this cannot be undone."
        box = ask_to_delete(
            self, f"Delete this {issue.kind.label.lower()}?", detail, lambda: self._delete(issue)
        )
        box.finished.connect(lambda _result: self._confirmation_closed(box))
        self.confirmation = box

    def _confirmation_closed(self, box: QMessageBox) -> None:
        if self.confirmation is box:
            self.confirmation = None

    def _delete(self, issue: Issue) -> None:
        if issue.id is None:
            return
        try:
            self.casebook.issues.delete(issue.id)
        except ParleyError as exc:
            self.message.show_message(str(exc), Kind.ERROR)
            return
        self.case_changed.emit()
        self.reload()
        self.tree.setFocus()
