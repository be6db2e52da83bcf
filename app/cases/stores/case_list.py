"""The case list, read a page at a time in the order shown (issue "Scale to 100,000 cases").

The list never reads every case: the interface asks for how many cases pass its filters
(``count``, which reads no row) and then for the next page after the last row it holds
(``page``: keyset paging, so page 500 costs what page 1 costs, where ``OFFSET`` would walk
every row before it). Each order is an expression with an index of its own (schema step
8), ties broken by reference, so the order is total and a page boundary never splits or
repeats a row. Filters (status, stage, the words typed) are conditions on the same query;
the words go through the full-text index, so a search never lists ids in Python.

"Last activity" and "Next meeting" depend on the time ("a meeting not yet held"), so no
index can hold them: ordering by either works out every case's value, which at 100,000
cases takes about as long as reading the whole list did. Every other order reads only the
rows of the page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from typing import Any

from app.cases.records import CaseListRow, Stage, Status
from app.cases.search import fts_query
from app.cases.stores.cases import LIST_SELECT, list_row
from app.storage.convert import date_out, time_out
from app.storage.database import Connection
from app.storage.rows import read_all

#: Rows of the list, as ``CaseStore.list_rows`` reads them (the same columns and record).
_ROW_SQL = LIST_SELECT + "FROM cases AS c\n"


def _ordinal(column: str, values: list[str]) -> str:
    whens = " ".join(f"WHEN '{value}' THEN {i}" for i, value in enumerate(values))
    return f"(CASE {column} {whens} END)"


class ListOrder(Enum):
    """The orders the list offers, one per column, each with its SQL sort key."""

    REFERENCE = "c.reference"
    TITLE = "c.title COLLATE NOCASE"
    # Stages and statuses in the order a case moves through them, not alphabetically.
    STAGE = _ordinal("c.stage", [s.value for s in Stage])
    STATUS = _ordinal("c.status", [s.value for s in Status])
    REFERRED = "coalesce(c.referred_on, '')"
    LAST_ACTIVITY = "last_activity"
    NEXT_MEETING = "coalesce(next_meeting, '')"

    @property
    def computed(self) -> bool:
        """Worked out from the time for every case, rather than read from an index."""
        return self in (ListOrder.LAST_ACTIVITY, ListOrder.NEXT_MEETING)


# Schema step 11 indexes each of these expressions (``app/cases/schema_list_order.py``).
_STAGE_ORDINAL = {stage: i for i, stage in enumerate(Stage)}
_STATUS_ORDINAL = {status: i for i, status in enumerate(Status)}


def _key(order: ListOrder, row: CaseListRow) -> Any:
    """The sort key of ``row`` under ``order``, as SQL computes it."""
    if order is ListOrder.REFERENCE:
        return row.reference
    if order is ListOrder.TITLE:
        return row.title
    if order is ListOrder.STAGE:
        return _STAGE_ORDINAL[row.stage]
    if order is ListOrder.STATUS:
        return _STATUS_ORDINAL[row.status]
    if order is ListOrder.REFERRED:
        return date_out(row.referred_on) or ""
    if order is ListOrder.LAST_ACTIVITY:
        return time_out(row.last_activity) if row.last_activity else ""
    return time_out(row.next_meeting) if row.next_meeting else ""


@dataclass(frozen=True)
class ListQuery:
    """Which cases the list shows, and in what order."""

    order: ListOrder = ListOrder.REFERRED
    descending: bool = True
    status: Status | None = None
    stage: Stage | None = None
    #: What was typed in the search box; every word must appear in the case or its notes.
    words: str = ""
    now: datetime = field(default_factory=datetime.now)
    #: The words are looked for in the reference alone (safe view, which hides titles and
    #: notes: a case picked out by a word of them would tell what they say).
    references_only: bool = False

    @property
    def filtered(self) -> bool:
        return self.status is not None or self.stage is not None or self.matches is not None

    @property
    def matches(self) -> str | None:
        """The full-text query for ``words``, or None when they hold no word."""
        return fts_query(self.words) if self.words.strip() else None


class CaseList:
    """Counts and pages of the case list, over one connection."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def count(self, query: ListQuery) -> int:
        """How many cases pass the filters (no row is read)."""
        where, params = _filters(query)
        sql = "SELECT count(*) FROM cases AS c" + _where(where)
        return int(self._conn.execute(sql, params).fetchone()[0])

    def page(self, query: ListQuery, after: CaseListRow | None, limit: int) -> list[CaseListRow]:
        """Up to ``limit`` rows that come after ``after`` (from the first when None)."""
        where, params = _filters(query)
        beyond = ""
        if after is not None:
            beyond, more = _beyond(query, after)
            params.update(more)
        if query.order.computed:
            # The key is a column of the row: the rows are made first, then ordered.
            sql = f"SELECT * FROM ({_ROW_SQL}{_where(where)}) AS c{_where(beyond)}"
        else:
            sql = _ROW_SQL + _where(where, beyond)
        sql += f" ORDER BY {_order_by(query)} LIMIT :limit"
        params.update(now=time_out(query.now), limit=limit)
        return read_all(self._conn.execute(sql, params), list_row)

    def position(self, query: ListQuery, row: CaseListRow) -> int:
        """How many of the cases shown come before ``row`` (its place in the list)."""
        where, params = _filters(query)
        before, more = _beyond(query, row, before=True)
        params.update(more, now=time_out(query.now))
        if query.order.computed:
            sql = f"SELECT count(*) FROM ({_ROW_SQL}{_where(where)}) AS c{_where(before)}"
        else:
            sql = "SELECT count(*) FROM cases AS c" + _where(where, before)
        return int(self._conn.execute(sql, params).fetchone()[0])

    def tally(self) -> CaseTally:
        """Every case counted by stage and by status: two walks of the small stage and
        status indexes, never of the cases themselves."""
        stages = dict.fromkeys(Stage, 0)
        for stage, count in self._conn.execute("SELECT stage, count(*) FROM cases GROUP BY stage"):
            stages[Stage(stage)] = count
        statuses = dict.fromkeys(Status, 0)
        for status, count in self._conn.execute(
            "SELECT status, count(*) FROM cases GROUP BY status"
        ):
            statuses[Status(status)] = count
        return CaseTally(stages, statuses)


@dataclass(frozen=True)
class CaseTally:
    """How many cases are at each stage and in each status."""

    stages: dict[Stage, int]
    statuses: dict[Status, int]

    @property
    def total(self) -> int:
        return sum(self.stages.values())


def _where(*conditions: str) -> str:
    present = [f"({c})" for c in conditions if c]
    return " WHERE " + " AND ".join(present) if present else ""


def _filters(query: ListQuery) -> tuple[str, dict[str, Any]]:
    conditions: list[str] = []
    params: dict[str, Any] = {}
    if query.status is not None:
        conditions.append("c.status = :status")
        params["status"] = query.status.value
    if query.stage is not None:
        conditions.append("c.stage = :stage")
        params["stage"] = query.stage.value
    if query.words.strip() and query.references_only:
        for n, word in enumerate(query.words.split()):
            conditions.append(f"instr(lower(c.reference), :word{n}) > 0")
            params[f"word{n}"] = word.lower()
    elif query.words.strip():
        # Words that hold no searchable letter match nothing (as the search itself says).
        conditions.append("c.id IN (SELECT rowid FROM case_words WHERE case_words MATCH :match)")
        params["match"] = query.matches or '""'
    return " AND ".join(conditions), params


def _order_by(query: ListQuery) -> str:
    direction = "DESC" if query.descending else "ASC"
    if query.order is ListOrder.REFERENCE:
        return f"c.reference {direction}"
    # Ties keep reference order whichever way the column runs.
    return f"{query.order.value} {direction}, c.reference ASC"


def _beyond(
    query: ListQuery, row: CaseListRow, *, before: bool = False
) -> tuple[str, dict[str, Any]]:
    """The condition for rows after ``row`` in the list's order (before it if asked)."""
    later = ">" if query.descending == before else "<"
    params = {"key": _key(query.order, row), "reference": row.reference}
    if query.order is ListOrder.REFERENCE:
        return f"c.reference {later} :reference", params
    tie = ">" if not before else "<"
    key = query.order.value
    # Written with a bound on the key alone first, so that the index serves the range.
    return (
        f"{key} {later}= :key AND ({key} {later} :key OR c.reference {tie} :reference)",
        params,
    )
