"""Schema step 12: the search index keeps prefixes of 2 to 8 letters (issue "Scale to
100,000 cases and never freeze").

The list searches as the mediator types, the last word unfinished (``"oxyg"*``). FTS5
answers a prefix from an index of its own when it keeps one of that length; otherwise it
gathers every word that begins so, segment by segment, and merges their lists of cases,
which for a common word costs three times a plain look-up. Step 4 kept prefixes of 2 and
3 letters. At 100,000 cases (2.5 million notes), counting the cases that hold ``"oxyg"*``
took 24.6 ms with those and 7.1 ms with prefixes of up to 6 letters; ``"pain relief"``
30.3 ms and 12.9 ms. Prefixes of 7 and 8 letters were added after measuring words such as
``seizures``, ``chaplain`` and ``opinion`` typed in full: the list's search at 100,000
cases (count and first page, the median of ten searches) went from 25.1 ms with prefixes
up to 6 to 19.8 ms with prefixes up to 8. A word typed past 8 letters costs what it did.
The index grows with them: 86 MB at that size with prefixes of 2 and 3, 190 MB with up to
6, and the benchmark's two 100,000-case books together (the encrypted one and its plain
SQLite twin) from 2.7 to 2.8 GB with up to 8. It is rebuilt once, on the first unlock
after the update, on the worker: 11.3 s at 10,000 cases, the copy taken before any
migration included, on a quiet 2-core machine; 252 s for the index alone at 100,000 cases
on a busy one.

FTS5 cannot add a prefix index to a table, so the index is made again: the same columns,
the same tokenizer and options, the triggers of steps 4 and 7 unchanged (they name the
table, and fire on the new one), filled from the records by step 4's view.
"""

from __future__ import annotations

V12 = """
DROP TABLE case_words;
CREATE VIRTUAL TABLE case_words USING fts5 (
    words, content = '', contentless_delete = 1, detail = none,
    tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4 5 6 7 8'
);
INSERT INTO case_words (rowid, words) SELECT case_id, words FROM case_words_source;
"""
