"""Nothing confidential ever reaches the office's book, whatever way it is tried.

Generated cases carry a sentinel in every confidential field: the summary, notes and the
consent to share them, issues, proposed and withdrawn terms, meetings' places, consent to
mediate, and every part of a disclosure. Each case then goes every way there is towards the
office: imported into it directly, its opening details imported, its agreement and outcome
sealed and received, a handover and a referral sealed to it; the office then exports the
whole book and prints the agreement. No sentinel may be found in the office's decrypted
database, in the exported book, or in the PDF (its text and its bytes). The agreed terms,
which may go to the office, must be found there: the routes really ran.
"""

from __future__ import annotations

import io
import json
from datetime import datetime
from itertools import count
from pathlib import Path
from typing import Any

from case_strategies import case_entry as drawn_case
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from app.books.casebook import Casebook
from app.books.office_book import OfficeBook
from app.cases.opening import opening_details_of
from app.documents.export import export_agreement
from app.errors import ImportRejected
from app.exchange.book_export import export_book
from app.exchange.book_import import import_path
from app.exchange.case_export import case_entry, cases_document, opening_entry
from app.exchange.importer import import_document
from app.exchange.receiving import receive
from app.exchange.sealed import Kind, SealedFileRefused, new_document, seal
from app.exchange.sending import send
from app.settings import MEDIATOR, ORGANISATION

from helpers import book_tables, fresh_copy, trust_each_other

_runs = count()
SENTINEL = "SNTL"
NOW = datetime(2026, 6, 1, 12, 0)


@st.composite
def confidential_cases(draw: st.DrawFn) -> tuple[dict[str, Any], list[str]]:
    """A cases document whose confidential fields each hold a sentinel of their own, and the
    sentinels; its first case is agreed (one agreed term at least) and closed."""
    sentinels: list[str] = []

    def secret(label: str) -> str:
        token = f"{SENTINEL}{label}{len(sentinels)}X"
        sentinels.append(token)
        return f"{draw(st.sampled_from(['', 'Siân said: ', 'Dr Nowak: ']))}{token}"

    cases = [draw(drawn_case(n + 1, secret)) for n in range(draw(st.integers(1, 2)))]
    first = cases[0]
    first["terms"] = [*first["terms"], {"text": "Agreed: review weekly", "status": "agreed"}]
    first["agreed_on"] = first["referred_on"]
    first["status"] = "closed"
    return {"format": "parley.cases/1", "cases": cases}, sentinels


def leaks(sentinels: list[str], *places: str | bytes) -> list[str]:
    found = []
    for token in sentinels:
        for place in places:
            text = place.decode("latin-1") if isinstance(place, bytes) else place
            if token in text:
                found.append(token)
    return found


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(drawn=confidential_cases())
def test_no_sentinel_ever_reaches_or_leaves_the_office(
    template_casebook: Path,
    template_office_book: Path,
    tmp_path: Path,
    drawn: tuple[dict[str, Any], list[str]],
) -> None:
    document, sentinels = drawn
    run = tmp_path / f"run-{next(_runs)}"
    run.mkdir()
    with (
        fresh_copy(template_casebook, run / "casebook") as casebook,  # type: ignore[attr-defined]
        fresh_copy(template_office_book, run / "office") as office,  # type: ignore[attr-defined]
    ):
        assert isinstance(casebook, Casebook) and isinstance(office, OfficeBook)
        _routes(casebook, office, document, run)
        pdf = (run / "agreement.pdf").read_bytes()
        pdf_text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
        exported = (run / "office.json").read_text(encoding="utf-8")
        stored = repr(book_tables(office.connection))
        assert leaks(sentinels, stored, exported, pdf_text, pdf) == []
        # The routes really ran: what may reach the office did.
        assert "Agreed: review weekly" in stored and "Agreed: review weekly" in pdf_text
        assert json.loads(exported)["outcomes"] != []


def _routes(casebook: Casebook, office: OfficeBook, document: dict[str, Any], run: Path) -> None:
    trust_each_other(casebook, office)
    casebook.settings.set(ORGANISATION, "Riverside Medical Mediation")
    casebook.settings.set(MEDIATOR, "Alex Morgan")
    office_name = f"Book {office.casebook_id[:6]}"

    # 1. Imported into the office as it is: refused, whichever confidential field comes first.
    whole = run / "whole.json"
    whole.write_text(json.dumps(document), encoding="utf-8")
    try:
        import_path(office, whole)
    except ImportRejected:
        pass
    else:
        assert all(not _confidential(c) for c in document["cases"]), "a whole case got in"

    import_document(casebook, document)
    reference = document["cases"][0]["reference"]
    case = casebook.cases.by_reference(reference)
    assert case.id is not None

    # 2. Its opening details, imported as a referral.
    details = opening_details_of(case, casebook.parties.for_case(case.id))
    opening = run / "opening.json"
    opening.write_text(json.dumps(cases_document([opening_entry(details)])), encoding="utf-8")
    import_path(office, opening)

    # 3. The agreement and the outcome, sealed and received: the two kinds an office takes.
    for kind in (Kind.AGREEMENT, Kind.OUTCOME):
        sent = send(casebook, kind, reference, office_name, run / f"{kind.value}.parley-sealed")
        receive(office, sent.path)

    # 4. A handover and a referral carrying the whole case, sealed to the office: refused.
    whole_case = cases_document([case_entry(casebook, case)])
    for kind in (Kind.HANDOVER, Kind.REFERRAL):
        letter = new_document(kind, casebook.identity.fingerprint, office.identity.fingerprint,
                              whole_case, NOW)  # fmt: skip
        path = run / f"forced-{kind.value}.parley-sealed"
        path.write_bytes(seal(letter, casebook.identity.get(), office.identity.get().public))
        try:
            receive(office, path)
        except SealedFileRefused:
            pass
        else:
            raise AssertionError(f"the office took in a {kind.value}")

    # 5. What leaves the office: the whole book, and the agreement's PDF.
    export_book(office, run / "office.json", plaintext=True)
    export_agreement(office, reference, run / "agreement.pdf")


def _confidential(case: dict[str, Any]) -> bool:
    return any(case.get(k) for k in ("summary", "notes", "issues", "terms", "disclosures",
                                     "meetings", "status", "agreed_on"))  # fmt: skip
