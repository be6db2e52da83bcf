"""Run slow work (key derivation, export, backup) off the GUI thread.

The one helper the interface uses for anything that would freeze a window. The work runs on
a ``QThreadPool``; its result or its failure comes back as a call on the GUI thread, so the
callbacks may touch widgets. Failures always arrive as a ``ParleyError`` whose message is fit
to show: an unexpected exception becomes a generic message naming only its type, because its
text could quote confidential content and a traceback means nothing to a mediator.

The first windows import it when they first start work, not when they open: nothing here
is needed to paint them, and start-up is measured against a bare window.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from app.errors import ParleyError

T = TypeVar("T")


class UnexpectedError(ParleyError):
    """Stands in for an exception nobody anticipated; the original is kept as the cause."""

    def __init__(self, original: BaseException) -> None:
        super().__init__(f"Something went wrong: {type(original).__name__}")
        self.__cause__ = original


def as_parley_error(exc: BaseException) -> ParleyError:
    """The exception itself when its message is written for people, else a generic one."""
    return exc if isinstance(exc, ParleyError) else UnexpectedError(exc)


# Tasks whose result has not been delivered yet. Without this the Python wrappers could be
# collected while the pool still runs the work, and the result would go nowhere.
_pending: set[Task[Any]] = set()


class Task(QObject, Generic[T]):
    """One piece of background work; delivers exactly one of its two callbacks."""

    # Signals carry plain Python objects; emitted on the pool's thread, they are queued to
    # this object's thread (the GUI thread, where it was made) before the slots run.
    _succeeded = Signal(object)
    _failed = Signal(object)

    def __init__(
        self,
        work: Callable[[], T],
        on_success: Callable[[T], None],
        on_failure: Callable[[ParleyError], None],
    ) -> None:
        super().__init__()
        self._work: Callable[[], T] | None = work
        self._on_success: Callable[[T], None] | None = on_success
        self._on_failure: Callable[[ParleyError], None] | None = on_failure
        self._succeeded.connect(self._deliver_success)
        self._failed.connect(self._deliver_failure)

    @property
    def done(self) -> bool:
        return self not in _pending

    def discard(self) -> None:
        """Drop the callbacks: the work finishes, but its outcome is ignored.

        For a window that goes away first (locking, quitting) and must not be touched after.
        """
        self._on_success = self._on_failure = None

    def _run(self) -> None:  # on the pool's thread
        # Let go of the work (and any passphrase its closure holds) as soon as it has run.
        work, self._work = self._work, None
        try:
            if work is None:
                raise RuntimeError("a background task ran twice")
            result = work()
        except BaseException as exc:
            self._failed.emit(as_parley_error(exc))
        else:
            self._succeeded.emit(result)

    @Slot(object)
    def _deliver_success(self, result: T) -> None:
        callback = self._on_success
        self._finish()
        if callback is not None:
            callback(result)

    @Slot(object)
    def _deliver_failure(self, error: ParleyError) -> None:
        callback = self._on_failure
        self._finish()
        if callback is not None:
            callback(error)

    def _finish(self) -> None:
        self._on_success = self._on_failure = None
        _pending.discard(self)


class _Runnable(QRunnable):
    def __init__(self, task: Task[Any]) -> None:
        super().__init__()
        self._task = task

    def run(self) -> None:
        self._task._run()


def run_in_background(
    work: Callable[[], T],
    on_success: Callable[[T], None],
    on_failure: Callable[[ParleyError], None],
    *,
    pool: QThreadPool | None = None,
) -> Task[T]:
    """Start ``work()`` on a pool thread; call back on the GUI thread with its outcome.

    Call this from the GUI thread. ``work`` must not touch widgets.
    """
    task: Task[T] = Task(work, on_success, on_failure)
    _pending.add(task)
    (pool or QThreadPool.globalInstance()).start(_Runnable(task))
    return task


def wait_for_background_work(timeout_ms: int = 30_000) -> bool:
    """Block until the pool is idle (used when quitting, and by tests)."""
    return QThreadPool.globalInstance().waitForDone(timeout_ms)
