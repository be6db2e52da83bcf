"""The service's figures for a period, made from anonymous facts only, with small numbers
suppressed (``app.statistics.suppression``).

Everything here is pure: ``build_report`` takes ``StatisticsInputs`` (counts of cases by
stage and by outcome, the times in days, dates; never a name, a reference or free text) and
returns the report as tables and times, ready for the PDF, the CSV and the Statistics page
alike. The books count their outcome records in the database (``ClosedCounts``), so a busy
year costs a few hundred groups here, not ten thousand records.

Populations: "referred" counts cases referred in the period, by their stage at referral;
every other case figure counts cases closed in the period, from their outcome records (the
stage at close is the outcomes table's Total row, shown once so that no total appears in
two tables). Times are the median and the 90th percentile, given only for 5 cases or more.
"""

from __future__ import annotations

import statistics
from bisect import bisect_right
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from app.cases.outcomes import (
    Cause,
    ClosedCounts,
    CourtInvolvement,
    ReferralSource,
    Result,
    WithdrawnBy,
)
from app.cases.records import MeetingKind, Stage
from app.errors import InvalidValue
from app.formatting import format_date
from app.statistics.suppression import (
    RULE,
    SMALLEST_SHOWN,
    CountTable,
    SuppressedTable,
    suppress,
)

NOT_RECORDED = "Not recorded"
#: One answer of the mediator's, grouped by (a result, a court involvement, a source).
Answer = TypeVar("Answer")
STAGE_LABELS = {Stage.EARLY: "Early", Stage.FORMAL: "Formal", Stage.ELEVENTH_HOUR: "Eleventh hour"}


@dataclass(frozen=True)
class Period:
    """From ``first`` to ``last``, both days included."""

    first: date
    last: date

    def __post_init__(self) -> None:
        if self.last < self.first:
            raise InvalidValue("to", "the end of the period is before its start")

    @property
    def label(self) -> str:
        return f"{format_date(self.first)} to {format_date(self.last)}"

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.first <= day <= self.last


@dataclass(frozen=True)
class Answered:
    """A complaint or subject access request: when it came, when its answer was due, when
    it was answered (``None`` while not), and whether it was closed without an answer."""

    received_on: date
    due_on: date
    answered_on: date | None
    closed_unanswered: bool = False


@dataclass(frozen=True)
class CourseFigures:
    """One course held in the period: delegates and feedback (averages of 1–5 ratings)."""

    title: str
    held_on: date
    booked: int
    attended: int
    forms: int
    averages: tuple[float | None, ...]


@dataclass(frozen=True)
class MeetingFigures:
    counts: Mapping[MeetingKind, int]
    #: Minutes by kind where they are known (a casebook's meetings; the office has counts).
    minutes: Mapping[MeetingKind, int] | None
    #: Which meetings these are, in words: "held in the period", "of the cases closed".
    basis: str


@dataclass(frozen=True)
class RegisterFigures:
    """The registers' part: courses held, complaints and requests received, in the period."""

    courses: tuple[CourseFigures, ...] = ()
    feedback_questions: tuple[str, ...] = ()
    complaints: tuple[Answered, ...] = ()
    access_requests: tuple[Answered, ...] = ()


@dataclass(frozen=True)
class StatisticsInputs:
    period: Period
    #: Cases referred in the period, by stage at referral.
    referred: Mapping[Stage, int]
    #: The outcome records of the cases closed in the period, counted.
    closed: ClosedCounts
    meetings: MeetingFigures
    first_contact_target: int
    #: The registers' figures, when the book keeps the registers.
    registers: RegisterFigures | None = None
    today: date | None = None  # for "overdue": the day the report is made


@dataclass(frozen=True)
class TimeFigures:
    title: str
    unit: str  # "working days", "days"
    cases: int
    median: float | None  # None when fewer than 5 cases
    p90: float | None

    @property
    def shown(self) -> bool:
        return self.median is not None


@dataclass(frozen=True)
class Averages:
    """Feedback averages per course: ``None`` where fewer than 5 forms came back."""

    questions: tuple[str, ...]
    courses: tuple[tuple[str, tuple[float | None, ...]], ...]


@dataclass(frozen=True)
class Section:
    title: str
    text: str
    tables: tuple[SuppressedTable, ...] = ()
    times: tuple[TimeFigures, ...] = ()
    averages: Averages | None = None
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class StatisticsReport:
    period: Period
    headline: SuppressedTable
    sections: tuple[Section, ...]
    rule: str = RULE


def build_report(inputs: StatisticsInputs) -> StatisticsReport:
    """Every figure of the design for the period, suppressed and ready to show."""
    closed = inputs.closed
    headline = suppress(
        CountTable(
            "In the period",
            ("Cases referred", "Cases closed"),
            ("Cases",),
            ((sum(inputs.referred.values()),), (closed.cases,)),
            row_totals=False,
            column_totals=False,
        )
    )
    sections = [
        _referrals(inputs),
        _outcomes(closed),
        _court(closed),
        _sources_and_causes(closed),
        _times(closed, inputs.first_contact_target),
        _meetings(inputs.meetings),
    ]
    registers = inputs.registers
    if registers is not None:
        sections += [
            _training(registers.courses, registers.feedback_questions),
            _answered("Complaints", "complaints", registers.complaints, inputs.today),
            _answered(
                "Subject access requests", "requests", registers.access_requests, inputs.today
            ),
        ]
    return StatisticsReport(inputs.period, headline, tuple(sections))


def _column(title: str, labels: Sequence[str], counts: Sequence[int], heading: str = "Cases"
            ) -> SuppressedTable:  # fmt: skip
    """A list of categories with a Total row."""
    return suppress(
        CountTable(
            title,
            tuple(labels),
            (heading,),
            tuple((c,) for c in counts),
            row_totals=False,
            column_totals=True,
        )
    )


def _referrals(inputs: StatisticsInputs) -> Section:
    table = _column(
        "Cases referred, by stage at referral",
        [STAGE_LABELS[s] for s in Stage],
        [inputs.referred.get(s, 0) for s in Stage],
    )
    return Section(
        "Referrals",
        "Cases referred in the period, by the stage they were at when referred: early "
        "facilitated discussion, formal mediation, or eleventh hour (legal action begun).",
        (table,),
    )


def _with_not_recorded(closed: ClosedCounts, groups: Sequence[tuple[str, Answer]]
                       ) -> list[tuple[str, Answer | None]]:  # fmt: skip
    """The groups of an answer, with a "Not recorded" group (``None``) when any case closed
    without the mediator's answers."""
    found: list[tuple[str, Answer | None]] = list(groups)
    return [*found, (NOT_RECORDED, None)] if closed.unanswered else found


ResultAndWho = tuple[Result, WithdrawnBy | None]


def result_groups() -> tuple[tuple[str, ResultAndWho], ...]:
    """The results, with withdrawn cases split by who withdrew (the design's list)."""
    groups: list[tuple[str, ResultAndWho]] = []
    for result in Result:
        if result is not Result.WITHDRAWN:
            groups.append((result.label, (result, None)))
            continue
        for who in WithdrawnBy:
            groups.append((f"Withdrawn by {who.label[0].lower()}{who.label[1:]}", (result, who)))
    return tuple(groups)


def _outcomes(closed: ClosedCounts) -> Section:
    groups = _with_not_recorded(closed, result_groups())
    counts = tuple(
        tuple(closed.results.get((*(key or (None, None)), s), 0) for s in Stage)
        for _, key in groups
    )
    table = suppress(
        CountTable(
            "Outcomes of cases closed, by stage at close",
            tuple(label for label, _ in groups),
            tuple(STAGE_LABELS[s] for s in Stage),
            counts,
            row_totals=True,
            column_totals=True,
        )
    )
    return Section(
        "Outcomes",
        "How the cases closed in the period ended, by the stage they had reached. The Total "
        "row gives the cases closed at each stage.",
        (table,),
    )


def _court(closed: ClosedCounts) -> Section:
    groups = _with_not_recorded(closed, [(c.label, c) for c in CourtInvolvement])
    counts = tuple(
        (closed.court.get((key, True), 0), closed.court.get((key, False), 0)) for _, key in groups
    )
    table = suppress(
        CountTable(
            "Court involvement, and hearings avoided",
            tuple(label for label, _ in groups),
            ("Hearing avoided", "No hearing avoided"),
            counts,
            row_totals=True,
            column_totals=True,
        )
    )
    return Section(
        "Court",
        "How far the courts were involved in the cases closed, and in how many mediation "
        "avoided a hearing.",
        (table,),
    )


def _sources_and_causes(closed: ClosedCounts) -> Section:
    groups = _with_not_recorded(closed, [(s.label, s) for s in ReferralSource])
    sources = _column(
        "Where the referrals came from",
        [label for label, _ in groups],
        [closed.sources.get(key, 0) for _, key in groups],
    )
    causes = suppress(
        CountTable(
            "Causes of the disagreement",
            tuple(c.label for c in Cause),
            ("Cases",),
            tuple((closed.causes.get(c, 0),) for c in Cause),
            row_totals=False,
            column_totals=False,
        )
    )
    return Section(
        "Referral sources and causes",
        "Where the cases closed in the period were referred from, and what the disagreement "
        "was about. A case may have several causes, so the causes do not add up to the cases.",
        (sources, causes),
    )


def format_time(value: float | None, unit: str) -> str:
    """``12 working days``, ``12.5 days``; empty when not given."""
    if value is None:
        return ""
    shown = f"{value:,.0f}" if value == int(value) else f"{value:,.1f}"
    return f"{shown} {unit}"


def times_of(title: str, unit: str, values: Sequence[int]) -> TimeFigures:
    """The median and 90th percentile of ``values``, or neither for fewer than 5 cases."""
    if len(values) < SMALLEST_SHOWN:
        return TimeFigures(title, unit, len(values), None, None)
    ordered = sorted(values)
    p90 = statistics.quantiles(ordered, n=10, method="inclusive")[8]
    return TimeFigures(title, unit, len(values), float(statistics.median(ordered)), float(p90))


def _times(closed: ClosedCounts, target: int) -> Section:
    contact = closed.first_contact_days  # smallest first: those within the target lead
    within = bisect_right(contact, target)
    table = _column(
        f"First contact within the target of {target} working days",
        ("Within the target", "After the target"),
        (within, len(contact) - within),
    )
    return Section(
        "Times",
        "Time to first contact is counted in working days from the referral to the first "
        "meeting (bank holidays of the region left out); time to close in calendar days from "
        "the referral to the closure.",
        (table,),
        times=(
            times_of("Time to first contact", "working days", contact),
            times_of("Time to close", "days", closed.days_to_close),
        ),
    )


def _meetings(meetings: MeetingFigures) -> Section:
    kinds = list(MeetingKind)
    table = _column(
        "Meetings by kind",
        [k.label for k in kinds],
        [meetings.counts.get(k, 0) for k in kinds],
        heading="Meetings",
    )
    notes = []
    if meetings.minutes is not None:
        for kind, words in ((MeetingKind.SUPPORT, "support"), (MeetingKind.DEBRIEF, "debrief")):
            row = kinds.index(kind)
            if table.cells[row][0].published is not None:
                hours = meetings.minutes.get(kind, 0) / 60
                notes.append(f"Hours of {words} sessions for clinicians: {hours:,.1f}.")
    return Section(
        "Meetings, support and debrief",
        f"Meetings {meetings.basis}. Support sessions are one-to-one time with a clinician; "
        "debriefs follow a meeting.",
        (table,),
        notes=tuple(notes),
    )


def _training(courses: Sequence[CourseFigures], questions: tuple[str, ...]) -> Section:
    ordered = sorted(courses, key=lambda c: (c.held_on, c.title))
    labels = tuple(f"{c.title} ({format_date(c.held_on)})" for c in ordered)
    table = suppress(
        CountTable(
            "Courses and delegates",
            labels,
            ("Delegates booked", "Delegates attended", "Feedback forms"),
            tuple((c.booked, c.attended, c.forms) for c in ordered),
            row_totals=False,
            column_totals=True,
        )
    )
    averages = Averages(
        questions,
        tuple(
            (label, c.averages if c.forms >= SMALLEST_SHOWN else (None,) * len(questions))
            for label, c in zip(labels, ordered, strict=True)
        ),
    )
    return Section(
        "Training",
        "Courses held in the period, the delegates booked and attended, and the feedback "
        "they gave (averages of ratings from 1, poor, to 5, excellent; shown for courses with "
        "5 forms or more).",
        (table,) if ordered else (),
        averages=averages if ordered else None,
        notes=() if ordered else ("No course was held in the period.",),
    )


_ANSWER_ROWS = ("Answered on time", "Answered late", "Closed without an answer",
                "Not answered, overdue", "Not answered, not yet due")  # fmt: skip


def _answered(title: str, what: str, items: Sequence[Answered], today: date | None) -> Section:
    def row_of(item: Answered) -> int:
        if item.answered_on is not None:
            return 0 if item.answered_on <= item.due_on else 1
        if item.closed_unanswered:
            return 2
        return 3 if today is not None and today > item.due_on else 4

    counted = Counter(row_of(item) for item in items)
    table = _column(
        f"{title} received in the period",
        _ANSWER_ROWS,
        [counted[i] for i in range(len(_ANSWER_ROWS))],
        heading=what.capitalize(),
    )
    return Section(title, f"{title} received in the period, and whether they were answered "
                   "by their due date.", (table,))  # fmt: skip
