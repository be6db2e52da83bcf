"""Shared form pieces: an empty date reads as empty, and reasons land beside their field."""

from __future__ import annotations

from datetime import date

from pytestqt.qtbot import QtBot

from app.errors import InvalidValue
from ui.widgets.dates import OptionalDateEdit
from ui.widgets.forms import FieldError, show_invalid


def test_an_empty_date_says_so_and_reads_back_as_none(qtbot: QtBot) -> None:
    edit = OptionalDateEdit("Date agreed")
    qtbot.addWidget(edit)
    assert edit.value() is None
    assert edit.editor.text() == "Not recorded"
    edit.set_value(date(2026, 4, 1))
    assert edit.value() == date(2026, 4, 1)
    assert edit.editor.text() == "1 April 2026"
    edit.has_date.setChecked(False)
    assert edit.value() is None and edit.editor.text() == "Not recorded"
    edit.has_date.setChecked(True)  # ticking offers today, never 1900
    assert edit.value() == date.today()


def test_a_reason_is_shown_beside_its_field_only(qtbot: QtBot) -> None:
    title, nhs = FieldError(), FieldError()
    qtbot.addWidget(title)
    qtbot.addWidget(nhs)
    shown = show_invalid(
        {"title": title, "patient.nhs_number": nhs},
        InvalidValue("patient.nhs_number", "the check digit does not match"),
    )
    assert shown
    assert nhs.reason == "The check digit does not match" and title.reason == ""
    assert not show_invalid({"title": title}, InvalidValue("court", "only for eleventh hour"))
