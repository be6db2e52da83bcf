"""Schema step 3: the training-course and complaints registers.

Money is kept in whole pence (integers), so nothing is ever rounded by the database. The
CHECK constraints repeat the rules of training.py and complaints.py beside this module that a
row must never break, so a bug in a store fails loudly instead of writing a half-cancelled booking.

An office book has the same registers from its first step (``app.office.schema``), with one
difference: it holds no cases, so a complaint names the case it is about by its reference
instead of linking to it. ``tables`` writes both; step 3 is what it writes for a casebook,
exactly as released.
"""

_DATE = "GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'"

_CASE_LINK = """\
    -- A complaint outlives the case it mentions: erasing the case only drops the link.
    case_id                INTEGER REFERENCES cases (id) ON DELETE SET NULL,
"""
_CASE_NAMED = """\
    -- The office holds no cases: a complaint names the one it is about by its reference.
    case_reference         TEXT NOT NULL DEFAULT '',
"""
_CASE_INDEX = "CREATE INDEX complaints_by_case ON complaints (case_id);\n"


def tables(*, office: bool) -> str:
    """The registers' tables: a casebook's (step 3) or an office book's."""
    return _TABLES.format(
        case_column=_CASE_NAMED if office else _CASE_LINK,
        case_index="" if office else _CASE_INDEX,
    )


_TABLES = f"""
CREATE TABLE training_courses (
    id         INTEGER PRIMARY KEY,
    title      TEXT NOT NULL CHECK (length(trim(title)) > 0),
    length     TEXT NOT NULL CHECK (length IN ('half_day', 'one_day')),
    held_on    TEXT NOT NULL CHECK (held_on {_DATE}),
    place      TEXT NOT NULL DEFAULT '',
    fee_pence  INTEGER NOT NULL CHECK (fee_pence >= 0),
    updated_at TEXT NOT NULL
);
CREATE INDEX training_courses_by_date ON training_courses (held_on, id);

CREATE TABLE training_bookings (
    id                 INTEGER PRIMARY KEY,
    -- A course with bookings cannot be deleted: its bookings may carry charges.
    course_id          INTEGER NOT NULL REFERENCES training_courses (id) ON DELETE RESTRICT,
    organisation       TEXT NOT NULL CHECK (length(trim(organisation)) > 0),
    contact_name       TEXT NOT NULL CHECK (length(trim(contact_name)) > 0),
    contact_email      TEXT NOT NULL DEFAULT '',
    contact_address    TEXT NOT NULL DEFAULT '',
    delegates          INTEGER NOT NULL CHECK (delegates > 0),
    status             TEXT NOT NULL
                       CHECK (status IN ('provisional', 'confirmed', 'cancelled', 'attended')),
    confirmed_on       TEXT CHECK (confirmed_on IS NULL OR confirmed_on {_DATE}),
    -- The charge as it was worked out on the day, so a later change of VAT rate or region
    -- never rewrites what the client was told.
    cancelled_on       TEXT CHECK (cancelled_on IS NULL OR cancelled_on {_DATE}),
    cancel_working_days INTEGER,
    cancel_tier        TEXT CHECK (cancel_tier IS NULL
                                   OR cancel_tier IN ('ten_percent', 'thirty_percent',
                                                      'fifty_percent')),
    cancel_cost_pence  INTEGER,
    cancel_net_pence   INTEGER,
    cancel_vat_rate    TEXT,
    cancel_vat_pence   INTEGER,
    cancel_course_on   TEXT,
    cancel_region      TEXT CHECK (cancel_region IS NULL
                                   OR cancel_region IN ('england_wales', 'scotland',
                                                        'northern_ireland')),
    updated_at         TEXT NOT NULL,
    CHECK ((status = 'provisional') = (confirmed_on IS NULL)),
    CHECK ((status = 'cancelled') = (cancelled_on IS NOT NULL)),
    CHECK (status <> 'cancelled' OR (
        cancel_working_days >= 0 AND cancel_tier IS NOT NULL AND cancel_cost_pence >= 0
        AND cancel_net_pence >= 0 AND cancel_vat_rate IS NOT NULL AND cancel_vat_pence >= 0
        AND cancel_course_on IS NOT NULL AND cancel_region IS NOT NULL
        AND cancelled_on <= cancel_course_on)),
    CHECK (status = 'cancelled' OR (
        cancel_working_days IS NULL AND cancel_tier IS NULL AND cancel_cost_pence IS NULL
        AND cancel_net_pence IS NULL AND cancel_vat_rate IS NULL AND cancel_vat_pence IS NULL
        AND cancel_course_on IS NULL AND cancel_region IS NULL))
);
CREATE INDEX training_bookings_by_course ON training_bookings (course_id, status);

CREATE TABLE complaints (
    id                     INTEGER PRIMARY KEY,
    received_on            TEXT NOT NULL CHECK (received_on {_DATE}),
    channel                TEXT NOT NULL
                           CHECK (channel IN ('email', 'letter', 'phone', 'in_person', 'other')),
    complainant_name       TEXT NOT NULL CHECK (length(trim(complainant_name)) > 0),
    complainant_contact    TEXT NOT NULL DEFAULT '',
    about                  TEXT NOT NULL CHECK (about IN ('mediator', 'process', 'other')),
    about_detail           TEXT NOT NULL DEFAULT '',
{{case_column}}    status                 TEXT NOT NULL
                           CHECK (status IN ('received', 'acknowledged', 'under_investigation',
                                             'responded', 'closed')),
    acknowledgement_due_on TEXT NOT NULL CHECK (acknowledgement_due_on > received_on),
    response_due_on        TEXT NOT NULL CHECK (response_due_on > received_on),
    acknowledged_on        TEXT CHECK (acknowledged_on IS NULL OR acknowledged_on >= received_on),
    acknowledged_how       TEXT CHECK (acknowledged_how IS NULL
                                       OR acknowledged_how IN ('email', 'letter', 'phone')),
    response_sent_on       TEXT CHECK (response_sent_on IS NULL
                                       OR response_sent_on >= received_on),
    outcome                TEXT NOT NULL DEFAULT '',
    closed_on              TEXT CHECK (closed_on IS NULL OR closed_on >= received_on),
    updated_at             TEXT NOT NULL,
    CHECK ((acknowledged_on IS NULL) = (acknowledged_how IS NULL)),
    CHECK (status <> 'acknowledged' OR acknowledged_on IS NOT NULL),
    CHECK ((status = 'responded') <= (response_sent_on IS NOT NULL)),
    CHECK (response_sent_on IS NULL OR status IN ('responded', 'closed')),
    CHECK ((status = 'closed') = (closed_on IS NOT NULL))
);
{{case_index}}CREATE INDEX complaints_by_received ON complaints (received_on, id);
-- The dashboard's questions ("due this week", "overdue") only ever look at open complaints.
CREATE INDEX complaints_awaiting_acknowledgement ON complaints (acknowledgement_due_on)
    WHERE acknowledged_on IS NULL AND response_sent_on IS NULL AND status <> 'closed';
CREATE INDEX complaints_awaiting_response ON complaints (response_due_on)
    WHERE response_sent_on IS NULL AND status <> 'closed';
"""

V3 = tables(office=False)
