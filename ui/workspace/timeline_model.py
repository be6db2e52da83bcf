"""The timeline of a case: meetings as headings with their notes under them, and the notes
not tied to a meeting, all in date order.

Built from the plain ``Meeting``, ``Note`` and ``Party`` values the stores hand over. In safe
view the model never receives a note's text at all, so no view, tooltip or accessibility
tool can show it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from enum import Enum, IntEnum
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, Qt
from PySide6.QtGui import QFont, QStandardItem, QStandardItemModel

from app.cases.records import Meeting, Note, Party
from app.formatting import format_date, format_datetime
from ui.widgets.roles import ENTRY_ROLE

HIDDEN_NOTE = "•••• note hidden (safe view)"
MEDIATOR = "Mediator"
TOOLTIP_LIMIT = 600  # characters of a note in its tooltip; the preview pane has the rest


class EntryKind(Enum):
    MEETING = "meeting"
    NOTE = "note"


class Column(IntEnum):
    WHEN = 0
    ENTRY = 1
    WHO = 2
    SHARING = 3


HEADERS = {
    Column.WHEN: "When",
    Column.ENTRY: "Meeting or note",
    Column.WHO: "Source or attendees",
    Column.SHARING: "Sharing",
}


def party_names(parties: Iterable[Party]) -> dict[int, str]:
    return {p.id: p.name for p in parties if p.id is not None}


def source_name(note: Note, names: dict[int, str]) -> str:
    if note.source_party_id is None:
        return MEDIATOR
    return names.get(note.source_party_id, "(a removed party)")


def sharing_text(note: Note, names: dict[int, str]) -> str:
    """A note's sharing at a glance: to whom it may go now, or why it may not."""
    if note.consent_withdrawn_on is not None:
        return "Consent withdrawn"
    shareable = note.shareable_with
    if not shareable:
        return "Confidential"
    return "May share with: " + ", ".join(names.get(i, "(a removed party)") for i in shareable)


def consent_text(note: Note) -> str:
    """When and how the source consented, for tooltips and the preview."""
    if note.consent_on is None:
        return "No consent to share recorded: confidential to the mediator."
    text = f"Consent given {format_date(note.consent_on)}"
    if note.consent_how:
        text += f" ({note.consent_how})"
    if note.consent_withdrawn_on is not None:
        text += f"; withdrawn {format_date(note.consent_withdrawn_on)}"
    return text + "."


def meeting_title(meeting: Meeting) -> str:
    """``Joint meeting, 90 minutes, Board room``."""
    parts = [meeting.kind.label]
    if meeting.minutes:
        parts.append(f"{meeting.minutes} minutes")
    if meeting.place:
        parts.append(meeting.place)
    return ", ".join(parts)


def attendee_text(meeting: Meeting, names: dict[int, str]) -> str:
    if not meeting.attendee_ids:
        return "No attendees recorded"
    return ", ".join(names.get(i, "(a removed party)") for i in meeting.attendee_ids)


def first_line(text: str) -> str:
    """The note's opening words on one line; the view elides what does not fit."""
    return " ".join(text.split())


class TimelineModel(QStandardItemModel):
    """Read-only rows; the tab edits through dialogs and the stores, then reloads."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(0, len(Column), parent)
        self._records: dict[tuple[EntryKind, int], Meeting | Note] = {}
        self._set_headers()

    def _set_headers(self) -> None:
        self.setHorizontalHeaderLabels([HEADERS[c] for c in Column])

    def set_entries(
        self,
        meetings: Sequence[Meeting],
        notes: Sequence[Note],
        parties: Sequence[Party],
        *,
        safe_view: bool,
    ) -> None:
        self.clear_entries()
        names = party_names(parties)
        meeting_ids = {m.id for m in meetings}
        under: dict[int, list[Note]] = {}
        loose: list[Note] = []
        for note in notes:
            if note.meeting_id is not None and note.meeting_id in meeting_ids:
                under.setdefault(note.meeting_id, []).append(note)
            else:
                loose.append(note)
        # Meetings and loose notes interleave by date; a meeting's notes sit under it.
        top: list[tuple[datetime, int, Meeting | Note]] = [(m.starts_at, 0, m) for m in meetings]
        top += [(n.written_at, 1, n) for n in loose]
        top.sort(key=lambda entry: (entry[0], entry[1], entry[2].id or 0))
        root = self.invisibleRootItem()
        for _, _, record in top:
            if isinstance(record, Meeting):
                row = self._meeting_row(record, names)
                root.appendRow(row)
                children = sorted(under.get(record.id or 0, []), key=_note_order)
                for note in children:
                    row[0].appendRow(self._note_row(note, names, safe_view))
            else:
                root.appendRow(self._note_row(record, names, safe_view))

    def clear_entries(self) -> None:
        self.removeRows(0, self.rowCount())
        self._records.clear()

    def record(self, index: QModelIndex) -> Meeting | Note | None:
        if not index.isValid():
            return None
        key = index.siblingAtColumn(Column.WHEN).data(ENTRY_ROLE)
        return self._records.get(key) if key is not None else None

    def index_of(self, kind: EntryKind, record_id: int) -> QModelIndex:
        # QAbstractItemModel.match cannot compare Python tuples held as item data: walk.
        wanted = (kind, record_id)
        for row in range(self.rowCount()):
            top = self.item(row, Column.WHEN)
            if top.data(ENTRY_ROLE) == wanted:
                return top.index()
            for child_row in range(top.rowCount()):
                child = top.child(child_row, Column.WHEN)
                if child is not None and child.data(ENTRY_ROLE) == wanted:
                    return child.index()
        return QModelIndex()

    def _meeting_row(self, meeting: Meeting, names: dict[int, str]) -> list[QStandardItem]:
        key = (EntryKind.MEETING, meeting.id or 0)
        self._records[key] = meeting
        cells = [
            format_datetime(meeting.starts_at),
            meeting_title(meeting),
            attendee_text(meeting, names),
            "",  # a meeting has no sharing of its own; each note under it says its own
        ]
        items = [_item(text) for text in cells]
        items[Column.WHEN].setData(key, ENTRY_ROLE)
        items[Column.WHO].setToolTip("Attendees: " + attendee_text(meeting, names))
        # A meeting heads its notes: bold in the user's own font, never a fixed colour.
        for item in items:
            font = QFont(item.font())
            font.setBold(True)
            item.setFont(font)
        return items

    def _note_row(self, note: Note, names: dict[int, str], safe_view: bool) -> list[QStandardItem]:
        key = (EntryKind.NOTE, note.id or 0)
        self._records[key] = note
        shown = HIDDEN_NOTE if safe_view else first_line(note.text)
        cells = [
            format_datetime(note.written_at),
            shown,
            source_name(note, names),
            sharing_text(note, names),
        ]
        items = [_item(text) for text in cells]
        items[Column.WHEN].setData(key, ENTRY_ROLE)
        if not safe_view:
            text = note.text
            if len(text) > TOOLTIP_LIMIT:
                text = text[:TOOLTIP_LIMIT].rstrip() + "…"
            items[Column.ENTRY].setToolTip(text)
        items[Column.SHARING].setToolTip(f"{sharing_text(note, names)}. {consent_text(note)}")
        return items

    def flags(self, index: Any) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


def _note_order(note: Note) -> tuple[datetime, int]:
    return (note.written_at, note.id or 0)


def _item(text: str) -> QStandardItem:
    item = QStandardItem(text)
    item.setEditable(False)
    return item
