"""Idle auto-lock: notice when nobody has used Parley for a while.

An application-wide event filter notes the time of each key press, click, scroll or touch;
a timer looks every few seconds. The clocks are injectable so tests move time on instead of
waiting for minutes.

A laptop that sleeps is the usual case, so the default clock keeps counting through sleep
where the platform offers one (``CLOCK_BOOTTIME`` on Linux), and the wall clock is consulted
as well: whichever says more time has passed wins, so a lid closed for an hour always comes
back locked, even on platforms whose monotonic clock stops in sleep.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal
from PySide6.QtGui import QGuiApplication

if TYPE_CHECKING:
    # Neither is imported at run time until needed: QEvent builds QEvent.Type, and Qt all
    # 94 enums of the Qt namespace (see ui.widgets.qt_properties), both costly at start-up.
    from PySide6.QtCore import QEvent, Qt

Clock = Callable[[], float]

CHECK_INTERVAL_MS = 5_000


@functools.cache
def _input_events() -> frozenset[QEvent.Type]:
    # Imported and built on first use, not at import: importing QEvent builds QEvent.Type,
    # a large enum that costs start-up time, while the idle watch only starts once a
    # casebook is open.
    from PySide6.QtCore import QEvent

    return frozenset(
        {
            QEvent.Type.KeyPress,
            QEvent.Type.MouseButtonPress,
            QEvent.Type.MouseButtonDblClick,
            QEvent.Type.MouseMove,
            QEvent.Type.Wheel,
            QEvent.Type.TouchBegin,
            QEvent.Type.TouchUpdate,
            QEvent.Type.TabletPress,
            QEvent.Type.TabletMove,
        }
    )


def _awake_or_asleep() -> float:
    clock_id = getattr(time, "CLOCK_BOOTTIME", None)
    if clock_id is not None:
        return time.clock_gettime(clock_id)
    return time.monotonic()


class IdleWatch(QObject):
    """Emits ``idle`` once the limit passes with no input; call ``start`` after each unlock."""

    idle = Signal()

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        clock: Clock | None = None,
        wall_clock: Clock = time.time,
    ) -> None:
        super().__init__(parent)
        self.clock = clock or _awake_or_asleep
        self.wall_clock = wall_clock
        self.limit_s = 5 * 60.0
        self._last = self._last_wall = 0.0
        self.running = False
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_INTERVAL_MS)
        self.timer.timeout.connect(self.check)

    def start(self, minutes: int) -> None:
        """Watch from now, locking after ``minutes`` without input."""
        self.set_limit_minutes(minutes)
        self.touch()
        if not self.running:
            app = QCoreApplication.instance()
            if app is not None:
                app.installEventFilter(self)
            if isinstance(app, QGuiApplication):
                app.applicationStateChanged.connect(self._state_changed)
            self.running = True
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
        if self.running:
            app = QCoreApplication.instance()
            if app is not None:
                app.removeEventFilter(self)
            if isinstance(app, QGuiApplication):
                app.applicationStateChanged.disconnect(self._state_changed)
            self.running = False

    def set_limit_minutes(self, minutes: int) -> None:
        self.limit_s = max(1, minutes) * 60.0
        if self.running:
            self.check()  # a shorter limit that has already passed applies now

    def touch(self) -> None:
        self._last, self._last_wall = self.clock(), self.wall_clock()

    def idle_seconds(self) -> float:
        return max(self.clock() - self._last, self.wall_clock() - self._last_wall, 0.0)

    def check(self) -> bool:
        """Lock now if the limit has passed (the timer calls this; so can tests)."""
        if not self.running or self.idle_seconds() < self.limit_s:
            return False
        self.stop()
        self.idle.emit()
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _input_events():
            self.touch()
        return False

    def _state_changed(self, state: Qt.ApplicationState) -> None:
        # Coming back to the window (after sleep, say) is checked at once, not in 5 s.
        from PySide6.QtCore import Qt

        if state == Qt.ApplicationState.ApplicationActive:
            self.check()
