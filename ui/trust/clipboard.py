"""Copying confidential text: marked sensitive, and gone from the clipboard after 30 s.

The clipboard is shared with every program, and clipboard managers keep a history, some of
it on disk. So text copied from Parley carries the markers that clipboard managers and
cloud clipboards honour (where the platform has them), and it is cleared 30 seconds later,
or when Parley locks or quits, if the clipboard still holds that very copy. Something the
mediator copied since, in any program, is never touched.

Nothing in Parley's text widgets calls the clipboard itself: ``install_clipboard_guard``
puts an application-wide event filter in front of the standard Copy and Cut (keys and the
context menu) of every text field inside the main window and its dialogs, and routes them
through :func:`copy_sensitive`.

Not covered: on X11 and some Wayland desktops, merely selecting text also offers it as the
"primary selection" (middle-click paste); Qt does that inside the widgets. Parley drops
that selection when it locks, if it still owns it, but cannot mark or time it. Dragging
selected text into another program is not intercepted either.
"""

from __future__ import annotations

import contextlib
import secrets
import sys
import weakref

from PySide6.QtCore import QCoreApplication, QEvent, QMimeData, QObject, QTimer
from PySide6.QtGui import QClipboard, QContextMenuEvent, QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit, QTextEdit, QWidget

CLEAR_AFTER_MS = 30_000
#: Marks our own copy, with a fresh token each time, so we clear only what we put there.
OWN_FORMAT = "application/x-parley-copy"
#: KDE's Klipper and most Linux clipboard managers skip entries with this hint.
KDE_HINT = "x-kde-passwordManagerHint"
#: Windows: no clipboard history (Win+V), no cloud clipboard, no monitoring tools.
WINDOWS_FORMATS = {
    "ExcludeClipboardContentFromMonitorProcessing": b"\x00",
    "CanIncludeInClipboardHistory": (0).to_bytes(4, "little"),  # a DWORD 0
    "CanUploadToCloudClipboard": (0).to_bytes(4, "little"),
}
#: macOS: the nspasteboard.org convention; Qt maps it only through a converter (below).
MAC_CONCEALED_MIME = "application/x-nspasteboard-concealed-type"
MAC_CONCEALED_UTI = "org.nspasteboard.ConcealedType"

_current: weakref.ref[ClipboardGuard] | None = None


def windows_mime(name: str) -> str:
    """How Qt names a native Windows clipboard format in a QMimeData."""
    return f'application/x-qt-windows-mime;value="{name}"'


def sensitive_mime_data(text: str, token: bytes, platform: str = sys.platform) -> QMimeData:
    """``text`` as plain text, marked sensitive in the way ``platform`` understands."""
    data = QMimeData()
    data.setText(text)
    data.setData(OWN_FORMAT, token)
    if platform == "win32":
        for name, value in WINDOWS_FORMATS.items():
            data.setData(windows_mime(name), value)
    elif platform == "darwin":
        data.setData(MAC_CONCEALED_MIME, b"")
    else:
        data.setData(KDE_HINT, b"secret")
    return data


class ClipboardGuard(QObject):
    """Puts text on the clipboard marked sensitive, and takes it off again in time.

    ``timer`` is injectable so tests can fire it instead of waiting 30 seconds.
    """

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        timer: QTimer | None = None,
        clipboard: QClipboard | None = None,
    ) -> None:
        super().__init__(parent)
        self._clipboard = clipboard
        self._token: bytes | None = None
        self.timer = timer or QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(CLEAR_AFTER_MS)
        self.timer.timeout.connect(self.clear_if_ours)
        app = QCoreApplication.instance()
        if app is not None:
            # On X11 a quitting program hands its clipboard to the clipboard manager, which
            # would keep the note: take it back first.
            app.aboutToQuit.connect(self.clear_if_ours)

    @property
    def clipboard(self) -> QClipboard:
        return self._clipboard or QGuiApplication.clipboard()

    def copy(self, text: str) -> None:
        """Put ``text`` on the clipboard, marked sensitive; clear it in 30 s if unchanged."""
        if not text:
            return
        self._token = secrets.token_bytes(16)
        self.clipboard.setMimeData(sensitive_mime_data(text, self._token))
        self.timer.start()

    def holds_ours(self) -> bool:
        """Whether the clipboard still holds our last copy (not something copied since)."""
        if self._token is None:
            return False
        data = self.clipboard.mimeData()
        return data is not None and bytes(data.data(OWN_FORMAT).data()) == self._token

    def clear_if_ours(self) -> bool:
        """Empty the clipboard if it still holds our copy; True if it did."""
        self.timer.stop()
        ours = self.holds_ours()
        if ours:
            self.clipboard.clear(QClipboard.Mode.Clipboard)
        self._token = None
        return ours

    def drop_selection(self) -> None:
        """Forget the X11 primary selection if it is ours (selected text in our widgets)."""
        board = self.clipboard
        if board.supportsSelection() and board.ownsSelection():
            board.clear(QClipboard.Mode.Selection)


def copy_sensitive(text: str) -> None:
    """Copy ``text`` through the window's guard (or a guard of its own if none is installed)."""
    guard = _current() if _current is not None else None
    if guard is None:
        guard = ClipboardGuard(QCoreApplication.instance())
        _remember(guard)
    guard.copy(text)


def _remember(guard: ClipboardGuard) -> None:
    global _current
    _current = weakref.ref(guard)


# --- intercepting Copy and Cut in the window's text widgets ---------------------------------

_TEXT_WIDGETS = (QLineEdit, QTextEdit, QPlainTextEdit, QLabel)


def _selected_text(widget: QWidget) -> str:
    if isinstance(widget, QLineEdit):
        if widget.echoMode() != QLineEdit.EchoMode.Normal:
            return ""  # a password is never copied; Qt refuses it as well
        return widget.selectedText()
    if isinstance(widget, QTextEdit | QPlainTextEdit):
        # selection().toPlainText(), not selectedText(): the latter uses U+2029 for breaks.
        return widget.textCursor().selection().toPlainText()
    if isinstance(widget, QLabel):
        return widget.selectedText()
    return ""


def _remove_selection(widget: QWidget) -> None:
    if isinstance(widget, QLineEdit):
        widget.del_()  # deletes the selection, and is undoable
    elif isinstance(widget, QTextEdit | QPlainTextEdit):
        widget.textCursor().removeSelectedText()


def _editable(widget: QWidget) -> bool:
    if isinstance(widget, QLineEdit | QTextEdit | QPlainTextEdit):
        return not widget.isReadOnly()
    return False


def _text_edit_of_viewport(watched: QObject) -> QObject:
    # A text edit's mouse and context-menu events arrive at its viewport, not at itself.
    parent = watched.parent()
    if isinstance(parent, QTextEdit | QPlainTextEdit) and parent.viewport() is watched:
        return parent
    return watched


def _inside(widget: QWidget, window: QWidget) -> bool:
    # Walks past window boundaries on purpose: a note dialog is its own top-level window.
    current: QWidget | None = widget
    while current is not None:
        if current is window:
            return True
        current = current.parentWidget()
    return False


class _CopyInterceptor(QObject):
    def __init__(self, window: QWidget, guard: ClipboardGuard) -> None:
        super().__init__(guard)
        self._window = window
        self._guard = guard

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind not in (QEvent.Type.KeyPress, QEvent.Type.ContextMenu):
            return False
        if kind == QEvent.Type.ContextMenu:
            watched = _text_edit_of_viewport(watched)
        if not isinstance(watched, _TEXT_WIDGETS) or not _inside(watched, self._window):
            return False
        if kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            return self._key(watched, event)
        if isinstance(event, QContextMenuEvent) and not isinstance(watched, QLabel):
            return self._menu(watched, event)
        return False

    def _key(self, widget: QWidget, event: QKeyEvent) -> bool:
        cut = event.matches(QKeySequence.StandardKey.Cut)
        if not (cut or event.matches(QKeySequence.StandardKey.Copy)):
            return False
        text = _selected_text(widget)
        if not text:
            return False  # nothing selected: the widget does what it always does
        self._guard.copy(text)
        if cut and _editable(widget):
            _remove_selection(widget)
        return True

    def _menu(self, widget: QWidget, event: QContextMenuEvent) -> bool:
        if isinstance(widget, QLineEdit):
            menu = widget.createStandardContextMenu()
        elif isinstance(widget, QTextEdit | QPlainTextEdit):
            menu = widget.createStandardContextMenu(event.pos())
        else:
            return False
        for action in menu.actions():
            name = action.objectName()
            if name in ("edit-copy", "edit-cut"):
                # The standard menu, with Copy and Cut rewired: undo, paste and the rest
                # keep working exactly as Qt made them.
                action.triggered.disconnect()
                action.triggered.connect(
                    lambda _checked=False, w=widget, cut=name == "edit-cut": self._copy_from(w, cut)
                )
        # Shown without a nested event loop, and deleted once it has done its work.
        menu.aboutToHide.connect(menu.deleteLater)
        menu.popup(event.globalPos())
        return True

    def _copy_from(self, widget: QWidget, cut: bool) -> None:
        text = _selected_text(widget)
        if text:
            self._guard.copy(text)
            if cut and _editable(widget):
                _remove_selection(widget)


def install_clipboard_guard(window: QWidget, *, timer: QTimer | None = None) -> ClipboardGuard:
    """Route Copy and Cut in ``window``'s text widgets through a :class:`ClipboardGuard`."""
    guard = ClipboardGuard(window, timer=timer)
    interceptor = _CopyInterceptor(window, guard)
    app = QCoreApplication.instance()
    if app is not None:
        app.installEventFilter(interceptor)
        guard.destroyed.connect(lambda *_: _uninstall(interceptor))
    _remember(guard)
    _install_mac_converter()
    return guard


def _uninstall(interceptor: QObject) -> None:
    app = QCoreApplication.instance()
    if app is not None:
        with contextlib.suppress(RuntimeError):  # already gone with its parent
            app.removeEventFilter(interceptor)


_mac_converter: object | None = None


def _install_mac_converter() -> None:
    """Teach Qt on macOS to write our concealed marker as the UTI clipboard managers read.

    Needs ``QUtiMimeConverter`` (Qt 6.5+), which PySide6 wraps only in its macOS builds; if
    it is missing the text is still cleared after 30 s, just not marked as concealed.
    """
    global _mac_converter
    if sys.platform != "darwin" or _mac_converter is not None:
        return
    from PySide6 import QtGui

    base = getattr(QtGui, "QUtiMimeConverter", None)
    if base is None:
        return

    class ConcealedConverter(base):  # type: ignore[misc, valid-type]  # only on macOS
        def canConvert(self, mime: str, uti: str) -> bool:
            return mime == MAC_CONCEALED_MIME and uti == MAC_CONCEALED_UTI

        def mimeForUti(self, uti: str) -> str:
            return MAC_CONCEALED_MIME if uti == MAC_CONCEALED_UTI else ""

        def utiForMime(self, mime: str) -> str:
            return MAC_CONCEALED_UTI if mime == MAC_CONCEALED_MIME else ""

        def convertFromMime(self, mime: str, data: object, uti: str) -> list[bytes]:
            return [b""]

        def convertToMime(self, mime: str, data: list[bytes], uti: str) -> object:
            return b""

    try:
        _mac_converter = ConcealedConverter()
    except Exception:  # an unexpected binding; the timer still protects the text
        _mac_converter = None
