"""“What may I share with…?”: the notes whose source consented to share them with a party.

The list comes from ``casebook.notes.shareable_with`` and nothing else, so this view and the
store cannot disagree about what may leave the mediator's notes. Safe view hides the text.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.books.casebook import Casebook
from app.cases.records import Meeting, Note, Party
from app.errors import ParleyError
from app.formatting import format_date, format_datetime
from ui.widgets.messages import heading
from ui.workspace.note_dialog import meeting_label
from ui.workspace.record_dialog import party_label
from ui.workspace.timeline_model import HIDDEN_NOTE, party_names, source_name

NO_NOTES_GUIDANCE = (
    "A note appears here once its source has agreed that this party may hear it. To record "
    "that consent, open the note in Meetings and notes and fill in its Sharing part."
)
NO_PARTIES = "This case has no parties yet, so there is no one to share notes with."


def nothing_to_share(name: str) -> str:
    return (
        f"Nothing may be shared with {name}: no note has its source's consent to share with them."
    )


class SharingDialog(QDialog):
    """Choose a party; read exactly what may be passed on to them, and on whose consent."""

    def __init__(
        self,
        casebook: Casebook,
        case_id: int,
        *,
        safe_view: bool = False,
        party_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.casebook = casebook
        self.case_id = case_id
        self.safe_view = safe_view
        self.setWindowTitle("Parley — What may I share?")
        self.resize(720, 560)
        self._parties: list[Party] = []
        self._meetings: dict[int, Meeting] = {}

        self.party = QComboBox(self)
        self.party.setAccessibleName("Party to share with")
        caption = QLabel("Share &with:", self)
        caption.setBuddy(self.party)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.notes = QTextBrowser(self)
        self.notes.setAccessibleName("Notes that may be shared")
        self.notes.setOpenLinks(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setDefault(True)
        buttons.rejected.connect(self.reject)

        chooser = QHBoxLayout()
        chooser.addWidget(caption)
        chooser.addWidget(self.party, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(heading("What may I share?", self, scale=1.2))
        layout.addLayout(chooser)
        layout.addWidget(self.summary)
        layout.addWidget(self.notes, 1)
        layout.addWidget(buttons)

        self.reload(party_id)
        self.party.currentIndexChanged.connect(self.show_notes)
        self.party.setFocus()

    def reload(self, party_id: int | None = None) -> None:
        try:
            self._parties = self.casebook.parties.for_case(self.case_id)
            self._meetings = {
                m.id: m for m in self.casebook.meetings.for_case(self.case_id) if m.id is not None
            }
        except ParleyError as exc:
            self._parties, self._meetings = [], {}
            self.summary.setText(str(exc))
        blocked = self.party.blockSignals(True)
        self.party.clear()
        for p in self._parties:
            self.party.addItem(party_label(p), p.id)
        index = self.party.findData(party_id) if party_id is not None else 0
        self.party.setCurrentIndex(max(index, 0))
        self.party.blockSignals(blocked)
        self.party.setEnabled(bool(self._parties))
        self.show_notes()

    def chosen(self) -> Party | None:
        party_id = self.party.currentData()
        return next((p for p in self._parties if p.id == party_id), None)

    def show_notes(self) -> None:
        party = self.chosen()
        if party is None or party.id is None:
            self.notes.clear()
            if not self._parties:
                self.summary.setText(NO_PARTIES)
            return
        try:
            notes = self.casebook.notes.shareable_with(self.case_id, party.id)
        except ParleyError as exc:
            self.notes.clear()
            self.summary.setText(str(exc))
            return
        if not notes:
            self.summary.setText(nothing_to_share(party.name))
            self.notes.setHtml(f"<p><i>{html.escape(NO_NOTES_GUIDANCE)}</i></p>")
            return
        if len(notes) == 1:
            count = f"1 note may be shared with {party.name}, with its source's consent."
        else:
            count = f"{len(notes)} notes may be shared with {party.name}, each with its "
            count += "source's consent."
        self.summary.setText(f"{count} Everything else stays confidential to you.")
        self.notes.setHtml(self._render(notes))

    def _render(self, notes: list[Note]) -> str:
        names = party_names(self._parties)
        blocks = []
        for note in notes:
            source = html.escape(source_name(note, names))
            facts = [f"written {format_datetime(note.written_at)}"]
            meeting = self._meetings.get(note.meeting_id or -1)
            if meeting is not None:
                facts.append(html.escape(meeting_label(meeting)))
            consent = f"consent given {format_date(note.consent_on)}"
            if note.consent_how:
                consent += f" ({html.escape(note.consent_how)})"
            if self.safe_view:
                body = f"<i>{html.escape(HIDDEN_NOTE)}</i>"
            else:
                body = html.escape(note.text).replace("\n", "<br>")
            blocks.append(
                f"<p><b>From {source}</b> — {consent}<br>"
                f"<small>{'; '.join(facts)}</small></p><p>{body}</p>"
            )
        return "<hr>".join(blocks)

    def set_safe_view(self, on: bool) -> None:
        self.safe_view = on
        self.show_notes()

    def clear(self) -> None:
        """Forget everything shown (locking)."""
        self.notes.clear()
        self.summary.clear()
        self.party.clear()
        self._parties, self._meetings = [], {}
