"""Long titles are shortened at a word, with the whole title in the tooltip; the case's
header never grows past two lines, and safe view leaves no title in it."""

from __future__ import annotations

from datetime import date, datetime

from hypothesis import given
from hypothesis import strategies as st
from pytestqt.qtbot import QtBot

from app.books.casebook import Casebook
from app.cases.records import Case, CaseListRow, Meeting, MeetingKind, Stage, Status
from ui.dashboard import DashboardPage, WeekMeeting
from ui.widgets.elided import ELLIPSIS, elide_at_word
from ui.workspace.container import CaseWorkspace
from ui.workspace.overview_tab import OverviewTab

LONG_TITLE = (
    "Disagreement between the family and the paediatric intensive care team about continuing "
    "long-term ventilation, tracheostomy and the plan for discharge home with a package of "
    "care, and about whether to attempt cardiopulmonary resuscitation"
)

words = st.text(alphabet="abcdefghijklmnopqrstuvwxyzÅéŁ-,", min_size=1, max_size=12)


@given(st.lists(words, min_size=1, max_size=30), st.integers(1, 200))
def test_a_shortened_text_is_whole_words_that_fit(parts: list[str], room: int) -> None:
    text = " ".join(parts)
    shown = elide_at_word(text, lambda t: len(t) <= room)
    if len(text) <= room:
        assert shown == text
        return
    assert (shown.endswith(ELLIPSIS) and len(shown) <= room) or shown == ELLIPSIS
    kept = shown.removesuffix(ELLIPSIS)
    if len(parts[0]) + 1 <= room and kept:
        # Cut at a word: what is kept is the first words, less trailing punctuation.
        whole = [" ".join(parts[:n]) for n in range(1, len(parts))]
        assert any(w.rstrip(" ,;:.-–—/(") == kept for w in whole), (text, shown)


def test_the_header_keeps_a_long_title_to_two_lines(qtbot: QtBot, casebook: Casebook) -> None:
    case = casebook.cases.add(
        Case(None, "MM-2026-011", LONG_TITLE, Stage.FORMAL, Status.IN_MEDIATION,
             referred_on=date(2026, 3, 2))
    )  # fmt: skip
    workspace = CaseWorkspace(casebook, case.id or 0, tabs=[])
    qtbot.addWidget(workspace)
    workspace.resize(900, 500)
    workspace.show()
    qtbot.waitExposed(workspace)
    label = workspace.title_label
    qtbot.waitUntil(lambda: label.text().endswith(ELLIPSIS))
    lines = label.height() // label.fontMetrics().lineSpacing()
    assert lines <= 2
    assert LONG_TITLE.startswith(label.text().removesuffix(ELLIPSIS))
    assert label.toolTip() == LONG_TITLE  # the whole of it, a pointer's rest away

    workspace.set_safe_view(True)
    assert "Disagreement" not in label.text() + label.toolTip() + label.accessibleName()
    workspace.set_safe_view(False)
    assert label.toolTip() == LONG_TITLE


def test_the_dashboard_shortens_each_meetings_title_at_a_word() -> None:
    starts = datetime(2026, 5, 14, 10, 0)
    row = CaseListRow(3, "MM-2026-011", LONG_TITLE, Stage.FORMAL, Status.IN_MEDIATION,
                      date(2026, 3, 2), None, starts)  # fmt: skip
    found = WeekMeeting(Meeting(1, 3, MeetingKind.JOINT, starts, 60, "Room 4"), row)

    item = DashboardPage._meeting_item(found, date(2026, 5, 11), safe_view=False)
    second = item.text().splitlines()[1]
    assert second.startswith("MM-2026-011 Disagreement") and ELLIPSIS in second
    assert len(second) < len(LONG_TITLE) // 2
    assert LONG_TITLE in item.toolTip()

    hidden = DashboardPage._meeting_item(found, date(2026, 5, 11), safe_view=True)
    assert "Disagreement" not in hidden.text() + hidden.toolTip()


def test_the_overview_shows_a_long_title_from_its_beginning(
    qtbot: QtBot, casebook: Casebook
) -> None:
    case = casebook.cases.add(
        Case(None, "MM-2026-012", LONG_TITLE, Stage.FORMAL, Status.IN_MEDIATION)
    )  # fmt: skip
    tab = OverviewTab(casebook, case.id or 0)
    qtbot.addWidget(tab)
    tab.resize(900, 600)
    tab.show()
    tab.reload()
    assert tab.title_edit.text() == LONG_TITLE
    assert tab.title_edit.cursorPosition() == 0
