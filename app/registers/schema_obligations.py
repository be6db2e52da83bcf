"""Schema step 10 (a casebook's; office step 3): the service's obligations in the registers.

- ``access_requests``: subject access requests, their identity check, extension and answer;
  in a casebook, ``access_request_parties`` names the party records that are the requester
  (an office book holds no parties).
- ``training_courses`` gains its trainer and its length in CPD minutes (empty: from the
  course's length, 3½ hours for half a day, 7 for a day).
- ``training_delegates``: each delegate of a booking by name, whether they attended, and the
  number of their CPD certificate once one is issued.
- ``training_feedback``: a delegate's feedback form, four ratings from 1 to 5 and a comment.
  The comment never leaves the book: no document or report has a place for it.
- ``complaints.answer_by``: how the complainant asked to be answered (e-mail, letter,
  telephone), so that an acknowledgement sent another way can be pointed out.
"""

_DATE = "GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'"
_RATING = "INTEGER NOT NULL CHECK ({0} BETWEEN 1 AND 5)"

_COMMON = f"""
CREATE TABLE access_requests (
    id                   INTEGER PRIMARY KEY,
    received_on          TEXT NOT NULL CHECK (received_on {_DATE}),
    requester            TEXT NOT NULL CHECK (length(trim(requester)) > 0),
    contact              TEXT NOT NULL DEFAULT '',
    identity_checked_on  TEXT CHECK (identity_checked_on IS NULL
                                     OR identity_checked_on >= received_on),
    identity_checked_how TEXT NOT NULL DEFAULT '',
    extension_months     INTEGER NOT NULL DEFAULT 0 CHECK (extension_months BETWEEN 0 AND 2),
    extension_reason     TEXT NOT NULL DEFAULT '',
    responded_on         TEXT CHECK (responded_on IS NULL OR responded_on >= received_on),
    updated_at           TEXT NOT NULL,
    CHECK (extension_months = 0 OR length(trim(extension_reason)) > 0),
    CHECK (responded_on IS NULL OR identity_checked_on IS NOT NULL)
);
CREATE INDEX access_requests_by_received ON access_requests (received_on, id);

ALTER TABLE training_courses ADD COLUMN trainer TEXT NOT NULL DEFAULT '';
ALTER TABLE training_courses ADD COLUMN cpd_minutes INTEGER
    CHECK (cpd_minutes IS NULL OR cpd_minutes > 0);

CREATE TABLE training_delegates (
    id                 INTEGER PRIMARY KEY,
    -- A booking with delegates cannot be deleted: their attendance and certificates stay.
    booking_id         INTEGER NOT NULL REFERENCES training_bookings (id) ON DELETE RESTRICT,
    name               TEXT NOT NULL CHECK (length(trim(name)) > 0),
    email              TEXT NOT NULL DEFAULT '',
    attended           INTEGER CHECK (attended IS NULL OR attended IN (0, 1)),
    certificate_number TEXT UNIQUE,
    CHECK (certificate_number IS NULL OR attended = 1)
);
CREATE INDEX training_delegates_by_booking ON training_delegates (booking_id, id);

CREATE TABLE training_feedback (
    delegate_id INTEGER PRIMARY KEY REFERENCES training_delegates (id) ON DELETE CASCADE,
    given_on    TEXT NOT NULL CHECK (given_on {_DATE}),
    content     {_RATING.format("content")},
    trainer     {_RATING.format("trainer")},
    relevance   {_RATING.format("relevance")},
    overall     {_RATING.format("overall")},
    comment     TEXT NOT NULL DEFAULT ''
);

ALTER TABLE complaints ADD COLUMN answer_by TEXT
    CHECK (answer_by IS NULL OR answer_by IN ('email', 'letter', 'phone'));
"""

_PARTIES = """
CREATE TABLE access_request_parties (
    request_id INTEGER NOT NULL REFERENCES access_requests (id) ON DELETE CASCADE,
    party_id   INTEGER NOT NULL REFERENCES parties (id) ON DELETE CASCADE,
    PRIMARY KEY (request_id, party_id)
) WITHOUT ROWID;
CREATE INDEX access_request_parties_by_party ON access_request_parties (party_id);
"""


def tables(*, office: bool) -> str:
    """This step for a casebook, or for an office book (which has no parties to link)."""
    return _COMMON if office else _COMMON + _PARTIES


V10 = tables(office=False)
