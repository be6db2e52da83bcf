"""One job at a time in the background for a window, and the busy cursor for short waits.

``ui.worker`` runs one piece of work off the GUI thread. A window that starts work there
needs more around it, and it is the same every time: start nothing while the last piece is
still running, say when it is busy (a bar, a disabled button), and drop a result that
arrives too late, because the casebook locked, the window went away or the mediator asked
again. ``BackgroundJob`` holds that; every PDF export, the unlock and first-run windows,
the keychain setting and the demo casebook use it.

"Too late" is counted in generations: ``forget()`` (locking, closing) starts a new one,
and a result belonging to an older generation is dropped unseen, as is one arriving once
``still_wanted()`` says no (the casebook has closed). Work that first asks the mediator
something in a modal dialog takes a ``mark()`` before asking, so that an answer given
after the casebook locked starts nothing.

Nothing here loads ``ui.worker`` or names the ``Qt`` namespace until it is first needed:
the first windows make a job when they open, and start-up is measured against a bare window.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication

if TYPE_CHECKING:
    from app.errors import ParleyError
    from app.progress import Progress, Stopped
    from ui.worker import Task

T = TypeVar("T")


class BackgroundJob(QObject):
    """At most one piece of background work at a time, with its outcome delivered on the
    GUI thread only while it is still wanted."""

    busy_changed = Signal(bool)
    #: How far the work has got (done, of, what), on the GUI thread, while it is current.
    progressed = Signal(int, int, str)
    # Emitted on the worker's thread; queued to this object's (the GUI) thread.
    _reported = Signal(int, int, int, str)

    def __init__(
        self, parent: QObject | None = None, *, still_wanted: Callable[[], bool] | None = None
    ) -> None:
        super().__init__(parent)
        self._still_wanted = still_wanted
        self._task: Task[Any] | None = None
        self._generation = 0
        self._reported.connect(self._deliver_progress)

    @property
    def busy(self) -> bool:
        return self._task is not None

    def mark(self) -> int:
        """Where things stand now; ``still_current(mark)`` says whether that still holds."""
        return self._generation

    def still_current(self, mark: int) -> bool:
        """Nothing was forgotten since ``mark`` was taken, and the work is still wanted."""
        return mark == self._generation and (self._still_wanted is None or self._still_wanted())

    def start(
        self,
        work: Callable[[], T],
        on_success: Callable[[T], None],
        on_failure: Callable[[ParleyError], None],
        *,
        since: int | None = None,
    ) -> Task[T] | None:
        """Run ``work()`` off the GUI thread; call back on it unless the outcome comes too late.

        Starts nothing (and returns None) while earlier work is still running, or when
        ``since``, a ``mark()`` taken before asking the mediator something, is no longer
        current. ``work`` must not touch widgets.
        """
        if self.busy:
            return None
        mark = self._generation if since is None else since
        if not self.still_current(mark):
            return None
        from ui.worker import run_in_background  # on first use: see the module's note

        task = run_in_background(
            work,
            lambda result: self._deliver(mark, on_success, result),
            lambda error: self._deliver(mark, on_failure, error),
        )
        self._set_task(task)
        return task

    def reporter(self) -> Progress:
        """A ``Progress`` for the work about to start, safe to call from its thread.

        Its reports reach ``progressed`` only while that work is current: not after a lock,
        nor once its outcome has arrived.
        """
        mark = self._generation

        def report(done: int, of: int, what: str) -> None:
            # RuntimeError: the job has gone with its window; the work goes on regardless.
            with suppress(RuntimeError):
                self._reported.emit(mark, done, of, what)

        return report

    def stopper(self) -> Stopped:
        """For the work about to start: says, from any thread, once it is no longer wanted
        (``forget()`` was called: the book locked, the window closed)."""
        mark = self._generation
        return lambda: mark != self._generation

    def forget(self) -> None:
        """Drop whatever is on its way, and anything asked for before now (locking, closing).

        The work itself runs to its end; only its outcome goes unseen.
        """
        self._generation += 1
        if self._task is not None:
            self._task.discard()
            self._set_task(None)

    def _deliver_progress(self, mark: int, done: int, of: int, what: str) -> None:
        if self.busy and self.still_current(mark):
            self.progressed.emit(done, of, what)

    def _deliver(self, mark: int, callback: Callable[[Any], None], outcome: object) -> None:
        self._set_task(None)
        if self.still_current(mark):
            callback(outcome)

    def _set_task(self, task: Task[Any] | None) -> None:
        was_busy = self.busy
        self._task = task
        if self.busy != was_busy:
            self.busy_changed.emit(self.busy)


@contextmanager
def busy_cursor() -> Iterator[None]:
    """The wait cursor over the whole application while a short act runs on the GUI thread
    (a keychain change): the mediator sees that Parley is working."""
    # Named here, not at import: the Qt namespace is costly to build, and the first windows
    # make a job when they open (see ui.widgets.qt_properties).
    from PySide6.QtCore import Qt

    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QApplication.restoreOverrideCursor()
