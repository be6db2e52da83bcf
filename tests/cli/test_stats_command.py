"""``stats --from D --to D --out F.pdf|F.csv``: the period's figures, written and audited."""

from __future__ import annotations

import csv
import hashlib
import io
import statistics
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.books import vault
from app.books.casebook import Casebook
from app.books.office_book import OfficeBook
from app.books.outcomes import close_case
from app.cases.outcomes import (
    Cause,
    CourtInvolvement,
    OutcomeAnswers,
    OutcomeRecord,
    ReferralSource,
    Result,
)
from app.cases.records import Case, Meeting, MeetingKind, Stage, Status
from app.formatting import format_date
from app.registers.calendar import Region, working_days_between
from app.statistics.figures import format_time

from conftest import PASSPHRASE
from helpers import Result as Result_
from helpers import run_cli

ANSWERS = OutcomeAnswers(
    result=Result.AGREED_IN_FULL,
    court=CourtInvolvement.THREATENED,
    hearing_avoided=True,
    referral_source=ReferralSource.CLINICAL_TEAM,
    causes=frozenset({Cause.COMMUNICATION_BREAKDOWN}),
    mediator_minutes=480,
)


# Cases close today (the database dates a closure), so the period is the year to today.
TODAY = date.today()
FIRST, LAST = TODAY - timedelta(days=364), TODAY


@pytest.fixture(autouse=True)
def today_as_the_test_runs() -> None:
    """TODAY is read as each test starts, not when the module loads: the book dates a
    closure by its own clock, and a run that crosses midnight closed cases a day after a
    TODAY read at collection (seen in a CI run that began at 23:57)."""
    global TODAY, FIRST, LAST
    TODAY = date.today()
    FIRST, LAST = TODAY - timedelta(days=364), TODAY


PERIOD = (FIRST.isoformat(), LAST.isoformat())


def fill(casebook: Casebook, closed: int, *, start: date = TODAY - timedelta(days=60)) -> None:
    for n in range(closed):
        referred = start + timedelta(days=n)
        case = casebook.cases.add(
            Case(
                None,
                f"MM-2025-{n:03d}",
                "Statistics case",
                stage=Stage.FORMAL,
                referred_on=referred,
            )
        )
        assert case.id is not None
        when = datetime.combine(referred + timedelta(days=3), datetime.min.time())
        casebook.meetings.add(Meeting(None, case.id, MeetingKind.PRE_MEDIATION, when, 45))
        # An odd one out, so that a small number has to be suppressed.
        answers = ANSWERS if n else replace(ANSWERS, result=Result.NOT_AGREED)
        close_case(casebook, case.id, answers, today=TODAY)


@pytest.fixture
def filled(casebook_folder: Path) -> Path:
    with vault.open_with_passphrase(casebook_folder, PASSPHRASE) as casebook:
        fill(casebook, 12)
    return casebook_folder


def stats(folder: Path, *argv: str) -> Result_:
    return run_cli("stats", *argv, "--vault", str(folder), stdin=PASSPHRASE + "\n")


def test_a_pdf_for_the_board_with_the_period_and_the_rule(filled: Path, tmp_path: Path) -> None:
    out = tmp_path / "board.pdf"
    typed = (f"{FIRST.day}/{FIRST.month}/{FIRST.year}", f"{LAST:%d %B %Y}")  # as people type
    done = stats(filled, "--from", typed[0], "--to", typed[1], "--out", str(out))
    assert done.code == 0, done.err
    label = f"{format_date(FIRST)} to {format_date(LAST)}"
    assert label in done.out
    reader = PdfReader(io.BytesIO(out.read_bytes()))
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
    assert "Service statistics" in text and label in text
    assert "fewer than 5" in text and "Any count from 1 to 4" in text
    assert "MM-2025" not in text and "Statistics case" not in text  # nothing that names a case
    assert reader.metadata is not None and reader.metadata.title.startswith("Service statistics")
    with vault.open_with_passphrase(filled, PASSPHRASE) as casebook:
        [entry] = [e for e in casebook.audit.entries() if e.action == "statistics report exported"]
    assert hashlib.sha256(out.read_bytes()).hexdigest() in entry.detail
    assert f"{FIRST.isoformat()} to {LAST.isoformat()}" in entry.detail


def test_a_csv_of_every_figure_as_published(filled: Path, tmp_path: Path) -> None:
    out = tmp_path / "figures.csv"
    assert stats(filled, "--from", PERIOD[0], "--to", PERIOD[1], "--out", str(out)).code == 0
    rows = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig"))))
    assert rows[0] == ["section", "table", "row", "column", "value"]
    figures = {(r[1], r[2], r[3]): r[4] for r in rows[1:]}
    outcomes = "Outcomes of cases closed, by stage at close"
    # 1 of 12 not agreed: fewer than 5; the 11 beside it is withheld, or 12 - 11 would tell.
    assert figures[(outcomes, "Not agreed", "Formal")] == "fewer than 5"
    assert figures[(outcomes, "Agreed in full", "Formal")] == "withheld"
    assert figures[(outcomes, "Agreed in part", "Formal")] == "0"
    assert figures[(outcomes, "Total", "Total")] == "12"
    assert figures[("In the period", "Cases closed", "Cases")] == "12"
    # Each first meeting is 3 calendar days after its referral: counted in working days.
    start = TODAY - timedelta(days=60)
    days = [working_days_between(start + timedelta(days=n), start + timedelta(days=n + 3),
                                 Region.ENGLAND_WALES) for n in range(12)]  # fmt: skip
    assert figures[("Time to first contact", "", "Median")] == format_time(
        statistics.median(days), "working days"
    )


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--from", "31/3/2026", "--to", "1/4/2025", "--out", "x.pdf"], "--to: the end"),
        (["--from", "2025-13-01", "--to", "1/4/2026", "--out", "x.pdf"], "--from: "),
        (["--from", "1/4/2025", "--to", "1/4/2026", "--out", "x.docx"], "--out: "),
    ],
)
def test_bad_options_are_one_clear_line(
    filled: Path, tmp_path: Path, argv: list[str], message: str
) -> None:
    argv = [a if not a.startswith("x.") else str(tmp_path / a) for a in argv]
    done = stats(filled, *argv)
    assert done.code == 1 and done.err.startswith(f"parley: {message}")
    assert not list(tmp_path.glob("x.*"))


def test_a_missing_folder_writes_nothing_and_audits_nothing(filled: Path, tmp_path: Path) -> None:
    done = stats(filled, "--from", "1/4/2025", "--to", "1/4/2026", "--out",
                 str(tmp_path / "nowhere" / "x.pdf"))  # fmt: skip
    assert done.code == 1 and "does not exist" in done.err
    with vault.open_with_passphrase(filled, PASSPHRASE) as casebook:
        assert not [e for e in casebook.audit.entries() if e.action.startswith("statistics")]


def test_the_office_book_reports_from_the_records_it_received(
    office_folder: Path, tmp_path: Path
) -> None:
    with vault.open_book_with_passphrase(office_folder, PASSPHRASE) as office:
        assert isinstance(office, OfficeBook)
        base = OutcomeRecord(Stage.EARLY, Status.CLOSED, FIRST, FIRST + timedelta(days=30))
        for n in range(7):
            office.outcomes.add(
                replace(base, answers=ANSWERS, first_contact_working_days=n),
                received_on=date(2025, 7, 3),
            )
    out = tmp_path / "office.csv"
    done = stats(office_folder, "--from", PERIOD[0], "--to", PERIOD[1], "--out", str(out))
    assert done.code == 0, done.err
    rows = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig"))))
    figures = {(r[1], r[2], r[3]): r[4] for r in rows[1:]}
    assert figures[("In the period", "Cases closed", "Cases")] == "7"
    assert figures[("Time to first contact", "", "Median")] == "3 working days"
