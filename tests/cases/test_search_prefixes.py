"""Schema step 12 keeps prefixes of 2 to 8 letters in the search index: a casebook of step
11 is brought to it with every search answering exactly as before, unfinished words of
every length included, and the index still follows the records afterwards."""

from __future__ import annotations

import itertools
from pathlib import Path

from app.books import schema
from app.cases.records import Note
from app.cases.search import Search
from app.cases.stores.case_list import CaseList, ListQuery
from app.cases.stores.notes import NoteStore
from app.storage.database import Connection, open_database, transaction
from tests.cases.test_search import WHEN, expected, folded

from helpers import schema_up_to

KEY = bytes(range(32))
TEXTS = (
    "Oxygen at home; the chaplain visited.",
    "Seizures overnight, oxygenation poor.",
    "Siân's feeding plan agreed with the dietitian.",
    "Hospice transfer discussed with the tracheostomy nurse.",
    "Feeding paused; seizure plan reviewed.",
    "Ox-bow lake outing with the play specialist.",
)
WORDS = ("oxygen", "seizures", "feeding", "tracheostomy", "chaplain", "siân", "plan")


def _step_11_book(folder: Path) -> Connection:
    db = folder / "casebook.db"
    conn = open_database(db, KEY, create=True)
    with transaction(conn):
        schema_up_to(conn, 11)
    with transaction(conn):
        for i, text in enumerate(TEXTS, 1):
            conn.execute(
                "INSERT INTO cases (reference, title, stage, status, updated_at) "
                "VALUES (?, ?, 'early', 'referred', '2026-01-01T00:00:00')",
                (f"MM-2026-{i:03d}", f"Case {i}"),
            )
            for note in (text, TEXTS[(i + 2) % len(TEXTS)] if i % 2 else "Phone call."):
                conn.execute(
                    "INSERT INTO notes (case_id, text, written_at) VALUES (?, ?, ?)",
                    (i, note, WHEN.strftime("%Y-%m-%dT%H:%M")),
                )
    return conn


def _queries() -> list[str]:
    """Every unfinished form of each word, alone and after each other whole word."""
    typed = [word[:n] for word in WORDS for n in range(2, len(word) + 1)]
    pairs = [f"{first} {last}" for first, last in itertools.product(WORDS, typed)]
    return typed + pairs


def _answers(conn: Connection) -> dict[str, tuple[list[int], int, list[int]]]:
    search, listed = Search(conn), CaseList(conn)
    answers = {}
    for query in _queries():
        count, rows = listed.first_page(ListQuery(words=query), 200)
        answers[query] = (sorted(search.case_ids(query)), count, [r.id for r in rows])
    return answers


def test_a_step_11_casebook_searches_as_before_after_step_12(tmp_path: Path) -> None:
    conn = _step_11_book(tmp_path)
    try:
        before = _answers(conn)
        schema.migrate(conn, tmp_path / "casebook.db", KEY)
        assert schema.schema_version(conn) == 12
        [sql] = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'case_words'").fetchone()
        assert "prefix = '2 3 4 5 6 7 8'" in sql
        after = _answers(conn)
        assert after == before
        # And both are right: every word present, the last one possibly unfinished.
        words_by_case: dict[int, set[str]] = {}
        for case_id, reference, title in conn.execute("SELECT id, reference, title FROM cases"):
            words_by_case[case_id] = folded(f"{reference} {title}")
        for case_id, text in conn.execute("SELECT case_id, text FROM notes"):
            words_by_case[case_id] |= folded(text)
        for query, (found, count, _) in after.items():
            assert set(found) == expected(words_by_case, query.split()), query
            assert count == len(found), query
        assert any(found for found, _, _ in after.values())
        # The triggers of steps 4 and 7 fire on the new index.
        NoteStore(conn).add(Note(None, 2, "Gastrostomy fitted.", WHEN))
        assert Search(conn).case_ids("gastro") == [2]
    finally:
        conn.close()
