"""Retention and erasure: destroy a closed case's confidential notes, and say when to review.

What a destroyed case keeps is what may have to be produced later: who the case was about
and who took part (the identifiers that file the agreement in the care notes), the agreed
terms themselves, and the fact and shape of any disclosure. Everything that records what was
said in confidence goes.

Closure dates come from ``cases.closed_on`` (schema step 2), which triggers keep whenever a
case's status becomes or stops being ``closed``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from app.books.apart import Apart, working_apart
from app.books.casebook import Casebook
from app.cases.records import Status
from app.cases.search import notes_indexed_once, search_indexes
from app.errors import ParleyError
from app.progress import Progress, no_progress
from app.settings import RETENTION_REVIEW_YEARS
from app.storage.database import Connection, database_error_types, open_database, transaction
from app.storage.rows import columns

ACTION = "confidential notes destroyed"

# Each statement takes the case id. Together they are the whole of what "destroy" means;
# the docstring of destroy_confidential_notes explains each choice.
_ERASE = (
    "DELETE FROM notes WHERE case_id = ?",  # note_shares go by cascade, the index by trigger
    "DELETE FROM issues WHERE case_id = ?",
    "DELETE FROM terms WHERE case_id = ? AND status <> 'agreed'",
    "UPDATE cases SET summary = '' WHERE id = ?",
    "UPDATE parties SET contact = '', consent_how = '' WHERE case_id = ?",
    "UPDATE meetings SET place = '' WHERE case_id = ?",
    "UPDATE disclosures SET what = '', reason = '' WHERE case_id = ?",
)


@dataclass(frozen=True)
class ErasureResult:
    reference: str
    notes: int
    issues: int
    terms: int
    #: Things the mediator must still do (e.g. older backups still hold the notes).
    reminders: tuple[str, ...]


@dataclass(frozen=True)
class DueForReview:
    case_id: int
    reference: str
    title: str
    closed_on: date
    review_due_on: date
    notes_destroyed_on: date | None


def destroy_confidential_notes(
    casebook: Casebook, case_id: int, progress: Progress = no_progress
) -> ErasureResult:
    """Erase a closed case's confidential material for good, keeping its identifiers.

    Kept: reference, title, stage, status, hospital and team, referral, the patient's
    identifiers, court details, dates; the agreed terms and the date agreed; the parties'
    names, roles, sides, consent dates and whether they are party to the agreement;
    meetings' kind, time, length and attendees.

    Erased: notes (and what they were shared with), issues, proposed and withdrawn terms,
    the summary, parties' contact details and how consent was given, meetings' places.

    Disclosures keep their date, ground, recipient and who decided, and lose "what" and
    "reason". A disclosure record is the mediator's account of having used an exception to
    confidentiality; the fact that it happened, on what ground, to whom and on whose
    decision must survive so that it can be answered for (a complaint, a court). "What was
    disclosed" and "why" repeat what was said in confidence (the risk, the conduct), which
    is exactly what destruction is for; the audit trail also keeps the disclosure entry.

    Then the search index is rebuilt without the erased words, and with ``secure_delete``
    on, ``VACUUM`` and a truncating WAL checkpoint leave no old page in any file; where
    either cannot finish (another reader holds the log, the disk is full), the result's
    reminders say so and what to do. Copies
    taken before a schema migration (``casebook.db.before-v*``) get the same erasure, as
    they hold the same notes. Backups made earlier still hold them: the result says so.

    ``progress`` hears of each step; the compaction rewrites the whole file, so it is the
    long one in a large casebook (about 10 s at 10,000 cases): the app runs all of this on
    a worker, on a connection of its own (``destroy_confidential_notes_apart``).
    """
    case = casebook.cases.get(case_id)
    if case.status is not Status.CLOSED:
        raise ParleyError(
            f"{case.reference} is not closed; confidential notes are destroyed only after a "
            "case is closed."
        )
    copies = sorted(casebook.folder.glob("casebook.db.before-v*"))
    steps = 2 + len(copies)
    progress(0, steps, "Erasing the notes and taking them out of the search index")
    conn = casebook.connection
    with casebook.transaction():
        counts = _erase(conn, case_id)
        conn.execute(
            "UPDATE cases SET notes_destroyed_on = date('now', 'localtime') WHERE id = ?",
            (case_id,),
        )
        casebook.audit.record(
            ACTION,
            case_reference=case.reference,
            detail=f"notes={counts[0]} issues={counts[1]} terms={counts[2]}",
        )
    progress(1, steps, "Overwriting the casebook's files")
    reminders = ["Backups made before today still hold these notes; destroy or replace them too."]
    try:
        if not _compact(conn):
            reminders.append(_LOG_KEPT)
    except database_error_types() as problem:
        # The erasure above is committed: the notes are gone whatever happens here. Only
        # the rewrite failed (it needs free space the size of the casebook), and
        # secure_delete has already zeroed the freed pages, which reach the file when the
        # last connection closes. So the mediator hears that, not "nothing was destroyed".
        reminders.append(_NOT_REWRITTEN.format(problem=problem))
    for done, copy in enumerate(copies, start=2):
        progress(done, steps, "Erasing a copy from before a Parley update")
        left = _erase_in_copy(copy, casebook.data_key, case.reference)
        if left:
            reminders.append(
                f"{copy.name} (a copy from before a Parley update) {left}; delete it once "
                "the casebook is known to be good."
            )
    progress(steps, steps, "Done")
    return ErasureResult(case.reference, *counts, reminders=tuple(reminders))


def destroy_confidential_notes_apart(
    taken: Apart, case_id: int, progress: Progress = no_progress
) -> ErasureResult:
    """``destroy_confidential_notes`` on a connection of its own, for a worker thread.

    The window's connection may stay open meanwhile: the erasure is one write transaction
    (SQLite's lock makes the window wait for it, or it for the window), the compaction
    waits for the window's reads to end before it truncates the log, and the window's
    connection sees the book as changed at its next read, so it reads nothing erased.
    """
    with working_apart(taken) as book:
        if not isinstance(book, Casebook):
            raise ParleyError("Only a casebook holds confidential notes.")
        return destroy_confidential_notes(book, case_id, progress)


def let_go_of_erased_pages(casebook: Casebook) -> None:
    """Have the window's connection drop the pages it keeps in memory (after an erasure
    made on another connection): it would read them again from the file anyway, and they
    may hold what was erased."""
    casebook.connection.execute("PRAGMA shrink_memory")


_LOG_KEPT = (
    "The casebook's log file could not be emptied yet (another part of Parley was reading "
    "it); lock Parley and unlock it again to finish overwriting it."
)
_NOT_REWRITTEN = (
    "The notes are destroyed, but the casebook's file could not be rewritten afterwards "
    "({problem}); the disk may be full. Free some space, then lock Parley and unlock it "
    "again to finish overwriting the space the notes used."
)
# How long the compaction waits for readers on other connections to let go of the log.
_CHECKPOINT_PATIENCE_S = 30.0


def _erase(conn: Connection, case_id: int) -> tuple[int, int, int]:
    def count(sql: str) -> int:
        return int(conn.execute(sql, (case_id,)).fetchone()[0])

    counts = (
        count("SELECT count(*) FROM notes WHERE case_id = ?"),
        count("SELECT count(*) FROM issues WHERE case_id = ?"),
        count("SELECT count(*) FROM terms WHERE case_id = ? AND status <> 'agreed'"),
    )
    # The case's search row is rebuilt once, not once per note deleted (schema step 7).
    with notes_indexed_once(conn, case_id):
        for statement in _ERASE:
            conn.execute(statement, (case_id,))
    # FTS5 records deletions as markers beside the old entries; merging every segment into
    # one drops both, so the erased words leave the index and not just the results. A copy
    # from before schema step 4 has the older indexes instead, and gets the same.
    for index in search_indexes(conn):
        conn.execute(f"INSERT INTO {index} ({index}) VALUES ('optimize')")
    return counts


def _compact(conn: Connection) -> bool:
    """Rewrite the file and empty the log; False if the log could not be emptied."""
    # VACUUM rewrites every page (freed ones were zeroed by secure_delete already); the
    # checkpoint moves the new pages home and truncates the WAL that held the old versions.
    conn.execute("VACUUM")
    # Another connection (the window's) that is reading holds the log: the checkpoint then
    # answers busy (after the busy timeout) rather than failing, and old versions of the
    # erased pages would stay in the log. Ask again until it is done.
    deadline = time.monotonic() + _CHECKPOINT_PATIENCE_S
    while True:
        busy = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        if not busy:
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.05)


def _erase_in_copy(copy: Path, key: bytes, reference: str) -> str:
    """Erase the case's notes from ``copy`` too; what went wrong, or "" if nothing did."""
    not_opened = "could not be opened to erase the notes from it"
    try:
        conn = open_database(copy, key)
    except ParleyError:
        return not_opened
    try:
        row = conn.execute("SELECT id FROM cases WHERE reference = ?", (reference,)).fetchone()
        if row is not None:
            with transaction(conn):
                _erase(conn, int(row[0]))
        if not _compact(conn):
            return "had the notes erased, but its log file could not be emptied"
        return ""
    except database_error_types():
        return not_opened
    finally:
        conn.close()


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February into a year without one
        return day.replace(year=day.year + years, day=28)


def cases_due_for_review(casebook: Casebook, today: date) -> list[DueForReview]:
    """Closed cases whose retention period (setting, in years) has run out by ``today``.

    Cases whose notes were already destroyed are listed too (with the date), since what is
    kept of them is also subject to review; the oldest closure comes first.
    """
    years = casebook.settings.get(RETENTION_REVIEW_YEARS)
    cursor = casebook.connection.execute(
        "SELECT id, reference, title, closed_on, notes_destroyed_on FROM cases "
        "WHERE status = 'closed' AND closed_on IS NOT NULL ORDER BY closed_on, reference"
    )
    at = columns(cursor)
    due = []
    for row in cursor.fetchall():
        closed_on = date.fromisoformat(row[at["closed_on"]])
        review = _add_years(closed_on, years)
        if review <= today:
            destroyed = row[at["notes_destroyed_on"]]
            due.append(
                DueForReview(
                    case_id=row[at["id"]],
                    reference=row[at["reference"]],
                    title=row[at["title"]],
                    closed_on=closed_on,
                    review_due_on=review,
                    notes_destroyed_on=date.fromisoformat(destroyed) if destroyed else None,
                )
            )
    return due
