"""The case list, read a page at a time in the order shown (issue "Scale to 100,000 cases").

The list never reads every case: the interface asks for how many cases pass its filters
(``count``, which reads no row) and then for the next page after the last row it holds
(``page``: keyset paging, so page 500 costs what page 1 costs, where ``OFFSET`` would walk
every row before it). Each order is an expression with an index of its own (schema step
8), ties broken by reference, so the order is total and a page boundary never splits or
repeats a row. Filters (status, stage, the words typed) are conditions on the same query;
the words go through the full-text index.

A search in an indexed order is read without gathering every match (``first_page``,
``page``): the order's index gives the next few hundred candidates, and one pass over the
full-text index counts the matches and says which candidates are among them. Gathering
every match into a set that the index walk can look up costs about a microsecond a case,
and a common word is in nearly every case: at 100,000 cases that set, built once for the
count and again for the page, was most of a keystroke. When too few candidates match (a
rare word), the page is read the other way: from the matches, sorted, if they are few,
or by walking the order's index against the set of them.

"Last activity" and "Next meeting" depend on the time ("a meeting not yet held"), so no
index can hold them: ordering by either works out every case's value, which at 100,000
cases takes about as long as reading the whole list did. Every other order reads only the
rows of the page.
"""

from __future__ import annotations

import json
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
#: Rows of the order's index tried against a search, for each row of the page wanted.
CANDIDATES_PER_ROW = 4
#: Up to this many matches, a page the candidates could not fill is read from the matches.
FEW_MATCHES = 2_000


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
        if _full_text(query):
            return self._searched(query, [])[0]
        where, params = _filters(query)
        sql = "SELECT count(*) FROM cases AS c" + _where(where)
        return int(self._conn.execute(sql, params).fetchone()[0])

    def first_page(self, query: ListQuery, limit: int) -> tuple[int, list[CaseListRow]]:
        """``count`` and the first ``page`` together: a search is evaluated once for both."""
        if not _full_text(query) or query.order.computed:
            return self.count(query), self.page(query, None, limit)
        return self._searched_page(query, None, limit)

    def page(self, query: ListQuery, after: CaseListRow | None, limit: int) -> list[CaseListRow]:
        """Up to ``limit`` rows that come after ``after`` (from the first when None)."""
        if _full_text(query) and not query.order.computed:
            return self._searched_page(query, after, limit)[1]
        return self._page(query, after, limit)

    def _page(self, query: ListQuery, after: CaseListRow | None, limit: int) -> list[CaseListRow]:
        where, params = _filters(query)
        beyond = _after(query, after, params)
        if query.order.computed:
            # The key is a column of the row: the rows are made first, then ordered.
            sql = f"SELECT * FROM ({_ROW_SQL}{_where(where)}) AS c{_where(beyond)}"
        else:
            sql = _ROW_SQL + _where(where, beyond)
        sql += f" ORDER BY {_order_by(query)} LIMIT :limit"
        params.update(now=time_out(query.now), limit=limit)
        return read_all(self._conn.execute(sql, params), list_row)

    def _searched_page(
        self, query: ListQuery, after: CaseListRow | None, limit: int
    ) -> tuple[int, list[CaseListRow]]:
        """How many cases match, and the page after ``after``, from one pass over the
        full-text index and the next candidates of the order's index."""
        where, params = _filters(query, words=False)
        beyond = _after(query, after, params)
        wanted = CANDIDATES_PER_ROW * limit
        sql = (
            "SELECT c.id FROM cases AS c" + _where(where, beyond)
            + f" ORDER BY {_order_by(query)} LIMIT :wanted"
        )  # fmt: skip
        candidates = [r[0] for r in self._conn.execute(sql, {**params, "wanted": wanted})]
        count, found = self._searched(query, candidates)
        ids = [case_id for case_id in candidates if case_id in found][:limit]
        if len(ids) < limit and len(candidates) == wanted:
            # A rare word: too few of the candidates match to fill the page.
            return count, self._rare_page(query, after, limit, count)
        rows = _ROW_SQL + "WHERE c.id IN (SELECT value FROM json_each(:ids))"
        rows += f" ORDER BY {_order_by(query)}"
        more = {"ids": json.dumps(ids), "now": time_out(query.now)}
        return count, read_all(self._conn.execute(rows, more), list_row)

    def _searched(self, query: ListQuery, candidates: list[int]) -> tuple[int, set[int]]:
        """One pass over the full-text index: how many cases match (and pass the status
        and stage filters), and which of ``candidates`` match."""
        where, params = _filters(query, words=False)
        # ``+rowid`` keeps each look-up from becoming a search of its own.
        counted = f" FILTER (WHERE +rowid IN (SELECT c.id FROM cases AS c WHERE {where}))"
        sql = (
            f"SELECT count(*){counted if where else ''}, json_group_array(rowid) FILTER "
            "(WHERE +rowid IN (SELECT value FROM json_each(:candidates))) "
            "FROM case_words WHERE case_words MATCH :match"
        )
        params.update(match=query.matches or '""', candidates=json.dumps(candidates))
        count, found = self._conn.execute(sql, params).fetchone()
        return int(count), set(json.loads(found))

    def _rare_page(
        self, query: ListQuery, after: CaseListRow | None, limit: int, count: int
    ) -> list[CaseListRow]:
        """The page of a search whose matches are too sparse for the candidates: read from
        the matches and sorted when they are few, else by walking the order's index."""
        if count > FEW_MATCHES:
            return self._page(query, after, limit)
        where, params = _filters(query, words=False)
        beyond = _after(query, after, params)
        sql = (
            LIST_SELECT + "FROM case_words AS w CROSS JOIN cases AS c ON c.id = w.rowid"
            + _where("w.case_words MATCH :match", where, beyond)
            + f" ORDER BY {_order_by(query)} LIMIT :limit"
        )  # fmt: skip
        params.update(match=query.matches or '""', now=time_out(query.now), limit=limit)
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


def _full_text(query: ListQuery) -> bool:
    """The words are looked for through the full-text index (not in references alone)."""
    return bool(query.words.strip()) and not query.references_only


def _filters(query: ListQuery, *, words: bool = True) -> tuple[str, dict[str, Any]]:
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
    elif words and query.words.strip():
        # Words that hold no searchable letter match nothing (as the search itself says).
        # In an indexed order, ``+c.id``: walk the order's index and look each case up in
        # the set of matches, rather than read every match's row to sort them. An order
        # worked out from the time reads every matching row anyway, from the matches.
        plus = "" if query.order.computed else "+"
        conditions.append(
            f"{plus}c.id IN (SELECT rowid FROM case_words WHERE case_words MATCH :match)"
        )
        params["match"] = query.matches or '""'
    return " AND ".join(conditions), params


def _after(query: ListQuery, row: CaseListRow | None, params: dict[str, Any]) -> str:
    """The condition for rows after ``row`` ("" from the first), its values put in ``params``."""
    if row is None:
        return ""
    beyond, more = _beyond(query, row)
    params.update(more)
    return beyond


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
