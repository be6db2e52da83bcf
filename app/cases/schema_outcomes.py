"""Schema step 9: outcomes, and the stage a case was at when it was referred.

- ``cases.stage_at_referral``: the stage a case had when it was made; a trigger keeps it, so
  every way of adding a case records it. Cases from before this step take their stage now.
- ``outcomes``: the anonymous outcome record of each closed case (``app.cases.outcomes``),
  kept apart from the case's records so that destroying its confidential notes, or the case
  itself, leaves it standing (``case_id`` only links it while the case exists). Reopening a
  case removes its record: it is made again, with the mediator's answers, when the case
  closes once more.

The outcome columns are the office book's too (``OUTCOME_COLUMNS``), so both books keep the
same record the same way.
"""

from enum import StrEnum

from app.cases.outcomes import CourtInvolvement, ReferralSource, Result, WithdrawnBy
from app.cases.records import MeetingKind, Stage, Status

_DATE = "GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'"


def _choice(column: str, kind: type[StrEnum], *, required: bool = False) -> str:
    check = f"{column} IN ({', '.join(repr(str(m.value)) for m in kind)})"
    return f"CHECK ({check})" if required else f"CHECK ({column} IS NULL OR {check})"


_MEETINGS = "\n".join(
    f"    {kind.value}_meetings INTEGER NOT NULL CHECK ({kind.value}_meetings >= 0),"
    for kind in MeetingKind
)

#: The record's columns, shared by a casebook's ``outcomes`` and an office book's.
OUTCOME_COLUMNS = f"""\
    stage                  TEXT NOT NULL {_choice("stage", Stage, required=True)},
    status                 TEXT NOT NULL {_choice("status", Status, required=True)},
    referred_on            TEXT CHECK (referred_on IS NULL OR referred_on {_DATE}),
    closed_on              TEXT CHECK (closed_on IS NULL OR closed_on {_DATE}),
{_MEETINGS}
    stage_at_referral      TEXT {_choice("stage_at_referral", Stage)},
    first_contact_days     INTEGER CHECK (first_contact_days IS NULL OR first_contact_days >= 0),
    result                 TEXT {_choice("result", Result)},
    withdrawn_by           TEXT {_choice("withdrawn_by", WithdrawnBy)},
    court                  TEXT {_choice("court", CourtInvolvement)},
    hearing_avoided        INTEGER CHECK (hearing_avoided IS NULL OR hearing_avoided IN (0, 1)),
    referral_source        TEXT {_choice("referral_source", ReferralSource)},
    -- The causes chosen, their values joined by commas (checked when read: a list does
    -- not fit a CHECK).
    causes                 TEXT,
    mediator_minutes       INTEGER CHECK (mediator_minutes IS NULL OR mediator_minutes > 0),
    -- The mediator's answers are all there or all absent.
    CHECK ((result IS NULL) = (court IS NULL) AND (result IS NULL) = (hearing_avoided IS NULL)
           AND (result IS NULL) = (referral_source IS NULL) AND (result IS NULL) = (causes IS NULL)
           AND (result IS NULL) = (mediator_minutes IS NULL)),
    CHECK (withdrawn_by IS NULL OR result = 'withdrawn'),
    CHECK (result IS NOT 'withdrawn' OR withdrawn_by IS NOT NULL)"""

#: The answer columns an office book gains (its first step had only the record's facts).
OFFICE_ANSWER_COLUMNS = (
    f"stage_at_referral TEXT {_choice('stage_at_referral', Stage)}",
    "first_contact_days INTEGER CHECK (first_contact_days IS NULL OR first_contact_days >= 0)",
    f"result TEXT {_choice('result', Result)}",
    f"withdrawn_by TEXT {_choice('withdrawn_by', WithdrawnBy)}",
    f"court TEXT {_choice('court', CourtInvolvement)}",
    "hearing_avoided INTEGER CHECK (hearing_avoided IS NULL OR hearing_avoided IN (0, 1))",
    f"referral_source TEXT {_choice('referral_source', ReferralSource)}",
    "causes TEXT",
    "mediator_minutes INTEGER CHECK (mediator_minutes IS NULL OR mediator_minutes > 0)",
)

V9 = f"""
ALTER TABLE cases ADD COLUMN stage_at_referral TEXT {_choice("stage_at_referral", Stage)};
UPDATE cases SET stage_at_referral = stage;
CREATE TRIGGER cases_referral_stage_ai AFTER INSERT ON cases
WHEN new.stage_at_referral IS NULL
BEGIN
    UPDATE cases SET stage_at_referral = new.stage WHERE id = new.id;
END;

CREATE TABLE outcomes (
    id                     INTEGER PRIMARY KEY,
    case_id                INTEGER UNIQUE REFERENCES cases (id) ON DELETE SET NULL,
{OUTCOME_COLUMNS}
);
CREATE INDEX outcomes_by_closure ON outcomes (closed_on);

CREATE TRIGGER cases_reopened_au AFTER UPDATE OF status ON cases
WHEN old.status = 'closed' AND new.status <> 'closed'
BEGIN
    DELETE FROM outcomes WHERE case_id = new.id;
END;
"""
