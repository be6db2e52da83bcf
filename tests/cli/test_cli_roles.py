"""The command line makes each kind of book, and says so when a command needs the other kind."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.books import vault
from app.books.casebook import Casebook
from app.books.office_book import OfficeBook

from conftest import PASSPHRASE
from helpers import floor_kdf_everywhere, run_cli


@pytest.fixture(autouse=True)
def fast_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    floor_kdf_everywhere(monkeypatch)


@pytest.mark.parametrize(
    ("options", "said", "kind", "registers"),
    [
        ((), "Created a casebook in", Casebook, False),
        (("--registers",), "Created a casebook that also keeps the registers", Casebook, True),
        (("--office",), "Created the office's book in", OfficeBook, None),
    ],
)
def test_init_makes_the_book_asked_for(
    tmp_path: Path, options: tuple[str, ...], said: str, kind: type, registers: bool | None
) -> None:
    folder = tmp_path / "book"
    result = run_cli("init", *options, "--vault", str(folder), stdin=PASSPHRASE + "\n")
    assert result.code == 0 and said in result.out
    assert "Recovery key (shown once" in result.out
    with vault.open_book_with_passphrase(folder, PASSPHRASE) as book:
        assert type(book) is kind
        if isinstance(book, Casebook):
            assert book.keeps_registers is registers


def test_init_cannot_be_both_office_and_casebook(tmp_path: Path) -> None:
    result = run_cli("init", "--office", "--registers", "--vault", str(tmp_path / "b"))
    assert result.code == 2 and not (tmp_path / "b").exists()


def test_the_registers_are_turned_off_and_on_in_a_casebook(casebook_folder: Path) -> None:
    base = ("registers", "--vault", str(casebook_folder))
    off = run_cli(*base[:1], "off", *base[1:], stdin=PASSPHRASE + "\n")
    assert off.code == 0 and "does not keep the registers" in off.out
    status = run_cli(*base[:1], "status", *base[1:], stdin=PASSPHRASE + "\n")
    assert "does not keep the registers" in status.out
    on = run_cli(*base[:1], "on", *base[1:], stdin=PASSPHRASE + "\n")
    assert on.code == 0 and "also keeps the training and complaints registers" in on.out
    with vault.open_with_passphrase(casebook_folder, PASSPHRASE) as casebook:
        actions = [e.action for e in casebook.audit.entries() if "registers" in e.action]
        assert actions == ["registers turned off", "registers turned on"]


def test_commands_for_the_other_kind_of_book_are_refused_in_one_line(
    office_folder: Path,
) -> None:
    status = run_cli("registers", "status", "--vault", str(office_folder), stdin=PASSPHRASE + "\n")
    assert status.code == 0 and "office's book keeps the training" in status.out
    off = run_cli("registers", "off", "--vault", str(office_folder), stdin=PASSPHRASE + "\n")
    assert off.code == 1 and "office's book, which holds no cases" in off.err
    verify = run_cli("verify", "--rebuild-search", "--vault", str(office_folder),
                     stdin=PASSPHRASE + "\n")  # fmt: skip
    assert verify.code == 0 and "no search index to rebuild" in verify.out
