"""Damaged files: random bit flips anywhere in the database, whole pages damaged, and key
files damaged beside their spare copy. (Truncation to 0, 1, 4095 and 4097 bytes, a zeroed
first page and the key file variants without a spare copy are in tests/books/test_vault.py,
tests/books/test_verify_states.py and tests/books/test_key_file_damage.py.)

A flip in any page must show at the latest in verify's cipher_integrity_check; every case
gives a specific message and modifies no file.
"""

from __future__ import annotations

import functools
import shutil
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from app.books import keyfile, vault
from app.books.verify import VerifyState, verify_unlocked
from app.cases.records import Case, Note
from app.errors import ParleyError

from conftest import PASSPHRASE
from helpers import snapshot

PAGE = 4096
# Argon2id is deterministic: remembering results keeps many unlocks quick across examples.
_remembered_derive = functools.lru_cache(64)(keyfile.derive_from_passphrase)


@pytest.fixture(scope="module")
def damaged_template(tmp_path_factory: pytest.TempPathFactory, template_casebook: Path) -> Path:
    """A casebook with enough notes for damage to land in data pages, closed cleanly."""
    folder = tmp_path_factory.mktemp("damage") / "casebook"
    shutil.copytree(template_casebook, folder)
    with vault.open_with_passphrase(folder, PASSPHRASE) as casebook:
        case = casebook.cases.add(Case(None, "MM-2026-980", "Bits"))
        assert case.id is not None
        with casebook.transaction():
            for i in range(60):
                casebook.notes.add(Note(None, case.id, f"note {i} " * 60, datetime(2026, 3, 9)))
        (folder.parent / "key").write_bytes(casebook.data_key)
    return folder


def fresh_copy(template: Path, target: Path) -> tuple[Path, bytes]:
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(template, target)
    return target, (template.parent / "key").read_bytes()


def flips() -> st.SearchStrategy[list[tuple[int, int, int]]]:
    """1-3 flips as (page, offset in page, bit); pages are drawn uniformly, so most land
    after the first page."""
    return st.lists(
        st.tuples(st.integers(0, 10_000), st.integers(0, PAGE - 1), st.integers(0, 7)),
        min_size=1, max_size=3,
    )  # fmt: skip


def check_flips(template: Path, target: Path, chosen: list[tuple[int, int, int]]) -> None:
    folder, key = fresh_copy(template, target)
    db = folder / "casebook.db"
    data = bytearray(db.read_bytes())
    pages = len(data) // PAGE
    for page, offset, bit in chosen:
        data[(page % pages) * PAGE + offset] ^= 1 << bit
    assume(bytes(data) != db.read_bytes())  # two flips of one bit cancel out
    db.write_bytes(bytes(data))
    before = snapshot(folder)
    report = verify_unlocked(folder, key)
    assert report.state is VerifyState.ENCRYPTION, report.problems
    assert snapshot(folder) == before
    # The everyday open path either refuses it with a message and changes nothing, or (the
    # flip being in a page it does not read) opens; verify has already caught the damage.
    try:
        vault.open_casebook(vault.Unlocked(folder, key, "x")).close()
    except ParleyError:
        assert snapshot(folder) == before


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(chosen=flips())
def test_random_bit_flips_are_caught_by_verify(
    damaged_template: Path, tmp_path: Path, chosen: list[tuple[int, int, int]]
) -> None:
    check_flips(damaged_template, tmp_path / "cb", chosen)


@pytest.mark.long
@settings(
    max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(chosen=flips())
def test_many_random_bit_flips_are_caught_by_verify(
    damaged_template: Path, tmp_path: Path, chosen: list[tuple[int, int, int]]
) -> None:
    check_flips(damaged_template, tmp_path / "cb", chosen)


def zero_page(index: int) -> Callable[[bytearray], bytearray]:
    def change(data: bytearray) -> bytearray:
        start = (index % (len(data) // PAGE)) * PAGE
        data[start : start + PAGE] = bytes(PAGE)
        return data

    return change


def copy_page(source: int, target: int) -> Callable[[bytearray], bytearray]:
    def change(data: bytearray) -> bytearray:
        # A genuine page in the wrong place: its code covers its page number.
        data[target * PAGE : (target + 1) * PAGE] = data[source * PAGE : (source + 1) * PAGE]
        return data

    return change


PAGE_DAMAGE: list[tuple[str, Callable[[bytearray], bytearray], set[VerifyState]]] = [
    ("second page zeroed", zero_page(1), {VerifyState.ENCRYPTION}),
    ("middle page zeroed", zero_page(20), {VerifyState.ENCRYPTION}),
    ("last page zeroed", zero_page(-1), {VerifyState.ENCRYPTION}),
    ("page copied over another", copy_page(5, 9), {VerifyState.ENCRYPTION}),
    ("random page appended", lambda d: d + bytearray(b"\x5a" * PAGE), {VerifyState.ENCRYPTION}),
    ("last page cut off", lambda d: d[:-PAGE], {VerifyState.ENCRYPTION, VerifyState.STRUCTURE}),
    ("half a page appended", lambda d: d + bytearray(PAGE // 2), {VerifyState.STRUCTURE}),
]


@pytest.mark.parametrize("name, damage, states", PAGE_DAMAGE, ids=[d[0] for d in PAGE_DAMAGE])
def test_damaged_pages_are_named(
    damaged_template: Path, tmp_path: Path, name: str,
    damage: Callable[[bytearray], bytearray], states: set[VerifyState],
) -> None:  # fmt: skip
    folder, key = fresh_copy(damaged_template, tmp_path / "cb")
    db = folder / "casebook.db"
    db.write_bytes(bytes(damage(bytearray(db.read_bytes()))))
    before = snapshot(folder)
    report = verify_unlocked(folder, key)
    assert report.state in states, report.problems
    assert report.problems and all(len(p) < 400 for p in report.problems)
    assert snapshot(folder) == before


KEY_DAMAGE: list[tuple[str, Callable[[bytes], bytes | None]]] = [
    ("missing", lambda raw: None),
    ("empty", lambda raw: b""),
    ("truncated", lambda raw: raw[: len(raw) // 2]),
    ("not JSON", lambda raw: b"\x00\xffnot json"),
    ("unknown version", lambda raw: raw.replace(b"parley.key/1", b"parley.key/2")),
    ("a JSON list", lambda raw: b"[]"),
    ("a changed generation", lambda raw: raw.replace(b'"generation": 1', b'"generation": 7')),
]


@pytest.mark.parametrize("name, damage", KEY_DAMAGE, ids=[d[0] for d in KEY_DAMAGE])
def test_the_spare_copy_is_used(
    casebook_folder: Path, name: str, damage: Callable[[bytes], bytes | None]
) -> None:
    key_path = casebook_folder / "casebook.key"
    damaged = damage(key_path.read_bytes())
    if damaged is None:
        key_path.unlink()
    else:
        key_path.write_bytes(damaged)
    before = snapshot(casebook_folder)
    with vault.open_with_passphrase(casebook_folder, PASSPHRASE) as casebook:
        assert any("spare copy (casebook.key.bak) was used" in w for w in casebook.warnings)
    after = snapshot(casebook_folder)
    for name_ in ("casebook.key", "casebook.key.bak"):
        assert after.get(name_) == before.get(name_)  # neither key file is "repaired"


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_a_damaged_key_file_with_a_good_spare_always_opens(
    casebook_folder: Path, data: st.DataObject
) -> None:
    key_path = casebook_folder / "casebook.key"
    original = key_path.read_bytes()
    damaged = bytearray(original)
    for _ in range(data.draw(st.integers(1, 4), label="flips")):
        damaged[data.draw(st.integers(0, len(damaged) - 1), label="at")] ^= data.draw(
            st.integers(1, 255), label="mask"
        )
    key_path.write_bytes(bytes(damaged))
    before = snapshot(casebook_folder)
    try:
        with pytest.MonkeyPatch.context() as m:
            m.setattr(keyfile, "derive_from_passphrase", _remembered_derive)
            unlocked = vault.unlock_with_passphrase(casebook_folder, PASSPHRASE)
            try:
                keyfile.parse_key_file(bytes(damaged))
            except ParleyError:
                # Damage, found by the key file's check: the spare opened it, and said so.
                assert any("spare copy" in w for w in unlocked.warnings)
            else:
                assert not unlocked.warnings  # only spacing changed: the content is the same
        assert snapshot(casebook_folder) == before
    finally:
        key_path.write_bytes(original)
