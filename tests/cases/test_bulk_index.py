"""Many notes added at once (a handover, an import) index their case once, and exactly as
note by note would: the same search answers, and the trigger back as it was."""

from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.books.casebook import Casebook
from app.cases import validation
from app.cases.records import Case, Note
from app.cases.search import notes_indexed_once
from app.errors import InvalidValue
from app.exchange.importer import import_document

WHEN = datetime(2026, 3, 10, 9, 0)


def trigger_sql(casebook: Casebook) -> str:
    row = casebook.connection.execute(
        "SELECT sql FROM sqlite_master WHERE name = 'notes_words_ai'"
    ).fetchone()
    return str(row[0])


def test_an_imported_case_of_many_notes_is_found_by_any_of_them(casebook: Casebook) -> None:
    before = trigger_sql(casebook)
    notes = [
        {"text": f"Visit number{n} went well", "written_at": f"2026-03-10T{n % 24:02d}:00"}
        for n in range(60)
    ]
    case = {"reference": "MM-2026-500", "title": "Ventilation", "notes": notes}
    import_document(casebook, {"format": "parley.cases/1", "cases": [case]})
    found = casebook.cases.by_reference("MM-2026-500").id
    for word in ("number0", "number31", "number59", "ventilation"):
        assert casebook.search.case_ids(word) == [found], word
    assert trigger_sql(casebook) == before
    # A note typed in afterwards is indexed as it always was, by the trigger.
    casebook.notes.add(Note(None, found or 0, "Hospice brochure given", WHEN))
    assert casebook.search.case_ids("hospice") == [found]


def test_the_trigger_comes_back_when_the_block_fails(casebook: Casebook) -> None:
    before = trigger_sql(casebook)
    case = casebook.cases.add(Case(None, "MM-2026-501", "Transfer"))
    with (
        pytest.raises(RuntimeError),
        casebook.transaction(),
        notes_indexed_once(casebook.connection, case.id or 0),
    ):
        casebook.notes.add(Note(None, case.id or 0, "never kept", WHEN))
        raise RuntimeError("a refusal half-way")
    assert trigger_sql(casebook) == before
    assert casebook.notes.for_case(case.id or 0) == []
    outside = notes_indexed_once(casebook.connection, case.id or 0)
    with pytest.raises(RuntimeError, match="caller's transaction"), outside:
        pass


@given(st.text(max_size=200), st.booleans())
def test_control_characters_are_refused_exactly_as_before(text: str, multiline: bool) -> None:
    """check_text finds control characters by a regular expression now: the same answer as
    looking at every character."""
    allowed = "\n\t" if multiline else ""
    refused = any((ord(ch) < 32 and ch not in allowed) or ord(ch) == 127 for ch in text)
    try:
        validation.check_text("text", text, limit=1_000, multiline=multiline)
    except InvalidValue:
        assert refused
    else:
        assert not refused
