"""The registers as plain rows: written by ``export-book`` and read back by ``import``.

Every row of every register table is written whole, column by column, ids included (a
booking is quoted to clients as ``TB-00042`` and a complaint as ``CP-00007``: moving the
registers must not renumber them). A casebook's complaint links to its case; the row names
the case by its reference instead, so the registers read the same in an office book, which
holds no cases.

Reading back is all or nothing and strict: each row must have exactly the table's columns,
each value the column's type; the database's own rules (CHECK constraints) and the
registers' rules (``check_course``, ``check_booking``, ``check_complaint``) then hold each
record, and a refusal names the path of the row or field. The registers can only be read
into a book whose registers are empty.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from app.errors import ImportRejected, InvalidValue
from app.exchange import import_schema as schema
from app.registers.access_requests import check_request
from app.registers.complaints import check_complaint
from app.registers.delegates import check_delegate, check_feedback
from app.registers.stores.access_requests import AccessRequestStore
from app.registers.stores.complaints import ComplaintStore
from app.registers.stores.delegates import DelegateStore, FeedbackStore
from app.registers.stores.training import BookingStore, CourseStore
from app.registers.training import check_booking, check_course
from app.storage import rows
from app.storage.database import Connection, database_error_types

#: Each register table, in an order that keeps links intact (courses before bookings), and
#: what one of its rows is called in a message.
TABLES = {
    "training_courses": "a training course",
    "training_bookings": "a training booking",
    "training_delegates": "a course's delegate",
    "training_feedback": "a delegate's feedback",
    "complaints": "a complaint",
    "access_requests": "a subject access request",
}
#: A casebook's subject access requests name the requester's party records; the rows name
#: each by its case's reference and the party's place in that case (``p1``, in the order a
#: case's export lists its parties: by side, then as added), since a book read back numbers
#: its parties anew. An office book holds
#: no parties, so these links are not carried into one.
PARTY_LINKS = "access_request_parties"
MAX_ROWS = 100_000


def registers_are_empty(conn: Connection) -> bool:
    return all(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0 for table in TABLES)


def export_registers(conn: Connection, *, office: bool) -> dict[str, list[dict[str, Any]]]:
    """Every row of the registers, in id order, as plain JSON values."""
    exported: dict[str, list[dict[str, Any]]] = {}
    for table in TABLES:
        names = list(_columns(conn, table, office))
        order = "t.delegate_id" if table == "training_feedback" else "t.id"
        cursor = conn.execute(_select(table, names, office) + f" ORDER BY {order}")
        exported[table] = [dict(zip(names, row, strict=True)) for row in cursor]
    if not office:
        exported[PARTY_LINKS] = _party_links(conn)
    return exported


def _party_links(conn: Connection) -> list[dict[str, Any]]:
    rows = conn.execute(
        "SELECT l.request_id, c.reference, "
        "(SELECT count(*) FROM parties q WHERE q.case_id = p.case_id "
        "AND (q.side < p.side OR (q.side = p.side AND q.id <= p.id))) "
        "FROM access_request_parties l JOIN parties p ON p.id = l.party_id "
        "JOIN cases c ON c.id = p.case_id ORDER BY l.request_id, c.reference, p.id"
    )
    return [{"request_id": r, "case_reference": ref, "party": f"p{n}"} for r, ref, n in rows]


def _import_party_links(conn: Connection, fields: schema.Fields, office: bool) -> None:
    for path, item in fields.items(PARTY_LINKS, limit=MAX_ROWS, what=PARTY_LINKS):
        row = schema.Fields(item, path, ("request_id", "case_reference", "party"),
                            "a request's party record")  # fmt: skip
        request_id = row.integer("request_id")
        reference, label = row.text("case_reference"), row.text("party")
        if office:
            continue  # the office's book has no party records to link
        place = int(label[1:]) if label[:1] == "p" and label[1:].isdigit() else 0
        found = None
        if place > 0:
            found = conn.execute(
                "SELECT p.id FROM parties p JOIN cases c ON c.id = p.case_id "
                "WHERE c.reference = ? ORDER BY p.side, p.id LIMIT 1 OFFSET ?",
                (reference, place - 1),
            ).fetchone()
        if found is None:
            schema.reject(path, f"there is no party {label} in a case {reference} of this book")
        names, values = ["request_id", "party_id"], [request_id, found[0]]
        _insert(conn, PARTY_LINKS, names, values, path, office)


def import_registers(conn: Connection, value: object, path: str, *, office: bool) -> int:
    """Read the registers' rows at ``path`` into an empty set of registers (inside the
    caller's transaction); returns how many records were added."""
    fields = schema.Fields(value, path, (*TABLES, PARTY_LINKS), "the registers")
    if not registers_are_empty(conn):
        schema.reject(path, "this book already keeps register records; the registers can only "
                      "be moved into a book whose registers are empty")  # fmt: skip
    added = 0
    for table, what in TABLES.items():
        columns = _columns(conn, table, office)
        for row_path, item in fields.items(table, limit=MAX_ROWS, what=table):
            row = schema.Fields(item, row_path, tuple(columns), what)
            values = [
                _value(row, name, kind, required) for name, (kind, required) in columns.items()
            ]
            if table == "complaints" and office and row.raw("case_reference") is None:
                values[list(columns).index("case_reference")] = ""  # from a casebook: no case
            _insert(conn, table, list(columns), values, row_path, office)
            added += 1
    _import_party_links(conn, fields, office)
    _check_records(conn, fields, office)
    return added


def _columns(conn: Connection, table: str, office: bool) -> dict[str, tuple[str, bool]]:
    """Each column's declared type and whether a value is required, as the rows name them."""
    found: dict[str, tuple[str, bool]] = {}
    cursor = conn.execute(f"PRAGMA table_info({table})")
    at = rows.columns(cursor)
    for row in cursor:
        name, kind = row[at["name"]], row[at["type"]]
        not_null, primary = row[at["notnull"]], row[at["pk"]]
        if name == "case_id" and not office:
            name, kind, not_null = "case_reference", "TEXT", 0
        found[name] = (kind, bool(not_null or primary))
    return found


def _values(row: schema.Fields, columns: dict[str, tuple[str, bool]], office: bool) -> list[object]:
    values = [_value(row, name, kind, required) for name, (kind, required) in columns.items()]
    if office and "case_reference" in columns and row.raw("case_reference") is None:
        values[list(columns).index("case_reference")] = ""  # from a casebook: no case named
    return values


def _value(row: schema.Fields, name: str, kind: str, required: bool) -> object:
    # A complaint that names no case is written with a null reference from a casebook and an
    # empty one from the office; either reads into either.
    value = row.raw(name, required=required and name != "case_reference")
    if value is None:
        return None
    if kind == "INTEGER":
        return row.integer(name)
    return schema.checked_text(row.at(name), value)


def _insert(
    conn: Connection, table: str, names: list[str], values: list[object], path: str, office: bool
) -> None:
    if table == "complaints" and not office:
        at = names.index("case_reference")
        names = [*names[:at], "case_id", *names[at + 1 :]]
        values = [*values[:at], _case_id(conn, str(values[at] or ""), path), *values[at + 1 :]]
    placeholders = ", ".join("?" * len(names))
    try:
        conn.execute(f"INSERT INTO {table} ({', '.join(names)}) VALUES ({placeholders})", values)
    except database_error_types() as exc:
        schema.reject(path, f"this record breaks a rule of the registers ({exc})")


def _case_id(conn: Connection, reference: str, path: str) -> int | None:
    if not reference.strip():
        return None
    row = conn.execute("SELECT id FROM cases WHERE reference = ?", (reference,)).fetchone()
    if row is None:
        schema.reject(
            schema.join(path, "case_reference"), f"there is no case {reference} in this book"
        )
    return int(row[0])


def _check_records(conn: Connection, fields: schema.Fields, office: bool) -> None:
    """The registers' own rules, on each record as the stores read it back."""
    courses, bookings = CourseStore(conn), BookingStore(conn)
    complaints = ComplaintStore(conn, office=office)

    def booking(record_id: int) -> None:
        stored = bookings.get(record_id)
        check_booking(stored, courses.get(stored.course_id))

    delegates, feedback = DelegateStore(conn), FeedbackStore(conn)
    requests = AccessRequestStore(conn, office=office)

    def form(delegate_id: int) -> None:
        given = feedback.get(delegate_id)
        assert given is not None
        check_feedback(given)

    checks: dict[str, Callable[[int], None]] = {
        "training_courses": lambda i: check_course(courses.get(i)),
        "training_bookings": booking,
        "training_delegates": lambda i: check_delegate(delegates.get(i)),
        "training_feedback": form,
        "complaints": lambda i: check_complaint(complaints.get(i)),
        "access_requests": lambda i: check_request(requests.get(i)),
    }
    for table, check in checks.items():
        key = "delegate_id" if table == "training_feedback" else "id"
        for row_path, item in fields.items(table, limit=MAX_ROWS, what=table):
            assert isinstance(item, dict)
            try:
                check(int(item[key]))
            except InvalidValue as exc:
                raise schema.rejected_at(row_path, exc) from exc
            except (ValueError, ArithmeticError, KeyError, TypeError) as exc:
                raise ImportRejected(f"{row_path}: this record cannot be read ({exc})") from exc


def _select(table: str, names: list[str], office: bool) -> str:
    if table == "complaints" and not office:
        # No case: an empty reference, as the office's book writes it.
        linked = "coalesce(c.reference, '') AS case_reference"
        listed = ", ".join(linked if n == "case_reference" else f"t.{n}" for n in names)
        return f"SELECT {listed} FROM complaints t LEFT JOIN cases c ON c.id = t.case_id"
    return f"SELECT {', '.join(f't.{n}' for n in names)} FROM {table} t"
