"""Cases and their patients: the casebook's top-level records."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from app.cases.records import (
    Case,
    CaseListRow,
    Closure,
    Court,
    CourtAgreement,
    Patient,
    Stage,
    Status,
)
from app.cases.validation import check_case
from app.errors import InvalidValue, NotFound
from app.storage.convert import date_in, date_out, now_text, time_in, time_out
from app.storage.database import Connection
from app.storage.rows import Columns, Row, read_all, read_one

_COLUMNS = (
    "id, reference, title, stage, status, hospital, team, referred_on, referred_by, summary, "
    "patient_name, patient_born_on, nhs_number, hospital_number, court_name, court_reference, "
    "next_hearing, agreed_on, parties_wish_on, court_agreed_on, court_agreed_by"
)

#: The columns of a list row (``list_row``); the paged list reads them too (case_list.py).
LIST_SELECT = """
SELECT c.id AS id, c.reference AS reference, c.title AS title, c.stage AS stage,
       c.status AS status, c.referred_on AS referred_on,
       max(coalesce(c.last_note_at, ''),
           coalesce((SELECT max(m.starts_at) FROM meetings m
                     WHERE m.case_id = c.id AND m.starts_at <= :now), '')) AS last_activity,
       (SELECT min(m.starts_at) FROM meetings m
        WHERE m.case_id = c.id AND m.starts_at > :now) AS next_meeting
"""
# The list needs only what it shows. "Last activity" is the latest note (kept on the case
# by triggers, schema step 5) or past meeting (an indexed look-up per case, since "past"
# depends on the time). Cases are read in the order they are stored (NOT INDEXED), so the
# meeting look-ups walk their index in order too; reading them in referral order jumped
# about both and took 3 s at 100,000 cases instead of under a second. SQLite sorts after.
_LIST_SQL = LIST_SELECT + "FROM cases AS c NOT INDEXED\n"


class CaseStore:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def add(self, case: Case) -> Case:
        """Store a new case; its reference must be unused."""
        check_case(case)
        self._refuse_duplicate_reference(case.reference, None)
        cur = self._conn.execute(
            f"INSERT INTO cases ({_COLUMNS}, updated_at) VALUES "
            "(NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (*_values(case), now_text()),
        )
        return self.get(int(cur.lastrowid))

    def update(self, case: Case) -> Case:
        if case.id is None:
            raise ValueError("update needs a stored case")
        stored = self._conn.execute("SELECT reference FROM cases WHERE id = ?", (case.id,))
        kept = stored.fetchone()
        check_case(case, kept_reference=kept[0] if kept else None)
        self._refuse_duplicate_reference(case.reference, case.id)
        cur = self._conn.execute(
            "UPDATE cases SET reference = ?, title = ?, stage = ?, status = ?, hospital = ?, "
            "team = ?, referred_on = ?, referred_by = ?, summary = ?, patient_name = ?, "
            "patient_born_on = ?, nhs_number = ?, hospital_number = ?, court_name = ?, "
            "court_reference = ?, next_hearing = ?, agreed_on = ?, parties_wish_on = ?, "
            "court_agreed_on = ?, court_agreed_by = ?, updated_at = ? WHERE id = ?",
            (*_values(case), now_text(), case.id),
        )
        if cur.rowcount != 1:
            raise NotFound("That case no longer exists.")
        return self.get(case.id)

    def get(self, case_id: int) -> Case:
        found = read_one(
            self._conn.execute(f"SELECT {_COLUMNS} FROM cases WHERE id = ?", (case_id,)), _case
        )
        if found is None:
            raise NotFound("That case no longer exists.")
        return found

    def by_reference(self, reference: str) -> Case:
        found = read_one(
            self._conn.execute(f"SELECT {_COLUMNS} FROM cases WHERE reference = ?", (reference,)),
            _case,
        )
        if found is None:
            raise NotFound(f"There is no case with the reference {reference!r}.")
        return found

    def references(self) -> set[str]:
        return {r[0] for r in self._conn.execute("SELECT reference FROM cases")}

    def count(self) -> int:
        return int(self._conn.execute("SELECT count(*) FROM cases").fetchone()[0])

    def date_closure(self, case_id: int, closed_on: date) -> None:
        """Give a closed case the day it closed when that was before Parley knew of it (a
        case closed on paper, or the demo's history); the database otherwise dates a closure
        the day the status changes."""
        self._conn.execute(
            "UPDATE cases SET closed_on = ? WHERE id = ? AND status = 'closed'",
            (date_out(closed_on), case_id),
        )

    def restore_referral_stage(self, case_id: int, stage: Stage) -> None:
        """Put back the stage a case had when referred, read from an export of a book (the
        database otherwise takes its stage on the day of the import)."""
        self._conn.execute(
            "UPDATE cases SET stage_at_referral = ? WHERE id = ?", (stage.value, case_id)
        )

    def referred_by_stage(self, first: date, last: date) -> dict[Stage, int]:
        """How many cases were referred from ``first`` to ``last``, by stage at referral."""
        rows = self._conn.execute(
            "SELECT coalesce(stage_at_referral, stage), count(*) FROM cases "
            "WHERE referred_on BETWEEN ? AND ? GROUP BY 1",
            (first.isoformat(), last.isoformat()),
        )
        return {Stage(stage): int(count) for stage, count in rows}

    def referral_stage_and_closure(self, case_id: int) -> tuple[Stage | None, date | None]:
        """The stage the case had when referred, and the day it closed (if it has)."""
        row = self._conn.execute(
            "SELECT stage_at_referral, closed_on FROM cases WHERE id = ?", (case_id,)
        ).fetchone()
        if row is None:
            raise NotFound("That case no longer exists.")
        return (Stage(row[0]) if row[0] else None), date_in(row[1])

    def list_rows(self, now: datetime | None = None) -> list[CaseListRow]:
        """Every case as one line of the case list, newest referral first."""
        moment = time_out(now or datetime.now())
        return read_all(
            self._conn.execute(
                _LIST_SQL + " ORDER BY c.referred_on DESC, c.reference", {"now": moment}
            ),
            list_row,
        )

    def list_rows_for(self, case_ids: list[int], now: datetime | None = None) -> list[CaseListRow]:
        moment = time_out(now or datetime.now())
        wanted = set(case_ids)
        return read_all(
            self._conn.execute(
                _LIST_SQL + " WHERE c.id IN (SELECT value FROM json_each(:ids))",
                {"now": moment, "ids": _json(wanted)},
            ),
            list_row,
        )

    def delete(self, case_id: int) -> None:
        self._conn.execute("DELETE FROM cases WHERE id = ?", (case_id,))

    def closure(self, case_id: int) -> Closure:
        """When the case was closed and when its notes were destroyed, if they were."""
        cursor = self._conn.execute(
            "SELECT closed_on, notes_destroyed_on FROM cases WHERE id = ?", (case_id,)
        )
        found = read_one(
            cursor,
            lambda row, at: Closure(
                date_in(row[at["closed_on"]]), date_in(row[at["notes_destroyed_on"]])
            ),
        )
        if found is None:
            raise NotFound("That case no longer exists.")
        return found

    def restore_closure(self, case_id: int, closure: Closure) -> None:
        """Put back the dates of a case read from an export of a book (``import``), where the
        database would otherwise take the day of the import as the day it closed."""
        self._conn.execute(
            "UPDATE cases SET closed_on = ?, notes_destroyed_on = ? WHERE id = ?",
            (date_out(closure.closed_on), date_out(closure.notes_destroyed_on), case_id),
        )

    def _refuse_duplicate_reference(self, reference: str, own_id: int | None) -> None:
        row = self._conn.execute(
            "SELECT id FROM cases WHERE reference = ?", (reference,)
        ).fetchone()
        if row is not None and row[0] != own_id:
            raise InvalidValue("reference", f"{reference} is already used by another case")


def _json(ids: set[int]) -> str:
    return "[" + ",".join(str(int(i)) for i in sorted(ids)) + "]"


def _values(case: Case) -> tuple[Any, ...]:
    court = case.court
    return (
        case.reference,
        case.title,
        case.stage.value,
        case.status.value,
        case.hospital,
        case.team,
        date_out(case.referred_on),
        case.referred_by,
        case.summary,
        case.patient.name,
        date_out(case.patient.date_of_birth),
        case.patient.nhs_number,
        case.patient.hospital_number,
        court.name if court else None,
        court.reference if court else None,
        date_out(court.next_hearing) if court else None,
        date_out(case.agreed_on),
        date_out(court.parties_wish_to_mediate_on) if court else None,
        date_out(court.court_agreed_on) if court else None,
        court.court_agreed_by.value if court and court.court_agreed_by else None,
    )


def _case(row: Row, at: Columns) -> Case:
    court_columns = ("court_name", "court_reference", "next_hearing", "parties_wish_on",
                     "court_agreed_on", "court_agreed_by")  # fmt: skip
    has_court = any(row[at[name]] is not None for name in court_columns)
    return Case(
        id=row[at["id"]],
        reference=row[at["reference"]],
        title=row[at["title"]],
        stage=Stage(row[at["stage"]]),
        status=Status(row[at["status"]]),
        hospital=row[at["hospital"]],
        team=row[at["team"]],
        referred_on=date_in(row[at["referred_on"]]),
        referred_by=row[at["referred_by"]],
        summary=row[at["summary"]],
        patient=Patient(
            row[at["patient_name"]],
            date_in(row[at["patient_born_on"]]),
            row[at["nhs_number"]],
            row[at["hospital_number"]],
        ),
        court=_court(row, at) if has_court else None,
        agreed_on=date_in(row[at["agreed_on"]]),
    )


def _court(row: Row, at: Columns) -> Court:
    agreed_by = row[at["court_agreed_by"]]
    return Court(
        name=row[at["court_name"]] or "",
        reference=row[at["court_reference"]] or "",
        next_hearing=date_in(row[at["next_hearing"]]),
        parties_wish_to_mediate_on=date_in(row[at["parties_wish_on"]]),
        court_agreed_on=date_in(row[at["court_agreed_on"]]),
        court_agreed_by=CourtAgreement(agreed_by) if agreed_by else None,
    )


# Looked up in a dict rather than by calling the Enum: half the cost of a list row, which
# counts at 10,000 rows.
_STAGES = {stage.value: stage for stage in Stage}
_STATUSES = {status.value: status for status in Status}


def list_row(row: Row, at: Columns) -> CaseListRow:
    """One line of the case list from a row of its query."""
    last_activity = row[at["last_activity"]]
    return CaseListRow(
        id=row[at["id"]],
        reference=row[at["reference"]],
        title=row[at["title"]],
        stage=_STAGES[row[at["stage"]]],
        status=_STATUSES[row[at["status"]]],
        referred_on=date_in(row[at["referred_on"]]),
        last_activity=time_in(last_activity) if last_activity else None,
        next_meeting=time_in(row[at["next_meeting"]]),
    )
