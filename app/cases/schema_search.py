"""Schema step 4: one search row per case, its notes included (issue "Performance").

Steps 1–3 indexed cases and notes separately, so a search joined every matching note back
to its case: a common word in 250,000 notes meant 250,000 look-ups, hundreds of
milliseconds per keystroke. ``case_words`` holds one row per case (rowid = case id) with
the case's own fields and every one of its notes, so a search reads one short list of case
ids however many notes there are. It also lets "Siân oxygen" find a case whose patient is
Siân and whose notes mention oxygen, which the per-note index could not.

- ``content = ''`` with ``contentless_delete = 1``: the index keeps no copy of the text
  (the cases and notes are the copy), and a case's row can be replaced by its id alone.
- ``detail = none``: the list only asks *which* cases hold every word typed, so word
  positions are not stored. At 10,000 cases the index took 12 MB, against 82 MB with
  positions; the price is that a quoted term must be one token, which ``fts_query``
  ensures.
- Triggers re-index a case whenever its fields or any of its notes change, whoever writes
  (the app, the importer, erasure, a script). Re-indexing reads the case's notes by
  ``notes_by_case``: saving a note, commit included, took 1.0 ms in a case of 100 notes
  and 2.7 ms in one of 1,000 (0.2 ms without the index; measured without a key). Editing
  a note re-indexes its case once; the case it left only if it moved.

The per-note index (``note_search``) and the old per-case one (``case_search``) are dropped:
nothing searches them any more, and each note saved would otherwise be indexed twice.
"""

from __future__ import annotations

# What a case's search row holds; the view is the single definition the triggers, the
# migration and any rebuild all read.
_SOURCE = """
CREATE VIEW case_words_source (case_id, words) AS
SELECT c.id,
       concat_ws(' ', c.reference, c.title, c.summary, c.patient_name, c.hospital, c.team,
                 (SELECT group_concat(n.text, ' ') FROM notes n WHERE n.case_id = c.id))
FROM cases c;
"""


def reindex_sql(case: str) -> str:
    """The trigger body that rebuilds the search row of the case whose id is ``case``."""
    return (
        f"DELETE FROM case_words WHERE rowid = {case};\n"
        f"    INSERT INTO case_words (rowid, words)\n"
        f"    SELECT case_id, words FROM case_words_source WHERE case_id = {case};"
    )


V4 = f"""
DROP TRIGGER cases_ai;
DROP TRIGGER cases_ad;
DROP TRIGGER cases_au;
DROP TRIGGER notes_ai;
DROP TRIGGER notes_ad;
DROP TRIGGER notes_au;
DROP TABLE case_search;
DROP TABLE note_search;

CREATE VIRTUAL TABLE case_words USING fts5 (
    words, content = '', contentless_delete = 1, detail = none,
    tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
);
{_SOURCE}
CREATE TRIGGER case_words_ai AFTER INSERT ON cases BEGIN
    {reindex_sql("new.id")}
END;
CREATE TRIGGER case_words_au
AFTER UPDATE OF reference, title, summary, patient_name, hospital, team ON cases BEGIN
    {reindex_sql("new.id")}
END;
CREATE TRIGGER case_words_renumbered AFTER UPDATE OF id ON cases
WHEN old.id IS NOT new.id BEGIN
    DELETE FROM case_words WHERE rowid = old.id;
    {reindex_sql("new.id")}
END;
CREATE TRIGGER case_words_ad AFTER DELETE ON cases BEGIN
    DELETE FROM case_words WHERE rowid = old.id;
END;
CREATE TRIGGER notes_words_ai AFTER INSERT ON notes BEGIN
    {reindex_sql("new.case_id")}
END;
CREATE TRIGGER notes_words_au AFTER UPDATE OF case_id, text ON notes BEGIN
    {reindex_sql("new.case_id")}
END;
CREATE TRIGGER notes_words_moved AFTER UPDATE OF case_id ON notes
WHEN old.case_id IS NOT new.case_id BEGIN
    {reindex_sql("old.case_id")}
END;
CREATE TRIGGER notes_words_ad AFTER DELETE ON notes BEGIN
    {reindex_sql("old.case_id")}
END;

INSERT INTO case_words (rowid, words) SELECT case_id, words FROM case_words_source;
"""

#: Throw the index away and build it again from the records (verify's repair, and bulk
#: loading, which holds the note triggers off and indexes every case once at the end).
REBUILD = (
    "INSERT INTO case_words (case_words) VALUES ('delete-all')",
    "INSERT INTO case_words (rowid, words) SELECT case_id, words FROM case_words_source",
)


#: Build one case's search row afresh from its records (each statement takes the case's id).
REINDEX_CASE = (
    "DELETE FROM case_words WHERE rowid = ?",
    "INSERT INTO case_words (rowid, words) SELECT case_id, words FROM case_words_source "
    "WHERE case_id = ?",
)
