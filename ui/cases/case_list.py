"""The case list: every case in a table, filtered by status, stage and a search of everything.

The page turns what the mediator chose (the column and direction, the filters, what is
typed) into a ``ListQuery``; the model reads that query's count and then a page at a time
from the casebook's ``case_list`` as the view scrolls, and works out each row's text once,
when it is first shown. So showing the list costs the same at 100,000 cases as at 100: a
count and the rows on screen (see ``app.cases.stores.case_list``).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.books.casebook import Casebook
from app.cases.records import Stage, Status
from app.cases.stores.case_list import ListQuery
from app.errors import ParleyError
from ui.cases.case_table import CaseTable, CaseTableModel
from ui.widgets.forms import set_tab_order
from ui.widgets.lists import notice
from ui.widgets.messages import show_error
from ui.widgets.roles import ID_ROLE

MIN_SEARCH_LETTERS = 2
SEARCH_DELAY_MS = 150  # wait for a pause in typing rather than search on every key
EMPTY_GUIDANCE = (
    "Create your first case, import cases from a file (File → Import cases…), or look "
    "around a demo casebook of fictional cases first. A referral sealed to you by your "
    "service's office is taken in with File → Receive a sealed file (Ctrl+Shift+O), or by "
    "dropping it here."
)
NO_MATCH_GUIDANCE = (
    "Search looks through each case and its notes. Check the spelling, or clear the search "
    "and the filters to see every case."
)
NO_MATCH_IN_SAFE_VIEW = (
    "Safe view is on: the search looks through case references only, so that a word cannot "
    "pick out a case by its hidden title or notes. Turn safe view off (Ctrl+Shift+H) to "
    "search everything, or clear the search."
)


class CaseListPage(QWidget):
    """The Cases page: search and filters above the table, or guidance when it is empty."""

    open_requested = Signal(int)  # case id
    new_case_requested = Signal()
    demo_requested = Signal()
    import_requested = Signal()
    count_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.casebook: Casebook | None = None
        self.model = CaseTableModel(self)
        self.table = CaseTable(self.model, self.open_requested.emit)
        self._current_case: int | None = None  # kept across sorting, to select it again
        self._total = 0  # every case in the casebook, whatever the filters
        self._failure = ""  # why the list could not be read, until it can

        self.search_box = QLineEdit(self)
        self.search_box.setClearButtonEnabled(True)
        self._safe_view = False
        self._say_what_search_looks_through()
        self.search_box.installEventFilter(self)
        self.status_filter = _filter_combo("All statuses", Status, "Status filter", self)
        self.stage_filter = _filter_combo("All stages", Stage, "Stage filter", self)
        self.new_case_button = QPushButton("&New case…", self)
        self.new_case_button.setAutoDefault(False)

        self.top_bar = QWidget(self)
        bar = QHBoxLayout(self.top_bar)
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.search_box, 3)
        for text, combo in (("S&tatus:", self.status_filter), ("Sta&ge:", self.stage_filter)):
            label = QLabel(text, self.top_bar)
            label.setBuddy(combo)
            bar.addSpacing(8)
            bar.addWidget(label)
            bar.addWidget(combo, 1)
        bar.addSpacing(8)
        bar.addWidget(self.new_case_button)

        self.create_button = QPushButton("&Create a case", self)
        self.import_button = QPushButton("&Import cases from a file…", self)
        self.demo_button = QPushButton("Open the &demo casebook", self)
        self.demo_busy = QLabel("Preparing the demo casebook…", self)
        self.demo_busy.hide()
        self.empty_state, _ = notice(
            "No cases yet",
            EMPTY_GUIDANCE,
            [self.create_button, self.import_button, self.demo_button, self.demo_busy],
            scale=1.6,
            rich=True,
        )
        self.clear_filters_button = QPushButton("C&lear search and filters", self)
        self.no_match, self.no_match_title = notice(
            "No cases match", NO_MATCH_GUIDANCE, [self.clear_filters_button], scale=1.6, rich=True
        )
        self.pages = QStackedWidget(self)
        for page in (self.table, self.empty_state, self.no_match):
            self.pages.addWidget(page)
        layout = QVBoxLayout(self)
        layout.addWidget(self.top_bar)
        layout.addWidget(self.pages, 1)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_search)
        self.search_box.textChanged.connect(self._search_timer.start)
        self.search_box.returnPressed.connect(self.apply_search)
        self.status_filter.currentIndexChanged.connect(self.apply_search)
        self.stage_filter.currentIndexChanged.connect(self.apply_search)
        self.new_case_button.clicked.connect(self.new_case_requested)
        self.create_button.clicked.connect(self.new_case_requested)
        self.demo_button.clicked.connect(self.demo_requested)
        self.import_button.clicked.connect(self.import_requested)
        self.clear_filters_button.clicked.connect(self.clear_filters)
        self.table.selectionModel().currentChanged.connect(self._remember_current)
        self.model.modelReset.connect(self._restore_current)
        self.model.failed.connect(self._failed)
        self.table.horizontalHeader().sortIndicatorChanged.connect(self._sorted)
        set_tab_order(
            self.search_box, self.status_filter, self.stage_filter, self.new_case_button, self.table
        )

    # --- showing a casebook -----------------------------------------------------------------

    def show_casebook(self, casebook: Casebook) -> None:
        self.casebook = casebook
        self.reload()
        self.focus_search()

    def reload(self) -> None:
        """Fetch the list again (when first shown, or after a case is added)."""
        if self.casebook is None:
            return
        try:
            self._total = self.casebook.cases.count()
        except ParleyError as exc:
            show_error(self, "The case list could not be read.", str(exc))
            self._total = 0
        self.model.show_source(self.casebook.case_list, self._query())
        self._update_state()

    def refresh_case(self, case_id: int) -> None:
        """One case changed in its workspace: show its new status and last activity."""
        if self.casebook is None:
            return
        try:
            self._total = self.casebook.cases.count()
        except ParleyError:
            return  # the list is only a summary; the workspace has said what went wrong
        # Read again what is shown: the case may have moved (its last activity, its status).
        self.model.set_query(replace(self.model.query, now=datetime.now()),
                             keep=self.model.rowCount())  # fmt: skip
        self._update_state()

    def set_safe_view(self, on: bool) -> None:
        """Hide (or show again) the cases' titles: they may name the diagnosis. The search
        then looks through what is shown only, the references: a case picked out by a word
        of its hidden title or notes would tell whoever watches what they say."""
        self.model.set_safe_view(on)
        if on != self._safe_view:
            self._safe_view = on
            self._say_what_search_looks_through()
            if self.casebook is not None and self.search_box.text().strip():
                self.apply_search()

    def _say_what_search_looks_through(self) -> None:
        letters = f"{MIN_SEARCH_LETTERS} or more letters"
        if self._safe_view:
            self.search_box.setPlaceholderText(f"Search references, safe view ({letters})")
            self.search_box.setAccessibleName("Search case references")
        else:
            self.search_box.setPlaceholderText(f"Search cases and notes ({letters})")
            self.search_box.setAccessibleName("Search cases and notes")

    def clear(self) -> None:
        """Forget everything shown: used when locking, before the casebook closes."""
        self._search_timer.stop()
        self.casebook = None
        self._current_case = None
        for widget in (self.search_box, self.status_filter, self.stage_filter):
            blocked = widget.blockSignals(True)
            if isinstance(widget, QLineEdit):
                widget.clear()
            else:
                widget.setCurrentIndex(0)
            widget.blockSignals(blocked)
        self.model.clear()
        # The no-match page repeats what was typed (it may be a name): gone with the rest.
        self.no_match_title.clear()
        self._total, self._failure = 0, ""
        self.set_demo_busy(False)
        self.count_changed.emit("")

    def clear_filters(self) -> None:
        for combo in (self.status_filter, self.stage_filter):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.search_box.clear()
        self.apply_search()
        self.focus_search()

    def apply_search(self) -> None:
        self._search_timer.stop()
        self._failure = ""
        self.model.set_query(self._query())
        if not self.table.currentIndex().isValid():
            self.table.scrollToTop()  # new results start at their top, not where the old were
        self._update_state()

    def _query(self) -> ListQuery:
        """What the mediator chose: the column and direction, the filters, the words."""
        text = self.search_box.text().strip()
        # One letter says almost nothing and matches almost every case; the search starts at
        # two (which the index is built for), so each keystroke stays quick.
        words = text if len(text) >= MIN_SEARCH_LETTERS else ""
        status, stage = self.status_filter.currentData(), self.stage_filter.currentData()
        return replace(
            self.model.query,
            status=Status(status) if status else None,
            stage=Stage(stage) if stage else None,
            words=words,
            references_only=self._safe_view,
            now=datetime.now(),
        )

    def _failed(self, message: str) -> None:
        self._failure = message

    def _update_state(self) -> None:
        total, shown = self._total, self.model.matching
        empty = total == 0 and self.casebook is not None
        if empty:
            self.pages.setCurrentWidget(self.empty_state)
        elif shown == 0 and total > 0:
            text = self.search_box.text().strip()
            filtered = self.model.query.status is not None or self.model.query.stage is not None
            guidance = NO_MATCH_IN_SAFE_VIEW if text and self._safe_view else NO_MATCH_GUIDANCE
            guidance_label = self.no_match.findChild(QLabel, "guidance")
            if guidance_label is not None:
                guidance_label.setText(guidance)
            if text and self._safe_view:
                title = f"No reference matches “{text}”"
            elif text:
                title = f"No cases match “{text}”" + (" with these filters" if filtered else "")
            else:
                title = "No cases match these filters"
            self.no_match_title.setText(title)
            self.pages.setCurrentWidget(self.no_match)
        else:
            self.pages.setCurrentWidget(self.table)
        self.top_bar.setVisible(not empty)
        noun = "case" if total == 1 else "cases"
        if self._failure:
            self.count_changed.emit(self._failure)
        elif shown == total:
            self.count_changed.emit(f"{total} {noun}")
        elif shown == 0:
            self.count_changed.emit(f"No cases match (of {total})")
        else:
            self.count_changed.emit(f"{shown} of {total} {noun}")

    def showing_empty_state(self) -> bool:
        return self.pages.currentWidget() is self.empty_state

    def set_demo_busy(self, busy: bool) -> None:
        self.demo_busy.setVisible(busy)
        self.demo_button.setEnabled(not busy)
        self.create_button.setEnabled(not busy)

    # --- focus and selection ----------------------------------------------------------------

    def focus_search(self) -> None:
        target = self.create_button if self.showing_empty_state() else self.search_box
        target.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if target is self.search_box:
            self.search_box.selectAll()

    def select_case(self, case_id: int) -> None:
        """Make ``case_id`` the current row, fetching down to it if needed."""
        position = self.model.loaded_position(case_id)
        if position is None and self.casebook is not None:
            try:
                rows = self.casebook.cases.list_rows_for([case_id], now=self.model.query.now)
            except ParleyError:
                return
            position = self.model.position_of(rows[0]) if rows else None
        if position is None:
            return
        index = self.model.index(position, 0)
        if index.isValid():
            self.table.setCurrentIndex(index)
            self.table.scrollTo(index)

    def current_case_id(self) -> int | None:
        """The case of the table's current row, if there is one."""
        value = self.table.currentIndex().data(ID_ROLE)
        return int(value) if value is not None else None

    def _remember_current(self, current: QModelIndex) -> None:
        if current.isValid():
            self._current_case = current.data(ID_ROLE)

    def _restore_current(self) -> None:
        """After the rows were read again: the current case, if it is among them."""
        if self.table.currentIndex().isValid() or self._current_case is None:
            return
        position = self.model.loaded_position(self._current_case)
        if position is not None:
            self.table.setCurrentIndex(self.model.index(position, 0))

    def _sorted(self) -> None:
        """After sorting: the current case stays current, however far it moved."""
        if not self.table.currentIndex().isValid() and self._current_case is not None:
            self.select_case(self._current_case)
        if not self.table.currentIndex().isValid():
            self.table.scrollToTop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Down from the search box goes to the results, as in a browser's address bar.
        if (
            watched is self.search_box
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Down
            and self.model.rowCount() > 0
        ):
            self.table.setFocus(Qt.FocusReason.TabFocusReason)
            if not self.table.currentIndex().isValid():
                self.table.setCurrentIndex(self.model.index(0, 0))
            return True
        return super().eventFilter(watched, event)


def _filter_combo(everything: str, choices: type[Status] | type[Stage], name: str,
                  parent: QWidget) -> QComboBox:  # fmt: skip
    combo = QComboBox(parent)
    combo.addItem(everything, "")
    for member in choices:
        combo.addItem(member.label, member.value)
    combo.setAccessibleName(name)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    return combo
