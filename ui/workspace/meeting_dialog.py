"""Adding and editing a meeting, and the pieces every record dialog of the workspace shares.

A dialog stores its record itself, through the casebook's stores, and closes only when the
store has accepted it; a refusal appears beside the field it names and nothing typed is lost.
Dialogs are opened with ``open()`` (see ``ui.widgets.messages``) so that locking can close them.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from app.books.casebook import Casebook
from app.cases.records import Meeting, MeetingKind, Party
from app.cases.validation import MAX_MEETING_MINUTES
from ui.widgets.dates import DateTimeField
from ui.widgets.forms import (
    combo_value,
    enum_combo,
    set_combo_value,
)
from ui.workspace.record_dialog import (
    PartyChecklist,
    RecordDialog,
)


class MeetingDialog(RecordDialog):
    def __init__(
        self,
        casebook: Casebook,
        case_id: int,
        parties: list[Party],
        meeting: Meeting | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Edit meeting" if meeting else "New meeting", parent)
        self.casebook = casebook
        self.case_id = case_id
        self.meeting = meeting

        self.kind = enum_combo(MeetingKind, self, name="Kind of meeting")
        self.starts_at = DateTimeField("Date of the meeting", "Time it starts", self)
        self.minutes = QSpinBox(self)
        self.minutes.setRange(0, MAX_MEETING_MINUTES)
        self.minutes.setSingleStep(15)
        self.minutes.setSuffix(" minutes")
        self.minutes.setSpecialValueText("Not recorded")  # shown at 0, stored as no length
        self.minutes.setAccessibleName("Length in minutes")
        self.place = QLineEdit(self)
        self.place.setAccessibleName("Place")
        self.place.setPlaceholderText("For example: Family room, ward 4")
        self.attendees = PartyChecklist("Attendees", self)

        self.add_row("&Kind:", self.kind)
        self.add_row("&Date and time:", self.starts_at, "starts_at")
        self.add_row("&Length:", self.minutes, "minutes")
        self.add_row("&Place:", self.place, "place")
        self.add_row("&Attendees:", self.attendees, "attendees")
        if not parties:
            hint = QLabel("No parties yet: add them on the Parties tab to record who came.", self)
            hint.setWordWrap(True)
            self.form.addRow("", hint)

        if meeting is not None:
            set_combo_value(self.kind, meeting.kind)
            self.starts_at.set_value(meeting.starts_at)
            self.minutes.setValue(meeting.minutes or 0)
            self.place.setText(meeting.place)
            self.attendees.set_parties(parties, meeting.attendee_ids)
        else:
            # Meetings are usually booked on the hour; the next one is the likeliest start.
            now = datetime.now().replace(minute=0, second=0, microsecond=0)
            self.starts_at.set_value(now + timedelta(hours=1))
            self.minutes.setValue(60)
            self.attendees.set_parties(parties, ())
        self.kind.setFocus()

    def build(self) -> Meeting:
        return Meeting(
            id=self.meeting.id if self.meeting else None,
            case_id=self.case_id,
            kind=combo_value(self.kind, MeetingKind),
            starts_at=self.starts_at.value(),
            minutes=self.minutes.value() or None,
            place=self.place.text().strip(),
            attendee_ids=self.attendees.checked_ids(),
        )

    def store(self, record: Meeting) -> Meeting:
        if record.id is None:
            return self.casebook.meetings.add(record)
        return self.casebook.meetings.update(record)
