"""Retention and erasure: destroyed notes are gone from every page of every file.

Scanning the casebook's files for the erased words would prove nothing by itself: every
page is encrypted, so no word is ever found there. The test therefore decrypts every page
of every database file in the folder (SQLCipher 4: AES-256-CBC per page, IV in the page's
reserved bytes) with the data key, and scans the plaintext, including free pages, old page
versions in the write-ahead log and the index's tokens. A control case, not erased, proves
the scan finds what is there.
"""

from __future__ import annotations

import threading
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from app.books import erasure, schema, vault
from app.books.apart import apart
from app.books.casebook import Casebook
from app.books.erasure import (
    RETENTION_REVIEW_YEARS,
    cases_due_for_review,
    destroy_confidential_notes,
    destroy_confidential_notes_apart,
    let_go_of_erased_pages,
)
from app.books.verify import verify_casebook
from app.cases.records import (
    Case,
    Disclosure,
    DisclosureGround,
    Issue,
    IssueKind,
    Meeting,
    MeetingKind,
    Note,
    Party,
    PartyRole,
    Patient,
    Side,
    Status,
    Term,
    TermStatus,
)
from app.errors import ParleyError
from app.storage.database import database_error_types, open_database

from conftest import PASSPHRASE
from helpers import files_containing, schema_up_to, words_in_files

ERASED = ("note", "oldnote", "issue", "proposed", "withdrawn", "summary", "contact",
          "consenthow", "place", "what", "reason")  # fmt: skip
KEPT = ("title", "patient", "hospital", "party", "agreed", "recipient", "decider")


def word(kind: str, case: str) -> str:
    return f"Qz{kind}{case}Sentinel"


def add_case(casebook: Casebook, reference: str, tag: str) -> int:
    w = lambda kind: word(kind, tag)  # noqa: E731
    with casebook.transaction():
        case = casebook.cases.add(
            Case(None, reference, w("title"), hospital=w("hospital"), summary=w("summary"),
                 referred_on=date(2019, 1, 7),
                 patient=Patient(w("patient"), date(2015, 5, 14), "9434765919", "H1"))
        )  # fmt: skip
        assert case.id is not None
        party = casebook.parties.add(
            Party(None, case.id, w("party"), PartyRole.PARENT, Side.FAMILY, contact=w("contact"),
                  consented_on=date(2019, 1, 9), consent_how=w("consenthow"),
                  party_to_agreement=True)
        )  # fmt: skip
        meeting = casebook.meetings.add(
            Meeting(None, case.id, MeetingKind.JOINT, datetime(2019, 1, 10, 10), 60, w("place"),
                    (party.id,))  # type: ignore[arg-type]
        )  # fmt: skip
        note = casebook.notes.add(
            Note(None, case.id, w("oldnote") + " first draft", datetime(2019, 1, 10, 11),
                 meeting.id, party.id)
        )  # fmt: skip
        casebook.issues.add(Issue(None, case.id, IssueKind.KEY, w("issue"), party.id))
        for status, kind in ((TermStatus.AGREED, "agreed"), (TermStatus.PROPOSED, "proposed"),
                             (TermStatus.WITHDRAWN, "withdrawn")):  # fmt: skip
            casebook.terms.add(Term(None, case.id, 0, w(kind), status))
        casebook.disclosures.add(
            Disclosure(None, case.id, date(2019, 1, 11), DisclosureGround.RISK_OF_HARM,
                       w("recipient"), w("what"), w("decider"), w("reason"))
        )  # fmt: skip
    # Edited afterwards, so older versions of the note sit in the log and in free pages.
    casebook.notes.update(
        Note(note.id, case.id, w("note") + " final words", note.written_at, meeting.id, party.id)
    )
    return case.id


@pytest.fixture
def two_cases(casebook: Casebook) -> tuple[int, int]:
    erased = add_case(casebook, "MM-2019-001", "Gone")
    control = add_case(casebook, "MM-2019-002", "Kept")
    case = casebook.cases.get(erased)
    casebook.cases.update(
        Case(case.id, case.reference, case.title, status=Status.CLOSED, hospital=case.hospital,
             summary=case.summary, referred_on=case.referred_on, patient=case.patient)
    )  # fmt: skip
    return erased, control


def test_destroyed_notes_are_in_no_file_and_no_store(
    casebook: Casebook, two_cases: tuple[int, int]
) -> None:
    erased, control = two_cases
    folder, key = casebook.folder, casebook.data_key
    gone = [word(k, "Gone") for k in ERASED]
    # The control's current words (its note's first draft may or may not survive in free
    # pages or the log: that is what erasure is about, not what the control proves).
    kept = [word(k, "Gone") for k in KEPT] + [
        word(k, "Kept") for k in ERASED + KEPT if k != "oldnote"
    ]
    # A copy from before a migration holds the same notes, and must lose them too.
    schema.copy_encrypted(casebook.connection, folder / "casebook.db.before-v9", key)
    # Before: the decrypting scan sees every word (the scan works), even the first draft.
    assert words_in_files(folder, key, gone + kept) == set(gone + kept)

    result = destroy_confidential_notes(casebook, erased)
    assert (result.reference, result.notes, result.issues, result.terms) == ("MM-2019-001", 1, 1, 2)
    assert any("Backups made before" in r for r in result.reminders)

    # Not readable through the stores...
    assert casebook.notes.for_case(erased) == [] and casebook.issues.for_case(erased) == []
    case = casebook.cases.get(erased)
    assert case.summary == "" and case.title == word("title", "Gone")
    assert case.patient.name == word("patient", "Gone") and case.patient.nhs_number
    assert [t.text for t in casebook.terms.for_case(erased)] == [word("agreed", "Gone")]
    [party] = casebook.parties.for_case(erased)
    assert (party.name, party.contact, party.consent_how) == (word("party", "Gone"), "", "")
    assert party.consented_on == date(2019, 1, 9) and party.party_to_agreement
    [meeting] = casebook.meetings.for_case(erased)
    assert meeting.place == "" and meeting.minutes == 60 and meeting.attendee_ids == (party.id,)
    [disclosure] = casebook.disclosures.for_case(erased)
    assert (disclosure.what, disclosure.reason) == ("", "")
    assert (disclosure.to, disclosure.decided_by) == (
        word("recipient", "Gone"),
        word("decider", "Gone"),
    )
    assert disclosure.ground is DisclosureGround.RISK_OF_HARM
    assert casebook.search.case_ids(word("note", "Gone")) == []
    assert casebook.search.case_ids(word("summary", "Gone")) == []
    assert casebook.search.case_ids(word("note", "Kept")) == [control]
    [entry] = [e for e in casebook.audit.entries() if e.action == "confidential notes destroyed"]
    assert entry.case_reference == "MM-2019-001" and "notes=1" in entry.detail
    assert verify_casebook(casebook).ok

    # ...nor in any page of any file, while open and after closing.
    assert words_in_files(folder, key, gone + kept) == set(kept)
    casebook.close()
    assert words_in_files(folder, key, gone + kept) == set(kept)
    assert files_containing([folder], gone + kept) == []  # and of course nothing in the clear
    with vault.open_with_passphrase(folder, PASSPHRASE) as reopened:
        row = reopened.connection.execute(
            "SELECT notes_destroyed_on FROM cases WHERE id = ?", (erased,)
        ).fetchone()
        assert row[0] == date.today().isoformat()


def test_only_a_closed_case_can_be_destroyed(
    casebook: Casebook, two_cases: tuple[int, int]
) -> None:
    _, control = two_cases
    with pytest.raises(ParleyError, match="not closed"):
        destroy_confidential_notes(casebook, control)
    assert len(casebook.notes.for_case(control)) == 1


def closed_on(casebook: Casebook, case_id: int) -> str | None:
    row = casebook.connection.execute("SELECT closed_on FROM cases WHERE id = ?", (case_id,))
    return row.fetchone()[0]  # type: ignore[no-any-return]


def set_status(casebook: Casebook, case_id: int, status: Status) -> None:
    case = casebook.cases.get(case_id)
    casebook.cases.update(Case(case.id, case.reference, case.title, status=status))


def test_closure_dates_and_the_review_list(casebook: Casebook) -> None:
    first = casebook.cases.add(Case(None, "MM-2019-010", "Closed long ago")).id
    second = casebook.cases.add(Case(None, "MM-2019-011", "Still open")).id
    imported = casebook.cases.add(Case(None, "MM-2019-012", "Came closed", status=Status.CLOSED))
    assert first is not None and second is not None and imported.id is not None
    today = date.today()
    assert closed_on(casebook, first) is None
    set_status(casebook, first, Status.CLOSED)
    assert closed_on(casebook, first) == today.isoformat()
    assert closed_on(casebook, imported.id) == today.isoformat()
    set_status(casebook, first, Status.AGREED)  # reopened: no longer closed
    assert closed_on(casebook, first) is None
    set_status(casebook, first, Status.CLOSED)

    six_years = today.replace(year=today.year + 6) if (today.month, today.day) != (2, 29) else (
        date(today.year + 6, 2, 28))  # fmt: skip
    assert cases_due_for_review(casebook, six_years - timedelta(days=1)) == []
    due = cases_due_for_review(casebook, six_years)
    assert [d.reference for d in due] == ["MM-2019-010", "MM-2019-012"]
    assert due[0].closed_on == today and due[0].review_due_on == six_years
    assert due[0].notes_destroyed_on is None
    casebook.settings.set(RETENTION_REVIEW_YEARS, 1)
    assert cases_due_for_review(casebook, today + timedelta(days=300)) == []
    assert len(cases_due_for_review(casebook, today + timedelta(days=367))) == 2
    casebook.settings.set(RETENTION_REVIEW_YEARS, 6)
    destroy_confidential_notes(casebook, first)
    [marked] = [d for d in cases_due_for_review(casebook, six_years) if d.case_id == first]
    assert marked.notes_destroyed_on == today


def test_older_casebooks_get_closure_dates_from_their_last_change(tmp_path: Path) -> None:
    db = tmp_path / "casebook.db"
    key = bytes(range(32))
    conn = open_database(db, key, create=True)
    try:
        schema_up_to(conn, 1)
        conn.execute(
            "INSERT INTO cases (reference, title, stage, status, updated_at) VALUES "
            "('MM-2018-001', 'Old', 'early', 'closed', '2018-06-30T09:15:00'), "
            "('MM-2018-002', 'Open', 'early', 'referred', '2018-07-01T09:15:00')"
        )
        schema.migrate(conn, db, key)
        rows = conn.execute("SELECT reference, closed_on FROM cases ORDER BY reference").fetchall()
    finally:
        conn.close()
    assert rows == [("MM-2018-001", "2018-06-30"), ("MM-2018-002", None)]


def test_a_copy_whose_log_stays_is_not_called_unopened(
    casebook: Casebook, two_cases: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A copy from before an update is erased; if its log then cannot be emptied, that is
    what the mediator hears, not that the copy could not be opened."""
    erased, _ = two_cases
    schema.copy_encrypted(
        casebook.connection, casebook.folder / "casebook.db.before-v9", casebook.data_key
    )
    monkeypatch.setattr(erasure, "_compact", lambda conn: False)  # every log stays busy
    result = destroy_confidential_notes(casebook, erased)
    [said] = [r for r in result.reminders if "before-v9" in r]
    assert "could not be opened" not in said
    assert "log" in said and "delete it once the casebook is known to be good" in said


def test_a_copy_from_before_the_search_index_changed_is_erased_too(
    casebook: Casebook, two_cases: tuple[int, int]
) -> None:
    """A copy kept from before schema step 4 has the old per-note index, not case_words;
    its notes and their index entries must go all the same."""
    erased, _ = two_cases
    folder, key = casebook.folder, casebook.data_key
    reference = casebook.cases.get(erased).reference
    secret = word("note", "OldCopy")
    copy = open_database(folder / "casebook.db.before-v4", key, create=True)
    try:
        schema_up_to(copy, 3)
        copy.execute(
            "INSERT INTO cases (id, reference, title, stage, status, summary, updated_at) "
            "VALUES (1, ?, 'Old copy', 'early', 'closed', ?, '2019-01-01T09:00:00')",
            (reference, word("summary", "OldCopy")),
        )
        copy.execute(
            "INSERT INTO notes (case_id, text, written_at) VALUES (1, ?, '2019-01-02T10:00')",
            (f"They said {secret} in confidence",),
        )
    finally:
        copy.close()
    assert words_in_files(folder, key, [secret]) == {secret}

    result = destroy_confidential_notes(casebook, erased)

    assert not any("before-v4" in reminder for reminder in result.reminders)
    assert words_in_files(folder, key, [secret, word("summary", "OldCopy")]) == set()


def erase_on_a_worker(casebook: Casebook, case_id: int) -> erasure.ErasureResult:
    """As the app erases: on another thread, on a connection of its own, the window's open."""
    taken = apart(casebook)  # on the thread that owns the window's connection
    outcome: list[erasure.ErasureResult | BaseException] = []
    steps: list[tuple[int, int, str]] = []

    def work() -> None:
        try:
            outcome.append(
                destroy_confidential_notes_apart(taken, case_id, lambda *s: steps.append(s))
            )
        except BaseException as exc:
            outcome.append(exc)

    worker = threading.Thread(target=work)
    worker.start()
    worker.join(timeout=120)
    [result] = outcome
    assert isinstance(result, erasure.ErasureResult), result
    assert steps[0][0] == 0 and steps[-1][0] == steps[-1][1]  # from the start to the end
    return result


def test_erased_apart_with_the_windows_connection_open(
    casebook: Casebook, two_cases: tuple[int, int]
) -> None:
    erased, control = two_cases
    folder, key = casebook.folder, casebook.data_key
    gone = [word(k, "Gone") for k in ERASED]
    kept = [word(k, "Kept") for k in ERASED if k != "oldnote"]
    # The window has read the notes (its page cache holds them), and stays open throughout.
    assert [n.text for n in casebook.notes.for_case(erased)]
    assert casebook.search.case_ids(word("note", "Gone")) == [erased]
    assert words_in_files(folder, key, gone + kept) == set(gone + kept)

    result = erase_on_a_worker(casebook, erased)

    assert (result.notes, result.issues, result.terms) == (1, 1, 2)
    assert not any("log file" in r for r in result.reminders)
    # The window's connection reads the book as it now is, not what it had in memory.
    assert casebook.notes.for_case(erased) == [] and casebook.issues.for_case(erased) == []
    assert casebook.cases.get(erased).summary == ""
    assert casebook.search.case_ids(word("note", "Gone")) == []
    assert casebook.search.case_ids(word("note", "Kept")) == [control]
    let_go_of_erased_pages(casebook)
    # Not in any page of the file or the log while the window's connection is still open...
    assert words_in_files(folder, key, gone + kept) == set(kept)
    assert files_containing([folder], gone + kept) == []
    # ...and one audit chain, written by both connections.
    report = verify_casebook(casebook)
    assert report.ok, report.problems
    casebook.close()
    assert words_in_files(folder, key, gone + kept) == set(kept)


def test_a_reader_holding_the_log_is_waited_for_then_reported(
    casebook: Casebook, two_cases: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The log cannot be emptied while the window's connection is in the middle of a read:
    the erasure waits, and if the read never ends, says so rather than claiming it was."""
    erased, _ = two_cases
    for n in range(3):
        casebook.cases.add(Case(None, f"MM-2019-1{n:02d}", "Another"))
    monkeypatch.setattr("app.storage.database.BUSY_TIMEOUT_MS", 50)
    monkeypatch.setattr(erasure, "_CHECKPOINT_PATIENCE_S", 0.2)
    reading = casebook.connection.execute("SELECT reference FROM cases")
    assert reading.fetchone() is not None  # a read under way, holding its snapshot

    result = erase_on_a_worker(casebook, erased)

    assert any("log file could not be emptied" in r for r in result.reminders)
    reading.fetchall()
    folder, key = casebook.folder, casebook.data_key
    casebook.close()  # the last connection out empties the log
    assert words_in_files(folder, key, [word(k, "Gone") for k in ERASED]) == set()


def test_a_full_disk_after_the_erasure_is_not_called_nothing_destroyed(
    casebook: Casebook, two_cases: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The notes go in one committed transaction; rewriting the file comes after and needs
    free space. If that rewrite fails the notes are still gone, so the mediator is told
    that (with what to do), never "Nothing was destroyed"; the next lock finishes the job."""
    erased, _ = two_cases
    library_error = database_error_types()[0]

    def disk_full(conn: object) -> bool:
        raise library_error("database or disk is full")

    monkeypatch.setattr(erasure, "_compact", disk_full)
    result = erase_on_a_worker(casebook, erased)

    assert result.notes == 1
    assert any("could not be rewritten" in r and "disk" in r for r in result.reminders)
    assert casebook.notes.for_case(erased) == []
    assert casebook.search.case_ids(word("note", "Gone")) == []
    folder, key = casebook.folder, casebook.data_key
    casebook.close()  # locking: the last connection out writes the overwritten pages home
    assert words_in_files(folder, key, [word(k, "Gone") for k in ERASED]) == set()
