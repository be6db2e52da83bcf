"""Shared ways of telling the mediator something: headings, inline messages, busy bars,
message boxes, and the recovery key that is shown only once.

Inline messages sit inside a dialog next to what they are about, so a wrong passphrase never
needs a second window to dismiss. Boxes are opened window-modal with ``open()`` rather than
``exec()``: a nested event loop would let a lock or a background result arrive mid-dialog.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    # Imported where used: importing QStyle builds a dozen large enums (5 ms, about a
    # twentieth of start-up), needed only once an inline message is shown (the unlock
    # window shows none until a wrong try); QMessageBox only once something goes wrong.
    from PySide6.QtWidgets import QMessageBox, QStyle

from ui.widgets.qt_properties import set_keys

DIALOG_WIDTH = 500  # the way-in dialogs (create, unlock) share one width
FOLDER_PREFIX = "Folder: "


class Kind(Enum):
    """What an inline message is; its icon is looked up only when one is first shown
    (QStyle's tables are costly to load, and the first window rarely needs them).

    GUIDANCE is advice given before anything has happened (how long a passphrase should
    be): plain text, with no icon to suggest that something needs attention."""

    ERROR = "error"
    INFO = "info"
    #: Allowed, but worth a second look (two meetings at one time): beside a field, where
    #: a refusal would be, with the information icon so it does not read as a refusal.
    WARNING = "warning"
    GUIDANCE = "guidance"

    @property
    def pixmap(self) -> QStyle.StandardPixmap:
        from PySide6.QtWidgets import QStyle

        return QStyle.StandardPixmap[_ICONS[self]]


_ICONS = {
    Kind.ERROR: "SP_MessageBoxWarning",
    Kind.INFO: "SP_MessageBoxInformation",
    Kind.WARNING: "SP_MessageBoxInformation",
}


def heading(text: str, parent: QWidget | None = None, *, scale: float = 1.35) -> QLabel:
    """A dialog's title line, larger and bold in the system font (no fixed sizes)."""
    label = QLabel(text, parent)
    set_keys(label, textFormat="PlainText")  # it may quote what the user typed
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(True)
    label.setFont(font)
    label.setWordWrap(True)
    return label


def small_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    set_keys(label, textFormat="PlainText", textInteractionFlags="TextSelectableByMouse")
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * 0.9)
    label.setFont(font)
    return label


def set_elided_path(label: QLabel, folder: Path, width: int, prefix: str = "") -> None:
    """Show a folder in ``width`` pixels, shortened in the middle; the tooltip has it all.

    Paths rarely contain spaces, so word wrap cannot break them and a long one would
    otherwise stretch the whole window.
    """
    text = shown = str(folder)
    metrics = label.fontMetrics()
    available = max(width - metrics.horizontalAdvance(prefix), 80)
    if metrics.horizontalAdvance(text) > available:
        # Only a long path names Qt's elide mode, which builds the Qt namespace's enums
        # (see ui.widgets.qt_properties); the usual folder fits and the first window opens sooner.
        from PySide6.QtCore import Qt

        shown = metrics.elidedText(text, Qt.TextElideMode.ElideMiddle, available)
    label.setText(prefix + shown)
    label.setToolTip(text)
    label.setAccessibleName(prefix + text)


def fit_height(window: QWidget) -> None:
    """Give a shown dialog the height its wrapped text now needs, at its current width.

    Qt sizes a window once, when it is shown; a message that appears later and wraps onto
    more lines would otherwise be clipped, and one that goes would leave a gap.
    """
    layout = window.layout()
    if layout is None or not window.isVisible():
        return
    layout.invalidate()
    layout.activate()
    width = window.width()
    if layout.hasHeightForWidth():
        needed = layout.totalHeightForWidth(width)
    else:
        needed = layout.totalSizeHint().height()
    window.resize(width, max(needed, layout.totalMinimumSize().height()))


class InlineMessage(QWidget):
    """An icon and a wrapped message, hidden while there is nothing to say."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Set by key name: these labels are in the first window (see ui.widgets.qt_properties).
        # The icon keeps to the top of a message that wraps onto several lines.
        self._icon = QLabel(self)
        set_keys(self._icon, alignment="AlignLeft|AlignTop")
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        set_keys(
            self.label,
            alignment="AlignLeft|AlignTop",
            textFormat="PlainText",  # it may quote what the user typed
            textInteractionFlags="TextSelectableByMouse",
        )
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._icon)
        layout.addWidget(self.label, 1)
        self.kind: Kind | None = None
        self.hide()

    def text(self) -> str:
        return self.label.text()

    def show_message(self, text: str, kind: Kind = Kind.ERROR) -> None:
        if kind is Kind.GUIDANCE:
            self._icon.clear()
            self._icon.hide()
        else:
            from PySide6.QtWidgets import QStyle

            size = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
            self._icon.setPixmap(self.style().standardIcon(kind.pixmap).pixmap(size, size))
            self._icon.show()
        self.label.setText(text)
        self.kind = kind
        self.setAccessibleName(text)
        self.show()

    def clear(self) -> None:
        self.label.clear()
        self.kind = None
        self.hide()


def busy_bar(parent: QWidget) -> QProgressBar:
    bar = QProgressBar(parent)
    bar.setRange(0, 0)  # no known length: Qt animates it as "busy"
    bar.setTextVisible(False)
    bar.setMaximumHeight(bar.fontMetrics().height())
    bar.hide()
    return bar


class FittedDialog(QDialog):
    """A dialog whose height follows the messages that come and go in it."""

    #: Whether to look for a box for several lines when shown (see save_with_ctrl_enter).
    #: The create and unlock windows have none and say so: looking builds the text-box
    #: classes and QTextDocument (nine enums, 3 ms), and start-up waits for those windows.
    may_hold_text_boxes = True

    def setVisible(self, visible: bool) -> None:
        # Rather than showEvent: handing Python a QShowEvent builds QEvent.Type (179
        # members, a few ms), and the create and unlock windows are what start-up waits for.
        # Only on appearing, as a show event would be: show() on a dialog already up must
        # not undo a height the mediator chose. The resize comes just after the window is
        # mapped rather than before, but before anything in it is painted.
        appearing = visible and not self.isVisible()
        super().setVisible(visible)
        if appearing:
            fit_height(self)  # Qt's first guess at wrapped text is too tall or too short
            if self.may_hold_text_boxes:
                save_with_ctrl_enter(self)


def save_with_ctrl_enter(dialog: QDialog) -> None:
    """Ctrl+Enter (and Ctrl+Return) press the default button of a dialog that has a box for
    several lines, where Enter alone starts a new line. Once per dialog."""
    from PySide6.QtWidgets import QPlainTextEdit, QTextEdit

    if dialog.property("ctrl-enter-saves"):
        return
    boxes = dialog.findChildren(QPlainTextEdit) + dialog.findChildren(QTextEdit)
    if not any(not box.isReadOnly() for box in boxes):
        return
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QKeySequence, QShortcut
    from PySide6.QtWidgets import QPushButton

    def press_default() -> None:
        for button in dialog.findChildren(QPushButton):
            if button.isDefault() and button.isVisible() and button.isEnabled():
                button.click()
                return

    dialog.setProperty("ctrl-enter-saves", True)
    for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
        shortcut = QShortcut(QKeySequence(Qt.KeyboardModifier.ControlModifier | key), dialog)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        shortcut.activated.connect(press_default)


class RecoveryKeyDialog(FittedDialog):
    """Shows the recovery key, once, and will not go away until the mediator says it is kept.

    There is no copy button: the clipboard is shared with every program and some clipboard
    managers write their history to disk.
    """

    def __init__(
        self,
        recovery_key: str,
        parent: QWidget | None = None,
        *,
        title: str = "Your recovery key",
        after: str = "",
    ) -> None:
        """``title`` heads the window; ``after`` says what happens once it is confirmed."""
        super().__init__(parent)
        self.setWindowTitle(f"Parley — {title}")
        self.setMinimumWidth(540)
        groups = recovery_key.split("-")
        half = (len(groups) + 1) // 2
        # Two short lines are easier to copy onto paper, and read back, than one long one.
        shown = "-".join(groups[:half]) + "\n" + "-".join(groups[half:])

        self.key_label = QLabel(shown, self)
        from PySide6.QtGui import QFontDatabase

        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSizeF(QFont(self.font()).pointSizeF() * 1.8)
        font.setBold(True)
        self.key_label.setFont(font)
        set_keys(
            self.key_label,
            alignment="AlignCenter",
            textInteractionFlags="TextSelectableByMouse|TextSelectableByKeyboard",
        )
        self.key_label.setAccessibleName("Recovery key")
        self.key_label.setFrameShape(QLabel.Shape.StyledPanel)
        self.key_label.setMargin(12)

        explanation = QLabel(
            "Write this down and keep it somewhere safe, apart from this laptop. It is the "
            f"only way in if you forget your passphrase. It will not be shown again.{after}",
            self,
        )
        explanation.setWordWrap(True)
        self.stored = QCheckBox("I have stored the recovery key safely", self)
        self.buttons = QDialogButtonBox(self)
        self.continue_button = self.buttons.addButton(
            "&Continue", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.continue_button.setEnabled(False)
        self.continue_button.setDefault(True)

        layout = QVBoxLayout(self)
        layout.addWidget(heading(title, self))
        layout.addWidget(explanation)
        layout.addSpacing(8)
        layout.addWidget(self.key_label)
        layout.addSpacing(8)
        layout.addWidget(self.stored)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

        self.stored.toggled.connect(self.continue_button.setEnabled)
        self.buttons.accepted.connect(self.accept)
        self.stored.setFocus()

    def recovery_key_text(self) -> str:
        return self.key_label.text()

    def accept(self) -> None:
        if self.stored.isChecked():
            self.key_label.clear()
            super().accept()

    def reject(self) -> None:
        # Escape or the close button must not skip the one chance to write the key down.
        pass


def _open_box(
    parent: QWidget | None, icon: QMessageBox.Icon, text: str, detail: str
) -> QMessageBox:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(icon, "Parley", text, QMessageBox.StandardButton.Ok, parent)
    box.setInformativeText(detail)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


def show_warnings(parent: QWidget | None, warnings: Sequence[str]) -> QMessageBox | None:
    """Tell the mediator what to know about how the casebook was opened, if anything."""
    if not warnings:
        return None
    from PySide6.QtWidgets import QMessageBox

    return _open_box(
        parent,
        QMessageBox.Icon.Information,
        "Your casebook is open. Please note:",
        "\n\n".join(warnings),
    )


def show_information(parent: QWidget | None, text: str, detail: str = "") -> QMessageBox:
    """Say that something the mediator asked for is done, and what follows from it."""
    from PySide6.QtWidgets import QMessageBox

    return _open_box(parent, QMessageBox.Icon.Information, text, detail)


def show_error(parent: QWidget | None, text: str, detail: str = "") -> QMessageBox:
    from PySide6.QtWidgets import QMessageBox

    return _open_box(parent, QMessageBox.Icon.Warning, text, detail)


def ask_to_delete(
    parent: QWidget, question: str, detail: str, on_yes: Callable[[], None]
) -> QMessageBox:
    """Ask before deleting; opened window-modal (no nested event loop), Cancel by default."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Question, "Parley", question, parent=parent)
    box.setInformativeText(detail)
    delete = box.addButton("&Delete", QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)  # a stray Enter must not delete anything
    box.setEscapeButton(cancel)

    def answered(button: object) -> None:
        box.deleteLater()
        if button is delete:
            on_yes()

    box.buttonClicked.connect(answered)
    box.open()
    return box
