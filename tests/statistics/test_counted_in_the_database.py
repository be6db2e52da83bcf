"""The books count their outcome records in the database; the figures must be exactly those
the records give when counted one by one (``closed_records``, the old way), suppression
included, in a casebook and in the office's book alike."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date, timedelta

from closed_records import counts_of, tables_from_records, times_from_records
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from office_examples import DETAILS

from app.books.casebook import Casebook
from app.books.office_book import OfficeBook
from app.cases.outcomes import (
    FIRST_CONTACT_TARGET,
    Cause,
    CourtInvolvement,
    OutcomeAnswers,
    OutcomeRecord,
    ReferralSource,
    Result,
    WithdrawnBy,
    check_outcome,
)
from app.cases.records import Case, MeetingKind, Stage, Status
from app.cases.stores.outcomes import RECORD_COLUMNS, record_values
from app.documents.statistics_report import statistics_report
from app.statistics.figures import Period, StatisticsReport

PERIOD = Period(date(2025, 4, 1), date(2026, 3, 31))
TODAY = date(2026, 4, 10)
DAYS = st.dates(min_value=date(2025, 1, 1), max_value=date(2026, 6, 30))


@st.composite
def answers(draw: st.DrawFn) -> OutcomeAnswers:
    result = draw(st.sampled_from(list(Result)))
    court = draw(st.sampled_from(list(CourtInvolvement)))
    in_view = court in (CourtInvolvement.THREATENED, CourtInvolvement.PROCEEDINGS_ISSUED,
                        CourtInvolvement.HEARING_LISTED)  # fmt: skip
    return OutcomeAnswers(
        result=result,
        withdrawn_by=draw(st.sampled_from(list(WithdrawnBy)))
        if result is Result.WITHDRAWN
        else None,
        court=court,
        hearing_avoided=in_view and draw(st.booleans()),
        referral_source=draw(st.sampled_from(list(ReferralSource))),
        causes=draw(st.frozensets(st.sampled_from(list(Cause)), min_size=1)),
        mediator_minutes=draw(st.integers(1, 6000)),
    )


@st.composite
def records(draw: st.DrawFn) -> OutcomeRecord:
    """Records of cases closed in and around the period, some without answers (sent by an
    older Parley) or without a referral date."""
    closed_on = draw(DAYS)
    referred_on = draw(st.none() | st.integers(0, 400).map(lambda d: closed_on - timedelta(d)))
    record = OutcomeRecord(
        stage=draw(st.sampled_from(list(Stage))),
        status=Status.CLOSED,
        referred_on=referred_on,
        closed_on=closed_on,
        meetings={kind: draw(st.integers(0, 6)) for kind in MeetingKind},
        stage_at_referral=draw(st.none() | st.sampled_from(list(Stage))),
        first_contact_working_days=draw(st.none() | st.integers(0, 30)),
        answers=draw(st.none() | answers()),
    )
    check_outcome(record)
    return record


def closed_in_period(kept: list[OutcomeRecord]) -> list[OutcomeRecord]:
    return [r for r in kept if r.closed_on in PERIOD]


def assert_figures_agree(report: StatisticsReport, kept: list[OutcomeRecord]) -> None:
    closed = closed_in_period(kept)
    expected = tables_from_records(closed, FIRST_CONTACT_TARGET.default)
    found = {t.title: t for s in report.sections for t in s.tables if t.title in expected}
    assert found == expected  # every count and how it is shown: value, fewer than 5, withheld
    times = next(s for s in report.sections if s.title == "Times").times
    assert times == times_from_records(closed)
    assert report.headline.cells[1][0].value == len(closed)


LISTS = st.lists(records(), max_size=40)
EXAMPLES = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@EXAMPLES
@given(LISTS)
def test_a_casebook_counts_as_its_records_do(casebook: Casebook, kept: list[OutcomeRecord]
                                             ) -> None:  # fmt: skip
    conn = casebook.connection
    with casebook.transaction():
        conn.execute("DELETE FROM outcomes")
        # Records stand alone: their cases may have been deleted long since.
        conn.executemany(
            f"INSERT INTO outcomes ({', '.join(RECORD_COLUMNS)}) "
            f"VALUES ({', '.join('?' * len(RECORD_COLUMNS))})",
            [record_values(r) for r in kept],
        )
    counted = casebook.outcomes.counted_between(PERIOD.first, PERIOD.last)
    assert counted == counts_of(closed_in_period(kept))
    assert_figures_agree(statistics_report(casebook, PERIOD, today=TODAY), kept)


@EXAMPLES
@given(LISTS)
def test_the_office_counts_as_the_records_it_received_do(
    office_book: OfficeBook, kept: list[OutcomeRecord]
) -> None:
    with office_book.transaction():
        office_book.connection.execute("DELETE FROM outcomes")
        for record in kept:
            office_book.outcomes.add(record, received_on=TODAY)
    counted = office_book.outcomes.counted_between(PERIOD.first, PERIOD.last)
    assert counted == counts_of(closed_in_period(kept))
    report = statistics_report(office_book, PERIOD, today=TODAY)
    assert_figures_agree(report, kept)
    meetings = next(s for s in report.sections if s.title.startswith("Meetings")).tables[0]
    by_kind = [row[0].value for row in meetings.cells[:-1]]
    assert by_kind == [sum(r.meetings[k] for r in closed_in_period(kept)) for k in MeetingKind]


def test_referrals_are_counted_by_their_stage_at_referral(casebook: Casebook) -> None:
    made = [
        (Stage.EARLY, date(2025, 3, 31)),  # the day before the period
        (Stage.EARLY, date(2025, 4, 1)),
        (Stage.FORMAL, date(2025, 9, 9)),
        (Stage.ELEVENTH_HOUR, date(2026, 3, 31)),
        (Stage.FORMAL, date(2026, 4, 1)),  # the day after
        (Stage.FORMAL, None),
    ]
    added = [
        casebook.cases.add(Case(None, f"MM-2025-{n:03d}", "A case", stage=stage,
                                referred_on=referred_on))
        for n, (stage, referred_on) in enumerate(made)
    ]  # fmt: skip
    # Two cases move on after referral: counted by today's stage, they would move column.
    for moved in (added[1], added[2]):
        casebook.cases.update(replace(moved, stage=Stage.ELEVENTH_HOUR))
    expected = Counter(stage for stage, day in made if day in PERIOD)
    assert casebook.cases.referred_by_stage(PERIOD.first, PERIOD.last) == expected


def test_the_office_counts_the_referrals_it_made_in_the_period(office_book: OfficeBook) -> None:
    for n, day in enumerate((date(2025, 3, 31), date(2025, 4, 1), date(2026, 3, 31), None)):
        office_book.referrals.add(replace(DETAILS, reference=f"MM-2025-{n:03d}", referred_on=day))
    found = office_book.referrals.referred_by_stage(PERIOD.first, PERIOD.last)
    assert found == {DETAILS.stage: 2}
