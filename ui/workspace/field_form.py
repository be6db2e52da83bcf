"""A case's fields in a form, each saved on its own as the mediator works.

Each field is saved by itself (``dataclasses.replace`` of the last stored case), so a value
the store refuses stays on screen with its reason, beside the field the store named (which
may be another field than the one saved), while every other field keeps saving. A reason
goes once the field that caused it holds what is stored.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, Generic, TypeVar

from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from app.books.casebook import Casebook
from app.cases.nhs import format_nhs_number, nhs_number_problem, normalise_nhs_number
from app.cases.records import Case
from app.errors import InvalidValue, ParleyError
from ui.widgets.dates import DateField
from ui.widgets.forms import FieldError, focus_target
from ui.widgets.messages import InlineMessage
from ui.workspace import case_fields as fields
from ui.workspace.base import WorkspaceTab
from ui.workspace.case_fields import CaseField

V = TypeVar("V")


@dataclass(frozen=True)
class Field(Generic[V]):
    """A field of the case and the widget that edits it."""

    case_field: CaseField[V]
    shown: Callable[[], V]  # the value on screen, as it would be stored
    show: Callable[[V], None]  # put a stored value on screen

    def read(self, case: Case) -> V:
        return self.case_field.read(case)

    def write(self, case: Case, value: V) -> Case:
        return self.case_field.write(case, value)


def shows(field: Field[Any], case: Case) -> bool:
    """Whether ``field`` shows what ``case`` holds (a date that cannot be read does not)."""
    try:
        return bool(field.shown() == field.read(case))
    except InvalidValue:
        return False


class CaseFieldForm(WorkspaceTab):
    """The fields' machinery; the Overview lays them out (see the module's docstring)."""

    def __init__(self, casebook: Casebook, case_id: int, parent: QWidget | None = None) -> None:
        super().__init__(casebook, case_id, parent)
        self._case: Case | None = None
        self.errors: dict[str, FieldError] = {}
        self._fields: dict[str, Field[Any]] = {}
        self._lines: list[QLineEdit] = []
        # Which field's save put a reason where: a save of A can be refused beside B.
        self._reasons: dict[str, str] = {}
        self._refusals: dict[str, InvalidValue] = {}  # the last refusal of each field's save
        self.message = InlineMessage(self)  # a refusal that names no field on this page

    def stored(self, key: str, case: Case) -> None:
        """The field ``key`` was saved and the store gave back ``case`` (for the page to
        follow: a number shown in its groups, a reminder that no longer applies)."""

    def _group(self, title: str) -> tuple[QFormLayout, QGroupBox]:
        group = QGroupBox(title, self)
        form = QFormLayout(group)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        return form, group

    def _row(self, form: QFormLayout, label: str, widget: QWidget, key: str) -> None:
        box = QWidget(self)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        if isinstance(widget, DateField):
            self.errors[key] = widget.error  # its own line says what it cannot read, too
        else:
            self.errors[key] = FieldError(box)
            column.addWidget(self.errors[key])
        box.setFocusProxy(widget)
        caption = QLabel(label, self)
        caption.setBuddy(focus_target(widget))
        form.addRow(caption, box)

    def _line(self, form: QFormLayout, label: str, field: CaseField[str], name: str) -> QLineEdit:
        key = field.key
        edit = QLineEdit(self)
        edit.setAccessibleName(name)
        self._row(form, label, edit, key)
        self._lines.append(edit)

        def shown() -> str:
            if key == fields.NHS_NUMBER.key:
                # Typed any way ("943-476-5919"), stored as ten digits, shown in three groups.
                return normalise_nhs_number(edit.text())
            return edit.text().strip()

        def show(value: str) -> None:
            edit.setText(format_nhs_number(value) if key == fields.NHS_NUMBER.key else value)
            edit.setCursorPosition(0)  # a long title shows its beginning, not its end

        self._fields[key] = Field(field, shown, show)
        edit.editingFinished.connect(lambda: self._save(key))
        return edit

    def _date(
        self, form: QFormLayout, label: str, field: CaseField[date | None], name: str
    ) -> DateField:
        key = field.key
        # Saved when committed (leaving the field, Enter, the calendar), not as typed.
        edit = DateField(name, self, field=key)
        self._row(form, label, edit, key)
        self._fields[key] = Field(field, edit.value, edit.set_value)
        edit.changed.connect(lambda: self._save(key))
        return edit

    def _save(self, key: str) -> bool:
        case = self._case
        if case is None:
            return True
        field = self._fields[key]
        try:
            value = field.shown()
        except InvalidValue as unreadable:  # a date that cannot be read: it says why itself
            self._refuse(key, unreadable)
            return False
        if value == field.read(case):
            self._forget_reasons_of(key)
            return True
        if key == fields.NHS_NUMBER.key:
            problem = nhs_number_problem(value)
            if problem:
                self._refuse(key, InvalidValue(key, problem))
                return False
        return self._store(key, field.write(case, value))

    def _store(self, key: str, case: Case) -> bool:
        try:
            stored = self.casebook.cases.update(case)
        except InvalidValue as problem:
            self._refuse(key, problem)
            return False
        except ParleyError as exc:
            self._refuse(key, InvalidValue("", str(exc)))
            return False
        self._case = stored
        self.stored(key, stored)
        # A refusal goes once the field that caused it holds what is stored.
        for owner in list(self._reasons):
            owner_field = self._fields.get(owner)
            if owner_field is None or shows(owner_field, stored):
                self._forget_reasons_of(owner)
        self.case_changed.emit()
        # A field refused by a rule joining it to this one (a date of birth after the
        # referral) is checked again: what it shows is kept if the rule now allows it, and
        # its reason is said afresh, or goes, rather than outliving its problem.
        for owner in list(self._reasons):
            if owner != key and owner in self._fields and owner in self._reasons:
                self._save(owner)
        return True

    def _refuse(self, key: str, problem: InvalidValue) -> None:
        """Say why beside the field the store named (or above the form); keep the text."""
        self._forget_reasons_of(key)
        self._refusals[key] = problem
        target = self.errors.get(problem.field)
        if target is not None:
            target.show_reason(problem.reason)
            self._reasons[key] = problem.field
        else:
            self.message.show_message(str(problem))
            self._reasons[key] = ""

    def _forget_reasons_of(self, key: str) -> None:
        where = self._reasons.pop(key, None)
        if where is None:
            return
        if where and where not in self._reasons.values():
            self.errors[where].clear_reason()
        elif not where and "" not in self._reasons.values():
            self.message.clear()

    def _clear_reasons(self) -> None:
        self._reasons.clear()
        for error in self.errors.values():
            error.clear_reason()
        self.message.clear()

    def save_fields(self) -> None:
        """Save every field whose shown value differs from the stored one; raise the first
        refusal (said by the window when locking or closing the case; the text stays)."""
        refused: list[InvalidValue] = []
        for key, field in self._fields.items():
            if self._case is not None and not shows(field, self._case) and not self._save(key):
                refused.append(self._refusals[key])
        if refused:
            raise refused[0]
