"""`verify`: each state of a casebook has its own message and its own exit code.

0 all good; 3 wrong passphrase; 4 encryption; 5 structure; 6 audit chain; 7 search index;
8 key file; 9 database missing. Verify never changes a file, whatever it finds.
"""

from __future__ import annotations

import functools
import io
import sqlite3
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

from app import cli
from app.books import keyfile, vault
from app.books.casebook import Casebook
from app.books.verify import VerifyState, verify_unlocked
from app.cases.records import Case, Note

from conftest import PASSPHRASE
from helpers import snapshot, without_spare_key


@pytest.fixture(autouse=True)
def remembered_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2id is deterministic; remembering results keeps the many unlocks here quick."""
    monkeypatch.setattr(keyfile, "derive_from_passphrase", _remembered)


_remembered = functools.lru_cache(32)(keyfile.derive_from_passphrase)


def run_verify(folder: Path, stdin: str = PASSPHRASE + "\n") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(["verify", "--vault", str(folder)], stdin=io.StringIO(stdin), stdout=out,
                    stderr=err)  # fmt: skip
    assert "Traceback" not in err.getvalue()
    if code:
        assert err.getvalue().count("\n") == 1 and err.getvalue().startswith("parley: ")
    return code, out.getvalue(), err.getvalue()


def with_notes(folder: Path) -> None:
    with vault.open_with_passphrase(folder, PASSPHRASE) as casebook:
        case = casebook.cases.add(Case(None, "MM-2026-301", "Verify me"))
        assert case.id is not None
        for i in range(40):  # enough pages that damage can land beyond the schema's
            casebook.notes.add(Note(None, case.id, f"note {i} " * 40, datetime(2026, 3, 9, 11)))


def sql(*statements: str) -> Callable[[Path], None]:
    def change(folder: Path) -> None:
        with vault.open_with_passphrase(folder, PASSPHRASE) as casebook:
            for statement in statements:
                casebook.connection.execute(statement)

    return change


def flip_in_last_page(folder: Path) -> None:
    db = folder / "casebook.db"
    data = bytearray(db.read_bytes())
    data[-1000] ^= 0x04
    db.write_bytes(bytes(data))


def zero_first_page(folder: Path) -> None:
    db = folder / "casebook.db"
    data = bytearray(db.read_bytes())
    data[:4096] = bytes(4096)
    db.write_bytes(bytes(data))


def plain_sqlite(folder: Path) -> None:
    (folder / "casebook.db").unlink()
    plain = sqlite3.connect(folder / "casebook.db")
    plain.execute("CREATE TABLE notes (text)")
    plain.commit()
    plain.close()


def truncate(length: int) -> Callable[[Path], None]:
    def change(folder: Path) -> None:
        db = folder / "casebook.db"
        db.write_bytes(db.read_bytes()[:length])

    return change


def misplace_an_index(folder: Path) -> None:
    """Structural damage that every page still authenticates: an index at a wrong root."""
    with vault.open_with_passphrase(folder, PASSPHRASE) as casebook:
        conn = casebook.connection
        (other,) = conn.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'cases_by_status'"
        ).fetchone()
        conn.execute("PRAGMA writable_schema = ON")
        conn.execute("UPDATE sqlite_master SET rootpage = ? WHERE name = 'notes_by_case'", (other,))


def key_file(content: bytes | None) -> Callable[[Path], None]:
    """The key file damaged (or gone) and no spare copy to fall back on."""

    def change(folder: Path) -> None:
        without_spare_key(folder)
        if content is None:
            (folder / "casebook.key").unlink()
        else:
            (folder / "casebook.key").write_bytes(content)

    return change


def casebook_id_changed(folder: Path) -> None:
    """One character of the casebook id changed: the file still reads as a key file."""
    without_spare_key(folder)
    raw = (folder / "casebook.key").read_bytes()
    at = raw.index(b'"casebook_id": "') + len(b'"casebook_id": "')
    new = b"1" if raw[at : at + 1] != b"1" else b"2"
    (folder / "casebook.key").write_bytes(raw[:at] + new + raw[at + 1 :])


STATES = [
    # (name, damage, exit code, a phrase of the message on standard output)
    ("page flipped", flip_in_last_page, 4, "fail their authentication code"),
    ("first page zeroed", zero_first_page, 4, "first pages do not authenticate"),
    ("plain SQLite", plain_sqlite, 4, "unencrypted SQLite"),
    ("truncated to 0", truncate(0), 5, "0 bytes long"),
    ("truncated to 4097", truncate(4097), 5, "not a whole number"),
    ("index misplaced", misplace_an_index, 5, "Database structure:"),
    (
        "audit edited",
        sql(
            "DROP TRIGGER audit_is_append_only_u", "UPDATE audit SET actor = 'someone' WHERE id = 2"
        ),
        6,
        "Audit trail: entry 2 does not follow",
    ),
    (
        "audit entry removed",
        sql("DROP TRIGGER audit_is_append_only_d", "DELETE FROM audit WHERE id = 1"),
        6,
        "Audit trail: entry 2",
    ),
    (
        "a case missing from the index",
        sql("DELETE FROM case_words WHERE rowid = 1"),
        7,
        "Search index (case_words): damaged",
    ),
    (
        "a deleted case left in the index",
        sql("DROP TRIGGER case_words_ad", "DROP TRIGGER notes_words_ad", "DELETE FROM cases"),
        7,
        "Search index (case_words): damaged",
    ),
    (
        "index pages lost",
        sql("DELETE FROM case_words_data WHERE id > 10"),
        7,
        "Search index (case_words): damaged",
    ),
    ("key file missing", key_file(None), 8, "key file (casebook.key) is missing"),
    ("key file empty", key_file(b""), 8, "not readable JSON"),
    ("key file with one byte changed", casebook_id_changed, 8, "has changed since Parley wrote it"),
    ("key file not JSON", key_file(b"\x89PNG\r\n"), 8, "not readable JSON"),
    (
        "key file of a later version",
        key_file(b'{"format": "parley.key/7"}'),
        8,
        "version this Parley does not know",
    ),
    ("database missing", lambda f: (f / "casebook.db").unlink(), 9, "casebook.db is missing"),
]


@pytest.mark.parametrize("name, damage, code, phrase", STATES, ids=[s[0] for s in STATES])
def test_each_state_has_its_own_message_and_code(
    casebook_folder: Path, name: str, damage: Callable[[Path], None], code: int, phrase: str
) -> None:
    with_notes(casebook_folder)
    damage(casebook_folder)
    before = snapshot(casebook_folder)
    result, out, err = run_verify(casebook_folder)
    assert result == code, out + err
    assert phrase in out
    assert err == f"parley: verify: {VerifyState(code).summary}; see above.\n"
    assert snapshot(casebook_folder) == before  # verify changes nothing, damaged or not


def test_all_good_and_wrong_passphrase(casebook_folder: Path) -> None:
    with_notes(casebook_folder)
    before = snapshot(casebook_folder)
    code, out, err = run_verify(casebook_folder)
    assert code == 0 and err == "" and "PROBLEM" not in out
    assert out.count("ok  ") == 5
    assert run_verify(casebook_folder, "not the passphrase at all\n")[0] == 3
    assert snapshot(casebook_folder) == before


def test_the_spare_key_file_is_used_and_said(casebook_folder: Path) -> None:
    (casebook_folder / "casebook.key").write_bytes(b"{ torn")
    code, out, _ = run_verify(casebook_folder)
    assert code == 0 and "spare copy (casebook.key.bak) was used" in out


def test_the_most_basic_problem_decides_the_code(casebook: Casebook) -> None:
    conn = casebook.connection
    conn.execute("DROP TRIGGER audit_is_append_only_u")
    conn.execute("UPDATE audit SET actor = 'x' WHERE id = 1")
    conn.execute("DELETE FROM case_words_data")
    casebook.close()
    key = vault.unlock_with_passphrase(casebook.folder, PASSPHRASE).data_key
    report = verify_unlocked(casebook.folder, key)
    assert set(report.states) == {VerifyState.AUDIT_CHAIN, VerifyState.SEARCH_INDEX}
    assert report.state is VerifyState.AUDIT_CHAIN and report.broken_audit_entry == 1


@pytest.mark.parametrize(
    "damage, last_note_found",
    [
        (sql("DELETE FROM case_words_data WHERE id > 10"), [1]),
        (sql("DROP TRIGGER notes_words_ad", "DELETE FROM notes WHERE id > 1"), []),
    ],
    ids=["index pages lost", "notes deleted behind the index's back"],
)
def test_rebuild_search_mends_a_damaged_index(
    casebook_folder: Path, damage: Callable[[Path], None], last_note_found: list[int]
) -> None:
    with_notes(casebook_folder)
    damage(casebook_folder)
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(
        ["verify", "--rebuild-search", "--vault", str(casebook_folder)],
        stdin=io.StringIO(PASSPHRASE + "\n"),
        stdout=out,
        stderr=err,
    )
    assert (code, err.getvalue()) == (0, ""), out.getvalue()
    assert "Rebuilt the search index from the records." in out.getvalue()
    with vault.open_with_passphrase(casebook_folder, PASSPHRASE) as casebook:
        assert casebook.search.case_ids("verify") == [1]  # the case's own words
        assert casebook.search.case_ids("note 0") == [1]  # the note that is left
        assert casebook.search.case_ids("note 39") == last_note_found
        actions = [entry.action for entry in casebook.audit.entries()]
        assert actions[-2:] == ["search index rebuilt", "unlocked"]
