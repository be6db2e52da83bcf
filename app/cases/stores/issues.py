"""Issues: stated positions, underlying concerns, key issues, what is realistically achievable."""

from __future__ import annotations

from app.cases.records import Issue, IssueKind
from app.cases.stores.parties import require_parties_of_case
from app.cases.validation import check_issue
from app.errors import NotFound
from app.storage.database import Connection
from app.storage.rows import Columns, Row, read_all, read_one


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
        found = read_one(
            self._conn.execute(
                "SELECT id, case_id, kind, text, raised_by FROM issues WHERE id = ?", (issue_id,)
            ),
            _issue,
        )
        if found is None:
            raise NotFound("That issue no longer exists.")
        return found

    def for_case(self, case_id: int) -> list[Issue]:
        return read_all(
            self._conn.execute(
                "SELECT id, case_id, kind, text, raised_by FROM issues WHERE case_id = ? "
                "ORDER BY id",
                (case_id,),
            ),
            _issue,
        )

    def delete(self, issue_id: int) -> None:
        self._conn.execute("DELETE FROM issues WHERE id = ?", (issue_id,))

    def _check(self, issue: Issue) -> None:
        check_issue(issue)
        if issue.raised_by is not None:
            require_parties_of_case(self._conn, issue.case_id, [issue.raised_by], "raised_by")


def _issue(row: Row, at: Columns) -> Issue:
    return Issue(
        id=row[at["id"]],
        case_id=row[at["case_id"]],
        kind=IssueKind(row[at["kind"]]),
        text=row[at["text"]],
        raised_by=row[at["raised_by"]],
    )
