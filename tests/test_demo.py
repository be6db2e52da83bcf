"""The demo casebook (app.demo): varied fictional cases that import cleanly and reopen."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from app.books import vault
from app.books.casebook import Casebook
from app.books.passphrase_policy import passphrase_problem
from app.cases.agreed_terms import agreed_terms_of
from app.cases.nhs import is_valid_nhs_number
from app.cases.records import DisclosureGround, Stage, Status, TermStatus
from app.demo import DEMO_PASSPHRASE, create_demo_casebook, demo_document
from app.exchange.importer import import_document
from app.settings import MEDIATOR, ORGANISATION

from conftest import FLOOR_KDF


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo") / "demo"
    created = create_demo_casebook(folder, kdf=FLOOR_KDF)
    assert created.recovery_key
    created.casebook.close()
    return folder


@pytest.fixture
def demo(demo_folder: Path) -> Iterator[Casebook]:
    casebook = vault.open_with_passphrase(demo_folder, DEMO_PASSPHRASE)
    yield casebook
    casebook.close()


def test_the_demo_passphrase_is_acceptable() -> None:
    assert passphrase_problem(DEMO_PASSPHRASE) is None


def test_the_demo_has_varied_cases(demo: Casebook) -> None:
    rows = demo.cases.list_rows()
    assert len(rows) >= 6
    assert len({r.status for r in rows}) >= 5
    assert {r.stage for r in rows} == set(Stage)
    cases = [demo.cases.get(r.id) for r in rows]
    assert all(is_valid_nhs_number(c.patient.nhs_number) for c in cases)
    assert all(c.patient.nhs_number.startswith("999") for c in cases)
    names = " ".join(p.name for r in rows for p in demo.parties.for_case(r.id))
    for name in ("Siân", "Zoë", "Łukasz", "Nuñez"):
        assert name in names
    assert demo.settings.get(ORGANISATION) == "Riverside Medical Mediation (demo)"
    assert demo.settings.get(MEDIATOR) == "Alex Morgan (demo mediator)"


def test_the_eleventh_hour_case_has_court_details(demo: Casebook) -> None:
    urgent = [
        demo.cases.get(r.id) for r in demo.cases.list_rows() if r.stage is Stage.ELEVENTH_HOUR
    ]
    assert urgent
    court = urgent[0].court
    assert court is not None
    assert court.name == "High Court, Family Division"
    assert court.reference and court.next_hearing is not None
    assert court.next_hearing > date.today()


def test_records_of_every_kind(demo: Casebook) -> None:
    ids = [r.id for r in demo.cases.list_rows()]
    terms = [t for i in ids for t in demo.terms.for_case(i)]
    assert {t.status for t in terms} == set(TermStatus)
    disclosures = [x for i in ids for x in demo.disclosures.for_case(i)]
    assert any(x.ground is DisclosureGround.RISK_OF_HARM for x in disclosures)
    notes = [n for i in ids for n in demo.notes.for_case(i)]
    assert any(n.shareable_with for n in notes)  # live consent to share
    assert any(not n.share_with for n in notes)  # confidential to the mediator
    assert any(n.share_with and n.consent_withdrawn_on for n in notes)  # consent withdrawn
    assert {i.kind for c in ids for i in demo.issues.for_case(c)} == {
        "position",
        "underlying",
        "key",
        "realistic",
    }
    starts = [m.starts_at for i in ids for m in demo.meetings.for_case(i)]
    now = datetime.now()
    assert any(s < now for s in starts)
    assert any(now < s <= now + timedelta(days=8) for s in starts)  # next week
    recorded = [e for e in demo.audit.entries() if e.action == "disclosure recorded"]
    assert len(recorded) == len(disclosures)
    assert [e.actor for e in demo.audit.entries() if e.action == "import"] == [
        "Alex Morgan (demo mediator)"
    ]


def test_the_agreed_case_exports_its_terms(demo: Casebook) -> None:
    agreed = [demo.cases.get(r.id) for r in demo.cases.list_rows() if r.status is Status.AGREED]
    assert agreed
    case = agreed[0]
    assert case.id is not None and case.agreed_on is not None
    terms = demo.terms.for_case(case.id)
    parties = demo.parties.for_case(case.id)
    export = agreed_terms_of(
        case, parties, terms, organisation=demo.settings.get(ORGANISATION), mediator="Alex"
    )
    assert len(export.terms) >= 6
    assert any("≥ 92% & review if < 88%" in t for t in export.terms)
    assert [t.text for t in terms if t.status is TermStatus.AGREED] == list(export.terms)
    assert len(export.parties) >= 2
    assert export.nhs_number.count(" ") == 2


def test_the_demo_document_imports_into_any_casebook(casebook: Casebook) -> None:
    summary = import_document(casebook, demo_document(date(2026, 1, 2)))
    assert summary.cases >= 6
    assert casebook.cases.by_reference(summary.references[0]).reference.startswith("MM-2026-")


def test_the_demo_never_overwrites_a_casebook(demo_folder: Path) -> None:
    from app.errors import CasebookExists

    with pytest.raises(CasebookExists):
        create_demo_casebook(demo_folder, kdf=FLOOR_KDF)


def test_the_demo_passphrase_can_be_typed_on_any_keyboard() -> None:
    assert DEMO_PASSPHRASE.isascii() and DEMO_PASSPHRASE.isprintable()


def test_the_demo_fills_every_new_screen(demo: Casebook) -> None:
    """Outcomes over a few years, courses with attendance and feedback, complaints (one
    acknowledged otherwise than asked), and subject access requests (one from a parent)."""
    today = date.today()
    closed = demo.outcomes.closed_between(today.replace(year=today.year - 4), today)
    assert len(closed) >= 60
    assert len({r.closed_on.year for r in closed if r.closed_on}) >= 3
    assert all(r.answers is not None for r in closed)
    assert {r.answers.result for r in closed if r.answers} >= {"agreed_in_full", "not_agreed"}
    registers = demo.registers
    courses = registers.courses.all()
    assert any(c.held_on > today for c in courses) and any(c.held_on < today for c in courses)
    held = [c for c in courses if c.held_on < today and c.id is not None]
    assert all(registers.feedback.summary(c.id or 0).forms >= 5 for c in held)
    delegates = [d for c in held for d in registers.delegates.for_course(c.id or 0)]
    assert {d.attended for d in delegates} == {True, False}
    complaints = registers.complaints.all()
    assert any(c.answer_warning for c in complaints)
    requests = registers.access_requests.all()
    assert any(r.party_ids for r in requests) and any(r.responded_on for r in requests)
    eleventh = [demo.cases.get(r.id) for r in demo.cases.list_rows()
                if r.stage is Stage.ELEVENTH_HOUR and r.status is not Status.CLOSED]  # fmt: skip
    assert any(c.court and c.court.ready_for_formal_sessions for c in eleventh)


def test_every_closed_case_met_before_it_closed(demo: Casebook) -> None:
    closed = [r for r in demo.cases.list_rows() if r.status is Status.CLOSED]
    assert len(closed) > 20  # the history behind the statistics
    for row in closed:
        closed_on = demo.cases.closure(row.id).closed_on
        assert closed_on is not None and closed_on < date.today()
        for meeting in demo.meetings.for_case(row.id):
            assert meeting.starts_at.date() <= closed_on, row.reference
