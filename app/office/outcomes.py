"""The anonymous outcome records the office has received: the statistics are made from them.

Kept in the same columns as a casebook keeps its own (``app.cases.stores.outcomes``), with
the day each was received.
"""

from __future__ import annotations

from datetime import date

from app.cases.outcomes import ClosedCounts, OutcomeRecord
from app.cases.records import MeetingKind
from app.cases.stores.outcomes import (
    RECORD_COLUMNS,
    count_closed,
    count_meetings,
    read_record,
    record_values,
)
from app.storage.convert import date_in, date_out
from app.storage.database import Connection
from app.storage.rows import Columns, Row, read_all

_COLUMNS = ", ".join(RECORD_COLUMNS)


class OutcomeStore:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def add(self, record: OutcomeRecord, *, received_on: date) -> None:
        """Keep a received record (the caller has checked it)."""
        self._conn.execute(
            f"INSERT INTO outcomes ({_COLUMNS}, received_on) "
            f"VALUES ({', '.join('?' * len(RECORD_COLUMNS))}, ?)",
            (*record_values(record), date_out(received_on)),
        )

    def all(self) -> list[tuple[OutcomeRecord, date]]:
        """Every record with the day it was received, in the order received."""
        return read_all(
            self._conn.execute(f"SELECT {_COLUMNS}, received_on FROM outcomes ORDER BY id"),
            _received,
        )

    def closed_between(self, first: date, last: date) -> list[OutcomeRecord]:
        """The records of cases closed from ``first`` to ``last``, both included."""
        cursor = self._conn.execute(
            f"SELECT {_COLUMNS} FROM outcomes WHERE closed_on BETWEEN ? AND ? "
            "ORDER BY closed_on, id",
            (first.isoformat(), last.isoformat()),
        )
        return read_all(cursor, read_record)

    def referred_between(self, first: date, last: date) -> list[OutcomeRecord]:
        """The records of closed cases referred from ``first`` to ``last``."""
        cursor = self._conn.execute(
            f"SELECT {_COLUMNS} FROM outcomes WHERE referred_on BETWEEN ? AND ? ORDER BY id",
            (first.isoformat(), last.isoformat()),
        )
        return read_all(cursor, read_record)

    def counted_between(self, first: date, last: date) -> ClosedCounts:
        """The records of cases closed from ``first`` to ``last``, counted."""
        return count_closed(self._conn, first, last)

    def meetings_counted_between(self, first: date, last: date) -> dict[MeetingKind, int]:
        """The meetings the records of cases closed from ``first`` to ``last`` count."""
        return count_meetings(self._conn, first, last)

    def count(self) -> int:
        return int(self._conn.execute("SELECT count(*) FROM outcomes").fetchone()[0])


def _received(row: Row, at: Columns) -> tuple[OutcomeRecord, date]:
    received = date_in(row[at["received_on"]])
    assert received is not None  # NOT NULL in the schema
    return read_record(row, at), received
