"""Warnings beside a field: allowed, but worth a second look. Two meetings at one time, a
note dated before its meeting. The save goes ahead; the warning goes with its cause."""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from app.books.casebook import Casebook
from app.cases.records import Case, Meeting, MeetingKind
from ui.workspace.meeting_dialog import MeetingDialog
from ui.workspace.note_dialog import NoteDialog
from ui.workspace.record_dialog import RecordDialog

START = datetime(2026, 3, 20, 14, 0)


def _shown(qtbot: QtBot, dialog: RecordDialog) -> RecordDialog:
    qtbot.addWidget(dialog, before_close_func=lambda shown: shown.discard())
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)  # Tab leaves a field only in the active window
    return dialog


def _retype(qtbot: QtBot, line: QLineEdit, text: str) -> None:
    line.setFocus()
    line.selectAll()
    qtbot.keyClick(line, Qt.Key.Key_Delete)
    qtbot.keyClicks(line, text)
    qtbot.keyClick(line, Qt.Key.Key_Tab)


def _two_cases(casebook: Casebook) -> tuple[int, int]:
    first = casebook.cases.add(Case(None, "MM-2026-001", "Feeding plan")).id or 0
    second = casebook.cases.add(Case(None, "MM-2026-002", "Ventilation review")).id or 0
    return first, second


def test_a_meeting_booked_over_another_is_said_and_still_saved(
    qtbot: QtBot, casebook: Casebook
) -> None:
    first, second = _two_cases(casebook)
    casebook.meetings.add(Meeting(None, first, MeetingKind.JOINT, START, 90))
    dialog = _shown(qtbot, MeetingDialog(casebook, second, []))
    assert isinstance(dialog, MeetingDialog)
    error = dialog.errors["starts_at"]
    _retype(qtbot, dialog.starts_at.date.line, "20/3/2026")
    _retype(qtbot, dialog.starts_at.time, "14:30")
    assert error.reason == ""
    assert "MM-2026-001" in error.warning and "14:00" in error.warning
    assert error.label.text()  # shown on the field's own line
    geometry = dialog.place.geometry()

    # A later start clears it as soon as the time is typed, and nothing moves.
    _retype(qtbot, dialog.starts_at.time, "15:30")
    assert error.warning == "" and error.label.text() == ""
    QApplication.processEvents()
    assert dialog.place.geometry() == geometry
    # A length reaching into the other meeting brings it back.
    _retype(qtbot, dialog.starts_at.time, "13:00")
    assert error.warning == ""  # 13:00 for 60 minutes ends as the other starts
    dialog.minutes.setValue(75)
    assert "MM-2026-001" in error.warning

    assert dialog.save()  # a warning never stops the save
    assert len(casebook.meetings.for_case(second)) == 1


def test_editing_a_meeting_does_not_warn_of_itself(qtbot: QtBot, casebook: Casebook) -> None:
    first, _ = _two_cases(casebook)
    kept = casebook.meetings.add(Meeting(None, first, MeetingKind.JOINT, START, 60))
    dialog = _shown(qtbot, MeetingDialog(casebook, first, [], kept))
    assert isinstance(dialog, MeetingDialog)
    assert dialog.errors["starts_at"].warning == ""


def test_a_second_meeting_of_the_case_at_the_same_time_is_said_on_opening(
    qtbot: QtBot, casebook: Casebook
) -> None:
    first, _ = _two_cases(casebook)
    kept = casebook.meetings.add(Meeting(None, first, MeetingKind.JOINT, START, 60))
    twin = casebook.meetings.add(Meeting(None, first, MeetingKind.SEPARATE, START, 60))
    dialog = _shown(qtbot, MeetingDialog(casebook, first, [], twin))
    assert isinstance(dialog, MeetingDialog)
    assert dialog.errors["starts_at"].warning.startswith("Overlaps")
    assert kept.kind.label.lower() in dialog.errors["starts_at"].warning.lower()


def test_a_note_dated_before_its_meeting_is_said_and_still_saved(
    qtbot: QtBot, casebook: Casebook
) -> None:
    first, _ = _two_cases(casebook)
    meeting = casebook.meetings.add(Meeting(None, first, MeetingKind.JOINT, START, 60))
    dialog = _shown(qtbot, NoteDialog(casebook, first, [], [meeting]))
    assert isinstance(dialog, NoteDialog)
    error = dialog.errors["written_at"]
    dialog.text.editor.setPlainText("Family asked for a second opinion.")
    _retype(qtbot, dialog.written_at.date.line, "19/3/2026")
    assert error.warning == ""  # no meeting chosen yet
    dialog.meeting.setCurrentIndex(dialog.meeting.findData(meeting.id))
    assert "20 March 2026" in error.warning
    # Either field puts it right: the date written ...
    _retype(qtbot, dialog.written_at.date.line, "20/3/2026")
    assert error.warning == ""
    _retype(qtbot, dialog.written_at.date.line, "19/3/2026")
    assert error.warning
    # ... or the meeting it is tied to.
    dialog.meeting.setCurrentIndex(0)
    assert error.warning == ""
    dialog.meeting.setCurrentIndex(dialog.meeting.findData(meeting.id))
    assert dialog.save()
    [note] = casebook.notes.for_case(first)
    assert note.written_at.date() == (START - timedelta(days=1)).date()


def test_a_date_of_birth_in_the_future_is_said_in_new_case_and_overview(
    qtbot: QtBot, casebook: Casebook
) -> None:
    """Allowed (a baby not yet born may be the subject of a dispute), but most likely a
    mistyped year: said beside the field, and gone once the date is put right."""
    from datetime import date

    from ui.cases.new_case import NewCaseDialog
    from ui.workspace.overview_tab import OverviewTab

    next_year = date.today().year + 1
    dialog = NewCaseDialog(casebook)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    error = dialog.errors["patient.date_of_birth"]
    _retype(qtbot, dialog.date_of_birth.line, f"4/3/{next_year}")
    assert "future" in error.warning and error.reason == ""
    _retype(qtbot, dialog.date_of_birth.line, "4/3/2019")
    assert error.warning == ""

    case_id = casebook.cases.add(Case(None, "MM-2026-001", "Feeding plan")).id or 0
    tab = OverviewTab(casebook, case_id)
    qtbot.addWidget(tab)
    tab.reload()
    tab.show()
    qtbot.waitExposed(tab)
    tab.activateWindow()
    qtbot.waitUntil(tab.isActiveWindow)
    error = tab.errors["patient.date_of_birth"]
    _retype(qtbot, tab.date_of_birth.line, f"4/3/{next_year}")
    assert "future" in error.warning
    assert casebook.cases.get(case_id).patient.date_of_birth == date(next_year, 3, 4)  # kept
    _retype(qtbot, tab.date_of_birth.line, "4/3/2019")
    assert error.warning == ""
    tab.clear()
    assert error.warning == ""  # nothing of the last case is left on the page
