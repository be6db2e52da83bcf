"""The people in a case: family members, clinicians and others, and their consent to mediate."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from app.cases.records import Party, PartyRole, Side
from app.cases.validation import check_party
from app.errors import InvalidValue, NotFound, ParleyError
from app.storage.convert import date_in, date_out
from app.storage.database import Connection
from app.storage.rows import Columns, Row, aliased, read_all, read_one

_COLUMNS = (
    "id, case_id, name, role, side, contact, consented_on, consent_how, consent_withdrawn_on, "
    "party_to_agreement"
)


class PartyStore:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def add(self, party: Party) -> Party:
        check_party(party)
        cur = self._conn.execute(
            f"INSERT INTO parties ({_COLUMNS}) VALUES (NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            _values(party),
        )
        return self.get(int(cur.lastrowid))

    def update(self, party: Party) -> Party:
        check_party(party)
        cur = self._conn.execute(
            "UPDATE parties SET case_id = ?, name = ?, role = ?, side = ?, contact = ?, "
            "consented_on = ?, consent_how = ?, consent_withdrawn_on = ?, party_to_agreement = ? "
            "WHERE id = ? AND case_id = ?",
            (*_values(party), party.id, party.case_id),
        )
        if cur.rowcount != 1:
            raise NotFound("That party no longer exists.")
        return self.get(_stored_id(party.id))

    def get(self, party_id: int) -> Party:
        found = read_one(
            self._conn.execute(f"SELECT {_COLUMNS} FROM parties WHERE id = ?", (party_id,)), _party
        )
        if found is None:
            raise NotFound("That party no longer exists.")
        return found

    def for_case(self, case_id: int) -> list[Party]:
        return read_all(
            self._conn.execute(
                f"SELECT {_COLUMNS} FROM parties WHERE case_id = ? ORDER BY side, id", (case_id,)
            ),
            _party,
        )

    def named(self, text: str, limit: int = 50) -> list[tuple[Party, str]]:
        """Parties of any case whose name holds ``text`` (ASCII letters in any case), each
        with its case's reference: which records a subject access request is about."""
        escaped = "".join("\\" + ch if ch in "\\%_" else ch for ch in text.strip())
        cursor = self._conn.execute(
            f"SELECT {aliased('p', _COLUMNS)}, c.reference AS case_reference "
            "FROM parties p JOIN cases c ON c.id = p.case_id "
            "WHERE p.name LIKE ? ESCAPE '\\' ORDER BY p.name, c.reference LIMIT ?",
            (f"%{escaped}%", limit),
        )
        return read_all(cursor, lambda row, at: (_party(row, at), row[at["case_reference"]]))

    def delete(self, party_id: int) -> None:
        """Remove a party; refused while they are the source of notes (never misattribute)."""
        sources = self._conn.execute(
            "SELECT count(*) FROM notes WHERE source_party_id = ?", (party_id,)
        ).fetchone()[0]
        if sources:
            raise ParleyError(
                f"This party is the source of {sources} note(s); move or delete those notes "
                "first, so that nothing is attributed to the wrong person."
            )
        self._conn.execute("DELETE FROM parties WHERE id = ?", (party_id,))


def require_parties_of_case(
    conn: Connection, case_id: int, party_ids: Iterable[int], field: str
) -> None:
    """Refuse party ids that do not belong to this case (a note cannot cite a stranger)."""
    wanted = set(party_ids)
    if not wanted:
        return
    rows = conn.execute("SELECT id FROM parties WHERE case_id = ?", (case_id,))
    unknown = wanted - {r[0] for r in rows}
    if unknown:
        raise InvalidValue(field, "names someone who is not a party to this case")


def _stored_id(value: int | None) -> int:
    if value is None:
        raise ValueError("this record has not been stored yet")
    return value


def _values(party: Party) -> tuple[Any, ...]:
    return (
        party.case_id,
        party.name,
        party.role.value,
        party.side.value,
        party.contact,
        date_out(party.consented_on),
        party.consent_how,
        date_out(party.consent_withdrawn_on),
        int(party.party_to_agreement),
    )


def _party(row: Row, at: Columns) -> Party:
    return Party(
        id=row[at["id"]],
        case_id=row[at["case_id"]],
        name=row[at["name"]],
        role=PartyRole(row[at["role"]]),
        side=Side(row[at["side"]]),
        contact=row[at["contact"]],
        consented_on=date_in(row[at["consented_on"]]),
        consent_how=row[at["consent_how"]],
        consent_withdrawn_on=date_in(row[at["consent_withdrawn_on"]]),
        party_to_agreement=bool(row[at["party_to_agreement"]]),
    )
