"""The register of subject access requests."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from app.errors import InvalidValue, NotFound
from app.registers.access_requests import AccessRequest, check_request
from app.storage.convert import date_in, date_out, now_text
from app.storage.database import Connection
from app.storage.rows import Columns, Row, read_all, read_one

_COLUMNS = (
    "id, received_on, requester, contact, identity_checked_on, identity_checked_how, "
    "extension_months, extension_reason, responded_on"
)


class AccessRequestStore:
    """Subject access requests; in a casebook (not ``office``) each names its party records."""

    def __init__(self, conn: Connection, *, office: bool = False) -> None:
        self._conn = conn
        self._office = office

    def add(self, request: AccessRequest) -> AccessRequest:
        self._check(request)
        cur = self._conn.execute(
            "INSERT INTO access_requests (received_on, requester, contact, identity_checked_on, "
            "identity_checked_how, extension_months, extension_reason, responded_on, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (*_values(request), now_text()),
        )
        request_id = int(cur.lastrowid)
        self._set_parties(request_id, request.party_ids)
        return self.get(request_id)

    def update(self, request: AccessRequest) -> AccessRequest:
        if request.id is None:
            raise ValueError("update needs a stored request")
        self._check(request)
        cur = self._conn.execute(
            "UPDATE access_requests SET received_on = ?, requester = ?, contact = ?, "
            "identity_checked_on = ?, identity_checked_how = ?, extension_months = ?, "
            "extension_reason = ?, responded_on = ?, updated_at = ? WHERE id = ?",
            (*_values(request), now_text(), request.id),
        )
        if cur.rowcount != 1:
            raise NotFound("That request no longer exists.")
        self._set_parties(request.id, request.party_ids)
        return self.get(request.id)

    def get(self, request_id: int) -> AccessRequest:
        cursor = self._conn.execute(
            f"SELECT {_COLUMNS} FROM access_requests WHERE id = ?", (request_id,)
        )
        found = read_one(cursor, _request)
        if found is None:
            raise NotFound("That request no longer exists.")
        return self._with_parties(found)

    def all(self) -> list[AccessRequest]:
        """Every request, latest received first."""
        cursor = self._conn.execute(
            f"SELECT {_COLUMNS} FROM access_requests ORDER BY received_on DESC, id DESC"
        )
        return [self._with_parties(r) for r in read_all(cursor, _request)]

    def delete(self, request_id: int) -> None:
        self._conn.execute("DELETE FROM access_requests WHERE id = ?", (request_id,))

    def _check(self, request: AccessRequest) -> None:
        check_request(request)
        if self._office and request.party_ids:
            raise InvalidValue("party_ids", "the office's book holds no party records")
        if request.party_ids:
            known = {
                int(row[0])
                for row in self._conn.execute(
                    "SELECT id FROM parties WHERE id IN (SELECT value FROM json_each(?))",
                    ("[" + ",".join(str(int(p)) for p in request.party_ids) + "]",),
                )
            }
            if known != set(request.party_ids):
                raise InvalidValue("party_ids", "a party named here is not in this casebook")

    def _set_parties(self, request_id: int, party_ids: tuple[int, ...]) -> None:
        if self._office:
            return
        self._conn.execute("DELETE FROM access_request_parties WHERE request_id = ?", (request_id,))
        self._conn.executemany(
            "INSERT INTO access_request_parties (request_id, party_id) VALUES (?, ?)",
            [(request_id, party_id) for party_id in party_ids],
        )

    def _with_parties(self, request: AccessRequest) -> AccessRequest:
        if self._office:
            return request
        rows = self._conn.execute(
            "SELECT party_id FROM access_request_parties WHERE request_id = ? ORDER BY party_id",
            (request.id,),
        )
        return replace(request, party_ids=tuple(int(r[0]) for r in rows))


def _values(request: AccessRequest) -> tuple[Any, ...]:
    return (
        date_out(request.received_on),
        request.requester,
        request.contact,
        date_out(request.identity_checked_on),
        request.identity_checked_how,
        request.extension_months,
        request.extension_reason,
        date_out(request.responded_on),
    )


def _request(row: Row, at: Columns) -> AccessRequest:
    received = date_in(row[at["received_on"]])
    assert received is not None  # NOT NULL in the schema
    return AccessRequest(
        id=row[at["id"]],
        received_on=received,
        requester=row[at["requester"]],
        contact=row[at["contact"]],
        identity_checked_on=date_in(row[at["identity_checked_on"]]),
        identity_checked_how=row[at["identity_checked_how"]],
        extension_months=int(row[at["extension_months"]]),
        extension_reason=row[at["extension_reason"]],
        responded_on=date_in(row[at["responded_on"]]),
    )
