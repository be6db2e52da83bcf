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
from app.errors import ParleyError
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
        # Said, never refused: the mediator may be moving a double booking.
        self.starts_at.changed.connect(self.check_clashes)
        self.minutes.valueChanged.connect(lambda _minutes: self.check_clashes())
        self.check_clashes()
        self.kind.setFocus()

    def check_clashes(self) -> None:
        """Say beside the date and time when another meeting, of any case, overlaps."""
        warning = ""
        try:
            clashes = self.casebook.meetings.clashing_with(self.build())
            warning = clash_warning(self.casebook, self.case_id, clashes)
        except ParleyError:
            pass  # a time that cannot be read says so itself; there is nothing to compare
        self.errors["starts_at"].show_warning(warning)

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


def clash_warning(casebook: Casebook, case_id: int, clashes: list[Meeting]) -> str:
    """The words for meetings booked over this one: which and when (by reference alone, so
    safe view has nothing to hide); empty when none."""
    if not clashes:
        return ""

    def whose(meeting: Meeting) -> str:
        if meeting.case_id == case_id:
            return "this case"
        return casebook.cases.get(meeting.case_id).reference

    def when(meeting: Meeting) -> str:
        start = f"{meeting.starts_at:%H:%M}"
        if meeting.minutes:
            return f"{start} to {meeting.starts_at + timedelta(minutes=meeting.minutes):%H:%M}"
        return start

    if len(clashes) == 1:
        [other] = clashes
        return f"Overlaps a {other.kind.label.lower()} of {whose(other)}, {when(other)}"
    listed = ", ".join(f"{whose(m)} at {m.starts_at:%H:%M}" for m in clashes[:3])
    more = "…" if len(clashes) > 3 else ""
    return f"Overlaps {len(clashes)} other meetings: {listed}{more}"
