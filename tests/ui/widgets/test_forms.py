"""Shared form pieces: reasons land beside their field, and move nothing when they do."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QFormLayout, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from app.errors import InvalidValue
from ui.widgets.forms import FieldError, show_invalid


def test_a_reason_appearing_moves_nothing_below_it(qtbot: QtBot) -> None:
    """The next click lands where it was aimed: the reason's line is kept while empty, and
    a reason longer than the line is shortened there, whole in its tooltip."""
    form = QWidget()
    layout = QFormLayout(form)
    fields = [QLineEdit(form) for _ in range(3)]
    errors = [FieldError(form) for _ in range(3)]
    for field, error in zip(fields, errors, strict=True):
        layout.addRow("Field:", field)
        layout.addRow("", error)
    qtbot.addWidget(form)
    form.resize(400, 300)
    form.show()
    qtbot.waitExposed(form)
    before = [field.geometry() for field in fields]
    long_reason = "a note can be shared only with the express consent of its source " * 3
    errors[0].show_reason(long_reason)
    errors[1].show_reason("this cannot be empty")
    QApplication.processEvents()
    assert [field.geometry() for field in fields] == before
    assert errors[0].height() == errors[2].height()
    assert errors[0].toolTip() == errors[0].reason == "A" + long_reason[1:]
    assert errors[0].label.text().endswith("…")
    errors[0].clear_reason()
    QApplication.processEvents()
    assert errors[0].reason == errors[0].label.text() == errors[0].toolTip() == ""
    assert [field.geometry() for field in fields] == before


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
