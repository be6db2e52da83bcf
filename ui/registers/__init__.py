"""Screens of the training and complaints registers, and what they share.

Every page and dialog here reads and writes through ``casebook.registers`` (and, for a
transaction, ``casebook.transaction()``); none of them holds a connection. "Today" is passed
in as a function, so the deadlines and filters can be tested on any day of the year.
"""

from __future__ import annotations

from ui.workspace.record_dialog import RecordDialog


def save_or_report(dialog: RecordDialog | None, what: str) -> list[str]:
    """Locking with a form open: store what it holds if the store accepts it, else say why
    not (the lock goes ahead either way; the window tells the person what was lost)."""
    if dialog is None or not dialog.isVisible() or dialog.save():
        return []
    reasons = [f"{field.replace('_', ' ')}: {error.reason[:1].lower()}{error.reason[1:]}"
               for field, error in dialog.errors.items() if error.reason]  # fmt: skip
    return [f"{what} was not saved: " + ("; ".join(reasons) or dialog.problem.text())]
