"""The main window's menus, shortcuts and toolbar.

Every action is added to the window itself as well as to its menu, so that its shortcut
works even when the menu bar is hidden. The window enables and hides them as the book and
the case change (``MainWindow._update_actions``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import Qt, SignalInstance
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar, QToolBar, QWidget

from ui.help import show_about, show_guide


class MenuWindow(Protocol):
    """What the menus need of the main window (``ui.main_window.MainWindow``), and the
    actions and menus they give it."""

    new_case_action: QAction
    import_action: QAction
    lock_action: QAction
    settings_action: QAction
    quit_action: QAction
    safe_view_action: QAction
    close_case_action: QAction
    print_action: QAction
    find_action: QAction
    guide_action: QAction
    about_action: QAction
    file_menu: QMenu
    view_menu: QMenu
    case_menu: QMenu
    help_menu: QMenu
    toolbar: QToolBar

    @property
    def lock_requested(self) -> SignalInstance: ...
    @property
    def quit_requested(self) -> SignalInstance: ...
    def addAction(self, action: QAction, /) -> None: ...
    def menuBar(self) -> QMenuBar: ...
    def addToolBar(self, title: str, /) -> QToolBar: ...
    def new_case(self) -> None: ...
    def import_cases(self) -> None: ...
    def open_settings(self) -> None: ...
    def set_safe_view(self, on: bool) -> None: ...
    def close_case(self) -> bool: ...
    def print_current(self) -> None: ...
    def find_case(self) -> None: ...
    def help_topic(self) -> str: ...


def _keys(standard: QKeySequence.StandardKey, fallback: str) -> list[QKeySequence]:
    # Some platforms bind nothing to a standard key (Windows has no Quit); people still
    # expect the usual one there.
    return QKeySequence.keyBindings(standard) or [QKeySequence(fallback)]


def add_menus(window: MenuWindow, owner: QWidget) -> None:
    """Make the window's actions, then the File, View, Case and Help menus and the
    toolbar that show them. ``owner`` is the same window as a widget: the parent of the
    actions and of the help windows."""

    def action(text: str, keys: list[QKeySequence], slot: Callable[[], object]) -> QAction:
        made = QAction(text, owner)
        made.setShortcuts(keys)
        made.triggered.connect(slot)
        if keys:
            made.setToolTip(f"{text.replace('&', '').rstrip('…')} ({keys[0].toString()})")
        window.addAction(made)  # shortcuts work even when the menu bar is hidden
        return made

    std = QKeySequence.StandardKey
    window.new_case_action = action("&New case…", _keys(std.New, "Ctrl+N"), window.new_case)
    window.lock_action = action("&Lock", [QKeySequence("Ctrl+L")], window.lock_requested.emit)
    prefs = QKeySequence.keyBindings(std.Preferences)  # Cmd+, on macOS; none elsewhere
    window.settings_action = action("&Settings…", prefs, window.open_settings)
    window.settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
    window.quit_action = action("&Quit", _keys(std.Quit, "Ctrl+Q"), window.quit_requested.emit)
    window.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
    # Checkable, so it answers to toggled (clicks, keys and setChecked alike). It stays
    # on across a lock: whoever could see the screen may still be there.
    window.safe_view_action = QAction("&Safe view", owner)
    window.safe_view_action.setCheckable(True)
    window.safe_view_action.setShortcut(QKeySequence("Ctrl+Shift+H"))
    window.safe_view_action.setToolTip(
        "Safe view: hide confidential text, the patient's details and case titles, for "
        "when others can see the screen "
        "(Ctrl+Shift+H)"
    )
    window.safe_view_action.toggled.connect(window.set_safe_view)
    window.addAction(window.safe_view_action)
    window.close_case_action = action("&Close case", _keys(std.Close, "Ctrl+W"), window.close_case)
    window.print_action = action("&Print…", _keys(std.Print, "Ctrl+P"), window.print_current)
    window.find_action = action("&Find a case", _keys(std.Find, "Ctrl+F"), window.find_case)

    menus = window.menuBar()
    window.file_menu = menus.addMenu("&File")
    window.import_action = action("&Import cases…", [], window.import_cases)
    window.file_menu.addActions([window.new_case_action, window.import_action, window.lock_action])
    window.file_menu.addSeparator()
    window.file_menu.addAction(window.settings_action)
    window.file_menu.addSeparator()
    window.file_menu.addAction(window.quit_action)
    window.view_menu = menus.addMenu("&View")
    window.view_menu.addAction(window.find_action)
    window.view_menu.addAction(window.safe_view_action)
    window.case_menu = menus.addMenu("C&ase")
    window.case_menu.addAction(window.print_action)
    window.case_menu.addAction(window.close_case_action)
    # Help works locked or not: the guide holds nothing from the casebook.
    guide_keys = _keys(std.HelpContents, "F1")
    window.guide_action = action(
        "&User guide", guide_keys, lambda: show_guide(owner, window.help_topic())
    )
    window.about_action = action("&About Parley", [], lambda: show_about(owner))
    window.about_action.setMenuRole(QAction.MenuRole.AboutRole)
    window.help_menu = menus.addMenu("&Help")
    window.help_menu.addActions([window.guide_action, window.about_action])

    window.toolbar = window.addToolBar("Main")
    window.toolbar.setObjectName("main-toolbar")
    window.toolbar.setMovable(False)
    window.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    # Only what protects the screen: the rest is in the menus and on the pages.
    window.toolbar.addAction(window.safe_view_action)
    window.toolbar.addAction(window.lock_action)
