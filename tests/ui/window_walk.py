"""Walking every window, dialog and tab of the application, as a keyboard user would meet them.

``walk`` unlocks a filled book (a casebook, or the office's), turns to every section and
every tab of a case, and opens every dialog a button or menu entry offers (those whose text
ends in "…" or that make or edit a record), one level deep inside each dialog too. Nothing
is listed by hand: a dialog added to any page is met as soon as a button opens it. Each
screen met, with the window it belongs to, is handed to ``look``, which checks what a
keyboard user relies on.

Dialogs are closed (rejected) once looked at, and a question ("Delete…?") is answered No, so
the walk changes nothing in the casebook.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import shiboken6
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QMenu,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QToolButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app.books.casebook import Casebook
from ui.application import Session
from ui.main_window import MainWindow

from conftest import PASSPHRASE
from helpers import unlock

# Buttons that open a dialog or make or edit a record: "…" by convention, and the verbs the
# app uses for making and editing. Never Lock, Quit, Close case or Delete without a question:
# those would end the walk (and deleting asks first anyway).
_OPENS = re.compile(r"(…|\.\.\.)$|^(New|Add|Edit|Record|Acknowledge|Respond|Close complaint)\b")
_NEVER = re.compile(r"^(Lock|Quit|Close case|Back to cases)\b")


def plain(text: str) -> str:
    """A control's text as shown: without the mnemonic marker."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


@dataclass
class Screen:
    """One screen as met on the walk: a top-level window (or dialog) and where it was."""

    window: QWidget
    where: str


@dataclass
class Walk:
    """What the walk met, and the problems ``look`` found on each screen."""

    screens: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


class _DialogCatcher(QObject):
    """Looks at every dialog as it opens, then closes it (modal ones included)."""

    def __init__(self, on_dialog: Callable[[QDialog], None]) -> None:
        super().__init__()
        self.on_dialog = on_dialog

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.Show
            and isinstance(watched, QDialog)
            and watched.isWindow()
            and not watched.property("walk-met")
        ):
            watched.setProperty("walk-met", True)
            QTimer.singleShot(0, lambda: self.on_dialog(watched))
        return False


def _buttons_that_open(root: QWidget) -> list[QAbstractButton]:
    found = []
    for button in root.findChildren(QAbstractButton):
        if not isinstance(button, QPushButton | QToolButton):
            continue
        text = plain(button.text()).strip()
        if (
            button.isVisible()
            and button.isEnabled()
            and button.window() is root.window()
            and _OPENS.search(text)
            and not _NEVER.search(text)
        ):
            found.append(button)
    return found


def _settle(qtbot: QtBot) -> None:
    QApplication.processEvents()
    qtbot.wait(10)


class _Walker:
    def __init__(self, qtbot: QtBot, look: Callable[[Screen], list[str]], depth: int) -> None:
        self.qtbot = qtbot
        self.look = look
        self.depth = depth
        self.result = Walk()
        self.opened: list[str] = []  # what the walk pressed, innermost last

    def examine(self, window: QWidget, where: str) -> None:
        self.result.screens.append(where)
        problems = self.look(Screen(window, where))
        self.result.problems += [f"{where}: {problem}" for problem in problems]

    def on_dialog(self, dialog: QDialog) -> None:
        if not dialog.isVisible() or not self.opened:
            return  # not opened by the walk (the unlock window): left alone
        where = f"{self.opened[-1]} → “{plain(dialog.windowTitle())}”"
        self.examine(dialog, where)
        if isinstance(dialog, QMessageBox):
            no = dialog.button(QMessageBox.StandardButton.No)
            if no is not None:
                no.click()
            else:
                dialog.reject()
            return
        if len(self.opened) < self.depth and not _is_system_dialog(dialog):
            for tab in _tabs_of(dialog):
                self.examine(dialog, f"{where}, tab “{tab}”")
            self.press_each(dialog, where)
        # Twice: "Discard what you have typed?" may have been asked and answered No.
        for _ in range(2):
            if shiboken6.isValid(dialog) and dialog.isVisible():
                dialog.done(QDialog.DialogCode.Rejected)

    def press(self, what: str, click: Callable[[], object]) -> None:
        self.opened.append(what)
        click()
        _settle(self.qtbot)
        self.opened.pop()

    def press_each(self, root: QWidget, where: str) -> None:
        for button in _buttons_that_open(root):
            if not shiboken6.isValid(button) or not button.isVisible() or not button.isEnabled():
                continue  # gone or changed by what an earlier button opened
            self.press(f"{where}, “{plain(button.text())}”", button.click)

    def sections_and_menus(self, window: MainWindow) -> None:
        for menu in window.menuBar().findChildren(QMenu):
            self.examine(menu, f"menu “{plain(menu.title())}”")
        for action in _menu_actions_that_open(window):
            self.press(f"menu “{plain(action.text())}”", action.trigger)
        for row in range(window.navigation.count()):
            name = window.navigation.item(row).text().strip()
            window.navigation.setCurrentRow(row)
            _settle(self.qtbot)
            self.examine(window, f"section {name}")
            self.press_each(window, f"section {name}")

    def cases(self, window: MainWindow, casebook: Casebook) -> None:
        for case in casebook.cases.list_rows():
            window.show_cases_section()
            window.open_case(case.id)
            workspace = window.workspace
            assert workspace is not None
            for index in range(workspace.tab_widget.count()):
                workspace.tab_widget.setCurrentIndex(index)
                _settle(self.qtbot)
                where = f"case {case.reference}, tab {plain(workspace.tab_widget.tabText(index))}"
                self.examine(window, where)
                _select_first_row(workspace.tab_widget.widget(index))
                self.press_each(window, where)


def _only_after_a_secret(window: MainWindow) -> list[tuple[str, Callable[[], object]]]:
    """Windows no button opens until a secret has been typed and checked, each with a way
    to open it as that secret would (the walk types none): met like every other screen."""
    from ui.trust.recovery_key_change import show_new_recovery_key

    sample = "ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567"  # never a real key
    return [("a new recovery key, once made", lambda: show_new_recovery_key(
        window, sample, "your casebook"))]  # fmt: skip


def walk(
    qtbot: QtBot, session: Session, look: Callable[[Screen], list[str]], *, depth: int = 2
) -> Walk:
    """Meet every window, section, tab and dialog; ``look`` at each; answer nothing."""
    walker = _Walker(qtbot, look, depth)
    catcher = _DialogCatcher(walker.on_dialog)
    app = QApplication.instance()
    assert app is not None
    app.installEventFilter(catcher)
    try:
        window = unlock(
            qtbot, session, PASSPHRASE, before=lambda d: walker.examine(d, "unlock window")
        )
        walker.sections_and_menus(window)
        for what, open_it in _only_after_a_secret(window):
            walker.press(what, open_it)
        assert session.casebook is not None
        if isinstance(session.casebook, Casebook):  # the office's book has no cases
            walker.cases(window, session.casebook)
    finally:
        app.removeEventFilter(catcher)
    return walker.result


def _menu_actions_that_open(window: QWidget) -> Iterator[QAction]:
    for menu in window.menuBar().findChildren(QMenu):
        for action in menu.actions():
            text = plain(action.text())
            if action.isEnabled() and _OPENS.search(text) and not _NEVER.search(text):
                yield action


def _tabs_of(dialog: QDialog) -> list[str]:
    names = []
    for tabs in dialog.findChildren(QTabWidget):
        for index in range(1, tabs.count()):
            tabs.setCurrentIndex(index)
            QApplication.processEvents()
            names.append(plain(tabs.tabText(index)))
    return names


def _is_system_dialog(dialog: QDialog) -> bool:
    """Qt's own file and print dialogs: not Parley's to check."""
    return type(dialog).__module__.startswith("PySide6")


def _select_first_row(page: QWidget) -> None:
    """So that Edit buttons, enabled by a selection, are met too."""
    from PySide6.QtWidgets import QAbstractItemView

    for view in page.findChildren(QAbstractItemView):
        model = view.model()
        if view.isVisible() and model is not None and model.rowCount() > 0:
            view.setCurrentIndex(model.index(0, 0))
