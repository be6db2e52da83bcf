"""The anonymous outcome records the office has received: the statistics are made from them."""

from __future__ import annotations

from datetime import date
from types import MappingProxyType

from app.cases.outcomes import OutcomeRecord
from app.cases.records import MeetingKind, Stage, Status
from app.storage.convert import date_in, date_out
from app.storage.database import Connection
from app.storage.rows import Columns, Row, read_all

#: Each kind of meeting's count column.
MEETING_COLUMNS = {kind: f"{kind.value}_meetings" for kind in MeetingKind}
_COLUMNS = "stage, status, referred_on, closed_on, " + ", ".join(MEETING_COLUMNS.values())


class OutcomeStore:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def add(self, record: OutcomeRecord, *, received_on: date) -> None:
        """Keep a received record (the caller has checked it)."""
        self._conn.execute(
            f"INSERT INTO outcomes ({_COLUMNS}, received_on) "
            f"VALUES ({', '.join('?' * (4 + len(MEETING_COLUMNS)))}, ?)",
            (
                Stage(record.stage).value,
                Status(record.status).value,
                date_out(record.referred_on),
                date_out(record.closed_on),
                *(record.meetings[kind] for kind in MEETING_COLUMNS),
                date_out(received_on),
            ),
        )

    def all(self) -> list[tuple[OutcomeRecord, date]]:
        """Every record with the day it was received, in the order received."""
        return read_all(
            self._conn.execute(f"SELECT {_COLUMNS}, received_on FROM outcomes ORDER BY id"),
            _record,
        )

    def count(self) -> int:
        return int(self._conn.execute("SELECT count(*) FROM outcomes").fetchone()[0])


def _record(row: Row, at: Columns) -> tuple[OutcomeRecord, date]:
    counts = {kind: int(row[at[column]]) for kind, column in MEETING_COLUMNS.items()}
    received = date_in(row[at["received_on"]])
    assert received is not None  # NOT NULL in the schema
    record = OutcomeRecord(
        stage=Stage(row[at["stage"]]),
        status=Status(row[at["status"]]),
        referred_on=date_in(row[at["referred_on"]]),
        closed_on=date_in(row[at["closed_on"]]),
        meetings=MappingProxyType(counts),
    )
    return record, received
