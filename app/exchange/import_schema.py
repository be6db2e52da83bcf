"""Read the records of a ``parley.cases/1`` document, one JSON object at a time.

Here are the checks the stores cannot make: each record's fields, each value's JSON type,
enum values, the exact date and time forms, limits against hostile files, and the file-local
ids that tie meetings, notes and issues to the parties of their case. Every error names the
path of its field. Value rules (lengths, NHS numbers, plausible dates, consent) stay in
``app.cases.validation``; ``checked`` applies them with the path. The format is described, and
whole files are assembled and stored, in ``app.exchange.importer``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date, datetime
from enum import StrEnum
from typing import NoReturn, TypeVar

from app.cases import validation
from app.cases.nhs import normalise_nhs_number
from app.cases.records import (
    Court,
    CourtAgreement,
    Disclosure,
    DisclosureGround,
    Issue,
    IssueKind,
    Meeting,
    MeetingKind,
    Note,
    Party,
    PartyRole,
    Patient,
    Side,
    Term,
    TermStatus,
)
from app.errors import ImportRejected, InvalidValue

#: Per case. Generous for real work, small enough that a hostile file cannot make one case
#: swallow the machine before the size limit would.
MAX_RECORDS = {
    "parties": 1_000,
    "meetings": 1_000,
    "terms": 1_000,
    "notes": 100_000,
    "issues": 10_000,
    "disclosures": 1_000,
}
MAX_ID_LENGTH = 64
MEDIATOR_SOURCE = "mediator"
QUOTE_LIMIT = 40

TOP_FIELDS = ("format", "cases")
CASE_FIELDS = (
    "reference", "title", "stage", "status", "referred_on", "referred_by", "hospital", "team",
    "summary", "court", "patient", "parties", "meetings", "notes", "issues", "terms",
    "agreed_on", "disclosures",
)  # fmt: skip
COURT_FIELDS = (
    "name", "reference", "next_hearing", "parties_wish_to_mediate_on", "court_agreed_on",
    "court_agreed_by",
)  # fmt: skip
PATIENT_FIELDS = ("name", "date_of_birth", "nhs_number", "hospital_number")
#: Each list of records in a case: what one record is called, and its fields.
RECORDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "parties": ("a party", (
        "id", "name", "role", "side", "contact", "consented_on", "consent_how",
        "consent_withdrawn_on", "party_to_agreement",
    )),
    "meetings": ("a meeting", ("id", "kind", "starts_at", "minutes", "place", "attendees")),
    "notes": ("a note", (
        "meeting", "source", "text", "written_at", "may_share_with", "consent_on",
        "consent_how", "consent_withdrawn_on",
    )),
    "issues": ("an issue", ("kind", "text", "raised_by")),
    "terms": ("a term", ("text", "status")),
    "disclosures": ("a disclosure", ("on", "ground", "to", "what", "decided_by", "reason")),
}  # fmt: skip

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_TIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")

E = TypeVar("E", bound=StrEnum)
R = TypeVar("R")


def reject(path: str, reason: str) -> NoReturn:
    raise ImportRejected(f"{path}: {reason}" if path else reason)


def rejected_at(path: str, exc: InvalidValue) -> ImportRejected:
    """A store's or validator's complaint about a field, placed at its path in the file."""
    return ImportRejected(f"{join(path, exc.field)}: {exc.reason}" if exc.field else exc.reason)


def join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def key_segment(path: str, key: str) -> str:
    """A key as it appears in a path; odd keys are quoted, so the path stays readable."""
    if _NAME.fullmatch(key):
        return join(path, key)
    return f"{path}[{quote(key)}]"


def quote(text: str) -> str:
    """A short, escaped rendering of a value for an error message (never long text)."""
    short = text if len(text) <= QUOTE_LIMIT else text[:QUOTE_LIMIT] + "…"
    try:
        short.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(short)
    return json.dumps(short, ensure_ascii=False)


_KINDS: tuple[tuple[type, str], ...] = (
    (bool, "true/false"),  # before int: to Python a bool is an int
    (int, "a whole number"),
    (float, "a decimal number"),
    (str, "text"),
    (list, "a list"),
    (dict, "an object"),
)


def describe(value: object) -> str:
    """What kind of JSON value this is, in words (never the value itself)."""
    if value is None:
        return "null"
    return next((word for kind, word in _KINDS if isinstance(value, kind)), "not JSON")


class Fields:
    """One JSON object of a known kind, read field by field with the path for errors."""

    def __init__(self, value: object, path: str, allowed: tuple[str, ...], what: str) -> None:
        if not isinstance(value, dict):
            reject(path, f"must be an object {{…}} describing {what} (got {describe(value)})")
        for key in value:
            if key not in allowed:
                reject(
                    key_segment(path, str(key)),
                    f"this is not a field of {what} (expected: {', '.join(allowed)})",
                )
        self._values: dict[str, object] = value
        self.path = path

    def at(self, key: str) -> str:
        return join(self.path, key)

    def part(self, key: str, allowed: tuple[str, ...], what: str) -> Fields | None:
        """A nested object such as the patient, or ``None`` when it is absent."""
        value = self.raw(key)
        return None if value is None else Fields(value, self.at(key), allowed, what)

    def raw(self, key: str, *, required: bool = False) -> object:
        """The value, with ``null`` read as absent."""
        value = self._values.get(key)
        if value is None and required:
            reject(self.at(key), "this is required")
        return value

    def text(self, key: str, *, required: bool = False) -> str:
        value = self.raw(key, required=required)
        if value is None:
            return ""
        return checked_text(self.at(key), value)

    def enum(self, key: str, kind: type[E], default: E | None = None) -> E:
        value = self.raw(key, required=default is None)
        if value is None:
            assert default is not None
            return default
        path = self.at(key)
        if not isinstance(value, str):
            reject(path, f"must be text, one of {_choices(kind)} (got {describe(value)})")
        try:
            return kind(value)
        except ValueError:
            reject(path, f"must be one of {_choices(kind)} (got {quote(value)})")

    def date(self, key: str, *, required: bool = False) -> date | None:
        found = self._moment(key, required, _DATE, "YYYY-MM-DD", "date")
        return None if found is None else found.date()

    def time(self, key: str, *, required: bool = False) -> datetime | None:
        return self._moment(key, required, _TIME, "YYYY-MM-DDTHH:MM", "date and time")

    def _moment(
        self, key: str, required: bool, form: re.Pattern[str], written: str, what: str
    ) -> datetime | None:
        value = self.raw(key, required=required)
        if value is None:
            return None
        if not isinstance(value, str) or not form.fullmatch(value):
            got = quote(value) if isinstance(value, str) else describe(value)
            reject(self.at(key), f"must be a {what} written {written} (got {got})")
        try:  # the pattern fixes the form; this refuses 2026-02-30 and 25:00
            return datetime.strptime(value, "%Y-%m-%dT%H:%M" if "T" in written else "%Y-%m-%d")
        except ValueError:
            reject(self.at(key), f"{quote(value)} is not a real {what}")

    def integer(self, key: str) -> int | None:
        value = self.raw(key)
        if value is None:
            return None
        if type(value) is not int:  # bool is an int to Python, never to a mediator
            reject(self.at(key), f"must be a whole number (got {describe(value)})")
        return value

    def boolean(self, key: str) -> bool | None:
        value = self.raw(key)
        if value is None:
            return None
        if not isinstance(value, bool):
            reject(self.at(key), f"must be true or false (got {describe(value)})")
        return value

    def items(self, key: str, *, limit: int, what: str) -> list[tuple[str, object]]:
        """The elements of a list field, each with its own path."""
        value = self.raw(key)
        if value is None:
            return []
        path = self.at(key)
        if not isinstance(value, list):
            reject(path, f"must be a list [ … ] of {what} (got {describe(value)})")
        if len(value) > limit:
            reject(path, f"at most {limit:,} {what} are allowed here (this has {len(value):,})")
        return [(f"{path}[{i}]", item) for i, item in enumerate(value)]

    def link(self, key: str, ids: dict[str, int], what: str) -> int | None:
        """A file-local id naming a party or meeting of this case, as its index."""
        value = self.raw(key)
        return None if value is None else resolve(self.at(key), value, ids, what)

    def links(self, key: str, ids: dict[str, int], what: str) -> tuple[int, ...]:
        items = self.items(key, limit=MAX_RECORDS["parties"], what=f"{what} ids")
        return tuple(resolve(path, value, ids, what) for path, value in items)


def checked_text(path: str, value: object) -> str:
    if not isinstance(value, str):
        reject(path, f"must be text (got {describe(value)})")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        reject(path, "this contains a character that is not valid Unicode (a lone surrogate)")
    return value


def resolve(path: str, value: object, ids: dict[str, int], what: str = "party") -> int:
    if not isinstance(value, str):
        reject(path, f"must be the id of a {what} in this case (got {describe(value)})")
    if value not in ids:
        reject(path, f"names {quote(value)}, which is not the id of a {what} in this case")
    return ids[value]


def _choices(kind: type[StrEnum]) -> str:
    return ", ".join(member.value for member in kind)


def checked(path: str, check: Callable[[R], None], record: R) -> R:
    """Apply one of ``app.cases.validation``'s rules, reporting at the record's path."""
    try:
        check(record)
    except InvalidValue as exc:
        raise rejected_at(path, exc) from exc
    return record


def read_records(
    case: Fields, key: str, read: Callable[[Fields], R], check: Callable[[R], None]
) -> tuple[tuple[str, R], ...]:
    """Read and check every record of one of a case's lists, each with its path."""
    what, allowed = RECORDS[key]
    records = []
    for path, item in case.items(key, limit=MAX_RECORDS[key], what=key):
        record = read(Fields(item, path, allowed, what))
        records.append((path, checked(path, check, record)))
    return tuple(records)


def read_court(fields: Fields | None) -> Court | None:
    if fields is None:
        return None
    agreed_by = fields.raw("court_agreed_by")
    return Court(
        name=fields.text("name"),
        reference=fields.text("reference"),
        next_hearing=fields.date("next_hearing"),
        parties_wish_to_mediate_on=fields.date("parties_wish_to_mediate_on"),
        court_agreed_on=fields.date("court_agreed_on"),
        court_agreed_by=None
        if agreed_by is None
        else fields.enum("court_agreed_by", CourtAgreement),
    )


def read_patient(fields: Fields | None) -> Patient:
    if fields is None:
        return Patient()
    return Patient(
        name=fields.text("name"),
        date_of_birth=fields.date("date_of_birth"),
        # People write NHS numbers in groups (943 476 5919); the casebook keeps the digits.
        nhs_number=normalise_nhs_number(fields.text("nhs_number")),
        hospital_number=fields.text("hospital_number"),
    )


def register_id(
    fields: Fields, ids: dict[str, int], index: int, *, required: bool, reserved: str = ""
) -> None:
    """Note that the record at ``index`` of its list has this file-local id, if it has one."""
    value = fields.raw("id", required=required)
    if value is None:
        return
    path = fields.at("id")
    if not isinstance(value, str):
        reject(path, f"must be text (got {describe(value)})")
    if not value.strip():
        reject(path, "this cannot be empty")
    if len(value) > MAX_ID_LENGTH:
        reject(path, f"an id is at most {MAX_ID_LENGTH} characters")
    if reserved and value == reserved:
        reject(path, f'"{reserved}" is kept for the mediator\'s own notes; choose another id')
    if value in ids:
        reject(path, f"{quote(value)} is used twice in this case; ids must be unique")
    ids[value] = index


def read_party(fields: Fields) -> Party:
    return Party(
        id=None,
        case_id=0,
        name=fields.text("name", required=True),
        role=fields.enum("role", PartyRole),
        side=fields.enum("side", Side),
        contact=fields.text("contact"),
        consented_on=fields.date("consented_on"),
        consent_how=fields.text("consent_how"),
        consent_withdrawn_on=fields.date("consent_withdrawn_on"),
    )


def read_meeting(fields: Fields, party_ids: dict[str, int]) -> Meeting:
    kind = fields.enum("kind", MeetingKind)
    starts_at = fields.time("starts_at", required=True)
    assert starts_at is not None  # required
    return Meeting(
        id=None,
        case_id=0,
        kind=kind,
        starts_at=starts_at,
        minutes=fields.integer("minutes"),
        place=fields.text("place"),
        attendee_ids=fields.links("attendees", party_ids, "party"),
    )


def read_note(
    fields: Fields, party_ids: dict[str, int], meeting_ids: dict[str, int], starts: list[datetime]
) -> Note:
    meeting = fields.link("meeting", meeting_ids, "meeting")
    source = fields.raw("source")
    if source == MEDIATOR_SOURCE:
        source = None
    source_party = None if source is None else resolve(fields.at("source"), source, party_ids)
    text = fields.text("text")
    written_at = fields.time("written_at")
    if written_at is None and meeting is None:
        reject(fields.at("written_at"), "this is required for a note that is not tied to a meeting")
    return Note(
        id=None,
        case_id=0,
        text=text,
        written_at=written_at or starts[meeting or 0],
        meeting_id=meeting,
        source_party_id=source_party,
        share_with=fields.links("may_share_with", party_ids, "party"),
        consent_on=fields.date("consent_on"),
        consent_how=fields.text("consent_how"),
        consent_withdrawn_on=fields.date("consent_withdrawn_on"),
    )


def read_issue(fields: Fields, party_ids: dict[str, int]) -> Issue:
    kind = fields.enum("kind", IssueKind)
    text = fields.text("text")
    return Issue(None, 0, kind, text, raised_by=fields.link("raised_by", party_ids, "party"))


def read_term(fields: Fields) -> Term:
    text = fields.text("text")
    # The store numbers terms as they are added, which keeps the order of the list.
    return Term(
        None,
        0,
        position=0,
        text=text,
        status=fields.enum("status", TermStatus, TermStatus.PROPOSED),
    )


def read_disclosure(fields: Fields) -> Disclosure:
    on = fields.date("on", required=True)
    assert on is not None  # required
    return Disclosure(
        id=None,
        case_id=0,
        on=on,
        ground=fields.enum("ground", DisclosureGround),
        to=fields.text("to"),
        what=fields.text("what"),
        decided_by=fields.text("decided_by"),
        reason=fields.text("reason"),
    )


def check_imported_disclosure(disclosure: Disclosure) -> None:
    validation.check_disclosure(disclosure, complete=False)
