"""The office book's schema: what the office may hold, and no place for anything else.

An office book is not a casebook with parts hidden: it has no table or column for notes,
summaries, issues, proposed or withdrawn terms, meetings or disclosures
(docs/ARCHITECTURE.md, "Books and roles"). What it has:

- ``referrals`` and ``referral_parties``: a new case's opening details, before and after it
  is sent to a mediator (reference, title, stage, hospital and team, referral, the patient's
  identifiers, court details of an eleventh-hour case; each party's name, role, side and
  contact);
- ``agreements``, ``agreement_parties`` and ``agreement_terms``: the archive of agreed-terms
  documents received from mediators, exactly what ``app.cases.agreed_terms.AgreedTerms``
  holds (the terms are the agreed ones; there is no status to hold any other), plus when it
  came, from whom, when the signed copy came back and when it went to the hospital;
- ``outcomes``: anonymous outcome records (no name, reference or free text);
- the registers (``app.registers.schema.tables``), the audit trail, settings, and the
  identity tables every book has (``app.identity.schema``).

Office schema versions are numbered from ``OFFICE_BASE`` + 1, so that a Parley from before
office books says "written by a newer Parley" instead of running casebook steps on it.
"""

from __future__ import annotations

from enum import StrEnum

from app.cases import schema_outcomes
from app.cases.records import PartyRole, Side, Stage, Status
from app.identity import schema as identity_schema
from app.registers import schema as registers_schema
from app.registers import schema_obligations
from app.roles import Role
from app.settings import TABLE as SETTINGS_TABLE
from app.storage.audit import TABLE as AUDIT_TABLE

OFFICE_BASE = 1000

_DATE = "GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'"


def _values(kind: type[StrEnum]) -> str:
    return ", ".join(f"'{member.value}'" for member in kind)


_STAGES, _STATUSES, _ROLES, _SIDES = (
    _values(Stage),
    _values(Status),
    _values(PartyRole),
    _values(Side),
)

_OFFICE_TABLES = f"""
CREATE TABLE referrals (
    id                  INTEGER PRIMARY KEY,
    reference           TEXT NOT NULL UNIQUE CHECK (length(trim(reference)) > 0),
    title               TEXT NOT NULL CHECK (length(trim(title)) > 0),
    stage               TEXT NOT NULL CHECK (stage IN ({_STAGES})),
    hospital            TEXT NOT NULL DEFAULT '',
    team                TEXT NOT NULL DEFAULT '',
    referred_on         TEXT CHECK (referred_on IS NULL OR referred_on {_DATE}),
    referred_by         TEXT NOT NULL DEFAULT '',
    patient_name        TEXT NOT NULL DEFAULT '',
    patient_born_on     TEXT CHECK (patient_born_on IS NULL OR patient_born_on {_DATE}),
    nhs_number          TEXT NOT NULL DEFAULT '',
    hospital_number     TEXT NOT NULL DEFAULT '',
    court_name          TEXT,
    court_reference     TEXT,
    next_hearing        TEXT CHECK (next_hearing IS NULL OR next_hearing {_DATE}),
    -- To whom it went: the mediator's name as on their card, and the card's fingerprint.
    sent_to             TEXT NOT NULL DEFAULT '',
    sent_to_fingerprint TEXT,
    sent_on             TEXT CHECK (sent_on IS NULL OR sent_on {_DATE}),
    updated_at          TEXT NOT NULL,
    CHECK ((sent_on IS NULL) = (sent_to_fingerprint IS NULL)),
    CHECK ((court_name IS NULL AND court_reference IS NULL AND next_hearing IS NULL)
           OR stage = 'eleventh_hour')
);
CREATE INDEX referrals_by_date ON referrals (referred_on, reference);

CREATE TABLE referral_parties (
    referral_id INTEGER NOT NULL REFERENCES referrals (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL CHECK (position >= 0),
    name        TEXT NOT NULL CHECK (length(trim(name)) > 0),
    role        TEXT NOT NULL CHECK (role IN ({_ROLES})),
    side        TEXT NOT NULL CHECK (side IN ({_SIDES})),
    contact     TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (referral_id, position)
) WITHOUT ROWID;

CREATE TABLE agreements (
    id                  INTEGER PRIMARY KEY,
    case_reference      TEXT NOT NULL CHECK (length(trim(case_reference)) > 0),
    organisation        TEXT NOT NULL DEFAULT '',
    patient_name        TEXT NOT NULL DEFAULT '',
    patient_born_on     TEXT CHECK (patient_born_on IS NULL OR patient_born_on {_DATE}),
    nhs_number          TEXT NOT NULL DEFAULT '',
    hospital_number     TEXT NOT NULL DEFAULT '',
    hospital            TEXT NOT NULL DEFAULT '',
    team                TEXT NOT NULL DEFAULT '',
    agreed_on           TEXT CHECK (agreed_on IS NULL OR agreed_on {_DATE}),
    mediator            TEXT NOT NULL DEFAULT '',
    received_on         TEXT NOT NULL CHECK (received_on {_DATE}),
    -- The sender's card: its fingerprint, and the sealed file's id (each is taken in once).
    received_from       TEXT NOT NULL,
    sealed_id           TEXT NOT NULL UNIQUE,
    signed_copy_on      TEXT CHECK (signed_copy_on IS NULL OR signed_copy_on {_DATE}),
    sent_to_hospital_on TEXT CHECK (sent_to_hospital_on IS NULL OR sent_to_hospital_on {_DATE}),
    -- The hospital gets the signed copy, so it cannot go before it has come back.
    CHECK (sent_to_hospital_on IS NULL OR sent_to_hospital_on >= signed_copy_on)
);
CREATE INDEX agreements_by_reference ON agreements (case_reference, received_on, id);
CREATE INDEX agreements_waiting ON agreements (received_on, id)
    WHERE sent_to_hospital_on IS NULL;

CREATE TABLE agreement_parties (
    agreement_id INTEGER NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL CHECK (position >= 0),
    name         TEXT NOT NULL,
    role         TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (agreement_id, position)
) WITHOUT ROWID;

-- Only agreed terms ever reach the office: there is no status column to hold another kind.
CREATE TABLE agreement_terms (
    agreement_id INTEGER NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL CHECK (position >= 0),
    text         TEXT NOT NULL CHECK (length(trim(text)) > 0),
    PRIMARY KEY (agreement_id, position)
) WITHOUT ROWID;

-- Anonymous: no name, no reference, no free text; counts, categories and dates.
CREATE TABLE outcomes (
    id                     INTEGER PRIMARY KEY,
    stage                  TEXT NOT NULL CHECK (stage IN ({_STAGES})),
    status                 TEXT NOT NULL CHECK (status IN ({_STATUSES})),
    referred_on            TEXT CHECK (referred_on IS NULL OR referred_on {_DATE}),
    closed_on              TEXT CHECK (closed_on IS NULL OR closed_on {_DATE}),
    pre_mediation_meetings INTEGER NOT NULL CHECK (pre_mediation_meetings >= 0),
    separate_meetings      INTEGER NOT NULL CHECK (separate_meetings >= 0),
    joint_meetings         INTEGER NOT NULL CHECK (joint_meetings >= 0),
    support_meetings       INTEGER NOT NULL CHECK (support_meetings >= 0),
    debrief_meetings       INTEGER NOT NULL CHECK (debrief_meetings >= 0),
    received_on            TEXT NOT NULL CHECK (received_on {_DATE})
);
CREATE INDEX outcomes_by_closure ON outcomes (closed_on);
"""

#: Office step 1 (schema version ``OFFICE_BASE + 1``): the whole office book as first made.
O1 = "\n".join(
    (
        identity_schema.tables(Role.OFFICE),
        AUDIT_TABLE,
        SETTINGS_TABLE,
        registers_schema.tables(office=True),
        _OFFICE_TABLES,
    )
)


#: Office step 2: the outcome record's answers (result, court, referral source, causes, the
#: mediator's hours) and the referral clock, as a casebook keeps them (issue 15).
O2 = "\n".join(
    f"ALTER TABLE outcomes ADD COLUMN {column};" for column in schema_outcomes.OFFICE_ANSWER_COLUMNS
)

#: Office step 3: subject access requests, course attendance and feedback, and how a
#: complainant asked to be answered, as a casebook's registers gain them (issue 15).
O3 = schema_obligations.tables(office=True)
