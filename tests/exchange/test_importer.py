"""The importer (app.exchange.importer): every field lands, errors name their path, all or
nothing."""

from __future__ import annotations

import copy
import itertools
import json
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from app.books.casebook import Casebook
from app.cases.records import (
    Case,
    CourtAgreement,
    DisclosureGround,
    IssueKind,
    MeetingKind,
    PartyRole,
    Side,
    Stage,
    Status,
    TermStatus,
)
from app.errors import ImportRejected
from app.exchange import importer as interchange
from app.exchange.importer import import_document, import_file, read_import_file

Doc = dict[str, Any]
EXISTING = "MM-2020-999"
TABLES = ("cases", "parties", "meetings", "meeting_attendees", "notes", "note_shares")
TABLES += ("issues", "terms", "disclosures", "audit")


def full_document() -> Doc:
    """Two cases using every field of every record kind."""
    return {
        "format": "parley.cases/1",
        "cases": [
            {
                "reference": "MM-2026-001",
                "title": "Continuing ventilation",
                "stage": "formal",
                "status": "in_mediation",
                "referred_on": "2026-03-02",
                "referred_by": "Dr Amelia Okafor, PICU",
                "hospital": "Kingsmere Children's Hospital",
                "team": "Paediatric intensive care",
                "summary": "Parents and PICU team differ on continuing ventilation.\nSecond line.",
                "patient": {
                    "name": "Oliver Pritchard",
                    "date_of_birth": "2019-05-14",
                    "nhs_number": "943 476 5919",
                    "hospital_number": "KCH-004512",
                },
                "parties": [
                    {
                        "id": "mum",
                        "name": "Siân Pritchard",
                        "role": "parent",
                        "side": "family",
                        "contact": "07700 900123\nsian@example.org",
                        "consented_on": "2026-03-05",
                        "consent_how": "In person, on the ward",
                        "party_to_agreement": True,
                    },
                    {
                        "id": "dad",
                        "name": "Gareth Pritchard",
                        "role": "parent",
                        "side": "family",
                        "consented_on": "2026-03-05",
                        "consent_withdrawn_on": "2026-03-20",
                    },
                    {
                        "id": "doc",
                        "name": "Dr Łukasz Nowak",
                        "role": "consultant",
                        "side": "clinical",
                        "consented_on": "2026-03-06",
                        "party_to_agreement": True,
                    },
                    {"id": "adv", "name": "Zoë Hart", "role": "advocate", "side": "other"},
                ],
                "meetings": [
                    {
                        "id": "m1",
                        "kind": "separate",
                        "starts_at": "2026-03-10T14:00",
                        "minutes": 60,
                        "place": "Family room, ward 4",
                        "attendees": ["mum", "dad"],
                    },
                    {"id": "m2", "kind": "joint", "starts_at": "2026-03-17T10:30"},
                    {"kind": "debrief", "starts_at": "2026-03-18T09:00", "attendees": ["doc"]},
                ],
                "notes": [
                    {
                        "meeting": "m1",
                        "source": "mum",
                        "text": "Siân wants the team to know how much Oliver responds to music.",
                        "written_at": "2026-03-10T15:10",
                        "may_share_with": ["doc", "adv"],
                        "consent_on": "2026-03-10",
                        "consent_how": "Said so at the end of the meeting",
                    },
                    {
                        "source": "dad",
                        "text": "Gareth asked that this stay between us for now.",
                        "written_at": "2026-03-11T09:00",
                        "may_share_with": ["doc"],
                        "consent_on": "2026-03-11",
                        "consent_withdrawn_on": "2026-03-12",
                    },
                    {"meeting": "m2", "source": "mediator", "text": "Mediator's reflection."},
                    {"text": "Confidential aide-memoire.", "written_at": "2026-03-12T08:00"},
                ],
                "issues": [
                    {"kind": "position", "text": "Continue ventilation", "raised_by": "mum"},
                    {"kind": "underlying", "text": "Fear of being left out", "raised_by": "dad"},
                    {"kind": "key", "text": "What comfort looks like", "raised_by": "doc"},
                    {"kind": "realistic", "text": "A shared review date"},
                ],
                "terms": [
                    {"text": "Oxygen saturation target ≥ 92% & review if < 88%"},
                    {"text": "Weekly family meeting with the consultant", "status": "agreed"},
                    {"text": "Transfer to another unit", "status": "withdrawn"},
                    {"text": "Music therapy twice a week", "status": "proposed"},
                ],
                "agreed_on": "2026-04-01",
                "disclosures": [
                    {
                        "on": "2026-03-20",
                        "ground": "risk_of_harm",
                        "to": "Safeguarding lead",
                        "what": "Concern about a sibling's safety",
                        "decided_by": "The mediator, with supervisor",
                        "reason": "Significant risk of harm",
                    },
                    {"on": "2026-03-21", "ground": "court_order"},
                ],
            },
            {
                "reference": "MM-2026-002",
                "title": "Transfer request",
                "stage": "eleventh_hour",
                "status": "agreed",
                "court": {
                    "name": "High Court, Family Division",
                    "reference": "FD26P00123",
                    "next_hearing": "2026-05-01",
                    "parties_wish_to_mediate_on": "2026-02-02",
                    "court_agreed_on": "2026-02-04",
                    "court_agreed_by": "directions",
                },
                "parties": [
                    {
                        "id": "p1",
                        "name": "Ana Nuñez",
                        "role": "guardian",
                        "side": "family",
                        "consented_on": "2026-02-01",
                    },
                    {
                        "id": "p2",
                        "name": "Dr Wei Chen",
                        "role": "consultant",
                        "side": "clinical",
                        "consented_on": "2026-02-02",
                    },
                    {"id": "p3", "name": "Nobody Consented", "role": "nurse", "side": "clinical"},
                ],
                "terms": [{"text": "Transfer within 14 days", "status": "agreed"}],
            },
        ],
    }


def counts(casebook: Casebook) -> dict[str, int]:
    conn = casebook.connection
    return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


def write(tmp_path: Path, document: object, name: str = "cases.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def test_full_document_round_trips(casebook: Casebook, tmp_path: Path) -> None:
    summary = import_file(casebook, write(tmp_path, full_document(), "from-trust.json"))

    assert summary == interchange.ImportSummary(2, 7, 3, 4, 4, 5, 2, ("MM-2026-001", "MM-2026-002"))
    case = casebook.cases.by_reference("MM-2026-001")
    assert (case.title, case.stage, case.status) == (
        "Continuing ventilation",
        Stage.FORMAL,
        Status.IN_MEDIATION,
    )
    assert case.referred_on == date(2026, 3, 2)
    assert case.referred_by == "Dr Amelia Okafor, PICU"
    assert (case.hospital, case.team) == (
        "Kingsmere Children's Hospital",
        "Paediatric intensive care",
    )
    assert case.summary.endswith("\nSecond line.")
    assert case.patient.name == "Oliver Pritchard"
    assert case.patient.date_of_birth == date(2019, 5, 14)
    assert case.patient.nhs_number == "9434765919"  # spaces as people write them, digits kept
    assert case.patient.hospital_number == "KCH-004512"
    assert case.court is None
    assert case.agreed_on == date(2026, 4, 1)
    assert case.id is not None

    parties = {p.name: p for p in casebook.parties.for_case(case.id)}
    sian, gareth = parties["Siân Pritchard"], parties["Gareth Pritchard"]
    lukasz, zoe = parties["Dr Łukasz Nowak"], parties["Zoë Hart"]
    assert (sian.role, sian.side) == (PartyRole.PARENT, Side.FAMILY)
    assert sian.contact == "07700 900123\nsian@example.org"
    assert sian.consented_on == date(2026, 3, 5)
    assert sian.consent_how == "In person, on the ward"
    assert gareth.consent_withdrawn_on == date(2026, 3, 20)
    assert (zoe.role, zoe.side) == (PartyRole.ADVOCATE, Side.OTHER)
    # Stated for some, so a party without it is not party to the agreement.
    assert [sian.party_to_agreement, gareth.party_to_agreement] == [True, False]
    assert [lukasz.party_to_agreement, zoe.party_to_agreement] == [True, False]

    meetings = casebook.meetings.for_case(case.id)
    assert [m.kind for m in meetings] == [
        MeetingKind.SEPARATE,
        MeetingKind.JOINT,
        MeetingKind.DEBRIEF,
    ]
    assert meetings[0].starts_at == datetime(2026, 3, 10, 14, 0)
    assert (meetings[0].minutes, meetings[0].place) == (60, "Family room, ward 4")
    assert set(meetings[0].attendee_ids) == {sian.id, gareth.id}
    assert meetings[1].minutes is None and meetings[1].attendee_ids == ()
    assert meetings[2].attendee_ids == (lukasz.id,)

    notes = casebook.notes.for_case(case.id)
    assert len(notes) == 4
    shared, withdrawn, reflection, aide = notes[0], notes[1], notes[3], notes[2]
    assert shared.meeting_id == meetings[0].id and shared.source_party_id == sian.id
    assert shared.written_at == datetime(2026, 3, 10, 15, 10)
    assert set(shared.share_with) == {lukasz.id, zoe.id}
    assert set(shared.shareable_with) == {lukasz.id, zoe.id}
    assert shared.consent_on == date(2026, 3, 10)
    assert shared.consent_how == "Said so at the end of the meeting"
    assert withdrawn.source_party_id == gareth.id
    assert withdrawn.consent_withdrawn_on == date(2026, 3, 12)
    assert withdrawn.shareable_with == ()
    assert [n.id for n in casebook.notes.shareable_with(case.id, lukasz.id)] == [shared.id]
    # Without written_at a note takes its meeting's start; "mediator" means no party.
    assert reflection.meeting_id == meetings[1].id
    assert reflection.written_at == datetime(2026, 3, 17, 10, 30)
    assert reflection.source_party_id is None and reflection.share_with == ()
    assert aide.text == "Confidential aide-memoire." and aide.meeting_id is None

    issues = casebook.issues.for_case(case.id)
    assert [i.kind for i in issues] == list(IssueKind)
    assert [i.raised_by for i in issues] == [sian.id, gareth.id, lukasz.id, None]

    terms = casebook.terms.for_case(case.id)
    assert terms[0].text == "Oxygen saturation target ≥ 92% & review if < 88%"
    assert [t.status for t in terms] == [
        TermStatus.PROPOSED,
        TermStatus.AGREED,
        TermStatus.WITHDRAWN,
        TermStatus.PROPOSED,
    ]
    assert [t.position for t in terms] == [1, 2, 3, 4]

    disclosures = casebook.disclosures.for_case(case.id)
    assert [d.ground for d in disclosures] == [
        DisclosureGround.RISK_OF_HARM,
        DisclosureGround.COURT_ORDER,
    ]
    first = disclosures[0]
    assert (first.on, first.to, first.what) == (
        date(2026, 3, 20),
        "Safeguarding lead",
        "Concern about a sibling's safety",
    )
    assert (first.decided_by, first.reason) == (
        "The mediator, with supervisor",
        "Significant risk of harm",
    )
    assert (disclosures[1].to, disclosures[1].what) == ("", "")

    other = casebook.cases.by_reference("MM-2026-002")
    assert other.court is not None
    assert other.court.name == "High Court, Family Division"
    assert other.court.reference == "FD26P00123"
    assert other.court.next_hearing == date(2026, 5, 1)
    assert other.court.parties_wish_to_mediate_on == date(2026, 2, 2)
    assert other.court.court_agreed_on == date(2026, 2, 4)
    assert other.court.court_agreed_by is CourtAgreement.DIRECTIONS
    assert other.id is not None
    # Nobody stated party_to_agreement and a term is agreed: those with live consent sign.
    signed = {p.name: p.party_to_agreement for p in casebook.parties.for_case(other.id)}
    assert signed == {"Ana Nuñez": True, "Dr Wei Chen": True, "Nobody Consented": False}


def test_audit_records_the_import_and_each_disclosure_without_content(
    casebook: Casebook, tmp_path: Path
) -> None:
    import_file(casebook, write(tmp_path, full_document(), "from-trust.json"))
    entries = casebook.audit.entries()
    imports = [e for e in entries if e.action == "import"]
    assert [e.detail for e in imports] == ["2 cases from from-trust.json"]
    recorded = [e for e in entries if e.action == "disclosure recorded"]
    assert [e.case_reference for e in recorded] == ["MM-2026-001", "MM-2026-001"]
    everything = " ".join(f"{e.action} {e.detail}" for e in entries)
    assert "sibling" not in everything and "Safeguarding" not in everything
    assert casebook.audit.first_broken_link() is None


def test_without_agreed_terms_nobody_defaults_to_party_to_agreement(casebook: Casebook) -> None:
    document = full_document()
    document["cases"][1]["terms"] = [{"text": "Still talking", "status": "proposed"}]
    import_document(casebook, document)
    other = casebook.cases.by_reference("MM-2026-002")
    assert other.id is not None
    assert not any(p.party_to_agreement for p in casebook.parties.for_case(other.id))


def test_meetings_without_ids_do_not_shift_the_ones_with_ids(casebook: Casebook) -> None:
    meetings = [
        {"kind": "separate", "starts_at": "2026-03-01T09:00"},
        {"id": "later", "kind": "joint", "starts_at": "2026-03-08T09:00"},
    ]
    notes = [{"meeting": "later", "text": "From the joint meeting."}]
    case = {"reference": "R-1", "title": "T", "meetings": meetings, "notes": notes}
    import_document(casebook, {"format": "parley.cases/1", "cases": [case]})
    stored = casebook.cases.by_reference("R-1")
    assert stored.id is not None
    joint = casebook.meetings.for_case(stored.id)[1]
    (note,) = casebook.notes.for_case(stored.id)
    assert note.meeting_id == joint.id and note.written_at == joint.starts_at


def test_minimal_document_and_nulls(casebook: Casebook) -> None:
    document = {
        "format": "parley.cases/1",
        "cases": [{"reference": "R-1", "title": "Minimal", "summary": None, "patient": None}],
    }
    summary = import_document(casebook, document)
    assert summary.cases == 1 and summary.parties == 0
    case = casebook.cases.by_reference("R-1")
    assert (case.stage, case.status, case.summary) == (Stage.EARLY, Status.REFERRED, "")


def test_a_bad_last_case_adds_nothing(casebook: Casebook, tmp_path: Path) -> None:
    document = full_document()
    extra = copy.deepcopy(document["cases"][0])
    extra["reference"] = "MM-2026-003"
    extra["title"] = "Zephyrine marmalade"
    extra["parties"][3]["side"] = "famly"
    document["cases"].append(extra)
    before = counts(casebook)

    with pytest.raises(ImportRejected, match=r"^cases\[2\]\.parties\[3\]\.side: "):
        import_file(casebook, write(tmp_path, document))

    assert counts(casebook) == before
    assert casebook.search.case_ids("Zephyrine") == []
    assert casebook.search.case_ids("music") == []  # a note's word, from the first case


def test_a_store_refusing_mid_import_rolls_everything_back(
    casebook: Casebook, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.errors import InvalidValue

    real_add = casebook.terms.add
    calls = 0

    def refuse_last(term: Any) -> Any:
        nonlocal calls
        calls += 1
        if calls == 5:
            raise InvalidValue("text", "refused by the store")
        return real_add(term)

    monkeypatch.setattr(casebook.terms, "add", refuse_last)
    before = counts(casebook)
    with pytest.raises(
        ImportRejected, match=r"^cases\[1\]\.terms\[0\]\.text: refused by the store"
    ):
        import_document(casebook, full_document())
    assert counts(casebook) == before
    assert casebook.search.case_ids("music") == []


def _set(path: tuple[Any, ...], value: Any) -> Callable[[Doc], None]:
    def mutate(doc: Doc) -> None:
        target: Any = doc
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = value

    return mutate


def _drop(path: tuple[Any, ...]) -> Callable[[Doc], None]:
    def mutate(doc: Doc) -> None:
        target: Any = doc
        for step in path[:-1]:
            target = target[step]
        del target[path[-1]]

    return mutate


C0 = ("cases", 0)
C1 = ("cases", 1)
MUTATIONS: list[tuple[str, Callable[[Doc], None], str]] = [
    ("unknown top key", _set(("extra",), 1), "extra: this is not a field"),
    ("unknown case key", _set((*C0, "colour"), "red"), "cases[0].colour: "),
    ("unknown party key", _set((*C0, "parties", 1, "age"), 40), "cases[0].parties[1].age: "),
    ("unknown note key", _set((*C0, "notes", 2, "mood"), "ok"), "cases[0].notes[2].mood: "),
    ("odd unknown key", _set((*C0, "court x"), 1), 'cases[0]["court x"]: '),
    ("unknown court key", _set((*C1, "court", "judge"), "x"), "cases[1].court.judge: "),
    ("wrong format", _set(("format",), "parley.cases/2"), "format: "),
    ("format missing", _drop(("format",)), "format: this is required"),
    ("cases not a list", _set(("cases",), {}), "cases: must be a list"),
    ("title a number", _set((*C0, "title"), 7), "cases[0].title: must be text"),
    ("reference missing", _drop((*C0, "reference")), "cases[0].reference: this is required"),
    ("title empty", _set((*C0, "title"), "  "), "cases[0].title: this cannot be empty"),
    ("bad stage", _set((*C0, "stage"), "late"), "cases[0].stage: must be one of early,"),
    ("bad status", _set((*C0, "status"), "done"), "cases[0].status: must be one of"),
    (
        "bad side",
        _set((*C0, "parties", 0, "side"), "famly"),
        'cases[0].parties[0].side: must be one of family, clinical, other (got "famly")',
    ),
    ("bad role", _set((*C0, "parties", 1, "role"), "aunt"), "cases[0].parties[1].role: "),
    ("no such date", _set((*C0, "referred_on"), "2026-02-30"), "cases[0].referred_on: "),
    (
        "date form",
        _set((*C0, "patient", "date_of_birth"), "14/05/2019"),
        "cases[0].patient.date_of_birth: must be a date written YYYY-MM-DD",
    ),
    ("agreed_on", _set((*C0, "agreed_on"), "2026-04-31"), "cases[0].agreed_on: "),
    (
        "time with a space",
        _set((*C0, "meetings", 0, "starts_at"), "2026-03-10 14:00"),
        "cases[0].meetings[0].starts_at: must be a date and time",
    ),
    (
        "25 o'clock",
        _set((*C0, "meetings", 1, "starts_at"), "2026-03-10T25:00"),
        "cases[0].meetings[1].starts_at: ",
    ),
    (
        "bad note time",
        _set((*C0, "notes", 0, "written_at"), "2026-03-10"),
        "cases[0].notes[0].written_at: ",
    ),
    (
        "negative minutes",
        _set((*C0, "meetings", 0, "minutes"), -5),
        "cases[0].meetings[0].minutes: ",
    ),
    (
        "bool minutes",
        _set((*C0, "meetings", 0, "minutes"), True),
        "cases[0].meetings[0].minutes: must be a whole",
    ),
    ("text minutes", _set((*C0, "meetings", 0, "minutes"), "60"), "cases[0].meetings[0].minutes: "),
    (
        "float minutes",
        _set((*C0, "meetings", 0, "minutes"), 60.5),
        "cases[0].meetings[0].minutes: ",
    ),
    (
        "party name missing",
        _drop((*C0, "parties", 0, "name")),
        "cases[0].parties[0].name: this is required",
    ),
    (
        "party id a number",
        _set((*C0, "parties", 0, "id"), 1),
        "cases[0].parties[0].id: must be text",
    ),
    ("duplicate party id", _set((*C0, "parties", 2, "id"), "mum"), "cases[0].parties[2].id: "),
    (
        "mediator as party id",
        _set((*C0, "parties", 3, "id"), "mediator"),
        "cases[0].parties[3].id: ",
    ),
    (
        "party_to_agreement text",
        _set((*C0, "parties", 0, "party_to_agreement"), "yes"),
        "cases[0].parties[0].party_to_agreement: ",
    ),
    (
        "consent withdrawn before given",
        _set((*C0, "parties", 1, "consent_withdrawn_on"), "2026-01-01"),
        "cases[0].parties[1].consent_withdrawn_on: ",
    ),
    (
        "unknown attendee",
        _set((*C0, "meetings", 0, "attendees"), ["mum", "gran"]),
        "cases[0].meetings[0].attendees[1]: ",
    ),
    (
        "attendee twice",
        _set((*C0, "meetings", 0, "attendees"), ["mum", "mum"]),
        "cases[0].meetings[0].attendees: ",
    ),
    (
        "attendees not a list",
        _set((*C0, "meetings", 0, "attendees"), "mum"),
        "cases[0].meetings[0].attendees: ",
    ),
    ("duplicate meeting id", _set((*C0, "meetings", 1, "id"), "m1"), "cases[0].meetings[1].id: "),
    ("unknown source", _set((*C0, "notes", 0, "source"), "gran"), "cases[0].notes[0].source: "),
    (
        "unknown share",
        _set((*C0, "notes", 0, "may_share_with"), ["gran"]),
        "cases[0].notes[0].may_share_with[0]: ",
    ),
    ("unknown meeting", _set((*C0, "notes", 0, "meeting"), "m9"), "cases[0].notes[0].meeting: "),
    (
        "share without consent",
        _drop((*C0, "notes", 0, "consent_on")),
        "cases[0].notes[0].may_share_with: ",
    ),
    ("note text missing", _drop((*C0, "notes", 3, "text")), "cases[0].notes[3].text: "),
    (
        "note time missing",
        _drop((*C0, "notes", 3, "written_at")),
        "cases[0].notes[3].written_at: this is required",
    ),
    (
        "unknown raised_by",
        _set((*C0, "issues", 0, "raised_by"), "gran"),
        "cases[0].issues[0].raised_by: ",
    ),
    ("bad issue kind", _set((*C0, "issues", 1, "kind"), "worry"), "cases[0].issues[1].kind: "),
    ("bad term status", _set((*C0, "terms", 0, "status"), "maybe"), "cases[0].terms[0].status: "),
    (
        "bad ground",
        _set((*C0, "disclosures", 0, "ground"), "hunch"),
        "cases[0].disclosures[0].ground: ",
    ),
    ("court on a formal case", _set((*C0, "court"), {"name": "County Court"}), "cases[0].court: "),
    (
        "bad way the court agreed",
        _set((*C1, "court", "court_agreed_by"), "nod"),
        "cases[1].court.court_agreed_by: must be one of order, adjournment, directions",
    ),
    (
        "court agreed without how",
        _drop((*C1, "court", "court_agreed_by")),
        "cases[1].court.court_agreed_by: say how the court agreed",
    ),
    (
        "court agreed date not a date",
        _set((*C1, "court", "court_agreed_on"), "4/2/2026"),
        "cases[1].court.court_agreed_on: must be a date written YYYY-MM-DD",
    ),
    (
        "parties' wish not a real date",
        _set((*C1, "court", "parties_wish_to_mediate_on"), "2026-02-30"),
        "cases[1].court.parties_wish_to_mediate_on: ",
    ),
    (
        "court not an object",
        _set((*C1, "court"), "High Court"),
        "cases[1].court: must be an object",
    ),
    (
        "bad NHS number",
        _set((*C0, "patient", "nhs_number"), "9434765918"),
        "cases[0].patient.nhs_number: the check digit",
    ),
    ("patient a list", _set((*C0, "patient"), []), "cases[0].patient: must be an object"),
    (
        "duplicate reference",
        _set((*C1, "reference"), "MM-2026-001"),
        "cases[1].reference: MM-2026-001 is also used by cases[0]",
    ),
    (
        "reference in casebook",
        _set((*C1, "reference"), EXISTING),
        f"cases[1].reference: {EXISTING} is already in this casebook",
    ),
    ("case not an object", _set(("cases", 1), "MM-2026-002"), "cases[1]: must be an object"),
]


@pytest.mark.parametrize(
    ("mutate", "expected"), [(m, e) for _, m, e in MUTATIONS], ids=[n for n, _, _ in MUTATIONS]
)
def test_bad_values_are_refused_with_their_path(
    casebook: Casebook, mutate: Callable[[Doc], None], expected: str
) -> None:
    casebook.cases.add(Case(None, EXISTING, "Already here"))
    document = full_document()
    mutate(document)
    before = counts(casebook)
    with pytest.raises(ImportRejected) as caught:
        import_document(casebook, document)
    assert str(caught.value).startswith(expected), str(caught.value)
    assert counts(casebook) == before


def test_messages_never_quote_confidential_text(casebook: Casebook) -> None:
    secret = "Gareth said something he would never want repeated " * 3
    document = full_document()
    document["cases"][0]["parties"][0]["side"] = secret
    with pytest.raises(ImportRejected) as caught:
        import_document(casebook, document)
    message = str(caught.value)
    assert secret not in message and len(message) < 200
    document = full_document()
    document["cases"][0]["title"] = "x" * 400  # over the limit: the reason, not the text
    with pytest.raises(ImportRejected, match=r"^cases\[0\]\.title: this is too long") as caught:
        import_document(casebook, document)
    assert "xxxxxxxxxx" not in str(caught.value)


# Hostile files ------------------------------------------------------------------------------


def _refused(casebook: Casebook, path: Path, match: str) -> None:
    before = counts(casebook)
    with pytest.raises(ImportRejected, match=match):
        import_file(casebook, path)
    assert counts(casebook) == before


def test_a_file_over_the_limit_is_refused_before_parsing(
    casebook: Casebook, tmp_path: Path
) -> None:
    path = tmp_path / "huge.json"
    with path.open("wb") as handle:  # sparse: no 80 MB actually written
        handle.truncate(80 * 1024 * 1024)
    _refused(casebook, path, r"^huge\.json is 80 MB; an import file may be at most 50 MB")


def test_the_limit_is_checked_on_what_is_read(
    casebook: Casebook, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, full_document())
    monkeypatch.setattr(interchange, "MAX_IMPORT_BYTES", path.stat().st_size - 1)
    _refused(casebook, path, r"import file may be at most")


HEAD = b'{"format": "parley.cases/1", "cases": '
HOSTILE = [
    ("empty", b"", r"is empty"),
    ("blank", b"  \n", r"is empty"),
    ("latin-1", HEAD + b"[\xff]}", r"not UTF-8 text \(the first bad byte is at position 39\)"),
    ("broken", HEAD.replace(b", ", b",\n") + b"[}", r"not valid JSON: .* line 2, column 11"),
    ("deep", b"[" * 100_000 + b"]" * 100_000, r"nested far too deeply"),
    (
        "nan",
        HEAD + b'[{"reference": "R", "title": "T", "minutes": NaN}]}',
        r"^cases\[0\]\.minutes: NaN is not a number JSON allows",
    ),
    ("infinity", HEAD + b'[], "x": -Infinity}', r"^x: -Infinity is not"),
    (
        "duplicate key",
        HEAD + b'[{"reference": "A", "title": "B", "title": "C"}]}',
        r"^cases\[0\]\.title: this key appears twice",
    ),
    ("duplicate top key", HEAD + b'[], "format": 1}', r"^format: this key appears twice"),
    ("top-level list", b'[{"format": "parley.cases/1"}]', r"one JSON object .*\(it holds a list\)"),
    ("top-level string", b'"parley.cases/1"', r"must hold one JSON object"),
    ("long number", HEAD + b"[" + b"1" * 5000 + b"]}", r"a number in it is too long"),
    (
        "surrogate",
        HEAD + b'[{"reference": "R", "title": "\\ud800"}]}',
        r"^cases\[0\]\.title: .*not valid Unicode",
    ),
    (
        "huge float",
        HEAD + b'[{"reference": "R", "title": 1e400}]}',
        r"^cases\[0\]\.title: this number is too large",
    ),
    (
        "30 levels",
        HEAD + b"[" * 30 + b"]" * 30 + b"}",
        r"^cases(\[0\])+: this is nested more than 20 levels",
    ),
]


@pytest.mark.parametrize(
    ("content", "match"), [(c, m) for _, c, m in HOSTILE], ids=[n for n, _, _ in HOSTILE]
)
def test_hostile_content_is_refused(
    casebook: Casebook, tmp_path: Path, content: bytes, match: str
) -> None:
    path = tmp_path / "hostile.json"
    path.write_bytes(content)
    _refused(casebook, path, match)


def test_a_byte_order_mark_is_accepted(casebook: Casebook, tmp_path: Path) -> None:
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(full_document()).encode())
    assert import_file(casebook, path).cases == 2


def test_missing_file_and_folder(casebook: Casebook, tmp_path: Path) -> None:
    with pytest.raises(ImportRejected, match="There is no file at"):
        read_import_file(tmp_path / "absent.json")
    with pytest.raises(ImportRejected, match="There is no file at"):
        read_import_file(tmp_path)


def test_more_than_10000_cases_is_refused(casebook: Casebook, tmp_path: Path) -> None:
    cases = [{"reference": f"R-{i}", "title": "T"} for i in range(10_001)]
    path = write(tmp_path, {"format": "parley.cases/1", "cases": cases})
    _refused(casebook, path, r"^cases: at most 10,000 cases are allowed here \(this has 10,001\)")


def test_more_than_1000_parties_is_refused(casebook: Casebook) -> None:
    parties = [{"id": f"p{i}", "name": "N", "role": "other", "side": "other"} for i in range(1001)]
    case = {"reference": "R", "title": "T", "parties": parties}
    document = {"format": "parley.cases/1", "cases": [case]}
    with pytest.raises(ImportRejected, match=r"^cases\[0\]\.parties: at most 1,000"):
        import_document(casebook, document)


def test_in_memory_documents_are_checked_too(casebook: Casebook) -> None:
    looped: list[Any] = []
    looped.append(looped)
    document: Doc = {"format": "parley.cases/1", "cases": looped}
    with pytest.raises(ImportRejected, match="nested more than 20 levels"):
        import_document(casebook, document)
    for bad in (float("nan"), (1, 2), {1: "x"}, object()):
        document = {"format": "parley.cases/1", "cases": [{"reference": "R", "title": bad}]}
        with pytest.raises(ImportRejected, match=r"^cases\[0\]"):
            import_document(casebook, document)


# The property: whatever the mutation, all or nothing, and only ImportRejected ---------------

JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**6), max_value=10**6)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=12)
    | st.sampled_from(["mum", "m1", "2026-03-10", "2026-03-10T14:00", "agreed", "family", ""]),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)


SAME_KIND: dict[type, st.SearchStrategy[Any]] = {
    str: st.text(max_size=20),
    int: st.integers(),
    bool: st.booleans(),
}


def _locations(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _locations(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found += _locations(item, (*path, i))
    return found


def _at(document: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        document = document[step]
    return document


_RUNS = itertools.count()


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_any_mutation_imports_fully_or_changes_nothing(
    casebook: Casebook, data: st.DataObject
) -> None:
    document = full_document()
    run = next(_RUNS)
    for case in document["cases"]:  # fresh references, so a success does not block the next
        case["reference"] += f"-{run}"
    locations = _locations(document)
    path = data.draw(st.sampled_from(locations[1:]))
    how = data.draw(st.sampled_from(["replace", "same kind", "delete", "add"]))
    parent = _at(document, path[:-1])
    old = parent[path[-1]]
    if how == "replace":
        parent[path[-1]] = data.draw(JSON_VALUES)
    elif how == "same kind" and type(old) in SAME_KIND:
        parent[path[-1]] = data.draw(SAME_KIND[type(old)])
    elif how in ("delete", "same kind"):
        del parent[path[-1]]
    else:
        target = _at(document, path)
        if isinstance(target, dict):
            target[data.draw(st.text(max_size=10))] = data.draw(JSON_VALUES)
        elif isinstance(target, list):
            target.insert(data.draw(st.integers(0, len(target))), data.draw(JSON_VALUES))
        else:
            parent[path[-1]] = data.draw(JSON_VALUES)

    before = counts(casebook)
    try:
        summary = import_document(casebook, document)
    except ImportRejected:
        event("rejected")
        assert counts(casebook) == before
    else:
        event("imported")
        after = counts(casebook)
        assert after["cases"] == before["cases"] + summary.cases
        assert after["notes"] == before["notes"] + summary.notes
        assert after["terms"] == before["terms"] + summary.terms
