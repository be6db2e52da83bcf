"""Lock the casebook when the computer says its screen locked or it is going to sleep.

One watcher, one signal (``lock_requested``, with the sentence to show on the unlock
window); the session decides what locking means. Each platform's source is optional: where
none is available the watcher stays silent, and the idle timer (which also counts time
spent asleep) remains the safety net. Nothing here logs anything.

- Linux and other freedesktop systems, over QtDBus: ``ActiveChanged(true)`` of the screen
  saver on the session bus (``org.freedesktop.ScreenSaver``, and GNOME's own
  ``org.gnome.ScreenSaver``), and logind's ``PrepareForSleep(true)`` on the system bus.
- Windows: ``WM_WTSSESSION_CHANGE`` / ``WTS_SESSION_LOCK`` (after
  ``WTSRegisterSessionNotification`` for the main window) and ``WM_POWERBROADCAST`` /
  ``PBT_APMSUSPEND``, read by a native event filter through ctypes.
- macOS: the distributed notification ``com.apple.screenIsLocked`` through
  CoreFoundation's C API (ctypes, no PyObjC). Sleep itself is announced only on
  NSWorkspace's own notification centre, which needs Objective-C; it is not watched. A Mac
  set to ask for the password on wake locks its screen as it sleeps, which is caught.

The Windows and macOS paths are written against the documented APIs but have not been run
on those systems by this project's tests (which run on Linux); the freedesktop path is
tested against a private D-Bus daemon.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    SLOT,
    QAbstractNativeEventFilter,
    QCoreApplication,
    QObject,
    Signal,
    Slot,
)
from PySide6.QtWidgets import QWidget

SCREEN_LOCKED = "Parley locked because the screen was locked."
GOING_TO_SLEEP = "Parley locked because the computer was going to sleep."

#: (interface, signal) pairs that say the screen saver, and so the lock screen, came on.
SCREEN_SAVER_SIGNALS = (
    ("org.freedesktop.ScreenSaver", "ActiveChanged"),
    ("org.gnome.ScreenSaver", "ActiveChanged"),
)
LOGIN_MANAGER = ("org.freedesktop.login1.Manager", "PrepareForSleep")


class ScreenLockWatcher(QObject):
    """Emits ``lock_requested(why)`` when the platform reports a screen lock or sleep.

    ``session_bus`` and ``system_bus`` (QDBusConnection) are for tests; by default the
    watcher uses the desktop's buses when they exist and never starts one.
    """

    lock_requested = Signal(str)

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        window: QWidget | None = None,
        session_bus: Any | None = None,
        system_bus: Any | None = None,
    ) -> None:
        super().__init__(parent)
        self._window = window
        self._session_bus = session_bus
        self._system_bus = system_bus
        self._connected: list[tuple[Any, str, str]] = []
        self._stop_platform: Callable[[], None] | None = None
        #: What is being watched, in words (for tests and diagnostics; never case content).
        self.sources: list[str] = []

    def start(self) -> list[str]:
        """Start listening wherever the platform allows; returns what is watched."""
        self.stop()
        try:
            if sys.platform == "win32":
                self._stop_platform = self._watch_windows()
            elif sys.platform == "darwin":
                self._stop_platform = self._watch_macos()
            self._watch_dbus()
        except Exception:  # a missing library or bus must never stop Parley from working
            pass
        return list(self.sources)

    def stop(self) -> None:
        for bus, interface, name in self._connected:
            with contextlib.suppress(Exception):
                bus.disconnect("", "", interface, name, self, _slot_for(name))
        self._connected = []
        if self._stop_platform is not None:
            with contextlib.suppress(Exception):
                self._stop_platform()
            self._stop_platform = None
        self.sources = []

    # --- freedesktop (QtDBus) ---------------------------------------------------------------

    def _watch_dbus(self) -> None:
        try:
            from PySide6.QtDBus import QDBusConnection
        except ImportError:
            return
        session = self._session_bus
        if session is None and _session_bus_configured():
            session = QDBusConnection.sessionBus()
        system = self._system_bus
        if system is None and sys.platform.startswith("linux"):
            system = QDBusConnection.systemBus()
        if session is not None and session.isConnected():
            for interface, name in SCREEN_SAVER_SIGNALS:
                self._listen(session, interface, name, f"screen saver ({interface})")
        if system is not None and system.isConnected():
            self._listen(system, *LOGIN_MANAGER, "sleep (logind)")

    def _listen(self, bus: Any, interface: str, name: str, label: str) -> None:
        # Any sender and any path: screen savers differ in where they publish the signal.
        if bus.connect("", "", interface, name, self, _slot_for(name)):
            self._connected.append((bus, interface, name))
            self.sources.append(label)

    @Slot(bool)
    def _screen_saver_changed(self, active: bool) -> None:
        if active:
            self.lock_requested.emit(SCREEN_LOCKED)

    @Slot(bool)
    def _prepare_for_sleep(self, going: bool) -> None:
        if going:  # False arrives on waking up
            self.lock_requested.emit(GOING_TO_SLEEP)

    # --- Windows ----------------------------------------------------------------------------

    def _watch_windows(self) -> Callable[[], None] | None:
        app = QCoreApplication.instance()
        if app is None or self._window is None:
            return None
        hwnd = int(self._window.winId())
        wtsapi32 = ctypes.WinDLL("wtsapi32")  # type: ignore[attr-defined]
        if not wtsapi32.WTSRegisterSessionNotification(ctypes.c_void_p(hwnd), 0):
            return None  # NOTIFY_FOR_THIS_SESSION was refused: nothing to undo
        native = _WindowsFilter(self.lock_requested.emit)
        app.installNativeEventFilter(native)
        self.sources.append("session lock and sleep (Windows)")

        def stop() -> None:
            app.removeNativeEventFilter(native)
            wtsapi32.WTSUnRegisterSessionNotification(ctypes.c_void_p(hwnd))

        return stop

    # --- macOS ------------------------------------------------------------------------------

    def _watch_macos(self) -> Callable[[], None] | None:
        found = ctypes.util.find_library("CoreFoundation")
        if not found:
            return None
        cf = ctypes.CDLL(found)
        callback_type = ctypes.CFUNCTYPE(
            None, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p,
            ctypes.c_void_p,
        )  # fmt: skip
        cf.CFNotificationCenterGetDistributedCenter.restype = ctypes.c_void_p
        cf.CFStringCreateWithCString.restype = ctypes.c_void_p
        cf.CFStringCreateWithCString.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_uint32]
        cf.CFNotificationCenterAddObserver.argtypes = [
            ctypes.c_void_p, ctypes.c_void_p, callback_type, ctypes.c_void_p, ctypes.c_void_p,
            ctypes.c_long,
        ]  # fmt: skip
        cf.CFNotificationCenterRemoveEveryObserver.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
        cf.CFRelease.argtypes = [ctypes.c_void_p]
        center = cf.CFNotificationCenterGetDistributedCenter()
        utf8 = 0x08000100  # kCFStringEncodingUTF8
        name = cf.CFStringCreateWithCString(None, b"com.apple.screenIsLocked", utf8)
        # Called on the main thread: Qt's Cocoa event loop runs the main run loop.
        callback = callback_type(lambda *_: self.lock_requested.emit(SCREEN_LOCKED))
        observer = ctypes.c_void_p(id(self))
        deliver_immediately = 4  # CFNotificationSuspensionBehaviorDeliverImmediately
        cf.CFNotificationCenterAddObserver(center, observer, callback, name, None,
                                           deliver_immediately)  # fmt: skip
        self.sources.append("screen lock (macOS)")

        def stop() -> None:
            cf.CFNotificationCenterRemoveEveryObserver(center, observer)
            cf.CFRelease(name)
            del keep[:]

        keep = [callback]  # the C side holds only a pointer: keep the thunk alive
        return stop


def _slot_for(signal_name: str) -> str:
    method = "_prepare_for_sleep" if signal_name == "PrepareForSleep" else "_screen_saver_changed"
    return SLOT(f"{method}(bool)")


def _session_bus_configured() -> bool:
    """A session bus is advertised; otherwise libdbus might try to start one ("autolaunch")."""
    if os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        return True
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    return runtime is not None and Path(runtime, "bus").exists()


WM_WTSSESSION_CHANGE = 0x02B1
WTS_SESSION_LOCK = 0x7
WM_POWERBROADCAST = 0x0218
PBT_APMSUSPEND = 0x4


class _WindowsFilter(QAbstractNativeEventFilter):
    def __init__(self, emit: Callable[[str], None]) -> None:
        super().__init__()
        self._emit = emit

    def nativeEventFilter(self, event_type: Any, message: Any) -> tuple[bool, int]:
        if bytes(event_type) != b"windows_generic_MSG":
            return False, 0
        from ctypes import wintypes

        msg = wintypes.MSG.from_address(int(message))
        if msg.message == WM_WTSSESSION_CHANGE and msg.wParam == WTS_SESSION_LOCK:
            self._emit(SCREEN_LOCKED)
        elif msg.message == WM_POWERBROADCAST and msg.wParam == PBT_APMSUSPEND:
            self._emit(GOING_TO_SLEEP)
        return False, 0  # only listening: Windows and Qt still handle the message
