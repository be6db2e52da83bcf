"""Adding and editing a note: its text, when, the meeting, its source and its sharing.

A note is confidential to the mediator unless its source gave express consent to share it
with named parties. The store refuses sharing without recorded consent; the refusal appears
beside the list of parties, so the mediator sees what to record.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QLabel, QLineEdit, QWidget

from app.books.casebook import Casebook
from app.cases.clashes import before_its_meeting
from app.cases.records import Meeting, Note, Party
from app.errors import ParleyError
from app.formatting import format_date, format_datetime
from ui.widgets.dates import DateField, DateTimeField
from ui.workspace.record_dialog import (
    ConcealableText,
    PartyChecklist,
    RecordDialog,
    party_label,
)

SHARING_HINT = (
    "A note stays confidential to you unless its source gives express consent. Tick whom the "
    "source agreed it may go to, and record when and how they consented."
)


def meeting_label(meeting: Meeting) -> str:
    return f"{meeting.kind.label}, {format_datetime(meeting.starts_at)}"


class NoteDialog(RecordDialog):
    def __init__(
        self,
        casebook: Casebook,
        case_id: int,
        parties: list[Party],
        meetings: list[Meeting],
        note: Note | None = None,
        *,
        meeting_id: int | None = None,
        safe_view: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Edit note" if note else "New note", parent)
        self.casebook = casebook
        self.case_id = case_id
        self.note = note
        self.setMinimumWidth(640)  # a note is read and written here: give it a line's length

        self.text = ConcealableText("note", "Note text", self)
        self.text.editor.setMinimumHeight(self.fontMetrics().height() * 8)
        self.written_at = DateTimeField("Date written", "Time written", self)
        self.meetings = {m.id: m for m in meetings}
        self.meeting = QComboBox(self)
        self.meeting.setAccessibleName("Meeting")
        self.meeting.addItem("Not tied to a meeting", None)
        for m in meetings:
            self.meeting.addItem(meeting_label(m), m.id)
        self.source = QComboBox(self)
        self.source.setAccessibleName("Source")
        self.source.addItem("Mediator (my own note)", None)
        for p in parties:
            self.source.addItem(party_label(p), p.id)
        hint = QLabel(SHARING_HINT, self)
        hint.setWordWrap(True)
        self.share_with = PartyChecklist("May share with", self)
        self.share_with.set_parties(parties, note.share_with if note else ())
        self.consent_on = DateField("Consent given on", self)
        self.consent_how = QLineEdit(self)
        self.consent_how.setAccessibleName("How consent was given")
        self.consent_how.setPlaceholderText("For example: verbally, at the end of the meeting")
        self.consent_withdrawn_on = DateField("Consent withdrawn on", self)

        self.add_row("&Note:", self.text, "text")
        self.add_row("&Written at:", self.written_at, "written_at")
        self.add_row("&Meeting:", self.meeting, "meeting")
        self.add_row("&Source:", self.source, "source")
        # Sharing is its own group: who may hear it, and the consent that allows it.
        sharing = QGroupBox("Sharing", self)
        sharing_form = QFormLayout(sharing)
        sharing_form.addRow(hint)
        self.add_row("Ma&y share with:", self.share_with, "may_share_with", sharing_form)
        self.add_row("&Consent given on:", self.consent_on, "consent_on", sharing_form)
        self.add_row("&How given:", self.consent_how, "consent_how", sharing_form)
        self.add_row("Consent wi&thdrawn on:", self.consent_withdrawn_on, "consent_withdrawn_on",
                     sharing_form)  # fmt: skip
        # Reasons said beside one field of a rule joining two: either change may settle it.
        self.joined("consent_on", "consent_how")
        self.joined("consent_withdrawn_on", "consent_on")
        self.joined("may_share_with", "consent_on")
        self.form.addRow(sharing)
        if not parties:
            self.share_with.setEnabled(False)
            self.share_with.setToolTip("Add parties on the Parties tab to share with them.")

        if note is not None:
            self.text.set_text(note.text)
            self.written_at.set_value(note.written_at)
            self._select(self.meeting, note.meeting_id)
            self._select(self.source, note.source_party_id)
            self.consent_on.set_value(note.consent_on)
            self.consent_how.setText(note.consent_how)
            self.consent_withdrawn_on.set_value(note.consent_withdrawn_on)
        else:
            self.written_at.set_value(datetime.now())
            self._select(self.meeting, meeting_id)
        self.share_with.leave_out(self.source.currentData())
        self.source.currentIndexChanged.connect(
            lambda _i: self.share_with.leave_out(self.source.currentData())
        )
        # A note dated before its meeting is most likely a slip: said, never refused.
        self.written_at.changed.connect(self.check_date)
        self.meeting.currentIndexChanged.connect(lambda _i: self.check_date())
        self.check_date()
        self.set_safe_view(safe_view)
        self.text.setFocus()

    def check_date(self) -> None:
        """Say beside "Written at" when the note is dated before the day of its meeting."""
        meeting = self.meetings.get(self.meeting.currentData())
        warning = ""
        try:
            if meeting is not None and before_its_meeting(self.written_at.value(), meeting):
                day = format_date(meeting.starts_at.date())
                warning = f"This is before its meeting ({day}): check the date"
        except ParleyError:
            pass  # a date that cannot be read says so itself
        self.errors["written_at"].show_warning(warning)

    @staticmethod
    def _select(combo: QComboBox, value: int | None) -> None:
        index = combo.findData(value)
        if index >= 0:
            combo.setCurrentIndex(index)

    def set_safe_view(self, on: bool) -> None:
        self.text.set_concealed(on)

    def build(self) -> Note:
        return Note(
            id=self.note.id if self.note else None,
            case_id=self.case_id,
            text=self.text.text(),
            written_at=self.written_at.value(),
            meeting_id=self.meeting.currentData(),
            source_party_id=self.source.currentData(),
            share_with=self.share_with.checked_ids(),
            consent_on=self.consent_on.value(),
            consent_how=self.consent_how.text().strip(),
            consent_withdrawn_on=self.consent_withdrawn_on.value(),
        )

    def store(self, record: Note) -> Note:
        if record.id is None:
            return self.casebook.notes.add(record)
        return self.casebook.notes.update(record)

    def done(self, result: int) -> None:
        # The dialog is closed for good: let go of the note's text before it goes.
        self.text.wipe()
        super().done(result)
