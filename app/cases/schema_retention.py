"""Schema step 2: what backups, retention and erasure need (issue "Trust").

- ``cases.closed_on``: the date a case was closed, for the retention review. Triggers keep
  it, so every way of changing a case's status (the interface, the importer, a script)
  records it without knowing about it: set when the status becomes ``closed``, cleared when
  a case is reopened. A case imported as already closed counts as closed on the day it was
  imported (the interchange format carries no closure date); cases closed before this step
  take the date they were last changed, the closest record there is.
- ``cases.notes_destroyed_on``: the date its confidential notes were destroyed (erasure),
  so that the interface can say so instead of showing an empty case as if nothing were lost.
"""

V2 = """
ALTER TABLE cases ADD COLUMN closed_on TEXT;
ALTER TABLE cases ADD COLUMN notes_destroyed_on TEXT;
UPDATE cases SET closed_on = substr(updated_at, 1, 10) WHERE status = 'closed';
CREATE INDEX cases_by_closure ON cases (closed_on) WHERE closed_on IS NOT NULL;

CREATE TRIGGER cases_closed_ai AFTER INSERT ON cases
WHEN new.status = 'closed' AND new.closed_on IS NULL
BEGIN
    UPDATE cases SET closed_on = date('now', 'localtime') WHERE id = new.id;
END;
CREATE TRIGGER cases_closed_au AFTER UPDATE OF status ON cases
WHEN new.status IS NOT old.status
BEGIN
    UPDATE cases
    SET closed_on = CASE WHEN new.status = 'closed' THEN date('now', 'localtime') END
    WHERE id = new.id;
END;
"""
