"""The mediator's notes: confidential by default, shareable only with recorded consent."""

from __future__ import annotations

from typing import Any

from app.cases.records import Note
from app.cases.stores.parties import require_parties_of_case
from app.cases.validation import check_note
from app.errors import InvalidValue, NotFound
from app.storage.convert import date_in, date_out, time_in, time_out
from app.storage.database import Connection
from app.storage.rows import Columns, Row, aliased, read_all, read_one

_COLUMNS = (
    "id, case_id, meeting_id, source_party_id, text, written_at, consent_on, consent_how, "
    "consent_withdrawn_on"
)


class NoteStore:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def add(self, note: Note) -> Note:
        self._check(note)
        cur = self._conn.execute(
            f"INSERT INTO notes ({_COLUMNS}) VALUES (NULL, ?, ?, ?, ?, ?, ?, ?, ?)",
            _values(note),
        )
        note_id = int(cur.lastrowid)
        self._set_shares(note_id, note.share_with)
        return self.get(note_id)

    def update(self, note: Note) -> Note:
        self._check(note)
        cur = self._conn.execute(
            "UPDATE notes SET case_id = ?, meeting_id = ?, source_party_id = ?, text = ?, "
            "written_at = ?, consent_on = ?, consent_how = ?, consent_withdrawn_on = ? "
            "WHERE id = ? AND case_id = ?",
            (*_values(note), note.id, note.case_id),
        )
        if cur.rowcount != 1 or note.id is None:
            raise NotFound("That note no longer exists.")
        self._conn.execute("DELETE FROM note_shares WHERE note_id = ?", (note.id,))
        self._set_shares(note.id, note.share_with)
        return self.get(note.id)

    def get(self, note_id: int) -> Note:
        found = read_one(
            self._conn.execute(f"SELECT {_COLUMNS} FROM notes WHERE id = ?", (note_id,)), self._note
        )
        if found is None:
            raise NotFound("That note no longer exists.")
        return found

    def for_case(self, case_id: int) -> list[Note]:
        return read_all(
            self._conn.execute(
                f"SELECT {_COLUMNS} FROM notes WHERE case_id = ? ORDER BY written_at, id",
                (case_id,),
            ),
            self._note,
        )

    def shareable_with(self, case_id: int, party_id: int) -> list[Note]:
        """Exactly the notes whose source has given live, recorded consent to share them
        with this party. Anything else stays confidential to the mediator."""
        return read_all(
            self._conn.execute(
                f"SELECT {aliased('n', _COLUMNS)} "
                "FROM notes n JOIN note_shares s ON s.note_id = n.id "
                "WHERE n.case_id = ? AND s.party_id = ? AND n.consent_on IS NOT NULL "
                "AND n.consent_withdrawn_on IS NULL ORDER BY n.written_at, n.id",
                (case_id, party_id),
            ),
            self._note,
        )

    def delete(self, note_id: int) -> None:
        self._conn.execute("DELETE FROM notes WHERE id = ?", (note_id,))

    def _check(self, note: Note) -> None:
        check_note(note)
        parties = list(note.share_with)
        if note.source_party_id is not None:
            require_parties_of_case(self._conn, note.case_id, [note.source_party_id], "source")
        require_parties_of_case(self._conn, note.case_id, parties, "may_share_with")
        if note.meeting_id is not None:
            row = self._conn.execute(
                "SELECT case_id FROM meetings WHERE id = ?", (note.meeting_id,)
            ).fetchone()
            if row is None or row[0] != note.case_id:
                raise InvalidValue("meeting", "names a meeting that is not part of this case")

    def _set_shares(self, note_id: int, party_ids: tuple[int, ...]) -> None:
        self._conn.executemany(
            "INSERT INTO note_shares (note_id, party_id) VALUES (?, ?)",
            [(note_id, p) for p in party_ids],
        )

    def _note(self, row: Row, at: Columns) -> Note:
        shares = tuple(
            r[0]
            for r in self._conn.execute(
                "SELECT party_id FROM note_shares WHERE note_id = ? ORDER BY party_id",
                (row[at["id"]],),
            )
        )
        written_at = time_in(row[at["written_at"]])
        assert written_at is not None  # NOT NULL in the schema
        return Note(
            id=row[at["id"]],
            case_id=row[at["case_id"]],
            meeting_id=row[at["meeting_id"]],
            source_party_id=row[at["source_party_id"]],
            text=row[at["text"]],
            written_at=written_at,
            share_with=shares,
            consent_on=date_in(row[at["consent_on"]]),
            consent_how=row[at["consent_how"]],
            consent_withdrawn_on=date_in(row[at["consent_withdrawn_on"]]),
        )


def _values(note: Note) -> tuple[Any, ...]:
    return (
        note.case_id,
        note.meeting_id,
        note.source_party_id,
        note.text,
        time_out(note.written_at),
        date_out(note.consent_on),
        note.consent_how,
        date_out(note.consent_withdrawn_on),
    )
