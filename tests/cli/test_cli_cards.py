"""Contact cards on the command line: export, show (no book needed), trust only with the
fingerprint read out by the card's owner, and the list of contacts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.books import vault
from app.identity.keys import format_fingerprint

from conftest import PASSPHRASE
from helpers import floor_kdf_everywhere, run_cli

PIPE = PASSPHRASE + "\n"


@pytest.fixture(autouse=True)
def fast_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    floor_kdf_everywhere(monkeypatch)


def export(folder: Path, out: Path, *name: str) -> str:
    result = run_cli("card", "export", "--out", str(out), *name, "--vault", str(folder), stdin=PIPE)
    assert result.code == 0, result.err
    return result.out


def fingerprint_of(folder: Path) -> str:
    with vault.open_book_with_passphrase(folder, PASSPHRASE) as book:
        return book.identity.fingerprint


def test_a_card_is_exported_and_shown_without_any_book(office_folder: Path, tmp_path: Path) -> None:
    card = tmp_path / "office.parley-card"
    said = export(office_folder, card, "--name", "Riverside office")
    shown_fingerprint = format_fingerprint(fingerprint_of(office_folder))
    assert f"fingerprint: {shown_fingerprint}" in said
    shown = run_cli("card", "show", str(card), "--vault", str(tmp_path / "no-book-here"))
    assert shown.code == 0
    assert shown.out.splitlines() == [
        "name: Riverside office",
        "role: office",
        f"fingerprint: {shown_fingerprint}",
    ]
    # The name is kept: the next export needs no --name.
    export(office_folder, tmp_path / "again.parley-card")
    assert (
        "name: Riverside office" in run_cli("card", "show", str(tmp_path / "again.parley-card")).out
    )


def test_a_casebook_card_says_mediator(casebook_folder: Path, tmp_path: Path) -> None:
    card = tmp_path / "alex.parley-card"
    export(casebook_folder, card, "--name", "Alex Morgan")
    assert "role: mediator" in run_cli("card", "show", str(card)).out


def test_a_card_needs_a_name(casebook_folder: Path, tmp_path: Path) -> None:
    result = run_cli("card", "export", "--out", str(tmp_path / "c.parley-card"),
                     "--vault", str(casebook_folder), stdin=PIPE)  # fmt: skip
    assert result.code == 1 and "--name" in result.err
    assert not (tmp_path / "c.parley-card").exists()


def test_a_card_altered_on_the_way_is_refused(office_folder: Path, tmp_path: Path) -> None:
    card = tmp_path / "office.parley-card"
    export(office_folder, card, "--name", "Riverside office")
    altered = json.loads(card.read_text())
    altered["role"] = "mediator"
    card.write_text(json.dumps(altered))
    result = run_cli("card", "show", str(card))
    assert result.code == 1 and "altered" in result.err


@pytest.mark.parametrize(
    "content", [b"", b"\x00\xff" * 40, b'{"format": "parley.card/9"}', b"[1, 2, 3]"]
)
def test_what_is_not_a_card_is_named_as_such(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "x.parley-card"
    path.write_bytes(content)
    result = run_cli("card", "show", str(path))
    assert result.code == 1 and "card" in result.err
    assert run_cli("card", "show", str(tmp_path / "missing.parley-card")).code == 1


def test_trusting_needs_the_owners_fingerprint_and_records_who_when_how(
    office_folder: Path, casebook_folder: Path, tmp_path: Path
) -> None:
    card = tmp_path / "office.parley-card"
    export(office_folder, card, "--name", "Riverside office")
    right = fingerprint_of(office_folder)
    wrong = ("A" if right[0] != "A" else "B") + right[1:]
    base = ("card", "import", str(card), "--how", "phone", "--by", "Alex Morgan")

    refused = run_cli(*base, "--fingerprint", wrong, "--vault", str(casebook_folder), stdin=PIPE)
    assert (
        refused.code == 1
        and "does not match" in refused.err
        and "Nothing was trusted" in refused.err
    )
    with vault.open_with_passphrase(casebook_folder, PASSPHRASE) as casebook:
        assert casebook.contacts.all() == []
        assert "card trusted" not in [e.action for e in casebook.audit.entries()]

    typed = format_fingerprint(right).lower().replace(" ", "  ")  # as someone might type it
    trusted = run_cli(*base, "--fingerprint", typed, "--vault", str(casebook_folder), stdin=PIPE)
    assert trusted.code == 0 and "Trusted Riverside office (office)" in trusted.out
    listed = run_cli("contacts", "--vault", str(casebook_folder), stdin=PIPE)
    assert "Riverside office  (office)" in listed.out
    assert format_fingerprint(right) in listed.out
    assert "confirmed by Alex Morgan, read aloud over the phone" in listed.out
    with vault.open_with_passphrase(casebook_folder, PASSPHRASE) as casebook:
        entry = [e for e in casebook.audit.entries() if e.action == "card trusted"][-1]
        assert right in entry.detail

    again = run_cli(*base, "--fingerprint", right, "--vault", str(casebook_folder), stdin=PIPE)
    assert again.code == 1 and "already trusted" in again.err


def test_a_book_does_not_trust_its_own_card(office_folder: Path, tmp_path: Path) -> None:
    card = tmp_path / "own.parley-card"
    export(office_folder, card, "--name", "Riverside office")
    result = run_cli("card", "import", str(card), "--fingerprint", fingerprint_of(office_folder),
                     "--how", "in-person", "--by", "Jo", "--vault", str(office_folder),
                     stdin=PIPE)  # fmt: skip
    assert result.code == 1 and "own card" in result.err


def test_no_contacts_yet_says_how_to_add_one(office_folder: Path) -> None:
    result = run_cli("contacts", "--vault", str(office_folder), stdin=PIPE)
    assert result.code == 0 and "card import" in result.out
