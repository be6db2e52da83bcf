"""Sealed files on the command line, as an administrator and a mediator would use them with
two books on one machine."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.books import vault
from app.books.office_book import OfficeBook

from conftest import PASSPHRASE
from helpers import floor_kdf_everywhere, run_cli

PIPE = PASSPHRASE + "\n"


@pytest.fixture(autouse=True)
def fast_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    floor_kdf_everywhere(monkeypatch)


def ok(*argv: str) -> str:
    result = run_cli(*argv, stdin=PIPE)
    assert result.code == 0, result.err
    return result.out


def exchange_cards(tmp_path: Path, *books: tuple[Path, str]) -> None:
    """Each book exports its card; each trusts the others' with the fingerprint read out."""
    for folder, name in books:
        ok("card", "export", "--out", str(tmp_path / f"{name}.parley-card"), "--name", name,
           "--vault", str(folder))  # fmt: skip
    for folder, _ in books:
        for other, name in books:
            if other == folder:
                continue
            card = tmp_path / f"{name}.parley-card"
            shown = run_cli("card", "show", str(card)).out
            fingerprint = shown.split("fingerprint: ")[1].strip()
            ok("card", "import", str(card), "--fingerprint", fingerprint, "--how", "phone",
               "--by", "Jo Patel", "--vault", str(folder))  # fmt: skip


def test_an_agreement_and_an_outcome_reach_the_office_which_prints_it(
    casebook_folder: Path, office_folder: Path, tmp_path: Path
) -> None:
    exchange_cards(tmp_path, (casebook_folder, "Alex Morgan"), (office_folder, "Riverside office"))
    cases = {
        "format": "parley.cases/1",
        "cases": [{
            "reference": "MM-2026-101", "title": "Continuing ventilation", "status": "closed",
            "referred_on": "2026-03-02",
            "patient": {"name": "Zoë Nuñez", "nhs_number": "943 476 5919"},
            "parties": [{"id": "p1", "name": "Siân Jones", "role": "parent", "side": "family",
                         "consented_on": "2026-03-05"}],
            "meetings": [{"kind": "joint", "starts_at": "2026-03-10T14:00"}],
            "notes": [{"text": "Confidential: the family's worries.",
                       "written_at": "2026-03-10T15:00"}],
            "terms": [{"text": "Review the plan weekly.", "status": "agreed"},
                      {"text": "Withdrawn idea.", "status": "withdrawn"}],
            "agreed_on": "2026-04-01",
        }],
    }  # fmt: skip
    source = tmp_path / "cases.json"
    source.write_text(json.dumps(cases), encoding="utf-8")
    ok("import", str(source), "--vault", str(casebook_folder))

    agreement = tmp_path / "agreement.parley-sealed"
    said = ok("send", "agreement", "MM-2026-101", "--to", "riverside OFFICE", "--out",
              str(agreement), "--vault", str(casebook_folder))  # fmt: skip
    assert "Sealed the agreement of MM-2026-101 to Riverside office" in said
    outcome = tmp_path / "outcome.parley-sealed"
    ok("send", "outcome", "MM-2026-101", "--to", "Riverside office", "--out", str(outcome),
       "--vault", str(casebook_folder))  # fmt: skip

    taken = ok("receive", str(agreement), "--vault", str(office_folder))
    assert "Received the agreement for MM-2026-101 from Alex Morgan" in taken
    assert "Received the outcome from Alex Morgan" in ok(
        "receive", str(outcome), "--vault", str(office_folder)
    )
    again = run_cli("receive", str(agreement), "--vault", str(office_folder), stdin=PIPE)
    assert again.code == 1 and "already received" in again.err

    pdf = tmp_path / "office.pdf"
    ok("export-agreement", "MM-2026-101", "--out", str(pdf), "--vault", str(office_folder))
    assert pdf.read_bytes().startswith(b"%PDF-")
    with vault.open_book_with_passphrase(office_folder, PASSPHRASE) as book:
        assert isinstance(book, OfficeBook)
        [archived] = book.agreements.all()
        assert archived.document.terms == ("Review the plan weekly.",)
        assert book.outcomes.count() == 1
        actions = [e.action for e in book.audit.entries()]
        assert actions.count("sealed file received") == 2 and "agreement exported" in actions


def test_sending_to_someone_unknown_or_the_wrong_kind_is_one_line(
    casebook_folder: Path, office_folder: Path, tmp_path: Path
) -> None:
    out = tmp_path / "x.parley-sealed"
    unknown = run_cli("send", "agreement", "MM-1", "--to", "Nobody", "--out", str(out),
                      "--vault", str(casebook_folder), stdin=PIPE)  # fmt: skip
    assert unknown.code == 1 and "No trusted contact is called Nobody" in unknown.err
    exchange_cards(tmp_path, (casebook_folder, "Alex Morgan"), (office_folder, "Riverside office"))
    wrong = run_cli("send", "handover", "MM-1", "--to", "Riverside office", "--out", str(out),
                    "--vault", str(casebook_folder), stdin=PIPE)  # fmt: skip
    assert wrong.code == 1 and "does not take a handover" in wrong.err
    assert not out.exists()


def test_a_referral_goes_from_the_office_to_a_mediator(
    casebook_folder: Path, office_folder: Path, tmp_path: Path
) -> None:
    exchange_cards(tmp_path, (casebook_folder, "Alex Morgan"), (office_folder, "Riverside office"))
    referral = {
        "format": "parley.cases/1",
        "cases": [{
            "reference": "MM-2026-120", "title": "Feeding plan", "stage": "formal",
            "referred_on": "2026-05-02", "referred_by": "Dr Okafor", "hospital": "St Aldhelm's",
            "patient": {"name": "Siân Ellis", "date_of_birth": "2019-05-14"},
            "parties": [{"id": "p1", "name": "Rhys Ellis", "role": "parent", "side": "family",
                         "contact": "07700 900456"}],
        }],
    }  # fmt: skip
    source = tmp_path / "referral.json"
    source.write_text(json.dumps(referral), encoding="utf-8")
    assert "Imported 1 referral(s)." in ok("import", str(source), "--vault", str(office_folder))
    sealed = tmp_path / "referral.parley-sealed"
    ok("send", "referral", "MM-2026-120", "--to", "Alex Morgan", "--out", str(sealed),
       "--vault", str(office_folder))  # fmt: skip
    said = ok("receive", str(sealed), "--vault", str(casebook_folder))
    assert "Received the referral for MM-2026-120 from Riverside office" in said
    with vault.open_with_passphrase(casebook_folder, PASSPHRASE) as casebook:
        case = casebook.cases.by_reference("MM-2026-120")
        assert case.patient.name == "Siân Ellis" and case.hospital == "St Aldhelm's"
        [party] = casebook.parties.for_case(case.id or 0)
        assert (party.name, party.contact) == ("Rhys Ellis", "07700 900456")


def test_export_book_needs_plaintext_and_writes_an_owner_only_file(
    office_folder: Path, tmp_path: Path
) -> None:
    out = tmp_path / "office.json"
    refused = run_cli("export-book", "--out", str(out), "--vault", str(office_folder), stdin=PIPE)
    assert refused.code == 1 and "--plaintext" in refused.err and not out.exists()
    said = ok("export-book", "--plaintext", "--out", str(out), "--vault", str(office_folder))
    assert "NOT encrypted" in said and out.stat().st_mode & 0o777 == 0o600
    assert json.loads(out.read_text())["role"] == "office"
