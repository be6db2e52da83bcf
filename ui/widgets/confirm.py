"""Asking before an act that cannot be undone: what will happen, in full, then a choice.

The default button (what Enter presses) and Esc both go back; only the act's own button,
named for what it does, performs it. So a mediator typing quickly, who presses Enter once
too often, never records a disclosure or charges a cancellation by accident.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QMessageBox, QWidget

GO_BACK = "&Go back"
CANNOT_BE_UNDONE = "This cannot be undone."


def summary_text(lines: Sequence[tuple[str, str]]) -> str:
    """``("To whom", "Dr Patel")`` pairs as "To whom: Dr Patel" lines, empty ones left out."""
    return "\n".join(f"{label}: {value}" for label, value in lines if value)


def confirm_irreversible(
    parent: QWidget,
    *,
    title: str,
    question: str,
    summary: str,
    act: str,
    footer: str = CANNOT_BE_UNDONE,
) -> bool:
    """Show ``summary`` under ``question``; True only if the mediator chose ``act``.
    ``footer`` says what follows (by default, that it cannot be undone).

    Runs its own event loop (as a message box does): the caller must check that its
    casebook is still open afterwards, since a lock may have come in between. Locking
    closes the box, which counts as going back.
    """
    box = QMessageBox(QMessageBox.Icon.Warning, f"Parley — {title}", question, parent=parent)
    box.setInformativeText("\n\n".join(part for part in (summary, footer) if part))
    do = box.addButton(act, QMessageBox.ButtonRole.DestructiveRole)
    back = box.addButton(GO_BACK, QMessageBox.ButtonRole.RejectRole)
    do.setAutoDefault(False)
    box.setDefaultButton(back)  # Enter goes back
    box.setEscapeButton(back)
    box.exec()
    chosen = box.clickedButton() is do
    box.deleteLater()
    return chosen
