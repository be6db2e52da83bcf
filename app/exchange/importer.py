"""Import cases from the interchange format, ``parley.cases/1``: all of a file or none of it.

The file is UTF-8 JSON, at most 50 MB, shaped as in docs/ARCHITECTURE.md, "The interchange
format". Dates are ``YYYY-MM-DD`` and times ``YYYY-MM-DDTHH:MM``, exactly. Unknown keys and
bad values are refused with the path of the field (``cases[2].parties[0].side: must be one
of family, clinical, other (got "famly")``) and nothing from the file is added.

Required: ``format`` (``"parley.cases/1"``), ``cases``; per case ``reference`` and
``title``; per party ``id``, ``name``, ``role`` and ``side``. Beyond those, a record needs
the facts without which it is not that record: a meeting its ``kind`` and ``starts_at``, an
issue its ``kind``, a disclosure its ``on`` and ``ground``, a note, issue or term its
``text``, and a note its ``written_at`` unless it belongs to a meeting (it then defaults to
the meeting's start). Everything else is optional, and ``null`` means the same as leaving a
field out.

Fields this format adds to that example:

- party: ``contact`` (text: phone, email, address), ``consent_how`` (text: how consent to
  mediate was given), ``consent_withdrawn_on`` (date), ``party_to_agreement`` (true/false);
- note: ``consent_how`` (text: how the source gave consent to share),
  ``consent_withdrawn_on`` (date the source withdrew that consent);
- meeting: ``id`` is optional, needed only when a note names the meeting;
- court (eleventh-hour cases): ``parties_wish_to_mediate_on`` (date every party said they
  wish to mediate), ``court_agreed_on`` (date the court agreed to mediation) and
  ``court_agreed_by`` (how: ``order``, ``adjournment`` or ``directions``); the date and the
  how go together.

Rules:

- Party and meeting ids are the file's own labels (text, at most 64 characters),
  unique within their case; they are not stored. A note's ``meeting``, ``source`` and
  ``may_share_with``, a meeting's ``attendees`` and an issue's ``raised_by`` must name ids
  of the same case. A note's ``source`` is a party id or ``"mediator"`` (the default), so
  no party may have the id ``"mediator"``. A note may list ``may_share_with`` only with
  ``consent_on``, the date its source gave express consent.
- Who is party to the agreement: if no party of a case gives ``party_to_agreement`` at all,
  then, when the case has at least one agreed term, every party with live consent to mediate
  (``consented_on`` given and no ``consent_withdrawn_on``) is party to it, and nobody is
  otherwise. Once any party of a case gives it, a party who does not is not party to it.
- Terms keep the order of the list; ``status`` defaults to ``proposed``. A case's
  ``stage`` defaults to ``early`` and its ``status`` to ``referred``.
- ``court`` belongs only to a case whose ``stage`` is ``eleventh_hour``.
- An NHS number may be written with spaces (``943 476 5919``); its check digit must match.
- Imported disclosures may leave ``to``, ``what``, ``decided_by`` and ``reason`` empty;
  each is entered in the audit trail as "disclosure recorded".
- References must be unique in the file and new to the casebook.
- Limits: 10,000 cases per file; per case 1,000 parties, meetings, terms and disclosures,
  10,000 issues and 100,000 notes; lengths of text as everywhere in Parley.
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Callable, Collection
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TypeVar

from app.books.casebook import Casebook
from app.cases import validation
from app.cases.records import (
    Case,
    Disclosure,
    Issue,
    Meeting,
    Note,
    Party,
    Stage,
    Status,
    Term,
    TermStatus,
)
from app.cases.search import notes_indexed_once
from app.errors import ImportRejected, InvalidValue
from app.exchange import import_schema as schema
from app.progress import Progress, Stopped, WorkStopped, never_stopped, no_progress
from app.storage.database import database_error_types

FORMAT = "parley.cases/1"
MAX_IMPORT_BYTES = 50 * 1024 * 1024
MAX_CASES = 10_000
#: The format itself is six levels deep (file, cases, case, meetings, meeting, attendees).
MAX_DEPTH = 20
_BOM = b"\xef\xbb\xbf"

R = TypeVar("R", Case, Party, Meeting, Note, Issue, Term)


@dataclass(frozen=True)
class ImportSummary:
    cases: int
    parties: int
    meetings: int
    notes: int
    issues: int
    terms: int
    disclosures: int
    references: tuple[str, ...]


@dataclass(frozen=True)
class PlannedCase:
    """One case and its records, checked, with the file's ids turned into list positions.

    Records carry ``case_id=0`` until stored. In meetings, notes and issues, party and
    meeting ids are indexes into ``parties`` and ``meetings``, replaced as they are stored.
    """

    path: str
    case: Case
    parties: tuple[tuple[str, Party], ...]
    meetings: tuple[tuple[str, Meeting], ...]
    notes: tuple[tuple[str, Note], ...]
    issues: tuple[tuple[str, Issue], ...]
    terms: tuple[tuple[str, Term], ...]
    disclosures: tuple[tuple[str, Disclosure], ...]


def import_file(casebook: Casebook, path: Path) -> ImportSummary:
    """Read ``path`` and add all of its cases to the casebook, or none of them."""
    path = Path(path)
    return _import(casebook, read_import_file(path), source_name=path.name)


def read_import_file(path: Path) -> dict[str, object]:
    """The parsed document; refuses files too large, not UTF-8, not JSON, or hostile JSON."""
    path = Path(path)
    name = path.name
    limit = MAX_IMPORT_BYTES
    try:
        if not path.is_file():
            raise ImportRejected(f"There is no file at {path}.")
        size = path.stat().st_size
        if size > limit:
            raise ImportRejected(_too_big(name, size, limit))
        with path.open("rb") as handle:
            # The file can grow between stat and read; never take in more than the limit.
            data = handle.read(limit + 1)
    except OSError as exc:
        raise ImportRejected(f"{name} cannot be read ({exc.strerror}).") from exc
    if len(data) > limit:
        raise ImportRejected(_too_big(name, len(data), limit))
    document = parse_import_bytes(data, name)
    if not isinstance(document, dict):
        raise ImportRejected(
            f'{name} must hold one JSON object with "format" and "cases" '
            f"(it holds {schema.describe(document)})."
        )
    return document


def parse_import_bytes(data: bytes, name: str = "The file") -> object:
    """Parse JSON strictly: UTF-8 only, no NaN or Infinity, no key twice, no deep nesting."""
    if data.startswith(_BOM):  # Windows editors add one; it is not content
        data = data[len(_BOM) :]
    if not data.strip():
        raise ImportRejected(f"{name} is empty.")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ImportRejected(
            f"{name} is not UTF-8 text (the first bad byte is at position {exc.start:,}); "
            "save it as UTF-8 and try again."
        ) from exc
    try:
        document = json.loads(text, object_pairs_hook=_object, parse_constant=_NonFinite)
    except json.JSONDecodeError as exc:
        raise ImportRejected(
            f"{name} is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}."
        ) from exc
    except RecursionError as exc:
        raise ImportRejected(
            f"{name} is nested far too deeply to be a Parley cases file "
            f"(at most {MAX_DEPTH} levels)."
        ) from exc
    except ValueError as exc:  # a number with thousands of digits
        raise ImportRejected(f"{name} cannot be read: a number in it is too long.") from exc
    check_structure(document)
    return document


def import_document(
    casebook: Casebook, document: object, *, source_name: str = ""
) -> ImportSummary:
    """Add every case of a parsed document, or nothing: one transaction, one audit entry.

    Everything that can be checked is checked before the first record is written; whatever
    a store still refuses rolls the whole import back. ``source_name`` (a file name) goes
    into the audit entry, which never holds case content.
    """
    check_structure(document)
    return _import(casebook, document, source_name=source_name)


def _import(casebook: Casebook, document: object, *, source_name: str) -> ImportSummary:
    """``import_document`` for a document whose structure has been checked already."""
    planned = plan_document(document, casebook.cases.references())
    return store_planned(casebook, planned, source_name=source_name)


def plan_file(path: Path, existing_references: Collection[str]) -> list[PlannedCase]:
    """Read, check and plan every case of the file at ``path`` without touching a book.

    The slow part of an import, for a worker thread; ``store_planned`` then writes the plan
    on the thread that owns the book. Refused files raise ``ImportRejected`` with the reason.
    """
    return plan_document(read_import_file(Path(path)), existing_references)


def store_planned(
    casebook: Casebook,
    planned: list[PlannedCase],
    *,
    source_name: str,
    progress: Progress = no_progress,
    stopped: Stopped = never_stopped,
) -> ImportSummary:
    """Add every planned case, or nothing: one transaction, one audit entry.

    ``progress`` hears how many cases are stored, about a hundred times in all; each time,
    ``stopped()`` is asked, and if it says so, nothing is stored (``WorkStopped``).
    """
    every = max(1, len(planned) // 100)
    try:
        with casebook.transaction():
            for n, case in enumerate(planned):
                if n % every == 0:
                    if stopped():
                        raise WorkStopped("The import was stopped; nothing was added.")
                    progress(n, len(planned), "Storing the cases")
                store_case(casebook, case)
            casebook.audit.record("import", detail=_audit_detail(len(planned), source_name))
    except database_error_types() as exc:
        raise ImportRejected(
            f"The cases could not be stored ({exc}); nothing from the file was added."
        ) from exc
    return ImportSummary(
        cases=len(planned),
        parties=sum(len(c.parties) for c in planned),
        meetings=sum(len(c.meetings) for c in planned),
        notes=sum(len(c.notes) for c in planned),
        issues=sum(len(c.issues) for c in planned),
        terms=sum(len(c.terms) for c in planned),
        disclosures=sum(len(c.disclosures) for c in planned),
        references=tuple(c.case.reference for c in planned),
    )


def plan_document(document: object, existing_references: Collection[str]) -> list[PlannedCase]:
    """Check a whole document and return its cases ready to store, or raise ImportRejected."""
    if not isinstance(document, dict):
        schema.reject(
            "", f"The document must be one JSON object (it is {schema.describe(document)})."
        )
    top = schema.Fields(document, "", schema.TOP_FIELDS, "a Parley cases file")
    found = top.raw("format")
    if found is None:
        schema.reject("format", f'this is required: a Parley cases file says "format": "{FORMAT}"')
    if found != FORMAT:
        got = schema.quote(found) if isinstance(found, str) else schema.describe(found)
        schema.reject("format", f'this Parley reads "{FORMAT}" files (got {got})')
    top.raw("cases", required=True)
    planned: list[PlannedCase] = []
    seen: dict[str, str] = {}
    for path, value in top.items("cases", limit=MAX_CASES, what="cases"):
        case = _plan_case(path, value)
        reference = case.case.reference
        if reference in seen:
            schema.reject(
                schema.join(path, "reference"), f"{reference} is also used by {seen[reference]}"
            )
        if reference in existing_references:
            schema.reject(
                schema.join(path, "reference"), f"{reference} is already in this casebook"
            )
        seen[reference] = path
        planned.append(case)
    return planned


def _plan_case(path: str, value: object) -> PlannedCase:
    fields = schema.Fields(value, path, schema.CASE_FIELDS, "a case")
    case = Case(
        id=None,
        reference=fields.text("reference", required=True),
        title=fields.text("title", required=True),
        stage=fields.enum("stage", Stage, Stage.EARLY),
        status=fields.enum("status", Status, Status.REFERRED),
        referred_on=fields.date("referred_on"),
        referred_by=fields.text("referred_by"),
        hospital=fields.text("hospital"),
        team=fields.text("team"),
        summary=fields.text("summary"),
        court=schema.read_court(fields.part("court", schema.COURT_FIELDS, "a court")),
        patient=schema.read_patient(fields.part("patient", schema.PATIENT_FIELDS, "the patient")),
        agreed_on=fields.date("agreed_on"),
    )
    schema.checked(path, validation.check_case, case)
    party_ids: dict[str, int] = {}
    meeting_ids: dict[str, int] = {}
    given: list[bool | None] = []  # party_to_agreement as the file states it, per party
    meeting_index = itertools.count()  # a meeting's id is optional, so count them all

    def party(f: schema.Fields) -> Party:
        schema.register_id(f, party_ids, len(given), required=True, reserved=schema.MEDIATOR_SOURCE)
        given.append(f.boolean("party_to_agreement"))
        return schema.read_party(f)

    def meeting(f: schema.Fields) -> Meeting:
        schema.register_id(f, meeting_ids, next(meeting_index), required=False)
        return schema.read_meeting(f, party_ids)

    parties = schema.read_records(fields, "parties", party, validation.check_party)
    meetings = schema.read_records(fields, "meetings", meeting, validation.check_meeting)
    starts = [m.starts_at for _, m in meetings]
    notes = schema.read_records(
        fields, "notes", lambda f: schema.read_note(f, party_ids, meeting_ids, starts),
        validation.check_note,
    )  # fmt: skip
    issues = schema.read_records(
        fields, "issues", lambda f: schema.read_issue(f, party_ids), validation.check_issue
    )
    terms = schema.read_records(fields, "terms", schema.read_term, validation.check_term)
    disclosures = schema.read_records(
        fields, "disclosures", schema.read_disclosure, schema.check_imported_disclosure
    )
    # Files from systems that do not record who signs get the default documented above:
    # once something is agreed, everyone with live consent to mediate is party to it.
    if all(stated is None for stated in given):
        any_agreed = any(term.status is TermStatus.AGREED for _, term in terms)
        given = [any_agreed and p.has_consented for _, p in parties]
    signed = tuple(
        (p_path, replace(p, party_to_agreement=bool(stated)))
        for (p_path, p), stated in zip(parties, given, strict=True)
    )
    return PlannedCase(path, case, signed, meetings, notes, issues, terms, disclosures)


def store_case(casebook: Casebook, planned: PlannedCase) -> None:
    """Store one planned case and its records (inside the caller's transaction)."""
    case = _stored(planned.path, casebook.cases.add, planned.case)
    case_id = _id(case)
    party_ids = [
        _id(_stored(path, casebook.parties.add, replace(party, case_id=case_id)))
        for path, party in planned.parties
    ]
    meeting_ids = []
    for path, meeting in planned.meetings:
        attendees = tuple(party_ids[i] for i in meeting.attendee_ids)
        stored = replace(meeting, case_id=case_id, attendee_ids=attendees)
        meeting_ids.append(_id(_stored(path, casebook.meetings.add, stored)))
    with notes_indexed_once(casebook.connection, case_id):  # not once per note: 1,000 notes
        for path, note in planned.notes:
            record = replace(
                note,
                case_id=case_id,
                meeting_id=None if note.meeting_id is None else meeting_ids[note.meeting_id],
                source_party_id=(
                    None if note.source_party_id is None else party_ids[note.source_party_id]
                ),
                share_with=tuple(party_ids[i] for i in note.share_with),
            )
            _stored(path, casebook.notes.add, record)
    for path, issue in planned.issues:
        raised_by = None if issue.raised_by is None else party_ids[issue.raised_by]
        _stored(path, casebook.issues.add, replace(issue, case_id=case_id, raised_by=raised_by))
    for path, term in planned.terms:
        _stored(path, casebook.terms.add, replace(term, case_id=case_id))
    for path, disclosure in planned.disclosures:
        try:
            casebook.record_disclosure(replace(disclosure, case_id=case_id), complete=False)
        except InvalidValue as exc:
            raise schema.rejected_at(path, exc) from exc


def _stored(path: str, add: Callable[[R], R], record: R) -> R:
    try:
        return add(record)
    except InvalidValue as exc:
        raise schema.rejected_at(path, exc) from exc


def _id(record: Case | Party | Meeting) -> int:
    if record.id is None:  # the stores hand back what they stored, with its id
        raise ImportRejected("A record was not stored; nothing from the file was added.")
    return record.id


def _audit_detail(count: int, source_name: str) -> str:
    detail = f"{count} case{'' if count == 1 else 's'}"
    return f"{detail} from {source_name}" if source_name else detail


class _NonFinite:
    """Stands in for NaN or Infinity while parsing, so the error can say where it was."""

    def __init__(self, text: str) -> None:
        self.text = text


class _Duplicated(dict[str, object]):
    """An object that had a key twice; reported with its path once parsing is done."""

    duplicate = ""


def _object(pairs: list[tuple[str, object]]) -> dict[str, object]:
    result = dict(pairs)
    if len(result) == len(pairs):
        return result
    marked = _Duplicated(result)
    seen: set[str] = set()
    for key, _ in pairs:
        if key in seen:
            marked.duplicate = key
            break
        seen.add(key)
    return marked


_Trail = tuple["_Trail", "str | int"] | None


def check_structure(document: object) -> None:
    """Refuse nesting deeper than MAX_DEPTH, repeated keys, NaN, Infinity and non-JSON values.

    Iterative, so that a document nested thousands deep (or, built in memory, a cycle)
    cannot exhaust the stack.
    """
    stack: list[tuple[object, int, _Trail]] = [(document, 1, None)]
    while stack:
        value, depth, trail = stack.pop()
        if isinstance(value, dict | list) and depth > MAX_DEPTH:
            schema.reject(
                _render(trail),
                f"this is nested more than {MAX_DEPTH} levels deep (the format needs 6)",
            )
        if isinstance(value, dict):
            if isinstance(value, _Duplicated):
                schema.reject(
                    _render((trail, value.duplicate)), "this key appears twice in one object"
                )
            children: list[tuple[object, int, _Trail]] = []
            for key, item in value.items():
                if not isinstance(key, str):
                    schema.reject(_render(trail), "every key of an object must be text")
                children.append((item, depth + 1, (trail, key)))
            stack.extend(reversed(children))
        elif isinstance(value, list):
            stack.extend(
                (item, depth + 1, (trail, i)) for i, item in reversed(list(enumerate(value)))
            )
        elif isinstance(value, _NonFinite):
            schema.reject(_render(trail), f"{value.text} is not a number JSON allows")
        elif isinstance(value, float) and not math.isfinite(value):
            schema.reject(_render(trail), "this number is too large, or not a number")
        elif value is not None and not isinstance(value, str | int | float):
            schema.reject(_render(trail), f"this is {schema.describe(value)}")


def _render(trail: _Trail) -> str:
    segments: list[str | int] = []
    while trail is not None:
        trail, segment = trail
        segments.append(segment)
    path = ""
    for segment in reversed(segments):
        path = (
            f"{path}[{segment}]" if isinstance(segment, int) else schema.key_segment(path, segment)
        )
    return path or "The file"


def _too_big(name: str, size: int, limit: int) -> str:
    return f"{name} is {_size(size)}; an import file may be at most {_size(limit)}."


def _size(n: int) -> str:
    for unit, scale in (("MB", 1024 * 1024), ("KB", 1024)):
        if n >= scale:
            return f"{math.ceil(n / scale)} {unit}"
    return f"{n:,} bytes"
