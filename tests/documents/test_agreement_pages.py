"""Every page of the agreed-terms PDF can be matched to its patient when it comes apart from
the others, and no signature is ever separated from the name it belongs to."""

from __future__ import annotations

import io
import re
from datetime import date

import pypdf
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.cases.agreed_terms import AgreedTerms, AgreementParty
from app.documents.agreement_pdf import render_agreed_terms_pdf
from app.formatting import format_date

NAMES = ("Siân", "Zoë", "Łukasz", "Nuñez", "Ørsted", "Ğül", "Ciarán", "Dafydd", "Ngozi", "Øyvind")
name_parts = st.sampled_from(NAMES)


@st.composite
def person(draw: st.DrawFn, n: int) -> str:
    # A number of its own, so each block can be told from the others in the text.
    parts = draw(st.lists(name_parts, min_size=1, max_size=6))
    return f"{' '.join(parts)}-{'ÿ' * n}Q{n}"


@st.composite
def agreements(draw: st.DrawFn) -> AgreedTerms:
    count = draw(st.integers(1, 8))
    parties = tuple(
        AgreementParty(draw(person(n)), draw(st.sampled_from(["Parent", "Consultant", "Nurse"])))
        for n in range(count)
    )
    lengths = draw(st.lists(st.integers(1, 60), min_size=1, max_size=40))
    terms = tuple("The family and the team agree " + "to keep to the plan " * n for n in lengths)
    patient = " ".join(draw(st.lists(name_parts, min_size=1, max_size=8)))
    return AgreedTerms(
        organisation="Northern Healthcare Mediation Service",
        case_reference=f"MM-2026-{draw(st.integers(1, 999)):03d}",
        patient_name=patient,
        patient_date_of_birth=draw(st.dates(date(1930, 1, 1), date(2026, 1, 1))),
        nhs_number="943 476 5919",
        hospital_number="RX1-0045521",
        hospital="St Aldhelm's Children's Hospital",
        team="Paediatric Intensive Care",
        agreed_on=date(2026, 4, 1),
        parties=parties,
        terms=terms,
        mediator="Helen Carter",
    )


def pages(doc: AgreedTerms) -> list[str]:
    reader = pypdf.PdfReader(io.BytesIO(render_agreed_terms_pdf(doc)))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def assert_each_page_identifies_the_patient(doc: AgreedTerms, texts: list[str]) -> None:
    for number, text in enumerate(texts, start=1):
        for identifier in (doc.patient_name, format_date(doc.patient_date_of_birth),
                           doc.nhs_number, doc.case_reference):  # fmt: skip
            assert identifier in text, f"page {number} of {len(texts)} lacks {identifier!r}"


def assert_signature_blocks_whole(doc: AgreedTerms, texts: list[str]) -> None:
    """On every page, the signature section reads name, Signature, name, Signature...: no
    name is left at the foot of a page with its line on the next."""
    signers = [p.name for p in doc.parties] + [doc.mediator]
    start = next(i for i, t in enumerate(texts) if "Signatures" in t)
    seen: list[str] = []
    for number, text in enumerate(texts[start:], start=start + 1):
        body = text[text.rindex("Signatures") :] if number == start + 1 else text
        tokens = re.findall("|".join([*map(re.escape, signers), r"Signature Date"]), body)
        assert tokens, f"page {number} has no signature"
        heads, lines = tokens[0::2], tokens[1::2]
        assert len(heads) == len(lines), f"page {number}: a name without its line: {tokens}"
        assert all(line == "Signature Date" for line in lines), tokens
        assert not {"Signature Date"} & set(heads), f"page {number}: a line without its name"
        seen += heads
    assert seen == signers


def test_a_two_page_agreement_identifies_the_patient_on_both_pages() -> None:
    doc = AgreedTerms(
        organisation="Northern Healthcare Mediation Service",
        case_reference="MM-2026-001",
        patient_name="Siân Zoë Łukasz-Nuñez",
        patient_date_of_birth=date(2019, 3, 4),
        nhs_number="943 476 5919",
        hospital_number="RX1-0045521",
        hospital="St Aldhelm's Children's Hospital",
        team="Paediatric Intensive Care",
        agreed_on=date(2026, 4, 1),
        parties=tuple(AgreementParty(f"Parent Nuñez {n}", "Parent") for n in range(4)),
        terms=tuple(f"Term {n}: " + "the plan continues as agreed. " * 6 for n in range(14)),
        mediator="Helen Carter",
    )
    texts = pages(doc)
    assert len(texts) >= 2
    assert_each_page_identifies_the_patient(doc, texts)
    assert_signature_blocks_whole(doc, texts)


def test_the_mediator_signs_as_the_mediator_of_their_organisation() -> None:
    doc = AgreedTerms("Northern Mediation", "MM-2026-002", "Zoë", None, "", "", "", "", None,
                      (), ("One term.",), mediator="Helen Carter")  # fmt: skip
    text = " ".join(pages(doc))
    assert "Helen Carter Mediator, Northern Mediation Signature Date" in text


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(agreements())
def test_long_agreements_with_many_signers(doc: AgreedTerms) -> None:
    texts = pages(doc)
    assert_each_page_identifies_the_patient(doc, texts)
    assert_signature_blocks_whole(doc, texts)
