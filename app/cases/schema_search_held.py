"""Schema step 7: a case's search row can be held while many of its notes change at once,
and rebuilt once at the end (issue "Scale to 100,000 cases and never freeze").

The note triggers of step 4 rebuild a case's whole search row for every note added, changed
or deleted, which is right for a note typed in but quadratic for a bulk act: destroying the
notes of a 1,000-note case rebuilt the row 1,000 times over a shrinking case (0.95 s, then
seconds). A case listed in ``search_held`` is skipped by those triggers; the bulk act lists
it inside its own transaction, does its work, then removes it and rebuilds the row once
(``app.cases.search.notes_indexed_once``). Nothing else ever writes the table, and a
rollback or a crash takes the listing away with the rest of the transaction, so a case is
never left out of the index after its act is over.

Each trigger keeps its name, its event and its body: only the ``WHEN`` is new.
"""

from __future__ import annotations

from app.cases.schema_search import reindex_sql

_HELD = "EXISTS (SELECT 1 FROM search_held WHERE case_id = {case})"


V7 = f"""
CREATE TABLE search_held (case_id INTEGER PRIMARY KEY);

DROP TRIGGER notes_words_ai;
DROP TRIGGER notes_words_au;
DROP TRIGGER notes_words_moved;
DROP TRIGGER notes_words_ad;

CREATE TRIGGER notes_words_ai AFTER INSERT ON notes
WHEN NOT {_HELD.format(case="new.case_id")} BEGIN
    {reindex_sql("new.case_id")}
END;
CREATE TRIGGER notes_words_au AFTER UPDATE OF case_id, text ON notes
WHEN NOT {_HELD.format(case="new.case_id")} BEGIN
    {reindex_sql("new.case_id")}
END;
CREATE TRIGGER notes_words_moved AFTER UPDATE OF case_id ON notes
WHEN old.case_id IS NOT new.case_id AND NOT {_HELD.format(case="old.case_id")} BEGIN
    {reindex_sql("old.case_id")}
END;
CREATE TRIGGER notes_words_ad AFTER DELETE ON notes
WHEN NOT {_HELD.format(case="old.case_id")} BEGIN
    {reindex_sql("old.case_id")}
END;
"""
