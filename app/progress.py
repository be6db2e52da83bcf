"""How long work says how far it has got, for a window to show while it runs elsewhere.

A ``Progress`` is called by the work (on whatever thread runs it) with how many steps are
done, of how many, and what it is doing now in the mediator's words. Those words never
quote a book's content: they may be shown on a screen others can see.
"""

from __future__ import annotations

from collections.abc import Callable

from app.errors import ParleyError

#: ``progress(done, of, what)``: ``done`` of ``of`` steps are over; ``what`` is under way.
Progress = Callable[[int, int, str], None]


def no_progress(done: int, of: int, what: str) -> None:
    """For work whose caller is not watching."""


#: ``stopped()``: whoever asked for the work no longer wants it (the book locked).
Stopped = Callable[[], bool]


def never_stopped() -> bool:
    """For work that always runs to its end."""
    return False


class WorkStopped(ParleyError):
    """Work stopped before its end because it was no longer wanted; it changed nothing."""
