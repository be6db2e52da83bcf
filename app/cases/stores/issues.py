"""Issues: stated positions, underlying concerns, key issues, what is realistically achievable."""

from __future__ import annotations

from typing import Any

from app.cases.records import Issue, IssueKind
from app.cases.stores.parties import require_parties_of_case
from app.cases.validation import check_issue
from app.errors import NotFound
from app.storage.database import Connection


class IssueStore:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def add(self, issue: Issue) -> Issue:
        self._check(issue)
        cur = self._conn.execute(
            "INSERT INTO issues (case_id, kind, text, raised_by) VALUES (?, ?, ?, ?)",
            (issue.case_id, issue.kind.value, issue.text, issue.raised_by),
        )
        return self.get(int(cur.lastrowid))

    def update(self, issue: Issue) -> Issue:
        self._check(issue)
        cur = self._conn.execute(
            "UPDATE issues SET kind = ?, text = ?, raised_by = ? WHERE id = ? AND case_id = ?",
            (issue.kind.value, issue.text, issue.raised_by, issue.id, issue.case_id),
        )
        if cur.rowcount != 1 or issue.id is None:
            raise NotFound("That issue no longer exists.")
        return self.get(issue.id)

    def get(self, issue_id: int) -> Issue:
        row = self._conn.execute(
            "SELECT id, case_id, kind, text, raised_by FROM issues WHERE id = ?", (issue_id,)
        ).fetchone()
        if row is None:
            raise NotFound("That issue no longer exists.")
        return _issue(row)

    def for_case(self, case_id: int) -> list[Issue]:
        rows = self._conn.execute(
            "SELECT id, case_id, kind, text, raised_by FROM issues WHERE case_id = ? ORDER BY id",
            (case_id,),
        )
        return [_issue(r) for r in rows]

    def delete(self, issue_id: int) -> None:
        self._conn.execute("DELETE FROM issues WHERE id = ?", (issue_id,))

    def _check(self, issue: Issue) -> None:
        check_issue(issue)
        if issue.raised_by is not None:
            require_parties_of_case(self._conn, issue.case_id, [issue.raised_by], "raised_by")


def _issue(row: Any) -> Issue:
    return Issue(row[0], row[1], IssueKind(row[2]), row[3], row[4])
