"""Referrals: the cases the office has taken in, as their opening details, and to whom each
was sent."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from app.cases.opening import OpeningDetails, OpeningParty, check_opening_details
from app.cases.records import Court, PartyRole, Patient, Side, Stage
from app.errors import InvalidValue, NotFound
from app.storage.convert import date_in, date_out, now_text
from app.storage.database import Connection
from app.storage.rows import Columns, Row, columns, read_all, read_one

_COLUMNS = (
    "id, reference, title, stage, hospital, team, referred_on, referred_by, patient_name, "
    "patient_born_on, nhs_number, hospital_number, court_name, court_reference, next_hearing, "
    "sent_to, sent_to_fingerprint, sent_on"
)


@dataclass(frozen=True)
class Referral:
    id: int
    details: OpeningDetails
    sent_to: str = ""  # the mediator's name, as on their card
    sent_to_fingerprint: str | None = None
    sent_on: date | None = None

    @property
    def reference(self) -> str:
        return self.details.reference


class ReferralStore:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def add(self, details: OpeningDetails) -> Referral:
        """Take in a new referral (its reference new to this book)."""
        check_opening_details(details)
        if self._id_of(details.reference) is not None:
            raise InvalidValue("reference", f"{details.reference} is already a referral here")
        cur = self._conn.execute(
            "INSERT INTO referrals (reference, title, stage, hospital, team, referred_on, "
            "referred_by, patient_name, patient_born_on, nhs_number, hospital_number, "
            "court_name, court_reference, next_hearing, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (*_values(details), now_text()),
        )
        referral_id = int(cur.lastrowid)
        self._set_parties(referral_id, details.parties)
        return self.get(referral_id)

    def update(self, referral_id: int, details: OpeningDetails) -> Referral:
        """Correct a referral's details (its reference may change, to one not in use)."""
        check_opening_details(details)
        other = self._id_of(details.reference)
        if other is not None and other != referral_id:
            raise InvalidValue("reference", f"{details.reference} is already a referral here")
        cur = self._conn.execute(
            "UPDATE referrals SET reference = ?, title = ?, stage = ?, hospital = ?, team = ?, "
            "referred_on = ?, referred_by = ?, patient_name = ?, patient_born_on = ?, "
            "nhs_number = ?, hospital_number = ?, court_name = ?, court_reference = ?, "
            "next_hearing = ?, updated_at = ? WHERE id = ?",
            (*_values(details), now_text(), referral_id),
        )
        if cur.rowcount != 1:
            raise NotFound("That referral no longer exists.")
        self._conn.execute("DELETE FROM referral_parties WHERE referral_id = ?", (referral_id,))
        self._set_parties(referral_id, details.parties)
        return self.get(referral_id)

    def mark_sent(self, referral_id: int, *, to: str, fingerprint: str, on: date) -> Referral:
        """Record that the referral was sealed to a mediator (the latest sending counts)."""
        cur = self._conn.execute(
            "UPDATE referrals SET sent_to = ?, sent_to_fingerprint = ?, sent_on = ?, "
            "updated_at = ? WHERE id = ?",
            (to, fingerprint, date_out(on), now_text(), referral_id),
        )
        if cur.rowcount != 1:
            raise NotFound("That referral no longer exists.")
        return self.get(referral_id)

    def get(self, referral_id: int) -> Referral:
        found = read_one(
            self._conn.execute(f"SELECT {_COLUMNS} FROM referrals WHERE id = ?", (referral_id,)),
            self._referral,
        )
        if found is None:
            raise NotFound("That referral no longer exists.")
        return found

    def by_reference(self, reference: str) -> Referral:
        referral_id = self._id_of(reference.strip())
        if referral_id is None:
            raise NotFound(f"There is no referral with the reference {reference.strip()}.")
        return self.get(referral_id)

    def all(self) -> list[Referral]:
        """Every referral, the latest referred first."""
        cursor = self._conn.execute(
            f"SELECT {_COLUMNS} FROM referrals ORDER BY referred_on DESC, reference"
        )
        at = columns(cursor)
        rows = cursor.fetchall()
        parties = self._parties_by_referral()
        return [self._referral(r, at, parties.get(r[at["id"]], ())) for r in rows]

    def referred_by_stage(self, first: date, last: date) -> dict[Stage, int]:
        """How many referrals were made from ``first`` to ``last``, by stage."""
        rows = self._conn.execute(
            "SELECT stage, count(*) FROM referrals WHERE referred_on BETWEEN ? AND ? "
            "GROUP BY stage",
            (first.isoformat(), last.isoformat()),
        )
        return {Stage(stage): int(count) for stage, count in rows}

    def references(self) -> set[str]:
        return {r[0] for r in self._conn.execute("SELECT reference FROM referrals")}

    def count(self) -> int:
        return int(self._conn.execute("SELECT count(*) FROM referrals").fetchone()[0])

    def _id_of(self, reference: str) -> int | None:
        row = self._conn.execute(
            "SELECT id FROM referrals WHERE reference = ?", (reference,)
        ).fetchone()
        return None if row is None else int(row[0])

    def _set_parties(self, referral_id: int, parties: tuple[OpeningParty, ...]) -> None:
        self._conn.executemany(
            "INSERT INTO referral_parties (referral_id, position, name, role, side, contact) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [
                (referral_id, n, p.name, PartyRole(p.role).value, Side(p.side).value, p.contact)
                for n, p in enumerate(parties)
            ],
        )

    def _parties_by_referral(self) -> dict[int, tuple[OpeningParty, ...]]:
        found: dict[int, list[OpeningParty]] = {}
        cursor = self._conn.execute(
            "SELECT referral_id, name, role, side, contact FROM referral_parties "
            "ORDER BY referral_id, position"
        )
        at = columns(cursor)
        for row in cursor:
            found.setdefault(row[at["referral_id"]], []).append(_party(row, at))
        return {k: tuple(v) for k, v in found.items()}

    def _referral(
        self, row: Row, at: Columns, parties: tuple[OpeningParty, ...] | None = None
    ) -> Referral:
        if parties is None:
            parties = tuple(
                read_all(
                    self._conn.execute(
                        "SELECT name, role, side, contact FROM referral_parties "
                        "WHERE referral_id = ? ORDER BY position",
                        (row[at["id"]],),
                    ),
                    _party,
                )
            )
        court = None
        court_name, court_reference = row[at["court_name"]], row[at["court_reference"]]
        next_hearing = row[at["next_hearing"]]
        if court_name is not None or court_reference is not None or next_hearing is not None:
            court = Court(court_name or "", court_reference or "", date_in(next_hearing))
        details = OpeningDetails(
            reference=row[at["reference"]],
            title=row[at["title"]],
            stage=Stage(row[at["stage"]]),
            hospital=row[at["hospital"]],
            team=row[at["team"]],
            referred_on=date_in(row[at["referred_on"]]),
            referred_by=row[at["referred_by"]],
            patient=Patient(
                row[at["patient_name"]],
                date_in(row[at["patient_born_on"]]),
                row[at["nhs_number"]],
                row[at["hospital_number"]],
            ),
            court=court,
            parties=parties,
        )
        return Referral(
            id=row[at["id"]],
            details=details,
            sent_to=row[at["sent_to"]],
            sent_to_fingerprint=row[at["sent_to_fingerprint"]],
            sent_on=date_in(row[at["sent_on"]]),
        )


def _party(row: Row, at: Columns) -> OpeningParty:
    return OpeningParty(
        name=row[at["name"]],
        role=PartyRole(row[at["role"]]),
        side=Side(row[at["side"]]),
        contact=row[at["contact"]],
    )


def _values(details: OpeningDetails) -> tuple[Any, ...]:
    court = details.court
    return (
        details.reference,
        details.title,
        Stage(details.stage).value,
        details.hospital,
        details.team,
        date_out(details.referred_on),
        details.referred_by,
        details.patient.name,
        date_out(details.patient.date_of_birth),
        details.patient.nhs_number,
        details.patient.hospital_number,
        None if court is None else court.name,
        None if court is None else court.reference,
        None if court is None else date_out(court.next_hearing),
    )
