"""The archive of agreed-terms documents received from mediators.

Each entry is exactly an ``AgreedTerms`` value object (the one the PDF is drawn from), plus
when it came and from whom, when the signed copy came back, and when it went to the
hospital for the care notes. The office prints and exports it from here, and sees which are
still waiting.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.cases.agreed_terms import AgreedTerms, AgreementParty
from app.cases.validation import check_date
from app.errors import InvalidValue, NotFound
from app.formatting import format_date
from app.storage.convert import date_in, date_out
from app.storage.database import Connection
from app.storage.rows import Columns, Row, columns, read_all, read_one

_COLUMNS = (
    "id, case_reference, organisation, patient_name, patient_born_on, nhs_number, "
    "hospital_number, hospital, team, agreed_on, mediator, received_on, received_from, "
    "sealed_id, signed_copy_on, sent_to_hospital_on"
)


@dataclass(frozen=True)
class ArchivedAgreement:
    id: int
    document: AgreedTerms
    received_on: date
    received_from: str  # the fingerprint of the mediator's card
    sealed_id: str
    signed_copy_on: date | None = None
    sent_to_hospital_on: date | None = None

    @property
    def waiting_for(self) -> str:
        """What the office is still waiting for, in words; empty when it is done."""
        if self.signed_copy_on is None:
            return "the signed copy"
        if self.sent_to_hospital_on is None:
            return "sending to the hospital"
        return ""


class AgreementArchive:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def add(
        self,
        document: AgreedTerms,
        *,
        received_on: date,
        received_from: str,
        sealed_id: str,
        signed_copy_on: date | None = None,
        sent_to_hospital_on: date | None = None,
    ) -> ArchivedAgreement:
        """File a received agreement (the caller has checked it as a received payload); the
        last two dates only when it is read back from an export of the book."""
        cur = self._conn.execute(
            f"INSERT INTO agreements ({_COLUMNS}) "
            "VALUES (NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                document.case_reference,
                document.organisation,
                document.patient_name,
                date_out(document.patient_date_of_birth),
                document.nhs_number,
                document.hospital_number,
                document.hospital,
                document.team,
                date_out(document.agreed_on),
                document.mediator,
                date_out(received_on),
                received_from,
                sealed_id,
                date_out(signed_copy_on),
                date_out(sent_to_hospital_on),
            ),
        )
        agreement_id = int(cur.lastrowid)
        self._conn.executemany(
            "INSERT INTO agreement_parties (agreement_id, position, name, role) "
            "VALUES (?, ?, ?, ?)",
            [(agreement_id, n, p.name, p.role) for n, p in enumerate(document.parties)],
        )
        self._conn.executemany(
            "INSERT INTO agreement_terms (agreement_id, position, text) VALUES (?, ?, ?)",
            [(agreement_id, n, text) for n, text in enumerate(document.terms)],
        )
        return self.get(agreement_id)

    def get(self, agreement_id: int) -> ArchivedAgreement:
        cursor = self._conn.execute(
            f"SELECT {_COLUMNS} FROM agreements WHERE id = ?", (agreement_id,)
        )
        found = read_one(cursor, self._agreement)
        if found is None:
            raise NotFound("That agreement is not in the archive.")
        return found

    def latest_for(self, reference: str) -> ArchivedAgreement:
        """The agreement most recently received for a case (a mediator may send a revision)."""
        cursor = self._conn.execute(
            f"SELECT {_COLUMNS} FROM agreements WHERE case_reference = ? "
            "ORDER BY received_on DESC, id DESC LIMIT 1",
            (reference.strip(),),
        )
        found = read_one(cursor, self._agreement)
        if found is None:
            raise NotFound(f"No agreement for {reference.strip()} has been received.")
        return found

    def all(self) -> list[ArchivedAgreement]:
        """Every archived agreement, the latest received first."""
        cursor = self._conn.execute(
            f"SELECT {_COLUMNS} FROM agreements ORDER BY received_on DESC, id DESC"
        )
        # All rows first: each agreement reads its parties and terms on this connection.
        at = columns(cursor)
        return [self._agreement(r, at) for r in cursor.fetchall()]

    def waiting(self) -> list[ArchivedAgreement]:
        """Those not yet sent to the hospital, the longest waiting first."""
        cursor = self._conn.execute(
            f"SELECT {_COLUMNS} FROM agreements WHERE sent_to_hospital_on IS NULL "
            "ORDER BY received_on, id"
        )
        at = columns(cursor)
        return [self._agreement(r, at) for r in cursor.fetchall()]

    def count(self) -> int:
        return int(self._conn.execute("SELECT count(*) FROM agreements").fetchone()[0])

    def record_signed_copy(self, agreement_id: int, on: date, *, today: date) -> ArchivedAgreement:
        """Record the day the signed copy came back to the office."""
        current = self.get(agreement_id)
        _check_day("signed_copy_on", on, today)
        agreed_on = current.document.agreed_on
        if agreed_on is not None and on < agreed_on:
            raise InvalidValue(
                "signed_copy_on",
                f"this is before the agreement was made ({format_date(agreed_on)})",
            )
        if current.sent_to_hospital_on is not None and on > current.sent_to_hospital_on:
            sent = format_date(current.sent_to_hospital_on)
            raise InvalidValue("signed_copy_on", f"this is after it went to the hospital ({sent})")
        self._conn.execute(
            "UPDATE agreements SET signed_copy_on = ? WHERE id = ?", (date_out(on), agreement_id)
        )
        return self.get(agreement_id)

    def record_sent_to_hospital(
        self, agreement_id: int, on: date, *, today: date
    ) -> ArchivedAgreement:
        """Record the day the signed copy went to the hospital for the care notes."""
        current = self.get(agreement_id)
        _check_day("sent_to_hospital_on", on, today)
        if current.signed_copy_on is None:
            raise InvalidValue("sent_to_hospital_on", "record first when the signed copy came back")
        if on < current.signed_copy_on:
            raise InvalidValue(
                "sent_to_hospital_on",
                f"this is before the signed copy came back ({format_date(current.signed_copy_on)})",
            )
        self._conn.execute(
            "UPDATE agreements SET sent_to_hospital_on = ? WHERE id = ?",
            (date_out(on), agreement_id),
        )
        return self.get(agreement_id)

    def _agreement(self, row: Row, at: Columns) -> ArchivedAgreement:
        agreement_id = row[at["id"]]
        parties = tuple(
            read_all(
                self._conn.execute(
                    "SELECT name, role FROM agreement_parties WHERE agreement_id = ? "
                    "ORDER BY position",
                    (agreement_id,),
                ),
                _party,
            )
        )
        terms = tuple(
            r[0]
            for r in self._conn.execute(
                "SELECT text FROM agreement_terms WHERE agreement_id = ? ORDER BY position",
                (agreement_id,),
            )
        )
        document = AgreedTerms(
            organisation=row[at["organisation"]],
            case_reference=row[at["case_reference"]],
            patient_name=row[at["patient_name"]],
            patient_date_of_birth=date_in(row[at["patient_born_on"]]),
            nhs_number=row[at["nhs_number"]],
            hospital_number=row[at["hospital_number"]],
            hospital=row[at["hospital"]],
            team=row[at["team"]],
            agreed_on=date_in(row[at["agreed_on"]]),
            parties=parties,
            terms=terms,
            mediator=row[at["mediator"]],
        )
        received_on = date_in(row[at["received_on"]])
        assert received_on is not None  # NOT NULL in the schema
        return ArchivedAgreement(
            id=agreement_id,
            document=document,
            received_on=received_on,
            received_from=row[at["received_from"]],
            sealed_id=row[at["sealed_id"]],
            signed_copy_on=date_in(row[at["signed_copy_on"]]),
            sent_to_hospital_on=date_in(row[at["sent_to_hospital_on"]]),
        )


def _party(row: Row, at: Columns) -> AgreementParty:
    return AgreementParty(name=row[at["name"]], role=row[at["role"]])


def _check_day(field: str, on: date, today: date) -> None:
    check_date(field, on)
    if on > today:
        raise InvalidValue(field, "this is in the future")
