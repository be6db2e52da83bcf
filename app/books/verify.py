"""Check a casebook thoroughly: encryption pages, SQLite structure, search index, audit chain.

Each state has its own message and its own exit code for the command line (0, 1, 2 and 3
keep their meaning from docs/ARCHITECTURE.md, "The command line"):

====  ==================================================================================
0     all good
3     wrong passphrase or recovery key (raised by the unlock, before any check)
4     encryption: a page fails its authentication code (or the file is not encrypted)
5     SQLite structure damaged (including a truncated file and broken record links)
6     audit trail: the chain of entries is broken (the first broken entry is named)
7     search index damaged (it can be rebuilt from the records)
8     key file damaged or missing (and no usable spare copy)
9     database missing
====  ==================================================================================

Where several problems are found, the exit code is that of the most basic one, in the order
of the table (encryption before structure before audit before search): later checks stand
on earlier ones.

:func:`verify_unlocked` only reads: it neither migrates nor writes an audit entry, so that
checking a damaged casebook never writes to it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum
from pathlib import Path

from app.books.book import Book
from app.books.keyfile import KeyFileDamaged
from app.books.schema import schema_version
from app.cases.search import search_indexes
from app.errors import CasebookDamaged, NotACasebook, ParleyError
from app.progress import Progress, no_progress
from app.storage.audit import AuditTrail
from app.storage.database import (
    MIN_DATABASE_BYTES,
    Connection,
    database_error_types,
    open_database,
    translate_error,
)

PAGE_SIZE = 4096  # SQLCipher 4's default, which every casebook uses


class VerifyState(IntEnum):
    OK = 0
    ENCRYPTION = 4
    STRUCTURE = 5
    AUDIT_CHAIN = 6
    SEARCH_INDEX = 7
    KEY_FILE = 8
    DATABASE_MISSING = 9

    @property
    def summary(self) -> str:
        return _SUMMARIES[self]


_SUMMARIES = {
    VerifyState.OK: "all checks passed",
    VerifyState.ENCRYPTION: "encryption check failed: the database has been damaged or altered",
    VerifyState.STRUCTURE: "the database's structure is damaged",
    VerifyState.AUDIT_CHAIN: "the audit trail has been altered",
    VerifyState.SEARCH_INDEX: "the search index is damaged (verify --rebuild-search mends it)",
    VerifyState.KEY_FILE: "the key file is damaged or missing",
    VerifyState.DATABASE_MISSING: "the database is missing",
}


@dataclass
class VerifyReport:
    passed: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    states: list[VerifyState] = field(default_factory=list)
    #: The id of the first audit entry whose link does not hold, if any.
    broken_audit_entry: int | None = None

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def state(self) -> VerifyState:
        """The most basic problem found (see the module's table), or OK."""
        return min(self.states, default=VerifyState.OK)

    def fail(self, state: VerifyState, message: str) -> None:
        self.states.append(state)
        self.problems.append(message)


class VerifyFailed(ParleyError):
    """``verify`` found a problem; ``exit_code`` is the state's code."""

    def __init__(self, report: VerifyReport) -> None:
        super().__init__(f"verify: {report.state.summary}; see above.")
        self.exit_code = int(report.state)
        self.report = report


def verify_casebook(casebook: Book) -> VerifyReport:
    """Run every check on an open casebook; each failure is a line a person can act on."""
    return check_connection(casebook.connection)


def check_connection(conn: Connection, progress: Progress = no_progress) -> VerifyReport:
    """Every check, in the order of the module's table; ``progress`` hears of each."""
    checks = (
        ("Checking every page's encryption", _check_encryption),
        ("Checking the database's structure", _check_structure),
        ("Checking the audit trail", _check_audit_chain),
        ("Checking the search index", _check_search_index),
    )
    report = VerifyReport()
    for done, (what, check) in enumerate(checks):
        progress(done, len(checks), what)
        check(conn, report)
    progress(len(checks), len(checks), "Done")
    return report


def _check_encryption(conn: Connection, report: VerifyReport) -> None:
    errors = database_error_types()
    try:
        failures = conn.execute("PRAGMA cipher_integrity_check").fetchall()
    except errors as exc:
        _unless_damage(exc, report)
        failures = [(str(exc),)]
    if failures:
        report.fail(
            VerifyState.ENCRYPTION,
            f"Encryption check: {len(failures)} page(s) fail their authentication code; the "
            "database has been damaged or altered. Restore from a backup.",
        )
    else:
        report.passed.append("Encryption: every page authenticates")


def _check_structure(conn: Connection, report: VerifyReport) -> None:
    errors = database_error_types()
    try:
        rows = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
        orphans = conn.execute("PRAGMA foreign_key_check").fetchall()
    except errors as exc:
        _unless_damage(exc, report)
        rows, orphans = [f"unreadable ({exc})"], []
    # SQLite's check runs FTS5's too; the search index is reported (and coded) on its own
    # below, since it can be rebuilt and the records it indexes are sound.
    rows = [r for r in rows if not str(r).startswith("fts5:")] or ["ok"]
    if rows == ["ok"] and not orphans:
        report.passed.append("Database structure: intact")
        report.passed.append("Links between records: intact")
    elif rows != ["ok"]:
        report.fail(
            VerifyState.STRUCTURE, f"Database structure: {len(rows)} problem(s), first: {rows[0]}"
        )
    else:
        report.fail(VerifyState.STRUCTURE, f"Links between records: {len(orphans)} broken")


def _check_audit_chain(conn: Connection, report: VerifyReport) -> None:
    errors = database_error_types()
    try:
        broken = AuditTrail(conn).first_broken_link()
    except errors as exc:
        _unless_damage(exc, report)
        report.fail(VerifyState.STRUCTURE, f"Audit trail: unreadable ({exc})")
    else:
        if broken is None:
            report.passed.append("Audit trail: the chain of entries is unbroken")
        else:
            report.broken_audit_entry = broken
            report.fail(
                VerifyState.AUDIT_CHAIN,
                f"Audit trail: entry {broken} does not follow from the one before it; the "
                "trail has been altered from that entry on",
            )


def _check_search_index(conn: Connection, report: VerifyReport) -> None:
    errors = database_error_types()
    damaged = []
    # Which indexes depends on the schema version, and verify never migrates.
    for index in search_indexes(conn):
        try:
            # FTS5's own check; with rank 1 it also compares an index that has a content
            # table with the records. It is an insert only in form and changes nothing.
            conn.execute(f"INSERT INTO {index} ({index}, rank) VALUES ('integrity-check', 1)")
            if index == "case_words" and not _one_row_per_case(conn):
                damaged.append(index)
        except errors as exc:
            _unless_damage(exc, report)
            damaged.append(index)
    for index in damaged:
        report.fail(
            VerifyState.SEARCH_INDEX,
            f"Search index ({index}): damaged; rebuild it from the records with "
            "verify --rebuild-search",
        )
    if not damaged:
        report.passed.append("Search index: consistent with the records")


def _one_row_per_case(conn: Connection) -> bool:
    """The per-case index keeps no text to compare, but it must hold exactly the cases."""
    strays = conn.execute(
        "SELECT count(*) FROM (SELECT rowid FROM case_words EXCEPT SELECT id FROM cases)"
    ).fetchone()[0]
    missing = conn.execute(
        "SELECT count(*) FROM (SELECT id FROM cases EXCEPT SELECT rowid FROM case_words)"
    ).fetchone()[0]
    return bool(strays == 0 and missing == 0)


def _unless_damage(exc: BaseException, report: VerifyReport) -> None:
    """A busy, read-only or failing disk is not damage: say what it is instead.

    Once a page has failed authentication, SQLCipher refuses writes ("read-only") and
    reads fail: those errors are the damage showing, and are reported as such.
    """
    if VerifyState.ENCRYPTION in report.states:
        return
    translated = translate_error(exc)
    if translated is not None:
        raise translated from exc


def verify_unlocked(
    folder: Path, data_key: bytes, progress: Progress = no_progress
) -> VerifyReport:
    """Open the database read-only in spirit (no migration, no audit entry) and check it.

    It opens a connection of its own, so a worker may run it while the window's connection
    to the same book stays open (the app's Check the casebook does); ``progress`` hears of
    each check.

    Failures to open are reported as states too: a first page that does not authenticate
    is ENCRYPTION, a truncated or empty file is STRUCTURE, a missing one DATABASE_MISSING.
    """
    db = Path(folder) / "casebook.db"
    report = VerifyReport()
    if not db.exists():
        report.fail(VerifyState.DATABASE_MISSING, database_missing_message(Path(folder)))
        return report
    size = db.stat().st_size
    if size < MIN_DATABASE_BYTES or size % PAGE_SIZE:
        # A casebook is always whole pages; anything else was cut short (or added to).
        report.fail(
            VerifyState.STRUCTURE,
            f"Database structure: the file is {size} bytes long, not a whole number of "
            f"{PAGE_SIZE}-byte pages: it has been truncated or damaged. Restore from a backup",
        )
        return report
    try:
        conn = open_database(db, data_key)
    except NotACasebook as exc:
        report.fail(VerifyState.ENCRYPTION, f"Encryption check: {exc}")
        return report
    except CasebookDamaged:
        report.fail(
            VerifyState.ENCRYPTION,
            "Encryption check: the database's first pages do not authenticate with this key; "
            "it has been damaged, cut short or replaced. Restore from a backup",
        )
        return report
    try:
        try:
            empty = schema_version(conn) == 0
        except database_error_types():
            empty = False  # unreadable: the checks below say why, encryption first
        if empty:
            report.fail(VerifyState.STRUCTURE, "Database structure: it holds no Parley records")
            return report
        return check_connection(conn, progress)
    finally:
        conn.close()


def database_missing_message(folder: Path) -> str:
    return (
        f"Database: casebook.db is missing from {folder}; the key file alone holds no "
        "records. Restore from a backup"
    )


def key_file_state(exc: ParleyError) -> VerifyState | None:
    """The verify state for an error met while reading the key file, if it is one."""
    return VerifyState.KEY_FILE if isinstance(exc, KeyFileDamaged) else None
