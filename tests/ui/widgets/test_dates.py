"""Date fields, driven by key presses as a mediator types: day first, shown as ``4 March 2019``,
refused with a reason beneath when unreadable (never changed into another date), a calendar
on Alt+Down or F4, Tab to the next field. No module but ``ui.widgets.dates`` converts between
Python's dates and Qt's."""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from app.dates import EARLIEST_DATE, LATEST_DATE
from app.errors import InvalidValue
from ui.widgets.dates import DateField, DateTimeField, RequiredDateField, from_qdate, to_qdate

from helpers import show_active

UI = Path(__file__).resolve().parents[3] / "ui"
QT_DATES = {"QDate", "QDateTime", "QTime", "QDateEdit", "QDateTimeEdit", "QTimeEdit",
            "QCalendarWidget"}  # fmt: skip
STORED_DATES = st.dates(min_value=EARLIEST_DATE, max_value=LATEST_DATE)
QT_WIDGETS = settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])


class Form(QWidget):
    """A date field between two plain fields, made in that order, as in any form."""

    def __init__(self, make: Callable[[QWidget], QWidget]) -> None:
        super().__init__()
        self.before = QLineEdit(self)
        self.field = make(self)
        self.after = QLineEdit(self)
        layout = QVBoxLayout(self)
        for widget in (self.before, self.field, self.after):
            layout.addWidget(widget)


def shown(qtbot: QtBot, form: Form) -> Form:
    return show_active(qtbot, form)


@pytest.fixture
def form(qtbot: QtBot) -> Iterator[Form]:
    yield shown(
        qtbot,
        Form(lambda parent: DateField("Date of birth", parent, field="patient.date_of_birth")),
    )


def type_in(qtbot: QtBot, field: QWidget, text: str, leave: Qt.Key = Qt.Key.Key_Tab) -> None:
    """Focus the field, select what it holds, type ``text`` and leave with ``leave``."""
    field.setFocus()
    focused = QApplication.focusWidget()
    assert focused is not None
    qtbot.keyClick(focused, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(focused, text)
    qtbot.keyClick(focused, leave)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("2026-11-12", date(2026, 11, 12)),
        ("12/11/2026", date(2026, 11, 12)),
        ("12 November 2026", date(2026, 11, 12)),
        ("04 March 2019", date(2019, 3, 4)),
        ("4/3/2019", date(2019, 3, 4)),
        ("04/03/2019", date(2019, 3, 4)),
        ("4 Mar 2019", date(2019, 3, 4)),
    ],
)
def test_a_typed_date_is_read_day_first_and_shown_in_words(
    qtbot: QtBot, form: Form, typed: str, meant: date
) -> None:
    field = form.field
    assert isinstance(field, DateField)
    with qtbot.waitSignal(field.changed):
        type_in(qtbot, field, typed)
    assert field.value() == meant
    assert field.line.text() == f"{meant.day} {meant:%B %Y}"
    assert form.after.hasFocus()  # Tab left the field, as from any other
    assert not field.error.reason


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("31/2/2019", "There is no 31 February 2019"),
        ("4/3/19", "Write the year in full, for example 2019 rather than 19"),
        (
            "12/25/2026",
            "There is no month 25: dates are written day first, as 4/3/2019 or 4 March 2019",
        ),
        (
            "tomorrow",
            "This is not a date Parley can read: write it day first, as 4/3/2019 or 4 March 2019",
        ),
    ],
)
def test_what_cannot_be_read_is_refused_beside_the_field_and_left_as_typed(
    qtbot: QtBot, form: Form, typed: str, reason: str
) -> None:
    field = form.field
    assert isinstance(field, DateField)
    field.set_value(date(2019, 3, 4))
    with qtbot.assertNotEmitted(field.changed):
        type_in(qtbot, field, typed)
    assert field.line.text() == typed  # never changed into another date
    assert field.error.reason == reason
    with pytest.raises(InvalidValue) as refused:
        field.value()
    assert refused.value.field == "patient.date_of_birth"


def test_the_reason_goes_as_soon_as_the_date_can_be_read(qtbot: QtBot, form: Form) -> None:
    field = form.field
    assert isinstance(field, DateField)
    type_in(qtbot, field, "31/2/2019")
    assert field.error.reason
    field.setFocus()
    qtbot.keyClick(field.line, Qt.Key.Key_Home)
    qtbot.keyClick(field.line, Qt.Key.Key_Delete)
    qtbot.keyClick(field.line, Qt.Key.Key_Delete)
    qtbot.keyClicks(field.line, "28")
    assert not field.error.reason  # gone while still in the field
    assert field.value() == date(2019, 2, 28)


def test_an_optional_date_may_be_emptied(qtbot: QtBot, form: Form) -> None:
    field = form.field
    assert isinstance(field, DateField)
    field.set_value(date(2019, 3, 4))
    with qtbot.waitSignal(field.changed):
        field.setFocus()
        qtbot.keyClick(field.line, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClick(field.line, Qt.Key.Key_Delete)
        qtbot.keyClick(field.line, Qt.Key.Key_Tab)
    assert field.value() is None
    assert "Not recorded" in field.line.placeholderText()


def test_a_required_date_cannot_be_emptied(qtbot: QtBot) -> None:
    holder = Form(
        lambda parent: RequiredDateField(
            "Received on", parent, field="received_on", value=date(2026, 5, 14)
        )
    )
    field = shown(qtbot, holder).field
    assert isinstance(field, RequiredDateField)
    field.setFocus()
    qtbot.keyClick(field.line, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(field.line, Qt.Key.Key_Delete)
    qtbot.keyClick(field.line, Qt.Key.Key_Tab)
    assert field.error.reason == "Enter a date, for example 4/3/2019 or 4 March 2019"
    with pytest.raises(InvalidValue):
        field.value()


@pytest.mark.parametrize(
    "keys",
    [(Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier), (Qt.Key.Key_F4, Qt.KeyboardModifier(0))],
)
def test_alt_down_or_f4_opens_the_calendar_and_enter_chooses(
    qtbot: QtBot, form: Form, keys: tuple[Qt.Key, Qt.KeyboardModifier]
) -> None:
    field = form.field
    assert isinstance(field, DateField)
    field.set_value(date(2019, 3, 4))
    field.setFocus()
    qtbot.keyClick(field.line, *keys)
    calendar = field.calendar
    assert calendar is not None and calendar.isVisible()
    assert from_qdate(calendar.selectedDate()) == date(2019, 3, 4)
    assert field.value() == date(2019, 3, 4)  # opening it changed nothing
    target = QApplication.focusWidget()
    assert target is not None and calendar.isAncestorOf(target)
    qtbot.keyClick(target, Qt.Key.Key_Right)  # the next day
    with qtbot.waitSignal(field.changed):
        qtbot.keyClick(target, Qt.Key.Key_Return)
    assert field.calendar is None
    assert field.value() == date(2019, 3, 5)
    assert field.line.text() == "5 March 2019"
    qtbot.waitUntil(field.line.hasFocus)


def test_escape_closes_the_calendar_and_changes_nothing(qtbot: QtBot, form: Form) -> None:
    field = form.field
    assert isinstance(field, DateField)
    field.set_value(date(2019, 3, 4))
    field.setFocus()
    qtbot.keyClick(field.line, Qt.Key.Key_F4)
    calendar = field.calendar
    assert calendar is not None
    target = QApplication.focusWidget()
    assert target is not None
    qtbot.keyClick(target, Qt.Key.Key_Right)
    with qtbot.assertNotEmitted(field.changed):
        qtbot.keyClick(target, Qt.Key.Key_Escape)
    assert field.calendar is None
    assert field.value() == date(2019, 3, 4)
    qtbot.waitUntil(field.line.hasFocus)


def test_the_calendar_button_is_not_a_tab_stop(qtbot: QtBot, form: Form) -> None:
    form.before.setFocus()
    qtbot.keyClick(form.before, Qt.Key.Key_Tab)
    field = form.field
    assert isinstance(field, DateField)
    assert field.line.hasFocus()
    qtbot.keyClick(field.line, Qt.Key.Key_Tab)
    assert form.after.hasFocus()


def test_a_date_and_time_field_reads_both_parts(qtbot: QtBot) -> None:
    holder = Form(lambda parent: DateTimeField("Date written", "Time written", parent))
    field = shown(qtbot, holder).field
    assert isinstance(field, DateTimeField)
    field.field = "written_at"
    field.set_value(datetime(2026, 3, 1, 9, 0))
    type_in(qtbot, field.date, "04/03/2019")
    type_in(qtbot, field.time, "2:30 pm")
    assert field.value() == datetime(2019, 3, 4, 14, 30)
    assert (field.date.line.text(), field.time.text()) == ("4 March 2019", "14:30")
    type_in(qtbot, field.time, "25:00")
    assert field.error.reason == "There is no time 25:00: write it as 14:30"
    assert field.time.text() == "25:00"
    with pytest.raises(InvalidValue) as refused:
        field.value()
    assert refused.value.field == "written_at"
    field.time.setFocus()
    qtbot.keyClick(field.time, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(field.time, "15:00")
    assert not field.error.reason


@given(STORED_DATES)
def test_a_date_survives_the_trip_through_qt(value: date) -> None:
    assert from_qdate(to_qdate(value)) == value


@QT_WIDGETS
@given(value=STORED_DATES)
@example(value=EARLIEST_DATE)
@example(value=LATEST_DATE)
def test_every_date_typed_day_first_reads_back_as_itself(
    qtbot: QtBot, form: Form, value: date
) -> None:
    field = form.field
    assert isinstance(field, DateField)
    field.set_value(None)
    type_in(qtbot, field, f"{value.day}/{value.month}/{value.year}")
    assert field.value() == value
    field.set_value(value)  # and what it shows reads back too
    assert field.value() == value


@QT_WIDGETS
@given(value=st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2200, 12, 31, 23)))
def test_a_date_and_time_field_gives_back_what_it_was_given_to_the_minute(
    qtbot: QtBot, value: datetime
) -> None:
    field = DateTimeField("Date written", "Time written")
    qtbot.addWidget(field)
    field.set_value(value)
    assert field.value() == value.replace(second=0, microsecond=0)


def test_wiping_leaves_no_date_behind(qtbot: QtBot, form: Form) -> None:
    field = form.field
    assert isinstance(field, DateField)
    field.set_value(date(2019, 5, 14))
    field.setFocus()
    qtbot.keyClick(field.line, Qt.Key.Key_F4)
    field.wipe()
    assert field.value() is None and field.line.text() == "" and field.calendar is None
    qtbot.keyClick(field.line, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert field.line.text() == ""  # nothing to undo back into view


def test_no_module_but_dates_converts_dates_for_qt() -> None:
    """Qt's date types, and its section-stepping date editors, live in ui/widgets/dates.py
    only; every date field of the interface is made there."""
    found = []
    for path in sorted(UI.rglob("*.py")):
        if path == UI / "widgets" / "dates.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            named = (
                node.id if isinstance(node, ast.Name) else
                node.attr if isinstance(node, ast.Attribute) else ""
            )  # fmt: skip
            if named in QT_DATES:
                found.append(f"{path.relative_to(UI.parent)}:{node.lineno}: {named}")
            elif isinstance(node, ast.alias) and node.name in QT_DATES:
                found.append(f"{path.relative_to(UI.parent)}: imports {node.name}")
    assert found == [], "date fields belong in ui/widgets/dates.py"
