"""The export firewall (docs/ARCHITECTURE.md, "Rules the code keeps", rule 2), as a property.

Every confidential field of a generated case carries a sentinel word. Some of those fields
never reach the exporter (notes, issues, disclosures); others do reach ``agreed_terms_of``
and must be dropped there (the summary, the referrer, the court, contact details, proposed
and withdrawn terms, parties not party to the agreement, records of another case). Whatever
is generated, the PDF's text, metadata and bytes hold every agreed term, in order, and no
sentinel.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime

import pypdf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.cases.agreed_terms import NothingAgreed, agreed_terms_of
from app.cases.records import (
    Case,
    Court,
    Disclosure,
    DisclosureGround,
    Issue,
    IssueKind,
    Note,
    Party,
    PartyRole,
    Patient,
    Side,
    Stage,
    Status,
    Term,
    TermStatus,
)
from app.documents.agreement_pdf import render_agreed_terms_pdf

CASE_ID = 7
OTHER_CASE_ID = 8
SENTINEL = "QZXJ"  # never produced by the lower-case alphabet the visible text is drawn from

# Lower case only, so nothing generated can spell a sentinel; markup characters and letters
# outside Latin-1 because real names and terms contain them.
visible = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789 <>&âéłñüøç\n", max_size=60)
suffixes = st.text(alphabet="ABCDEFGHIKLMNOPRSTUVWY0123456789", min_size=6, max_size=10)


@dataclass
class Generated:
    case: Case
    parties: list[Party]
    terms: list[Term]
    notes: list[Note]
    issues: list[Issue]
    disclosures: list[Disclosure]
    organisation: str
    mediator: str
    sentinels: list[str]
    agreed: list[str]  # in position order
    signatories: list[str]


@st.composite
def generated_cases(draw: st.DrawFn) -> Generated:
    sentinels: list[str] = []

    def secret(label: str) -> str:
        token = f"{SENTINEL}{label}{draw(suffixes)}"
        sentinels.append(token)
        return f"{draw(visible)} {token} {draw(visible)}"

    case = Case(
        id=CASE_ID,
        reference=f"MM-2026-{draw(st.integers(1, 999)):03d}",
        title=secret("TITLE"),
        stage=Stage.ELEVENTH_HOUR,
        status=draw(st.sampled_from(Status)),
        hospital="Hospital " + draw(visible),
        team="Team " + draw(visible),
        referred_on=date(2026, 3, 2),
        referred_by=secret("REFERRER"),
        summary=secret("SUMMARY"),
        patient=Patient(
            name="Patient " + draw(visible),
            date_of_birth=draw(st.none() | st.dates(date(2000, 1, 1), date(2026, 1, 1))),
            nhs_number=draw(st.sampled_from(["9434765919", "", "4010232137"])),
            hospital_number="H" + draw(st.text(alphabet="0123456789", max_size=8)),
        ),
        court=Court(name=secret("COURT"), reference=secret("COURTREF"), next_hearing=None),
        agreed_on=draw(st.none() | st.just(date(2026, 4, 1))),
    )

    parties: list[Party] = []
    signatories: list[str] = []
    for n in range(draw(st.integers(0, 5))):
        signs = draw(st.booleans())
        name = f"Signatory{n} {draw(visible)}" if signs else secret("OUTSIDER")
        parties.append(
            Party(
                id=n + 1,
                case_id=CASE_ID,
                name=name,
                role=draw(st.sampled_from(PartyRole)),
                side=draw(st.sampled_from(Side)),
                contact=secret("CONTACT"),
                consented_on=date(2026, 3, 5),
                consent_how=secret("CONSENTHOW"),
                party_to_agreement=signs,
            )
        )
        if signs:
            signatories.append(name)
    parties.append(
        Party(
            id=99,
            case_id=OTHER_CASE_ID,
            name=secret("OTHERCASEPARTY"),
            role=PartyRole.PARENT,
            side=Side.FAMILY,
            party_to_agreement=True,
        )
    )

    statuses = draw(st.lists(st.sampled_from(TermStatus), min_size=1, max_size=12))
    if TermStatus.AGREED not in statuses:
        statuses[draw(st.integers(0, len(statuses) - 1))] = TermStatus.AGREED
    positions = draw(st.permutations(range(len(statuses))))
    terms: list[Term] = []
    agreed_at: dict[int, str] = {}
    for n, (status, position) in enumerate(zip(statuses, positions, strict=True)):
        if status is TermStatus.AGREED:
            text = f"Agreed{n}mark {draw(visible)}"
            agreed_at[position] = text
        else:
            text = secret(status.value.upper())
        terms.append(Term(n + 1, CASE_ID, position, text, status))
    terms.append(Term(99, OTHER_CASE_ID, 0, secret("OTHERCASETERM"), TermStatus.AGREED))
    terms = draw(st.permutations(terms))

    first_party = parties[0].id if parties else None
    notes = [
        Note(1, CASE_ID, secret("NOTE"), datetime(2026, 3, 10, 15, 10), None, first_party),
        Note(2, CASE_ID, secret("SHAREDNOTE"), datetime(2026, 3, 11, 9, 0), consent_on=None),
    ]
    issues = [Issue(n, CASE_ID, kind, secret("ISSUE")) for n, kind in enumerate(IssueKind)]
    disclosures = [
        Disclosure(
            1,
            CASE_ID,
            date(2026, 3, 20),
            DisclosureGround.RISK_OF_HARM,
            to=secret("DISCLOSEDTO"),
            what=secret("DISCLOSEDWHAT"),
            decided_by=secret("DECIDEDBY"),
            reason=secret("REASON"),
        )
    ]
    return Generated(
        case=case,
        parties=parties,
        terms=terms,
        notes=notes,
        issues=issues,
        disclosures=disclosures,
        organisation=draw(st.just("") | visible.map(lambda s: "Service " + s)),
        mediator=draw(st.just("") | visible.map(lambda s: "Mediator " + s)),
        sentinels=sentinels,
        agreed=[agreed_at[p] for p in sorted(agreed_at)],
        signatories=signatories,
    )


def squash(text: str) -> str:
    """Without whitespace: wrapping may split a line anywhere, but never reorders text."""
    return "".join(text.split())


@settings(max_examples=100, deadline=None)
@given(generated_cases())
def test_the_pdf_holds_agreed_terms_in_order_and_nothing_confidential(g: Generated) -> None:
    # Notes, issues and disclosures exist for this case, and the exporter is given none.
    assert g.notes and g.issues and g.disclosures
    doc = agreed_terms_of(
        g.case, g.parties, g.terms, organisation=g.organisation, mediator=g.mediator
    )
    pdf = render_agreed_terms_pdf(doc)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    text = squash(" ".join(page.extract_text() for page in reader.pages))
    metadata: dict[str, object] = dict(reader.metadata or {})
    meta_values = " ".join(str(v) for v in metadata.values())

    cursor = 0
    for number, term in enumerate(g.agreed, start=1):
        found = text.find(f"{number}.{squash(term)}", cursor)
        assert found >= 0, f"agreed term {number} missing or out of order"
        cursor = found
    for name in [g.case.patient.name, g.organisation, g.mediator, *g.signatories]:
        assert squash(name) in text

    for token in g.sentinels:
        assert token not in text
        assert token not in meta_values
        assert token.encode() not in pdf
    assert SENTINEL not in text and SENTINEL not in meta_values

    assert metadata.get("/Title") == f"Mediation agreement {g.case.reference}"
    for key in ("/Author", "/Subject", "/Keywords"):
        assert not metadata.get(key)
    for marker in ["Patient", "Signatory", *(t.split()[0] for t in g.agreed)]:
        assert marker not in meta_values
    assert reader.xmp_metadata is None


def test_a_case_with_nothing_agreed_cannot_be_exported() -> None:
    case = Case(id=CASE_ID, reference="MM-2026-001", title="t", summary="QZXJSUMMARY")
    terms = [
        Term(1, CASE_ID, 0, "QZXJPROPOSED", TermStatus.PROPOSED),
        Term(2, CASE_ID, 1, "QZXJWITHDRAWN", TermStatus.WITHDRAWN),
        Term(3, OTHER_CASE_ID, 0, "QZXJOTHERCASE", TermStatus.AGREED),
    ]
    with pytest.raises(NothingAgreed) as caught:
        agreed_terms_of(case, [], terms, organisation="Service")
    assert "QZXJ" not in str(caught.value)
