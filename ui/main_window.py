"""The main window while a book is unlocked: sections on the left, the work on the right.

Sections are added with one ``add_section`` call each, saying which books they are for: a
mediator's casebook shows Dashboard, Cases, Contacts (and Training and Complaints when it
keeps the registers); the office's book shows its Dashboard, Referrals, Agreements,
Training, Complaints and Contacts, and never Cases. The window shows only the sections of
the open book's role. The Cases section shows the list, or one case's workspace. The window
never decides about locking: it asks the session, and when told to, ``clear`` stores what
was typed and then forgets everything it showed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QSettings, QSize, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from app.books.casebook import Casebook
from app.books.kinds import AnyBook
from app.errors import ParleyError
from app.settings import IDLE_LOCK_MINUTES
from ui.cases.case_list import CaseListPage
from ui.cases.import_cases import CaseImport
from ui.cases.new_case import NewCaseDialog
from ui.help import CASE_TOPIC
from ui.main_menus import add_menus
from ui.place import Place, return_to, where
from ui.settings_dialog import SettingsDialog
from ui.status_line import StatusLine
from ui.widgets.messages import show_error
from ui.widgets.section import SectionPage
from ui.window_layout import remember_layout, restore_layout, size_to_screen
from ui.workspace.base import Printable, WorkspaceTab
from ui.workspace.container import CaseWorkspace
from ui.workspace.record_dialog import RecordDialog

TITLE = "Parley — Casebook"
OFFICE_TITLE = "Parley — Office"
TabClasses = Callable[[], Sequence[type[WorkspaceTab]]]
#: Which open books a section is for.
ShownFor = Callable[[AnyBook], bool]


def for_casebooks(book: AnyBook) -> bool:
    return isinstance(book, Casebook)


def for_every_book(book: AnyBook) -> bool:
    return True


class MainWindow(QMainWindow):
    """Navigation, the Cases section, menus, toolbar and status bar."""

    lock_requested = Signal()
    quit_requested = Signal()
    demo_requested = Signal()
    settings_changed = Signal()

    # Made by ui.main_menus.add_menus, with the menus and the toolbar that show them.
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

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        settings: QSettings | None = None,
        tabs: TabClasses | None = None,
    ) -> None:
        super().__init__(parent)
        #: The open book, whatever its role; ``casebook`` is it when it is a mediator's.
        self.book: AnyBook | None = None
        self.casebook: Casebook | None = None
        self.workspace: CaseWorkspace | None = None
        self.place: Place | None = None  # where the mediator was when it last locked
        self._layout_settings = settings  # window geometry only, never case content
        self._tabs = tabs
        self.setWindowTitle(TITLE)

        self.cases = CaseListPage(self)
        self.case_stack = QStackedWidget(self)
        self.case_stack.addWidget(self.cases)
        self.section_pages: list[SectionPage] = []  # pages besides Cases, in add order
        self._shown_for: dict[QWidget, ShownFor] = {}
        self._topics: dict[QWidget, str] = {}  # each page's part of the user guide
        self.navigation = QListWidget(self)
        self.navigation.setAccessibleName("Sections")
        self.navigation.setFrameShape(QListWidget.Shape.NoFrame)
        self.navigation.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.sections = QStackedWidget(self)
        divider = QFrame(self)
        divider.setFrameShape(QFrame.Shape.VLine)
        divider.setFrameShadow(QFrame.Shadow.Sunken)
        central = QWidget(self)
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.navigation)
        row.addWidget(divider)
        row.addWidget(self.sections, 1)
        self.setCentralWidget(central)
        self.add_section("&Cases", self.case_stack, shown_for=for_casebooks, topic="cases")
        self.navigation.currentRowChanged.connect(self._section_chosen)

        self.status_line = StatusLine(self.statusBar())
        self.count_label = self.status_line.count
        self.safe_view_label = self.status_line.safe_view
        self.lock_hint = self.status_line.lock_hint
        self.folder_label = self.status_line.folder
        add_menus(self, self)
        self._update_actions()

        self.cases.count_changed.connect(self.count_label.setText)
        self.cases.open_requested.connect(self.open_case)
        self.cases.new_case_requested.connect(self.new_case)
        self.cases.demo_requested.connect(self.demo_requested)
        self.cases.import_requested.connect(self.import_cases)
        self.importer = CaseImport(self)
        self.importer.imported.connect(lambda _summary: self.cases.reload())
        self.importer.job.busy_changed.connect(lambda _busy: self._update_actions())
        size_to_screen(self, 1200, 720)
        restore_layout(self._layout_settings, self, self.cases.table.horizontalHeader())

    def add_section(
        self,
        label: str,
        page: QWidget,
        *,
        first: bool = False,
        before: QWidget | None = None,
        shown_for: ShownFor = for_casebooks,
        topic: str = "",
    ) -> None:
        """One entry in the navigation and its page, for the books ``shown_for`` accepts;
        ``first`` puts it at the top (the dashboard: the page shown after unlocking),
        ``before`` ahead of another section. ``topic``: the heading of the user guide that
        F1 opens on this page."""
        text = label.replace("&", "")
        item = QListWidgetItem(f"  {text}")  # a little air before the words, in any style
        item.setData(Qt.ItemDataRole.AccessibleTextRole, text)
        item.setSizeHint(QSize(0, 2 * self.fontMetrics().height()))
        row = 0 if first else self.navigation.count()
        if before is not None and self.sections.indexOf(before) >= 0:
            row = self.sections.indexOf(before)
        self.navigation.insertItem(row, item)
        self.sections.insertWidget(row, page)
        self._shown_for[page] = shown_for
        self._topics[page] = topic
        if isinstance(page, SectionPage):
            self.section_pages.append(page)
            if self.book is not None and shown_for(self.book):
                page.show_casebook(self.book)
        if self.book is not None:
            item.setHidden(not shown_for(self.book))
        if first or self.navigation.currentRow() < 0:
            self.navigation.setCurrentRow(0)
        # As wide as the longest entry, with room to breathe; never a splitter to fiddle with.
        char = self.fontMetrics().averageCharWidth()
        widest = max(self.fontMetrics().horizontalAdvance(self.navigation.item(i).text())
                     for i in range(self.navigation.count()))  # fmt: skip
        self.navigation.setFixedWidth(max(widest + 4 * char, 14 * char))

    # --- the casebook -----------------------------------------------------------------------

    def show_casebook(self, book: AnyBook) -> None:
        """Show ``book``: a mediator's casebook, or the office's book, each with the sections
        of its role only."""
        self.book = book
        self.casebook = casebook = book if isinstance(book, Casebook) else None
        office = casebook is None
        self.setWindowTitle(OFFICE_TITLE if office else TITLE)
        prefix = "Office book: " if office else "Casebook: "
        self.status_line.show_folder(book.folder, prefix)
        self.show_lock_hint()
        for row in range(self.navigation.count()):
            page = self.sections.widget(row)
            shown = page is not None and self._shown_for.get(page, for_casebooks)(book)
            self.navigation.item(row).setHidden(not shown)
            if shown and isinstance(page, SectionPage):
                page.show_casebook(book)
        # What a casebook's cases need makes no sense in the office's book.
        self.case_menu.menuAction().setVisible(not office)
        self.new_case_action.setVisible(not office)
        self.find_action.setVisible(not office)
        self.import_action.setVisible(not office)  # the office imports referrals: see README
        self.navigation.setCurrentRow(self.first_section())
        if casebook is None:
            self._update_actions()
            return
        self.cases.show_casebook(casebook)
        self.case_stack.setCurrentWidget(self.cases)
        place, self.place = self.place, None
        # Back where the mediator was when it locked; otherwise the usual first screen.
        if not return_to(self, place) and self.showing_empty_state():
            # A casebook with no cases opens on the guidance to create one, not on an
            # empty dashboard.
            self.show_cases_section()
            self.cases.create_button.setFocus(Qt.FocusReason.OtherFocusReason)
        self._update_actions()

    def _section_chosen(self, row: int) -> None:
        # Home and End (and Page Up or Down) land on rows of the other role's sections,
        # which are hidden: go on to the nearest section this book shows.
        item = self.navigation.item(row)
        if item is not None and item.isHidden():
            count = self.navigation.count()
            after = [r for r in range(row, count) if not self.navigation.item(r).isHidden()]
            before = [r for r in range(row) if not self.navigation.item(r).isHidden()]
            if after or before:
                self.navigation.setCurrentRow(after[0] if after else before[-1])
                return
        self.sections.setCurrentIndex(row)

    def first_section(self) -> int:
        """The first section the open book's role shows (its dashboard)."""
        rows = range(self.navigation.count())
        return next((r for r in rows if not self.navigation.item(r).isHidden()), 0)

    def show_lock_hint(self) -> None:
        if self.book is None:
            return
        minutes = self.book.settings.get(IDLE_LOCK_MINUTES)
        unit = "minute" if minutes == 1 else "minutes"
        self.lock_hint.setText(f"Locks after {minutes} idle {unit} (Ctrl+L locks now)")

    def clear(self) -> list[str]:
        """Store what was typed, then forget everything shown (before the casebook closes).

        Returns why any typed text could not be stored (it was not valid): the lock goes
        ahead regardless, so the session can say what was lost.
        """
        self.remember_layout()
        self.place = where(self)
        problems: list[str] = []
        if self.workspace is not None:
            problems = self.workspace.save_pending()
            self._drop_workspace()
        for page in self.section_pages:
            problems += page.clear()
        self.importer.forget()
        self._close_dialogs()
        self.cases.clear()
        self.casebook = self.book = None
        self.status_line.clear()
        self._update_actions()
        return problems

    def _close_dialogs(self) -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QDialog) and _belongs_to(widget, self):
                if isinstance(widget, RecordDialog):
                    # Its page has stored what it could; asking "Discard what you have
                    # typed?" now would stop the lock half-way (a closed form wipes its
                    # confidential fields, so it always looks changed).
                    widget.discard()
                else:
                    widget.reject()  # also ends a dialog's own event loop, if it runs one
                widget.deleteLater()

    def showing_empty_state(self) -> bool:
        return self.workspace is None and self.cases.showing_empty_state()

    # --- cases ------------------------------------------------------------------------------

    def open_case(self, case_id: int) -> None:
        if self.casebook is None or (self.workspace is not None and not self.close_case()):
            return
        tabs = self._tabs() if self._tabs is not None else None
        try:
            workspace = CaseWorkspace(self.casebook, case_id, self.case_stack, tabs=tabs)
        except ParleyError as exc:
            show_error(self, "The case could not be opened.", str(exc))
            return
        self.workspace = workspace
        workspace.set_safe_view(self.safe_view_action.isChecked())
        workspace.back_requested.connect(self.close_case)
        workspace.case_changed.connect(self.cases.refresh_case)
        workspace.current_tab_changed.connect(self._update_actions)
        self.case_stack.addWidget(workspace)
        self.case_stack.setCurrentWidget(workspace)
        self.show_cases_section()
        workspace.tab_widget.setFocus(Qt.FocusReason.OtherFocusReason)
        self._update_actions()

    def close_case(self) -> bool:
        """Back to the list, once the case's edits are stored; False if one could not be."""
        workspace = self.workspace
        if workspace is None:
            return True
        problems = workspace.save_pending()
        if problems:
            # Staying keeps the mediator's text on screen, beside its reason.
            self.statusBar().showMessage("Not closed: " + "; ".join(problems), 10_000)
            return False
        case_id = workspace.case_id
        self._drop_workspace()
        self.cases.select_case(case_id)
        self.cases.table.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def _drop_workspace(self) -> None:
        workspace, self.workspace = self.workspace, None
        if workspace is None:
            return
        workspace.clear()
        self.case_stack.setCurrentWidget(self.cases)
        self.case_stack.removeWidget(workspace)
        workspace.deleteLater()
        self._update_actions()

    def new_case(self) -> None:
        if self.casebook is None:
            return
        dialog = NewCaseDialog(self.casebook, self)
        dialog.addAction(self.lock_action)  # Ctrl+L locks from inside the dialog too
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.created.connect(self._case_created)
        dialog.open()

    def import_cases(self) -> None:
        if self.casebook is not None:
            self.importer.start(self.casebook)

    def _case_created(self, case_id: int) -> None:
        self.cases.reload()
        self.cases.select_case(case_id)
        self.open_case(case_id)

    def open_settings(self) -> None:
        if self.book is None:
            return
        dialog = SettingsDialog(self.book, self)
        dialog.addAction(self.lock_action)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self.show_lock_hint)
        dialog.saved.connect(self.settings_changed)
        dialog.open()

    def set_safe_view(self, on: bool) -> None:
        if self.safe_view_action.isChecked() != on:
            self.safe_view_action.setChecked(on)  # comes back here through toggled
            return
        self.status_line.show_safe_view(on)
        self.cases.set_safe_view(on)
        if self.workspace is not None:
            self.workspace.set_safe_view(on)
        for page in self.section_pages:
            page.set_safe_view(on)

    def print_current(self) -> None:
        tab = self.workspace.current_tab() if self.workspace is not None else None
        if isinstance(tab, Printable):
            tab.print_document()

    def find_case(self) -> None:
        self.show_cases_section()
        self.cases.focus_search()

    def help_topic(self) -> str:
        """The part of the guide about what is in view: the section, or an open case."""
        page = self.sections.currentWidget()
        if page is self.case_stack and self.workspace is not None:
            return CASE_TOPIC
        return self._topics.get(page, "") if page is not None else ""

    def show_cases_section(self) -> None:
        # Cases need not be the first entry: the dashboard comes before it once installed.
        self.navigation.setCurrentRow(self.sections.indexOf(self.case_stack))

    def _update_actions(self) -> None:
        unlocked, workspace = self.casebook is not None, self.workspace
        tab = workspace.current_tab() if workspace is not None else None
        self.new_case_action.setEnabled(unlocked)
        self.import_action.setEnabled(unlocked and not self.importer.job.busy)
        self.settings_action.setEnabled(self.book is not None)
        self.close_case_action.setEnabled(workspace is not None)
        self.print_action.setEnabled(isinstance(tab, Printable))
        # In a case, Ctrl+F is left to the page (a tab may search its own notes).
        self.find_action.setEnabled(unlocked and workspace is None)
        # The list's count ("No cases match (of 78)") would read as if about the open case.
        self.count_label.setVisible(workspace is None)
        reference = workspace.case.reference if workspace is not None else ""
        title = OFFICE_TITLE if self.book is not None and self.casebook is None else TITLE
        self.setWindowTitle(f"{title} — {reference}" if reference else title)

    # --- window layout (QSettings: never anything confidential) -----------------------------

    def remember_layout(self) -> None:
        remember_layout(self._layout_settings, self, self.cases.table.horizontalHeader())

    def closeEvent(self, event: QCloseEvent) -> None:
        # Closing the main window ends the session; the session closes the casebook.
        event.accept()
        self.quit_requested.emit()

    # --- kept for the benchmark harness, which drives the list through the window -----------

    @property
    def search_box(self) -> QLineEdit:
        return self.cases.search_box

    def apply_search(self) -> None:
        self.cases.apply_search()


def _belongs_to(widget: QWidget, window: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if parent is window:
            return True
        parent = parent.parentWidget()
    return False
