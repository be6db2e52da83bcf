"""Schema step 5: each case remembers when its latest note was written (issue "Performance").

The case list shows every case's last activity: its latest note or past meeting. Working
out the latest note meant one look-up per case in the index of every note, which at 100,000
cases and 2.5 million notes touches nearly every page of that index (each one decrypted):
about 0.8 s of the list's 3 s. ``cases.last_note_at`` keeps the answer, and triggers keep it
true whoever writes a note. Meetings are still looked up, because which ones are past
depends on when the list is shown.
"""

_LATEST = "(SELECT max(n.written_at) FROM notes n WHERE n.case_id = cases.id)"

V5 = f"""
ALTER TABLE cases ADD COLUMN last_note_at TEXT;
UPDATE cases SET last_note_at = {_LATEST};

CREATE TRIGGER notes_latest_ai AFTER INSERT ON notes BEGIN
    UPDATE cases SET last_note_at = max(coalesce(last_note_at, ''), new.written_at)
    WHERE id = new.case_id;
END;
CREATE TRIGGER notes_latest_au AFTER UPDATE OF case_id, written_at ON notes BEGIN
    UPDATE cases SET last_note_at = {_LATEST} WHERE id IN (old.case_id, new.case_id);
END;
CREATE TRIGGER notes_latest_ad AFTER DELETE ON notes BEGIN
    UPDATE cases SET last_note_at = {_LATEST} WHERE id = old.case_id;
END;
"""
