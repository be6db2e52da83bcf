"""Meetings and notes: the timeline, sharing at a glance, the dialogs, and safe view."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QApplication,
    QMessageBox,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app.books.casebook import Casebook
from app.cases.records import Case, Meeting, MeetingKind, Note, Party, PartyRole, Side
from ui.widgets.roles import ENTRY_ROLE
from ui.workspace import notes_tab
from ui.workspace.meeting_dialog import MeetingDialog
from ui.workspace.note_dialog import NoteDialog
from ui.workspace.notes_tab import MeetingsNotesTab
from ui.workspace.timeline_model import Column, EntryKind

from helpers import model_text, window_text

SHARED = "Siân is happy for the team to hear about the singing."
PRIVATE = "Gareth asked that this stays with me."
WITHDRAWN = "Night staff feel criticised by the bedside diary."
LOOSE = "Telephone call from the PALS office."


@dataclass
class Story:
    case_id: int
    sian: Party
    nowak: Party
    joint: Meeting
    separate: Meeting


@pytest.fixture
def story(casebook: Casebook) -> Story:
    case_id = casebook.cases.add(Case(None, "MM-2026-011", "Ventilation")).id or 0
    sian = casebook.parties.add(
        Party(None, case_id, "Siân Pritchard", PartyRole.PARENT, Side.FAMILY)
    )
    nowak = casebook.parties.add(
        Party(None, case_id, "Dr Nowak", PartyRole.CONSULTANT, Side.CLINICAL)
    )
    # Added out of order, to show the timeline sorts by date.
    joint = casebook.meetings.add(
        Meeting(None, case_id, MeetingKind.JOINT, datetime(2026, 3, 20, 10, 0), 120, "Board room",
                (sian.id or 0, nowak.id or 0))
    )  # fmt: skip
    separate = casebook.meetings.add(
        Meeting(None, case_id, MeetingKind.SEPARATE, datetime(2026, 3, 10, 14, 0), 90)
    )
    notes = casebook.notes
    notes.add(Note(None, case_id, PRIVATE, datetime(2026, 3, 10, 15, 30), separate.id, None))
    notes.add(
        Note(None, case_id, SHARED, datetime(2026, 3, 10, 15, 10), separate.id, sian.id,
             share_with=(nowak.id or 0,), consent_on=date(2026, 3, 10), consent_how="Verbally")
    )  # fmt: skip
    notes.add(
        Note(None, case_id, WITHDRAWN, datetime(2026, 3, 21, 9, 0), None, nowak.id,
             share_with=(sian.id or 0,), consent_on=date(2026, 3, 21),
             consent_withdrawn_on=date(2026, 3, 22))
    )  # fmt: skip
    notes.add(Note(None, case_id, LOOSE, datetime(2026, 3, 1, 9, 0)))
    return Story(case_id, sian, nowak, joint, separate)


@pytest.fixture
def tab(qtbot: QtBot, casebook: Casebook, story: Story) -> Iterator[MeetingsNotesTab]:
    shown = MeetingsNotesTab(casebook, story.case_id)
    qtbot.addWidget(shown)
    shown.reload()
    shown.show()
    yield shown
    shown.clear()


def _row(tab: MeetingsNotesTab, row: int, parent: QModelIndex | None = None) -> list[str]:
    parent = parent or QModelIndex()
    return [tab.model.index(row, c, parent).data() for c in Column]


def _select_note(tab: MeetingsNotesTab, text: str) -> None:
    note = next(n for n in tab.casebook.notes.for_case(tab.case_id) if n.text == text)
    tab.view.setCurrentIndex(tab.model.index_of(EntryKind.NOTE, note.id or 0))


def test_the_timeline_is_in_date_order_with_sharing_at_a_glance(
    tab: MeetingsNotesTab, story: Story
) -> None:
    assert tab.title == "&Meetings and notes"
    assert [_row(tab, r)[:2] for r in range(tab.model.rowCount())] == [
        ["1 March 2026, 09:00", LOOSE],
        ["10 March 2026, 14:00", "Separate meeting, 90 minutes"],
        ["20 March 2026, 10:00", "Joint meeting, 120 minutes, Board room"],
        ["21 March 2026, 09:00", WITHDRAWN],
    ]
    separate = tab.model.index(1, 0)
    assert [_row(tab, r, separate) for r in range(tab.model.rowCount(separate))] == [
        ["10 March 2026, 15:10", SHARED, "Siân Pritchard", "May share with: Dr Nowak"],
        ["10 March 2026, 15:30", PRIVATE, "Mediator", "Confidential"],
    ]
    assert _row(tab, 3)[2:] == ["Dr Nowak", "Consent withdrawn"]
    assert _row(tab, 2)[2] == "Siân Pritchard, Dr Nowak"  # the meeting's attendees
    # The latest entry is chosen, and read in the preview.
    assert tab.preview_text.toPlainText() == WITHDRAWN


def test_sharing_without_consent_is_refused_beside_the_field(
    qtbot: QtBot, tab: MeetingsNotesTab, casebook: Casebook, story: Story
) -> None:
    tab.view.setCurrentIndex(tab.model.index(2, 0))  # the joint meeting
    dialog = tab.add_note()
    assert isinstance(dialog, NoteDialog)
    assert dialog.focusWidget() is dialog.text.editor
    assert dialog.meeting.currentData() == story.joint.id  # written from that meeting
    qtbot.keyClicks(dialog.text.editor, "Dr Nowak will bring the scans.")
    dialog.source.setCurrentIndex(dialog.source.findData(story.nowak.id))
    dialog.share_with.set_checked(story.sian.id or 0, True)
    before = len(casebook.notes.for_case(story.case_id))

    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    error = dialog.errors["may_share_with"]
    assert dialog.isVisible() and error.reason
    assert "express consent of its source" in error.reason
    assert len(casebook.notes.for_case(story.case_id)) == before

    dialog.consent_on.set_value(date(2026, 3, 20))
    with qtbot.waitSignal(tab.case_changed):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    stored = casebook.notes.for_case(story.case_id)[-1]
    assert stored.share_with == (story.sian.id,) and stored.meeting_id == story.joint.id
    assert _row(tab, 0, tab.model.index(2, 0))[3] == "May share with: Siân Pritchard"


def test_add_and_edit_a_meeting(
    qtbot: QtBot, tab: MeetingsNotesTab, casebook: Casebook, story: Story
) -> None:
    dialog = tab.add_meeting()
    assert isinstance(dialog, MeetingDialog) and dialog.focusWidget() is dialog.kind
    dialog.starts_at.set_value(datetime(2026, 3, 15, 11, 0))
    dialog.minutes.setValue(45)
    qtbot.keyClicks(dialog.place, "Quiet room")
    dialog.attendees.set_checked(story.sian.id or 0, True)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    added = [m for m in casebook.meetings.for_case(story.case_id) if m.place == "Quiet room"]
    assert added[0].attendee_ids == (story.sian.id,) and added[0].minutes == 45
    assert _row(tab, 2)[:3] == ["15 March 2026, 11:00", "Pre-mediation contact, 45 minutes, "
                                "Quiet room", "Siân Pritchard"]  # fmt: skip

    tab.view.setCurrentIndex(tab.model.index(2, 0))
    tab.view.setFocus()
    qtbot.keyClick(tab.view, Qt.Key.Key_Return)  # Enter opens it for editing
    edit = tab._dialog
    assert isinstance(edit, MeetingDialog) and edit.place.text() == "Quiet room"
    edit.minutes.setValue(0)  # "Not recorded"
    qtbot.mouseClick(edit.save_button, Qt.MouseButton.LeftButton)
    assert casebook.meetings.get(added[0].id or 0).minutes is None


def test_delete_asks_first(
    qtbot: QtBot, tab: MeetingsNotesTab, casebook: Casebook, story: Story,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    asked: list[str] = []
    reply = [False]

    def confirm(parent: QWidget, *, question: str, summary: str, act: str, **_: object) -> bool:
        asked.append(f"{question}\n{summary}\n{act}")
        return reply[0]

    monkeypatch.setattr(notes_tab, "confirm_irreversible", confirm)
    _select_note(tab, PRIVATE)
    tab.delete_selected()
    assert "Delete the note written 10 March 2026, 15:30 (source: Mediator)?" in asked[-1]
    assert asked[-1].endswith("&Delete the note")
    assert PRIVATE not in asked[-1]  # the question never quotes the note
    assert len(casebook.notes.for_case(story.case_id)) == 4

    reply[0] = True
    tab.view.setFocus()
    qtbot.keyClick(tab.view, Qt.Key.Key_Delete)
    assert [n.text for n in casebook.notes.for_case(story.case_id)].count(PRIVATE) == 0

    tab.view.setCurrentIndex(tab.model.index(1, 0))  # the separate meeting
    tab.delete_selected()
    assert "Its notes stay with the case" in asked[-1]
    assert casebook.notes.get(
        next(n.id for n in casebook.notes.for_case(story.case_id) if n.text == SHARED) or 0
    ).meeting_id is None  # fmt: skip


def test_safe_view_hides_every_note_text(
    qtbot: QtBot, tab: MeetingsNotesTab, casebook: Casebook, story: Story
) -> None:
    tab.set_safe_view(True)

    shown = window_text(tab, visible_only=True)
    for text in (SHARED, PRIVATE, WITHDRAWN, LOOSE):
        assert text not in shown
    assert "•••• note hidden (safe view)" in shown
    assert "May share with: Dr Nowak" in shown  # the rest stays usable

    _select_note(tab, SHARED)
    dialog = tab.edit_selected()
    assert isinstance(dialog, NoteDialog)
    qtbot.waitExposed(dialog)
    assert SHARED not in window_text(dialog, visible_only=True)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)  # saving keeps the text
    assert any(n.text == SHARED for n in casebook.notes.for_case(story.case_id))

    dialog = tab.edit_selected()
    assert isinstance(dialog, NoteDialog)
    qtbot.mouseClick(dialog.text.reveal, Qt.MouseButton.LeftButton)  # shown here, on request
    assert SHARED in window_text(dialog, visible_only=True)
    tab.set_safe_view(True)
    assert SHARED not in window_text(dialog, visible_only=True)

    tab.set_safe_view(False)
    assert SHARED in "\n".join(model_text(tab.model))


def test_save_pending_stores_an_open_note_and_clear_forgets_everything(
    qtbot: QtBot, tab: MeetingsNotesTab, casebook: Casebook, story: Story
) -> None:
    dialog = tab.add_note()
    assert isinstance(dialog, NoteDialog)
    qtbot.keyClicks(dialog.text.editor, "Typed just before the lock.")
    tab.save_pending()
    assert any(
        n.text == "Typed just before the lock." for n in casebook.notes.for_case(story.case_id)
    )

    _select_note(tab, SHARED)
    dialog = tab.edit_selected()
    assert dialog is not None
    tab.clear()
    assert not dialog.isVisible()
    QApplication.processEvents()  # the closed dialog is deleted, with the text it held
    assert tab.model.rowCount() == 0
    shown = window_text(tab)
    for text in (SHARED, PRIVATE, "Siân", "Board room"):
        assert text not in shown
    assert tab.model.index(0, 0).data(ENTRY_ROLE) is None


def test_escape_asks_before_throwing_away_a_typed_note(
    qtbot: QtBot, tab: MeetingsNotesTab, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []
    reply = [QMessageBox.StandardButton.Cancel]

    def question(parent: QWidget, title: str, text: str, *args: object) -> object:
        asked.append(text)
        return reply[0]

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    untouched = tab.add_note()
    qtbot.keyClick(untouched, Qt.Key.Key_Escape)
    assert not untouched.isVisible() and asked == []  # nothing typed: nothing to ask

    dialog = tab.add_note()
    assert isinstance(dialog, NoteDialog)
    qtbot.keyClicks(dialog.text.editor, "A long note, half written.")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert asked == ["Discard what you have typed here? It has not been saved."]
    assert dialog.isVisible() and dialog.text.text() == "A long note, half written."

    reply[0] = QMessageBox.StandardButton.Discard
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


@pytest.mark.parametrize("key", [Qt.Key.Key_Return, Qt.Key.Key_Enter])
def test_ctrl_enter_in_the_note_saves_it(
    qtbot: QtBot, tab: MeetingsNotesTab, casebook: Casebook, story: Story, key: Qt.Key
) -> None:
    """Enter starts a new line in a note; Ctrl+Enter saves it, as in any dialog with a box
    for several lines."""
    dialog = tab.add_note()
    assert isinstance(dialog, NoteDialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    dialog.text.editor.setFocus()
    qtbot.keyClicks(dialog.text.editor, "First line")
    qtbot.keyClick(dialog.text.editor, Qt.Key.Key_Return)
    qtbot.keyClicks(dialog.text.editor, "second line")
    assert dialog.isVisible()  # Enter alone: a new line, not a save
    qtbot.keyClick(dialog.text.editor, key, Qt.KeyboardModifier.ControlModifier)
    assert not dialog.isVisible()
    texts = [note.text for note in casebook.notes.for_case(story.case_id)]
    assert "First line\nsecond line" in texts
