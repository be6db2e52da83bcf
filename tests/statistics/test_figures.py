"""The statistics of a period: every figure of the design, small numbers never given away."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date, timedelta

import pytest
from closed_records import counts_of
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from suppression_attack import recoverable_cells

from app.cases.outcomes import (
    Cause,
    CourtInvolvement,
    OutcomeAnswers,
    OutcomeRecord,
    ReferralSource,
    Result,
    WithdrawnBy,
)
from app.cases.records import MeetingKind, Stage, Status
from app.errors import InvalidValue
from app.statistics.figures import (
    NOT_RECORDED,
    Answered,
    CourseFigures,
    MeetingFigures,
    Period,
    RegisterFigures,
    StatisticsInputs,
    StatisticsReport,
    build_report,
    times_of,
)
from app.statistics.suppression import FEWER_THAN_5, Shown, SuppressedTable

YEAR = Period(date(2025, 4, 1), date(2026, 3, 31))
NO_MEETINGS = MeetingFigures(dict.fromkeys(MeetingKind, 0), None, "held in the period")


def answers(**changes: object) -> OutcomeAnswers:
    base = OutcomeAnswers(
        result=Result.AGREED_IN_FULL,
        court=CourtInvolvement.NONE,
        hearing_avoided=False,
        referral_source=ReferralSource.CLINICAL_TEAM,
        causes=frozenset({Cause.LOSS_OF_TRUST}),
        mediator_minutes=600,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def record(days_to_close: int = 40, contact: int | None = 1, stage: Stage = Stage.FORMAL,
           given: OutcomeAnswers | None = None) -> OutcomeRecord:  # fmt: skip
    referred = date(2025, 6, 2)
    return OutcomeRecord(
        stage, Status.CLOSED, referred, referred + timedelta(days=days_to_close),
        stage_at_referral=Stage.EARLY, first_contact_working_days=contact,
        answers=given if given is not None else answers(),
    )  # fmt: skip


def inputs(outcomes: list[OutcomeRecord], **more: object) -> StatisticsInputs:
    """The inputs of a book whose closed cases are ``outcomes`` (counted one by one, as
    ``test_counted_in_the_database`` shows the books count them)."""
    values: dict[str, object] = {
        "period": YEAR, "referred": {}, "closed": counts_of(outcomes),
        "meetings": NO_MEETINGS, "first_contact_target": 2, **more,
    }  # fmt: skip
    return StatisticsInputs(**values)  # type: ignore[arg-type]


def table(report: StatisticsReport, title: str) -> SuppressedTable:
    return next(t for s in report.sections for t in s.tables if t.title.startswith(title))


def texts_by_row(found: SuppressedTable) -> dict[str, list[str]]:
    return dict(zip(found.row_labels, found.texts(), strict=True))


def test_a_period_ends_after_it_starts() -> None:
    with pytest.raises(InvalidValue) as refused:
        Period(date(2026, 1, 2), date(2026, 1, 1))
    assert refused.value.field == "to"
    assert YEAR.label == "1 April 2025 to 31 March 2026"


def test_outcomes_split_withdrawn_cases_by_who_withdrew() -> None:
    closed = [record() for _ in range(12)] + [
        record(given=answers(result=Result.WITHDRAWN, withdrawn_by=WithdrawnBy.FAMILY))
        for _ in range(6)
    ]
    rows = texts_by_row(table(build_report(inputs(closed)), "Outcomes"))
    assert rows["Agreed in full"] == ["0", "12", "0", "12"]
    assert rows["Withdrawn by the family"] == ["0", "6", "0", "6"]
    assert rows["Withdrawn by the clinical team"] == ["0", "0", "0", "0"]
    assert rows["Total"] == ["0", "18", "0", "18"]


def test_records_without_answers_are_counted_as_not_recorded() -> None:
    closed = [record() for _ in range(6)] + [replace(record(), answers=None) for _ in range(5)]
    rows = texts_by_row(table(build_report(inputs(closed)), "Where the referrals"))
    assert rows["Clinical team"] == ["6"] and rows[NOT_RECORDED] == ["5"]
    assert rows["Total"] == ["11"]


def test_times_are_medians_and_90th_percentiles_of_five_or_more() -> None:
    assert times_of("Time to close", "days", [10, 20, 30, 40]).median is None
    figures = times_of("Time to close", "days", [10, 20, 30, 40, 50, 60, 70, 80, 90, 100])
    assert (figures.median, figures.p90) == (55.0, 91.0)
    assert figures.cases == 10


def test_first_contact_within_the_target() -> None:
    closed = [record(contact=d) for d in (0, 1, 2, 2, 2, 3, 5, 6, 8, 13)] + [record(contact=None)]
    report = build_report(inputs(closed))
    rows = texts_by_row(table(report, "First contact within"))
    assert rows == {"Within the target": ["5"], "After the target": ["5"], "Total": ["10"]}
    times = next(s for s in report.sections if s.title == "Times").times
    assert times[0].cases == 10 and times[0].median == 2.5
    assert times[1].cases == 11


def test_hours_of_support_are_given_only_beside_a_count_shown() -> None:
    counts = dict.fromkeys(MeetingKind, 10) | {MeetingKind.DEBRIEF: 2}
    minutes = dict.fromkeys(MeetingKind, 600)
    meetings = MeetingFigures(counts, minutes, "held in the period")
    section = next(
        s for s in build_report(inputs([], meetings=meetings)).sections
        if s.title.startswith("Meetings")
    )  # fmt: skip
    assert section.notes == ("Hours of support sessions for clinicians: 10.0.",)


def test_registers_answered_on_time_late_and_overdue() -> None:
    due = date(2025, 6, 30)
    complaints = (
        [Answered(date(2025, 6, 1), due, date(2025, 6, 20))] * 6
        + [Answered(date(2025, 6, 1), due, date(2025, 7, 3))] * 2
        + [Answered(date(2025, 6, 1), due, None)] * 3
    )
    registers = RegisterFigures(complaints=tuple(complaints))
    report = build_report(inputs([], registers=registers, today=date(2025, 7, 10)))
    rows = texts_by_row(table(report, "Complaints received"))
    assert rows["Answered on time"] == ["6"]
    assert rows["Answered late"] == rows["Not answered, overdue"] == [FEWER_THAN_5]
    assert rows["Total"] == ["11"]


def test_feedback_averages_need_five_forms() -> None:
    courses = (
        CourseFigures("Skills", date(2025, 9, 1), 12, 11, 9, (4.5, 4.0)),
        CourseFigures("Law", date(2025, 10, 1), 8, 8, 3, (2.0, 3.0)),
    )
    registers = RegisterFigures(courses=courses, feedback_questions=("Content", "Trainer"))
    section = next(
        s for s in build_report(inputs([], registers=registers)).sections if s.title == "Training"
    )
    assert section.averages is not None
    assert [a for _, a in section.averages.courses] == [(4.5, 4.0), (None, None)]


# Generated sets of outcomes: whatever they hold, no table gives a small number away.

OUTCOME_ANSWERS = st.builds(
    OutcomeAnswers,
    result=st.sampled_from([r for r in Result if r is not Result.WITHDRAWN]),
    court=st.sampled_from(list(CourtInvolvement)),
    hearing_avoided=st.just(False),
    referral_source=st.sampled_from(list(ReferralSource)),
    causes=st.frozensets(st.sampled_from(list(Cause)), min_size=1, max_size=3),
    mediator_minutes=st.integers(min_value=30, max_value=3000),
)


@st.composite
def outcome_records(draw: st.DrawFn) -> OutcomeRecord:
    given = draw(st.none() | OUTCOME_ANSWERS)
    if given is not None and draw(st.booleans()):
        given = replace(given, result=Result.WITHDRAWN,
                        withdrawn_by=draw(st.sampled_from(list(WithdrawnBy))))  # fmt: skip
    if given is not None and given.court in (CourtInvolvement.THREATENED,
                                             CourtInvolvement.HEARING_LISTED):  # fmt: skip
        given = replace(given, hearing_avoided=draw(st.booleans()))
    return record(
        days_to_close=draw(st.integers(min_value=0, max_value=400)),
        contact=draw(st.none() | st.integers(min_value=0, max_value=12)),
        stage=draw(st.sampled_from(list(Stage))),
        given=given,
    )


def all_tables(report: StatisticsReport) -> list[SuppressedTable]:
    return [report.headline, *(t for s in report.sections for t in s.tables)]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(outcome_records(), max_size=30),
    st.lists(st.sampled_from(list(Stage)), max_size=20),
)
def test_no_suppressed_cell_can_be_worked_out_from_its_table(
    closed: list[OutcomeRecord], referred: list[Stage]
) -> None:
    report = build_report(inputs(closed, referred=Counter(referred)))
    for found in all_tables(report):
        for row in found.cells:
            for cell in row:
                assert not (1 <= cell.value <= 4 and cell.shown is Shown.VALUE), found.title
        assert recoverable_cells(found) == [], found.title
    # The outcome table's totals are the cases closed, as the headline gives them.
    outcomes = table(report, "Outcomes")
    assert outcomes.cells[-1][-1].value == len(closed)
    for time in next(s for s in report.sections if s.title == "Times").times:
        assert time.shown == (time.cases >= 5)
