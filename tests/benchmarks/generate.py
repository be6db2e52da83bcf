"""A deterministic casebook of fictional cases for benchmarks (timed apart from them).

Rows go in through the connection in bulk, inside one transaction, so that generating
250,000 notes takes seconds. The search index is built by the schema's own statement
(``schema_search.REBUILD``) once at the end: its note triggers re-index a whole case per
note, which is right for a note typed in the app and needless 25 times over here, so they
are held off while the notes go in and put back, word for word, before the commit.
"""

from __future__ import annotations

import itertools
import random
from datetime import date, datetime, timedelta
from typing import Any

from app.cases import schema_search
from app.storage.database import Connection, transaction

WORDS = (  # noqa: SIM905 (a paragraph of words reads better than 70 quoted ones)
    "ventilation oxygen feeding gastrostomy tracheostomy transfer hospice pain relief "
    "sedation consent parents mother father grandmother consultant nurse registrar "
    "intensive care ward team meeting family worried hopeful trust school seizures "
    "medication review plan night morning discharge home physiotherapy dietitian "
    "palliative comfort second opinion specialist centre court hearing advocate chaplain "
    "interpreter siblings routine weekend visit phone call letter agreed proposed concern "
    "listen clarify understand explain options wishes quality life breathing scan results"
).split()
STAGES = ("early", "formal", "eleventh_hour")
STATUSES = (
    "referred",
    "contacting",
    "awaiting_consent",
    "in_mediation",
    "agreed",
    "not_agreed",
    "withdrawn",
    "closed",
)
MEETINGS_PER_CASE = 5
NOTES_PER_CASE = 25
#: Raised whenever what ``populate`` makes changes: cached books (benchmarks/books.py) are
#: named by it, so an older one is never measured as if it were new.
GENERATOR_VERSION = 1


def _vocabulary(size: int = 4000, seed: int = 7) -> list[str]:
    """Real notes use thousands of words, most of them rarely: the medical words above plus
    invented pronounceable ones, drawn with Zipf-like weights, so that a search term matches
    a realistic share of notes rather than half of them."""
    rng = random.Random(seed)
    consonants, vowels = "bcdfghklmnprstvw", "aeiou"
    invented = set()
    while len(invented) < size - len(WORDS):
        length = rng.randrange(2, 5)
        invented.add("".join(rng.choice(consonants) + rng.choice(vowels) for _ in range(length)))
    return [*WORDS, *sorted(invented)]


VOCABULARY = _vocabulary()
# Cumulative once: random.choices with plain weights re-adds all 4,000 on every call.
_CUMULATIVE = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(VOCABULARY))))


def sentence(rng: random.Random, words: int) -> str:
    chosen = rng.choices(VOCABULARY, cum_weights=_CUMULATIVE, k=words)
    return " ".join(chosen).capitalize() + "."


def populate(conn: Connection, cases: int, *, seed: int = 2026) -> None:
    """Add ``cases`` cases, each with 5 meetings and 25 notes of fictional text."""
    rng = random.Random(seed)
    start = date(2020, 1, 1)
    first_id = int(conn.execute("SELECT coalesce(max(id), 0) FROM cases").fetchone()[0]) + 1
    case_rows: list[tuple[Any, ...]] = []
    meeting_rows: list[tuple[Any, ...]] = []
    note_rows: list[tuple[Any, ...]] = []
    meeting_id = int(conn.execute("SELECT coalesce(max(id), 0) FROM meetings").fetchone()[0])
    for offset in range(cases):
        case_id = first_id + offset
        referred = start + timedelta(days=rng.randrange(0, 2500))
        case_rows.append(
            (
                case_id,
                f"MM-{referred.year}-{case_id:06d}",
                sentence(rng, 5).rstrip("."),
                STAGES[rng.randrange(3)],
                STATUSES[rng.randrange(8)],
                "Riverside Children's",
                "PICU",
                referred.isoformat(),
                sentence(rng, 40),
                f"Patient {case_id}",
                referred.isoformat(),
            )
        )
        when = datetime.combine(referred, datetime.min.time()) + timedelta(hours=9)
        for m in range(MEETINGS_PER_CASE):
            meeting_id += 1
            when += timedelta(days=rng.randrange(1, 10))
            meeting_rows.append(
                (meeting_id, case_id, "joint", when.strftime("%Y-%m-%dT%H:%M"), 60, f"Room {m}")
            )
            for _ in range(NOTES_PER_CASE // MEETINGS_PER_CASE):
                note_rows.append(
                    (
                        case_id,
                        meeting_id,
                        sentence(rng, rng.randrange(15, 60)),
                        (when + timedelta(minutes=70)).strftime("%Y-%m-%dT%H:%M"),
                    )
                )
    # Throwaway fictional data: generating it need not survive a power cut, so fsyncs are off
    # and the page cache is large while it runs (for the encrypted and the plain store
    # alike); the measured runs afterwards use Parley's own settings.
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA cache_size = -262144")
    with transaction(conn):
        conn.executemany(
            "INSERT INTO cases (id, reference, title, stage, status, hospital, team, referred_on,"
            " summary, patient_name, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            case_rows,
        )
        conn.executemany(
            "INSERT INTO meetings (id, case_id, kind, starts_at, minutes, place) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            meeting_rows,
        )
        note_triggers = conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'notes' "
            "AND name LIKE 'notes_words_%'"
        ).fetchall()
        for name, _ in note_triggers:
            conn.execute(f"DROP TRIGGER {name}")
        conn.executemany(
            "INSERT INTO notes (case_id, meeting_id, text, written_at) VALUES (?, ?, ?, ?)",
            note_rows,
        )
        for statement in schema_search.REBUILD:
            conn.execute(statement)
        for _, sql in note_triggers:
            conn.execute(sql)
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA cache_size = -2000")


def populate_outcomes(conn: Connection, closed: int, year: int, *, seed: int = 15) -> None:
    """Add ``closed`` anonymous outcome records of cases closed during ``year``, as a busy
    service's would be (they stand apart from cases, so none is needed)."""
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
    from app.cases.stores.outcomes import RECORD_COLUMNS, record_values

    rng = random.Random(seed)
    rows = []
    for _ in range(closed):
        closed_on = date(year, 1, 1) + timedelta(days=rng.randrange(365))
        result = rng.choice(list(Result))
        answers = OutcomeAnswers(
            result=result,
            withdrawn_by=rng.choice(list(WithdrawnBy)) if result is Result.WITHDRAWN else None,
            court=rng.choice(list(CourtInvolvement)),
            hearing_avoided=False,
            referral_source=rng.choice(list(ReferralSource)),
            causes=frozenset(rng.sample(list(Cause), rng.randint(1, 3))),
            mediator_minutes=rng.randint(2, 60) * 30,
        )
        record = OutcomeRecord(
            rng.choice(list(Stage)), Status.CLOSED,
            closed_on - timedelta(days=rng.randint(5, 200)), closed_on,
            {kind: rng.randint(0, 4) for kind in MeetingKind},
            stage_at_referral=rng.choice(list(Stage)),
            first_contact_working_days=rng.randint(0, 8), answers=answers,
        )  # fmt: skip
        rows.append(record_values(record))
    marks = ", ".join("?" * len(RECORD_COLUMNS))
    with transaction(conn):
        conn.executemany(
            f"INSERT INTO outcomes ({', '.join(RECORD_COLUMNS)}) VALUES ({marks})", rows
        )
