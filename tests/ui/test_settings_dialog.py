"""The Settings dialog: values kept in the casebook, refusals beside fields, idle limit applied."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QFormLayout, QLabel, QLineEdit
from pytestqt.qtbot import QtBot

from app.books.casebook import Casebook
from app.settings import IDLE_LOCK_MINUTES, MEDIATOR, ORGANISATION
from ui.application import Session
from ui.settings_dialog import SettingsDialog


class FakeClock:
    def __init__(self) -> None:
        self.now = 500.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def session(qtbot: QtBot, casebook: Casebook) -> Iterator[Session]:
    made = Session(casebook.folder, idle_clock=FakeClock(), tabs=lambda: [])
    made.open_casebook(casebook)
    yield made
    made.dispose()


def _open(session: Session) -> SettingsDialog:
    session.window.settings_action.trigger()
    dialog = session.window.findChild(SettingsDialog)
    assert dialog is not None and dialog.isVisible()
    return dialog


def test_settings_show_the_stored_values(session: Session, casebook: Casebook) -> None:
    casebook.settings.set(ORGANISATION, "Riverside Mediation")
    casebook.settings.set(IDLE_LOCK_MINUTES, 12)
    dialog = _open(session)

    assert dialog.organisation.text() == "Riverside Mediation"
    assert dialog.mediator.text() == ""
    assert dialog.idle_minutes.value() == 12
    assert (dialog.idle_minutes.minimum(), dialog.idle_minutes.maximum()) == (1, 240)
    assert dialog.focusWidget() is dialog.organisation
    assert dialog.save_button.isDefault()
    dialog.reject()


def test_saving_stores_them_and_the_idle_limit_changes_at_once(
    qtbot: QtBot, session: Session, casebook: Casebook
) -> None:
    dialog = _open(session)
    dialog.organisation.setText("  St Aldhelm's Mediation Service ")
    dialog.mediator.setText("Siân Łukasz")  # QTest can type ASCII only
    dialog.idle_minutes.setValue(2)

    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert not dialog.isVisible()
    assert casebook.settings.get(ORGANISATION) == "St Aldhelm's Mediation Service"
    assert casebook.settings.get(MEDIATOR) == "Siân Łukasz"
    assert casebook.settings.get(IDLE_LOCK_MINUTES) == 2
    assert session.idle.limit_s == 120
    assert "Locks after 2 idle minutes" in session.window.lock_hint.text()


def test_a_refused_value_is_shown_beside_its_field(session: Session, casebook: Casebook) -> None:
    dialog = _open(session)
    dialog.mediator.setText("Alex\u0007Morgan")  # a control character pasted in

    dialog.save()

    assert dialog.isVisible()
    reason = dialog.errors[MEDIATOR.key]
    assert reason.isVisible() and "invisible control character" in reason.reason
    assert not dialog.errors[ORGANISATION.key].reason
    assert casebook.settings.get(MEDIATOR) == ""  # nothing half-saved
    dialog.reject()


def test_every_registered_setting_can_be_changed_here(qtbot: QtBot, casebook: Casebook) -> None:
    from PySide6.QtWidgets import QComboBox, QLineEdit, QSpinBox

    from app.registers.settings import COMPLAINT_RESPONSE_BASIS, REGION, VAT_RATE
    from app.settings import BACKUP_REMINDER_DAYS, registry

    dialog = SettingsDialog(casebook)
    qtbot.addWidget(dialog)
    shown = {ORGANISATION.key, MEDIATOR.key, IDLE_LOCK_MINUTES.key} | set(dialog.extra)
    assert shown == set(registry())

    region = dialog.extra[REGION.key]
    assert isinstance(region, QComboBox)
    region.setCurrentIndex(region.findData("scotland"))
    basis = dialog.extra[COMPLAINT_RESPONSE_BASIS.key]
    assert isinstance(basis, QComboBox)
    basis.setCurrentIndex(basis.findData("working"))
    reminder = dialog.extra[BACKUP_REMINDER_DAYS.key]
    assert isinstance(reminder, QSpinBox)
    reminder.setValue(14)
    vat = dialog.extra[VAT_RATE.key]
    assert isinstance(vat, QLineEdit)

    vat.setText("twenty")
    dialog.save_button.click()
    assert "percentage" in dialog.errors[VAT_RATE.key].reason
    assert casebook.settings.get(REGION) == "england_wales"  # nothing saved: all or nothing

    vat.setText("17.5")
    dialog.save_button.click()
    assert casebook.settings.get(VAT_RATE) == "17.5"
    assert casebook.settings.get(REGION) == "scotland"
    assert casebook.settings.get(COMPLAINT_RESPONSE_BASIS) == "working"
    assert casebook.settings.get(BACKUP_REMINDER_DAYS) == 14


def test_each_field_sits_beside_its_label_and_has_room(
    qtbot: QtBot, session: Session, casebook: Casebook
) -> None:
    dialog = _open(session)
    qtbot.waitExposed(dialog)
    char = dialog.fontMetrics().averageCharWidth()
    form = next(f for f in dialog.findChildren(QFormLayout))
    for row in range(form.rowCount()):
        label = form.itemAt(row, QFormLayout.ItemRole.LabelRole).widget()
        cell = form.itemAt(row, QFormLayout.ItemRole.FieldRole).widget()
        assert isinstance(label, QLabel)
        field = label.buddy()
        assert field is not None, label.text()
        gap = field.mapTo(dialog, field.rect().topLeft()).x() - label.mapTo(
            dialog, label.rect().topRight()).x()  # fmt: skip
        name = label.text()
        assert gap < 6 * char, f"{name} is {gap // char} characters from its field"
        if isinstance(field, QLineEdit):
            assert field.width() >= 30 * char, name
        elif not isinstance(field, QCheckBox):
            assert field.width() >= 12 * char, name
        for hint in cell.findChildren(QLabel):
            if hint.text() and hint.wordWrap():  # an explanation: all of it shown
                assert hint.height() >= hint.heightForWidth(hint.width()), hint.text()
    # A yes-or-no setting is a tick box, not a number from 0 to 1.
    assert isinstance(dialog.extra["keeps_registers"], QCheckBox)
    assert dialog.extra["keeps_registers"].isChecked()
    dialog.reject()
