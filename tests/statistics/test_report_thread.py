"""The Statistics page reads its report on a worker thread, through a connection of its own."""

from __future__ import annotations

import threading
from datetime import date, datetime

from app.books.casebook import Casebook
from app.books.outcomes import close_case
from app.cases.outcomes import Cause, CourtInvolvement, OutcomeAnswers, ReferralSource, Result
from app.cases.records import Case, Meeting, MeetingKind
from app.documents.statistics_report import report_on_own_connection, statistics_report
from app.statistics.figures import Period, StatisticsReport


def test_the_report_read_on_another_thread_is_the_books(casebook: Casebook) -> None:
    # Read here, not when the module loads: the book dates a closure by its own clock, and a
    # run that crosses midnight would close them the day after a date read at loading.
    today = date.today()
    answers = OutcomeAnswers(Result.NOT_AGREED, CourtInvolvement.NONE, False,
                             ReferralSource.FAMILY, frozenset({Cause.OTHER}), 90)  # fmt: skip
    for n in range(7):
        case = casebook.cases.add(Case(None, f"MM-2026-{n:03d}", "A case", referred_on=today))
        assert case.id is not None
        casebook.meetings.add(
            Meeting(None, case.id, MeetingKind.JOINT, datetime.combine(today, datetime.min.time()))
        )
        close_case(casebook, case.id, answers, today=today)
    period = Period(today.replace(day=1), today)
    work = report_on_own_connection(casebook, period, today=today)
    found: list[StatisticsReport] = []
    thread = threading.Thread(target=lambda: found.append(work()))
    thread.start()
    thread.join()
    assert found == [statistics_report(casebook, period, today=today)]
    assert found[0].headline.cells[1][0].text == "7"
