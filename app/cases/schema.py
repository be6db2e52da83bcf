"""Schema step 1: the case records, as the first release of Parley made them.

The first release had a single step, so it also made the audit trail's and the settings'
tables (which belong to the book, not to cases); a released step is never edited, so they
stay here. Later steps each live with the domain they serve.
"""

_STAGES = "'early', 'formal', 'eleventh_hour'"
_STATUSES = (
    "'referred', 'contacting', 'awaiting_consent', 'in_mediation', 'agreed', 'not_agreed', "
    "'withdrawn', 'closed'"
)
_ROLES = (
    "'parent', 'guardian', 'patient', 'consultant', 'nurse', 'other_clinician', 'advocate', "
    "'legal_representative', 'other'"
)

# Diacritics are folded so that "Sian" finds "Siân"; prefix indexes make search-as-you-type
# cheap for the first letters.
_TOKENIZE = "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'"

V1 = f"""
CREATE TABLE cases (
    id              INTEGER PRIMARY KEY,
    reference       TEXT NOT NULL UNIQUE,
    title           TEXT NOT NULL,
    stage           TEXT NOT NULL CHECK (stage IN ({_STAGES})),
    status          TEXT NOT NULL CHECK (status IN ({_STATUSES})),
    hospital        TEXT NOT NULL DEFAULT '',
    team            TEXT NOT NULL DEFAULT '',
    referred_on     TEXT,
    referred_by     TEXT NOT NULL DEFAULT '',
    summary         TEXT NOT NULL DEFAULT '',
    patient_name    TEXT NOT NULL DEFAULT '',
    patient_born_on TEXT,
    nhs_number      TEXT NOT NULL DEFAULT '',
    hospital_number TEXT NOT NULL DEFAULT '',
    court_name      TEXT,
    court_reference TEXT,
    next_hearing    TEXT,
    agreed_on       TEXT,
    updated_at      TEXT NOT NULL
);
CREATE INDEX cases_by_status ON cases (status, reference);
CREATE INDEX cases_by_stage ON cases (stage, reference);
CREATE INDEX cases_by_referral ON cases (referred_on);

CREATE TABLE parties (
    id                   INTEGER PRIMARY KEY,
    case_id              INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    name                 TEXT NOT NULL,
    role                 TEXT NOT NULL CHECK (role IN ({_ROLES})),
    side                 TEXT NOT NULL CHECK (side IN ('family', 'clinical', 'other')),
    contact              TEXT NOT NULL DEFAULT '',
    consented_on         TEXT,
    consent_how          TEXT NOT NULL DEFAULT '',
    consent_withdrawn_on TEXT,
    party_to_agreement   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX parties_by_case ON parties (case_id);

CREATE TABLE meetings (
    id        INTEGER PRIMARY KEY,
    case_id   INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    kind      TEXT NOT NULL
              CHECK (kind IN ('pre_mediation', 'separate', 'joint', 'support', 'debrief')),
    starts_at TEXT NOT NULL,
    minutes   INTEGER CHECK (minutes IS NULL OR minutes > 0),
    place     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX meetings_by_case ON meetings (case_id, starts_at);
CREATE INDEX meetings_by_start ON meetings (starts_at);

CREATE TABLE meeting_attendees (
    meeting_id INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    party_id   INTEGER NOT NULL REFERENCES parties (id) ON DELETE CASCADE,
    PRIMARY KEY (meeting_id, party_id)
) WITHOUT ROWID;
CREATE INDEX attendees_by_party ON meeting_attendees (party_id);

CREATE TABLE notes (
    id                   INTEGER PRIMARY KEY,
    case_id              INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    meeting_id           INTEGER REFERENCES meetings (id) ON DELETE SET NULL,
    -- A note's source may not vanish under it: deleting a party who is the source of notes
    -- is refused, so no note is ever misattributed to the mediator.
    source_party_id      INTEGER REFERENCES parties (id) ON DELETE RESTRICT,
    text                 TEXT NOT NULL,
    written_at           TEXT NOT NULL,
    consent_on           TEXT,
    consent_how          TEXT NOT NULL DEFAULT '',
    consent_withdrawn_on TEXT
);
CREATE INDEX notes_by_case ON notes (case_id, written_at);
CREATE INDEX notes_by_meeting ON notes (meeting_id);
CREATE INDEX notes_by_source ON notes (source_party_id);

CREATE TABLE note_shares (
    note_id  INTEGER NOT NULL REFERENCES notes (id) ON DELETE CASCADE,
    party_id INTEGER NOT NULL REFERENCES parties (id) ON DELETE CASCADE,
    PRIMARY KEY (note_id, party_id)
) WITHOUT ROWID;
CREATE INDEX shares_by_party ON note_shares (party_id);

CREATE TABLE issues (
    id        INTEGER PRIMARY KEY,
    case_id   INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    kind      TEXT NOT NULL CHECK (kind IN ('position', 'underlying', 'key', 'realistic')),
    text      TEXT NOT NULL,
    raised_by INTEGER REFERENCES parties (id) ON DELETE SET NULL
);
CREATE INDEX issues_by_case ON issues (case_id);

CREATE TABLE terms (
    id       INTEGER PRIMARY KEY,
    case_id  INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    text     TEXT NOT NULL,
    status   TEXT NOT NULL CHECK (status IN ('proposed', 'agreed', 'withdrawn'))
);
CREATE INDEX terms_by_case ON terms (case_id, position);

CREATE TABLE disclosures (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    disclosed_on TEXT NOT NULL,
    ground      TEXT NOT NULL CHECK (ground IN ('risk_of_harm', 'unlawful', 'court_order')),
    recipient   TEXT NOT NULL DEFAULT '',
    what        TEXT NOT NULL DEFAULT '',
    decided_by  TEXT NOT NULL DEFAULT '',
    reason      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX disclosures_by_case ON disclosures (case_id);

-- The audit trail records acts, not content: who, when, what kind of act, which case.
-- Each entry's hash covers the previous one's, so a removed or edited entry shows.
CREATE TABLE audit (
    id             INTEGER PRIMARY KEY,
    at             TEXT NOT NULL,
    actor          TEXT NOT NULL,
    action         TEXT NOT NULL,
    case_reference TEXT NOT NULL DEFAULT '',
    detail         TEXT NOT NULL DEFAULT '',
    prev_hash      TEXT NOT NULL,
    hash           TEXT NOT NULL
);
CREATE TRIGGER audit_is_append_only_u BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit trail cannot be changed'); END;
CREATE TRIGGER audit_is_append_only_d BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit trail cannot be changed'); END;

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE VIRTUAL TABLE case_search USING fts5 (
    reference, title, summary, patient_name, hospital, team,
    content = 'cases', content_rowid = 'id', {_TOKENIZE}
);
CREATE TRIGGER cases_ai AFTER INSERT ON cases BEGIN
    INSERT INTO case_search (rowid, reference, title, summary, patient_name, hospital, team)
    VALUES (new.id, new.reference, new.title, new.summary, new.patient_name, new.hospital,
            new.team);
END;
CREATE TRIGGER cases_ad AFTER DELETE ON cases BEGIN
    INSERT INTO case_search (case_search, rowid, reference, title, summary, patient_name,
                             hospital, team)
    VALUES ('delete', old.id, old.reference, old.title, old.summary, old.patient_name,
            old.hospital, old.team);
END;
CREATE TRIGGER cases_au AFTER UPDATE OF reference, title, summary, patient_name, hospital, team
ON cases BEGIN
    INSERT INTO case_search (case_search, rowid, reference, title, summary, patient_name,
                             hospital, team)
    VALUES ('delete', old.id, old.reference, old.title, old.summary, old.patient_name,
            old.hospital, old.team);
    INSERT INTO case_search (rowid, reference, title, summary, patient_name, hospital, team)
    VALUES (new.id, new.reference, new.title, new.summary, new.patient_name, new.hospital,
            new.team);
END;

CREATE VIRTUAL TABLE note_search USING fts5 (
    text, content = 'notes', content_rowid = 'id', {_TOKENIZE}
);
CREATE TRIGGER notes_ai AFTER INSERT ON notes BEGIN
    INSERT INTO note_search (rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER notes_ad AFTER DELETE ON notes BEGIN
    INSERT INTO note_search (note_search, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE TRIGGER notes_au AFTER UPDATE OF text ON notes BEGIN
    INSERT INTO note_search (note_search, rowid, text) VALUES ('delete', old.id, old.text);
    INSERT INTO note_search (rowid, text) VALUES (new.id, new.text);
END;
"""
