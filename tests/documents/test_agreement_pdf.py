"""The agreed-terms PDF: what it says, how it reads back, and what it must not carry."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pypdf
import pytest

from app.cases.agreed_terms import AgreedTerms, AgreementParty
from app.documents.agreement_pdf import render_agreed_terms_pdf

A4_WIDTH, A4_HEIGHT = 595.27, 841.89

DOC = AgreedTerms(
    organisation="Northern Healthcare Mediation Service",
    case_reference="MM-2026-014",
    patient_name="Zoë Łukasz-Nuñez",
    patient_date_of_birth=date(2019, 5, 14),
    nhs_number="943 476 5919",
    hospital_number="RX1-0045521",
    hospital="St Aldhelm's Children's Hospital",
    team="Paediatric Intensive Care",
    agreed_on=date(2026, 4, 1),
    parties=(
        AgreementParty("Siân Roberts", "Parent"),
        AgreementParty("Łukasz Nowak", "Parent"),
        AgreementParty("Dr Ana Nuñez", "Consultant"),
    ),
    terms=(
        "The team will continue the current ventilation plan for a further 14 days and review "
        "it with the family at a joint meeting on or before 15 April 2026.",
        "Dose < 5 mg & review > weekly, with the outcome written in the care notes.",
        "Zoë's parents may ask for a second opinion from an independent paediatric "
        "intensivist; the hospital will arrange it within 10 working days.",
    ),
    mediator="Helen Carter",
)


def render(doc: AgreedTerms = DOC) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(render_agreed_terms_pdf(doc)))


def page_texts(reader: pypdf.PdfReader) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def text_of(doc: AgreedTerms = DOC) -> str:
    return " ".join(page_texts(render(doc)))


def squash(text: str) -> str:
    """Without any whitespace: line wrapping may break a long word, never reorder it."""
    return "".join(text.split())


def with_terms(*terms: str) -> AgreedTerms:
    return replace(DOC, terms=terms)


def test_every_identifier_and_term_appears_numbered_in_order() -> None:
    text = text_of()
    for expected in (
        "Northern Healthcare Mediation Service",
        "Mediation agreement — agreed terms",
        "For inclusion in the patient's care notes",
        "Zoë Łukasz-Nuñez",
        "14 May 2019",
        "943 476 5919",
        "RX1-0045521",
        "MM-2026-014",
        "St Aldhelm's Children's Hospital",
        "Paediatric Intensive Care",
        "1 April 2026",
        "Parties to this agreement",
        "Agreed terms",
        "Only the terms above are recorded.",
        "may not be used in any court proceedings.",
        "Helen Carter Mediator",
    ):
        assert expected in text
    positions = [text.index(f"{n}. {term}") for n, term in enumerate(DOC.terms, start=1)]
    assert positions == sorted(positions)
    order = ["Mediation agreement", "Parties to this agreement", "Agreed terms", "Only the terms"]
    assert [text.index(s) for s in order] == sorted(text.index(s) for s in order)
    assert text.index("1. The team") > text.index("Agreed terms") > text.index("Siân Roberts")
    assert text.rindex("Signature") > text.index("without prejudice")


@pytest.mark.parametrize("name", ["Siân", "Zoë", "Łukasz", "Nuñez", "Ørsted-Ĉapek Ğül"])
def test_names_outside_latin_1_extract_back_exactly(name: str) -> None:
    doc = replace(DOC, patient_name=name, parties=(AgreementParty(f"{name} Jones", "Parent"),))
    text = text_of(doc)
    assert f"Patient {name} " in text
    assert text.count(f"{name} Jones Parent") == 2  # the parties list and the signature block


def test_markup_characters_in_user_text_are_printed_literally() -> None:
    doc = replace(
        DOC,
        organisation="A&E <Trust> & partners",
        patient_name="Jo <b>Smith</b>",
        hospital="St Mary's & St John's <east>",
        parties=(AgreementParty("Kim &amp; Lee", "Parent <legal>"),),
        terms=(
            "Dose < 5 mg & review > weekly",
            "<b>not bold</b> and &amp; stays as typed",
            "</para><para> <br/> <font size=40>big</font> &#169; &lt;",
            "<",
            "&",
        ),
    )
    text = text_of(doc)
    for literal in (
        "A&E <Trust> & partners",
        "Jo <b>Smith</b>",
        "St Mary's & St John's <east>",
        "Kim &amp; Lee Parent <legal>",
        "1. Dose < 5 mg & review > weekly",
        "2. <b>not bold</b> and &amp; stays as typed",
        "3. </para><para> <br/> <font size=40>big</font> &#169; &lt;",
        "4. < 5. &",
    ):
        assert literal in text


def test_line_breaks_inside_a_term_are_kept() -> None:
    lines = render(with_terms("First line of the term\nSecond line\r\nThird line")).pages[0]
    extracted = lines.extract_text().splitlines()
    assert "1. First line of the term" in extracted
    assert "Second line" in extracted
    assert "Third line" in extracted


def test_control_characters_do_not_break_the_export() -> None:
    text = text_of(with_terms("Tab\there, nul\x00 and vertical\x0btab, bell\x07 done"))
    assert "Tab here, nul and vertical" in text
    assert "done" in text


def test_a_long_agreement_paginates_with_page_x_of_y_on_every_page() -> None:
    terms = tuple(
        f"Term number {n}: the family and the team will keep to the plan agreed for week {n}, "
        "and any change will be discussed first with the named consultant."
        for n in range(1, 121)
    )
    texts = page_texts(render(with_terms(*terms)))
    total = len(texts)
    assert total >= 4
    for number, text in enumerate(texts, start=1):
        assert text.endswith(f"MM-2026-014 — page {number} of {total}")
    joined = " ".join(texts)
    positions = [joined.index(f"{n}. {t}") for n, t in enumerate(terms, start=1)]
    assert positions == sorted(positions)


def test_one_very_long_term_runs_over_pages_without_losing_words() -> None:
    words = [f"w{n}ord" for n in range(5000)]
    texts = page_texts(render(with_terms(" ".join(words), "A short term after it.")))
    assert len(texts) >= 5
    # Each page ends in its head and footer, which fall between the two halves of a term.
    joined = squash(" ".join(t[: t.rindex("Patient: Zoë")] for t in texts))
    assert "1." + "".join(words) + "2.Ashorttermafterit." in joined
    for number, text in enumerate(texts, start=1):
        assert text.endswith(f"page {number} of {len(texts)}")


def test_metadata_names_the_case_and_nothing_else() -> None:
    reader = render()
    info = reader.metadata
    assert info is not None
    assert info.title == "Mediation agreement MM-2026-014"
    assert info.creator == "Parley"
    for key in ("/Author", "/Subject", "/Keywords"):
        assert not info.get(key)
    assert reader.xmp_metadata is None
    values = " ".join(str(v) for v in info.values())
    identifying = [DOC.patient_name, DOC.nhs_number, DOC.hospital_number, DOC.hospital]
    identifying += [p.name for p in DOC.parties] + [DOC.organisation, DOC.mediator]
    identifying += [word for term in DOC.terms for word in term.split() if len(word) > 5]
    for secret in identifying:
        assert secret not in values


def test_pages_are_a4() -> None:
    for page in render(with_terms(*(["A term long enough to need a few lines. " * 8] * 30))).pages:
        assert page.mediabox.width == pytest.approx(A4_WIDTH, abs=1)
        assert page.mediabox.height == pytest.approx(A4_HEIGHT, abs=1)


def test_every_font_is_the_embedded_bundled_one() -> None:
    # A font the reader must supply may lack the glyphs of a name such as Łukasz.
    for page in render().pages:
        resources: Any = page["/Resources"]
        for reference in resources["/Font"].values():
            font = reference.get_object()
            assert "DejaVuSans" in str(font["/BaseFont"])
            descendant = font.get("/DescendantFonts")
            descriptor = (descendant[0].get_object() if descendant else font)["/FontDescriptor"]
            assert "/FontFile2" in descriptor.get_object()


@pytest.mark.parametrize(
    "field", ["patient_name", "hospital", "hospital_number", "organisation", "mediator"]
)
def test_an_enormous_field_flows_over_pages_instead_of_failing(field: str) -> None:
    huge = " ".join(f"part{n}" for n in range(3000))
    change: dict[str, Any] = {field: huge}
    texts = page_texts(render(replace(DOC, **change)))
    joined = " ".join(texts)
    assert len(texts) > 2 and "part0 part1" in joined and "part2998 part2999" in joined


def test_an_enormous_party_name_flows_over_pages_instead_of_failing() -> None:
    huge = " ".join(f"part{n}" for n in range(3000))
    text = text_of(replace(DOC, parties=(AgreementParty(huge, "Parent"),)))
    assert text.count("part2999") == 2


def test_without_organisation_the_title_comes_first() -> None:
    texts = page_texts(render(replace(DOC, organisation="  ")))
    assert texts[0].startswith("Mediation agreement — agreed terms For inclusion")


def test_missing_identifiers_say_not_recorded() -> None:
    doc = replace(DOC, patient_date_of_birth=None, nhs_number="", agreed_on=None, team="")
    text = text_of(doc)
    assert "Date of birth Not recorded" in text
    assert "NHS number Not recorded" in text
    assert "Date agreed Not recorded" in text
    assert "Hospital and team St Aldhelm's Children's Hospital Date agreed" in text


def test_an_unnamed_mediator_still_gets_a_signature_line() -> None:
    text = text_of(replace(DOC, mediator="", parties=()))
    assert "No parties are recorded as party to this agreement." in text
    mediator = "Mediator, Northern Healthcare Mediation Service"
    assert re.search(rf"Signatures {mediator} Signature Date Patient: Zoë", text)


def test_independent_readers_accept_the_file(tmp_path: Path) -> None:
    pdftotext, qpdf = shutil.which("pdftotext"), shutil.which("qpdf")
    if pdftotext is None or qpdf is None:
        pytest.fail("pdftotext and qpdf are needed (apt-get install poppler-utils qpdf)")
    path = tmp_path / "agreement.pdf"
    path.write_bytes(render_agreed_terms_pdf(DOC))

    out = subprocess.run(
        [pdftotext, "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    text = " ".join(out.split())
    for n, term in enumerate(DOC.terms, start=1):
        assert f"{n}. {term}" in text
    assert "Siân Roberts" in text and "Łukasz Nowak" in text

    check = subprocess.run([qpdf, "--check", str(path)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
