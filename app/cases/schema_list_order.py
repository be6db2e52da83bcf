"""Schema step 11: an index for each order of the case list (issue "Scale to 100,000 cases").

The list reads a page at a time in the order shown (``app.cases.stores.case_list``); each
index below is that order's key, ties broken by reference, written as the list's query
writes it, so SQLite walks the index instead of sorting every case
(tests/cases/test_case_list_store.py asks SQLite's query plan). Status and stage go in the
order a case moves through them, not alphabetically. The referral date's index of step 1
served the date alone; it is replaced by one with the reference beside it, with no NULLs
(a case not yet dated sorts before every date).

The values are written out, not taken from the enums: a released step never changes, and a
new status would need a new step (the query-plan test would say so).
"""

V11 = """
DROP INDEX cases_by_referral;
CREATE INDEX cases_in_referral_order ON cases (coalesce(referred_on, ''), reference);
CREATE INDEX cases_in_title_order ON cases (title COLLATE NOCASE, reference);
CREATE INDEX cases_in_stage_order ON cases (
    (CASE stage WHEN 'early' THEN 0 WHEN 'formal' THEN 1 WHEN 'eleventh_hour' THEN 2 END),
    reference
);
CREATE INDEX cases_in_status_order ON cases (
    (CASE status WHEN 'referred' THEN 0 WHEN 'contacting' THEN 1 WHEN 'awaiting_consent' THEN 2
                 WHEN 'in_mediation' THEN 3 WHEN 'agreed' THEN 4 WHEN 'not_agreed' THEN 5
                 WHEN 'withdrawn' THEN 6 WHEN 'closed' THEN 7 END),
    reference
);
"""
