"""The figures of closed cases made the old way, straight from their outcome records in
memory, as the report made them before the books counted in the database. The tests hold
the database's counting (``count_closed``) and the report made from it to these.

Written plainly, record by record, so that it stays an independent account of what each
figure means.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Sequence

from app.cases.outcomes import (
    Cause,
    ClosedCounts,
    CourtInvolvement,
    OutcomeAnswers,
    OutcomeRecord,
    ReferralSource,
    Result,
    WithdrawnBy,
)
from app.cases.records import Stage
from app.statistics.figures import (
    NOT_RECORDED,
    STAGE_LABELS,
    TimeFigures,
    result_groups,
    times_of,
)
from app.statistics.suppression import CountTable, SuppressedTable, suppress


def counts_of(records: Sequence[OutcomeRecord]) -> ClosedCounts:
    """What ``count_closed`` gives for these records, counted one by one."""
    results: Counter[tuple[Result | None, WithdrawnBy | None, Stage]] = Counter()
    court: Counter[tuple[CourtInvolvement | None, bool]] = Counter()
    sources: Counter[ReferralSource | None] = Counter()
    causes: Counter[Cause] = Counter(dict.fromkeys(Cause, 0))
    contact = [r.first_contact_working_days for r in records]
    for r in records:
        a = r.answers
        results[(a.result if a else None, a.withdrawn_by if a else None, r.stage)] += 1
        court[(a.court if a else None, bool(a and a.hearing_avoided))] += 1
        sources[a.referral_source if a else None] += 1
        causes.update(a.causes if a else ())
    return ClosedCounts(
        cases=len(records),
        results=dict(results),
        court=dict(court),
        sources=dict(sources),
        causes=dict(causes),
        first_contact_days=tuple(sorted(d for d in contact if d is not None)),
        days_to_close=tuple(sorted(d for r in records if (d := r.days_to_close) is not None)),
    )


def _by_answer(
    closed: Sequence[OutcomeRecord],
    key: Callable[[OutcomeAnswers], Hashable],
    groups: Sequence[tuple[str, Hashable]],
) -> list[tuple[str, list[OutcomeRecord]]]:
    found = [(label, [r for r in closed if r.answers and key(r.answers) == value])
             for label, value in groups]  # fmt: skip
    missing = [r for r in closed if r.answers is None]
    if missing:
        found.append((NOT_RECORDED, missing))
    return found


def _column(title: str, labels: Sequence[str], counts: Sequence[int]) -> SuppressedTable:
    return suppress(CountTable(title, tuple(labels), ("Cases",), tuple((c,) for c in counts),
                               row_totals=False, column_totals=True))  # fmt: skip


def tables_from_records(closed: Sequence[OutcomeRecord], target: int
                        ) -> dict[str, SuppressedTable]:  # fmt: skip
    """The closed cases' tables, by title."""
    results = _by_answer(closed, lambda a: (a.result, a.withdrawn_by), result_groups())
    outcomes = suppress(CountTable(
        "Outcomes of cases closed, by stage at close",
        tuple(label for label, _ in results), tuple(STAGE_LABELS[s] for s in Stage),
        tuple(tuple(sum(r.stage is s for r in group) for s in Stage) for _, group in results),
        row_totals=True, column_totals=True,
    ))  # fmt: skip
    involved = _by_answer(closed, lambda a: a.court, [(c.label, c) for c in CourtInvolvement])
    court = suppress(CountTable(
        "Court involvement, and hearings avoided",
        tuple(label for label, _ in involved), ("Hearing avoided", "No hearing avoided"),
        tuple((sum(bool(r.answers and r.answers.hearing_avoided) for r in group),
               sum(not (r.answers and r.answers.hearing_avoided) for r in group))
              for _, group in involved),
        row_totals=True, column_totals=True,
    ))  # fmt: skip
    came = _by_answer(closed, lambda a: a.referral_source, [(s.label, s) for s in ReferralSource])
    answered = [r.answers for r in closed if r.answers is not None]
    causes = suppress(CountTable(
        "Causes of the disagreement", tuple(c.label for c in Cause), ("Cases",),
        tuple((sum(c in a.causes for a in answered),) for c in Cause),
        row_totals=False, column_totals=False,
    ))  # fmt: skip
    contact = [r.first_contact_working_days for r in closed
               if r.first_contact_working_days is not None]  # fmt: skip
    within = _column(
        f"First contact within the target of {target} working days",
        ("Within the target", "After the target"),
        (sum(d <= target for d in contact), sum(d > target for d in contact)),
    )
    found = [
        outcomes, court, causes, within,
        _column("Where the referrals came from", [g for g, _ in came], [len(m) for _, m in came]),
    ]  # fmt: skip
    return {table.title: table for table in found}


def times_from_records(closed: Sequence[OutcomeRecord]) -> tuple[TimeFigures, TimeFigures]:
    contact = [r.first_contact_working_days for r in closed
               if r.first_contact_working_days is not None]  # fmt: skip
    to_close = [d for d in (r.days_to_close for r in closed) if d is not None]
    return (
        times_of("Time to first contact", "working days", contact),
        times_of("Time to close", "days", to_close),
    )
