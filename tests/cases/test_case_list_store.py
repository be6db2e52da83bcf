"""The case list read a page at a time: every order and filter gives exactly the rows that
reading everything and sorting in Python gives, page boundaries neither split nor repeat a
row, counts read no row, and each indexed order is read from its index."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.books.casebook import Casebook
from app.cases.records import Case, CaseListRow, Meeting, MeetingKind, Note, Stage, Status
from app.cases.stores import case_list
from app.cases.stores.case_list import ListOrder, ListQuery

NOW = datetime(2026, 6, 1, 12, 0)
TITLES = ("Feeding plan", "feeding review", "Émile's transfer", "Ventilation", "ventilation", "")


def _sort_key(order: ListOrder, row: CaseListRow) -> object:
    stage_order = {s: i for i, s in enumerate(Stage)}
    status_order = {s: i for i, s in enumerate(Status)}
    iso = lambda value: value.isoformat(timespec="minutes") if value else ""  # noqa: E731
    return {
        ListOrder.REFERENCE: row.reference,
        ListOrder.TITLE: row.title.lower() if row.title.isascii() else row.title,
        ListOrder.STAGE: stage_order[row.stage],
        ListOrder.STATUS: status_order[row.status],
        ListOrder.REFERRED: row.referred_on.isoformat() if row.referred_on else "",
        ListOrder.LAST_ACTIVITY: iso(row.last_activity),
        ListOrder.NEXT_MEETING: iso(row.next_meeting),
    }[order]


def expected(casebook: Casebook, query: ListQuery) -> list[int]:
    rows = casebook.cases.list_rows(now=query.now)
    found = set(casebook.search.case_ids(query.words)) if query.words.strip() else None
    if query.references_only and query.words.strip():  # safe view: references alone
        words = query.words.lower().split()
        found = {r.id for r in rows if all(w in r.reference.lower() for w in words)}
    rows = [
        r
        for r in rows
        if (query.status is None or r.status is query.status)
        and (query.stage is None or r.stage is query.stage)
        and (found is None or r.id in found)
    ]
    rows.sort(
        key=lambda r: r.reference, reverse=query.order is ListOrder.REFERENCE and query.descending
    )
    if query.order is not ListOrder.REFERENCE:
        rows.sort(key=lambda r: _sort_key(query.order, r), reverse=query.descending)
    return [r.id for r in rows]


def paged(casebook: Casebook, query: ListQuery, size: int) -> list[int]:
    shown: list[CaseListRow] = []
    while True:
        page = casebook.case_list.page(query, shown[-1] if shown else None, size)
        shown += page
        if len(page) < size:
            return [r.id for r in shown]


@pytest.fixture
def many(casebook: Casebook) -> Casebook:
    """Forty cases with repeated titles, stages, statuses and dates, some undated, some
    with meetings before and after NOW and notes."""
    stages, statuses = list(Stage), list(Status)
    for i in range(40):
        case = casebook.cases.add(
            Case(None, f"MM-{2020 + i % 3}-{i:03d}", TITLES[i % len(TITLES)] or f"Case {i % 4}",
                 stages[i % 3], statuses[i % 8],
                 referred_on=None if i % 9 == 0 else date(2025, 1 + i % 5, 1 + i % 3))
        )  # fmt: skip
        assert case.id is not None
        if i % 4 == 0:
            casebook.meetings.add(Meeting(None, case.id, MeetingKind.JOINT,
                                          NOW + timedelta(days=i % 7 - 3), 60))  # fmt: skip
        if i % 5 == 0:
            words = "oxygen plan" if i % 2 else "hospice"
            casebook.notes.add(Note(None, case.id, words, NOW - timedelta(days=i % 6)))
    return casebook


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    order=st.sampled_from(list(ListOrder)),
    descending=st.booleans(),
    status=st.none() | st.sampled_from(list(Status)),
    stage=st.none() | st.sampled_from(list(Stage)),
    words=st.sampled_from(["", "oxygen", "hosp", "feeding", "zebra", "--"]),
    size=st.integers(1, 7),
)
def test_pages_in_every_order_and_filter_are_the_whole_list_in_that_order(
    many: Casebook, order: ListOrder, descending: bool, status: Status | None,
    stage: Stage | None, words: str, size: int,
) -> None:  # fmt: skip
    query = ListQuery(order, descending, status, stage, words, NOW)
    want = expected(many, query)
    assert paged(many, query, size) == want
    assert many.case_list.count(query) == len(want)
    rows = {r.id: r for r in many.cases.list_rows(now=NOW)}
    for place, case_id in enumerate(want[:5]):
        assert many.case_list.position(query, rows[case_id]) == place


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    order=st.sampled_from([o for o in ListOrder if not o.computed]),
    descending=st.booleans(),
    status=st.none() | st.sampled_from(list(Status)),
    stage=st.none() | st.sampled_from(list(Stage)),
    words=st.sampled_from(["oxygen", "hosp", "mm", "2021", "021", "oxygen plan", "zebra"]),
    size=st.integers(1, 7),
    per_row=st.integers(1, 5),
    few=st.sampled_from([0, 3, 2_000]),
    references_only=st.booleans(),
)
def test_a_search_reads_the_same_pages_whichever_way_it_is_read(
    many: Casebook, monkeypatch: pytest.MonkeyPatch, order: ListOrder, descending: bool,
    status: Status | None, stage: Stage | None, words: str, size: int, per_row: int, few: int,
    references_only: bool,
) -> None:  # fmt: skip
    """Candidates from the order's index, the matches sorted, or the index walked against
    every match: each way gives the whole list, and the first page with its count."""
    monkeypatch.setattr(case_list, "CANDIDATES_PER_ROW", per_row)
    monkeypatch.setattr(case_list, "FEW_MATCHES", few)
    query = ListQuery(order, descending, status, stage, words, NOW, references_only)
    want = expected(many, query)
    assert paged(many, query, size) == want
    count, first = many.case_list.first_page(query, size)
    assert (count, [r.id for r in first]) == (len(want), want[:size])


@pytest.mark.parametrize("words", ["oxygen", "hosp", "mm 2021", "zebra", "--"])
def test_the_count_and_first_page_of_a_search_evaluate_it_once(many: Casebook, words: str) -> None:
    query = ListQuery(words=words, now=NOW)
    captured: list[str] = []
    many.connection.set_trace_callback(captured.append)
    try:
        count, rows = many.case_list.first_page(query, 200)
    finally:
        many.connection.set_trace_callback(None)
    want = expected(many, query)
    assert (count, [r.id for r in rows]) == (len(want), want)
    assert len([sql for sql in captured if "MATCH" in sql]) == 1, captured


@pytest.mark.parametrize("order", [o for o in ListOrder if not o.computed])
@pytest.mark.parametrize("descending", [False, True])
def test_each_indexed_order_is_read_from_its_index(
    many: Casebook, order: ListOrder, descending: bool
) -> None:
    query = ListQuery(order, descending, now=NOW)
    first = many.case_list.page(query, None, 3)
    captured: list[str] = []
    conn = many.connection
    conn.set_trace_callback(captured.append)
    try:
        many.case_list.page(query, first[-1], 3)
    finally:
        conn.set_trace_callback(None)
    [sql] = [s for s in captured if "LIMIT" in s]
    plan = " | ".join(r[3] for r in conn.execute("EXPLAIN QUERY PLAN " + sql))
    # The order comes from an index; at most the reference tie-break is sorted within a key.
    assert "USE TEMP B-TREE FOR ORDER BY" not in plan, plan
    assert "SCAN c USING" in plan or "SEARCH c USING" in plan, plan


def test_counting_reads_no_row(many: Casebook) -> None:
    plan = " | ".join(
        r[3] for r in many.connection.execute("EXPLAIN QUERY PLAN SELECT count(*) FROM cases AS c")
    )
    assert "COVERING INDEX" in plan, plan


def test_the_tally_counts_every_case_by_stage_and_status(many: Casebook) -> None:
    rows = many.cases.list_rows(now=NOW)
    tally = many.case_list.tally()
    assert tally.stages == {s: sum(r.stage is s for r in rows) for s in Stage}
    assert tally.statuses == {s: sum(r.status is s for r in rows) for s in Status}
    assert tally.total == len(rows) == 40
    for sql in ("SELECT stage, count(*) FROM cases GROUP BY stage",
                "SELECT status, count(*) FROM cases GROUP BY status"):  # fmt: skip
        plan = " | ".join(r[3] for r in many.connection.execute("EXPLAIN QUERY PLAN " + sql))
        assert "COVERING INDEX" in plan, plan  # the small index, not the cases' rows


def test_cases_meeting_between_two_moments(many: Casebook) -> None:
    found = many.meetings.cases_meeting_between(NOW, NOW + timedelta(days=2))
    expected_ids = {
        m.case_id
        for r in many.cases.list_rows(now=NOW)
        for m in many.meetings.for_case(r.id)
        if NOW <= m.starts_at < NOW + timedelta(days=2)
    }
    assert set(found) == expected_ids and len(found) == len(expected_ids) > 0


def test_a_search_of_references_alone_never_goes_through_the_index(many: Casebook) -> None:
    """Safe view: a word of a note picks out no case, however the page is read."""
    query = ListQuery(words="oxygen", now=NOW, references_only=True)
    assert many.case_list.first_page(query, 200) == (0, [])
    assert many.case_list.count(query) == 0 and many.case_list.page(query, None, 200) == []
    # Part of a reference, which the index (whole words) would not find.
    by_reference = ListQuery(words="021", now=NOW, references_only=True)
    count, rows = many.case_list.first_page(by_reference, 200)
    assert count == len(rows) > 0 and all("021" in r.reference for r in rows)
