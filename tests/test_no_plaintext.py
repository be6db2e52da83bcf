"""Rule 1: nothing confidential reaches the disk unencrypted, search index included."""

from __future__ import annotations

import tempfile
from datetime import date, datetime
from pathlib import Path

import pytest

from app.books import vault
from app.cases.records import (
    Case,
    Court,
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
    Stage,
    Term,
    TermStatus,
)
from app.settings import MEDIATOR, ORGANISATION

from conftest import PASSPHRASE
from helpers import files_containing

SENTINELS = {
    name: f"Qz{name.replace('_', '')}Sentinel"
    for name in (
        "title", "summary", "hospital", "team", "referred_by", "patient_name",
        "hospital_number", "court_name", "court_ref", "party_name", "contact", "consent_how",
        "place", "note_text", "issue_text", "term_text", "disclosure_to", "disclosure_what",
        "decided_by", "reason", "organisation", "mediator",
    )
}  # fmt: skip


def fill(casebook: vault.Casebook) -> None:
    s = SENTINELS
    with casebook.transaction():
        case = casebook.cases.add(
            Case(
                None, "MM-2026-077", s["title"], stage=Stage.ELEVENTH_HOUR,
                hospital=s["hospital"], team=s["team"], referred_by=s["referred_by"],
                summary=s["summary"] + " words to index", referred_on=date(2026, 3, 1),
                patient=Patient(s["patient_name"], date(2019, 5, 14), "9434765919",
                                s["hospital_number"]),
                court=Court(s["court_name"], s["court_ref"], date(2026, 5, 1)),
            )
        )  # fmt: skip
        assert case.id is not None
        party = casebook.parties.add(
            Party(None, case.id, s["party_name"], PartyRole.PARENT, Side.FAMILY,
                  contact=s["contact"], consented_on=date(2026, 3, 2),
                  consent_how=s["consent_how"])
        )  # fmt: skip
        assert party.id is not None
        meeting = casebook.meetings.add(
            Meeting(None, case.id, MeetingKind.JOINT, datetime(2026, 3, 9, 10), 60, s["place"],
                    (party.id,))
        )  # fmt: skip
        casebook.notes.add(
            Note(None, case.id, s["note_text"] + " more words", datetime(2026, 3, 9, 11),
                 meeting.id, party.id, (party.id,), date(2026, 3, 9), s["consent_how"])
        )  # fmt: skip
        casebook.issues.add(Issue(None, case.id, IssueKind.KEY, s["issue_text"], party.id))
        casebook.terms.add(Term(None, case.id, 0, s["term_text"], TermStatus.AGREED))
        casebook.disclosures.add(
            Disclosure(None, case.id, date(2026, 3, 10), DisclosureGround.RISK_OF_HARM,
                       s["disclosure_to"], s["disclosure_what"], s["decided_by"], s["reason"])
        )  # fmt: skip
        casebook.settings.set(ORGANISATION, s["organisation"])
        casebook.settings.set(MEDIATOR, s["mediator"])
    # Search reads the index, so the sentinels are in it (not only in the tables).
    assert casebook.search.case_ids(s["note_text"]) == [case.id]
    assert casebook.search.case_ids(s["summary"]) == [case.id]


def test_no_sentinel_in_any_file_while_open_or_after_closing(
    casebook_folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    # Anything that would spill to a temp file lands where we can look.
    monkeypatch.setenv("TMPDIR", str(scratch))
    monkeypatch.setenv("SQLITE_TMPDIR", str(scratch))
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    needles = list(SENTINELS.values())

    casebook = vault.open_with_passphrase(casebook_folder, PASSPHRASE)
    fill(casebook)
    # While open, recent writes sit in the write-ahead log: it must be encrypted too.
    assert (casebook_folder / "casebook.db-wal").exists()
    assert files_containing([casebook_folder, scratch], needles) == []
    casebook.close()
    assert files_containing([casebook_folder, scratch], needles) == []

    # And the sentinels really are there, for whoever has the key.
    with vault.open_with_passphrase(casebook_folder, PASSPHRASE) as reopened:
        assert reopened.cases.by_reference("MM-2026-077").summary.startswith(SENTINELS["summary"])


def test_the_search_for_a_sentinel_needs_the_word_not_a_fragment_of_the_file(
    casebook: vault.Casebook,
) -> None:
    """A control: the byte scan above would find text stored in the clear."""
    plain = casebook.folder / "control.txt"
    plain.write_text(SENTINELS["note_text"])
    assert files_containing([casebook.folder], [SENTINELS["note_text"]]) != []
