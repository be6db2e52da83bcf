"""The pages of the case workspace, in the order the mediator meets them."""

from __future__ import annotations

from ui.workspace.base import WorkspaceTab


def default_tabs() -> list[type[WorkspaceTab]]:
    """Imported here, not at start-up, so the case list opens without loading every page."""
    from ui.workspace.agreement_tab import AgreementTab
    from ui.workspace.disclosures_tab import DisclosuresTab
    from ui.workspace.issues_tab import IssuesTab
    from ui.workspace.notes_tab import MeetingsNotesTab
    from ui.workspace.overview_tab import OverviewTab
    from ui.workspace.parties_tab import PartiesTab

    return [OverviewTab, PartiesTab, MeetingsNotesTab, IssuesTab, AgreementTab, DisclosuresTab]
