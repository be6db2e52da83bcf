"""Check a casebook thoroughly: encryption pages, SQLite structure, search index, audit chain."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.casebook import Casebook


@dataclass
class VerifyReport:
    passed: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_casebook(casebook: Casebook) -> VerifyReport:
    """Run every check; each failure is a line a person can act on."""
    conn = casebook.connection
    report = VerifyReport()

    failures = conn.execute("PRAGMA cipher_integrity_check").fetchall()
    if failures:
        report.problems.append(
            f"Encryption check: {len(failures)} page(s) fail their authentication code; the "
            "database has been damaged or altered. Restore from a backup."
        )
    else:
        report.passed.append("Encryption: every page authenticates")

    rows = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
    if rows == ["ok"]:
        report.passed.append("Database structure: intact")
    else:
        report.problems.append(f"Database structure: {len(rows)} problem(s), first: {rows[0]}")

    orphans = conn.execute("PRAGMA foreign_key_check").fetchall()
    if orphans:
        report.problems.append(f"Links between records: {len(orphans)} broken link(s)")
    else:
        report.passed.append("Links between records: intact")

    for index in ("case_search", "note_search"):
        try:
            conn.execute(f"INSERT INTO {index} ({index}) VALUES ('integrity-check')")
        except Exception:  # the FTS5 check reports damage as an SQL error
            report.problems.append(f"Search index ({index}): damaged; it can be rebuilt")
    if not any("Search index" in p for p in report.problems):
        report.passed.append("Search index: consistent with the records")

    broken = casebook.audit.first_broken_link()
    if broken is None:
        report.passed.append("Audit trail: the chain of entries is unbroken")
    else:
        report.problems.append(
            f"Audit trail: entry {broken} does not follow from the one before it; the trail "
            "has been altered from that entry on"
        )
    return report
