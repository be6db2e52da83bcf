"""Outcome records as both kinds of book keep them: a casebook's, one per closed case, and
(through ``record_values``, ``read_record`` and ``count_closed``) the office book's received
ones.

The statistics count a period's records where they are (``count_closed``): SQLite groups and
adds up, and Python receives a few hundred groups (the times too, as how many cases took
each number of days, from which the medians and 90th percentiles are taken). Reading a busy
year's ten thousand records as objects took most of a second.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from types import MappingProxyType
from typing import Any

from app.cases.outcomes import (
    Cause,
    ClosedCounts,
    CourtInvolvement,
    OutcomeAnswers,
    OutcomeRecord,
    ReferralSource,
    Result,
    WithdrawnBy,
    check_outcome,
)
from app.cases.records import MeetingKind, Stage, Status
from app.storage.convert import date_in, date_out
from app.storage.database import Connection
from app.storage.rows import Columns, Row, read_all, read_one

#: Each kind of meeting's count column.
MEETING_COLUMNS = {kind: f"{kind.value}_meetings" for kind in MeetingKind}
_ANSWERS = (
    "result", "withdrawn_by", "court", "hearing_avoided", "referral_source", "causes",
    "mediator_minutes",
)  # fmt: skip
#: The record's columns, in the order of ``record_values``.
RECORD_COLUMNS = (
    "stage", "status", "referred_on", "closed_on", *MEETING_COLUMNS.values(),
    "stage_at_referral", "first_contact_days", *_ANSWERS,
)  # fmt: skip
_LIST = ", ".join(RECORD_COLUMNS)
_MARKS = ", ".join("?" * len(RECORD_COLUMNS))


def record_values(record: OutcomeRecord) -> tuple[Any, ...]:
    """The record as the values of ``RECORD_COLUMNS``."""
    answers = record.answers
    given: tuple[Any, ...] = (None,) * len(_ANSWERS)
    if answers is not None:
        given = (
            answers.result.value,
            answers.withdrawn_by.value if answers.withdrawn_by else None,
            answers.court.value,
            int(answers.hearing_avoided),
            answers.referral_source.value,
            ",".join(cause.value for cause in Cause if cause in answers.causes),
            answers.mediator_minutes,
        )
    return (
        Stage(record.stage).value,
        Status(record.status).value,
        date_out(record.referred_on),
        date_out(record.closed_on),
        *(record.meetings[kind] for kind in MEETING_COLUMNS),
        record.stage_at_referral.value if record.stage_at_referral else None,
        record.first_contact_working_days,
        *given,
    )


# Looked up in dicts rather than by calling each Enum: reading 10,000 records for the
# statistics took most of a second the other way.
_STAGE = {m.value: m for m in Stage}
_STATUS = {m.value: m for m in Status}
_RESULT = {m.value: m for m in Result}
_WITHDRAWN_BY = {m.value: m for m in WithdrawnBy}
_COURT = {m.value: m for m in CourtInvolvement}
_SOURCE = {m.value: m for m in ReferralSource}
_CAUSE = {m.value: m for m in Cause}


def read_record(row: Row, at: Columns) -> OutcomeRecord:
    """A record from a row holding ``RECORD_COLUMNS``."""
    referral_stage = row[at["stage_at_referral"]]
    return OutcomeRecord(
        stage=_STAGE[row[at["stage"]]],
        status=_STATUS[row[at["status"]]],
        referred_on=date_in(row[at["referred_on"]]),
        closed_on=date_in(row[at["closed_on"]]),
        meetings=MappingProxyType({k: int(row[at[c]]) for k, c in MEETING_COLUMNS.items()}),
        stage_at_referral=_STAGE[referral_stage] if referral_stage else None,
        first_contact_working_days=row[at["first_contact_days"]],
        answers=_answers(row, at),
    )


def _answers(row: Row, at: Columns) -> OutcomeAnswers | None:
    result = row[at["result"]]
    if result is None:
        return None
    withdrawn_by = row[at["withdrawn_by"]]
    return OutcomeAnswers(
        result=_RESULT[result],
        withdrawn_by=_WITHDRAWN_BY[withdrawn_by] if withdrawn_by else None,
        court=_COURT[row[at["court"]]],
        hearing_avoided=bool(row[at["hearing_avoided"]]),
        referral_source=_SOURCE[row[at["referral_source"]]],
        causes=frozenset(_CAUSE[value] for value in row[at["causes"]].split(",") if value),
        mediator_minutes=int(row[at["mediator_minutes"]]),
    )


_CLOSED_IN = "FROM outcomes WHERE closed_on BETWEEN ? AND ?"
_GROUPED = (
    "SELECT stage, result, withdrawn_by, court, hearing_avoided, referral_source, count(*) "
    f"{_CLOSED_IN} GROUP BY stage, result, withdrawn_by, court, hearing_avoided, referral_source"
)
_CAUSES = f"SELECT causes, count(*) {_CLOSED_IN} GROUP BY causes"
# The two times as a histogram of pairs: a few hundred rows where the cases are thousands.
# (Fetching the ten thousand values and counting them in Python was quicker alone, but not
# on the Statistics page, whose worker thread shares the interpreter with the window.)
# Dates are kept as YYYY-MM-DD: their Julian days differ by whole days, exactly.
_TIMES = (
    "SELECT first_contact_days, "
    "CAST(julianday(closed_on) - julianday(referred_on) AS INTEGER), count(*) "
    f"{_CLOSED_IN} GROUP BY 1, 2"
)
_MEETINGS = (
    f"SELECT {', '.join(f'coalesce(sum({c}), 0)' for c in MEETING_COLUMNS.values())} {_CLOSED_IN}"
)


def count_closed(conn: Connection, first: date, last: date) -> ClosedCounts:
    """The records of the cases closed from ``first`` to ``last`` (both days included),
    counted as the statistics need them."""
    period = (first.isoformat(), last.isoformat())
    cases = 0
    results: Counter[tuple[Result | None, WithdrawnBy | None, Stage]] = Counter()
    court: Counter[tuple[CourtInvolvement | None, bool]] = Counter()
    sources: Counter[ReferralSource | None] = Counter()
    for stage, result, withdrawn_by, involved, avoided, source, count in conn.execute(
        _GROUPED, period
    ):
        cases += count
        results[(_RESULT.get(result), _WITHDRAWN_BY.get(withdrawn_by), _STAGE[stage])] += count
        court[(_COURT.get(involved), bool(avoided))] += count
        sources[_SOURCE.get(source)] += count
    contact: Counter[int | None] = Counter()
    to_close: Counter[int | None] = Counter()  # None: a record without its referral date
    for days_to_contact, days_to_close, count in conn.execute(_TIMES, period):
        contact[days_to_contact] += count
        to_close[days_to_close] += count
    return ClosedCounts(
        cases=cases,
        results=dict(results),
        court=dict(court),
        sources=dict(sources),
        causes=_causes(conn, period),
        first_contact_days=_known(contact),
        days_to_close=_known(to_close),
    )


def count_meetings(conn: Connection, first: date, last: date) -> dict[MeetingKind, int]:
    """The meetings of each kind that the records of the cases closed from ``first`` to
    ``last`` count, added up (the office's meetings figures: it keeps no meetings)."""
    sums = conn.execute(_MEETINGS, (first.isoformat(), last.isoformat())).fetchone()
    return {kind: int(added) for kind, added in zip(MEETING_COLUMNS, sums, strict=True)}


def _causes(conn: Connection, period: tuple[str, str]) -> dict[Cause, int]:
    """Cases with each cause, from how many cases chose each set of causes."""
    causes: Counter[Cause] = Counter(dict.fromkeys(Cause, 0))
    for listed, count in conn.execute(_CAUSES, period):
        for value in {value for value in (listed or "").split(",") if value}:
            causes[_CAUSE[value]] += count
    return dict(causes)


def _known(days: Counter[int | None]) -> tuple[int, ...]:
    """Every known number of days, smallest first."""
    return tuple(sorted(Counter({d: n for d, n in days.items() if d is not None}).elements()))


class OutcomeStore:
    """A casebook's outcome records: one per closed case, kept when its notes are destroyed."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def keep(self, case_id: int, record: OutcomeRecord) -> OutcomeRecord:
        """Keep ``record`` as the outcome of the case, replacing an earlier one."""
        check_outcome(record)
        self._conn.execute(
            f"INSERT INTO outcomes (case_id, {_LIST}) VALUES (?, {_MARKS}) "
            "ON CONFLICT (case_id) DO UPDATE SET "
            + ", ".join(f"{name} = excluded.{name}" for name in RECORD_COLUMNS),
            (case_id, *record_values(record)),
        )
        found = self.for_case(case_id)
        assert found is not None
        return found

    def for_case(self, case_id: int) -> OutcomeRecord | None:
        cursor = self._conn.execute(f"SELECT {_LIST} FROM outcomes WHERE case_id = ?", (case_id,))
        return read_one(cursor, read_record)

    def closed_between(self, first: date, last: date) -> list[OutcomeRecord]:
        """The records of cases closed from ``first`` to ``last``, both included."""
        cursor = self._conn.execute(
            f"SELECT {_LIST} FROM outcomes WHERE closed_on BETWEEN ? AND ? ORDER BY closed_on, id",
            (first.isoformat(), last.isoformat()),
        )
        return read_all(cursor, read_record)

    def referred_between(self, first: date, last: date) -> list[OutcomeRecord]:
        """The records of closed cases referred from ``first`` to ``last``."""
        cursor = self._conn.execute(
            f"SELECT {_LIST} FROM outcomes WHERE referred_on BETWEEN ? AND ? ORDER BY id",
            (first.isoformat(), last.isoformat()),
        )
        return read_all(cursor, read_record)

    def counted_between(self, first: date, last: date) -> ClosedCounts:
        """The records of cases closed from ``first`` to ``last``, counted."""
        return count_closed(self._conn, first, last)

    def count(self) -> int:
        return int(self._conn.execute("SELECT count(*) FROM outcomes").fetchone()[0])
