"""Dates in forms: every date the stores accept goes into a field and comes out unchanged,
and no module but ``ui.widgets.dates`` converts between Python's dates and Qt's."""

from __future__ import annotations

import ast
from datetime import date, datetime
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from app.cases.validation import EARLIEST_DATE, LATEST_DATE
from ui.widgets.dates import (
    OptionalDateEdit,
    date_edit,
    date_of,
    datetime_edit,
    datetime_value,
    from_qdate,
    set_date,
    set_datetime,
    to_qdate,
)

UI = Path(__file__).resolve().parents[3] / "ui"
STORED_DATES = st.dates(min_value=EARLIEST_DATE, max_value=LATEST_DATE)
# Qt and the forms work to the minute.
MINUTES = st.datetimes(
    min_value=datetime(1900, 1, 1), max_value=datetime(2200, 12, 31, 23, 59)
).map(lambda moment: moment.replace(second=0, microsecond=0))
QT_WIDGETS = settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])


@given(STORED_DATES)
def test_a_date_survives_the_trip_through_qt(value: date) -> None:
    assert from_qdate(to_qdate(value)) == value


@QT_WIDGETS
@given(value=STORED_DATES)
def test_a_required_date_field_gives_back_what_it_was_given(qtbot: QtBot, value: date) -> None:
    edit = date_edit("Received on", date(2026, 5, 14))
    qtbot.addWidget(edit)
    set_date(edit, value)
    assert date_of(edit) == value


@QT_WIDGETS
@given(value=MINUTES)
def test_a_date_and_time_field_gives_back_what_it_was_given(qtbot: QtBot, value: datetime) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    edit = datetime_edit("Written at", parent)
    set_datetime(edit, value)
    assert datetime_value(edit) == value


@QT_WIDGETS
@given(value=STORED_DATES)
@example(value=EARLIEST_DATE)
@example(value=LATEST_DATE)
def test_an_optional_date_field_gives_back_every_date_the_stores_accept(
    qtbot: QtBot, value: date
) -> None:
    """1 January 1900 too: it once read back as "Not recorded", and was then saved so."""
    edit = OptionalDateEdit("Date of birth")
    qtbot.addWidget(edit)
    edit.set_value(value)
    assert edit.value() == value
    assert edit.editor.text() != "Not recorded"


def test_dates_read_as_everywhere_else(qtbot: QtBot) -> None:
    edit = date_edit("Received on", date(2019, 5, 14))
    qtbot.addWidget(edit)
    assert edit.text() == "14 May 2019"
    holder = QWidget()
    qtbot.addWidget(holder)
    moment = datetime_edit("Written at", holder)
    set_datetime(moment, datetime(2019, 5, 14, 14, 5, 59))
    assert moment.text() == "14 May 2019, 14:05"


def test_wiping_an_optional_date_leaves_only_today(qtbot: QtBot) -> None:
    edit = OptionalDateEdit("Date of birth")
    qtbot.addWidget(edit)
    edit.set_value(date(2019, 5, 14))
    edit.wipe()
    assert edit.value() is None
    assert from_qdate(edit.editor.date()) == date.today()
    assert from_qdate(edit.editor.minimumDate()) == date.today()


def test_no_module_but_dates_converts_dates_for_qt() -> None:
    """A later typed date field replaces Qt's date editors here only."""
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
            if named in {"QDate", "QDateTime", "QTime", "QDateEdit", "QDateTimeEdit"}:
                found.append(f"{path.relative_to(UI.parent)}:{node.lineno}: {named}")
            elif isinstance(node, ast.alias) and node.name.startswith("QDate"):
                found.append(f"{path.relative_to(UI.parent)}: imports {node.name}")
    assert found == [], "date conversion belongs in ui/widgets/dates.py"
