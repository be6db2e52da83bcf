"""The demo's compact way of writing cases: a term is ``"status: text"``, an issue
``"kind/raised_by: text"`` (or ``"kind: text"``), a confidential note ``"meeting/source: text"``;
dates are days from the day the demo is made.

Every NHS number comes from the 999 range that the NHS keeps for testing, with a correct
check digit.
"""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from typing import Any

from app.cases.nhs import is_valid_nhs_number

Record = dict[str, Any]


class Dates:
    def __init__(self, today: date) -> None:
        self.today = today

    def day(self, offset: int) -> str:
        return (self.today + timedelta(days=offset)).isoformat()

    def born(self, years: int, days: int) -> str:
        return (self.today - timedelta(days=round(years * 365.25) + days)).isoformat()

    def case(self, number: int, title: str, stage: str, status: str, referred: int) -> Record:
        return {
            "reference": f"MM-{self.today.year}-{number:03d}", "title": title, "stage": stage,
            "status": status, "referred_on": self.day(referred),
        }  # fmt: skip

    def court(self, name: str, number: str, next_hearing: int) -> Record:
        reference = f"FD{self.today.year % 100:02d}{number}"
        return {"name": name, "reference": reference, "next_hearing": self.day(next_hearing)}

    def patient(self, name: str, years: int, days: int, serial: int, number: str) -> Record:
        """A child ``years`` and ``days`` old, with an NHS number from the testing range."""
        return {
            "name": name, "date_of_birth": self.born(years, days),
            "nhs_number": nhs_number(serial), "hospital_number": number,
        }  # fmt: skip

    def party(
        self, pid: str, name: str, role: str, side: str, consented: int | None, how: str = ""
    ) -> Record:
        party: Record = {"id": pid, "name": name, "role": role, "side": side}
        if consented is not None:
            party.update(consented_on=self.day(consented), consent_how=how)
        return party

    def meeting(
        self, mid: str, kind: str, day: int, clock: str, minutes: int, place: str, who: str = ""
    ) -> Record:
        starts_at = f"{self.day(day)}T{clock}"
        return {
            "id": mid, "kind": kind, "starts_at": starts_at, "minutes": minutes, "place": place,
            "attendees": who.split(),
        }  # fmt: skip


def note(where: str, text: str, **more: Any) -> Record:
    """A note from ``"meeting/source"``; it takes the meeting's time as its own."""
    meeting, source = where.split("/")
    return {"meeting": meeting, "source": source, "text": text, **more}


def notes(*lines: str) -> list[Record]:
    """Notes kept confidential to the mediator, each ``"meeting/source: text"``."""
    return [note(*line.split(": ", 1)) for line in lines]


def shared(with_ids: str, on: str, how: str, **more: Any) -> Record:
    """The consent a note's source gave to share it with the parties named."""
    return {"may_share_with": with_ids.split(), "consent_on": on, "consent_how": how, **more}


def terms(*lines: str) -> list[Record]:
    return [{"status": s, "text": t} for s, t in (line.split(": ", 1) for line in lines)]


def issues(*lines: str) -> list[Record]:
    issues = []
    for line in lines:
        head, text = line.split(": ", 1)
        kind, _, raised_by = head.partition("/")
        issues.append(
            {"kind": kind, "text": text, **({"raised_by": raised_by} if raised_by else {})}
        )
    return issues


def nhs_number(serial: int) -> str:
    """A valid NHS number in the testing range (999 …), found with app.cases.nhs's own check."""
    for n in itertools.count(serial):
        for last in "0123456789":
            candidate = f"999{n % 1_000_000:06d}{last}"
            if is_valid_nhs_number(candidate):
                return candidate
    raise AssertionError("unreachable")
