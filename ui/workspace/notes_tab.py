"""Meetings and notes: the case's timeline, its dialogs, and “What may I share with…?”."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QFont, QFontMetrics, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from app.books.casebook import Casebook
from app.cases.records import Meeting, Note, Party
from app.errors import ParleyError
from app.formatting import format_datetime
from ui.widgets.confirm import confirm_irreversible
from ui.widgets.forms import set_tab_order
from ui.workspace.base import WorkspaceTab
from ui.workspace.meeting_dialog import MeetingDialog
from ui.workspace.note_dialog import NoteDialog, meeting_label
from ui.workspace.record_dialog import RecordDialog, add_shortcut
from ui.workspace.sharing import SharingDialog
from ui.workspace.timeline_model import (
    HIDDEN_NOTE,
    Column,
    EntryKind,
    TimelineModel,
    attendee_text,
    consent_text,
    meeting_title,
    party_names,
    sharing_text,
    source_name,
)

EMPTY_TIMELINE = (
    "No meetings or notes yet. Record a meeting with “New meeting” (Alt+E), or write a note "
    "with “New note” (Alt+N or Insert)."
)
PREVIEW_HINT = "Choose a meeting or note to read it here. Enter opens it for editing."


class MeetingsNotesTab(WorkspaceTab):
    title = "&Meetings and notes"

    def __init__(self, casebook: Casebook, case_id: int, parent: QWidget | None = None) -> None:
        super().__init__(casebook, case_id, parent)
        self._parties: list[Party] = []
        self._meetings: list[Meeting] = []
        self._notes: list[Note] = []
        self._dialog: QDialog | None = None

        self.model = TimelineModel(self)
        self.view = QTreeView(self)
        self.view.setModel(self.model)
        self.view.setAccessibleName("Meetings and notes, by date")
        self.view.setUniformRowHeights(True)
        self.view.setAllColumnsShowFocus(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.view.header()
        header.setStretchLastSection(False)
        # Measured in the user's font: meetings are bold, and notes sit one level in.
        bold = QFont(self.view.font())
        bold.setBold(True)
        metrics = QFontMetrics(bold)
        padding = 2 * self.view.indentation() + 3 * metrics.averageCharWidth()
        widths = {
            Column.WHEN: metrics.horizontalAdvance("28 September 2026, 14:00") + padding,
            Column.WHO: metrics.horizontalAdvance("Siân Pritchard, Gareth Pritchard"),
            Column.SHARING: metrics.horizontalAdvance("May share with: Dr Łukasz Nowak, Zoë"),
        }
        for column, width in widths.items():
            header.resizeSection(column, width)
        header.setSectionResizeMode(Column.ENTRY, QHeaderView.ResizeMode.Stretch)

        self.empty = QLabel(EMPTY_TIMELINE, self)
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.view)
        self.pages.addWidget(self.empty)

        self.preview_facts = QLabel(PREVIEW_HINT, self)
        self.preview_facts.setWordWrap(True)
        self.preview_facts.setTextFormat(Qt.TextFormat.PlainText)
        self.preview_text = QPlainTextEdit(self)
        self.preview_text.setReadOnly(True)
        self.preview_text.setAccessibleName("The chosen note's text")
        self.preview = preview = QWidget(self)
        preview_layout = QVBoxLayout(preview)
        preview_layout.setContentsMargins(0, 0, 0, 0)
        preview_layout.addWidget(self.preview_facts)
        preview_layout.addWidget(self.preview_text, 1)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.pages)
        splitter.addWidget(preview)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)

        self.new_meeting_button = QPushButton("New m&eeting…", self)
        self.new_note_button = QPushButton("New &note…", self)
        self.new_note_button.setToolTip("Write a note (Insert)")
        self.edit_button = QPushButton("Edi&t…", self)
        self.edit_button.setToolTip("Open the chosen meeting or note (Enter)")
        self.delete_button = QPushButton("De&lete…", self)
        self.delete_button.setToolTip("Delete the chosen meeting or note (Delete)")
        self.share_button = QPushButton("What may I &share with…?", self)
        self.share_button.setToolTip("The notes whose source consented to share them with a party")
        buttons = QHBoxLayout()
        for button in (self.new_meeting_button, self.new_note_button, self.edit_button):
            buttons.addWidget(button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        buttons.addWidget(self.share_button)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(splitter, 1)

        self.new_meeting_button.clicked.connect(self.add_meeting)
        self.new_note_button.clicked.connect(self.add_note)
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.share_button.clicked.connect(self.open_sharing)
        self.view.activated.connect(self.edit_selected)
        self.view.selectionModel().currentRowChanged.connect(self._show_preview)
        add_shortcut(self.view, QKeySequence.StandardKey.Delete, self.delete_selected)
        add_shortcut(self, QKeySequence(Qt.Key.Key_Insert), self.add_note)
        set_tab_order(
            *(self.new_meeting_button, self.new_note_button, self.edit_button),
            *(self.delete_button, self.share_button, self.view, self.preview_text),
        )
        self.setFocusProxy(self.view)
        self._update_state()

    # --- the WorkspaceTab contract ----------------------------------------------------------

    def reload(self) -> None:
        key = self._current_key()
        try:
            self._parties = self.casebook.parties.for_case(self.case_id)
            self._meetings = self.casebook.meetings.for_case(self.case_id)
            self._notes = self.casebook.notes.for_case(self.case_id)
        except ParleyError as exc:
            self._parties, self._meetings, self._notes = [], [], []
            self.empty.setText(f"The meetings and notes could not be read. {exc}")
        self._fill(key)

    def save_pending(self) -> None:
        # An open dialog holds what the mediator typed: store it if the store accepts it.
        if isinstance(self._dialog, RecordDialog) and self._dialog.isVisible():
            self._dialog.save()

    def clear(self) -> None:
        self._close_dialog()
        self.model.clear_entries()
        self._parties, self._meetings, self._notes = [], [], []
        self.preview_facts.setText(PREVIEW_HINT)
        self.preview_text.setPlainText("")
        self._update_state()

    def set_safe_view(self, on: bool) -> None:
        super().set_safe_view(on)
        self._fill(self._current_key())
        if isinstance(self._dialog, RecordDialog | SharingDialog):
            self._dialog.set_safe_view(on)

    # --- showing ----------------------------------------------------------------------------

    def _fill(self, key: tuple[EntryKind, int] | None) -> None:
        self.model.set_entries(self._meetings, self._notes, self._parties, safe_view=self.safe_view)
        self.view.expandAll()
        self._update_state()
        index = self.model.index_of(*key) if key else QModelIndex()
        if not index.isValid() and self.model.rowCount():
            # The latest entry is where the mediator usually picks up again.
            last = self.model.index(self.model.rowCount() - 1, 0)
            children = self.model.rowCount(last)
            index = self.model.index(children - 1, 0, last) if children else last
        if index.isValid():
            self.view.setCurrentIndex(index)
            self.view.scrollTo(index)
        self._show_preview(self.view.currentIndex())

    def _update_state(self) -> None:
        has_entries = self.model.rowCount() > 0
        self.pages.setCurrentWidget(self.view if has_entries else self.empty)
        self.preview.setVisible(has_entries)
        chosen = self.model.record(self.view.currentIndex()) is not None
        self.edit_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)

    def _current_key(self) -> tuple[EntryKind, int] | None:
        record = self.model.record(self.view.currentIndex())
        if isinstance(record, Meeting) and record.id is not None:
            return (EntryKind.MEETING, record.id)
        if isinstance(record, Note) and record.id is not None:
            return (EntryKind.NOTE, record.id)
        return None

    def _show_preview(self, index: QModelIndex) -> None:
        record = self.model.record(index)
        names = party_names(self._parties)
        self.preview_text.setPlaceholderText("")
        if isinstance(record, Note):
            facts = [f"Note written {format_datetime(record.written_at)}"]
            facts.append(f"source: {source_name(record, names)}")
            meeting = next((m for m in self._meetings if m.id == record.meeting_id), None)
            if meeting is not None:
                facts.append(meeting_label(meeting))
            self.preview_facts.setText(
                " · ".join(facts) + f"\n{sharing_text(record, names)}. {consent_text(record)}"
            )
            if self.safe_view:
                self.preview_text.setPlainText("")
                self.preview_text.setPlaceholderText(HIDDEN_NOTE)
            else:
                self.preview_text.setPlainText(record.text)
        elif isinstance(record, Meeting):
            count = sum(1 for n in self._notes if n.meeting_id == record.id)
            self.preview_facts.setText(
                f"{meeting_title(record)}, {format_datetime(record.starts_at)}\n"
                f"Attendees: {attendee_text(record, names)}. Notes: {count}."
            )
            self.preview_text.setPlainText("")
            self.preview_text.setPlaceholderText("Choose one of its notes to read it here.")
        else:
            self.preview_facts.setText(PREVIEW_HINT if self.model.rowCount() else "")
            self.preview_text.setPlainText("")
        self._update_state()

    # --- actions ----------------------------------------------------------------------------

    def _open(self, dialog: QDialog) -> QDialog:
        self._close_dialog()
        self._dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        # A bound method, not a lambda holding the dialog: PySide can crash deleting a
        # dialog whose own signal keeps a closure over it.
        dialog.finished.connect(self._forget_dialog)
        if isinstance(dialog, RecordDialog):
            dialog.saved.connect(self._saved)
        dialog.open()
        return dialog

    def _forget_dialog(self) -> None:
        if self._dialog is not None and not self._dialog.isVisible():
            self._dialog = None

    def _close_dialog(self) -> None:
        dialog, self._dialog = self._dialog, None
        if dialog is not None:
            if isinstance(dialog, SharingDialog):
                dialog.clear()
            if isinstance(dialog, RecordDialog):
                dialog.discard()
            else:
                dialog.reject()

    def _saved(self, record: Meeting | Note) -> None:
        self.case_changed.emit()
        self.reload()
        kind = EntryKind.MEETING if isinstance(record, Meeting) else EntryKind.NOTE
        index = self.model.index_of(kind, record.id or 0)
        if index.isValid():
            self.view.setCurrentIndex(index)
            self.view.scrollTo(index)

    def add_meeting(self) -> QDialog:
        return self._open(MeetingDialog(self.casebook, self.case_id, self._parties, parent=self))

    def add_note(self) -> QDialog:
        # A note written from a chosen meeting (or one of its notes) belongs to that meeting.
        record = self.model.record(self.view.currentIndex())
        meeting_id = record.id if isinstance(record, Meeting) else None
        if isinstance(record, Note):
            meeting_id = record.meeting_id
        return self._open(
            NoteDialog(self.casebook, self.case_id, self._parties, self._meetings,
                       meeting_id=meeting_id, safe_view=self.safe_view, parent=self)
        )  # fmt: skip

    def edit_selected(self) -> QDialog | None:
        record = self.model.record(self.view.currentIndex())
        if isinstance(record, Meeting):
            return self._open(
                MeetingDialog(self.casebook, self.case_id, self._parties, record, parent=self)
            )
        if isinstance(record, Note):
            return self._open(
                NoteDialog(self.casebook, self.case_id, self._parties, self._meetings, record,
                           safe_view=self.safe_view, parent=self)
            )  # fmt: skip
        return None

    def delete_selected(self) -> None:
        record = self.model.record(self.view.currentIndex())
        if record is None or record.id is None:
            return
        if isinstance(record, Meeting):
            title, act = "Delete the meeting", "&Delete the meeting"
            question = (
                f"Delete the {record.kind.label.lower()} of {format_datetime(record.starts_at)}?"
            )
            summary = "Its notes stay with the case, no longer tied to a meeting."
        else:
            title, act, summary = "Delete the note", "&Delete the note", ""
            source = source_name(record, party_names(self._parties))
            question = (
                f"Delete the note written {format_datetime(record.written_at)} (source: {source})?"
            )
        chosen = confirm_irreversible(
            self, title=title, question=question, summary=summary, act=act
        )
        # The box runs its own event loop: the casebook may have locked in the meantime.
        if not chosen or self._current_key() is None:
            return
        try:
            if isinstance(record, Meeting):
                self.casebook.meetings.delete(record.id)
            else:
                self.casebook.notes.delete(record.id)
        except ParleyError as exc:
            QMessageBox.warning(self, "Parley", str(exc))
            return
        self.case_changed.emit()
        self.reload()

    def open_sharing(self) -> QDialog:
        return self._open(
            SharingDialog(self.casebook, self.case_id, safe_view=self.safe_view, parent=self)
        )
