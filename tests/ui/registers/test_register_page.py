"""The base of every register page, through the smallest register there can be: a list of
named things with a filter, guidance when empty, one form at a time and a careful delete."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from app.books.casebook import Casebook
from app.errors import InvalidValue
from ui.registers.models import RowsModel
from ui.registers.page import RegisterPage, RegisterWords
from ui.workspace.record_dialog import RecordDialog


@dataclass(frozen=True)
class Thing:
    id: int | None
    name: str
    kept: bool = False


class Store:
    """Stands in for a casebook service: the page only ever calls it."""

    def __init__(self) -> None:
        self.things: dict[int, Thing] = {}

    def save(self, thing: Thing) -> Thing:
        if not thing.name.strip():
            raise InvalidValue("name", "this cannot be empty")
        stored = replace(thing, id=thing.id or len(self.things) + 1)
        self.things[stored.id or 0] = stored
        return stored

    def delete(self, thing_id: int) -> None:
        if self.things[thing_id].kept:
            raise InvalidValue("", "this one is kept")
        del self.things[thing_id]


class ThingsModel(RowsModel[Thing]):
    headers = ("Name",)

    def id_of(self, row: Thing) -> int | None:
        return row.id

    def text(self, row: Thing, column: int) -> str:
        return row.name


class ThingDialog(RecordDialog):
    what = "The new thing"

    def __init__(self, store: Store, parent: QWidget) -> None:
        super().__init__("New thing", parent)
        self.store_ = store
        self.name = QLineEdit(self)
        self.add_row("&Name:", self.name, "name")

    def build(self) -> Thing:
        return Thing(None, self.name.text())

    def store(self, record: Any) -> Thing:
        return self.store_.save(record)


WORDS = RegisterWords("things", "Things", "Press Enter", "&Show:", "Which things", "No things yet",
                      "Add the first thing.", "&New thing…", "Show &all things")  # fmt: skip


class ThingsPage(RegisterPage[Thing]):
    """A whole register page: what it reads, how it filters, what the details show."""

    def __init__(self, store: Store) -> None:
        filters = [("All things", ""), ("Kept things", "kept")]
        super().__init__(ThingsModel(), WORDS, filters, show_all="", today=date.today)
        self.store = store
        self.chosen: Thing | None = None
        self.new_button = QPushButton("&New thing…", self)
        self.add_buttons(self.new_button)
        self.first_button.clicked.connect(self.new_thing)
        self.refresh()

    def read_rows(self, casebook: Casebook) -> Sequence[Thing]:
        return list(self.store.things.values())

    def row_filter(self, value: str) -> Callable[[Thing], bool]:
        return (lambda t: t.kept) if value else (lambda t: True)

    def no_match_text(self, value: str) -> str:
        return "No kept things"

    def show_chosen(self) -> None:
        self.chosen = self.selected()

    def new_thing(self) -> ThingDialog:
        dialog = ThingDialog(self.store, self)
        dialog.saved.connect(lambda thing: self.reload(thing.id))
        self.open_dialog(dialog)
        return dialog


@pytest.fixture
def page(qtbot: QtBot, casebook: Casebook) -> Iterator[ThingsPage]:
    shown = ThingsPage(Store())
    qtbot.addWidget(shown)
    shown.show_casebook(casebook)
    shown.show()
    yield shown
    shown.clear()


def test_an_empty_register_offers_its_first_record(page: ThingsPage) -> None:
    assert page.pages.currentWidget() is page.empty and not page.top_bar.isVisible()
    assert page.empty.isVisible() and page.first_button.isEnabled()
    dialog = page.new_thing()
    dialog.name.setText("Kettle")
    dialog.save_button.click()
    assert page.pages.currentWidget() is page.table and page.top_bar.isVisible()
    assert page.chosen == Thing(1, "Kettle")


def test_a_filter_that_hides_every_row_says_so_and_offers_them_all(page: ThingsPage) -> None:
    page.store.save(Thing(None, "Kettle"))
    page.store.save(Thing(None, "Teapot", kept=True))
    page.reload()
    page.filter.setCurrentIndex(1)
    assert page.proxy.rowCount() == 1 and page.chosen == Thing(2, "Teapot", kept=True)
    page.store.save(Thing(2, "Teapot"))  # no longer kept, and chosen on another page
    page.table.clearSelection()
    page.table.setCurrentIndex(page.proxy.index(-1, -1))
    page.reload()
    assert page.pages.currentWidget() is page.no_match
    assert page.no_match_title.text() == "No kept things" and page.chosen is None
    page.show_all_button.click()
    assert page.proxy.rowCount() == 2 and page.pages.currentWidget() is page.table


def test_choosing_a_hidden_record_shows_every_row(page: ThingsPage) -> None:
    page.store.save(Thing(None, "Kettle"))
    page.store.save(Thing(None, "Teapot", kept=True))
    page.reload()
    page.filter.setCurrentIndex(1)
    page.select(1)
    assert page.filter.currentIndex() == 0 and page.chosen == Thing(1, "Kettle")


def test_a_refused_delete_says_why_and_a_done_one_says_so(page: ThingsPage) -> None:
    page.store.save(Thing(None, "Kettle"))
    page.store.save(Thing(None, "Teapot", kept=True))
    page.reload(2)
    box = page.confirm_delete("Delete?", "", lambda _book: page.store.delete(2), "Deleted.")
    assert box.defaultButton() is box.escapeButton()  # Cancel first
    _press(box, QMessageBox.ButtonRole.DestructiveRole)
    assert page.message.text() == "Not deleted: this one is kept" and len(page.store.things) == 2
    page.reload(1)
    _press(page.confirm_delete("Delete?", "", lambda _b: page.store.delete(1), "Deleted."),
           QMessageBox.ButtonRole.DestructiveRole)  # fmt: skip
    assert page.message.text() == "Deleted." and list(page.store.things) == [2]


def test_locking_after_a_delete_was_cancelled(page: ThingsPage) -> None:
    page.store.save(Thing(None, "Kettle"))
    page.reload()
    box = page.confirm_delete("Delete?", "", lambda _b: page.store.delete(1), "Deleted.")
    _press(box, QMessageBox.ButtonRole.RejectRole)
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # the box is gone
    assert page.clear() == []
    assert list(page.store.things) == [1]


def test_locking_stores_a_valid_form_and_says_why_not_for_another(
    page: ThingsPage, casebook: Casebook
) -> None:
    dialog = page.new_thing()
    dialog.name.setText("Kettle")
    assert page.clear() == []
    assert [t.name for t in page.store.things.values()] == ["Kettle"]
    assert not dialog.isVisible() and page.model.rowCount() == 0

    page.show_casebook(casebook)
    page.new_thing().name.setText("  ")
    assert page.clear() == ["The new thing was not saved: name: this cannot be empty"]


def _press(box: QMessageBox, role: QMessageBox.ButtonRole) -> None:
    [button] = [b for b in box.buttons() if box.buttonRole(b) == role]
    button.click()
