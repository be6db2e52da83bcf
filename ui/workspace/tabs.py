"""The pages of the case workspace, in the order the mediator meets them."""

from __future__ import annotations

from ui.workspace.base import WorkspaceTab


def default_tabs() -> list[type[WorkspaceTab]]:
    """Imported here, not at start-up, so the case list opens without loading every page."""
    return []
