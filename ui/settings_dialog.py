"""Settings kept inside the casebook: the organisation, the mediator, when to lock.

They are read and written through ``casebook.settings`` with the typed ``Setting`` objects
of ``app.settings``, so the dialog and the command line agree on keys, types and limits.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.books.book import Book
from app.cases.validation import SHORT_TEXT, check_text
from app.errors import InvalidValue, ParleyError
from app.registers.settings import ChoiceSetting
from app.settings import IDLE_LOCK_MINUTES, MEDIATOR, ORGANISATION, AnySetting, registry
from ui.widgets.forms import FieldError, show_invalid
from ui.widgets.messages import FittedDialog, InlineMessage, fit_height, heading, small_label

DIALOG_CHARACTERS = 90
LABEL_CHARACTERS = 30  # a label wider than this wraps
TEXT_CHARACTERS = 36  # room for an organisation's full name
NUMBER_CHARACTERS = 14  # "240 minutes", "England and Wales"


class SettingsDialog(FittedDialog):
    """Edits the casebook's settings; ``saved`` tells the window to apply them at once."""

    saved = Signal()

    def __init__(self, casebook: Book, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.casebook = casebook
        self.setWindowTitle("Parley — Settings")
        self.setMinimumWidth(DIALOG_CHARACTERS * self.fontMetrics().averageCharWidth())

        self.organisation = QLineEdit(casebook.settings.get(ORGANISATION), self)
        self.organisation.setAccessibleName("Organisation name")
        self.organisation.setMaxLength(SHORT_TEXT)
        self.mediator = QLineEdit(casebook.settings.get(MEDIATOR), self)
        self.mediator.setAccessibleName("Your name")
        self.mediator.setMaxLength(SHORT_TEXT)
        self.idle_minutes = QSpinBox(self)
        self.idle_minutes.setRange(IDLE_LOCK_MINUTES.minimum or 1, IDLE_LOCK_MINUTES.maximum or 240)
        self.idle_minutes.setValue(casebook.settings.get(IDLE_LOCK_MINUTES))
        self.idle_minutes.setSuffix(" minutes")
        self.idle_minutes.setAccessibleName("Lock after this many idle minutes")
        self.errors = {s.key: FieldError(self) for s in (ORGANISATION, MEDIATOR, IDLE_LOCK_MINUTES)}
        self.message = InlineMessage(self)

        form = QFormLayout()
        # Text boxes fill the row; numbers, lists and tick boxes keep their own size, beside
        # their labels.
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        rows: list[tuple[str, QWidget, str, str]] = [
            ("&Organisation:", self.organisation, ORGANISATION.key, "Printed on agreements."),
            ("&Your name:", self.mediator, MEDIATOR.key, "Used in the audit trail and signatures."),
            (
                "&Lock after:",
                self.idle_minutes,
                IDLE_LOCK_MINUTES.key,
                "With no typing or mouse use for this long, Parley locks the casebook.",
            ),
        ]
        # Every other setting in the registry gets a row of its own kind, so nothing that can
        # be set is out of reach (the registers' region, VAT and deadlines; backups; review).
        self.extra: dict[str, QWidget] = {}
        shown = {ORGANISATION.key, MEDIATOR.key, IDLE_LOCK_MINUTES.key}
        for setting in registry().values():
            if setting.key in shown:
                continue
            field = _editor_for(setting, casebook.settings.get(setting), self)
            self.extra[setting.key] = field
            self.errors[setting.key] = FieldError(self)
            rows.append((f"{setting.label}:", field, setting.key, ""))
        char = self.fontMetrics().averageCharWidth()
        for text, field, key, hint in rows:
            label = QLabel(text, self)
            label.setBuddy(field)
            # A long label wraps onto two lines rather than push every field far away.
            label.setWordWrap(True)
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            label.setMaximumWidth(LABEL_CHARACTERS * char)
            words = self.fontMetrics().horizontalAdvance(text.replace("&", "")) + char
            label.setMinimumWidth(min(words, LABEL_CHARACTERS * char))
            if isinstance(field, QLineEdit):
                field.setMinimumWidth(TEXT_CHARACTERS * char)
            elif not isinstance(field, QCheckBox):
                field.setMinimumWidth(NUMBER_CHARACTERS * char)
                field.setMaximumWidth(2 * NUMBER_CHARACTERS * char)
            cell = QWidget(self)
            column = QVBoxLayout(cell)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(2)
            column.addWidget(field)
            if hint:
                explanation = small_label(hint, cell)
                explanation.setWordWrap(True)
                column.addWidget(explanation)
                field.setAccessibleDescription(hint)
            column.addWidget(self.errors[key])
            form.addRow(label, cell)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setDefault(True)
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Settings", self))
        layout.addWidget(small_label("Kept inside your encrypted casebook.", self))
        layout.addSpacing(6)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.organisation.setFocus()

    def save(self) -> None:
        organisation = self.organisation.text().strip()
        mediator = self.mediator.text().strip()
        self.message.clear()
        try:
            check_text(ORGANISATION.key, organisation)
            check_text(MEDIATOR.key, mediator)
            with self.casebook.transaction():
                self.casebook.settings.set(ORGANISATION, organisation)
                self.casebook.settings.set(MEDIATOR, mediator)
                self.casebook.settings.set(IDLE_LOCK_MINUTES, self.idle_minutes.value())
                settings = registry()
                for key, field in self.extra.items():
                    self.casebook.settings.set_text(settings[key], str(_value_of(field)))
        except InvalidValue as problem:
            if not show_invalid(self.errors, problem):
                self.message.show_message(str(problem))
            fit_height(self)
            return
        except ParleyError as exc:
            self.message.show_message(f"The settings were not saved. {exc}")
            fit_height(self)
            return
        self.saved.emit()
        self.accept()


def _editor_for(setting: AnySetting, value: str | int, parent: QWidget) -> QWidget:
    """The natural editor for a setting: a list for choices, a spin box for numbers."""
    if isinstance(setting, ChoiceSetting) and setting.choices:
        combo = QComboBox(parent)
        for key, label in setting.choices:
            combo.addItem(label, key)
        combo.setCurrentIndex(max(0, combo.findData(value)))
        editor: QWidget = combo
    elif isinstance(setting.default, int) and (setting.minimum, setting.maximum) == (0, 1):
        box = QCheckBox(parent)  # yes or no, not a number from 0 to 1
        box.setChecked(bool(int(value)))
        editor = box
    elif isinstance(setting.default, int):
        spin = QSpinBox(parent)
        spin.setRange(setting.minimum or 0, setting.maximum or 10_000)
        spin.setValue(int(value))
        editor = spin
    else:
        editor = QLineEdit(str(value), parent)
    editor.setAccessibleName(setting.label)
    return editor


def _value_of(editor: QWidget) -> str | int:
    if isinstance(editor, QCheckBox):
        return int(editor.isChecked())
    if isinstance(editor, QComboBox):
        return str(editor.currentData())
    if isinstance(editor, QSpinBox):
        return editor.value()
    assert isinstance(editor, QLineEdit)
    return editor.text().strip()
