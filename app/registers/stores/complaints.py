"""The complaints register: each complaint, its deadlines and how it was dealt with.

In a casebook a complaint links to the case it is about; an office book holds no cases, so
there the complaint keeps the case's reference as it was given (``office=True``).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from app.errors import InvalidValue, NotFound
from app.formatting import format_date
from app.registers.complaints import (
    AcknowledgedBy,
    Channel,
    Complaint,
    ComplaintAbout,
    ComplaintStatus,
    DeadlineRules,
    acknowledgement_due,
    check_complaint,
    response_due,
    sort_key,
)
from app.storage.convert import date_in, date_out, now_text
from app.storage.database import Connection
from app.storage.rows import Columns, Row, aliased, read_all, read_one

_COMPLAINT_COLUMNS = (
    "id, received_on, channel, complainant_name, complainant_contact, about, about_detail, "
    "status, acknowledgement_due_on, response_due_on, acknowledged_on, acknowledged_how, "
    "response_sent_on, outcome, closed_on, answer_by"
)
# A casebook links a complaint to its case by id; the office's book keeps the reference.
_LINKED = (
    f"SELECT {aliased('k', _COMPLAINT_COLUMNS)}, c.reference AS case_reference "
    "FROM complaints k LEFT JOIN cases c ON c.id = k.case_id"
)
_NAMED = (
    f"SELECT {aliased('k', _COMPLAINT_COLUMNS)}, k.case_reference AS case_reference "
    "FROM complaints k"
)
_OPEN = (
    ComplaintStatus.RECEIVED,
    ComplaintStatus.ACKNOWLEDGED,
    ComplaintStatus.UNDER_INVESTIGATION,
)


class ComplaintStore:
    def __init__(self, conn: Connection, *, office: bool = False) -> None:
        self._conn = conn
        self._office = office
        self._select = _NAMED if office else _LINKED
        self._case_column = "case_reference" if office else "case_id"

    def add(self, complaint: Complaint, rules: DeadlineRules) -> Complaint:
        """Record a newly received complaint; its deadlines are worked out from ``rules``."""
        if complaint.status is not ComplaintStatus.RECEIVED or _has_progress(complaint):
            raise InvalidValue("status", "a complaint is recorded as received, then progressed")
        check_complaint(complaint)
        cur = self._conn.execute(
            "INSERT INTO complaints (received_on, channel, complainant_name, complainant_contact, "
            f"about, about_detail, {self._case_column}, answer_by, status, "
            "acknowledgement_due_on, response_due_on, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'received', ?, ?, ?)",
            (
                *self._detail_values(complaint),
                date_out(acknowledgement_due(complaint.received_on, rules)),
                date_out(response_due(complaint.received_on, rules)),
                now_text(),
            ),
        )
        return self.get(int(cur.lastrowid))

    def update(self, complaint: Complaint, rules: DeadlineRules) -> Complaint:
        """Correct a complaint's details (not its progress, which has its own steps).

        Only a changed date of receipt moves the deadlines, worked out anew from ``rules``.
        """
        if complaint.id is None:
            raise ValueError("update needs a stored complaint")
        current = self.get(complaint.id)
        merged = replace(
            current,
            received_on=complaint.received_on,
            channel=complaint.channel,
            complainant_name=complaint.complainant_name,
            complainant_contact=complaint.complainant_contact,
            answer_by=complaint.answer_by,
            about=complaint.about,
            about_detail=complaint.about_detail,
            case_reference=complaint.case_reference,
            outcome=complaint.outcome,
        )
        check_complaint(merged, kept_case_reference=current.case_reference)
        if merged.received_on != current.received_on:
            merged = replace(
                merged,
                acknowledgement_due_on=acknowledgement_due(merged.received_on, rules),
                response_due_on=response_due(merged.received_on, rules),
            )
        self._conn.execute(
            "UPDATE complaints SET received_on = ?, channel = ?, complainant_name = ?, "
            f"complainant_contact = ?, about = ?, about_detail = ?, {self._case_column} = ?, "
            "answer_by = ?, "
            "acknowledgement_due_on = ?, response_due_on = ?, outcome = ?, updated_at = ? "
            "WHERE id = ?",
            (
                *self._detail_values(merged),
                date_out(merged.acknowledgement_due_on),
                date_out(merged.response_due_on),
                merged.outcome,
                now_text(),
                complaint.id,
            ),
        )
        return self.get(complaint.id)

    def acknowledge(self, complaint_id: int, on: date, how: AcknowledgedBy) -> Complaint:
        """Record the acknowledgement: when and how it was made."""
        current = self.get(complaint_id)
        if current.acknowledged_on is not None:
            raise InvalidValue("acknowledged_on", "this complaint has already been acknowledged")
        if current.status not in _OPEN:
            raise _already(current)
        check_complaint(
            replace(current, acknowledged_on=on), kept_case_reference=current.case_reference
        )
        status = (
            ComplaintStatus.ACKNOWLEDGED
            if current.status is ComplaintStatus.RECEIVED
            else current.status
        )
        self._set(
            complaint_id,
            "status = ?, acknowledged_on = ?, acknowledged_how = ?",
            status.value,
            date_out(on),
            AcknowledgedBy(how).value,
        )
        return self.get(complaint_id)

    def start_investigation(self, complaint_id: int) -> Complaint:
        """Mark a received or acknowledged complaint as under investigation."""
        current = self.get(complaint_id)
        if current.status not in (ComplaintStatus.RECEIVED, ComplaintStatus.ACKNOWLEDGED):
            raise _already(current)
        self._set(complaint_id, "status = 'under_investigation'")
        return self.get(complaint_id)

    def record_response(self, complaint_id: int, on: date, outcome: str) -> Complaint:
        """Record the written response: its date and the outcome."""
        current = self.get(complaint_id)
        if current.status not in _OPEN:
            raise _already(current)
        check_complaint(
            replace(current, response_sent_on=on, outcome=outcome),
            kept_case_reference=current.case_reference,
        )
        if not outcome.strip():
            raise InvalidValue("outcome", "say what the outcome was")
        if current.acknowledged_on is not None and on < current.acknowledged_on:
            raise InvalidValue(
                "response_sent_on",
                f"this is before the acknowledgement ({format_date(current.acknowledged_on)})",
            )
        self._set(
            complaint_id,
            "status = 'responded', response_sent_on = ?, outcome = ?",
            date_out(on),
            outcome,
        )
        return self.get(complaint_id)

    def close(self, complaint_id: int, on: date) -> Complaint:
        """Close a complaint (after the response, or when it is withdrawn)."""
        current = self.get(complaint_id)
        if current.status is ComplaintStatus.CLOSED:
            raise InvalidValue("status", "this complaint is already closed")
        check_complaint(replace(current, closed_on=on), kept_case_reference=current.case_reference)
        if current.response_sent_on is not None and on < current.response_sent_on:
            raise InvalidValue(
                "closed_on",
                f"this is before the response was sent ({format_date(current.response_sent_on)})",
            )
        self._set(complaint_id, "status = 'closed', closed_on = ?", date_out(on))
        return self.get(complaint_id)

    def get(self, complaint_id: int) -> Complaint:
        found = read_one(
            self._conn.execute(f"{self._select} WHERE k.id = ?", (complaint_id,)), _complaint
        )
        if found is None:
            raise NotFound("That complaint no longer exists.")
        return found

    def all(self) -> list[Complaint]:
        """Every complaint, soonest outstanding deadline first and closed ones last."""
        return sorted(read_all(self._conn.execute(self._select), _complaint), key=sort_key)

    def due_by(self, day: date) -> list[Complaint]:
        """Open complaints with a deadline outstanding on or before ``day`` (overdue included)."""
        cursor = self._conn.execute(
            f"{self._select} WHERE k.id IN ("
            "SELECT id FROM complaints WHERE acknowledged_on IS NULL AND response_sent_on IS NULL "
            "AND status <> 'closed' AND acknowledgement_due_on <= :day "
            "UNION SELECT id FROM complaints WHERE response_sent_on IS NULL "
            "AND status <> 'closed' AND response_due_on <= :day)",
            {"day": date_out(day)},
        )
        return sorted(read_all(cursor, _complaint), key=sort_key)

    def _detail_values(self, complaint: Complaint) -> tuple[Any, ...]:
        return (
            date_out(complaint.received_on),
            Channel(complaint.channel).value,
            complaint.complainant_name,
            complaint.complainant_contact,
            ComplaintAbout(complaint.about).value,
            complaint.about_detail,
            self._case(complaint.case_reference),
            complaint.answer_by.value if complaint.answer_by else None,
        )

    def _case(self, reference: str) -> int | str | None:
        if self._office:
            return reference.strip()
        if not reference.strip():
            return None
        row = self._conn.execute(
            "SELECT id FROM cases WHERE reference = ?", (reference.strip(),)
        ).fetchone()
        if row is None:
            raise InvalidValue("case_reference", f"there is no case with the reference {reference}")
        return int(row[0])

    def _set(self, complaint_id: int, assignments: str, *values: Any) -> None:
        self._conn.execute(
            f"UPDATE complaints SET {assignments}, updated_at = ? WHERE id = ?",
            (*values, now_text(), complaint_id),
        )


def _already(complaint: Complaint) -> InvalidValue:
    return InvalidValue("status", f"this complaint is already {complaint.status.label.lower()}")


def _has_progress(complaint: Complaint) -> bool:
    return any(
        (complaint.acknowledged_on, complaint.response_sent_on, complaint.closed_on)
    ) or bool(complaint.outcome.strip())


def _complaint(row: Row, at: Columns) -> Complaint:
    received_on = date_in(row[at["received_on"]])
    assert received_on is not None  # NOT NULL in the schema
    acknowledged_how = row[at["acknowledged_how"]]
    return Complaint(
        id=row[at["id"]],
        received_on=received_on,
        channel=Channel(row[at["channel"]]),
        complainant_name=row[at["complainant_name"]],
        complainant_contact=row[at["complainant_contact"]],
        answer_by=AcknowledgedBy(row[at["answer_by"]]) if row[at["answer_by"]] else None,
        about=ComplaintAbout(row[at["about"]]),
        about_detail=row[at["about_detail"]],
        case_reference=row[at["case_reference"]] or "",
        status=ComplaintStatus(row[at["status"]]),
        acknowledgement_due_on=date_in(row[at["acknowledgement_due_on"]]),
        response_due_on=date_in(row[at["response_due_on"]]),
        acknowledged_on=date_in(row[at["acknowledged_on"]]),
        acknowledged_how=AcknowledgedBy(acknowledged_how) if acknowledged_how else None,
        response_sent_on=date_in(row[at["response_sent_on"]]),
        outcome=row[at["outcome"]],
        closed_on=date_in(row[at["closed_on"]]),
    )
