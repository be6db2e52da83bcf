"""One open case: a header saying which case it is, and its pages (tabs) below.

The container knows tabs only through the ``WorkspaceTab`` contract. It keeps them in step:
when one tab saves something, the others are marked stale and read the case afresh when the
mediator next turns to them, so a party added on one page is there on the next.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.books.casebook import Casebook
from app.cases.next_status import suggest_status
from app.cases.records import Case, Status
from app.errors import ParleyError
from ui.cases.case_table import HIDDEN_TITLE
from ui.widgets.elided import ElidedLabel
from ui.widgets.messages import heading
from ui.workspace import tabs as tab_registry
from ui.workspace.base import WorkspaceTab
from ui.workspace.status_offer import StatusOffer

# Widgets in which Esc belongs to the text being edited, not to "back to cases".
_EDITORS = (QLineEdit, QTextEdit, QPlainTextEdit, QAbstractSpinBox)


def back_shortcuts() -> list[QKeySequence]:
    """Alt+Left (Cmd+[ on macOS); never Backspace, which Qt also lists as "Back"."""
    found = QKeySequence.keyBindings(QKeySequence.StandardKey.Back)
    chosen = [k for k in found if k.toString() not in ("Backspace", "Back", "")]
    return chosen or [QKeySequence("Alt+Left")]


class CaseWorkspace(QWidget):
    """The pages of one case, made from ``tabs`` (default: the registered ones)."""

    back_requested = Signal()
    case_changed = Signal(int)  # case id: something in it was saved
    current_tab_changed = Signal()

    def __init__(
        self,
        casebook: Casebook,
        case_id: int,
        parent: QWidget | None = None,
        *,
        tabs: Sequence[type[WorkspaceTab]] | None = None,
    ) -> None:
        super().__init__(parent)
        self.casebook: Casebook | None = casebook
        self.case_id = case_id
        self.case: Case = casebook.cases.get(case_id)  # NotFound if it has gone
        self.tabs: list[WorkspaceTab] = []
        self._stale: set[int] = set()  # indexes of tabs to read afresh when next shown
        self._shown_tab = -1

        self.back_button = QPushButton("← &Back to cases", self)
        self.back_button.setAutoDefault(False)
        keys = back_shortcuts()
        self.back_button.setToolTip(f"Back to the list of cases ({keys[0].toString()}, Esc)")
        self.back_button.setAccessibleName("Back to cases")
        self.back_action = QAction("Back to cases", self)
        self.back_action.setShortcuts(keys)
        self.back_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.addAction(self.back_action)
        self.reference_label = heading("", self, scale=1.4)
        # At most two lines, shortened at a word (the whole title in its tooltip).
        self.title_label = ElidedLabel(self, max_lines=2)
        self.stage_label = QLabel(self)
        self.stage_label.setTextFormat(Qt.TextFormat.PlainText)

        # The status the record points to (all consents in, terms agreed…), offered only.
        self.status_offer = StatusOffer(self)
        self.status_offer.accepted.connect(self.set_status)

        self.tab_widget = QTabWidget(self)
        self.tab_widget.setDocumentMode(True)
        self.tab_widget.setAccessibleName("Case pages")
        classes = tab_registry.default_tabs() if tabs is None else list(tabs)
        for cls in classes:
            tab = cls(casebook, case_id, self.tab_widget)
            self.tabs.append(tab)
            self.tab_widget.addTab(tab, cls.title)
            tab.case_changed.connect(lambda tab=tab: self._tab_saved(tab))
        self.placeholder = QLabel("This case has no pages to show yet.", self)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setVisible(not self.tabs)

        header = QHBoxLayout()
        header.addWidget(self.back_button)
        header.addSpacing(2 * self.fontMetrics().averageCharWidth())
        header.addWidget(self.reference_label)
        header.addSpacing(2 * self.fontMetrics().averageCharWidth())
        header.addWidget(self.title_label, 1)
        header.addWidget(self.stage_label)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.status_offer)
        layout.addWidget(self.tab_widget, 1)
        layout.addWidget(self.placeholder, 1)

        self.back_button.clicked.connect(self.back_requested)
        self.back_action.triggered.connect(self.back_requested)
        self.tab_widget.currentChanged.connect(self._turned_to)
        self.show_header()
        for tab in self.tabs:
            tab.reload()
        self._shown_tab = self.tab_widget.currentIndex()

    # --- the contract the window relies on --------------------------------------------------

    def current_tab(self) -> WorkspaceTab | None:
        widget = self.tab_widget.currentWidget()
        return widget if isinstance(widget, WorkspaceTab) else None

    def save_pending(self) -> list[str]:
        """Store every tab's edit in progress; the reasons of any that could not be stored.

        Every tab is asked even when one fails, so one bad field never costs another tab's
        work.
        """
        problems = []
        for tab in self.tabs:
            try:
                tab.save_pending()
            except ParleyError as exc:
                problems.append(f"{_plain(tab.title)}: {exc}")
        return problems

    def clear(self) -> None:
        """Forget everything shown (when locking): each tab clears itself, then goes."""
        self.tab_widget.blockSignals(True)  # removing tabs is not the mediator turning pages
        for tab in self.tabs:
            tab.clear()
        self.tab_widget.clear()
        for tab in self.tabs:
            tab.deleteLater()
        self.tabs = []
        self.casebook = None
        for label in (self.reference_label, self.title_label, self.stage_label):
            label.clear()
        self.status_offer.clear()
        self.reference_label.setAccessibleName("")  # a screen reader would still say it

    def set_safe_view(self, on: bool) -> None:
        # The title may name the diagnosis; the reference says which case this is.
        self.title_label.set_concealed(HIDDEN_TITLE if on else None)
        for tab in self.tabs:
            tab.set_safe_view(on)

    # --- keeping the pages in step ----------------------------------------------------------

    def show_header(self) -> None:
        case = self.case
        self.reference_label.setText(case.reference)
        self.title_label.set_full_text(case.title)
        self.stage_label.setText(f"{case.stage.label} · {case.status.label}")
        self.reference_label.setAccessibleName(f"Case {case.reference}")
        self._offer_status()

    def _offer_status(self) -> None:
        if self.casebook is None:
            return
        try:
            parties = self.casebook.parties.for_case(self.case_id)
            terms = self.casebook.terms.for_case(self.case_id)
        except ParleyError:
            self.status_offer.offer(None)  # only a suggestion: the pages say what failed
            return
        self.status_offer.offer(suggest_status(self.case, parties, terms))

    def set_status(self, status: Status) -> None:
        """Accept the offered status: store it, then show it on every page."""
        if self.casebook is None:
            return
        current = self.current_tab()
        if current is not None:
            # Typed text on the page is stored first: the page is read afresh below.
            with contextlib.suppress(ParleyError):
                current.save_pending()
        try:
            self.case = self.casebook.cases.update(replace(self.casebook.cases.get(self.case_id),
                                                           status=status))  # fmt: skip
        except ParleyError as exc:
            self.status_offer.label.setText(f"The status could not be changed. {exc}")
            return
        self._stale.update(range(len(self.tabs)))
        self._turned_to(self.tab_widget.currentIndex())
        self.show_header()
        self.case_changed.emit(self.case_id)

    def _tab_saved(self, source: WorkspaceTab) -> None:
        if self.casebook is None:
            return
        self._stale.update(i for i, tab in enumerate(self.tabs) if tab is not source)
        try:
            self.case = self.casebook.cases.get(self.case_id)
        except ParleyError:
            pass  # the header keeps what it showed; the tab has reported the problem
        else:
            self.show_header()
        self.case_changed.emit(self.case_id)

    def _turned_to(self, index: int) -> None:
        # Leaving a page stores what was typed on it; a stale page is read afresh first.
        if 0 <= self._shown_tab < len(self.tabs):
            # A refusal is shown by the tab beside the field, which keeps the text.
            with contextlib.suppress(ParleyError):
                self.tabs[self._shown_tab].save_pending()
        self._shown_tab = index
        if index in self._stale and 0 <= index < len(self.tabs):
            self._stale.discard(index)
            self.tabs[index].reload()
        self.current_tab_changed.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Esc reaches here only when nothing inside wanted it (an open pop-up, an editor's
        # own undo); in a text field it is left alone so half-typed text is never "escaped".
        if event.key() == Qt.Key.Key_Escape and not _editing():
            self.back_requested.emit()
            return
        super().keyPressEvent(event)


def _editing() -> bool:
    focus = QApplication.focusWidget()
    if isinstance(focus, QComboBox):
        return focus.isEditable()
    return isinstance(focus, _EDITORS)


def _plain(title: str) -> str:
    return title.replace("&&", "\0").replace("&", "").replace("\0", "&")
