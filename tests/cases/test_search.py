"""Search finds a case when every word typed appears in the case or its notes, and the index
stays in step with the records whatever changes them (schema step 4, ``case_words``)."""

from __future__ import annotations

import itertools
import re
import sys
import unicodedata
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.books import schema
from app.books.casebook import Casebook
from app.cases.records import Case, Note, Patient
from app.cases.search import Search, fts_query, rebuild_index
from app.cases.stores.cases import CaseStore
from app.cases.stores.notes import NoteStore
from app.storage.database import Connection, open_database, transaction

from helpers import schema_up_to

KEY = bytes(range(32))
WHEN = datetime(2026, 3, 9, 11)
# Few words, so that random cases share some and not others; one with an accent, one
# prefix of another.
VOCABULARY = ("oxygen", "ox", "seizures", "siân", "hospice", "feeding", "plan", "chaplain")


def folded(text: str) -> set[str]:
    """The words of ``text`` as the index sees them: lower case, accents removed."""
    bare = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return set(re.findall(r"[^\W_]+", bare.lower()))


def expected(words_by_case: dict[int, set[str]], query: list[str]) -> set[int]:
    """The oracle: every word present, the last one possibly unfinished."""
    *whole, last = [next(iter(folded(w))) for w in query]
    return {
        case_id
        for case_id, words in words_by_case.items()
        if set(whole) <= words and any(w.startswith(last) for w in words)
    }


def fresh(folder: Path, name: str) -> Connection:
    conn = open_database(folder / f"{name}.db", KEY, create=True)
    schema.migrate(conn, folder / f"{name}.db", KEY, new=True)
    return conn


def test_words_may_come_from_the_case_and_from_different_notes(casebook: Casebook) -> None:
    sian = casebook.cases.add(Case(None, "MM-2026-001", "Feeding", patient=Patient("Siân Ellis")))
    other = casebook.cases.add(Case(None, "MM-2026-002", "Transfer"))
    assert sian.id is not None and other.id is not None
    casebook.notes.add(Note(None, sian.id, "Mother asked about oxygen at home.", WHEN))
    casebook.notes.add(Note(None, sian.id, "The chaplain visited.", WHEN))
    casebook.notes.add(Note(None, other.id, "Oxygen weaned overnight.", WHEN))
    search = casebook.search
    assert search.case_ids("Sian oxygen") == [sian.id]  # a field and a note
    assert search.case_ids("oxygen chaplain") == [sian.id]  # two notes
    assert sorted(search.case_ids("oxyg")) == [sian.id, other.id]  # still typing
    assert search.case_ids("oxygen hospice") == []  # every word must appear
    assert search.case_ids("mm 2026 002") == [other.id]  # the reference's parts


def test_the_index_follows_every_change_to_notes_and_cases(casebook: Casebook) -> None:
    case = casebook.cases.add(Case(None, "MM-2026-001", "Feeding"))
    assert case.id is not None
    note = casebook.notes.add(Note(None, case.id, "Talked about hospice care.", WHEN))
    assert note.id is not None
    assert casebook.search.case_ids("hospice") == [case.id]
    casebook.notes.update(Note(note.id, case.id, "Talked about respite care.", WHEN))
    assert casebook.search.case_ids("hospice") == []
    assert casebook.search.case_ids("respite") == [case.id]
    casebook.notes.delete(note.id)
    assert casebook.search.case_ids("respite") == []
    assert casebook.search.case_ids("feeding") == [case.id]  # the case's own words stay
    casebook.cases.update(Case(case.id, "MM-2026-001", "Ventilation"))
    assert casebook.search.case_ids("feeding") == []
    # A note moved to another case by a script leaves the first case's words with it.
    other = casebook.cases.add(Case(None, "MM-2026-002", "Transfer"))
    moving = casebook.notes.add(Note(None, case.id, "Chaplain visited.", WHEN))
    assert casebook.search.case_ids("chaplain") == [case.id]
    casebook.connection.execute("UPDATE notes SET case_id = ? WHERE id = ?", (other.id, moving.id))
    assert casebook.search.case_ids("chaplain") == [other.id]
    casebook.cases.delete(other.id or 0)
    casebook.notes.add(Note(None, case.id, "Second opinion requested.", WHEN))
    casebook.cases.delete(case.id)  # its notes go by cascade, and so does its index row
    assert casebook.search.case_ids("ventilation") == []
    assert casebook.search.case_ids("opinion") == []
    assert casebook.connection.execute("SELECT count(*) FROM case_words").fetchone() == (0,)


# One change to a small casebook: (what, which case or note by position, words).
changes = st.lists(
    st.tuples(
        st.sampled_from(["add case", "add note", "edit note", "delete note", "retitle", "delete"]),
        st.integers(0, 5),
        st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=4),
    ),
    min_size=1,
    max_size=25,
)
queries = st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=3)


# The examples either build their own casebook or only read the shared one.
FIXTURE_OK = [HealthCheck.function_scoped_fixture]


@settings(max_examples=40, deadline=None, suppress_health_check=FIXTURE_OK)
@given(changes, st.lists(queries, min_size=1, max_size=6))
def test_search_agrees_with_the_records_after_any_changes(
    tmp_path_factory: pytest.TempPathFactory,
    steps: list[tuple[str, int, list[str]]],
    asked: list[list[str]],
) -> None:
    conn = fresh(tmp_path_factory.mktemp("search"), "casebook")
    cases, notes, search = CaseStore(conn), NoteStore(conn), Search(conn)
    serial = itertools.count(1)
    try:
        for what, which, words in steps:
            case_ids = [r[0] for r in conn.execute("SELECT id FROM cases ORDER BY id")]
            note_rows = conn.execute("SELECT id, case_id FROM notes ORDER BY id").fetchall()
            text = " ".join(words)
            if what == "add case" or not case_ids:
                cases.add(Case(None, f"MM-2026-{next(serial):03d}", text.title()))
            elif what == "add note":
                notes.add(Note(None, case_ids[which % len(case_ids)], text, WHEN))
            elif what == "retitle":
                old = cases.get(case_ids[which % len(case_ids)])
                cases.update(Case(old.id, old.reference, text))
            elif what == "delete":
                cases.delete(case_ids[which % len(case_ids)])
            elif note_rows:
                note_id, case_id = note_rows[which % len(note_rows)]
                if what == "edit note":
                    notes.update(Note(note_id, case_id, text, WHEN))
                else:
                    notes.delete(note_id)
        words_by_case: dict[int, set[str]] = {}
        for case_id, reference, title in conn.execute("SELECT id, reference, title FROM cases"):
            words_by_case[case_id] = folded(f"{reference} {title}")
        for case_id, text in conn.execute("SELECT case_id, text FROM notes"):
            words_by_case[case_id] |= folded(text)
        for query in [[word] for word in VOCABULARY] + asked:
            assert set(search.case_ids(" ".join(query))) == expected(words_by_case, query)
    finally:
        conn.close()


def test_every_letter_a_person_can_type_makes_a_query_the_index_accepts() -> None:
    """The index stores no word positions, so a quoted term that the tokenizer splits in two
    would be refused; fts_query's words must split exactly where the tokenizer does."""
    import sqlcipher3

    conn = sqlcipher3.connect(":memory:")
    conn.execute(
        "CREATE VIRTUAL TABLE t USING fts5 (words, content = '', contentless_delete = 1, "
        "detail = none, tokenize = 'unicode61 remove_diacritics 2')"
    )
    refused = []
    for code_point in range(0x80, sys.maxunicode + 1):
        query = fts_query(f"a{chr(code_point)}b")
        if query is None:
            continue
        try:
            conn.execute("SELECT rowid FROM t WHERE t MATCH ?", (query,)).fetchall()
        except sqlcipher3.OperationalError:
            refused.append(f"U+{code_point:04X}")
    conn.close()
    assert refused == []


@settings(max_examples=150, deadline=None, suppress_health_check=FIXTURE_OK)
@given(st.text(max_size=40))
def test_whatever_is_typed_searches_without_error(casebook: Casebook, typed: str) -> None:
    assert isinstance(casebook.search.case_ids(typed), list)


def test_older_casebooks_gain_the_index_when_opened(tmp_path: Path) -> None:
    """A casebook from before step 4 keeps its searches: the index is built from its records,
    and the per-note index it replaces is gone. Step 5 then fills in each latest note."""
    db = tmp_path / "casebook.db"
    conn = open_database(db, KEY, create=True)
    try:
        with transaction(conn):
            schema_up_to(conn, 3)
        # Written as a step-3 casebook held them: today's stores know later columns.
        with transaction(conn):
            for ref, title, patient in (("MM-2025-001", "Feeding", "Siân Ellis"),
                                        ("MM-2025-002", "Transfer", "")):  # fmt: skip
                conn.execute(
                    "INSERT INTO cases (reference, title, stage, status, patient_name, "
                    "updated_at) VALUES (?, ?, 'early', 'referred', ?, '2025-01-01T00:00:00')",
                    (ref, title, patient),
                )
            conn.execute(
                "INSERT INTO notes (case_id, text, written_at) VALUES (1, ?, ?)",
                ("Hospice visit arranged.", WHEN.strftime("%Y-%m-%dT%H:%M")),
            )
        schema.migrate(conn, db, KEY)
        cases = CaseStore(conn)
        first, second = cases.by_reference("MM-2025-001"), cases.by_reference("MM-2025-002")
        search = Search(conn)
        assert search.case_ids("sian hospice") == [first.id]
        # Step 5 finds each case's latest note among the notes it already has.
        listed = {row.id: row.last_activity for row in cases.list_rows()}
        assert listed == {first.id: WHEN, second.id: None}
        assert search.case_ids("transfer") == [second.id]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        assert "note_search" not in tables and "case_search" not in tables
    finally:
        conn.close()
    assert (tmp_path / "casebook.db.before-v4").exists()  # the copy taken before the step


def test_rebuilding_gives_the_same_answers(casebook: Casebook) -> None:
    for i, words in enumerate((("oxygen", "plan"), ("hospice",), ("oxygen", "chaplain"))):
        case = casebook.cases.add(Case(None, f"MM-2026-{i:03d}", "Case"))
        assert case.id is not None
        for word in words:
            casebook.notes.add(Note(None, case.id, word, WHEN))
    before = {w: sorted(casebook.search.case_ids(w)) for w in VOCABULARY}
    rebuild_index(casebook.connection)
    assert {w: sorted(casebook.search.case_ids(w)) for w in VOCABULARY} == before


def test_the_benchmark_generator_builds_the_index_the_triggers_would(tmp_path: Path) -> None:
    """The generator holds the note triggers off while it loads; its casebook must search
    exactly like one built note by note, and keep its triggers afterwards."""
    sys.path.insert(0, str(Path(__file__).parent.parent))
    from benchmarks.generate import populate

    conn = fresh(tmp_path, "generated")
    try:
        triggers = conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name"
        ).fetchall()
        populate(conn, 30)
        assert (
            conn.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name"
            ).fetchall()
            == triggers
        )
        words_by_case: dict[int, set[str]] = {}
        for case_id, fields in conn.execute(
            "SELECT id, concat_ws(' ', reference, title, summary, patient_name, hospital, team) "
            "FROM cases"
        ):
            words_by_case[case_id] = folded(fields)
        for case_id, text in conn.execute("SELECT case_id, text FROM notes"):
            words_by_case[case_id] |= folded(text)
        search = Search(conn)
        for query in (["oxygen"], ["pain", "relief"], ["chaplain", "ho"], ["seizures"]):
            assert set(search.case_ids(" ".join(query))) == expected(words_by_case, query)
        # And a note added afterwards is indexed by the restored trigger.
        NoteStore(conn).add(Note(None, 1, "zygomorphic", WHEN))
        assert search.case_ids("zygomorphic") == [1]
    finally:
        conn.close()
