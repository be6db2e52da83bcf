"""The whole exchange between books: a referral from the office, the agreement and the outcome
back to it, a handover to a second mediator; and the office prints the very agreement."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest
from office_examples import DETAILS
from pypdf import PdfReader

from app.books.casebook import Casebook
from app.books.office_book import OfficeBook
from app.books.outcomes import close_case
from app.cases.outcomes import Cause, CourtInvolvement, OutcomeAnswers, ReferralSource, Result
from app.cases.records import Meeting, MeetingKind, Note, Status, Term, TermStatus
from app.documents.export import agreed_terms_for, export_agreement, render_agreement
from app.errors import NotFound
from app.exchange.case_export import case_entry
from app.exchange.receiving import receive
from app.exchange.sealed import Kind
from app.exchange.sending import NotAllowed, send
from app.settings import MEDIATOR, ORGANISATION

from helpers import trust_each_other

WHEN = datetime(2026, 3, 10, 14, 0)


@pytest.fixture
def books(
    office_book: OfficeBook, casebook: Casebook, second_casebook: Casebook
) -> tuple[OfficeBook, Casebook, Casebook]:
    trust_each_other(office_book, casebook, second_casebook)
    office_book.settings.set(ORGANISATION, "Riverside Medical Mediation")
    casebook.settings.set(ORGANISATION, "Riverside Medical Mediation")
    casebook.settings.set(MEDIATOR, "Alex Morgan")
    return office_book, casebook, second_casebook


def name_of(book: OfficeBook | Casebook) -> str:
    return f"Book {book.casebook_id[:6]}"


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def mediate(casebook: Casebook, reference: str) -> Casebook:
    """What happens in the casebook between referral and agreement: meetings, notes, terms."""
    case = casebook.cases.by_reference(reference)
    assert case.id is not None
    parties = casebook.parties.for_case(case.id)
    joint = casebook.meetings.add(
        Meeting(None, case.id, MeetingKind.JOINT, WHEN, 90, "Room 4", (parties[0].id or 0,))
    )
    casebook.notes.add(Note(None, case.id, "Worried about the night staffing.", WHEN, joint.id))
    casebook.terms.add(Term(None, case.id, 0, "Review the plan weekly.", TermStatus.AGREED))
    casebook.terms.add(Term(None, case.id, 0, "Transfer to the hospice.", TermStatus.PROPOSED))
    for party in parties:
        casebook.parties.update(replace(party, party_to_agreement=True))
    casebook.cases.update(
        replace(case, status=Status.AGREED, agreed_on=datetime(2026, 4, 1).date())
    )
    return casebook


def test_referral_agreement_outcome_and_handover(
    books: tuple[OfficeBook, Casebook, Casebook], tmp_path: Path
) -> None:
    office, casebook, second = books
    office.referrals.add(DETAILS)

    referral = send(office, Kind.REFERRAL, DETAILS.reference, name_of(casebook), tmp_path / "r")
    assert office.referrals.by_reference(DETAILS.reference).sent_to == name_of(casebook)
    taken = receive(casebook, referral.path)
    assert taken.kind is Kind.REFERRAL and taken.reference == DETAILS.reference
    case = casebook.cases.by_reference(DETAILS.reference)
    assert case.status is Status.REFERRED and case.patient == DETAILS.patient
    assert case.court == DETAILS.court
    assert [(p.name, p.contact) for p in casebook.parties.for_case(case.id or 0)] == [
        ("Dr Łukasz Nowak", ""),  # clinical before family, as the casebook lists them
        ("Siân Jones", "07700 900123"),
    ]

    mediate(casebook, DETAILS.reference)
    agreement = send(casebook, Kind.AGREEMENT, DETAILS.reference, name_of(office), tmp_path / "a")
    receive(office, agreement.path)
    archived = office.agreements.latest_for(DETAILS.reference)
    assert archived.document == agreed_terms_for(casebook, DETAILS.reference)
    assert archived.received_from == casebook.identity.fingerprint

    # The office prints the same document the mediator's casebook makes.
    out = tmp_path / "office.pdf"
    export_agreement(office, DETAILS.reference, out)
    mediators = render_agreement(agreed_terms_for(casebook, DETAILS.reference))
    assert pdf_text(out.read_bytes()) == pdf_text(mediators)
    assert "Transfer to the hospice" not in pdf_text(out.read_bytes())

    case = casebook.cases.by_reference(DETAILS.reference)
    answers = OutcomeAnswers(
        result=Result.AGREED_IN_FULL, court=CourtInvolvement.THREATENED, hearing_avoided=True,
        referral_source=ReferralSource.CLINICAL_TEAM,
        causes=frozenset({Cause.PLACE_OF_CARE, Cause.LOSS_OF_TRUST}), mediator_minutes=600,
    )  # fmt: skip
    kept = close_case(casebook, case.id or 0, answers, today=date.today())
    outcome = send(casebook, Kind.OUTCOME, DETAILS.reference, name_of(office), tmp_path / "o")
    receive(office, outcome.path)
    [(record, _)] = office.outcomes.all()
    assert record == kept  # the mediator's answers travel with the record
    assert record.stage is DETAILS.stage and record.meetings[MeetingKind.JOINT] == 1
    assert record.referred_on == DETAILS.referred_on
    assert record.closed_on == casebook.cases.closure(case.id or 0).closed_on

    handover = send(
        casebook, Kind.HANDOVER, DETAILS.reference, name_of(second), tmp_path / "h", close=True
    )
    assert handover.closed
    receive(second, handover.path)
    theirs = second.cases.by_reference(DETAILS.reference)
    assert case_entry(second, theirs) == case_entry(
        casebook, casebook.cases.by_reference(DETAILS.reference)
    )
    assert [n.text for n in second.notes.for_case(theirs.id or 0)] == [
        "Worried about the night staffing."
    ]

    sent = [e for e in casebook.audit.entries() if e.action == "sealed file sent"]
    assert [e.detail.split()[0] for e in sent] == ["agreement", "outcome", "handover"]
    assert all(f"sha256={s.sha256}" in e.detail for s, e in zip(
        (agreement, outcome, handover), sent, strict=True
    ))  # fmt: skip
    received = [e for e in office.audit.entries() if e.action == "sealed file received"]
    assert [e.detail.split()[0] for e in received] == ["agreement", "outcome"]
    assert f"sha256={agreement.sha256}" in received[0].detail


def test_a_handover_keeps_the_case_unless_asked_to_close_it(
    books: tuple[OfficeBook, Casebook, Casebook], tmp_path: Path
) -> None:
    office, casebook, second = books
    office.referrals.add(DETAILS)
    receive(casebook, send(office, Kind.REFERRAL, DETAILS.reference, name_of(casebook),
                           tmp_path / "r").path)  # fmt: skip
    send(casebook, Kind.HANDOVER, DETAILS.reference, name_of(second), tmp_path / "h")
    assert casebook.cases.by_reference(DETAILS.reference).status is Status.REFERRED


@pytest.mark.parametrize(
    ("sender", "kind", "to", "said"),
    [
        ("casebook", Kind.REFERRAL, "second", "does not send a referral"),
        ("office", Kind.AGREEMENT, "casebook", "does not send an agreement"),
        ("casebook", Kind.AGREEMENT, "second", "does not take an agreement"),
        ("casebook", Kind.OUTCOME, "second", "does not take an outcome"),
        ("casebook", Kind.HANDOVER, "office", "does not take a handover"),
    ],
)
def test_what_may_not_be_sent_is_refused_before_anything_is_written(
    books: tuple[OfficeBook, Casebook, Casebook],
    tmp_path: Path,
    sender: str,
    kind: Kind,
    to: str,
    said: str,
) -> None:
    office, casebook, second = books
    by_name = {"office": office, "casebook": casebook, "second": second}
    with pytest.raises(NotAllowed, match=said):
        send(by_name[sender], kind, DETAILS.reference, name_of(by_name[to]), tmp_path / "x")
    assert not (tmp_path / "x").exists()


def test_a_file_goes_only_to_a_trusted_contact(office_book: OfficeBook, tmp_path: Path) -> None:
    office_book.referrals.add(DETAILS)
    with pytest.raises(NotFound, match="No trusted contact is called Nobody"):
        send(office_book, Kind.REFERRAL, DETAILS.reference, "Nobody", tmp_path / "x")
    assert not (tmp_path / "x").exists()
